/* main.c - runs every registered unit test; prints "N passed, N failed". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"

#define MAXTESTS 1024

static struct { const char *name; t_fn fn; } tests[MAXTESTS];
static int ntests;
static int cur_failed;

void
t_register(const char *name, t_fn fn)
{
	if (ntests < MAXTESTS) {
		tests[ntests].name = name;
		tests[ntests].fn = fn;
		ntests++;
	}
}

void
t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed++;
}

int
main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;

	for (i = 0; i < ntests; i++) {
		if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		cur_failed = 0;
		tests[i].fn();
		if (cur_failed) {
			failed++;
			printf("not ok - %s\n", tests[i].name);
		} else {
			passed++;
			printf("ok - %s\n", tests[i].name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
