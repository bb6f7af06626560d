/* tcb_recv.c - the RFC 9293 state machine: what arrived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 9293 3.10.7 in its order: by state, then for the synchronized
 * states sequence number, RST, SYN, ACK, text and FIN; RFC 5961 decides
 * what an inexact RST or a SYN does.
 */
#include <stdio.h>
#include <string.h>

#include "tcb.h"
#include "tcb_priv.h"

/* What a decoder could not take apart: the fields are not the peer's. */
#define ANNO_BROKEN	(SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_BAD_IHL | \
			 SEG_A_NOT_TCP | SEG_A_TRUNC_TCP | SEG_A_BAD_DOFF | \
			 SEG_A_FRAG | SEG_A_BAD_LINK)
#define ANNO_SUMS	(SEG_A_IPSUM_BAD | SEG_A_SUM_BAD | SEG_A_SUM_PART | \
			 SEG_A_SUM_UNCHK)

/* One received segment, taken apart once. */
struct rx {
	uint32_t	seq, ack;
	uint32_t	len;		/* payload bytes */
	uint32_t	seglen;		/* len + SYN + FIN */
	uint16_t	win;
	uint16_t	urp;
	uint8_t		fl;
	struct segopt	o;
	int		armed;		/* a challenge ACK was due */
	const uint8_t	*data;		/* len bytes, or NULL (not captured) */
};

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

/* RFC 9293 3.10.7.4, the four cases of the acceptability table. */
static int
acceptable(const struct tcb *t, uint32_t seq, uint32_t seglen)
{
	uint32_t nxt = t->rcv_nxt, wnd = t->rcv_wnd;

	if (seglen == 0)
		return wnd == 0 ? seq == nxt : tcb_in_win(seq, nxt, wnd);
	if (wnd == 0)
		return 0;
	return tcb_in_win(seq, nxt, wnd) ||
	    tcb_in_win(seq + seglen - 1, nxt, wnd);
}

static void
note_peer_synopts(struct tcb *t, const struct rx *r)
{
	t->peer_mss = r->o.mss < 0 ? 0 : (uint16_t)r->o.mss;
	t->peer_ws = tcb_ws_clamp(r->o.ws);
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
	reasm_start(&t->rin, r->seq + 1);
	note_peer_synopts(t, r);
}

static void
remember_ack(struct tcb *t, const struct rx *r)
{
	t->last_ack_rcvd = r->ack;
	t->nacks_rcvd++;
	t->last_win_rcvd = (r->fl & TH_SYN) ? r->win :
	    (uint32_t)r->win << tcb_peer_shift(t);
	t->have_last_rcvd = 1;
}

/* The peer's FIN at fseq, now that every byte before it is here. */
static void
recv_fin(struct tcb *t, uint32_t fseq, uint64_t now_us, struct tcb_ev *ev)
{
	t->fin_rcvd = 1;
	t->fin_held = 0;
	t->peer_fin_seq = fseq;
	t->rcv_nxt = fseq + 1;
	tcb_owe_ack(t, ev);
	switch (t->state) {
	case TCB_ESTABLISHED:
		tcb_set_state(t, TCB_CLOSE_WAIT, ev);
		break;
	case TCB_FIN_WAIT_1:
		/* our FIN is not acked, or we would be in FIN-WAIT-2 */
		ev->notes |= TN_SIMUL;
		tcb_set_state(t, TCB_CLOSING, ev);
		break;
	case TCB_FIN_WAIT_2:
		tcb_time_wait(t, now_us, ev);
		break;
	default:
		break;
	}
}

/* Data goes through the reassembly queue: in order it is delivered and
 * RCV.NXT moves over it and over whatever it releases; beyond a gap it is
 * held.  A FIN beyond a gap waits for the data before it, as Linux keeps
 * it in its out-of-order queue. */
static void
recv_text(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	uint32_t dseq = r->seq + !!(r->fl & TH_SYN);
	uint32_t end = dseq + r->len, edge;
	struct reasm_res res;

	memset(&res, 0, sizeof(res));
	if (r->len > 0) {
		if (t->state != TCB_ESTABLISHED &&
		    t->state != TCB_FIN_WAIT_1 && t->state != TCB_FIN_WAIT_2) {
			tcb_detail(ev, "data after the peer's FIN: ignored");
			return;
		}
		if (!t->rin.started)
			reasm_start(&t->rin, t->rcv_nxt);
		edge = t->last_ack_sent + t->last_win_sent;
		if (t->have_ack_sent && t->have_win_sent &&
		    t->last_win_sent > 0 && SEQ_GEQ(end, edge))
			ev->notes |= TN_WIN_FULL;
		reasm_add(&t->rin, dseq, r->data, r->len,
		    t->rcv_nxt + t->rcv_wnd, &res);
		if (res.trimmed > 0)
			tcb_detail(ev, "%u bytes beyond the window "
			    "(RCV.NXT+RCV.WND %lld): dropped", res.trimmed,
			    tcb_theirs(t, t->rcv_nxt + t->rcv_wnd));
		if (res.not_held)
			tcb_detail(ev, "beyond a gap, with %d ranges held "
			    "already: dropped", REASM_MAXHELD);
		else if (res.held)
			tcb_detail(ev, "held out of order: %u bytes missing "
			    "before it (RCV.NXT %lld)",
			    (uint32_t)(dseq - t->rcv_nxt),
			    tcb_theirs(t, t->rcv_nxt));
		if (res.differ)
			tcb_detail(ev, "resent bytes differ from the first "
			    "copy, which stays");
		if (res.released > 0) {
			t->bytes_in += res.released;
			t->rcv_nxt = t->rin.nxt;
			if (SEQ_GT(t->rcv_nxt, end))
				tcb_detail(ev, "fills the gap: %u held bytes "
				    "delivered too, RCV.NXT %lld",
				    (uint32_t)(t->rcv_nxt - end),
				    tcb_theirs(t, t->rcv_nxt));
		}
		tcb_owe_ack(t, ev);
	}
	if ((r->fl & TH_FIN) && !t->fin_rcvd && res.trimmed == 0) {
		if (SEQ_GT(end, t->rcv_nxt)) {
			if (!t->fin_held) {
				t->fin_held = 1;
				t->held_fin_seq = end;
				tcb_detail(ev, "FIN held until the %u bytes "
				    "before it arrive",
				    (uint32_t)(end - t->rcv_nxt));
			}
			tcb_owe_ack(t, ev);
			return;
		}
		if (end == t->rcv_nxt) {
			recv_fin(t, end, now_us, ev);
			return;
		}
	}
	if (t->fin_held && !t->fin_rcvd && t->rcv_nxt == t->held_fin_seq) {
		tcb_detail(ev, "the FIN held beyond the gap counts now");
		recv_fin(t, t->held_fin_seq, now_us, ev);
	}
}

static void
recv_listen(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	if (r->fl & TH_RST) {
		tcb_detail(ev, "RST in LISTEN: ignored");
		return;
	}
	if (r->fl & TH_ACK) {
		tcb_detail(ev, "ACK in LISTEN: a real stack answers with RST");
		return;
	}
	if (!(r->fl & TH_SYN)) {
		tcb_detail(ev, "no SYN: dropped in LISTEN");
		return;
	}
	if (t->have_irs && r->seq == t->irs) {
		ev->notes |= TN_RETRANS;
		tcb_owe_ack(t, ev);
		return;
	}
	if (t->have_irs)
		tcb_detail(ev, "a new SYN replaces IRS %u", t->irs);
	t->role = TCB_SERVER;
	take_irs(t, r);
	tcb_owe_ack(t, ev);
}

static void
recv_syn_sent(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	if ((r->fl & TH_ACK) &&
	    !(SEQ_GT(r->ack, t->snd_una) && SEQ_LEQ(r->ack, t->snd_max))) {
		if (r->fl & TH_RST) {
			tcb_detail(ev, "RST with ack %lld, not ISS+1: ignored",
			    tcb_ours(t, r->ack));
			return;
		}
		ev->notes |= TN_BAD_ACK;
		tcb_detail(ev, "ack %lld != ISS+1 %lld: a real stack answers "
		    "with RST", tcb_ours(t, r->ack), tcb_ours(t, t->iss + 1));
		return;
	}
	if (r->fl & TH_RST) {
		if (!(r->fl & TH_ACK)) {
			tcb_detail(ev, "RST without ACK in SYN-SENT: ignored "
			    "(RFC 5961)");
			return;
		}
		ev->notes |= TN_REFUSED;
		tcb_close(t, "connection refused: RST|ACK from peer, "
		    "nothing listens on that port", ev);
		return;
	}
	if (!(r->fl & TH_SYN)) {
		tcb_detail(ev, "no SYN: dropped in SYN-SENT");
		return;
	}
	take_irs(t, r);
	tcb_owe_ack(t, ev);
	if (!(r->fl & TH_ACK)) {
		ev->notes |= TN_SIMUL;
		tcb_set_state(t, TCB_SYN_RECEIVED, ev);
		return;
	}
	t->snd_una = r->ack;
	t->snd_wl2 = r->ack;
	remember_ack(t, r);
	tcb_set_state(t, TCB_ESTABLISHED, ev);
	recv_text(t, r, now_us, ev);
}

static void
recv_rst(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	if (r->seq == t->rcv_nxt) {
		ev->notes |= TN_RESET;
		/* RFC 9293 3.10.7.1: a stack with no connection for the
		 * segment answers an ACK with <SEQ=SEG.ACK><CTL=RST>, no ACK
		 * bit; an abort of its own (close with unread data,
		 * SO_LINGER 0) carries ACK */
		if (!(r->fl & TH_ACK) && t->state != TCB_SYN_RECEIVED) {
			ev->notes |= TN_NOSOCK;
			tcb_close(t, "reset by peer: it has no socket for this "
			    "4-tuple (RST without ACK, seq = our ack)", ev);
			return;
		}
		if (t->state == TCB_SYN_RECEIVED && t->role == TCB_SERVER) {
			/* RFC 9293 3.10.7.4: a passive open goes back to
			 * LISTEN */
			tcb_forget(t);
			tcb_set_state(t, TCB_LISTEN, ev);
			snprintf(t->reason, sizeof(t->reason),
			    "reset by peer in SYN-RECEIVED");
			return;
		}
		tcb_close(t, "reset by peer: its application aborted "
		    "(RST|ACK, seq = RCV.NXT)", ev);
		return;
	}
	if (!(r->fl & TH_ACK) && t->have_ack_sent &&
	    r->seq == t->last_ack_sent) {
		/* RFC 9293 3.10.7.3: the answer to an unacceptable ACK in
		 * SYN-RECEIVED, <SEQ=SEG.ACK><CTL=RST>; it resets nothing */
		ev->notes |= TN_BAD_ACK;
		tcb_detail(ev, "RST with seq = the ack we sent (%lld): the "
		    "peer's answer to an ACK it cannot accept; its connection "
		    "stands", tcb_theirs(t, r->seq));
		return;
	}
	if (tcb_in_win(r->seq, t->rcv_nxt, t->rcv_wnd)) {
		tcb_owe_ack(t, ev);
		tcb_detail(ev, "RST in window but not exact (seq %lld, RCV.NXT "
		    "%lld): RFC 5961 answers with a challenge ACK",
		    tcb_theirs(t, r->seq), tcb_theirs(t, t->rcv_nxt));
		return;
	}
	ev->notes |= TN_OUT_OF_WIN;
	tcb_detail(ev, "RST seq %lld out of window (RCV.NXT %lld): ignored",
	    tcb_theirs(t, r->seq), tcb_theirs(t, t->rcv_nxt));
}

/* Wireshark's classification of a segment carrying ACK, done against the
 * previous segment from the same side.  A duplicate ACK is RFC 5681's: it
 * needs data (or a FIN) of ours not yet acknowledged, which Wireshark does
 * not ask; the same ACK again with nothing outstanding reports no loss
 * (the answer to a keep-alive, or to old data we sent again). */
static void
ack_analysis(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	int plain = !(r->fl & (TH_SYN | TH_FIN | TH_RST));
	int probed = t->zwp_out;

	t->zwp_out = 0;
	if (probed && plain && r->len == 0 && r->win == 0) {
		/* the window is still shut: the probe's answer, not news */
		ev->notes |= TN_ZWP_ACK | TN_ZERO_WIN;
		return;
	}
	if (r->win == 0 && plain)
		ev->notes |= TN_ZERO_WIN;
	if (!plain || r->len > 0 || !t->have_last_rcvd ||
	    r->ack != t->last_ack_rcvd || r->seq != t->rcv_nxt ||
	    (ev->notes & TN_CHALLENGE)) {
		if (r->ack != t->last_ack_rcvd || r->len > 0)
			t->dupacks = 0;
		return;
	}
	/* RFC 6675: an ACK with SACK blocks reports new data held, so it
	 * is a duplicate ACK even when the window moved as well */
	if (r->win != 0 && ((uint32_t)r->win << tcb_peer_shift(t)) !=
	    t->last_win_rcvd && r->o.nsack == 0)
		ev->notes |= TN_WIN_UPDATE;
	else if (r->win != 0 && SEQ_LT(r->ack, t->snd_max)) {
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
			tcb_detail(ev, "ack %lld does not acknowledge our SYN "
			    "(ISS+1 %lld): a real stack answers with RST",
			    tcb_ours(t, r->ack), tcb_ours(t, t->iss + 1));
			return;
		}
		t->snd_una = r->ack;
		t->snd_wnd = (uint32_t)r->win << shift;
		t->snd_wl1 = r->seq;
		t->snd_wl2 = r->ack;
		remember_ack(t, r);
		tcb_set_state(t, TCB_ESTABLISHED, ev);
	} else {
		if (SEQ_GT(r->ack, t->snd_max)) {
			ev->notes |= TN_ACK_UNSEEN;
			tcb_owe_ack(t, ev);
			tcb_detail(ev, "ack %lld beyond SND.NXT %lld: answered "
			    "with an ACK and dropped", tcb_ours(t, r->ack),
			    tcb_ours(t, t->snd_max));
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
		/* A shut window keeps nothing beyond the ack: what we sent
		 * past it must go again, so the next send starts there, as
		 * a sender in persist state does. */
		if (r->win == 0 && !t->fin_sent && r->ack == t->snd_una &&
		    SEQ_LT(r->ack, t->snd_nxt)) {
			tcb_detail(ev, "window 0: the %u bytes sent beyond ack "
			    "%lld were not kept; SND.NXT back to it, the next "
			    "send carries them again",
			    (uint32_t)(t->snd_nxt - r->ack),
			    tcb_ours(t, r->ack));
			t->snd_nxt = r->ack;
		}
	}
	if (!t->fin_sent || SEQ_LT(r->ack, t->fin_seq + 1))
		return;
	switch (t->state) {
	case TCB_FIN_WAIT_1:
		tcb_set_state(t, TCB_FIN_WAIT_2, ev);
		break;
	case TCB_CLOSING:
		tcb_time_wait(t, now_us, ev);
		break;
	case TCB_LAST_ACK:
		tcb_close(t, "our FIN acknowledged in LAST-ACK", ev);
		break;
	default:
		break;
	}
}

/* Sequence space of r that arrived before: delivered, held, or the FIN
 * already taken or held. */
static int
seen_before(const struct tcb *t, const struct rx *r)
{
	uint32_t dseq = r->seq + !!(r->fl & TH_SYN), fend = dseq + r->len;

	if (SEQ_LT(r->seq, t->rcv_nxt))
		return 1;
	if (r->len > 0 && reasm_seen(&t->rin, dseq, r->len) > 0)
		return 1;
	return (r->fl & TH_FIN) && ((t->fin_rcvd && fend == t->peer_fin_seq) ||
	    (t->fin_held && fend == t->held_fin_seq));
}

/* The end of everything seen from the peer so far. */
static uint32_t
seen_max(const struct tcb *t)
{
	uint32_t hi = reasm_max(&t->rin);

	if (SEQ_LT(hi, t->rcv_nxt))
		hi = t->rcv_nxt;
	if (t->fin_held && SEQ_LT(hi, t->held_fin_seq + 1))
		hi = t->held_fin_seq + 1;
	return hi;
}

/* Wireshark's rule: a resend that starts where two or more of our
 * duplicate ACKs point, within 20 ms of the last, answers them; later it
 * is the retransmission timer's. */
#define FAST_RETRANS_US	20000

static int
asked_for(const struct tcb *t, const struct rx *r, uint64_t now_us)
{
	return t->dupacks_sent >= 2 && t->have_ack_sent &&
	    r->seq == t->last_ack_sent && now_us >= t->dupack_sent_at &&
	    now_us - t->dupack_sent_at < FAST_RETRANS_US;
}

/* Wireshark's words for new sequence space: beyond everything seen, a
 * segment went missing before it; below, it arrived after later data,
 * or it is the resend our duplicate ACKs asked for. */
static void
new_space(const struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	uint32_t hi = seen_max(t);

	if (SEQ_GT(r->seq, hi))
		ev->notes |= TN_PREV_UNSEEN;
	else if (SEQ_LT(r->seq, hi))
		ev->notes |= asked_for(t, r, now_us) ? TN_FAST_RETRANS :
		    TN_OOO;
}

static void
recv_urg(struct tcb *t, const struct rx *r, struct tcb_ev *ev)
{
	uint32_t up = r->seq + r->urp;

	ev->notes |= TN_URGENT;
	if (!t->have_up || SEQ_GT(up, t->rcv_up)) {
		t->rcv_up = up;
		t->have_up = 1;
	}
	/* RFC 9293 3.8.5: the pointer marks the byte after the urgent data */
	tcb_detail(ev, "urgent data up to seq %lld (urg %u); the receiving "
	    "application is told, e.g. SIGURG", tcb_theirs(t, up), r->urp);
}

/* A keep-alive (RFC 9293 3.8.4) goes at RCV.NXT-1 once everything is
 * acknowledged: empty, or carrying that last byte again.  Wireshark, with
 * no TCB, takes any segment of 0 or 1 byte there for one, so the resend of
 * a byte that arrived but was never acknowledged passes for a keep-alive;
 * here it is a retransmission. */
static int
keepalive_shape(const struct tcb *t, const struct rx *r)
{
	if ((r->fl & (TH_SYN | TH_FIN | TH_RST)) || r->len > 1 ||
	    r->seq != t->rcv_nxt - 1)
		return 0;
	return r->len == 0 ||
	    (t->have_ack_sent && SEQ_GEQ(t->last_ack_sent, t->rcv_nxt));
}

/* SYN-RECEIVED and the synchronized states. */
static void
recv_sync(struct tcb *t, const struct rx *r, uint64_t now_us,
    struct tcb_ev *ev)
{
	int keepalive, simul_synack, zwp, old, shut;

	/* a window we shut: Linux probes it with a keep-alive's shape,
	 * others with one byte at RCV.NXT */
	shut = t->have_win_sent && t->last_win_sent == 0;
	keepalive = keepalive_shape(t, r);
	zwp = shut && !(r->fl & (TH_SYN | TH_FIN | TH_RST)) &&
	    ((r->len == 1 && r->seq == t->rcv_nxt) ||
	    (keepalive && r->len == 0));
	if (zwp) {
		keepalive = 0;
		t->zwp_in = 1;
	}
	/* the peer's SYN,ACK of a simultaneous open repeats its SYN and
	 * acknowledges ours: the RFC 793 figure moves it to ESTABLISHED */
	simul_synack = t->state == TCB_SYN_RECEIVED &&
	    (r->fl & (TH_SYN | TH_ACK | TH_RST)) == (TH_SYN | TH_ACK) &&
	    r->seq == t->irs && SEQ_GT(r->ack, t->snd_una) &&
	    SEQ_LEQ(r->ack, t->snd_max);
	/* seen before: it overlaps what RCV.NXT passed, what is held beyond
	 * a gap, or a FIN already here; after our dup ACKs of its start it
	 * is Wireshark's fast retransmission */
	if (r->seglen > 0 && !keepalive && !zwp && !simul_synack &&
	    seen_before(t, r))
		ev->notes |= asked_for(t, r, now_us) ? TN_FAST_RETRANS :
		    TN_RETRANS;
	if (zwp)
		ev->notes |= TN_ZWP;
	old = r->seglen > 0 && SEQ_LEQ(r->seq + r->seglen, t->rcv_nxt);

	if (r->fl & TH_RST) {
		recv_rst(t, r, ev);
		return;
	}
	/* it gives the peer's true numbers: its RCV.NXT may be short of
	 * our SND.NXT when something we sent was lost on the way */
	if (r->armed && (r->fl & (TH_SYN | TH_FIN | TH_ACK)) == TH_ACK &&
	    r->len == 0 && SEQ_GEQ(r->ack, t->snd_una) &&
	    SEQ_LEQ(r->ack, t->snd_nxt) && r->seq == t->rcv_nxt)
		ev->notes |= TN_CHALLENGE;
	if (simul_synack)
		ev->notes |= TN_SIMUL;
	else if (!acceptable(t, r->seq, r->seglen)) {
		/* RFC 9293: an unacceptable segment draws an ACK and is
		 * dropped; say why it was unacceptable */
		if (keepalive)
			ev->notes |= TN_KEEPALIVE;
		else if (old) {
			if (!(ev->notes & TN_FAST_RETRANS))
				ev->notes |= TN_RETRANS;
			if (t->state == TCB_TIME_WAIT && (r->fl & TH_FIN)) {
				tcb_time_wait(t, now_us, ev);
				tcb_detail(ev, "FIN again: TIME-WAIT restarts");
			}
		} else if (!zwp) {
			ev->notes |= TN_OUT_OF_WIN;
			tcb_detail(ev, "seq %lld len %u outside RCV.NXT %lld "
			    "RCV.WND %u: answered with an ACK and dropped",
			    tcb_theirs(t, r->seq), r->seglen,
			    tcb_theirs(t, t->rcv_nxt), t->rcv_wnd);
		}
		tcb_owe_ack(t, ev);
		return;
	}
	if (r->seglen > 0 && !zwp && !(r->fl & TH_SYN) &&
	    !(ev->notes & (TN_RETRANS | TN_FAST_RETRANS)))
		new_space(t, r, now_us, ev);
	/* only what the receiver keeps counts as seen */
	if (r->seglen > 0 && SEQ_GT(r->seq + r->seglen, t->rcv_max))
		t->rcv_max = r->seq + r->seglen;
	if ((r->fl & TH_SYN) && !simul_synack) {
		ev->notes |= TN_SYN_SYNC;
		tcb_owe_ack(t, ev);
		tcb_detail(ev, "SYN in %s: RFC 5961 answers with a challenge "
		    "ACK", tcb_state_name(t->state));
		return;
	}
	if (!(r->fl & TH_ACK)) {
		tcb_detail(ev, "no ACK flag: dropped (RFC 9293)");
		return;
	}
	/* RFC 7323 4.3: only a segment our last ACK points into sets
	 * TS.Recent, so a delayed ACK echoes the oldest segment it covers
	 * and the peer's RTT sample includes the delay */
	if (r->o.ts && SEQ_GEQ(r->o.tsval, t->ts_recent) &&
	    (!t->have_ack_sent || SEQ_LEQ(r->seq, t->last_ack_sent)))
		t->ts_recent = r->o.tsval;
	recv_ack(t, r, now_us, ev);
	if (t->state == TCB_CLOSED || t->state == TCB_SYN_RECEIVED ||
	    simul_synack)
		return;
	if ((r->fl & TH_URG) && (t->state == TCB_ESTABLISHED ||
	    t->state == TCB_FIN_WAIT_1 || t->state == TCB_FIN_WAIT_2))
		recv_urg(t, r, ev);
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
	tcb_ev_start(t, ev);
	if (s->anno & (SEG_A_SUM_BAD | SEG_A_IPSUM_BAD))
		ev->notes |= TN_BAD_CKSUM;
	/* loopback's offload marks every segment the kernel sends there:
	 * said on the first, as show's field tree says it on each */
	if ((s->anno & SEG_A_SUM_PART) && !t->part_said) {
		ev->notes |= TN_PART_CKSUM;
		t->part_said = 1;
	}
	if (s->anno & ~(uint32_t)ANNO_SUMS)
		ev->notes |= TN_MALFORMED;
	if (s->anno & ANNO_BROKEN) {
		tcb_detail(ev, "not applied to the TCB: the headers could not "
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
	r.urp = s->urp;
	/* a short capture keeps the ranges right, not the bytes */
	r.data = s->datalen >= r.len ? s->data : NULL;
	tcb_opt_scan(s, &r.o);
	r.armed = t->chal_armed;
	t->chal_armed = 0;

	switch (t->state) {
	case TCB_CLOSED:
		/* the peer's FIN again after our TIME-WAIT ended: still a
		 * retransmission, not a new close */
		if (!(r.fl & TH_RST) && t->have_irs && r.seglen > 0 &&
		    seen_before(t, &r))
			ev->notes |= TN_RETRANS;
		if (!(r.fl & TH_RST))
			tcb_detail(ev, "no connection (CLOSED): a real stack "
			    "answers with RST");
		else if (t->have_irs) {
			/* what we sent after the end drew it */
			ev->notes |= TN_NOSOCK;
			tcb_detail(ev, "the peer has no connection for this "
			    "4-tuple either");
		}
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
	tcb_xmit_track(t->hist_in, &t->hist_in_pos, r.seq, t->have_ack_sent ?
	    t->last_ack_sent : t->rcv_nxt, r.seglen > 0, now_us, ev);
	if (ev->notes & TN_CHALLENGE) {
		t->chal_at = now_us;
		t->have_chal_at = 1;
	}
}

