/* settle.c - a line of several commands runs as if a person typed them
 * one by one and watched the answers
 *
 * Typed on two lines, "syn" and "ack" have a person between them who
 * sees the SYN-ACK arrive before typing the ACK.  On one line ("syn;
 * ack", or -c) nothing stood between them, and the ACK left before the
 * SYN-ACK came: an ACK of nothing, data before the handshake, a dup ACK
 * where the echo should have been acknowledged.  So after a segment that
 * asks the peer for an answer (a SYN or SYN-ACK, a FIN, data) the line's
 * next command waits: until a segment from the peer has arrived on that
 * connection and the peer has then been quiet for SETTLE_QUIET_US (an
 * echo follows the ACK of our data, the peer's FIN the ACK of ours), or
 * until set timeout has passed since our segment left.  Nothing waits
 * for a fixed time: the wait ends on the peer's segments or on the
 * deadline, whichever the loop sees first.  A bare ACK or a RST asks for
 * nothing, so the next command follows at once; expect and wait watch
 * for themselves.  Scripts read from files keep their own timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "conn.h"
#include "loop.h"
#include "out.h"
#include "pktlog.h"
#include "sess.h"
#include "session.h"
#include "settle.h"
#include "wire.h"

int
settle_before(const struct cmd *c)
{
	return c->id != C_EXPECT && c->id != C_WAIT;
}

static int
is_segment_cmd(const struct cmd *c)
{
	switch (c->id) {
	case C_SYN: case C_SYNACK: case C_ACK: case C_FIN: case C_RST:
	case C_SEND:
		return 1;
	default:
		return 0;
	}
}

static const char *
cmd_word(const struct cmd *c)
{
	int i;

	for (i = 0; i < C_NCMDS; i++)
		if (cmd_defs[i].id == c->id)
			return cmd_defs[i].name;
	return "the segment";
}

/* Does a segment we sent ask the peer for an answer? */
static int
asks_answer(const struct pkt_rec *r)
{
	struct seg g;

	if (wire_decode(r->pkt, r->len, &g) != 0)
		return 0;
	if (g.flags & TH_RST)
		return 0;
	return (g.flags & (TH_SYN | TH_FIN)) || g.datalen > 0;
}

void
settle_arm(struct settle *st, struct session *s, const struct cmd *c,
    size_t before)
{
	const struct pkt_rec *r;
	size_t i;

	if (!is_segment_cmd(c))
		return;		/* the previous answer is still awaited */
	st->armed = 0;
	for (i = before > s->logbase ? before : s->logbase; i < s->nlog;
	    i++) {
		r = sess_log_at(s, i);
		if (r->dir != DIR_OUT || !asks_answer(r))
			continue;
		st->armed = 1;
		st->conn_id = r->conn_id;
		st->t_sent = r->t_us;
		st->from = i + 1;	/* an answer may have come already */
	}
	if (st->armed)
		snprintf(st->what, sizeof(st->what), "%s", cmd_word(c));
}

/* Has the peer answered since our segment?  *at: when its last segment
 * came. */
static int
answered(const struct settle *st, const struct session *s, uint64_t *at)
{
	const struct pkt_rec *r;
	size_t i;

	for (i = s->nlog; i > st->from && i > s->logbase; i--) {
		r = sess_log_at(s, i - 1);
		if (r->dir == DIR_IN && r->conn_id == st->conn_id) {
			*at = r->t_us;
			return 1;
		}
	}
	return 0;
}

static int
log_grew(struct session *s, void *arg)
{
	return s->nlog > *(size_t *)arg;
}

/* The wait: a task, so the loop drives it.  It takes in what arrived
 * (one turn that does not sleep), looks, and sleeps until the log grows,
 * a signal, or the quiet time or the deadline is over; then again. */
struct settle_task {
	struct task	 t;		/* first: the loop's handle */
	struct settle	*st;
	uint64_t	 deadline;
	size_t		 seen;
	int		 waited, intr;
	enum { SP_LOOK, SP_WAIT } phase;
};

static int
settle_run(struct session *s, struct task *t, enum loop_end why)
{
	struct settle_task *w = (struct settle_task *)t;
	struct settle *st = w->st;
	uint64_t now, last = 0, until;
	struct conn *c;
	int ans;

	if (why == LW_START || w->phase == SP_WAIT) {
		/* what arrived meanwhile, first */
		w->intr = why == LW_INTR;
		w->phase = SP_LOOK;
		t->w = (struct loop_wait)LOOP_ONE_TURN;
		return TASK_WAIT;
	}
	if (w->intr || loop_interrupted() || loop_terminated()) {
		if (s->interactive)
			out_printf("\n");	/* after the echoed ^C */
		out_printf("the rest of the line cancelled\n");
		t->rc = -1;
		return TASK_DONE;
	}
	if ((c = conn_by_id(&s->ct, st->conn_id)) == NULL || s->quit)
		return TASK_DONE;
	now = sess_now(s);
	ans = answered(st, s, &last);
	if (ans && now >= last + SETTLE_QUIET_US)
		return TASK_DONE;
	if (now >= w->deadline) {
		if (w->waited && !ans)
			out_printf("%s: no answer to %s in %.3gs; the "
			    "line goes on\n", c->name, st->what,
			    s->set.timeout_us / 1e6);
		return TASK_DONE;
	}
	until = ans && last + SETTLE_QUIET_US < w->deadline ?
	    last + SETTLE_QUIET_US : w->deadline;
	w->waited = 1;
	/* until something arrives, a signal, or until */
	w->seen = s->nlog;
	w->phase = SP_WAIT;
	t->w = (struct loop_wait){ -1, until, -1, LW_ON_INTR | LW_ON_TERM,
	    log_grew, &w->seen };
	return TASK_WAIT;
}

static void
settle_drop(struct task *t)
{
	free(t);
}

struct task *
settle_task(struct settle *st, struct session *s)
{
	struct settle_task *w;

	if (!st->armed)
		return NULL;
	st->armed = 0;
	/* no memory: the line goes on without waiting */
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->t.run = settle_run;
	w->t.drop = settle_drop;
	w->st = st;
	w->deadline = st->t_sent + s->set.timeout_us;
	return &w->t;
}
