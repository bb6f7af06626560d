/* timerq.c - a binary min-heap of (deadline, connection id)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "timerq.h"

/* Ordered by deadline, then id: equal deadlines come out in a fixed
 * order whatever the order they went in. */
static int
before(const struct tq_ent *a, const struct tq_ent *b)
{
	return a->at < b->at || (a->at == b->at && a->id < b->id);
}

int
timerq_push(struct timerq *q, uint64_t at, unsigned id)
{
	struct tq_ent e = { at, id }, *v;
	size_t i, up, cap;

	if (q->n == q->cap) {
		cap = q->cap ? q->cap * 2 : 16;
		if (cap < q->cap || cap > (size_t)-1 / sizeof(*v))
			return -1;
		if ((v = realloc(q->v, cap * sizeof(*v))) == NULL)
			return -1;
		q->v = v;
		q->cap = cap;
	}
	/* sift up: the hole moves toward the root past later deadlines */
	for (i = q->n++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (!before(&e, &q->v[up]))
			break;
		q->v[i] = q->v[up];
	}
	q->v[i] = e;
	return 0;
}

const struct tq_ent *
timerq_top(const struct timerq *q)
{
	return q->n > 0 ? &q->v[0] : NULL;
}

void
timerq_pop(struct timerq *q)
{
	struct tq_ent last;
	size_t i, k;

	if (q->n == 0)
		return;
	last = q->v[--q->n];
	/* sift down: the last entry goes where the root's hole settles */
	for (i = 0; (k = 2 * i + 1) < q->n; i = k) {
		if (k + 1 < q->n && before(&q->v[k + 1], &q->v[k]))
			k++;
		if (!before(&q->v[k], &last))
			break;
		q->v[i] = q->v[k];
	}
	if (q->n > 0)
		q->v[i] = last;
}

void
timerq_free(struct timerq *q)
{
	free(q->v);
	q->v = NULL;
	q->n = q->cap = 0;
}
