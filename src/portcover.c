/* portcover.c - aligned port blocks for the capture filter
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "portcover.h"

int
portcover_has(const struct portcover *pc, uint16_t port)
{
	int i;

	for (i = 0; i < pc->n; i++)
		if (port >= pc->lo[i] && port <= pc->hi[i])
			return 1;
	return 0;
}

static int
cmp_port(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

void
portcover_build(struct portcover *pc, uint16_t *ports, size_t n)
{
	unsigned lo, hi, gap, best;
	size_t i;
	int j, k;

	pc->n = 0;
	qsort(ports, n, sizeof(*ports), cmp_port);
	for (i = 0; i < n; i++) {
		lo = ports[i] & ~(unsigned)(PORTCOVER_BLOCK - 1);
		hi = lo + PORTCOVER_BLOCK - 1;
		/* sorted: a block overlaps or touches only the last range */
		if (pc->n > 0 && lo <= (unsigned)pc->hi[pc->n - 1] + 1u) {
			if (hi > pc->hi[pc->n - 1])
				pc->hi[pc->n - 1] = (uint16_t)hi;
			continue;
		}
		if (pc->n == PORTCOVER_MAX) {
			/* join the two ranges closest together, making room */
			best = 0;
			k = 0;
			for (j = 0; j + 1 < pc->n; j++) {
				gap = (unsigned)pc->lo[j + 1] - pc->hi[j];
				if (j == 0 || gap < best) {
					best = gap;
					k = j;
				}
			}
			gap = lo - pc->hi[pc->n - 1];
			if (gap <= best) {	/* or widen the last one */
				pc->hi[pc->n - 1] = (uint16_t)hi;
				continue;
			}
			pc->hi[k] = pc->hi[k + 1];
			for (j = k + 1; j + 1 < pc->n; j++) {
				pc->lo[j] = pc->lo[j + 1];
				pc->hi[j] = pc->hi[j + 1];
			}
			pc->n--;
		}
		pc->lo[pc->n] = (uint16_t)lo;
		pc->hi[pc->n] = (uint16_t)hi;
		pc->n++;
	}
}

size_t
portcover_format(const struct portcover *pc, char *buf, size_t len)
{
	size_t off = 0;
	int i, w;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < pc->n; i++) {
		w = snprintf(off < len ? buf + off : NULL, off < len ?
		    len - off : 0, "%stcp portrange %u-%u", i ? " or " : "",
		    pc->lo[i], pc->hi[i]);
		if (w > 0)
			off += (size_t)w;
	}
	return off;
}
