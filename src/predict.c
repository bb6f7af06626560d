/* predict.c - what a correct peer does with our segment before it leaves
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peer's variables are what its segments showed (tcb_peer_view): its
 * RCV.NXT is what it acknowledged plus what we sent in order since, never
 * bytes beyond a hole, its window the last one it advertised.  The
 * checks are RFC 9293 3.10.7's in their order, as Linux applies them
 * (tcp_validate_incoming(), tcp_timewait_state_process(),
 * tcp_data_queue()), which is what a lab's peer runs; RFC 5961 adds the
 * challenge ACK.  explain.c says the same sections for what arrives.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "predict.h"
#include "sbuf.h"

/* A number as the user reads it on the lines: relative to base. */
static uint32_t
shown(uint32_t v, uint32_t base, int relative)
{
	return relative ? v - base : v;
}

static int
synchronized(enum tcb_state st)
{
	return st == TCB_ESTABLISHED || st == TCB_FIN_WAIT_1 ||
	    st == TCB_FIN_WAIT_2 || st == TCB_CLOSE_WAIT ||
	    st == TCB_CLOSING || st == TCB_LAST_ACK || st == TCB_TIME_WAIT;
}

static void
want(struct prediction *p, int expect, int have_ack, uint32_t lo,
    uint32_t hi, uint32_t shown_ack)
{
	p->expect = expect;
	p->have_ack = have_ack;
	p->ack_lo = lo;
	p->ack_hi = hi;
	p->ack_shown = shown_ack;
}

/* Linux answers at most one segment per socket every 500 ms with an ACK
 * it was not asked for: challenge ACKs, and ACKs of out-of-window
 * segments without data (net.ipv4.tcp_invalid_ratelimit). */
#define OOW_GAP_US	500000
#define OOW_NOTE " (Linux sends at most one such ACK per 500 ms on a " \
	"socket: net.ipv4.tcp_invalid_ratelimit)"
#define OOW_NOW " (but the last one came less than 500 ms ago: Linux " \
	"may send nothing, net.ipv4.tcp_invalid_ratelimit)"

/* Everything a prediction needs, worked out once. */
struct pctx {
	const struct predict_in	*in;
	const struct seg	*g;
	const struct tcb	*t;
	struct tcb_peer		 pv;
	struct prediction	*p;
	uint32_t		 len;	/* SEG.LEN: data + SYN + FIN */
	uint32_t		 end;	/* seq + len */
	int			 limited; /* an ACK now may be held back */
};

static uint32_t
us(const struct pctx *c, uint32_t v)
{
	return shown(v, c->t->iss, c->in->relative);
}

/* The prediction's sentence. */
static void
tell(struct pctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(c->p->text, sizeof(c->p->text), fmt, ap);
	va_end(ap);
}

/* An ACK the peer sends of its own accord, rate-limited: silence counts
 * too when the last one came within 500 ms. */
static void
want_oow_ack(struct pctx *c, uint32_t ack)
{
	want(c->p, PX_ACK | (c->limited ? PX_SILENCE : 0), 1, ack, ack,
	    us(c, ack));
}

static const char *
oow_note(const struct pctx *c)
{
	return c->limited ? OOW_NOW : OOW_NOTE;
}

static void
predict_rst(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	uint32_t seq = c->g->seq, nxt = v->rcv_nxt;

	switch (tcb_peer_rst(v, seq)) {
	case TCB_RST_NOSOCK:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "the peer has no connection for it (or only "
		    "listens): a RST is never answered, nothing comes back "
		    "(RFC 9293 3.10.7.1, 3.10.7.2)");
		return;
	case TCB_RST_EXACT:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "its sequence number is exactly the peer's "
		    "RCV.NXT (%u): the peer resets the connection without a "
		    "word, its application gets ECONNRESET (RFC 9293 3.10.7.4, "
		    "second check; RFC 5961 3.2)", us(c, nxt));
		return;
	case TCB_RST_FIN:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "its sequence number is RCV.NXT-1 (%u), the seq "
		    "of our FIN, which the peer has: Linux takes that as exact "
		    "too and resets without a word (RFC 9293 3.10.7.4, second "
		    "check; RFC 5961 3.2)", us(c, nxt - 1));
		return;
	case TCB_RST_SACK:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "its sequence number is the right edge of the "
		    "peer's SACK blocks (%u), where its RCV.NXT will be once "
		    "the hole fills: Linux takes that as exact and resets "
		    "without a word (RFC 9293 3.10.7.4, second check; RFC 5961 "
		    "3.2)", us(c, v->sack_end));
		return;
	case TCB_RST_KILL:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "the peer's socket is closed and Linux keeps "
		    "only a %s remnant, which any RST inside its window "
		    "(RCV.NXT %u) ends without a word (RFC 9293 3.10.7.4, "
		    "second check)",
		    v->st == TCB_PEER_TW ? "TIME-WAIT" : "FIN-WAIT-2",
		    us(c, nxt));
		return;
	case TCB_RST_IGNORED:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "the peer is in TIME-WAIT, which takes a RST "
		    "only exactly at its RCV.NXT (%u): this one is dropped "
		    "without a word (RFC 9293 3.10.7.4, second check)",
		    us(c, nxt));
		return;
	case TCB_RST_CHALLENGE:
		want_oow_ack(c, nxt);
		tell(c, "its sequence number is inside the peer's "
		    "window but not exactly RCV.NXT (%u): the peer keeps the "
		    "connection and sends a challenge ACK, ack %u (RFC 9293 "
		    "3.10.7.4, second check; RFC 5961 3.2)%s", us(c, nxt),
		    us(c, nxt), oow_note(c));
		return;
	default:
		break;
	}
	if (v->st == TCB_PEER_FW2) {
		want_oow_ack(c, nxt);
		tell(c, "its sequence number is outside the window of "
		    "the peer's FIN-WAIT-2 remnant (RCV.NXT %u): Linux answers "
		    "any segment it cannot accept, RST included, with an ACK, "
		    "ack %u (RFC 9293 3.10.7.4, first check)%s", us(c, nxt),
		    us(c, nxt), oow_note(c));
		return;
	}
	want(p, PX_SILENCE, 0, 0, 0, 0);
	tell(c, "its sequence number is outside the peer's window "
	    "(RCV.NXT %u, RCV.WND %u): the peer drops it silently and the "
	    "connection lives on (RFC 9293 3.10.7.4, first check: an "
	    "unacceptable RST is dropped)", us(c, nxt), v->rcv_wnd);
}

/* A SYN without ACK on a connection the peer holds, or had. */
static int
predict_syn_sync(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	uint32_t nxt = v->rcv_nxt;

	switch (v->st) {
	case TCB_PEER_OPEN:
	case TCB_PEER_SHUT:
		want_oow_ack(c, nxt);
		tell(c, "a SYN on a synchronized connection, in the "
		    "window or not: the peer answers with a challenge ACK of "
		    "what it expects, ack %u, and does not reset (RFC 9293 "
		    "3.10.7.4, fourth check; RFC 5961 4.2)%s", us(c, nxt),
		    oow_note(c));
		return 1;
	case TCB_PEER_FW2:
		if (SEQ_GEQ(c->g->seq, nxt) && tcb_peer_seq_ok(v, c->g->seq,
		    c->len, 0) == 1) {
			want(p, PX_RST, 0, 0, 0, 0);
			tell(c, "the peer's socket is closed and Linux "
			    "keeps only a FIN-WAIT-2 remnant: a SYN in its "
			    "window (at or beyond RCV.NXT %u) is answered with "
			    "a RST (RFC 9293 3.10.7.4, fourth check, as RFC "
			    "793 had it)", us(c, nxt));
			return 1;
		}
		want_oow_ack(c, nxt);
		tell(c, "the peer keeps only a FIN-WAIT-2 remnant, and "
		    "this SYN is outside its window (RCV.NXT %u): it answers "
		    "with an ACK, ack %u (RFC 9293 3.10.7.4, first check)%s",
		    us(c, nxt), us(c, nxt), oow_note(c));
		return 1;
	case TCB_PEER_TW:
		if (SEQ_GT(c->g->seq, nxt))
			return 0;	/* a new connection: as to a listener */
		want_oow_ack(c, nxt);
		tell(c, "the peer is in TIME-WAIT and this SYN does not "
		    "start beyond its RCV.NXT (%u): it answers with an ACK of "
		    "the old connection, ack %u (RFC 9293 3.10.7.4, first "
		    "check; RFC 6191)%s", us(c, nxt), us(c, nxt), oow_note(c));
		return 1;
	default:
		return 0;
	}
}

static void
predict_syn(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct seg *g = c->g;
	const char *gone = c->pv.st == TCB_PEER_GONE ? "the peer's end of "
	    "the old connection is gone: " : c->pv.st == TCB_PEER_TW ?
	    "the SYN starts beyond the RCV.NXT of the peer's TIME-WAIT: " :
	    "";

	if (synchronized(c->t->state) && predict_syn_sync(c))
		return;
	if (c->in->listener == 1) {
		want(p, PX_SYNACK, 1, c->end, c->end, us(c, c->end));
		tell(c, "%sa socket listens on port %u: the peer "
		    "answers SYN,ACK with its own ISN and ack %u, our ISN + 1 "
		    "(RFC 9293 3.5; 3.10.7.2, LISTEN state)", gone, g->dport,
		    us(c, c->end));
	} else if (c->in->listener == 0) {
		want(p, PX_RST, 1, c->end, c->end, us(c, c->end));
		tell(c, "%snothing listens on port %u: the peer answers "
		    "RST,ACK, ack %u, and a socket client would see "
		    "\"connection refused\" (RFC 9293 3.10.7.1, CLOSED state)",
		    gone, g->dport, us(c, c->end));
	} else {
		want(p, PX_SYNACK | PX_RST, 1, c->end, c->end, us(c, c->end));
		tell(c, "%sSYN,ACK, ack %u, if a socket listens on port "
		    "%u (RFC 9293 3.10.7.2); RST,ACK if nothing does "
		    "(3.10.7.1)", gone, us(c, c->end), g->dport);
	}
}

/* The peer's socket is gone (our ACK ended its LAST-ACK): what any
 * segment of ours meets is a port with no connection. */
static void
predict_gone(struct pctx *c)
{
	struct prediction *p = c->p;

	if (c->g->flags & TH_ACK) {
		want(p, PX_RST, 0, 0, 0, 0);
		sb_fmt(p->text, sizeof(p->text), "the peer's end is gone: our "
		    "ACK of its FIN ended its LAST-ACK, so no connection "
		    "matches and the peer answers <SEQ=SEG.ACK><CTL=RST> (RFC "
		    "9293 3.10.7.1, CLOSED state; a listener does the same, "
		    "3.10.7.2)");
		return;
	}
	want(p, PX_SILENCE | PX_RST, 0, 0, 0, 0);
	sb_fmt(p->text, sizeof(p->text), "the peer's end is gone: a port with "
	    "no socket answers RST,ACK, a listening one drops it (RFC 9293 "
	    "3.10.7.1, 3.10.7.2)");
}

/* Linux's FIN-WAIT-2 and TIME-WAIT remnants of a closed socket
 * (tcp_timewait_state_process()). */
static void
predict_remnant(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	const struct seg *g = c->g;
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;
	int inwin;
	const char *what = v->st == TCB_PEER_TW ? "TIME-WAIT" : "FIN-WAIT-2";

	inwin = g->seq == nxt || (SEQ_GT(c->end, nxt) &&
	    SEQ_LT(g->seq, v->edge)) || (g->seq == v->edge && c->len == 0);
	if (v->st == TCB_PEER_TW) {
		if (g->seq == nxt && c->len == 0) {
			want(p, PX_SILENCE, 0, 0, 0, 0);
			tell(c, "the peer is in TIME-WAIT and this ACK "
			    "is exactly at its RCV.NXT (%u): it restarts the "
			    "TIME-WAIT timer and answers nothing (RFC 9293 "
			    "3.10.7.4, fifth check)", us(c, nxt));
			return;
		}
		want_oow_ack(c, nxt);
		tell(c, "the peer is in TIME-WAIT: anything but a bare "
		    "ACK at RCV.NXT %u is answered with an ACK of the old "
		    "connection, ack %u (RFC 9293 3.10.7.4, first check)%s",
		    us(c, nxt), us(c, nxt), oow_note(c));
		return;
	}
	if (!inwin) {
		if (c->len > 0)
			want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		else
			want_oow_ack(c, nxt);
		tell(c, "not acceptable to the peer's %s remnant "
		    "(RCV.NXT %u, RCV.WND %u): it answers with an ACK, ack %u "
		    "(RFC 9293 3.10.7.4, first check)%s", what, us(c, nxt),
		    v->rcv_wnd, us(c, nxt), c->len > 0 ? "" : oow_note(c));
		return;
	}
	if (!(g->flags & TH_ACK) || !SEQ_GT(c->end, nxt) || c->len == 0) {
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(c, "the peer's socket is closed and Linux keeps "
		    "only a FIN-WAIT-2 remnant: a segment with nothing new for "
		    "it is dropped without an answer (RFC 9293 3.10.7.4, fifth "
		    "check)");
		return;
	}
	if (fin && g->datalen == 0 && g->seq == nxt) {
		want(p, PX_ACK, 1, c->end, c->end, us(c, c->end));
		tell(c, "our FIN at the RCV.NXT (%u) of the peer's "
		    "FIN-WAIT-2 remnant: it acknowledges it, ack %u, and goes "
		    "to TIME-WAIT (RFC 9293 3.10.7.4, eighth check)",
		    us(c, nxt), us(c, c->end));
		return;
	}
	want(p, PX_RST, 0, 0, 0, 0);
	tell(c, "new data after the peer's application closed its "
	    "socket: the FIN-WAIT-2 remnant cannot deliver it and answers with "
	    "a RST (RFC 9293 3.10.7.4, seventh check; RFC 1122 4.2.2.13)");
}

/* Not acceptable: outside the window, bytes the peer has, or an ACK of
 * data it never sent; dropped and answered with an ACK.  1 when one of
 * these. */
static int
predict_dropped(struct pctx *c, int ok)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	const struct seg *g = c->g;
	const struct tcb *t = c->t;
	uint32_t nxt = v->rcv_nxt;
	uint32_t irs = t->have_irs ? t->irs : 0;
	int rel = c->in->relative;

	if (ok == 0) {
		/* data is answered every time, a bare segment is limited */
		if (c->len > 0)
			want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		else
			want_oow_ack(c, nxt);
		if (c->len > 0 && SEQ_LEQ(c->end, nxt))
			tell(c, "the peer has these bytes already "
			    "(RCV.NXT is %u): not acceptable, it drops them "
			    "and sends an ACK of what it expects, ack %u (RFC "
			    "9293 3.10.7.4, first check)", us(c, nxt),
			    us(c, nxt));
		else
			tell(c, "not acceptable: the sequence number is "
			    "outside the peer's window (RCV.NXT %u, RCV.WND "
			    "%u); it drops the segment and sends an ACK, ack "
			    "%u (RFC 9293 3.10.7.4, first check)%s", us(c, nxt),
			    v->rcv_wnd, us(c, nxt),
			    c->len > 0 ? "" : oow_note(c));
		return 1;
	}
	if (c->len > 0 && SEQ_LEQ(c->end, nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		tell(c, "the peer has these bytes already (RCV.NXT is "
		    "%u): a duplicate, not acceptable; it drops them and at "
		    "once sends an ACK of what it expects, ack %u (RFC 9293 "
		    "3.10.7.4, first check)", us(c, nxt), us(c, nxt));
		return 1;
	}
	if ((g->flags & TH_ACK) && SEQ_GT(g->ack, t->rcv_max)) {
		want_oow_ack(c, nxt);
		tell(c, "its ack %u acknowledges data the peer never "
		    "sent (its SND.NXT is %u): the peer drops the segment and "
		    "answers with an ACK of its true numbers, ack %u (RFC 9293 "
		    "3.10.7.4, fifth check; RFC 5961 5.2)%s",
		    shown(g->ack, irs, rel), shown(t->rcv_max, irs, rel),
		    us(c, nxt), oow_note(c));
		return 1;
	}
	return 0;
}

/* An acceptable segment without data: an ACK, which draws nothing. */
static void
predict_bare(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct tcb *t = c->t;

	want(p, PX_SILENCE, 0, 0, 0, 0);
	if (t->bytes_in == 0 && t->bytes_out == 0 &&
	    t->snd_nxt == t->iss + 1 && t->role == TCB_CLIENT &&
	    t->have_irs && !t->have_ack_sent)
		tell(c, "it completes the three-way handshake: the peer "
		    "enters ESTABLISHED and its accept() can return; an ACK is "
		    "never acknowledged, so nothing comes back unless its "
		    "application sends data (RFC 9293 3.5; 3.10.7.4, fifth "
		    "check)");
	else
		tell(c, "an acceptable ACK: the peer updates SND.UNA "
		    "(and leaves LAST-ACK or FIN-WAIT-1 if it acknowledges a "
		    "FIN); an ACK is never acknowledged, so nothing comes back "
		    "(RFC 9293 3.10.7.4, fifth check)");
	if (t->bytes_in == 0 && t->bytes_out == 0 &&
	    t->role == TCB_CLIENT && !t->have_ack_sent)
		p->expect |= PX_DATA;
}

/* Data the peer will not take now (its application closed, its window
 * is 0) or holds beyond a gap or its window's edge: 1 when one of
 * these. */
static int
predict_held(struct pctx *c, int ok)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	const struct seg *g = c->g;
	const struct tcb *t = c->t;
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;

	if (v->st == TCB_PEER_SHUT && SEQ_GT(c->end - fin, nxt) &&
	    g->datalen > 0) {
		want(p, PX_RST, 0, 0, 0, 0);
		tell(c, "new data after the peer's application closed "
		    "its socket (its FIN came): nobody can read it, so the "
		    "peer answers with a RST (RFC 9293 3.10.7.4, seventh "
		    "check; RFC 1122 4.2.2.13)");
		return 1;
	}
	if (v->rcv_wnd == 0 && g->datalen > 0) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		tell(c, "the peer's window is 0 (its buffer is full): "
		    "no data is acceptable, so it drops the bytes and answers "
		    "with an ACK, ack %u, window 0 (RFC 9293 3.10.7.4, first "
		    "check; 3.8.6.1)", us(c, nxt));
		return 1;
	}
	if (SEQ_GT(g->seq, nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		tell(c, "inside the window but beyond the peer's "
		    "RCV.NXT (%u), leaving a gap: the peer holds it out of "
		    "order and at once sends a duplicate ACK, ack %u%s (RFC "
		    "9293 3.10.7.4, seventh check; RFC 5681 4.2)", us(c, nxt),
		    us(c, nxt), tcb_sack_ok(t) ? ", with a SACK block for it "
		    "(RFC 2018)" : "");
		return 1;
	}
	if (ok < 0) {
		want(p, PX_ACK, 1, nxt, c->end, us(c, nxt));
		tell(c, "it starts inside the peer's window (right edge "
		    "%u) but ends beyond it: Linux takes it only when its "
		    "receive queue is empty, and answers with an ACK either "
		    "way, ack %u to %u (RFC 9293 3.10.7.4, first check)",
		    us(c, v->edge), us(c, nxt), us(c, c->end));
		return 1;
	}
	return 0;
}

/* In order and inside the window: taken and acknowledged, with what
 * the peer held beyond a hole it fills. */
static void
predict_taken(struct pctx *c)
{
	struct prediction *p = c->p;
	const struct tcb_peer *v = &c->pv;
	const struct seg *g = c->g;
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;
	uint32_t hi;

	/* filling a hole releases what the peer held beyond it */
	hi = SEQ_GEQ(c->end, v->held_end) || v->held_end == nxt ? c->end :
	    v->held_end;
	want(p, PX_ACK | PX_DATA | PX_FIN, 1, nxt + 1, hi, us(c, c->end));
	if (hi != c->end)
		tell(c, "in order: the peer takes the %u bytes and with "
		    "them what it held beyond the hole, and acknowledges up to "
		    "%u at most (RFC 9293 3.10.7.4, seventh check)", g->datalen,
		    us(c, hi));
	else if (fin)
		tell(c, "in order: the peer's TCP acknowledges our FIN, "
		    "ack %u, and its application reads end of data; if it "
		    "closes too, a FIN follows (RFC 9293 3.6; 3.10.7.4, eighth "
		    "check)", us(c, c->end));
	else
		tell(c, "in order and inside the window: the peer takes "
		    "the %u bytes and acknowledges them, ack %u, at once or "
		    "within the delayed-ACK time (RFC 9293 3.10.7.4, seventh "
		    "check; 3.8.6.3)", g->datalen, us(c, c->end));
}

/* Data, FIN or a bare ACK to a socket of the peer (RFC 9293 3.10.7.4 in
 * its order, as Linux's tcp_validate_incoming() and tcp_data_queue() do
 * it). */
static void
predict_open(struct pctx *c)
{
	int ok = tcb_peer_seq_ok(&c->pv, c->g->seq, c->len,
	    (c->g->flags & TH_FIN) ? 1 : 0);

	if (predict_dropped(c, ok))
		return;
	if (c->len == 0)
		predict_bare(c);
	else if (!predict_held(c, ok))
		predict_taken(c);
}

void
predict_segment(const struct predict_in *in, struct prediction *p)
{
	const struct seg *g = in->g;
	const struct tcb *t = in->t;
	uint8_t f = g->flags;
	uint32_t irs;
	int rel = in->relative;
	struct pctx c;

	memset(p, 0, sizeof(*p));
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.g = g;
	c.t = t;
	c.p = p;
	c.len = g->datalen + ((f & TH_SYN) ? 1 : 0) + ((f & TH_FIN) ? 1 : 0);
	c.end = g->seq + c.len;
	c.limited = t->have_chal_at && in->now_us >= t->chal_at &&
	    in->now_us - t->chal_at < OOW_GAP_US;
	tcb_peer_view(t, &c.pv);
	irs = t->have_irs ? t->irs : 0;
	if (g->fixed & (SEG_BAD_TCPSUM | SEG_BAD_IPSUM)) {
		want(p, PX_SILENCE, 0, 0, 0, 0);
		tell(&c, "the peer checks the checksum and silently "
		    "discards this segment: nothing comes back and no state "
		    "changes (RFC 9293 3.1, Checksum; 3.10.7)");
		return;
	}
	if (f & TH_RST) {
		predict_rst(&c);
		return;
	}
	if ((f & TH_SYN) && !(f & TH_ACK)) {
		predict_syn(&c);
		return;
	}
	if ((f & TH_SYN) && (f & TH_ACK)) {
		if (g->ack != t->rcv_nxt) {
			want(p, PX_RST, 0, 0, 0, 0);
			tell(&c, "its ack %u is not the client's ISS+1: "
			    "the client answers with a RST <SEQ=SEG.ACK> (RFC "
			    "9293 3.10.7.3, SYN-SENT state)",
			    shown(g->ack, irs, rel));
			return;
		}
		want(p, PX_ACK | PX_DATA, 1, c.end, c.end, us(&c, c.end));
		tell(&c, "the client's TCP completes the handshake: an "
		    "ACK of our SYN, ack %u, and its connect() returns (RFC "
		    "9293 3.5; 3.10.7.3, SYN-SENT state)", us(&c, c.end));
		return;
	}
	switch (c.pv.st) {
	case TCB_PEER_NONE:
		break;
	case TCB_PEER_GONE:
		predict_gone(&c);
		return;
	case TCB_PEER_FW2:
	case TCB_PEER_TW:
		predict_remnant(&c);
		return;
	default:
		predict_open(&c);
		return;
	}
	if (f & TH_ACK) {
		want(p, PX_RST, 0, 0, 0, 0);
		tell(&c, "no handshake came first: a listening socket "
		    "(or none) answers any ACK-bearing segment with RST "
		    "<SEQ=SEG.ACK> (RFC 9293 3.10.7.2, second check; "
		    "3.10.7.1)");
	} else {
		want(p, PX_SILENCE | PX_RST, 0, 0, 0, 0);
		tell(&c, "no handshake and no ACK: a listening socket "
		    "drops it silently (RFC 9293 3.10.7.2, fourth check), a "
		    "port with no socket answers RST,ACK (3.10.7.1)");
	}
}

static size_t
expect_words(const struct prediction *p, char *buf, size_t cap)
{
	static const struct { int bit; const char *w; } words[] = {
		{ PX_SILENCE, "nothing" }, { PX_SYNACK, "SYN,ACK" },
		{ PX_RST, "RST" }, { PX_ACK, "an ACK" }, { PX_DATA, "data" },
		{ PX_FIN, "FIN" },
	};
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (p->expect & words[i].bit)
			n += sb_fmt(buf + n, cap - n, "%s%s", n ? " or " : "",
			    words[i].w);
	if (p->have_ack && (p->expect & ~PX_SILENCE))
		sb_fmt(buf + n, cap - n, " with ack %u", p->ack_shown);
	return strlen(buf);
}

int
predict_verdict(const struct prediction *p, const struct seg *r, char *buf,
    size_t cap)
{
	char exp[96], fl[8];
	int cls = 0, ok, i = 0;

	expect_words(p, exp, sizeof(exp));
	if (r == NULL) {
		ok = (p->expect & PX_SILENCE) != 0;
		sb_fmt(buf, cap, ok ? "the prediction held: nothing came back" :
		    "the prediction did not hold: nothing came back, "
		    "expected %s", exp);
		return ok;
	}
	if (r->flags & TH_RST)
		cls = PX_RST;
	else if ((r->flags & TH_SYN) && (r->flags & TH_ACK))
		cls = PX_SYNACK;
	else {
		if (r->flags & TH_FIN)
			cls |= PX_FIN;
		if (r->datalen > 0)
			cls |= PX_DATA;
		if ((r->flags & TH_ACK) && cls == 0)
			cls = PX_ACK;
	}
	ok = (cls & p->expect) != 0;
	if (ok && p->have_ack && (r->flags & TH_ACK))
		ok = SEQ_GEQ(r->ack, p->ack_lo) && SEQ_LEQ(r->ack, p->ack_hi);
	if (ok && p->have_ack && !(r->flags & TH_ACK))
		ok = 0;
	/* the flags as the lines print them, without the ACK dot */
	if (r->flags & TH_SYN)
		fl[i++] = 'S';
	if (r->flags & TH_FIN)
		fl[i++] = 'F';
	if (r->flags & TH_RST)
		fl[i++] = 'R';
	if (r->flags & TH_PSH)
		fl[i++] = 'P';
	if (r->flags & TH_ACK)
		fl[i++] = '.';
	fl[i] = '\0';
	sb_fmt(buf, cap, "the prediction %s: [%s]%s, expected %s",
	    ok ? "held" : "did not hold", fl,
	    r->datalen > 0 ? " with data" : "", exp);
	return ok;
}
