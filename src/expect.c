/* expect.c - expect, expect none, expect state, wait
 *
 * expect looks first at what arrived since the previous expect on this
 * connection (the user read it on the screen, then typed the expect), then
 * waits.  Segments before the match are not failures unless strict is on.
 * An expect on a listener waits for the first segment of a connection it
 * accepts.  A segment that met one expect meets no other: the listener
 * and the connection it accepted keep cursors of their own, and both see
 * the SYN.  "expect ... as NAME" keeps the matching segment's fields for
 * $NAME.FIELD in later lines.  In a script, "+0.1 expect ..." also says
 * when the segment must arrive: within the tolerance of that time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "expect.h"
#include "icmp.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "segspec.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "vars.h"
#include "wire.h"

void
expect_set_timing(struct session *s, uint64_t sched_us, uint64_t tol_us)
{
	s->next_timing.armed = 1;
	s->next_timing.sched = sched_us;
	s->next_timing.tol = tol_us;
}

/* "expect icmp [KIND]" against an ICMP error of the log. */
static int
icmp_matches(const struct pending *p, const struct pkt_rec *r, char *why,
    size_t wlen)
{
	struct icmp_msg m;

	if (!r->icmp) {
		snprintf(why, wlen, "a segment, not an ICMP error");
		return 0;
	}
	if (icmp_decode(r->pkt, r->len, &m) != 0)
		return 0;
	if (icmp_kind_match(&m, p->icmp_type, p->icmp_code))
		return 1;
	icmp_print(why, wlen, &m);
	return 0;
}

static int
rec_matches(struct session *s, const struct pkt_rec *r,
    const struct segspec *pat, char *why, size_t wlen)
{
	struct seg g;

	if (s->pend.icmp)
		return icmp_matches(&s->pend, r, why, wlen);
	if (r->icmp) {
		snprintf(why, wlen, "an ICMP error, not a segment");
		return 0;
	}
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

/* A failure, told to the observers (the output prints it). */
static void
fail_msg(struct session *s, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail_msg(struct session *s, const char *what, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	obs_expect(s->obs, s->where, what, 0, msg, -1);
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

/* Is r a segment the expect on c looks at: c's own, or, for a listener,
 * one of a connection it accepted? */
static int
rec_belongs(const struct session *s, const struct conn *c,
    const struct pkt_rec *r)
{
	const struct conn *rc;

	if (r->dir != DIR_IN)
		return 0;
	if (r->conn_id == c->id)
		return 1;
	if (!c->listening || (rc = conn_by_id(&s->ct, r->conn_id)) == NULL)
		return 0;
	return rc->lport == c->lport &&
	    (ipaddr_is_any(&c->laddr) || ipaddr_eq(&c->laddr, &rc->laddr));
}

/* An ICMP error's quote as a segment, for $NAME.seq and friends: the
 * segment of ours it names, as far as the quote holds it. */
static void
quote_seg(const struct pkt_rec *r, struct seg *g, struct icmp_msg *m)
{
	if (icmp_decode(r->pkt, r->len, m) != 0)
		memset(m, 0, sizeof(*m));
	seg_init(g);
	g->saddr.v4 = m->q_saddr;
	g->daddr.v4 = m->q_daddr;
	if (m->af == AF_INET6) {
		g->saddr = m->q_src;
		g->daddr = m->q_dst;
	}
	g->sport = m->q_sport;
	g->dport = m->q_dport;
	g->seq = m->q_seq;
	g->flags = m->q_flags;
	g->ttl = m->q_ttl;
	g->id = m->q_id;
	g->tot_len = m->q_totlen;
	g->frag = m->q_frag;
	g->proto = m->q_proto;
	g->ihl = m->q_ihl;
}

static void
met(struct session *s, size_t idx)
{
	struct pending *p = &s->pend;
	struct pkt_rec *r = sess_log_at(s, idx);
	struct icmp_msg m;
	struct seg g;

	r->consumed = 1;
	p->match_idx = idx;
	p->matched = 1;
	if (p->capname[0] != '\0') {
		if (s->vars == NULL)
			s->vars = vars_new();
		if (r->icmp)
			quote_seg(r, &g, &m);
		else
			wire_decode(r->pkt, r->len, &g);
		if (s->vars == NULL ||
		    vars_capture(s->vars, p->capname, &g, &r->pc) != 0 ||
		    (r->icmp && (vars_put(s->vars, p->capname, "mtu",
		    m.mtu) != 0 || vars_put_addr(s->vars, p->capname, "from",
		    &m.src) != 0)))
			out_printf("warning: cannot keep $%s (too many "
			    "names)\n", p->capname);
	}
	obs_expect(s->obs, s->where, p->what, 1, NULL, (long)idx);
}

/* "+0.1 expect": the segment must arrive within the tolerance. */
static int
timing_ok(struct session *s, const struct pkt_rec *r)
{
	struct pending *p = &s->pend;
	double at, want, tol;

	if (!p->timed || (r->t_us >= p->t_lo && r->t_us <= p->t_hi))
		return 1;
	at = r->t_us / 1e6;
	want = p->t_sched / 1e6;
	tol = (p->t_hi - p->t_sched) / 1e6;
	fail_msg(s, p->what, "expect %s failed: timing: it arrived at %.6f, "
	    "%s by %.3fs (expected at %.6f +-%.3fs)", p->what, at,
	    r->t_us < p->t_lo ? "early" : "late",
	    r->t_us < p->t_sched ? want - at : at - want, want, tol);
	return 0;
}

/* Checks one logged packet against the running expect.  Returns 1 when it
 * resolved the expect. */
static int
try_rec(struct session *s, struct conn *c, size_t idx)
{
	struct pending *p = &s->pend;
	const struct pkt_rec *r = sess_log_at(s, idx);
	char why[256], line[512];
	struct seg g;

	if (!rec_belongs(s, c, r))
		return 0;
	c->expect_from = idx + 1;
	if (r->consumed)
		return 0;	/* an earlier expect's, seen already */
	if (p->kind == P_EXPECT_NONE) {
		wire_decode(r->pkt, r->len, &g);
		if (r->icmp)
			icmp_line_pkt(line, sizeof(line), r->pkt, r->len);
		else
			print_seg(line, sizeof(line), &g, &r->pc);
		fail_msg(s, "none", "expect none failed: %s arrived", line);
		pend_done(s, PR_FAIL);
		return 1;
	}
	if (rec_matches(s, r, p->pat, why, sizeof(why))) {
		if (!timing_ok(s, r)) {
			pend_done(s, PR_FAIL);
			return 1;
		}
		met(s, idx);
		pend_done(s, PR_OK);
		return 1;
	}
	p->seen++;
	snprintf(p->lastwhy, sizeof(p->lastwhy), "%s", why);
	if (s->set.strict) {
		fail_msg(s, p->what, "expect %s failed (strict): the next "
		    "segment differs: %s", p->what, why);
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
	uint64_t now = sess_now(s), within;
	size_t i;
	int timed = s->next_timing.armed;

	s->next_timing.armed = 0;
	if (cn == NULL)
		return err_set(e, c->col, "no connection: connect or listen "
		    "first");
	if (c->ekind == EX_STATE) {
		if (cn->listening ? c->state != TCB_LISTEN :
		    (int)cn->tcb.state != c->state) {
			fail_msg(s, text, "expect state failed: %s is %s, "
			    "expected %s", cn->name, cn->listening ? "LISTEN" :
			    tcb_state_name(cn->tcb.state),
			    tcb_state_name(c->state));
			s->failed = 1;
			return 1;
		}
		obs_expect(s->obs, s->where, text, 1, NULL, -1);
		return 0;
	}
	memset(p, 0, sizeof(*p));
	p->conn_id = cn->id;
	within = c->have_dur ? c->dur_us : s->set.timeout_us;
	p->deadline = now + within;
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
	if (c->ekind == EX_ICMP) {
		p->icmp = 1;
		p->icmp_type = c->icmp_type;
		p->icmp_code = c->icmp_code;
	}
	snprintf(p->capname, sizeof(p->capname), "%s", c->name);
	pattern_text(p->what, sizeof(p->what), text);
	if (timed) {
		p->timed = 1;
		p->t_sched = s->next_timing.sched;
		p->t_lo = s->next_timing.sched > s->next_timing.tol ?
		    s->next_timing.sched - s->next_timing.tol : 0;
		p->t_hi = s->next_timing.sched + s->next_timing.tol;
		/* wait past the window, to say how late it was */
		p->deadline = p->t_hi + within;
	}
	i = cn->expect_from > s->logbase ? cn->expect_from : s->logbase;
	for (; i < s->nlog; i++)
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

	if (p->kind == P_NONE || sess_now(s) < p->deadline)
		return;
	switch (p->kind) {
	case P_WAIT:
		pend_done(s, PR_OK);
		break;
	case P_EXPECT_NONE:
		obs_expect(s->obs, s->where, "none", 1, NULL, -1);
		pend_done(s, PR_OK);
		break;
	case P_EXPECT:
		if (p->seen > 0)
			fail_msg(s, p->what, "expect %s failed: %zu segment%s "
			    "arrived, none matched; the last: %s", p->what,
			    p->seen, p->seen == 1 ? "" : "s", p->lastwhy);
		else
			fail_msg(s, p->what, "expect %s failed: nothing "
			    "arrived%s", p->what, p->timed ? " in time" : "");
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
