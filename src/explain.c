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
 * variables are what its segments showed: its RCV.NXT is our SND.NXT
 * once everything arrived, its window the last one it advertised.
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

size_t
explain_arrival(const struct explain_in *in, char *buf, size_t cap)
{
	const struct seg *g = in->g, *lo = in->last_out;
	const struct tcb *t = in->t;
	uint32_t n = in->ev->notes, irs = t->have_irs ? t->irs : 0;
	enum tcb_state from = in->ev->from;
	uint8_t f = g->flags;
	uint32_t ack = shown(g->ack, t->iss, in->relative);

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if ((n & TN_REFUSED) || ((f & TH_RST) && from == TCB_SYN_SENT))
		return say(buf, cap, "RST|ACK: nothing listens on port %u of "
		    "the peer, so its kernel has no connection for our SYN "
		    "and refuses it: a segment for no TCB is answered with a "
		    "reset, ack = our SYN + 1 (RFC 9293 3.10.7.1, CLOSED "
		    "state); a socket client sees \"connection refused\"",
		    g->sport);
	if (f & TH_RST) {
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
		return say(buf, cap, "RST: the peer no longer has this "
		    "connection (its socket was closed or aborted, "
		    "RFC 9293 3.10.5 ABORT, or it holds no TCB for these "
		    "segments, 3.10.7.1); we accept it because its sequence "
		    "number is exactly RCV.NXT (3.10.7.4, second check; "
		    "RFC 5961 3.2)");
	}
	if ((f & TH_SYN) && (f & TH_ACK)) {
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
	if (f & TH_SYN) {
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
	/* answers to something odd we sent */
	if (lo != NULL && (lo->flags & TH_RST) && (f & TH_ACK) &&
	    g->datalen == 0 && !(f & TH_FIN))
		return say(buf, cap, "a challenge ACK: our RST's sequence "
		    "number was inside the peer's window but not exactly its "
		    "RCV.NXT (%u), so instead of resetting it acknowledges "
		    "what it really expects (RFC 9293 3.10.7.4, second check; "
		    "RFC 5961 3.2)", ack);
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
	    !(f & TH_FIN) && (lo->datalen > 0 || (lo->flags & TH_FIN)) &&
	    SEQ_LT(g->ack, lo->seq + lo->datalen +
	    ((lo->flags & TH_FIN) ? 1 : 0))) {
		if (SEQ_GT(lo->seq, g->ack))
			return say(buf, cap, "a duplicate ACK of %u: our "
			    "segment did not start at the peer's RCV.NXT %u "
			    "(a gap, or outside its window), so it was not "
			    "acceptable or is held out of order; the peer "
			    "answers with an ACK of what it has (RFC 9293 "
			    "3.10.7.4, first check; RFC 5681 4.2)", ack, ack);
		return say(buf, cap, "a duplicate ACK of %u: our segment "
		    "repeated bytes the peer already has; it acknowledges "
		    "what it expects next (RFC 9293 3.10.7.4, first check)",
		    ack);
	}
	if (n & TN_ZERO_WIN)
		return say(buf, cap, "window 0: the peer's receive buffer is "
		    "full because its application does not read; we may "
		    "send nothing but zero-window probes until it reopens "
		    "(RFC 9293 3.8.6, 3.8.6.1)");
	if (n & TN_WIN_UPDATE)
		return say(buf, cap, "a window update: the peer's application "
		    "read data, so its buffer has room again and it "
		    "advertises the larger window (RFC 9293 3.8.6)");
	if (f & TH_FIN) {
		const char *acks = (t->fin_sent && SEQ_GEQ(g->ack,
		    t->fin_seq + 1)) ? ", and it acknowledges our FIN" : "";

		if (t->fin_sent)
			return say(buf, cap, "FIN: the peer's application "
			    "read the end of our data (our FIN) and closed "
			    "its socket too, so its TCP sends FIN%s (RFC 9293 "
			    "3.6; 3.10.4 CLOSE)", acks);
		return say(buf, cap, "FIN: the peer's application closed its "
		    "socket (or shut down writing): it has nothing more to "
		    "send, and we read end of data after %u bytes; ack it "
		    "(RFC 9293 3.6; 3.10.4 CLOSE)", g->datalen);
	}
	if (g->datalen > 0) {
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
		    "3.10.7.4, fifth and seventh checks; 3.8.6.3)", ack);
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

/* What our segment is worth to the peer's acceptability test (RFC 9293
 * 3.10.7.4, first check): its RCV.NXT is our SND.NXT once everything of
 * ours arrived, its RCV.WND the window it last advertised. */
static int
acceptable(const struct seg *g, uint32_t nxt, uint32_t wnd)
{
	uint32_t len = g->datalen + ((g->flags & TH_SYN) ? 1 : 0) +
	    ((g->flags & TH_FIN) ? 1 : 0);
	uint32_t end = g->seq + len - 1;

	if (len == 0)
		return wnd == 0 ? g->seq == nxt : (SEQ_GEQ(g->seq, nxt) &&
		    SEQ_LT(g->seq, nxt + wnd));
	if (wnd == 0)
		return 0;
	return (SEQ_GEQ(g->seq, nxt) && SEQ_LT(g->seq, nxt + wnd)) ||
	    (SEQ_GEQ(end, nxt) && SEQ_LT(end, nxt + wnd));
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

#define OOW_NOTE " (Linux sends at most one such ACK per 500 ms: " \
	"net.ipv4.tcp_invalid_ratelimit)"

void
explain_predict(const struct predict_in *in, struct prediction *p)
{
	const struct seg *g = in->g;
	const struct tcb *t = in->t;
	uint8_t f = g->flags;
	uint32_t nxt = t->snd_nxt, wnd = t->snd_wnd, end, irs;
	uint32_t len = g->datalen + ((f & TH_FIN) ? 1 : 0);
	int rel = in->relative;
	char *b = p->text;
	size_t cap = sizeof(p->text);

	memset(p, 0, sizeof(*p));
	irs = t->have_irs ? t->irs : 0;
	end = g->seq + g->datalen + ((f & TH_SYN) ? 1 : 0) +
	    ((f & TH_FIN) ? 1 : 0);
	if (g->fixed & (SEG_BAD_TCPSUM | SEG_BAD_IPSUM)) {
		want(p, PX_SILENCE, 0, 0, 0, 0);
		say(b, cap, "the peer checks the checksum and silently "
		    "discards this segment: nothing comes back and no state "
		    "changes (RFC 9293 3.1, Checksum; 3.10.7)");
		return;
	}
	if (f & TH_RST) {
		if (!synchronized(t->state) && t->state != TCB_SYN_RECEIVED) {
			want(p, PX_SILENCE, 0, 0, 0, 0);
			say(b, cap, "a RST for a connection the peer does not "
			    "have (or only listens for) is ignored: nothing "
			    "comes back (RFC 9293 3.10.7.1, 3.10.7.2)");
		} else if (g->seq == nxt) {
			want(p, PX_SILENCE, 0, 0, 0, 0);
			say(b, cap, "its sequence number is exactly the peer's "
			    "RCV.NXT (%u): the peer resets the connection "
			    "without a word, its application gets "
			    "ECONNRESET (RFC 9293 3.10.7.4, second check; "
			    "RFC 5961 3.2)", shown(nxt, t->iss, rel));
		} else if (acceptable(g, nxt, wnd)) {
			want(p, PX_ACK, 1, nxt, nxt, shown(nxt, t->iss, rel));
			say(b, cap, "its sequence number is inside the peer's "
			    "window but not exactly RCV.NXT (%u): the peer "
			    "keeps the connection and sends a challenge ACK, "
			    "ack %u (RFC 9293 3.10.7.4, second check; RFC 5961 "
			    "3.2)" OOW_NOTE, shown(nxt, t->iss, rel),
			    shown(nxt, t->iss, rel));
		} else {
			want(p, PX_SILENCE, 0, 0, 0, 0);
			say(b, cap, "its sequence number is outside the peer's "
			    "window (RCV.NXT %u, RCV.WND %u): the peer drops "
			    "it silently and the connection lives on (RFC 9293 "
			    "3.10.7.4, second check)",
			    shown(nxt, t->iss, rel), wnd);
		}
		return;
	}
	if ((f & TH_SYN) && !(f & TH_ACK)) {
		if (synchronized(t->state)) {
			want(p, PX_ACK, 1, nxt, nxt, shown(nxt, t->iss, rel));
			say(b, cap, "a SYN on a synchronized connection: the "
			    "peer answers with a challenge ACK of what it "
			    "expects, ack %u, and does not reset (RFC 9293 "
			    "3.10.7.4, fourth check; RFC 5961 4.2)" OOW_NOTE,
			    shown(nxt, t->iss, rel));
			return;
		}
		if (in->listener == 1) {
			want(p, PX_SYNACK, 1, end, end, shown(end, t->iss,
			    rel));
			say(b, cap, "a socket listens on port %u: the peer "
			    "answers SYN,ACK with its own ISN and ack %u, our "
			    "ISN + 1 (RFC 9293 3.5; 3.10.7.2, LISTEN state)",
			    g->dport, shown(end, t->iss, rel));
		} else if (in->listener == 0) {
			want(p, PX_RST, 1, end, end, shown(end, t->iss, rel));
			say(b, cap, "nothing listens on port %u: the peer "
			    "answers RST,ACK, ack %u, and a socket client would "
			    "see \"connection refused\" (RFC 9293 3.10.7.1, "
			    "CLOSED state)", g->dport, shown(end, t->iss, rel));
		} else {
			want(p, PX_SYNACK | PX_RST, 1, end, end,
			    shown(end, t->iss, rel));
			say(b, cap, "SYN,ACK, ack %u, if a socket listens on "
			    "port %u (RFC 9293 3.10.7.2); RST,ACK if nothing "
			    "does (3.10.7.1)", shown(end, t->iss, rel),
			    g->dport);
		}
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
		want(p, PX_ACK | PX_DATA, 1, end, end, shown(end, t->iss,
		    rel));
		say(b, cap, "the client's TCP completes the handshake: an ACK "
		    "of our SYN, ack %u, and its connect() returns (RFC 9293 "
		    "3.5; 3.10.7.3, SYN-SENT state)", shown(end, t->iss, rel));
		return;
	}
	if (t->state == TCB_CLOSED || t->state == TCB_SYN_SENT ||
	    t->state == TCB_LISTEN) {
		if (f & TH_ACK) {
			want(p, PX_RST, 0, 0, 0, 0);
			say(b, cap, "no handshake came first: a listening "
			    "socket (or none) answers any ACK-bearing segment "
			    "with RST <SEQ=SEG.ACK> (RFC 9293 3.10.7.2, second "
			    "check; 3.10.7.1)");
		} else {
			want(p, PX_SILENCE | PX_RST, 0, 0, 0, 0);
			say(b, cap, "no handshake and no ACK: a listening "
			    "socket drops it silently (RFC 9293 3.10.7.2, "
			    "fourth check), a port with no socket answers "
			    "RST,ACK (3.10.7.1)");
		}
		return;
	}
	if (!acceptable(g, nxt, wnd)) {
		want(p, PX_ACK, 1, nxt, nxt, shown(nxt, t->iss, rel));
		if (len > 0 && SEQ_LEQ(end, nxt))
			say(b, cap, "the peer has these bytes already "
			    "(RCV.NXT is %u): it drops them and sends an ACK "
			    "of what it expects, ack %u (RFC 9293 3.10.7.4, "
			    "first check)" OOW_NOTE, shown(nxt, t->iss, rel),
			    shown(nxt, t->iss, rel));
		else
			say(b, cap, "not acceptable: the sequence number is "
			    "outside the peer's window (RCV.NXT %u, RCV.WND "
			    "%u); it drops the segment and sends an ACK, ack %u "
			    "(RFC 9293 3.10.7.4, first check)" OOW_NOTE,
			    shown(nxt, t->iss, rel), wnd,
			    shown(nxt, t->iss, rel));
		return;
	}
	if ((f & TH_ACK) && SEQ_GT(g->ack, t->rcv_nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, shown(nxt, t->iss, rel));
		say(b, cap, "its ack %u acknowledges data the peer never sent "
		    "(its SND.NXT is %u): the peer drops the segment and "
		    "answers with an ACK, ack %u (RFC 9293 3.10.7.4, fifth "
		    "check; RFC 5961 5.2)" OOW_NOTE, shown(g->ack, irs, rel),
		    shown(t->rcv_nxt, irs, rel), shown(nxt, t->iss, rel));
		return;
	}
	if (len > 0 && g->seq != nxt && SEQ_GT(g->seq, nxt)) {
		want(p, PX_ACK, 1, nxt, nxt, shown(nxt, t->iss, rel));
		say(b, cap, "it starts beyond the peer's RCV.NXT (%u), leaving "
		    "a gap: the peer holds it out of order and at once sends "
		    "a duplicate ACK, ack %u (RFC 9293 3.10.7.4, seventh "
		    "check; RFC 5681 4.2)", shown(nxt, t->iss, rel),
		    shown(nxt, t->iss, rel));
		return;
	}
	if (len > 0) {
		want(p, PX_ACK | PX_DATA | PX_FIN, 1, nxt + 1, end,
		    shown(end, t->iss, rel));
		if (f & TH_FIN)
			say(b, cap, "the peer's TCP acknowledges our FIN, ack "
			    "%u, its application reads end of data; if it "
			    "closes too, a FIN follows (RFC 9293 3.6; 3.10.7.4, "
			    "eighth check)", shown(end, t->iss, rel));
		else
			say(b, cap, "in order and inside the window: the peer "
			    "takes the %u bytes and acknowledges them, ack %u, "
			    "at once or within the delayed-ACK time (RFC 9293 "
			    "3.10.7.4, seventh check; 3.8.6.3)", g->datalen,
			    shown(end, t->iss, rel));
		return;
	}
	/* a bare ACK, in order */
	if (t->bytes_in == 0 && t->bytes_out == 0 &&
	    t->snd_nxt == t->iss + 1 && t->role == TCB_CLIENT) {
		want(p, PX_SILENCE | PX_DATA, 0, 0, 0, 0);
		say(b, cap, "it completes the three-way handshake: the peer "
		    "enters ESTABLISHED and its accept() can return; an ACK "
		    "is never acknowledged, so nothing comes back unless its "
		    "application sends data (RFC 9293 3.5; 3.10.7.4, fifth "
		    "check)");
		return;
	}
	want(p, PX_SILENCE, 0, 0, 0, 0);
	say(b, cap, "an acceptable ACK: the peer updates SND.UNA (and leaves "
	    "LAST-ACK or FIN-WAIT-1 if it acknowledges a FIN); an ACK is "
	    "never acknowledged, so nothing comes back (RFC 9293 3.10.7.4, "
	    "fifth check)");
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
