/* explain.c - why the peer sent a segment
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sections cited are RFC 9293's: 3.5 establishing a connection,
 * 3.6 closing one, 3.8.1 retransmission timeout, 3.8.4 keep-alives,
 * 3.8.6 managing the window (3.8.6.1 zero-window probing, 3.8.6.3
 * delayed ACKs), 3.10.2 SEND, 3.10.4 CLOSE, 3.10.5 ABORT, and
 * 3.10.7 SEGMENT ARRIVES in its states: 3.10.7.1 CLOSED (no TCB),
 * 3.10.7.2 LISTEN, 3.10.7.3 SYN-SENT, 3.10.7.4 the other states with
 * their numbered checks (first the sequence number, second RST, fourth
 * SYN, fifth ACK, seventh the text, eighth FIN).  RFC 5961 adds the
 * challenge ACK (3.2 for RST, 4.2 for SYN, 5.2 for the ACK's range).
 *
 * Everything here reads the segments and our TCB; the peer's own
 * variables are what its segments showed (tcb_peer_view): its RCV.NXT is
 * what it acknowledged plus what we sent in order since, never bytes
 * beyond a hole, its window the last one it advertised.  predict.c says
 * what the peer will do with ours, by the same checks.
 */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "sbuf.h"

/* A number as the user reads it on the lines: relative to base. */
static uint32_t
shown(uint32_t v, uint32_t base, int relative)
{
	return relative ? v - base : v;
}

static int
same_bytes(const struct seg *a, const struct seg *b)
{
	return a != NULL && b != NULL && a->datalen > 0 &&
	    a->datalen == b->datalen && a->data != NULL && b->data != NULL &&
	    memcmp(a->data, b->data, a->datalen) == 0;
}

/* A RST from the peer: why it sent it, and what our TCB did with it, by
 * the check our TCB applied (tcb_recv.c), not by hope. */
static size_t
explain_rst(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	const struct tcb *t = in->t;
	uint32_t n = in->ev->notes, irs = t->have_irs ? t->irs : 0;
	uint32_t seq = shown(g->seq, irs, in->relative);
	uint32_t nxt = shown(t->rcv_nxt, irs, in->relative);
	const char *why = "the peer no longer has this connection (its "
	    "socket was closed or aborted, RFC 9293 3.10.5 ABORT, or it "
	    "holds no TCB for these segments, 3.10.7.1)";

	if (in->ev->from == TCB_TIME_WAIT && !t->simul_close)
		why = "the peer's end is gone (our ACK of its FIN ended its "
		    "LAST-ACK), so no connection matches our segment and it "
		    "answers <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.1, "
		    "CLOSED state)";
	else if (lo != NULL && (lo->flags & TH_SYN) &&
	    !(lo->flags & TH_ACK) && in->ev->from != TCB_SYN_SENT)
		why = "our SYN arrived at the peer's FIN-WAIT-2 remnant of a "
		    "closed socket, inside its window, and Linux resets "
		    "(RFC 9293 3.10.7.4, fourth check)";
	else if (lo != NULL && lo->datalen > 0 && t->fin_rcvd)
		why = "our data came after the peer's application had closed "
		    "its socket (its FIN came first): nobody can read it, so "
		    "the peer resets (RFC 9293 3.10.7.4, seventh check; RFC "
		    "1122 4.2.2.13)";
	else if (n & TN_NOSOCK)
		why = "the peer has no connection for our segment (its end "
		    "is closed, or it never had one) and answers "
		    "<SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.1, CLOSED state)";
	if (n & TN_RESET)
		return sb_fmt(buf, cap, "RST: %s; we accept it because its "
		    "sequence number %u is exactly RCV.NXT (3.10.7.4, second "
		    "check; RFC 5961 3.2)", why, seq);
	if (in->ev->to == TCB_LISTEN && in->ev->from == TCB_SYN_RECEIVED)
		return sb_fmt(buf, cap, "RST: %s; in SYN-RECEIVED it sends our "
		    "passive open back to LISTEN (RFC 9293 3.10.7.4, second "
		    "check)", why);
	if (n & TN_BAD_ACK)
		return sb_fmt(buf, cap, "RST with seq %u, the ack we sent: the "
		    "peer's answer to an ACK of ours it could not accept, "
		    "<SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2 or 3.10.7.3); "
		    "it resets nothing, our TCB keeps the connection", seq);
	if (n & TN_OUT_OF_WIN)
		return sb_fmt(buf, cap, "RST: %s; but its sequence number %u "
		    "is outside our window (RCV.NXT %u), so we ignore it (RFC "
		    "9293 3.10.7.4, first check)", why, seq, nxt);
	return sb_fmt(buf, cap, "RST: %s; its sequence number %u is in our "
	    "window but not exactly RCV.NXT %u, so we do not reset: a "
	    "challenge ACK is owed (RFC 9293 3.10.7.4, second check; RFC 5961 "
	    "3.2)", why, seq, nxt);
}

/* A bare ACK answering our data or FIN: taken, held beyond a gap,
 * refused for the window, or a repeat.  0 when none of these fits. */
static size_t
explain_ack_of_ours(const struct explain_in *in, const struct tcb_peer *pv,
    char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	const struct tcb *t = in->t;
	uint32_t lend = lo->seq + lo->datalen + ((lo->flags & TH_FIN) ? 1 : 0);
	uint32_t ack = shown(g->ack, t->iss, in->relative);

	if (SEQ_GEQ(g->ack, lend)) {
		if (in->have_prev_ack && SEQ_LEQ(lend, in->prev_ack))
			return sb_fmt(buf, cap, "a duplicate ACK of %u: our "
			    "segment repeated bytes the peer already has, "
			    "which is not acceptable; it acknowledges what it "
			    "expects next (RFC 9293 3.10.7.4, first check)",
			    ack);
		return 0;
	}
	if (g->win == 0 && lo->seq == g->ack)
		return sb_fmt(buf, cap, "an ACK of %u with window 0: the "
		    "peer's buffer is full, so with RCV.WND 0 our bytes were "
		    "not acceptable; it drops them and says what it expects "
		    "(RFC 9293 3.10.7.4, first check; 3.8.6.1)", ack);
	if (SEQ_GT(lo->seq, pv->edge))
		return sb_fmt(buf, cap, "a duplicate ACK of %u: our segment "
		    "started beyond the peer's window (right edge %u), so it "
		    "was not acceptable; the peer drops it and answers with an "
		    "ACK of what it has (RFC 9293 3.10.7.4, first check)", ack,
		    shown(pv->edge, t->iss, in->relative));
	if (SEQ_GT(lo->seq, g->ack))
		return sb_fmt(buf, cap, "a duplicate ACK of %u: our segment is "
		    "inside the peer's window but beyond its RCV.NXT %u, "
		    "leaving a gap; it holds the bytes out of order and at "
		    "once asks for the gap (RFC 9293 3.10.7.4, seventh check; "
		    "RFC 5681 4.2)", ack, ack);
	return sb_fmt(buf, cap, "an ACK of %u: our segment starts at what the "
	    "peer expects but its window could not take it all, so it "
	    "acknowledges what it kept (RFC 9293 3.10.7.4, first check; 3.8.6)",
	    ack);
}

/* A RST in answer to what we sent: no handshake before it, a bad ACK
 * in SYN-RECEIVED, or one of the peer's own (explain_rst). */
static size_t
arrival_rst(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *lo = in->last_out;
	enum tcb_state from = in->ev->from;

	if (lo != NULL && !(lo->flags & (TH_SYN | TH_RST)) &&
	    (from == TCB_CLOSED || from == TCB_LISTEN))
		return sb_fmt(buf, cap, "RST: our segment came with no "
		    "handshake before it; a listening socket answers any "
		    "ACK-bearing segment with <SEQ=SEG.ACK><CTL=RST> (RFC 9293 "
		    "3.10.7.2, LISTEN state)");
	if (lo != NULL && (lo->flags & TH_ACK) &&
	    from == TCB_SYN_RECEIVED)
		return sb_fmt(buf, cap, "RST: our ACK did not acknowledge the "
		    "peer's SYN,ACK, so the peer resets (RFC 9293 3.10.7.4, "
		    "fifth check: an unacceptable ACK in SYN-RECEIVED)");
	return explain_rst(in, buf, cap);
}

/* The peer's SYN,ACK: again, with a bad ACK, or half of the handshake. */
static size_t
arrival_synack(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g;
	const struct tcb *t = in->t;
	uint32_t n = in->ev->notes, irs = t->have_irs ? t->irs : 0;
	uint32_t ack = shown(g->ack, t->iss, in->relative);

	if (n & TN_RETRANS)
		return sb_fmt(buf, cap, "the SYN,ACK again: the peer's "
		    "retransmission timer expired because our ACK completing "
		    "the handshake did not come; it resends with the timeout "
		    "doubled each time (RFC 9293 3.8.1, RFC 6298 5.5)");
	if (n & TN_BAD_ACK)
		return sb_fmt(buf, cap, "SYN,ACK whose ack %u is not our "
		    "ISS+1: it does not acknowledge our SYN; a correct client "
		    "answers it with a RST (RFC 9293 3.10.7.3, SYN-SENT state)",
		    ack);
	return sb_fmt(buf, cap, "SYN,ACK: a socket listens on port %u, so the "
	    "peer's kernel answers our SYN with its own ISN (seq %u) and "
	    "acknowledges ours, ack = ISS+1 = %u, half of the three-way "
	    "handshake (RFC 9293 3.5; 3.10.7.2, LISTEN state)", g->sport,
	    shown(g->seq, irs, in->relative), ack);
}

/* The peer's SYN: again, a client's open, or one on a 4-tuple we hold. */
static size_t
arrival_syn(const struct explain_in *in, char *buf, size_t cap)
{
	uint32_t n = in->ev->notes;
	enum tcb_state from = in->ev->from;

	if (n & TN_RETRANS)
		return sb_fmt(buf, cap, "the SYN again: the peer's connect() "
		    "got no SYN,ACK in time and its retransmission timer "
		    "expired (RFC 9293 3.8.1, RFC 6298; Linux waits 1 s, then "
		    "doubles)");
	if (from == TCB_LISTEN || from == TCB_CLOSED)
		return sb_fmt(buf, cap, "SYN: a client calls connect(), its "
		    "TCP opens with its own ISN and options; answer with "
		    "synack (RFC 9293 3.5; 3.10.1 OPEN)");
	return sb_fmt(buf, cap, "SYN in a synchronized state: the peer started "
	    "a new connection on a 4-tuple we still hold (RFC 9293 3.10.7.4, "
	    "fourth check)");
}

/* What the peer's timers send: a retransmission, a keep-alive, a
 * zero-window probe.  0 when it is none of them. */
static size_t
arrival_timer(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g;
	uint32_t n = in->ev->notes;
	uint8_t f = g->flags;

	if (n & TN_RETRANS) {
		if (f & TH_FIN)
			return sb_fmt(buf, cap, "the FIN again: our ACK of it "
			    "did not come, so the peer's retransmission timer "
			    "expired (RFC 9293 3.8.1; RFC 6298 5.5: the "
			    "timeout doubles)");
		return sb_fmt(buf, cap, "a retransmission: the peer sent these "
		    "%u bytes before and our ACK of them did not come in time, "
		    "so its retransmission timer expired (RFC 9293 3.8.1; RFC "
		    "6298 5.4-5.5: the timeout doubles each time); ack them to "
		    "stop it", g->datalen);
	}
	if (n & TN_KEEPALIVE)
		return sb_fmt(buf, cap, "a keep-alive: seq RCV.NXT-1, empty or "
		    "with a byte we acknowledged already, sent after the "
		    "connection idled, only to draw an ACK that shows we are "
		    "still there (RFC 9293 3.8.4)");
	if (n & TN_ZWP)
		return sb_fmt(buf, cap, "a zero-window probe: we advertised "
		    "window 0, so the peer may send only one byte now and then "
		    "to learn when it reopens (RFC 9293 3.8.6.1)");
	return 0;
}

/* Answers to something odd we sent (a RST or SYN the peer would not
 * take, an ACK of the wrong numbers) and bare ACKs of our data or FIN.
 * 0 when it is none of them. */
static size_t
arrival_answer(const struct explain_in *in, const struct tcb_peer *pv,
    char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	const struct tcb *t = in->t;
	uint32_t n = in->ev->notes;
	enum tcb_state from = in->ev->from;
	uint8_t f = g->flags;
	uint32_t ack = shown(g->ack, t->iss, in->relative);
	size_t k;

	if (lo != NULL && (lo->flags & TH_RST) && (f & TH_ACK) &&
	    g->datalen == 0 && !(f & TH_FIN)) {
		if (pv->st == TCB_PEER_FW2 &&
		    tcb_peer_rst(pv, lo->seq) == TCB_RST_OUTSIDE)
			return sb_fmt(buf, cap, "an ACK: our RST was outside "
			    "the window of the peer's closed socket, whose "
			    "Linux remnant answers any segment it cannot "
			    "accept with an ACK of what it expects, ack %u "
			    "(RFC 9293 3.10.7.4, first check)", ack);
		return sb_fmt(buf, cap, "a challenge ACK: our RST's sequence "
		    "number was inside the peer's window but not exactly its "
		    "RCV.NXT (%u), so instead of resetting it acknowledges "
		    "what it really expects (RFC 9293 3.10.7.4, second check; "
		    "RFC 5961 3.2)", ack);
	}
	if (lo != NULL && (lo->flags & TH_SYN) && from != TCB_SYN_SENT &&
	    from != TCB_CLOSED && (f & TH_ACK) && g->datalen == 0 &&
	    (pv->st == TCB_PEER_FW2 || pv->st == TCB_PEER_TW))
		return sb_fmt(buf, cap, "an ACK: our SYN was outside the "
		    "window of what Linux keeps of the peer's closed socket, "
		    "which answers any segment it cannot accept with an ACK of "
		    "what it expects, ack %u (RFC 9293 3.10.7.4, first check)",
		    ack);
	if (lo != NULL && (lo->flags & TH_SYN) && from != TCB_SYN_SENT &&
	    from != TCB_CLOSED && (f & TH_ACK) && g->datalen == 0)
		return sb_fmt(buf, cap, "a challenge ACK: our SYN arrived on a "
		    "synchronized connection; rather than reset it the peer "
		    "acknowledges what it expects, ack %u (RFC 9293 3.10.7.4, "
		    "fourth check; RFC 5961 4.2)", ack);
	if (n & TN_CHALLENGE)
		return sb_fmt(buf, cap, "a challenge ACK: a RST or SYN of ours "
		    "was not exactly at the peer's RCV.NXT, so it answers with "
		    "the numbers it expects, ack %u (RFC 9293 3.10.7.4; RFC "
		    "5961 3.2, 4.2)", ack);
	if (lo != NULL && (f & TH_ACK) && g->datalen == 0 &&
	    !(f & TH_FIN) && (lo->flags & TH_ACK) && lo->datalen == 0 &&
	    !(lo->flags & (TH_SYN | TH_FIN)) && lo->ack != t->rcv_nxt)
		return sb_fmt(buf, cap, "an ACK answering our ACK, whose "
		    "number %s: the peer drops such a segment and answers with "
		    "an ACK of the true numbers, ack %u (RFC 9293 3.10.7.4, "
		    "fifth check; RFC 5961 5.2)", SEQ_GT(lo->ack, t->rcv_nxt) ?
		    "acknowledged data the peer never sent" :
		    "was far older than anything it has outstanding", ack);
	if (lo != NULL && (f & TH_ACK) && g->datalen == 0 &&
	    !(f & TH_FIN) && (lo->datalen > 0 || (lo->flags & TH_FIN)))
		if ((k = explain_ack_of_ours(in, pv, buf, cap)) > 0)
			return k;
	return 0;
}

/* The window the peer advertises: closed, or open again.  0: neither. */
static size_t
arrival_window(const struct explain_in *in, char *buf, size_t cap)
{
	uint32_t n = in->ev->notes;

	if (n & TN_ZERO_WIN)
		return sb_fmt(buf, cap, "window 0: the peer's receive buffer "
		    "is full because its application does not read; we may "
		    "send nothing but zero-window probes until it reopens (RFC "
		    "9293 3.8.6, 3.8.6.1)");
	if (n & TN_WIN_UPDATE)
		return sb_fmt(buf, cap, "a window update: the peer's "
		    "application read data, so its buffer has room again and "
		    "it advertises the larger window (RFC 9293 3.8.6)");
	return 0;
}

/* The peer's FIN: after ours, or first. */
static size_t
arrival_fin(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g;
	const struct tcb *t = in->t;
	const char *acks = (t->fin_sent && SEQ_GEQ(g->ack,
	    t->fin_seq + 1)) ? ", and it acknowledges our FIN" : "";

	if (t->fin_sent)
		return sb_fmt(buf, cap, "FIN: the peer's application read the "
		    "end of our data (our FIN) and closed its socket too, so "
		    "its TCP sends FIN%s (RFC 9293 3.6; 3.10.4 CLOSE; "
		    "3.10.7.4, eighth check)", acks);
	return sb_fmt(buf, cap, "FIN: the peer's application closed its socket "
	    "(or shut down writing): it has nothing more to send, and we read "
	    "end of data after %u bytes; ack it (RFC 9293 3.6; 3.10.4 CLOSE)",
	    g->datalen);
}

/* The peer's data: our bytes echoed (with or without the ACK of
 * them), or bytes of its own. */
static size_t
arrival_data(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	uint32_t ack = shown(g->ack, in->t->iss, in->relative);

	if (same_bytes(g, lo) && (!in->have_prev_ack ||
	    SEQ_GT(g->ack, in->prev_ack)))
		/* no ACK came before it: it carries the ACK too */
		return sb_fmt(buf, cap, "data: the %u bytes we sent, back "
		    "again: the peer's TCP took ours in order and acknowledges "
		    "them, ack %u (RFC 9293 3.10.7.4, seventh check), and its "
		    "application (an echo server) read them and wrote them "
		    "back with send(); PSH because that was all it had (3.10.2 "
		    "SEND)", g->datalen, ack);
	if (same_bytes(g, lo))
		return sb_fmt(buf, cap, "data: the %u bytes we sent, back "
		    "again: the peer's application (an echo server) read them "
		    "and wrote them back with send(); PSH because that was all "
		    "it had (RFC 9293 3.10.2 SEND; 3.9.1.2)", g->datalen);
	return sb_fmt(buf, cap, "data: the peer's application wrote %u bytes "
	    "with send() and its TCP sent them at once, PSH set (RFC 9293 "
	    "3.10.2 SEND); ack them, or it retransmits (3.8.1)", g->datalen);
}

/* A bare ACK: of our FIN, of our data, of our SYN,ACK, a duplicate, or
 * nothing new. */
static size_t
arrival_ack(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	const struct tcb *t = in->t;
	uint32_t n = in->ev->notes;
	enum tcb_state from = in->ev->from;
	uint8_t f = g->flags;
	uint32_t ack = shown(g->ack, t->iss, in->relative);

	if (lo != NULL && (lo->flags & TH_FIN) && (f & TH_ACK) &&
	    t->fin_sent && SEQ_GEQ(g->ack, t->fin_seq + 1) &&
	    from == TCB_LAST_ACK)
		return sb_fmt(buf, cap, "the ACK of our FIN: the peer's TCP "
		    "has it, both ends have closed, and our LAST-ACK ends: "
		    "CLOSED (RFC 9293 3.6; 3.10.7.4, eighth check)");
	if (lo != NULL && (lo->flags & TH_FIN) && (f & TH_ACK) &&
	    t->fin_sent && SEQ_GEQ(g->ack, t->fin_seq + 1))
		return sb_fmt(buf, cap, "the ACK of our FIN: the peer's TCP "
		    "has it (its side is now in CLOSE-WAIT until its "
		    "application closes too); we wait in FIN-WAIT-2 for its "
		    "FIN (RFC 9293 3.6; 3.10.7.4, eighth check)");
	if ((f & TH_ACK) && lo != NULL && lo->datalen > 0 &&
	    SEQ_GEQ(g->ack, lo->seq + lo->datalen))
		return sb_fmt(buf, cap, "the ACK of our data: the peer's TCP "
		    "received everything up to %u in order and acknowledges "
		    "it, at once or within the delayed-ACK time (RFC 9293 "
		    "3.10.7.4, seventh check; 3.8.6.3)", ack);
	if ((f & TH_ACK) && in->have_prev_ack && SEQ_GT(g->ack,
	    in->prev_ack) && t->bytes_out > 0)
		return sb_fmt(buf, cap, "the ACK of our data: the peer's TCP "
		    "received everything up to %u in order (%u bytes more than "
		    "its last ACK) and acknowledges it, at once or within the "
		    "delayed-ACK time (RFC 9293 3.10.7.4, seventh check; "
		    "3.8.6.3)", ack, g->ack - in->prev_ack);
	if (in->ev->from == TCB_SYN_RECEIVED && in->ev->to ==
	    TCB_ESTABLISHED)
		return sb_fmt(buf, cap, "the ACK of our SYN,ACK: the client's "
		    "TCP completes the three-way handshake and its connect() "
		    "returns (RFC 9293 3.5; 3.10.7.4, fifth check)");
	if (n & TN_DUPACK)
		return sb_fmt(buf, cap, "a duplicate ACK: the same ack %u "
		    "again, the peer still waits for the bytes from there (RFC "
		    "9293 3.10.7.4; RFC 5681 4.2)", ack);
	return sb_fmt(buf, cap, "an ACK with nothing new: the peer confirms "
	    "what it has received, up to %u (RFC 9293 3.10.7.4, fifth check)",
	    ack);
}

size_t
explain_arrival(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g;
	uint8_t f = g->flags;
	struct tcb_peer pv;
	size_t k;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	/* the peer as our TCB sees it now, for what its answer tells */
	tcb_peer_view(in->t, &pv);
	if ((in->ev->notes & TN_REFUSED) ||
	    ((f & TH_RST) && in->ev->from == TCB_SYN_SENT))
		return sb_fmt(buf, cap, "RST|ACK: nothing listens on port %u "
		    "of the peer, so its kernel has no connection for our SYN "
		    "and refuses it: a segment for no TCB is answered with a "
		    "reset, ack = our SYN + 1 (RFC 9293 3.10.7.1, CLOSED "
		    "state); a socket client sees \"connection refused\"",
		    g->sport);
	if (f & TH_RST)
		return arrival_rst(in, buf, cap);
	if ((f & TH_SYN) && (f & TH_ACK))
		return arrival_synack(in, buf, cap);
	if (f & TH_SYN)
		return arrival_syn(in, buf, cap);
	if ((k = arrival_timer(in, buf, cap)) > 0 ||
	    (k = arrival_answer(in, &pv, buf, cap)) > 0 ||
	    (k = arrival_window(in, buf, cap)) > 0)
		return k;
	if (f & TH_FIN)
		return arrival_fin(in, buf, cap);
	if (g->datalen > 0)
		return arrival_data(in, buf, cap);
	return arrival_ack(in, buf, cap);
}
