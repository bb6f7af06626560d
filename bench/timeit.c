/* timeit.c - wall time of a command, run N times: fork, exec, wait.
 *   timeit N CMD [ARG]...  ->  "median_ms X min_ms X max_ms X"
 * Output of the command goes to /dev/null.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	double ms[1000];
	int n, i, st, fd;
	uint64_t t0;
	pid_t pid;

	if (argc < 3 || (n = atoi(argv[1])) < 1 || n > 1000)
		return 2;
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		if ((pid = fork()) == 0) {
			fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		waitpid(pid, &st, 0);
		ms[i] = (double)(now_ns() - t0) / 1e6;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "timeit: %s failed\n", argv[2]);
			return 1;
		}
	}
	qsort(ms, (size_t)n, sizeof(ms[0]), cmpd);
	printf("median_ms %.2f min_ms %.2f max_ms %.2f\n", ms[n / 2], ms[0],
	    ms[n - 1]);
	return 0;
}
