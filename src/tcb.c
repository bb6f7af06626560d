/* tcb.c - the RFC 9293 state machine: state, options, what we sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TCB models our end only.  tcb_on_send() is told what actually left
 * (overrides included), tcb_on_recv() (tcb_recv.c) what the peer sent;
 * neither sends.  Analysis notes follow Wireshark's rules where Wireshark
 * has one, so the two tools agree on a capture.  Names and printing are
 * in tcb_note.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcb.h"
#include "tcb_priv.h"
#include "tcpopt.h"

#define WS_MAX		14	/* RFC 7323 2.3: larger shifts count as 14 */
#define DEFAULT_MSS	536	/* RFC 9293 3.7.1 */
#define TSOPT_SPACE	12	/* nop,nop,TS on every segment */

void
tcb_detail(struct tcb_ev *ev, const char *fmt, ...)
{
	size_t n = strlen(ev->detail);
	va_list ap;

	/* several findings on one segment are kept, separated */
	if (n > 0 && n + 2 < sizeof(ev->detail)) {
		memcpy(ev->detail + n, "; ", 3);
		n += 2;
	}
	if (n + 1 >= sizeof(ev->detail))
		return;
	va_start(ap, fmt);
	vsnprintf(ev->detail + n, sizeof(ev->detail) - n, fmt, ap);
	va_end(ap);
}

/* Sequence numbers in the detail text, the way the user reads them. */
long long
tcb_ours(const struct tcb *t, uint32_t x)
{
	return t->show_abs ? (long long)x : (long long)(uint32_t)(x - t->iss);
}

long long
tcb_theirs(const struct tcb *t, uint32_t x)
{
	if (t->show_abs || !t->have_irs)
		return (long long)x;
	return (long long)(uint32_t)(x - t->irs);
}

void
tcb_set_state(struct tcb *t, enum tcb_state s, struct tcb_ev *ev)
{
	t->state = s;
	ev->to = s;
	/* a simultaneous close leaves the peer in TIME-WAIT as well */
	if (s == TCB_CLOSING)
		t->simul_close = 1;
}

void
tcb_close(struct tcb *t, const char *why, struct tcb_ev *ev)
{
	tcb_set_state(t, TCB_CLOSED, ev);
	t->tw_deadline = 0;
	t->ack_owed = 0;
	t->chal_armed = 0;
	snprintf(t->reason, sizeof(t->reason), "%s", why);
}

void
tcb_time_wait(struct tcb *t, uint64_t now_us, struct tcb_ev *ev)
{
	tcb_set_state(t, TCB_TIME_WAIT, ev);
	t->tw_deadline = now_us + 2 * t->msl_us;
	/* a deadline of 0 means "no timer": keep it running at time 0 */
	if (t->tw_deadline == 0)
		t->tw_deadline = 1;
}

/* What the TCB learns from one option, read the table's way */
static void
opt_note(struct segopt *o, const struct tcpopt *p)
{
	switch (p->kind) {
	case TCPOPT_MSS:
		o->mss = p->u.mss;
		break;
	case TCPOPT_WSCALE:
		o->ws = p->u.wscale;
		break;
	case TCPOPT_SACKOK:
		o->sackok = 1;
		break;
	case TCPOPT_TS:
		o->ts = 1;
		o->tsval = p->u.ts.val;
		o->tsecr = p->u.ts.ecr;
		break;
	case TCPOPT_SACK:
		o->nsack = p->nsack;
		break;
	}
}

/* Options come either parsed (opt[], "kind K hex ..." among them) or,
 * for "optbytes", only as bytes: those are decoded as if they arrived. */
void
tcb_opt_scan(const struct seg *s, struct segopt *o)
{
	struct tcpopt dec[SEG_MAXOPT], v;
	const struct tcpopt *p = s->opt;
	int k, n, bad;

	memset(o, 0, sizeof(*o));
	o->mss = -1;
	o->ws = -1;
	n = s->nopt < SEG_MAXOPT ? s->nopt : SEG_MAXOPT;
	if (s->nopt == 0) {
		n = tcpopt_decode(s->optbytes, s->optlen < sizeof(s->optbytes) ?
		    s->optlen : sizeof(s->optbytes), dec, SEG_MAXOPT, &bad);
		p = dec;
	}
	for (k = 0; k < n; k++)
		if (tcpopt_value(&p[k], &v) == 0)
			opt_note(o, &v);
}

static int
synchronized(enum tcb_state s)
{
	return s >= TCB_ESTABLISHED;
}

int
tcb_in_win(uint32_t x, uint32_t lo, uint32_t wnd)
{
	return (uint32_t)(x - lo) < wnd;
}

/* A new incarnation on a TCB that saw an earlier one: keep the settings,
 * forget the connection. */
void
tcb_forget(struct tcb *t)
{
	struct tcb keep = *t;

	tcb_init(t, keep.role, keep.iss, keep.rcv_wnd, keep.our_mss,
	    keep.msl_us);
	t->state = keep.state;
	t->show_abs = keep.show_abs;
	/* the buffers are reused, their contents are not */
	t->rin = keep.rin;
	t->rout = keep.rout;
	reasm_reset(&t->rin);
	reasm_reset(&t->rout);
}

void
tcb_keep_streams(struct tcb *t)
{
	reasm_keep(&t->rin);
	reasm_keep(&t->rout);
}

void
tcb_free(struct tcb *t)
{
	reasm_free(&t->rin);
	reasm_free(&t->rout);
}

/* Remembers when seq last went in one direction; a retransmission or a
 * probe of the same seq learns the interval since, which grows with each
 * resend as the sender backs off.  The entry at pin, where the receiver's
 * ACK points (what a retransmission timer resends), is kept however many
 * segments follow it. */
void
tcb_xmit_track(struct tcb_xmit *h, unsigned *pos, uint32_t seq,
    uint32_t pin, int occupies, uint64_t now_us, struct tcb_ev *ev)
{
	uint32_t again = ev->notes & (TN_RETRANS | TN_FAST_RETRANS | TN_ZWP |
	    TN_KEEPALIVE);
	/* a probe at RCV.NXT-1 shares its seq with the last data (or the
	 * SYN): probes are timed against probes only */
	int probe = (ev->notes & (TN_ZWP | TN_KEEPALIVE)) != 0;
	int i;

	if (!occupies && !again)
		return;
	for (i = 0; i < TCB_NHIST; i++) {
		if (!h[i].valid || h[i].seq != seq || h[i].probe != probe)
			continue;
		if (again && now_us >= h[i].at) {
			ev->gap_us = now_us - h[i].at;
			ev->have_gap = 1;
		}
		h[i].at = now_us;
		return;
	}
	i = (int)(*pos % TCB_NHIST);
	(*pos)++;
	if (h[i].valid && h[i].seq == pin) {
		i = (int)(*pos % TCB_NHIST);
		(*pos)++;
	}
	h[i].seq = seq;
	h[i].at = now_us;
	h[i].valid = 1;
	h[i].probe = (uint8_t)probe;
}

void
tcb_init(struct tcb *t, int role, uint32_t iss, uint32_t rcv_wnd,
    uint16_t our_mss, uint64_t msl_us)
{
	memset(t, 0, sizeof(*t));
	t->role = role;
	t->state = role == TCB_SERVER ? TCB_LISTEN : TCB_CLOSED;
	t->iss = iss;
	t->snd_una = t->snd_nxt = t->snd_max = iss;
	t->rcv_wnd = rcv_wnd;
	t->our_mss = our_mss;
	t->our_ws = t->peer_ws = -1;
	t->msl_us = msl_us;
}

uint16_t
tcb_send_mss(const struct tcb *t)
{
	unsigned mss = t->peer_mss ? t->peer_mss : DEFAULT_MSS;
	unsigned hdrs = t->pmtu_hdrs ? t->pmtu_hdrs : 40;

	/* RFC 1191: what fits in the path MTU with 20 + 20 bytes of
	 * headers (40 + 20 on IPv6, RFC 8201), when that is less */
	if (t->pmtu > hdrs && t->pmtu - hdrs < mss)
		mss = t->pmtu - hdrs;

	/* RFC 9293 3.7.1: the MSS excludes options, so a sender that puts
	 * a timestamp in every segment carries that much less data */
	if (tcb_ts_ok(t) && mss > TSOPT_SPACE + 1)
		mss -= TSOPT_SPACE;
	return (uint16_t)mss;
}

int
tcb_peer_shift(const struct tcb *t)
{
	if (t->our_ws < 0 || t->peer_ws < 0)
		return 0;
	return t->peer_ws > WS_MAX ? WS_MAX : t->peer_ws;
}

int
tcb_our_shift(const struct tcb *t)
{
	if (t->our_ws < 0 || t->peer_ws < 0)
		return 0;
	return t->our_ws > WS_MAX ? WS_MAX : t->our_ws;
}

int
tcb_ts_ok(const struct tcb *t)
{
	return t->our_ts && t->peer_ts;
}

int
tcb_sack_ok(const struct tcb *t)
{
	return t->our_sackok && t->peer_sackok;
}

void
tcb_ev_start(const struct tcb *t, struct tcb_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->from = ev->to = t->state;
}

void
tcb_owe_ack(struct tcb *t, struct tcb_ev *ev)
{
	t->ack_owed = 1;
	ev->notes |= TN_ACK_OWED;
}

int8_t
tcb_ws_clamp(int ws)
{
	return ws < 0 ? -1 : ws > 127 ? 127 : (int8_t)ws;
}

/* ---- the peer, as its ACKs and our segments show it ---- */

/* Where the peer stands: a FIN of its own makes its socket refuse more
 * data; once we acknowledged that FIN, Linux keeps only a remnant of a
 * closed socket (FIN-WAIT-2, then TIME-WAIT), or nothing after LAST-ACK.
 * The peers this shell meets close() their sockets; one that only shut
 * down writing keeps a full socket instead. */
static enum tcb_peer_st
peer_state(const struct tcb *t, int has_fin)
{
	int fin_acked;

	if (!t->have_irs || t->state == TCB_CLOSED ||
	    t->state == TCB_LISTEN || t->state == TCB_SYN_SENT)
		return TCB_PEER_NONE;
	if (!t->fin_rcvd)
		return TCB_PEER_OPEN;
	fin_acked = t->have_ack_sent && SEQ_GT(t->last_ack_sent,
	    t->peer_fin_seq);
	if (!fin_acked)
		return TCB_PEER_SHUT;
	if (!has_fin)
		return TCB_PEER_FW2;
	/* its FIN came after it had ours (FIN-WAIT-2 -> TIME-WAIT here):
	 * it was in LAST-ACK, and our ACK ended it */
	return t->simul_close ? TCB_PEER_TW : TCB_PEER_GONE;
}

void
tcb_peer_view(const struct tcb *t, struct tcb_peer *p)
{
	uint32_t nxt = t->snd_una, held;

	memset(p, 0, sizeof(*p));
	/* our SYN counts once the handshake is under way */
	if (t->have_irs && nxt == t->iss && t->state != TCB_SYN_SENT)
		nxt = t->iss + 1;
	/* bytes sent in order since its last ACK: it has them, unacked.
	 * An ACK that came after our latest segment shows all it took
	 * (loopback and a lab wire keep the order). */
	if (t->have_last_rcvd && t->nacks_rcvd != t->nacks_at_send) {
		if (SEQ_GT(t->last_ack_rcvd, nxt))
			nxt = t->last_ack_rcvd;
	} else {
		if (t->rout.started && SEQ_GT(t->rout.nxt, nxt))
			nxt = t->rout.nxt;
		if (t->fin_sent && t->fin_seq == nxt)
			nxt++;
	}
	/* nothing of ours from a lost segment on has arrived */
	if (t->lost_valid && SEQ_GEQ(t->lost_from, t->snd_una) &&
	    SEQ_GT(nxt, t->lost_from))
		nxt = t->lost_from;
	p->rcv_nxt = nxt;
	p->rcv_wup = t->have_last_rcvd ? t->last_ack_rcvd : t->snd_una;
	p->edge = t->snd_wl2 + t->snd_wnd;
	if (!t->have_last_rcvd || SEQ_LT(p->edge, p->rcv_wup))
		p->edge = p->rcv_wup + t->snd_wnd;
	p->rcv_wnd = SEQ_GT(p->edge, nxt) ? p->edge - nxt : 0;
	p->has_fin = t->fin_sent && SEQ_GT(nxt, t->fin_seq);
	p->st = peer_state(t, p->has_fin);
	/* beyond a hole it holds what we sent and reports it in SACK
	 * blocks; a FIN held there ends the last one */
	p->held_end = nxt;
	if (t->rout.started && t->rout.nheld > 0 &&
	    SEQ_GT(reasm_max(&t->rout), nxt)) {
		held = reasm_max(&t->rout);
		if (t->fin_sent && t->fin_seq == held)
			held++;
		p->held_end = held;
		if (tcb_sack_ok(t)) {
			p->sack = 1;
			p->sack_end = held;
		}
	}
}

/* The zero-length case of Linux's tcp_sequence(), and RFC 9293's with
 * the right edge counted in: RCV.WUP <= seq <= edge. */
static int
peer_in_win0(const struct tcb_peer *p, uint32_t seq)
{
	return SEQ_GEQ(seq, p->rcv_wup) && SEQ_LEQ(seq, p->edge);
}

int
tcb_peer_seq_ok(const struct tcb_peer *p, uint32_t seq, uint32_t seglen,
    int fin)
{
	uint32_t end = seq + seglen;

	if (SEQ_LT(end, p->rcv_wup))
		return 0;
	if (SEQ_LEQ(end - (fin ? 1 : 0), p->edge))
		return 1;
	/* past the edge: Linux (6.17 on) takes it only if it starts inside
	 * and its receive queue is empty, which we cannot see */
	return SEQ_LEQ(seq, p->edge) ? -1 : 0;
}

enum tcb_rst_fate
tcb_peer_rst(const struct tcb_peer *p, uint32_t seq)
{
	switch (p->st) {
	case TCB_PEER_NONE:
	case TCB_PEER_GONE:
		return TCB_RST_NOSOCK;
	case TCB_PEER_FW2:
		/* tcp_timewait_state_process(): any RST in the window ends
		 * the remnant; outside it is answered with an ACK */
		if (seq == p->rcv_nxt || (SEQ_GT(seq, p->rcv_nxt) &&
		    SEQ_LEQ(seq, p->edge)))
			return TCB_RST_KILL;
		return TCB_RST_OUTSIDE;
	case TCB_PEER_TW:
		/* only at RCV.NXT; any other RST is dropped */
		return seq == p->rcv_nxt ? TCB_RST_KILL : TCB_RST_IGNORED;
	default:
		break;
	}
	if (seq == p->rcv_nxt)
		return TCB_RST_EXACT;
	/* RFC 5961 3.2 as Linux extends it: RCV.NXT-1 after a FIN */
	if (p->has_fin && seq == p->rcv_nxt - 1)
		return TCB_RST_FIN;
	if (!peer_in_win0(p, seq))
		return TCB_RST_OUTSIDE;
	if (p->sack && seq == p->sack_end)
		return TCB_RST_SACK;
	return TCB_RST_CHALLENGE;
}

/* ---- what we sent ---- */

/* Linux answers at most one out-of-window segment per socket every
 * 500 ms (net.ipv4.tcp_invalid_ratelimit): a second probe right after a
 * challenge ACK draws nothing, which puzzles anyone who does not know. */
#define LINUX_OOW_GAP_US	500000

static void
rate_limit_hint(const struct tcb *t, uint64_t now_us, struct tcb_ev *ev)
{
	if (t->have_chal_at && now_us >= t->chal_at &&
	    now_us - t->chal_at < LINUX_OOW_GAP_US)
		tcb_detail(ev, "but the last challenge ACK came %llu ms ago: "
		    "Linux sends at most one per 500 ms "
		    "(net.ipv4.tcp_invalid_ratelimit)",
		    (unsigned long long)((now_us - t->chal_at) / 1000));
}

static void
sent_rst(struct tcb *t, const struct seg *s, uint64_t now_us,
    struct tcb_ev *ev)
{
	struct tcb_peer p;

	t->chal_armed = 0;
	switch (t->state) {
	case TCB_CLOSED:
		return;
	case TCB_LISTEN:
		if (t->have_irs)
			tcb_close(t, "reset by us", ev);
		return;
	case TCB_SYN_SENT:
	case TCB_TIME_WAIT:
		tcb_close(t, "reset by us", ev);
		return;
	default:
		break;
	}
	/* RFC 5961 3.2: only a RST at the peer's RCV.NXT (as Linux has it:
	 * RCV.NXT-1 after our FIN, the end of its SACK blocks) resets; one
	 * inside the window draws a challenge ACK, others are ignored.  A
	 * RST the peer will not take leaves both ends as they were: our TCB
	 * stays open, the line says why. */
	tcb_peer_view(t, &p);
	switch (tcb_peer_rst(&p, s->seq)) {
	case TCB_RST_EXACT:
	case TCB_RST_FIN:
	case TCB_RST_SACK:
	case TCB_RST_KILL:
	case TCB_RST_NOSOCK:
		tcb_close(t, "reset by us", ev);
		return;
	case TCB_RST_CHALLENGE:
		ev->notes |= TN_DEPARTS;
		t->chal_armed = 1;
		tcb_detail(ev, "RST in the peer's window but not at its "
		    "RCV.NXT %lld: the peer will not accept it, it answers "
		    "with a challenge ACK and the connection stays (RFC 5961 "
		    "3.2)", tcb_ours(t, p.rcv_nxt));
		rate_limit_hint(t, now_us, ev);
		return;
	default:
		ev->notes |= TN_DEPARTS;
		tcb_detail(ev, "RST outside the peer's window (RCV.NXT %lld, "
		    "RCV.WND %u): the peer will not accept it, it %s and the "
		    "connection stays (RFC 9293 3.10.7.4)",
		    tcb_ours(t, p.rcv_nxt), p.rcv_wnd,
		    p.st == TCB_PEER_FW2 || p.st == TCB_PEER_TW ?
		    "answers with an ACK (what Linux keeps of a closed socket)" :
		    "drops it");
		return;
	}
}

static void
note_our_synopts(struct tcb *t, const struct segopt *o)
{
	t->our_mss = o->mss < 0 ? 0 : (uint16_t)o->mss;
	t->our_ws = tcb_ws_clamp(o->ws);
	t->our_sackok = (uint8_t)o->sackok;
	t->our_ts = (uint8_t)o->ts;
}

/* Returns 1 when the SYN opened (or answered) a connection, so its
 * sequence space is new rather than resent. */
static int
sent_syn(struct tcb *t, const struct seg *s, const struct segopt *o,
    uint64_t now_us, struct tcb_ev *ev)
{
	uint32_t end = s->seq + 1 + s->datalen + !!(s->flags & TH_FIN);

	if (t->state == TCB_CLOSED ||
	    (t->state == TCB_LISTEN && !t->have_irs)) {
		/* any ISN is legitimate: the SYN defines ISS */
		tcb_forget(t);
		t->reason[0] = '\0';
		t->role = TCB_CLIENT;
		t->iss = t->snd_una = s->seq;
		t->snd_nxt = t->snd_max = end;
		reasm_start(&t->rout, s->seq + 1);
		note_our_synopts(t, o);
		tcb_set_state(t, TCB_SYN_SENT, ev);
		return 1;
	}
	if (t->state == TCB_LISTEN) {
		t->iss = t->snd_una = s->seq;
		t->snd_nxt = t->snd_max = end;
		reasm_start(&t->rout, s->seq + 1);
		note_our_synopts(t, o);
		t->synack_sent = 1;
		tcb_set_state(t, TCB_SYN_RECEIVED, ev);
		if (!(s->flags & TH_ACK)) {
			ev->notes |= TN_DEPARTS;
			tcb_detail(ev, "SYN without ACK answers the peer's "
			    "SYN");
		}
		return 1;
	}
	if (s->seq != t->iss) {
		ev->notes |= TN_DEPARTS;
		tcb_detail(ev, "SYN seq %lld != ISS %lld", tcb_ours(t, s->seq),
		    tcb_ours(t, t->iss));
	}
	if (synchronized(t->state)) {
		/* the peer must not reset on it (RFC 5961 4): the builder
		 * says so, this arms the recognition of its challenge ACK */
		ev->notes |= TN_SYN_SYNC;
		t->chal_armed = 1;
		rate_limit_hint(t, now_us, ev);
		return 0;
	}
	if (t->state == TCB_SYN_SENT || t->state == TCB_SYN_RECEIVED)
		note_our_synopts(t, o);
	if (t->state == TCB_SYN_RECEIVED && !t->synack_sent &&
	    (s->flags & TH_ACK) && s->seq == t->iss) {
		/* simultaneous open: our SYN,ACK acknowledges the peer's SYN
		 * for the first time, it is no resend */
		t->synack_sent = 1;
		return 1;
	}
	return 0;
}

static void
sent_text(struct tcb *t, const struct seg *s, int fresh_syn,
    struct tcb_ev *ev)
{
	uint32_t fin = !!(s->flags & TH_FIN);
	uint32_t len = s->datalen, seglen = len + fin;
	uint32_t dseq = s->seq, end = s->seq + seglen, edge;
	struct reasm_res res;

	if (s->flags & TH_SYN) {
		/* only an opening SYN moves SND.NXT, and sent_syn did */
		if (!fresh_syn && SEQ_LT(s->seq, t->snd_max))
			ev->notes |= TN_RETRANS;
		return;
	}
	if (seglen == 0)
		return;
	if (t->state == TCB_LISTEN || t->state == TCB_SYN_SENT) {
		/* the peer has no connection to put it in yet */
		ev->notes |= TN_DEPARTS;
		tcb_detail(ev, "%s before the handshake completes: the peer "
		    "drops it", len > 0 ? "data" : "FIN");
		return;
	}
	if (SEQ_LT(s->seq, t->snd_max)) {
		/* bytes never sent before fill the hole we left: late, not
		 * resent */
		if (len > 0 && t->rout.started && !fin &&
		    reasm_seen(&t->rout, dseq, len) == 0)
			ev->notes |= TN_OOO;
		else if (t->dupacks >= 2 && s->seq == t->last_ack_rcvd)
			ev->notes |= TN_FAST_RETRANS;
		else
			ev->notes |= TN_RETRANS;
	} else if (t->have_irs && t->snd_wnd > 0 &&
	    SEQ_GEQ(s->seq, t->snd_una + t->snd_wnd)) {
		/* the peer cannot take any of it: an ACK and nothing more,
		 * so it is no part of what we sent (SND.NXT stays) */
		ev->notes |= TN_OUT_OF_WIN | TN_DEPARTS;
		tcb_detail(ev, "starts beyond the peer's window "
		    "(SND.UNA+SND.WND = %lld): it drops it and answers with "
		    "an ACK; SND.NXT stays",
		    tcb_ours(t, t->snd_una + t->snd_wnd));
		return;
	} else if (SEQ_GT(s->seq, t->snd_max)) {
		ev->notes |= TN_PREV_UNSEEN | TN_DEPARTS;
		tcb_detail(ev, "leaves a hole of %u bytes: the peer holds this "
		    "out of order and asks for the hole with dup ACKs",
		    (uint32_t)(s->seq - t->snd_max));
	}
	if (len > 0 && t->have_irs) {
		edge = t->snd_una + t->snd_wnd;
		if (t->snd_wnd == 0 && len == 1 &&
		    SEQ_GEQ(s->seq, t->snd_una)) {
			/* a probe says nothing about loss */
			ev->notes &= ~(uint32_t)(TN_RETRANS | TN_FAST_RETRANS |
			    TN_OOO);
			ev->notes |= TN_ZWP;
			t->zwp_out = 1;
			t->zwp_seq = s->seq;
		} else if (SEQ_GEQ(dseq + len, edge)) {
			ev->notes |= TN_WIN_FULL;
			/* a warning, not a refusal: seeing what the peer does
			 * with it is the point */
			if (SEQ_GT(dseq + len, edge)) {
				ev->notes |= TN_DEPARTS;
				tcb_detail(ev, "%u bytes beyond the peer's "
				    "window (SND.UNA+SND.WND = %lld): it may "
				    "drop them (Linux keeps what its buffer "
				    "still holds)", SEQ_GT(dseq, edge) ? len :
				    (uint32_t)(dseq + len - edge),
				    tcb_ours(t, edge));
			}
		}
	}
	t->nacks_at_send = t->nacks_rcvd;
	if (len > 0 && t->rout.started)
		reasm_add(&t->rout, dseq, s->data != NULL &&
		    s->datalen >= len ? s->data : NULL, len,
		    t->rout.nxt + 0x7fffffffu, &res);
	if (SEQ_GT(dseq + len, t->snd_max))
		t->bytes_out += (uint32_t)(dseq + len -
		    (SEQ_GT(dseq, t->snd_max) ? dseq : t->snd_max));
	if (SEQ_GT(end, t->snd_nxt))
		t->snd_nxt = end;
	if (SEQ_GT(end, t->snd_max))
		t->snd_max = end;
	if (!fin)
		return;
	if (t->fin_sent) {
		if (dseq + len != t->fin_seq) {
			ev->notes |= TN_DEPARTS;
			tcb_detail(ev, "second FIN at %lld, the first was at "
			    "%lld", tcb_ours(t, dseq + len),
			    tcb_ours(t, t->fin_seq));
		}
		return;
	}
	t->fin_sent = 1;
	t->fin_seq = dseq + len;
	if (t->state == TCB_ESTABLISHED || t->state == TCB_SYN_RECEIVED)
		tcb_set_state(t, TCB_FIN_WAIT_1, ev);
	else if (t->state == TCB_CLOSE_WAIT)
		tcb_set_state(t, TCB_LAST_ACK, ev);
}

/* Wireshark's rules for a segment without data, against the previous
 * segment we sent: the same ack and window again is a duplicate ACK, a
 * new window alone a window update; an ACK right after the peer's
 * zero-window probe, with the window still 0, answers the probe.  As in
 * RFC 5681, a duplicate ACK needs something the peer sent beyond it. */
static void
sent_ack_analysis(struct tcb *t, const struct seg *s, const struct segopt *o,
    uint64_t now_us, struct tcb_ev *ev)
{
	int plain = (s->flags & (TH_SYN | TH_FIN | TH_RST | TH_ACK)) ==
	    TH_ACK && s->datalen == 0;
	/* windows compared in bytes: a SYN's is never scaled, later ones
	 * are */
	uint32_t win = (uint32_t)s->win << tcb_our_shift(t);

	if (!(s->flags & TH_ACK))
		return;
	if (plain && t->zwp_in && s->win == 0)
		ev->notes |= TN_ZWP_ACK;
	else if (plain && t->have_ack_sent && s->ack == t->last_ack_sent &&
	    s->win != 0) {
		/* with SACK blocks it reports held data: a duplicate ACK
		 * whatever the window did (RFC 6675) */
		if (win != t->last_win_sent && o->nsack == 0)
			ev->notes |= TN_WIN_UPDATE;
		else if (t->have_irs && SEQ_LT(s->ack, t->rcv_max)) {
			ev->notes |= TN_DUPACK;
			ev->dupack_n = ++t->dupacks_sent;
			t->dupack_sent_at = now_us;
		}
	}
	if (!t->have_ack_sent || s->ack != t->last_ack_sent || !plain)
		t->dupacks_sent = 0;
	t->zwp_in = 0;
	t->have_ack_sent = 1;
	t->last_ack_sent = s->ack;
}

/* A bad checksum is a segment lost on the way: the TCB moves on as a
 * sender does, but the peer has nothing from it on until it goes again
 * (tcb_peer_view). */
static void
note_lost(struct tcb *t, const struct seg *s)
{
	uint32_t len = s->datalen + ((s->flags & TH_FIN) ? 1 : 0);

	if (len == 0 || (s->flags & TH_SYN))
		return;
	if (s->fixed & (SEG_BAD_TCPSUM | SEG_BAD_IPSUM)) {
		if (!t->lost_valid || SEQ_LT(s->seq, t->lost_from))
			t->lost_from = s->seq;
		t->lost_valid = 1;
	} else if (t->lost_valid && SEQ_LEQ(s->seq, t->lost_from) &&
	    SEQ_GT(s->seq + len, t->lost_from))
		t->lost_valid = 0;
}

void
tcb_on_send(struct tcb *t, const struct seg *s, uint64_t now_us,
    struct tcb_ev *ev)
{
	struct tcb_ev local;
	struct segopt o;
	int fresh = 0;

	if (ev == NULL)
		ev = &local;
	tcb_ev_start(t, ev);
	if (s->fixed & SEG_BAD_TCPSUM)
		ev->notes |= TN_BAD_CKSUM;
	if (s->flags & TH_RST) {
		sent_rst(t, s, now_us, ev);
		return;
	}
	if (t->state == TCB_CLOSED && !(s->flags & TH_SYN)) {
		ev->notes |= TN_DEPARTS;
		tcb_detail(ev, "sent in CLOSED: no connection to carry it");
		return;
	}
	/* a challenge ACK answers only the segment just before it */
	t->chal_armed = 0;
	tcb_opt_scan(s, &o);
	if (s->flags & TH_SYN)
		fresh = sent_syn(t, s, &o, now_us, ev);
	if (s->win == 0 && !(s->flags & (TH_SYN | TH_FIN)))
		ev->notes |= TN_ZERO_WIN;
	sent_ack_analysis(t, s, &o, now_us, ev);
	t->last_win_sent = (s->flags & TH_SYN) ? s->win :
	    (uint32_t)s->win << tcb_our_shift(t);
	t->have_win_sent = 1;
	if (s->flags & TH_URG)
		ev->notes |= TN_URGENT;
	sent_text(t, s, fresh, ev);
	note_lost(t, s);
	tcb_xmit_track(t->hist_out, &t->hist_out_pos, s->seq, t->snd_una,
	    s->datalen > 0 || (s->flags & (TH_SYN | TH_FIN)), now_us, ev);
	if ((s->flags & TH_ACK) && t->have_irs) {
		if (SEQ_GEQ(s->ack, t->rcv_nxt))
			t->ack_owed = 0;
		if (SEQ_GT(s->ack, t->rcv_max)) {
			ev->notes |= TN_DEPARTS;
			tcb_detail(ev, "ack %lld acknowledges data the peer "
			    "never sent (RCV.NXT %lld)", tcb_theirs(t, s->ack),
			    tcb_theirs(t, t->rcv_nxt));
		}
	}
}

void
tcb_tick(struct tcb *t, uint64_t now_us, struct tcb_ev *ev)
{
	struct tcb_ev local;

	if (ev == NULL)
		ev = &local;
	tcb_ev_start(t, ev);
	if (t->state != TCB_TIME_WAIT || t->tw_deadline == 0 ||
	    now_us < t->tw_deadline)
		return;
	ev->notes |= TN_TW_DONE;
	tcb_close(t, "TIME-WAIT over: 2*MSL elapsed", ev);
}
