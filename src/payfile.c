/* payfile.c - file:PATH payloads, read by the edge when the command runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser (a pure core) keeps the path; this reads the bytes and hands
 * them to segspec_load, which puts them in place and checks the payload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "payfile.h"
#include "segspec.h"

static int
read_file(const char *path, int col, uint8_t **out, size_t *len, void *arg,
    struct errbuf *e)
{
	FILE *f;
	uint8_t *buf;
	size_t n;

	(void)arg;
	if ((f = fopen(path, "rb")) == NULL)
		return err_set(e, col, "file:%s: %s", path, strerror(errno));
	/* One byte more than allowed tells a too-large file from a full one */
	if ((buf = malloc(SEGSPEC_MAXPAYLOAD + 1)) == NULL) {
		fclose(f);
		return err_set(e, col, "out of memory");
	}
	n = fread(buf, 1, SEGSPEC_MAXPAYLOAD + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return err_set(e, col, "file:%s: read error", path);
	}
	fclose(f);
	if (n > SEGSPEC_MAXPAYLOAD) {
		free(buf);
		return err_set(e, col, "file:%s: larger than 1 MiB", path);
	}
	*out = buf;
	*len = n;
	return 0;
}

int
payfile_load(struct segspec *sp, struct errbuf *e)
{
	return segspec_load(sp, read_file, NULL, e);
}
