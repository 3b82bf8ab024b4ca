/* runner.c - runs every registered unit test; see unit.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct unit_test *head, **tail = &head;
static int failed_here;

void
unit_register(struct unit_test *t)
{
	*tail = t;
	tail = &t->next;
}

void
unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (failed_here++ < 10) {	/* keep a broken test readable */
		fprintf(stdout, "#   %s:%d: ", file, line);
		va_start(ap, fmt);
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		fputc('\n', stdout);
	}
}

int
main(int argc, char **argv)
{
	struct unit_test *t;
	unsigned n = 0, pass = 0, fail = 0;
	const char *only = argc > 1 ? argv[1] : NULL;

	for (t = head; t != NULL; t = t->next) {
		if (only != NULL && strstr(t->name, only) == NULL)
			continue;
		failed_here = 0;
		t->fn();
		n++;
		if (failed_here) {
			printf("not ok %u - %s\n", n, t->name);
			fail++;
		} else {
			printf("ok %u - %s\n", n, t->name);
			pass++;
		}
	}
	printf("unit: %u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
