/* tcb.c - the RFC 9293 state machine, driven by what was sent and what
 * arrived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TCB models our end only.  tcb_on_send() is told what actually left
 * (overrides included), tcb_on_recv() what the peer sent; neither sends.
 * Analysis notes follow Wireshark's rules where Wireshark has one, so the
 * two tools agree on a capture.  Names and printing are in tcb_note.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcb.h"

/* What a decoder could not take apart: the fields are not the peer's. */
#define ANNO_BROKEN	(SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_BAD_IHL | \
			 SEG_A_NOT_TCP | SEG_A_TRUNC_TCP | SEG_A_BAD_DOFF | \
			 SEG_A_FRAG | SEG_A_BAD_LINK)
#define ANNO_SUMS	(SEG_A_IPSUM_BAD | SEG_A_SUM_BAD | SEG_A_SUM_PART | \
			 SEG_A_SUM_UNCHK)

#define WS_MAX		14	/* RFC 7323 2.3: larger shifts count as 14 */
#define DEFAULT_MSS	536	/* RFC 9293 3.7.1 */
#define TSOPT_SPACE	12	/* nop,nop,TS on every segment */

/* The options of one segment that matter to the TCB. */
struct segopt {
	int		mss;		/* -1 when absent */
	int		ws;		/* -1 when absent */
	int		sackok;
	int		ts;
	uint32_t	tsval, tsecr;
};

/* One received segment, taken apart once. */
struct rx {
	uint32_t	seq, ack;
	uint32_t	len;		/* payload bytes */
	uint32_t	seglen;		/* len + SYN + FIN */
	uint16_t	win;
	uint8_t		fl;
	struct segopt	o;
	int		armed;		/* a challenge ACK was due */
};

static void
ev_detail(struct tcb_ev *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
ev_detail(struct tcb_ev *ev, const char *fmt, ...)
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
static long long
ours(const struct tcb *t, uint32_t x)
{
	return t->show_abs ? (long long)x : (long long)(uint32_t)(x - t->iss);
}

static long long
theirs(const struct tcb *t, uint32_t x)
{
	if (t->show_abs || !t->have_irs)
		return (long long)x;
	return (long long)(uint32_t)(x - t->irs);
}

static void
set_state(struct tcb *t, enum tcb_state s, struct tcb_ev *ev)
{
	t->state = s;
	ev->to = s;
}

static void
close_with(struct tcb *t, const char *why, struct tcb_ev *ev)
{
	set_state(t, TCB_CLOSED, ev);
	t->tw_deadline = 0;
	t->ack_owed = 0;
	t->chal_armed = 0;
	snprintf(t->reason, sizeof(t->reason), "%s", why);
}

static void
start_time_wait(struct tcb *t, uint64_t now_us, struct tcb_ev *ev)
{
	set_state(t, TCB_TIME_WAIT, ev);
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
static void
opt_scan(const struct seg *s, struct segopt *o)
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

/* The payload the sender meant: a short capture still advances RCV.NXT by
 * what the IP header says was sent. */
static uint32_t
paylen(const struct seg *s)
{
	uint32_t hdr = (uint32_t)s->ihl * 4 + (uint32_t)s->doff * 4;

	if ((s->anno & SEG_A_TRUNC) && s->tot_len >= hdr)
		return s->tot_len - hdr;
	return s->datalen;
}

static int
synchronized(enum tcb_state s)
{
	return s >= TCB_ESTABLISHED;
}

static int
in_win(uint32_t x, uint32_t lo, uint32_t wnd)
{
	return (uint32_t)(x - lo) < wnd;
}

/* RFC 9293 3.10.7.4, the four cases of the acceptability table. */
static int
acceptable(const struct tcb *t, uint32_t seq, uint32_t seglen)
{
	uint32_t nxt = t->rcv_nxt, wnd = t->rcv_wnd;

	if (seglen == 0)
		return wnd == 0 ? seq == nxt : in_win(seq, nxt, wnd);
	if (wnd == 0)
		return 0;
	return in_win(seq, nxt, wnd) || in_win(seq + seglen - 1, nxt, wnd);
}

/* A new incarnation on a TCB that saw an earlier one: keep the settings,
 * forget the connection. */
static void
forget_conn(struct tcb *t)
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

static void
ev_start(const struct tcb *t, struct tcb_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->from = ev->to = t->state;
}

static void
owe_ack(struct tcb *t, struct tcb_ev *ev)
{
	t->ack_owed = 1;
	ev->notes |= TN_ACK_OWED;
}

static int8_t
ws_clamp(int ws)
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
			close_with(t, "reset by us", ev);
		return;
	case TCB_SYN_SENT:
	case TCB_TIME_WAIT:
		close_with(t, "reset by us", ev);
		return;
	default:
		break;
	}
	/* RFC 5961 3.2: only a RST exactly at the peer's RCV.NXT resets;
	 * one inside the window draws a challenge ACK, others are ignored.
	 * Our SND.NXT is the peer's RCV.NXT once all we sent arrived. */
	if (s->seq == t->snd_nxt) {
		close_with(t, "reset by us", ev);
		return;
	}
	ev->notes |= TN_DEPARTS;
	if (in_win(s->seq, t->snd_nxt, t->snd_wnd)) {
		t->chal_armed = 1;
		ev_detail(ev, "RST seq %lld != SND.NXT %lld: the peer should "
		    "answer with a challenge ACK (RFC 5961)",
		    ours(t, s->seq), ours(t, t->snd_nxt));
	} else
		ev_detail(ev, "RST seq %lld outside the peer's window "
		    "(SND.NXT %lld, SND.WND %u): the peer ignores it",
		    ours(t, s->seq), ours(t, t->snd_nxt), t->snd_wnd);
}

static void
note_our_synopts(struct tcb *t, const struct segopt *o)
{
	t->our_mss = o->mss < 0 ? 0 : (uint16_t)o->mss;
	t->our_ws = ws_clamp(o->ws);
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
		forget_conn(t);
		t->reason[0] = '\0';
		t->role = TCB_CLIENT;
		t->iss = t->snd_una = s->seq;
		t->snd_nxt = t->snd_max = end;
		note_our_synopts(t, o);
		set_state(t, TCB_SYN_SENT, ev);
		return 1;
	}
	if (t->state == TCB_LISTEN) {
		t->iss = t->snd_una = s->seq;
		t->snd_nxt = t->snd_max = end;
		note_our_synopts(t, o);
		t->synack_sent = 1;
		set_state(t, TCB_SYN_RECEIVED, ev);
		if (!(s->flags & TH_ACK)) {
			ev->notes |= TN_DEPARTS;
			ev_detail(ev, "SYN without ACK answers the peer's SYN");
		}
		return 1;
	}
	if (s->seq != t->iss) {
		ev->notes |= TN_DEPARTS;
		ev_detail(ev, "SYN seq %lld != ISS %lld", ours(t, s->seq),
		    ours(t, t->iss));
	}
	if (synchronized(t->state)) {
		/* the peer must not reset on it (RFC 5961 4) */
		ev->notes |= TN_SYN_SYNC;
		t->chal_armed = 1;
		ev_detail(ev, "SYN in %s: the peer should answer with a "
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
		ev_detail(ev, "%s before the handshake completes: the peer "
		    "drops it", len > 0 ? "data" : "FIN");
		return;
	}
	if (SEQ_LT(s->seq, t->snd_max))
		ev->notes |= TN_RETRANS;
	else if (SEQ_GT(s->seq, t->snd_max)) {
		ev->notes |= TN_DEPARTS;
		ev_detail(ev, "seq %lld beyond SND.NXT %lld: leaves a hole",
		    ours(t, s->seq), ours(t, t->snd_max));
	}
	if (len > 0 && t->have_irs) {
		edge = t->snd_una + t->snd_wnd;
		if (t->snd_wnd == 0 && len == 1 && s->seq == t->snd_nxt)
			ev->notes |= TN_ZWP;
		else if (SEQ_GEQ(dseq + len, edge)) {
			ev->notes |= TN_WIN_FULL;
			if (SEQ_GT(dseq + len, edge))
				ev_detail(ev, "data ends at %lld, beyond "
				    "SND.UNA+SND.WND %lld: the peer drops the "
				    "excess", ours(t, dseq + len),
				    ours(t, edge));
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
			ev_detail(ev, "second FIN at %lld, the first was at "
			    "%lld", ours(t, dseq + len), ours(t, t->fin_seq));
		}
		return;
	}
	t->fin_sent = 1;
	t->fin_seq = dseq + len;
	if (t->state == TCB_ESTABLISHED || t->state == TCB_SYN_RECEIVED)
		set_state(t, TCB_FIN_WAIT_1, ev);
	else if (t->state == TCB_CLOSE_WAIT)
		set_state(t, TCB_LAST_ACK, ev);
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
	ev_start(t, ev);
	if (s->fixed & SEG_BAD_TCPSUM)
		ev->notes |= TN_BAD_CKSUM;
	if (s->flags & TH_RST) {
		sent_rst(t, s, ev);
		return;
	}
	if (t->state == TCB_CLOSED && !(s->flags & TH_SYN)) {
		ev->notes |= TN_DEPARTS;
		ev_detail(ev, "sent in CLOSED: no connection to carry it");
		return;
	}
	/* a challenge ACK answers only the segment just before it */
	t->chal_armed = 0;
	opt_scan(s, &o);
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
			ev_detail(ev, "ack %lld acknowledges data the peer "
			    "never sent (RCV.NXT %lld)", theirs(t, s->ack),
			    theirs(t, t->rcv_nxt));
		}
	}
}

/* ---- what arrived ---- */

static void
note_peer_synopts(struct tcb *t, const struct rx *r)
{
	t->peer_mss = r->o.mss < 0 ? 0 : (uint16_t)r->o.mss;
	t->peer_ws = ws_clamp(r->o.ws);
	t->peer_sackok = (uint8_t)r->o.sackok;
	t->peer_ts = (uint8_t)r->o.ts;
	if (r->o.ts)
		t->ts_recent = r->o.tsval;
}

static void
take_irs(struct tcb *t, const struct rx *r)
{
	t->irs = r->seq;
	t->have_irs = 1;
	t->rcv_nxt = r->seq + 1;
	t->rcv_max = r->seq + r->seglen;
	t->snd_wnd = r->win;	/* a SYN's window is never scaled */
	t->snd_wl1 = r->seq;
	note_peer_synopts(t, r);
}

static void
remember_ack(struct tcb *t, const struct rx *r)
{
	t->last_ack_rcvd = r->ack;
	t->last_win_rcvd = r->win;
	t->have_last_rcvd = 1;
}

/* Data and FIN in order advance RCV.NXT; anything beyond it is noted, not
 * kept: reassembly is not the TCB's business. */
static void
recv_text(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	uint32_t dseq = r->seq + !!(r->fl & TH_SYN);
	uint32_t end = dseq + r->len;

	if (r->len > 0) {
		if (t->state != TCB_ESTABLISHED &&
		    t->state != TCB_FIN_WAIT_1 && t->state != TCB_FIN_WAIT_2) {
			ev_detail(ev, "data after the peer's FIN: ignored");
			return;
		}
		if (SEQ_GT(dseq, t->rcv_nxt)) {
			ev->notes |= TN_OOO;
			owe_ack(t, ev);
			ev_detail(ev, "seq %lld beyond RCV.NXT %lld: %u bytes "
			    "missing before it", theirs(t, dseq),
			    theirs(t, t->rcv_nxt), (uint32_t)(dseq -
			    t->rcv_nxt));
			return;
		}
		if (SEQ_GT(end, t->rcv_nxt)) {
			t->bytes_in += (uint32_t)(end - t->rcv_nxt);
			t->rcv_nxt = end;
		}
		owe_ack(t, ev);
	}
	if (!(r->fl & TH_FIN))
		return;
	if (SEQ_GT(end, t->rcv_nxt)) {
		ev->notes |= TN_OOO;
		owe_ack(t, ev);
		return;
	}
	if (end != t->rcv_nxt || t->fin_rcvd)
		return;
	t->fin_rcvd = 1;
	t->peer_fin_seq = end;
	t->rcv_nxt = end + 1;
	owe_ack(t, ev);
	switch (t->state) {
	case TCB_ESTABLISHED:
		set_state(t, TCB_CLOSE_WAIT, ev);
		break;
	case TCB_FIN_WAIT_1:
		/* our FIN is not acked, or we would be in FIN-WAIT-2 */
		ev->notes |= TN_SIMUL;
		set_state(t, TCB_CLOSING, ev);
		break;
	case TCB_FIN_WAIT_2:
		start_time_wait(t, now_us, ev);
		break;
	default:
		break;
	}
}

static void
recv_listen(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	if (r->fl & TH_RST) {
		ev_detail(ev, "RST in LISTEN: ignored");
		return;
	}
	if (r->fl & TH_ACK) {
		ev_detail(ev, "ACK in LISTEN: a real stack answers with RST");
		return;
	}
	if (!(r->fl & TH_SYN)) {
		ev_detail(ev, "no SYN: dropped in LISTEN");
		return;
	}
	if (t->have_irs && r->seq == t->irs) {
		ev->notes |= TN_RETRANS;
		owe_ack(t, ev);
		return;
	}
	if (t->have_irs)
		ev_detail(ev, "a new SYN replaces IRS %u", t->irs);
	t->role = TCB_SERVER;
	take_irs(t, r);
	owe_ack(t, ev);
}

static void
recv_syn_sent(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	if ((r->fl & TH_ACK) &&
	    !(SEQ_GT(r->ack, t->snd_una) && SEQ_LEQ(r->ack, t->snd_max))) {
		if (r->fl & TH_RST) {
			ev_detail(ev, "RST with ack %lld, not ISS+1: ignored",
			    ours(t, r->ack));
			return;
		}
		ev->notes |= TN_BAD_ACK;
		ev_detail(ev, "ack %lld != ISS+1 %lld: a real stack answers "
		    "with RST", ours(t, r->ack), ours(t, t->iss + 1));
		return;
	}
	if (r->fl & TH_RST) {
		if (!(r->fl & TH_ACK)) {
			ev_detail(ev, "RST without ACK in SYN-SENT: ignored "
			    "(RFC 5961)");
			return;
		}
		ev->notes |= TN_REFUSED;
		close_with(t, "connection refused: RST|ACK from peer, "
		    "nothing listens on that port", ev);
		return;
	}
	if (!(r->fl & TH_SYN)) {
		ev_detail(ev, "no SYN: dropped in SYN-SENT");
		return;
	}
	take_irs(t, r);
	owe_ack(t, ev);
	if (!(r->fl & TH_ACK)) {
		ev->notes |= TN_SIMUL;
		set_state(t, TCB_SYN_RECEIVED, ev);
		return;
	}
	t->snd_una = r->ack;
	t->snd_wl2 = r->ack;
	remember_ack(t, r);
	set_state(t, TCB_ESTABLISHED, ev);
	recv_text(t, r, now_us, ev);
}

static void
recv_rst(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	if (r->seq == t->rcv_nxt) {
		ev->notes |= TN_RESET;
		if (t->state == TCB_SYN_RECEIVED && t->role == TCB_SERVER) {
			/* RFC 9293 3.10.7.4: a passive open goes back to
			 * LISTEN */
			forget_conn(t);
			set_state(t, TCB_LISTEN, ev);
			snprintf(t->reason, sizeof(t->reason),
			    "reset by peer in SYN-RECEIVED");
			return;
		}
		close_with(t, "reset by peer (RST seq = RCV.NXT)", ev);
		return;
	}
	if (in_win(r->seq, t->rcv_nxt, t->rcv_wnd)) {
		owe_ack(t, ev);
		ev_detail(ev, "RST in window but not exact (seq %lld, RCV.NXT "
		    "%lld): RFC 5961 answers with a challenge ACK",
		    theirs(t, r->seq), theirs(t, t->rcv_nxt));
		return;
	}
	ev->notes |= TN_OUT_OF_WIN;
	ev_detail(ev, "RST seq %lld out of window (RCV.NXT %lld): ignored",
	    theirs(t, r->seq), theirs(t, t->rcv_nxt));
}

/* Wireshark's classification of a segment carrying ACK, done against the
 * previous segment from the same side. */
static void
ack_analysis(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	int plain = !(r->fl & (TH_SYN | TH_FIN | TH_RST));

	if (r->win == 0 && plain)
		ev->notes |= TN_ZERO_WIN;
	if (!plain || r->len > 0 || !t->have_last_rcvd ||
	    r->ack != t->last_ack_rcvd || r->seq != t->rcv_nxt ||
	    (ev->notes & TN_CHALLENGE)) {
		if (r->ack != t->last_ack_rcvd || r->len > 0)
			t->dupacks = 0;
		return;
	}
	if (r->win != 0 && r->win != t->last_win_rcvd)
		ev->notes |= TN_WIN_UPDATE;
	else if (r->win != 0) {
		ev->notes |= TN_DUPACK;
		ev->dupack_n = ++t->dupacks;
	}
}

static void
recv_ack(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	/* the window of a SYN,ACK (simultaneous open) is never scaled */
	int shift = (r->fl & TH_SYN) ? 0 : tcb_peer_shift(t);

	if (t->state == TCB_SYN_RECEIVED) {
		if (!(SEQ_GT(r->ack, t->snd_una) &&
		    SEQ_LEQ(r->ack, t->snd_max))) {
			ev->notes |= TN_BAD_ACK;
			ev_detail(ev, "ack %lld does not acknowledge our SYN "
			    "(ISS+1 %lld): a real stack answers with RST",
			    ours(t, r->ack), ours(t, t->iss + 1));
			return;
		}
		t->snd_una = r->ack;
		t->snd_wnd = (uint32_t)r->win << shift;
		t->snd_wl1 = r->seq;
		t->snd_wl2 = r->ack;
		remember_ack(t, r);
		set_state(t, TCB_ESTABLISHED, ev);
	} else {
		if (SEQ_GT(r->ack, t->snd_max)) {
			ev->notes |= TN_ACK_UNSEEN;
			owe_ack(t, ev);
			ev_detail(ev, "ack %lld beyond SND.NXT %lld: answered "
			    "with an ACK and dropped", ours(t, r->ack),
			    ours(t, t->snd_max));
			return;
		}
		ack_analysis(t, r, ev);
		if (SEQ_GT(r->ack, t->snd_una))
			t->snd_una = r->ack;
		if (SEQ_LT(t->snd_wl1, r->seq) || (t->snd_wl1 == r->seq &&
		    SEQ_LEQ(t->snd_wl2, r->ack))) {
			t->snd_wnd = (uint32_t)r->win << shift;
			t->snd_wl1 = r->seq;
			t->snd_wl2 = r->ack;
		}
		remember_ack(t, r);
	}
	if (!t->fin_sent || SEQ_LT(r->ack, t->fin_seq + 1))
		return;
	switch (t->state) {
	case TCB_FIN_WAIT_1:
		set_state(t, TCB_FIN_WAIT_2, ev);
		break;
	case TCB_CLOSING:
		start_time_wait(t, now_us, ev);
		break;
	case TCB_LAST_ACK:
		close_with(t, "closed: our FIN acknowledged in LAST-ACK", ev);
		break;
	default:
		break;
	}
}

/* SYN-RECEIVED and the synchronized states. */
static void
recv_sync(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	int keepalive, simul_synack, zwp, old;

	keepalive = !(r->fl & (TH_SYN | TH_FIN | TH_RST)) && r->len <= 1 &&
	    r->seq == t->rcv_nxt - 1;
	/* the peer's SYN,ACK of a simultaneous open repeats its SYN and
	 * acknowledges ours: the RFC 793 figure moves it to ESTABLISHED */
	simul_synack = t->state == TCB_SYN_RECEIVED &&
	    (r->fl & (TH_SYN | TH_ACK | TH_RST)) == (TH_SYN | TH_ACK) &&
	    r->seq == t->irs && SEQ_GT(r->ack, t->snd_una) &&
	    SEQ_LEQ(r->ack, t->snd_max);
	zwp = !(r->fl & (TH_SYN | TH_FIN | TH_RST)) && r->len == 1 &&
	    r->seq == t->rcv_nxt && t->have_win_sent && t->last_win_sent == 0;
	if (r->seglen > 0 && SEQ_LT(r->seq, t->rcv_max) && !keepalive &&
	    !simul_synack)
		ev->notes |= TN_RETRANS;
	if (zwp)
		ev->notes |= TN_ZWP;
	old = r->seglen > 0 && SEQ_LEQ(r->seq + r->seglen, t->rcv_nxt);
	if (r->seglen > 0 && SEQ_GT(r->seq + r->seglen, t->rcv_max))
		t->rcv_max = r->seq + r->seglen;

	if (r->fl & TH_RST) {
		recv_rst(t, r, ev);
		return;
	}
	if (r->armed && (r->fl & (TH_SYN | TH_FIN | TH_ACK)) == TH_ACK &&
	    r->len == 0 && r->ack == t->snd_nxt && r->seq == t->rcv_nxt)
		ev->notes |= TN_CHALLENGE;
	if (simul_synack)
		ev->notes |= TN_SIMUL;
	else if (!acceptable(t, r->seq, r->seglen)) {
		/* RFC 9293: an unacceptable segment draws an ACK and is
		 * dropped; say why it was unacceptable */
		if (keepalive)
			ev->notes |= TN_KEEPALIVE;
		else if (old) {
			ev->notes |= TN_RETRANS;
			if (t->state == TCB_TIME_WAIT && (r->fl & TH_FIN)) {
				start_time_wait(t, now_us, ev);
				ev_detail(ev, "FIN again: TIME-WAIT restarts");
			}
		} else if (!zwp) {
			ev->notes |= TN_OUT_OF_WIN;
			ev_detail(ev, "seq %lld len %u outside RCV.NXT %lld "
			    "RCV.WND %u: answered with an ACK and dropped",
			    theirs(t, r->seq), r->seglen,
			    theirs(t, t->rcv_nxt), t->rcv_wnd);
		}
		owe_ack(t, ev);
		return;
	}
	if ((r->fl & TH_SYN) && !simul_synack) {
		ev->notes |= TN_SYN_SYNC;
		owe_ack(t, ev);
		ev_detail(ev, "SYN in %s: RFC 5961 answers with a challenge "
		    "ACK", tcb_state_name(t->state));
		return;
	}
	if (!(r->fl & TH_ACK)) {
		ev_detail(ev, "no ACK flag: dropped (RFC 9293)");
		return;
	}
	if (r->o.ts && SEQ_GEQ(r->o.tsval, t->ts_recent))
		t->ts_recent = r->o.tsval;
	recv_ack(t, r, now_us, ev);
	if (t->state == TCB_CLOSED || t->state == TCB_SYN_RECEIVED ||
	    simul_synack)
		return;
	recv_text(t, r, now_us, ev);
}

void
tcb_on_recv(struct tcb *t, const struct seg *s, uint64_t now_us,
    struct tcb_ev *ev)
{
	struct tcb_ev local;
	struct rx r;

	if (ev == NULL)
		ev = &local;
	ev_start(t, ev);
	if (s->anno & (SEG_A_SUM_BAD | SEG_A_IPSUM_BAD))
		ev->notes |= TN_BAD_CKSUM;
	if (s->anno & SEG_A_SUM_PART)
		ev->notes |= TN_PART_CKSUM;
	if (s->anno & ~(uint32_t)ANNO_SUMS)
		ev->notes |= TN_MALFORMED;
	if (s->anno & ANNO_BROKEN) {
		ev_detail(ev, "not applied to the TCB: the headers could not "
		    "be decoded");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.seq = s->seq;
	r.ack = s->ack;
	r.win = s->win;
	r.fl = s->flags;
	r.len = paylen(s);
	r.seglen = r.len + !!(r.fl & TH_SYN) + !!(r.fl & TH_FIN);
	opt_scan(s, &r.o);
	r.armed = t->chal_armed;
	t->chal_armed = 0;

	switch (t->state) {
	case TCB_CLOSED:
		if (!(r.fl & TH_RST))
			ev_detail(ev, "no connection (CLOSED): a real stack "
			    "answers with RST");
		break;
	case TCB_LISTEN:
		recv_listen(t, &r, ev);
		break;
	case TCB_SYN_SENT:
		recv_syn_sent(t, &r, now_us, ev);
		break;
	default:
		recv_sync(t, &r, now_us, ev);
		break;
	}
}

void
tcb_tick(struct tcb *t, uint64_t now_us, struct tcb_ev *ev)
{
	struct tcb_ev local;

	if (ev == NULL)
		ev = &local;
	ev_start(t, ev);
	if (t->state != TCB_TIME_WAIT || t->tw_deadline == 0 ||
	    now_us < t->tw_deadline)
		return;
	ev->notes |= TN_TW_DONE;
	close_with(t, "TIME-WAIT over: 2*MSL elapsed", ev);
}
