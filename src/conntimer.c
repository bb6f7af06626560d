/* conntimer.c - the connection table's TIME-WAIT deadlines
 *
 * A heap (timerq.c) instead of a walk over every connection on every
 * wakeup: with 100,000 connections the walk read 100,000 TCBs per
 * segment.  Invalidation is lazy: an entry names a connection by id and
 * counts only while that connection exists and its deadline still is the
 * entry's; anything else is dropped when it reaches the top.  Stale
 * entries go once their deadline passes, so the heap holds at most the
 * deadlines set within the last 2*MSL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "conn.h"

/* The connection an entry stands for, NULL when the entry is stale. */
static struct conn *
live(const struct conntab *ct, const struct tq_ent *t)
{
	struct conn *c = conn_by_id(ct, t->id);

	return c != NULL && c->tcb.tw_deadline == t->at ? c : NULL;
}

int
conn_timer_sync(struct conntab *ct, struct conn *c)
{
	uint64_t at = c->tcb.tw_deadline;
	unsigned *d;
	size_t cap;

	/* 0: no timer (an entry queued before is stale now); a connection
	 * outside the table (flood's and probe's stand-ins) has none */
	if (at == 0 || at == c->tq_at || conn_by_id(ct, c->id) != c)
		return 0;
	/* conn_timer_expire never allocates: due[] keeps room for every
	 * entry the heap holds */
	if (ct->due_cap < ct->tq.n + 1) {
		cap = ct->due_cap ? ct->due_cap * 2 : 16;
		if (cap < ct->due_cap || cap > (size_t)-1 / sizeof(*d) ||
		    (d = realloc(ct->due, cap * sizeof(*d))) == NULL)
			return -1;
		ct->due = d;
		ct->due_cap = cap;
	}
	if (timerq_push(&ct->tq, at, c->id) != 0)
		return -1;
	c->tq_at = at;
	return 0;
}

uint64_t
conn_timer_next(struct conntab *ct)
{
	const struct tq_ent *t;

	while ((t = timerq_top(&ct->tq)) != NULL) {
		if (live(ct, t) != NULL)
			return t->at;
		timerq_pop(&ct->tq);
	}
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

size_t
conn_timer_expire(struct conntab *ct, uint64_t now)
{
	const struct tq_ent *t;
	struct conn *c;
	size_t n = 0, i, k;

	while ((t = timerq_top(&ct->tq)) != NULL && t->at <= now) {
		if ((c = live(ct, t)) != NULL) {
			ct->due[n++] = t->id;
			/* taken: the same deadline set again is queued
			 * again */
			c->tq_at = 0;
		}
		timerq_pop(&ct->tq);
	}
	/* ids count up in creation order, the order the list walk fired
	 * them in; one deadline queued twice (d, e, d again) fires once */
	if (n > 1)
		qsort(ct->due, n, sizeof(*ct->due), id_cmp);
	for (i = k = 0; i < n; i++)
		if (k == 0 || ct->due[k - 1] != ct->due[i])
			ct->due[k++] = ct->due[i];
	ct->ndue = k;
	ct->due_pos = 0;
	return k;
}

struct conn *
conn_timer_pop(struct conntab *ct)
{
	struct conn *c;

	/* by id again: one fired before may have deleted another */
	while (ct->due_pos < ct->ndue)
		if ((c = conn_by_id(ct, ct->due[ct->due_pos++])) != NULL)
			return c;
	return NULL;
}
