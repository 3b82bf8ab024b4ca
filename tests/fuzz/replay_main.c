/* replay_main.c - standalone driver for the fuzz targets: feeds each file
 * named on the command line (or every file of a directory) to
 * LLVMFuzzerTestOneInput in a child process, so one crashing input is
 * counted and the rest still run.  Built with gcc + ASan/UBSan by
 * tests/fuzz/replay.sh; no clang or libFuzzer needed.
 *
 * Prints "FAIL <file>" per failure and "replay: N passed, N failed". */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned passed, failed;

static int
run_one(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (fp == NULL)
		return 1;
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(fp);
				return 1;
			}
			buf = nb;
		}
		if ((got = fread(buf + n, 1, cap - n, fp)) == 0)
			break;
		n += got;
	}
	fclose(fp);
	/* a copy of exactly n bytes: reads past the input are caught */
	{
		uint8_t *exact = malloc(n ? n : 1);

		if (exact == NULL) {
			free(buf);
			return 1;
		}
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}

static void
replay(const char *path)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		perror("fork");
		failed++;
		return;
	}
	if (pid == 0) {
		alarm(60);	/* a hang is a failure too */
		_exit(run_one(path));
	}
	if (waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s\n", path);
	}
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;
		char **names = NULL;
		size_t nn = 0, j;

		if (stat(argv[i], &sb) == 0 && !S_ISDIR(sb.st_mode)) {
			replay(argv[i]);
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			char **nv;
			size_t l;

			if (de->d_name[0] == '.')
				continue;
			if ((nv = realloc(names, (nn + 1) * sizeof(*nv))) ==
			    NULL)
				break;
			names = nv;
			l = strlen(argv[i]) + strlen(de->d_name) + 2;
			if ((names[nn] = malloc(l)) == NULL)
				break;
			snprintf(names[nn], l, "%s/%s", argv[i], de->d_name);
			nn++;
		}
		closedir(d);
		qsort(names, nn, sizeof(*names), cmp);
		for (j = 0; j < nn; j++) {
			replay(names[j]);
			free(names[j]);
		}
		free(names);
	}
	printf("replay: %u passed, %u failed\n", passed, failed);
	return failed != 0;
}
