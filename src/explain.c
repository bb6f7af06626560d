/* explain.c - why the peer sent a segment, and what it should do with ours
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
 * beyond a hole, its window the last one it advertised.  Predictions
 * follow the checks as Linux applies them (tcp_validate_incoming(),
 * tcp_timewait_state_process()), which is what a lab's peer runs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"

static size_t
say(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

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
		return say(buf, cap, "RST: %s; we accept it because its "
		    "sequence number %u is exactly RCV.NXT (3.10.7.4, second "
		    "check; RFC 5961 3.2)", why, seq);
	if (in->ev->to == TCB_LISTEN && in->ev->from == TCB_SYN_RECEIVED)
		return say(buf, cap, "RST: %s; in SYN-RECEIVED it sends our "
		    "passive open back to LISTEN (RFC 9293 3.10.7.4, second "
		    "check)", why);
	if (n & TN_BAD_ACK)
		return say(buf, cap, "RST with seq %u, the ack we sent: the "
		    "peer's answer to an ACK of ours it could not accept, "
		    "<SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2 or 3.10.7.3); "
		    "it resets nothing, our TCB keeps the connection", seq);
	if (n & TN_OUT_OF_WIN)
		return say(buf, cap, "RST: %s; but its sequence number %u is "
		    "outside our window (RCV.NXT %u), so we ignore it (RFC "
		    "9293 3.10.7.4, first check)", why, seq, nxt);
	return say(buf, cap, "RST: %s; its sequence number %u is in our "
	    "window but not exactly RCV.NXT %u, so we do not reset: a "
	    "challenge ACK is owed (RFC 9293 3.10.7.4, second check; RFC "
	    "5961 3.2)", why, seq, nxt);
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
			return say(buf, cap, "a duplicate ACK of %u: our "
			    "segment repeated bytes the peer already has, "
			    "which is not acceptable; it acknowledges what it "
			    "expects next (RFC 9293 3.10.7.4, first check)",
			    ack);
		return 0;
	}
	if (g->win == 0 && lo->seq == g->ack)
		return say(buf, cap, "an ACK of %u with window 0: the peer's "
		    "buffer is full, so with RCV.WND 0 our bytes were not "
		    "acceptable; it drops them and says what it expects (RFC "
		    "9293 3.10.7.4, first check; 3.8.6.1)", ack);
	if (SEQ_GT(lo->seq, pv->edge))
		return say(buf, cap, "a duplicate ACK of %u: our segment "
		    "started beyond the peer's window (right edge %u), so it "
		    "was not acceptable; the peer drops it and answers with an "
		    "ACK of what it has (RFC 9293 3.10.7.4, first check)", ack,
		    shown(pv->edge, t->iss, in->relative));
	if (SEQ_GT(lo->seq, g->ack))
		return say(buf, cap, "a duplicate ACK of %u: our segment is "
		    "inside the peer's window but beyond its RCV.NXT %u, "
		    "leaving a gap; it holds the bytes out of order and at "
		    "once asks for the gap (RFC 9293 3.10.7.4, seventh check; "
		    "RFC 5681 4.2)", ack, ack);
	return say(buf, cap, "an ACK of %u: our segment starts at what the "
	    "peer expects but its window could not take it all, so it "
	    "acknowledges what it kept (RFC 9293 3.10.7.4, first check; "
	    "3.8.6)", ack);
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
		return say(buf, cap, "RST: our segment came with no "
		    "handshake before it; a listening socket answers "
		    "any ACK-bearing segment with <SEQ=SEG.ACK>"
		    "<CTL=RST> (RFC 9293 3.10.7.2, LISTEN state)");
	if (lo != NULL && (lo->flags & TH_ACK) &&
	    from == TCB_SYN_RECEIVED)
		return say(buf, cap, "RST: our ACK did not acknowledge "
		    "the peer's SYN,ACK, so the peer resets (RFC 9293 "
		    "3.10.7.4, fifth check: an unacceptable ACK in "
		    "SYN-RECEIVED)");
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
		return say(buf, cap, "the SYN,ACK again: the peer's "
		    "retransmission timer expired because our ACK "
		    "completing the handshake did not come; it resends "
		    "with the timeout doubled each time (RFC 9293 "
		    "3.8.1, RFC 6298 5.5)");
	if (n & TN_BAD_ACK)
		return say(buf, cap, "SYN,ACK whose ack %u is not our "
		    "ISS+1: it does not acknowledge our SYN; a correct "
		    "client answers it with a RST (RFC 9293 3.10.7.3, "
		    "SYN-SENT state)", ack);
	return say(buf, cap, "SYN,ACK: a socket listens on port %u, "
	    "so the peer's kernel answers our SYN with its own ISN "
	    "(seq %u) and acknowledges ours, ack = ISS+1 = %u, half of "
	    "the three-way handshake (RFC 9293 3.5; 3.10.7.2, LISTEN "
	    "state)", g->sport, shown(g->seq, irs, in->relative),
	    ack);
}

/* The peer's SYN: again, a client's open, or one on a 4-tuple we hold. */
static size_t
arrival_syn(const struct explain_in *in, char *buf, size_t cap)
{
	uint32_t n = in->ev->notes;
	enum tcb_state from = in->ev->from;

	if (n & TN_RETRANS)
		return say(buf, cap, "the SYN again: the peer's "
		    "connect() got no SYN,ACK in time and its "
		    "retransmission timer expired (RFC 9293 3.8.1, "
		    "RFC 6298; Linux waits 1 s, then doubles)");
	if (from == TCB_LISTEN || from == TCB_CLOSED)
		return say(buf, cap, "SYN: a client calls connect(), "
		    "its TCP opens with its own ISN and options; "
		    "answer with synack (RFC 9293 3.5; 3.10.1 OPEN)");
	return say(buf, cap, "SYN in a synchronized state: the peer "
	    "started a new connection on a 4-tuple we still hold "
	    "(RFC 9293 3.10.7.4, fourth check)");
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
			return say(buf, cap, "the FIN again: our ACK of it did "
			    "not come, so the peer's retransmission timer "
			    "expired (RFC 9293 3.8.1; RFC 6298 5.5: the "
			    "timeout doubles)");
		return say(buf, cap, "a retransmission: the peer sent these "
		    "%u bytes before and our ACK of them did not come in "
		    "time, so its retransmission timer expired (RFC 9293 "
		    "3.8.1; RFC 6298 5.4-5.5: the timeout doubles each "
		    "time); ack them to stop it", g->datalen);
	}
	if (n & TN_KEEPALIVE)
		return say(buf, cap, "a keep-alive: seq RCV.NXT-1, empty or "
		    "with a byte we acknowledged already, sent after the "
		    "connection idled, only to draw an ACK that shows we are "
		    "still there (RFC 9293 3.8.4)");
	if (n & TN_ZWP)
		return say(buf, cap, "a zero-window probe: we advertised "
		    "window 0, so the peer may send only one byte now and "
		    "then to learn when it reopens (RFC 9293 3.8.6.1)");
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
			return say(buf, cap, "an ACK: our RST was outside the "
			    "window of the peer's closed socket, whose Linux "
			    "remnant answers any segment it cannot accept with "
			    "an ACK of what it expects, ack %u (RFC 9293 "
			    "3.10.7.4, first check)", ack);
		return say(buf, cap, "a challenge ACK: our RST's sequence "
		    "number was inside the peer's window but not exactly its "
		    "RCV.NXT (%u), so instead of resetting it acknowledges "
		    "what it really expects (RFC 9293 3.10.7.4, second check; "
		    "RFC 5961 3.2)", ack);
	}
	if (lo != NULL && (lo->flags & TH_SYN) && from != TCB_SYN_SENT &&
	    from != TCB_CLOSED && (f & TH_ACK) && g->datalen == 0 &&
	    (pv->st == TCB_PEER_FW2 || pv->st == TCB_PEER_TW))
		return say(buf, cap, "an ACK: our SYN was outside the window "
		    "of what Linux keeps of the peer's closed socket, which "
		    "answers any segment it cannot accept with an ACK of what "
		    "it expects, ack %u (RFC 9293 3.10.7.4, first check)",
		    ack);
	if (lo != NULL && (lo->flags & TH_SYN) && from != TCB_SYN_SENT &&
	    from != TCB_CLOSED && (f & TH_ACK) && g->datalen == 0)
		return say(buf, cap, "a challenge ACK: our SYN arrived on a "
		    "synchronized connection; rather than reset it the peer "
		    "acknowledges what it expects, ack %u (RFC 9293 "
		    "3.10.7.4, fourth check; RFC 5961 4.2)", ack);
	if (n & TN_CHALLENGE)
		return say(buf, cap, "a challenge ACK: a RST or SYN of ours "
		    "was not exactly at the peer's RCV.NXT, so it answers "
		    "with the numbers it expects, ack %u (RFC 9293 3.10.7.4; "
		    "RFC 5961 3.2, 4.2)", ack);
	if (lo != NULL && (f & TH_ACK) && g->datalen == 0 &&
	    !(f & TH_FIN) && (lo->flags & TH_ACK) && lo->datalen == 0 &&
	    !(lo->flags & (TH_SYN | TH_FIN)) && lo->ack != t->rcv_nxt)
		return say(buf, cap, "an ACK answering our ACK, whose number "
		    "%s: the peer drops such a segment and answers with an "
		    "ACK of the true numbers, ack %u (RFC 9293 3.10.7.4, fifth "
		    "check; RFC 5961 5.2)", SEQ_GT(lo->ack, t->rcv_nxt) ?
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
		return say(buf, cap, "window 0: the peer's receive buffer is "
		    "full because its application does not read; we may "
		    "send nothing but zero-window probes until it reopens "
		    "(RFC 9293 3.8.6, 3.8.6.1)");
	if (n & TN_WIN_UPDATE)
		return say(buf, cap, "a window update: the peer's application "
		    "read data, so its buffer has room again and it "
		    "advertises the larger window (RFC 9293 3.8.6)");
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
		return say(buf, cap, "FIN: the peer's application "
		    "read the end of our data (our FIN) and closed "
		    "its socket too, so its TCP sends FIN%s (RFC 9293 "
		    "3.6; 3.10.4 CLOSE; 3.10.7.4, eighth check)", acks);
	return say(buf, cap, "FIN: the peer's application closed its "
	    "socket (or shut down writing): it has nothing more to "
	    "send, and we read end of data after %u bytes; ack it "
	    "(RFC 9293 3.6; 3.10.4 CLOSE)", g->datalen);
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
		return say(buf, cap, "data: the %u bytes we sent, back "
		    "again: the peer's TCP took ours in order and "
		    "acknowledges them, ack %u (RFC 9293 3.10.7.4, "
		    "seventh check), and its application (an echo "
		    "server) read them and wrote them back with send(); "
		    "PSH because that was all it had (3.10.2 SEND)",
		    g->datalen, ack);
	if (same_bytes(g, lo))
		return say(buf, cap, "data: the %u bytes we sent, back "
		    "again: the peer's application (an echo server) "
		    "read them and wrote them back with send(); PSH "
		    "because that was all it had (RFC 9293 3.10.2 "
		    "SEND; 3.9.1.2)", g->datalen);
	return say(buf, cap, "data: the peer's application wrote %u "
	    "bytes with send() and its TCP sent them at once, PSH "
	    "set (RFC 9293 3.10.2 SEND); ack them, or it "
	    "retransmits (3.8.1)", g->datalen);
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
		return say(buf, cap, "the ACK of our FIN: the peer's TCP has "
		    "it, both ends have closed, and our LAST-ACK ends: CLOSED "
		    "(RFC 9293 3.6; 3.10.7.4, eighth check)");
	if (lo != NULL && (lo->flags & TH_FIN) && (f & TH_ACK) &&
	    t->fin_sent && SEQ_GEQ(g->ack, t->fin_seq + 1))
		return say(buf, cap, "the ACK of our FIN: the peer's TCP has "
		    "it (its side is now in CLOSE-WAIT until its "
		    "application closes too); we wait in FIN-WAIT-2 for its "
		    "FIN (RFC 9293 3.6; 3.10.7.4, eighth check)");
	if ((f & TH_ACK) && lo != NULL && lo->datalen > 0 &&
	    SEQ_GEQ(g->ack, lo->seq + lo->datalen))
		return say(buf, cap, "the ACK of our data: the peer's TCP "
		    "received everything up to %u in order and acknowledges "
		    "it, at once or within the delayed-ACK time (RFC 9293 "
		    "3.10.7.4, seventh check; 3.8.6.3)", ack);
	if ((f & TH_ACK) && in->have_prev_ack && SEQ_GT(g->ack,
	    in->prev_ack) && t->bytes_out > 0)
		return say(buf, cap, "the ACK of our data: the peer's TCP "
		    "received everything up to %u in order (%u bytes more "
		    "than its last ACK) and acknowledges it, at once or within "
		    "the delayed-ACK time (RFC 9293 3.10.7.4, seventh check; "
		    "3.8.6.3)", ack, g->ack - in->prev_ack);
	if (in->ev->from == TCB_SYN_RECEIVED && in->ev->to ==
	    TCB_ESTABLISHED)
		return say(buf, cap, "the ACK of our SYN,ACK: the client's "
		    "TCP completes the three-way handshake and its connect() "
		    "returns (RFC 9293 3.5; 3.10.7.4, fifth check)");
	if (n & TN_DUPACK)
		return say(buf, cap, "a duplicate ACK: the same ack %u again, "
		    "the peer still waits for the bytes from there (RFC 9293 "
		    "3.10.7.4; RFC 5681 4.2)", ack);
	return say(buf, cap, "an ACK with nothing new: the peer confirms "
	    "what it has received, up to %u (RFC 9293 3.10.7.4, fifth "
	    "check)", ack);
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
		return say(buf, cap, "RST|ACK: nothing listens on port %u of "
		    "the peer, so its kernel has no connection for our SYN "
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	uint32_t seq = c->g->seq, nxt = v->rcv_nxt;

	switch (tcb_peer_rst(v, seq)) {
	case TCB_RST_NOSOCK:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "the peer has no connection for it (or only "
		    "listens): a RST is never answered, nothing comes back "
		    "(RFC 9293 3.10.7.1, 3.10.7.2)");
		return;
	case TCB_RST_EXACT:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "its sequence number is exactly the peer's RCV.NXT "
		    "(%u): the peer resets the connection without a word, its "
		    "application gets ECONNRESET (RFC 9293 3.10.7.4, second "
		    "check; RFC 5961 3.2)", us(c, nxt));
		return;
	case TCB_RST_FIN:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "its sequence number is RCV.NXT-1 (%u), the seq of "
		    "our FIN, which the peer has: Linux takes that as exact "
		    "too and resets without a word (RFC 9293 3.10.7.4, second "
		    "check; RFC 5961 3.2)", us(c, nxt - 1));
		return;
	case TCB_RST_SACK:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "its sequence number is the right edge of the "
		    "peer's SACK blocks (%u), where its RCV.NXT will be once "
		    "the hole fills: Linux takes that as exact and resets "
		    "without a word (RFC 9293 3.10.7.4, second check; RFC 5961 "
		    "3.2)", us(c, v->sack_end));
		return;
	case TCB_RST_KILL:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "the peer's socket is closed and Linux keeps only "
		    "a %s remnant, which any RST inside its window (RCV.NXT %u) "
		    "ends without a word (RFC 9293 3.10.7.4, second check)",
		    v->st == TCB_PEER_TW ? "TIME-WAIT" : "FIN-WAIT-2",
		    us(c, nxt));
		return;
	case TCB_RST_IGNORED:
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "the peer is in TIME-WAIT, which takes a RST only "
		    "exactly at its RCV.NXT (%u): this one is dropped without "
		    "a word (RFC 9293 3.10.7.4, second check)", us(c, nxt));
		return;
	case TCB_RST_CHALLENGE:
		want_oow_ack(c, nxt);
		say(b, cap, "its sequence number is inside the peer's window "
		    "but not exactly RCV.NXT (%u): the peer keeps the "
		    "connection and sends a challenge ACK, ack %u (RFC 9293 "
		    "3.10.7.4, second check; RFC 5961 3.2)%s", us(c, nxt),
		    us(c, nxt), oow_note(c));
		return;
	default:
		break;
	}
	if (v->st == TCB_PEER_FW2) {
		want_oow_ack(c, nxt);
		say(b, cap, "its sequence number is outside the window of the "
		    "peer's FIN-WAIT-2 remnant (RCV.NXT %u): Linux answers any "
		    "segment it cannot accept, RST included, with an ACK, "
		    "ack %u (RFC 9293 3.10.7.4, first check)%s", us(c, nxt),
		    us(c, nxt), oow_note(c));
		return;
	}
	want(p, PX_SILENCE, 0, 0, 0, 0);
	say(b, cap, "its sequence number is outside the peer's window "
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	uint32_t nxt = v->rcv_nxt;

	switch (v->st) {
	case TCB_PEER_OPEN:
	case TCB_PEER_SHUT:
		want_oow_ack(c, nxt);
		say(b, cap, "a SYN on a synchronized connection, in the window "
		    "or not: the peer answers with a challenge ACK of what it "
		    "expects, ack %u, and does not reset (RFC 9293 3.10.7.4, "
		    "fourth check; RFC 5961 4.2)%s", us(c, nxt), oow_note(c));
		return 1;
	case TCB_PEER_FW2:
		if (SEQ_GEQ(c->g->seq, nxt) && tcb_peer_seq_ok(v, c->g->seq,
		    c->len, 0) == 1) {
			want(p, PX_RST, 0, 0, 0, 0);
			say(b, cap, "the peer's socket is closed and Linux keeps "
			    "only a FIN-WAIT-2 remnant: a SYN in its window "
			    "(at or beyond RCV.NXT %u) is answered with a RST "
			    "(RFC 9293 3.10.7.4, fourth check, as RFC 793 had "
			    "it)", us(c, nxt));
			return 1;
		}
		want_oow_ack(c, nxt);
		say(b, cap, "the peer keeps only a FIN-WAIT-2 remnant, and this "
		    "SYN is outside its window (RCV.NXT %u): it answers with "
		    "an ACK, ack %u (RFC 9293 3.10.7.4, first check)%s",
		    us(c, nxt), us(c, nxt), oow_note(c));
		return 1;
	case TCB_PEER_TW:
		if (SEQ_GT(c->g->seq, nxt))
			return 0;	/* a new connection: as to a listener */
		want_oow_ack(c, nxt);
		say(b, cap, "the peer is in TIME-WAIT and this SYN does not "
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	const char *gone = c->pv.st == TCB_PEER_GONE ? "the peer's end of "
	    "the old connection is gone: " : c->pv.st == TCB_PEER_TW ?
	    "the SYN starts beyond the RCV.NXT of the peer's TIME-WAIT: " :
	    "";

	if (synchronized(c->t->state) && predict_syn_sync(c))
		return;
	if (c->in->listener == 1) {
		want(p, PX_SYNACK, 1, c->end, c->end, us(c, c->end));
		say(b, cap, "%sa socket listens on port %u: the peer answers "
		    "SYN,ACK with its own ISN and ack %u, our ISN + 1 (RFC 9293 "
		    "3.5; 3.10.7.2, LISTEN state)", gone, g->dport,
		    us(c, c->end));
	} else if (c->in->listener == 0) {
		want(p, PX_RST, 1, c->end, c->end, us(c, c->end));
		say(b, cap, "%snothing listens on port %u: the peer answers "
		    "RST,ACK, ack %u, and a socket client would see "
		    "\"connection refused\" (RFC 9293 3.10.7.1, CLOSED state)",
		    gone, g->dport, us(c, c->end));
	} else {
		want(p, PX_SYNACK | PX_RST, 1, c->end, c->end, us(c, c->end));
		say(b, cap, "%sSYN,ACK, ack %u, if a socket listens on port %u "
		    "(RFC 9293 3.10.7.2); RST,ACK if nothing does (3.10.7.1)",
		    gone, us(c, c->end), g->dport);
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
		say(p->text, sizeof(p->text), "the peer's end is gone: our "
		    "ACK of its FIN ended its LAST-ACK, so no connection "
		    "matches and the peer answers <SEQ=SEG.ACK><CTL=RST> "
		    "(RFC 9293 3.10.7.1, CLOSED state; a listener does the "
		    "same, 3.10.7.2)");
		return;
	}
	want(p, PX_SILENCE | PX_RST, 0, 0, 0, 0);
	say(p->text, sizeof(p->text), "the peer's end is gone: a port with "
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;
	int inwin;
	const char *what = v->st == TCB_PEER_TW ? "TIME-WAIT" : "FIN-WAIT-2";

	inwin = g->seq == nxt || (SEQ_GT(c->end, nxt) &&
	    SEQ_LT(g->seq, v->edge)) || (g->seq == v->edge && c->len == 0);
	if (v->st == TCB_PEER_TW) {
		if (g->seq == nxt && c->len == 0) {
			want(p, PX_SILENCE, 0, 0, 0, 0);
			say(b, cap, "the peer is in TIME-WAIT and this ACK is "
			    "exactly at its RCV.NXT (%u): it restarts the "
			    "TIME-WAIT timer and answers nothing (RFC 9293 "
			    "3.10.7.4, fifth check)", us(c, nxt));
			return;
		}
		want_oow_ack(c, nxt);
		say(b, cap, "the peer is in TIME-WAIT: anything but a bare "
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
		say(b, cap, "not acceptable to the peer's %s remnant (RCV.NXT "
		    "%u, RCV.WND %u): it answers with an ACK, ack %u (RFC 9293 "
		    "3.10.7.4, first check)%s", what, us(c, nxt), v->rcv_wnd,
		    us(c, nxt), c->len > 0 ? "" : oow_note(c));
		return;
	}
	if (!(g->flags & TH_ACK) || !SEQ_GT(c->end, nxt) || c->len == 0) {
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "the peer's socket is closed and Linux keeps only a "
		    "FIN-WAIT-2 remnant: a segment with nothing new for it is "
		    "dropped without an answer (RFC 9293 3.10.7.4, fifth "
		    "check)");
		return;
	}
	if (fin && g->datalen == 0 && g->seq == nxt) {
		want(p, PX_ACK, 1, c->end, c->end, us(c, c->end));
		say(b, cap, "our FIN at the RCV.NXT (%u) of the peer's "
		    "FIN-WAIT-2 remnant: it acknowledges it, ack %u, and goes "
		    "to TIME-WAIT (RFC 9293 3.10.7.4, eighth check)",
		    us(c, nxt), us(c, c->end));
		return;
	}
	want(p, PX_RST, 0, 0, 0, 0);
	say(b, cap, "new data after the peer's application closed its "
	    "socket: the FIN-WAIT-2 remnant cannot deliver it and answers "
	    "with a RST (RFC 9293 3.10.7.4, seventh check; RFC 1122 "
	    "4.2.2.13)");
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
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
			say(b, cap, "the peer has these bytes already "
			    "(RCV.NXT is %u): not acceptable, it drops them "
			    "and sends an ACK of what it expects, ack %u (RFC "
			    "9293 3.10.7.4, first check)", us(c, nxt),
			    us(c, nxt));
		else
			say(b, cap, "not acceptable: the sequence number is "
			    "outside the peer's window (RCV.NXT %u, RCV.WND "
			    "%u); it drops the segment and sends an ACK, ack %u "
			    "(RFC 9293 3.10.7.4, first check)%s", us(c, nxt),
			    v->rcv_wnd, us(c, nxt), c->len > 0 ? "" :
			    oow_note(c));
		return 1;
	}
	if (c->len > 0 && SEQ_LEQ(c->end, nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		say(b, cap, "the peer has these bytes already (RCV.NXT is %u): "
		    "a duplicate, not acceptable; it drops them and at once "
		    "sends an ACK of what it expects, ack %u (RFC 9293 "
		    "3.10.7.4, first check)", us(c, nxt), us(c, nxt));
		return 1;
	}
	if ((g->flags & TH_ACK) && SEQ_GT(g->ack, t->rcv_max)) {
		want_oow_ack(c, nxt);
		say(b, cap, "its ack %u acknowledges data the peer never sent "
		    "(its SND.NXT is %u): the peer drops the segment and "
		    "answers with an ACK of its true numbers, ack %u (RFC 9293 "
		    "3.10.7.4, fifth check; RFC 5961 5.2)%s", shown(g->ack,
		    irs, rel), shown(t->rcv_max, irs, rel), us(c, nxt),
		    oow_note(c));
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
	char *b = p->text;
	size_t cap = sizeof(p->text);

	want(p, PX_SILENCE, 0, 0, 0, 0);
	if (t->bytes_in == 0 && t->bytes_out == 0 &&
	    t->snd_nxt == t->iss + 1 && t->role == TCB_CLIENT &&
	    t->have_irs && !t->have_ack_sent)
		say(b, cap, "it completes the three-way handshake: the "
		    "peer enters ESTABLISHED and its accept() can "
		    "return; an ACK is never acknowledged, so nothing "
		    "comes back unless its application sends data "
		    "(RFC 9293 3.5; 3.10.7.4, fifth check)");
	else
		say(b, cap, "an acceptable ACK: the peer updates SND.UNA "
		    "(and leaves LAST-ACK or FIN-WAIT-1 if it "
		    "acknowledges a FIN); an ACK is never acknowledged, "
		    "so nothing comes back (RFC 9293 3.10.7.4, fifth "
		    "check)");
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;

	if (v->st == TCB_PEER_SHUT && SEQ_GT(c->end - fin, nxt) &&
	    g->datalen > 0) {
		want(p, PX_RST, 0, 0, 0, 0);
		say(b, cap, "new data after the peer's application closed its "
		    "socket (its FIN came): nobody can read it, so the peer "
		    "answers with a RST (RFC 9293 3.10.7.4, seventh check; RFC "
		    "1122 4.2.2.13)");
		return 1;
	}
	if (v->rcv_wnd == 0 && g->datalen > 0) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		say(b, cap, "the peer's window is 0 (its buffer is full): no "
		    "data is acceptable, so it drops the bytes and answers "
		    "with an ACK, ack %u, window 0 (RFC 9293 3.10.7.4, first "
		    "check; 3.8.6.1)", us(c, nxt));
		return 1;
	}
	if (SEQ_GT(g->seq, nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, us(c, nxt));
		say(b, cap, "inside the window but beyond the peer's RCV.NXT "
		    "(%u), leaving a gap: the peer holds it out of order and "
		    "at once sends a duplicate ACK, ack %u%s (RFC 9293 "
		    "3.10.7.4, seventh check; RFC 5681 4.2)", us(c, nxt),
		    us(c, nxt), tcb_sack_ok(t) ? ", with a SACK block for "
		    "it (RFC 2018)" : "");
		return 1;
	}
	if (ok < 0) {
		want(p, PX_ACK, 1, nxt, c->end, us(c, nxt));
		say(b, cap, "it starts inside the peer's window (right edge "
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
	char *b = p->text;
	size_t cap = sizeof(p->text);
	uint32_t nxt = v->rcv_nxt, fin = (g->flags & TH_FIN) ? 1 : 0;
	uint32_t hi;

	/* filling a hole releases what the peer held beyond it */
	hi = SEQ_GEQ(c->end, v->held_end) || v->held_end == nxt ? c->end :
	    v->held_end;
	want(p, PX_ACK | PX_DATA | PX_FIN, 1, nxt + 1, hi, us(c, c->end));
	if (hi != c->end)
		say(b, cap, "in order: the peer takes the %u bytes and with "
		    "them what it held beyond the hole, and acknowledges "
		    "up to %u at most (RFC 9293 3.10.7.4, seventh check)",
		    g->datalen, us(c, hi));
	else if (fin)
		say(b, cap, "in order: the peer's TCP acknowledges our FIN, "
		    "ack %u, and its application reads end of data; if it "
		    "closes too, a FIN follows (RFC 9293 3.6; 3.10.7.4, eighth "
		    "check)", us(c, c->end));
	else
		say(b, cap, "in order and inside the window: the peer takes "
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
explain_predict(const struct predict_in *in, struct prediction *p)
{
	const struct seg *g = in->g;
	const struct tcb *t = in->t;
	uint8_t f = g->flags;
	uint32_t irs;
	int rel = in->relative;
	char *b = p->text;
	size_t cap = sizeof(p->text);
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
		say(b, cap, "the peer checks the checksum and silently "
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
			say(b, cap, "its ack %u is not the client's ISS+1: the "
			    "client answers with a RST <SEQ=SEG.ACK> (RFC 9293 "
			    "3.10.7.3, SYN-SENT state)", shown(g->ack, irs,
			    rel));
			return;
		}
		want(p, PX_ACK | PX_DATA, 1, c.end, c.end, us(&c, c.end));
		say(b, cap, "the client's TCP completes the handshake: an ACK "
		    "of our SYN, ack %u, and its connect() returns (RFC 9293 "
		    "3.5; 3.10.7.3, SYN-SENT state)", us(&c, c.end));
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
		say(b, cap, "no handshake came first: a listening socket (or "
		    "none) answers any ACK-bearing segment with RST "
		    "<SEQ=SEG.ACK> (RFC 9293 3.10.7.2, second check; "
		    "3.10.7.1)");
	} else {
		want(p, PX_SILENCE | PX_RST, 0, 0, 0, 0);
		say(b, cap, "no handshake and no ACK: a listening socket drops "
		    "it silently (RFC 9293 3.10.7.2, fourth check), a port "
		    "with no socket answers RST,ACK (3.10.7.1)");
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
			n += say(buf + n, cap - n, "%s%s", n ? " or " : "",
			    words[i].w);
	if (p->have_ack && (p->expect & ~PX_SILENCE))
		say(buf + n, cap - n, " with ack %u", p->ack_shown);
	return strlen(buf);
}

int
explain_verdict(const struct prediction *p, const struct seg *r, char *buf,
    size_t cap)
{
	char exp[96], fl[8];
	int cls = 0, ok, i = 0;

	expect_words(p, exp, sizeof(exp));
	if (r == NULL) {
		ok = (p->expect & PX_SILENCE) != 0;
		say(buf, cap, ok ? "the prediction held: nothing came back" :
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
	say(buf, cap, "the prediction %s: [%s]%s, expected %s",
	    ok ? "held" : "did not hold", fl,
	    r->datalen > 0 ? " with data" : "", exp);
	return ok;
}
