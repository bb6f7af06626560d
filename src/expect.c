/* expect.c - expect, expect none, expect state, wait
 *
 * expect looks first at what arrived since the previous expect on this
 * connection (the user read it on the screen, then typed the expect), then
 * waits.  Segments before the match are not failures unless strict is on.
 */
#include <stdlib.h>
#include <string.h>

#include "sess.h"
#include "wire.h"

static int
rec_matches(struct session *s, const struct pkt_rec *r,
    const struct segspec *pat, char *why, size_t wlen)
{
	struct seg g;

	if (wire_decode(r->pkt, r->len, &g) != 0)
		return 0;
	return segspec_match(pat, &g, &r->pc, why, wlen);
}

static void
pend_done(struct session *s, enum pend_result res)
{
	s->pend.kind = P_NONE;
	s->pend.result = res;
	if (res == PR_FAIL)
		s->failed = 1;
}

static void
fail_msg(struct session *s, const char *fmt, const char *a, const char *b)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), fmt, a, b);
	if (s->where != NULL)
		out_printf("%s: %s\n", s->where, msg);
	else
		out_printf("%s\n", msg);
}

static void
pattern_text(char *buf, size_t cap, const char *text)
{
	const char *p;

	/* "expect S. within 1s" -> "S. within 1s": the pattern as typed */
	p = strstr(text, "expect");
	p = p != NULL ? p + 6 : text;
	while (*p == ' ' || *p == '\t')
		p++;
	snprintf(buf, cap, "%s", p);
}

/* Checks one logged packet against the running expect.  Returns 1 when it
 * resolved the expect. */
static int
try_rec(struct session *s, struct conn *c, size_t idx)
{
	struct pending *p = &s->pend;
	const struct pkt_rec *r = &s->log[idx];
	char why[256], line[512];
	struct seg g;

	if (r->conn_id != c->id || r->dir != DIR_IN)
		return 0;
	c->expect_from = idx + 1;
	if (p->kind == P_EXPECT_NONE) {
		wire_decode(r->pkt, r->len, &g);
		print_seg(line, sizeof(line), &g, &r->pc);
		fail_msg(s, "expect none failed: %s arrived%s", line, "");
		pend_done(s, PR_FAIL);
		return 1;
	}
	if (rec_matches(s, r, p->pat, why, sizeof(why))) {
		pend_done(s, PR_OK);
		return 1;
	}
	p->seen++;
	snprintf(p->lastwhy, sizeof(p->lastwhy), "%s", why);
	if (s->set.strict) {
		fail_msg(s, "expect %s failed (strict): the next segment "
		    "differs: %s", p->what, why);
		pend_done(s, PR_FAIL);
		return 1;
	}
	return 0;
}

/* Returns 0 when met now, 1 when it failed now, 2 when it waits, -1 on
 * a usage error. */
int
expect_start(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	struct conn *cn = s->cur;
	struct pending *p = &s->pend;
	size_t i;

	if (cn == NULL)
		return err_set(e, c->col, "no connection: connect or listen "
		    "first");
	if (c->ekind == EX_STATE) {
		if ((int)cn->tcb.state != c->state) {
			fail_msg(s, "expect state failed: %s is %s", cn->name,
			    tcb_state_name(cn->tcb.state));
			out_printf("  expected %s\n", tcb_state_name(c->state));
			s->failed = 1;
			return 1;
		}
		return 0;
	}
	memset(p, 0, sizeof(*p));
	p->conn_id = cn->id;
	p->deadline = sess_now(s) + (c->have_dur ? c->dur_us :
	    s->set.timeout_us);
	p->result = PR_RUNNING;
	p->pat = &c->spec;
	if (c->ekind == EX_NONE) {
		/* what arrived before was seen on the screen; only new
		 * segments count against "none" */
		cn->expect_from = s->nlog;
		p->kind = P_EXPECT_NONE;
		snprintf(p->what, sizeof(p->what), "none");
		return 2;
	}
	p->kind = P_EXPECT;
	pattern_text(p->what, sizeof(p->what), text);
	for (i = cn->expect_from; i < s->nlog; i++)
		if (try_rec(s, cn, i))
			return p->result == PR_OK ? 0 : 1;
	return 2;
}

void
expect_on_packet(struct session *s, size_t idx)
{
	struct conn *c;

	if (s->pend.kind != P_EXPECT && s->pend.kind != P_EXPECT_NONE)
		return;
	for (c = s->ct.head; c != NULL; c = c->next)
		if (c->id == s->pend.conn_id)
			break;
	if (c != NULL)
		try_rec(s, c, idx);
}

void
expect_on_time(struct session *s)
{
	struct pending *p = &s->pend;
	char buf[600];

	if (p->kind == P_NONE || sess_now(s) < p->deadline)
		return;
	switch (p->kind) {
	case P_WAIT:
	case P_EXPECT_NONE:
		pend_done(s, PR_OK);
		break;
	case P_EXPECT:
		if (p->seen > 0) {
			snprintf(buf, sizeof(buf), "%zu segment%s arrived, none "
			    "matched; the last: %s", p->seen,
			    p->seen == 1 ? "" : "s", p->lastwhy);
			fail_msg(s, "expect %s failed: %s", p->what, buf);
		} else
			fail_msg(s, "expect %s failed: nothing arrived%s",
			    p->what, "");
		pend_done(s, PR_FAIL);
		break;
	case P_NONE:
		break;
	}
}

void
wait_start(struct session *s, uint64_t dur_us)
{
	memset(&s->pend, 0, sizeof(s->pend));
	s->pend.kind = P_WAIT;
	s->pend.result = PR_RUNNING;
	s->pend.deadline = sess_now(s) + dur_us;
}

void
pend_cancel(struct session *s, const char *why)
{
	if (s->pend.kind == P_NONE)
		return;
	out_printf("%s cancelled (%s)\n", s->pend.kind == P_WAIT ? "wait" :
	    "expect", why);
	pend_done(s, PR_FAIL);
}
