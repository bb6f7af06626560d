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

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
opt_value(struct segopt *o, uint8_t kind, const uint8_t *v, size_t vlen)
{
	switch (kind) {
	case TCPOPT_MSS:
		if (vlen == 2)
			o->mss = v[0] << 8 | v[1];
		break;
	case TCPOPT_WSCALE:
		if (vlen == 1)
			o->ws = v[0];
		break;
	case TCPOPT_SACKOK:
		if (vlen == 0)
			o->sackok = 1;
		break;
	case TCPOPT_TS:
		if (vlen == 8) {
			o->ts = 1;
			o->tsval = be32(v);
			o->tsecr = be32(v + 4);
		}
		break;
	}
}

/* Options come either parsed (opt[]) or, for "optbytes", only as bytes. */
void
tcb_opt_scan(const struct seg *s, struct segopt *o)
{
	const struct tcpopt *p;
	size_t i, n, l;
	int k;

	memset(o, 0, sizeof(*o));
	o->mss = -1;
	o->ws = -1;
	for (k = 0; k < s->nopt && k < SEG_MAXOPT; k++) {
		p = &s->opt[k];
		if (p->bad)
			continue;
		if (p->raw == 1) {
			opt_value(o, p->kind, p->data,
			    p->datalen < sizeof(p->data) ? p->datalen :
			    sizeof(p->data));
			continue;
		}
		if (p->raw != 0)
			continue;
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
		}
	}
	if (s->nopt > 0)
		return;
	n = s->optlen < sizeof(s->optbytes) ? s->optlen : sizeof(s->optbytes);
	for (i = 0; i < n;) {
		if (s->optbytes[i] == TCPOPT_EOL)
			break;
		if (s->optbytes[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= n)
			break;
		l = s->optbytes[i + 1];
		if (l < 2 || l > n - i)
			break;
		opt_value(o, s->optbytes[i], s->optbytes + i + 2, l - 2);
		i += l;
	}
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

/* ---- what we sent ---- */

static void
sent_rst(struct tcb *t, const struct seg *s, struct tcb_ev *ev)
{
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
	/* RFC 5961 3.2: only a RST exactly at the peer's RCV.NXT resets;
	 * one inside the window draws a challenge ACK, others are ignored.
	 * Our SND.NXT is the peer's RCV.NXT once all we sent arrived. */
	if (s->seq == t->snd_nxt) {
		tcb_close(t, "reset by us", ev);
		return;
	}
	ev->notes |= TN_DEPARTS;
	if (tcb_in_win(s->seq, t->snd_nxt, t->snd_wnd)) {
		t->chal_armed = 1;
		tcb_detail(ev, "RST seq %lld != SND.NXT %lld: the peer should "
		    "answer with a challenge ACK (RFC 5961)",
		    tcb_ours(t, s->seq), tcb_ours(t, t->snd_nxt));
	} else
		tcb_detail(ev, "RST seq %lld outside the peer's window "
		    "(SND.NXT %lld, SND.WND %u): the peer ignores it",
		    tcb_ours(t, s->seq), tcb_ours(t, t->snd_nxt), t->snd_wnd);
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
    struct tcb_ev *ev)
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
		note_our_synopts(t, o);
		tcb_set_state(t, TCB_SYN_SENT, ev);
		return 1;
	}
	if (t->state == TCB_LISTEN) {
		t->iss = t->snd_una = s->seq;
		t->snd_nxt = t->snd_max = end;
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
		/* the peer must not reset on it (RFC 5961 4) */
		ev->notes |= TN_SYN_SYNC;
		t->chal_armed = 1;
		tcb_detail(ev, "SYN in %s: the peer should answer with a "
		    "challenge ACK (RFC 5961)", tcb_state_name(t->state));
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
	if (SEQ_LT(s->seq, t->snd_max))
		ev->notes |= TN_RETRANS;
	else if (SEQ_GT(s->seq, t->snd_max)) {
		ev->notes |= TN_DEPARTS;
		tcb_detail(ev, "seq %lld beyond SND.NXT %lld: leaves a hole",
		    tcb_ours(t, s->seq), tcb_ours(t, t->snd_max));
	}
	if (len > 0 && t->have_irs) {
		edge = t->snd_una + t->snd_wnd;
		if (t->snd_wnd == 0 && len == 1 && s->seq == t->snd_nxt)
			ev->notes |= TN_ZWP;
		else if (SEQ_GEQ(dseq + len, edge)) {
			ev->notes |= TN_WIN_FULL;
			if (SEQ_GT(dseq + len, edge))
				tcb_detail(ev, "data ends at %lld, beyond "
				    "SND.UNA+SND.WND %lld: the peer drops the "
				    "excess", tcb_ours(t, dseq + len),
				    tcb_ours(t, edge));
		}
	}
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

void
tcb_on_send(struct tcb *t, const struct seg *s, uint64_t now_us,
    struct tcb_ev *ev)
{
	struct tcb_ev local;
	struct segopt o;
	int fresh = 0;

	(void)now_us;
	if (ev == NULL)
		ev = &local;
	tcb_ev_start(t, ev);
	if (s->fixed & SEG_BAD_TCPSUM)
		ev->notes |= TN_BAD_CKSUM;
	if (s->flags & TH_RST) {
		sent_rst(t, s, ev);
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
		fresh = sent_syn(t, s, &o, ev);
	if (s->win == 0 && !(s->flags & (TH_SYN | TH_FIN)))
		ev->notes |= TN_ZERO_WIN;
	t->last_win_sent = (s->flags & TH_SYN) ? s->win :
	    (uint32_t)s->win << tcb_our_shift(t);
	t->have_win_sent = 1;
	sent_text(t, s, fresh, ev);
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
