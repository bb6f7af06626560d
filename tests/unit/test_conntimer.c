/* test_conntimer.c - the connection table's TIME-WAIT queue */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "t.h"
#include "tnet.h"

#define LO(n)	(0x7f000000u | (n))	/* 127.0.0.n */

/* What tcb_time_wait and tcb_close do to the deadline, then the sync
 * every caller of them runs. */
static void
set_dl(struct conntab *ct, struct conn *c, uint64_t at)
{
	c->tcb.tw_deadline = at;
	T_EQ(conn_timer_sync(ct, c), 0);
}

/* The names conn_timer_expire(now) hands out, space-separated; each
 * one's deadline cleared as tcb_tick's close does. */
static const char *
fire(struct conntab *ct, uint64_t now, char *buf, size_t len)
{
	struct conn *c;

	buf[0] = '\0';
	conn_timer_expire(ct, now);
	while ((c = conn_timer_pop(ct)) != NULL) {
		if (buf[0] != '\0')
			strncat(buf, " ", len - strlen(buf) - 1);
		strncat(buf, c->name, len - strlen(buf) - 1);
		set_dl(ct, c, 0);
	}
	return buf;
}

TEST(conn_timer_queue)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *c[6];
	char buf[128];
	int i;

	T_EQ(conntab_init(&ct, 0), 0);
	T_EQ(conn_timer_next(&ct), 0);
	T_STREQ(fire(&ct, 1000, buf, sizeof(buf)), "");
	for (i = 0; i < 6; i++)
		T_ASSERT((c[i] = add4(&ct, LO(1), (uint16_t)(1 + i), LO(2),
		    80, NULL, &e)) != NULL);
	set_dl(&ct, c[0], 300);
	set_dl(&ct, c[1], 100);
	set_dl(&ct, c[2], 200);
	T_EQ(conn_timer_next(&ct), 100);
	/* set again unchanged: not queued twice */
	set_dl(&ct, c[1], 100);
	T_EQ(ct.tq.n, 3);
	T_STREQ(fire(&ct, 99, buf, sizeof(buf)), "");
	T_STREQ(fire(&ct, 100, buf, sizeof(buf)), "c2");
	T_EQ(conn_timer_next(&ct), 200);
	/* a FIN again in TIME-WAIT restarts the timer: the old entry is
	 * stale and skipped */
	set_dl(&ct, c[2], 500);
	T_EQ(conn_timer_next(&ct), 300);
	/* an RST closes it: no timer */
	set_dl(&ct, c[0], 0);
	T_EQ(conn_timer_next(&ct), 500);
	T_STREQ(fire(&ct, 400, buf, sizeof(buf)), "");
	/* deleted with its timer running: the entry names a connection
	 * that is gone, and nothing fires */
	conn_del(&ct, c[2]);
	T_EQ(conn_timer_next(&ct), 0);
	T_STREQ(fire(&ct, 10000, buf, sizeof(buf)), "");
	T_EQ(ct.tq.n, 0);
	conntab_free(&ct);
}

/* Several due in one wakeup fire in creation order, as the walk over the
 * list fired them, not in deadline order; one queued twice fires once;
 * and one deleted by an earlier one's firing is skipped. */
TEST(conn_timer_batch)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *c[5], *d;
	char buf[128];
	int i;

	T_EQ(conntab_init(&ct, 0), 0);
	for (i = 0; i < 5; i++)
		T_ASSERT((c[i] = add4(&ct, LO(1), (uint16_t)(1 + i), LO(2),
		    80, NULL, &e)) != NULL);
	set_dl(&ct, c[4], 10);
	set_dl(&ct, c[0], 40);
	set_dl(&ct, c[2], 20);
	set_dl(&ct, c[2], 30);	/* d, e, then d again: two live entries */
	set_dl(&ct, c[2], 20);
	set_dl(&ct, c[3], 70);
	T_STREQ(fire(&ct, 50, buf, sizeof(buf)), "c1 c3 c5");
	T_EQ(conn_timer_next(&ct), 70);
	/* taken, then the same deadline set again (msl 0 on a virtual
	 * clock): queued again, not taken for the one already queued */
	set_dl(&ct, c[1], 80);
	conn_timer_expire(&ct, 80);
	T_ASSERT(conn_timer_pop(&ct) == c[1]);
	T_ASSERT(conn_timer_pop(&ct) == c[3]);
	T_ASSERT(conn_timer_pop(&ct) == NULL);
	set_dl(&ct, c[1], 80);	/* unchanged since, but taken */
	T_EQ(conn_timer_next(&ct), 80);
	set_dl(&ct, c[3], 0);
	/* the first one handed out deletes the next before its turn */
	set_dl(&ct, c[0], 90);
	T_EQ(conn_timer_expire(&ct, 90), 2);
	d = conn_timer_pop(&ct);
	T_ASSERT(d == c[0]);
	conn_del(&ct, c[1]);
	T_ASSERT(conn_timer_pop(&ct) == NULL);
	conntab_free(&ct);
}

/* A copy outside the table (flood's and probe's stand-ins) queues
 * nothing, even with a live connection's id. */
TEST(conn_timer_stand_in)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *c, tmp;

	T_EQ(conntab_init(&ct, 0), 0);
	c = add4(&ct, LO(1), 1, LO(2), 80, NULL, &e);
	T_ASSERT(c != NULL);
	memset(&tmp, 0, sizeof(tmp));
	tmp.tcb.tw_deadline = 5;
	T_EQ(conn_timer_sync(&ct, &tmp), 0);
	tmp.id = c->id;
	T_EQ(conn_timer_sync(&ct, &tmp), 0);
	T_EQ(ct.tq.n, 0);
	T_EQ(conn_timer_next(&ct), 0);
	conntab_free(&ct);
}

/* 100,000 connections, deadlines spread, some restarted, some cleared,
 * some deleted: each live one fires once, at its deadline, and the
 * queue ends empty. */
TEST(conn_timer_many)
{
	enum { N = 100000, STEP = 1000 };
	struct conntab ct;
	struct errbuf e;
	struct conn *c;
	uint64_t *want, x = 0x9e3779b97f4a7c15ull, now, next;
	unsigned char *fired;
	size_t i, nfired = 0, nwant = 0;
	int bad = 0, late = 0;

	want = calloc(N + 1, sizeof(*want));
	fired = calloc(N + 1, 1);
	T_ASSERT(want != NULL && fired != NULL);
	T_EQ(conntab_init(&ct, 0), 0);
	for (i = 0; i < N; i++) {
		c = add4(&ct, LO(1 + (uint32_t)(i / 50000)),
		    (uint16_t)(10000 + i % 50000), LO(9), 80, NULL, &e);
		if (c == NULL) {
			bad++;
			break;
		}
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		set_dl(&ct, c, 1 + x % (N * 10));
		if (i % 7 == 0)		/* restarted */
			set_dl(&ct, c, c->tcb.tw_deadline + x % 5000 + 1);
		if (i % 11 == 0)	/* reset */
			set_dl(&ct, c, 0);
		want[c->id] = c->tcb.tw_deadline;
	}
	for (i = 1; i <= N; i += 13) {	/* forgotten */
		conn_del(&ct, conn_by_id(&ct, (unsigned)i));
		want[i] = 0;
	}
	for (i = 1; i <= N; i++)
		nwant += want[i] != 0;
	for (now = 0; (next = conn_timer_next(&ct)) != 0; now += STEP) {
		if (now >= STEP && next <= now - STEP)
			late++;	/* one the previous step left behind */
		conn_timer_expire(&ct, now);
		while ((c = conn_timer_pop(&ct)) != NULL) {
			if (fired[c->id] || want[c->id] == 0 ||
			    want[c->id] > now || want[c->id] + STEP <= now)
				bad++;
			fired[c->id] = 1;
			nfired++;
			set_dl(&ct, c, 0);
		}
	}
	T_EQ(bad, 0);
	T_EQ(late, 0);
	T_EQ(nfired, nwant);
	T_EQ(ct.tq.n, 0);
	conntab_free(&ct);
	free(want);
	free(fired);
}
