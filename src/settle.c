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
	size_t i;

	if (!is_segment_cmd(c))
		return;		/* the previous answer is still awaited */
	st->armed = 0;
	for (i = before; i < s->nlog; i++) {
		if (s->log[i].dir != DIR_OUT || !asks_answer(&s->log[i]))
			continue;
		st->armed = 1;
		st->conn_id = s->log[i].conn_id;
		st->t_sent = s->log[i].t_us;
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
	size_t i;

	for (i = s->nlog; i > st->from; i--)
		if (s->log[i - 1].dir == DIR_IN &&
		    s->log[i - 1].conn_id == st->conn_id) {
			*at = s->log[i - 1].t_us;
			return 1;
		}
	return 0;
}

static int
log_grew(struct session *s, void *arg)
{
	return s->nlog > *(size_t *)arg;
}

int
settle_wait(struct settle *st, struct session *s)
{
	struct loop_wait w = { -1, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    log_grew, NULL };
	uint64_t now, last = 0, deadline, until;
	struct conn *c;
	size_t seen;
	int waited = 0, ans, intr = 0;

	if (!st->armed)
		return 0;
	st->armed = 0;
	deadline = st->t_sent + s->set.timeout_us;
	for (;;) {
		loop_drain(s);	/* what arrived meanwhile */
		if (intr || loop_interrupted() || loop_terminated()) {
			if (s->interactive)
				out_printf("\n");	/* after the echoed ^C */
			out_printf("the rest of the line cancelled\n");
			return -1;
		}
		if ((c = conn_by_id(&s->ct, st->conn_id)) == NULL || s->quit)
			return 0;
		now = sess_now(s);
		ans = answered(st, s, &last);
		if (ans && now >= last + SETTLE_QUIET_US)
			return 0;
		if (now >= deadline) {
			if (waited && !ans)
				out_printf("%s: no answer to %s in %.3gs; the "
				    "line goes on\n", c->name, st->what,
				    s->set.timeout_us / 1e6);
			return 0;
		}
		until = ans && last + SETTLE_QUIET_US < deadline ?
		    last + SETTLE_QUIET_US : deadline;
		waited = 1;
		/* until something arrives, a signal, or until */
		seen = s->nlog;
		w.deadline = until;
		w.arg = &seen;
		intr = loop_wait(s, &w) == LW_INTR;
	}
}
