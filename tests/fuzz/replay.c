/* replay.c - runs a fuzz harness over its corpus without libFuzzer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * make check builds each harness with this main() under gcc's ASan/UBSan
 * and hands it the corpus directories: every seed and every input a
 * fuzzer ever crashed on runs through the harness once more.  A sanitizer
 * report aborts the run (the caller counts that as a failure); a clean run
 * prints one "ok" line.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	uint8_t *buf;
	size_t n;
	long len;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	/* exactly len bytes, so ASan sees a read one past the input */
	if ((buf = malloc(len > 0 ? (size_t)len : 1)) == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)len, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order (a failure names the input). */
static int
run_dir(const char *dir, int verbose, size_t *count)
{
	char **names = NULL, **nn, path[4096];
	size_t n = 0, cap = 0, i;
	struct dirent *d;
	struct stat st;
	DIR *dp;
	int rc = 0;

	if ((dp = opendir(dir)) == NULL)
		return run_file(dir) == 0 ? (++*count, 0) : -1;
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((names[n] = strdup(d->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (verbose)
			fprintf(stderr, "replay: %s\n", path);
		if (run_file(path) != 0) {
			fprintf(stderr, "replay: %s: %s\n", path,
			    strerror(errno));
			rc = -1;
		}
		++*count;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "fuzz";
	size_t count = 0;
	int i, verbose = getenv("REPLAY_VERBOSE") != NULL;

	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (run_dir(argv[i], verbose, &count) != 0) {
			printf("not ok - fuzz corpus %s: cannot read %s\n",
			    name, argv[i]);
			return 1;
		}
	}
	printf("ok - fuzz corpus %s: %zu inputs replayed clean\n", name,
	    count);
	return 0;
}
