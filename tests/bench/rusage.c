/* rusage.c - run a command and append its wall time, CPU time and peak
 * RSS (getrusage of the child, via wait4) to a file (issue #10 bench).
 *
 * usage: rusage OUTFILE command [args...]
 * Appends one line: "wall_s user_s sys_s maxrss_kib status".  The child
 * keeps this process's stdin/stdout/stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	FILE *fp;
	pid_t pid;
	int st;

	if (argc < 3) {
		fputs("usage: rusage OUTFILE command [args...]\n", stderr);
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((pid = fork()) < 0) {
		perror("rusage: fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("rusage: wait4");
		return 71;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if ((fp = fopen(argv[1], "a")) == NULL) {
		perror(argv[1]);
		return 73;
	}
	fprintf(fp, "%.6f %.6f %.6f %ld %d\n", (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9, tv(ru.ru_utime),
	    tv(ru.ru_stime), ru.ru_maxrss,
	    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	fclose(fp);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
