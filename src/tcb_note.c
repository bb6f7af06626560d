/* tcb_note.c - the TCB in words: state names, analysis notes, the "tcb"
 * command's output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tcb.h"

static const char *const state_names[] = {
	[TCB_CLOSED] = "CLOSED",
	[TCB_LISTEN] = "LISTEN",
	[TCB_SYN_SENT] = "SYN-SENT",
	[TCB_SYN_RECEIVED] = "SYN-RECEIVED",
	[TCB_ESTABLISHED] = "ESTABLISHED",
	[TCB_FIN_WAIT_1] = "FIN-WAIT-1",
	[TCB_FIN_WAIT_2] = "FIN-WAIT-2",
	[TCB_CLOSE_WAIT] = "CLOSE-WAIT",
	[TCB_CLOSING] = "CLOSING",
	[TCB_LAST_ACK] = "LAST-ACK",
	[TCB_TIME_WAIT] = "TIME-WAIT",
};
#define NSTATES	(int)(sizeof(state_names) / sizeof(state_names[0]))

/* The abbreviations of the RFC's own diagram, so either spelling works. */
static const struct {
	const char	*name;
	enum tcb_state	 state;
} state_aliases[] = {
	{ "SYN-RCVD", TCB_SYN_RECEIVED },
	{ "ESTAB", TCB_ESTABLISHED },
	{ "FINWAIT-1", TCB_FIN_WAIT_1 },
	{ "FINWAIT-2", TCB_FIN_WAIT_2 },
};

static const struct note {
	uint32_t	 bit;
	const char	*word;
	const char	*sentence;
} notes[] = {
	{ TN_RETRANS, "retransmission",
	  "Sequence space that was already sent goes again: the sender saw "
	  "no ACK for it in time (or the user resent it)." },
	{ TN_DUPACK, "dup ack",
	  "A duplicate ACK: no data, and the same acknowledgment number and "
	  "window as the previous segment from that side, while the other "
	  "side has data in flight beyond it (RFC 5681); three in a row "
	  "trigger fast retransmit." },
	{ TN_OOO, "out-of-order",
	  "New data that arrives after data beyond it: it fills (part of) a "
	  "gap, late rather than resent; a receiver holding the later bytes "
	  "delivers them with it." },
	{ TN_ACK_UNSEEN, "ack of unseen data",
	  "The acknowledgment number is beyond anything the other side sent "
	  "(SND.NXT); RFC 9293 answers with an ACK and drops the segment." },
	{ TN_WIN_UPDATE, "window update",
	  "Only the advertised window changed: the receiving application "
	  "read data and the window reopened." },
	{ TN_WIN_FULL, "window full",
	  "The data reaches the edge of the receiver's window (SND.UNA + "
	  "SND.WND); the sender must wait for an ACK or a window update." },
	{ TN_ZERO_WIN, "zero window",
	  "A window of 0 is advertised: the receiver's buffer is full and "
	  "the sender may only send zero-window probes." },
	{ TN_KEEPALIVE, "keep-alive",
	  "A keep-alive: sequence number RCV.NXT-1, empty or carrying a byte "
	  "acknowledged already, sent only to draw an ACK that shows the "
	  "other end is still there (a byte never acknowledged is a "
	  "retransmission)." },
	{ TN_CHALLENGE, "challenge ack",
	  "A challenge ACK (RFC 5961): a RST or SYN that was not exactly at "
	  "RCV.NXT is answered with an ACK giving the true numbers instead "
	  "of resetting the connection." },
	{ TN_OUT_OF_WIN, "out of window",
	  "The segment fails the acceptability test of RFC 9293 3.10.7.4 "
	  "(sequence number outside RCV.NXT .. RCV.NXT+RCV.WND): the "
	  "receiver drops it and sends an ACK." },
	{ TN_REFUSED, "connection refused",
	  "RST|ACK in answer to our SYN: nothing listens on that port (a "
	  "socket client sees \"connection refused\")." },
	{ TN_RESET, "reset",
	  "A RST was accepted: the connection is gone without the FIN "
	  "exchange." },
	{ TN_ACK_OWED, "ack owed",
	  "Data, a FIN or an unacceptable segment arrived and is not "
	  "acknowledged yet: the next segment should carry ack = RCV.NXT." },
	{ TN_DEPARTS, "departs from TCB",
	  "The segment sent differs from what the TCB expects (sequence, "
	  "acknowledgment or flags); watch how the peer handles it." },
	{ TN_SYN_SYNC, "SYN in sync state",
	  "A SYN in a synchronized state: RFC 5961 answers it with a "
	  "challenge ACK rather than a reset." },
	{ TN_SIMUL, "simultaneous",
	  "Simultaneous open or close: both ends sent SYN (or FIN) before "
	  "seeing the other's." },
	{ TN_KERNEL_RST, "kernel RST",
	  "A RST from our own address that the shell did not send: the "
	  "local kernel has no socket for this 4-tuple, so it resets what "
	  "the peer sends; the guard is there to stop exactly this." },
	{ TN_BAD_CKSUM, "bad cksum",
	  "A checksum is wrong: a receiving stack drops the segment "
	  "without a word." },
	{ TN_PART_CKSUM, "partial cksum",
	  "The TCP checksum holds only the pseudo-header sum (checksum "
	  "offload, normal on loopback): not an error." },
	{ TN_BAD_ACK, "bad ack",
	  "An acknowledgment the handshake cannot accept (it does not cover "
	  "the SYN, ISS+1): a real stack answers it with a RST whose seq is "
	  "that ack, and the half-open connection stands." },
	{ TN_ZWP, "zero-window probe",
	  "A zero-window probe: sent into a window of 0 only to draw an ACK "
	  "that shows whether it reopened, either one byte at the window's "
	  "edge or, as Linux does, an empty segment at RCV.NXT-1; the sender "
	  "backs off between probes." },
	{ TN_MALFORMED, "malformed",
	  "Decoding found a malformed or truncated header; fields are shown "
	  "as far as they could be read." },
	{ TN_NOT_APPLIED, "not applied",
	  "The headers do not add up (see the decode notes): the segment is "
	  "shown but changes no TCB, as a receiving stack would drop it." },
	{ TN_TW_DONE, "TIME-WAIT over",
	  "2*MSL passed in TIME-WAIT: the connection is CLOSED and its "
	  "4-tuple may be used again." },
	{ TN_FAST_RETRANS, "fast retransmission",
	  "A retransmission of the segment that duplicate ACKs keep asking "
	  "for (two or more), sent at once instead of waiting for the "
	  "retransmission timer (RFC 5681 3.2)." },
	{ TN_PREV_UNSEEN, "previous unseen",
	  "Previous segment not seen: this one starts beyond everything "
	  "that side sent so far, so a segment before it was lost (or "
	  "skipped on purpose); the receiver holds it and sends a duplicate "
	  "ACK." },
	{ TN_ZWP_ACK, "probe ack",
	  "The ACK answering a zero-window probe: the window is still 0, "
	  "and a probe byte beyond it was not taken." },
	{ TN_NOSOCK, "no socket",
	  "A RST without ACK whose seq is the ack we sent: the peer's kernel "
	  "has no socket for this 4-tuple (closed, never opened, or reset "
	  "earlier), RFC 9293 3.10.7.1." },
	{ TN_GUARD_OFF, "guard off",
	  "No guard covers this connection (set guard off, or it could not "
	  "be installed), so nothing stops the local kernel's RST." },
	{ TN_URGENT, "urgent",
	  "URG is set: the urgent pointer marks where urgent data ends; the "
	  "receiving application is told out of band (RFC 9293 3.8.5)." },
};
#define NNOTES	(sizeof(notes) / sizeof(notes[0]))

const char *
tcb_state_name(enum tcb_state s)
{
	if ((int)s < 0 || (int)s >= NSTATES)
		return "?";
	return state_names[s];
}

/* Compares ignoring case and treating '_' as '-'. */
static int
name_eq(const char *typed, const char *name)
{
	int a, b;

	for (;; typed++, name++) {
		a = toupper((unsigned char)*typed);
		b = (unsigned char)*name;
		if (a == '_')
			a = '-';
		if (a != b)
			return 0;
		if (a == '\0')
			return 1;
	}
}

int
tcb_state_parse(const char *name)
{
	size_t i;
	int s;

	if (name == NULL)
		return -1;
	for (s = 0; s < NSTATES; s++)
		if (name_eq(name, state_names[s]))
			return s;
	for (i = 0; i < sizeof(state_aliases) / sizeof(state_aliases[0]); i++)
		if (name_eq(name, state_aliases[i].name))
			return (int)state_aliases[i].state;
	return -1;
}

static const struct note *
note_find(uint32_t bit)
{
	size_t i;

	for (i = 0; i < NNOTES; i++)
		if (notes[i].bit == bit)
			return &notes[i];
	return NULL;
}

const char *
tcb_note_word(uint32_t bit)
{
	const struct note *n = note_find(bit);

	return n != NULL ? n->word : "unknown note";
}

const char *
tcb_note_sentence(uint32_t bit)
{
	const struct note *n = note_find(bit);

	return n != NULL ? n->sentence : "An unknown analysis note.";
}

/* The interval goes with the first of these on the line. */
static uint32_t
gap_bit(uint32_t bits)
{
	uint32_t m = bits & (TN_RETRANS | TN_FAST_RETRANS | TN_KEEPALIVE |
	    TN_ZWP);

	return m & (~m + 1);
}

size_t
tcb_note_text(char *buf, size_t cap, uint32_t bit, const struct tcb_ev *ev)
{
	int n;

	if (cap == 0)
		return 0;
	if (bit == TN_DUPACK)
		n = snprintf(buf, cap, "%s #%u", tcb_note_word(bit),
		    ev->dupack_n);
	else if ((bit == TN_DEPARTS || bit == TN_NOT_APPLIED) &&
	    ev->detail[0] != '\0')
		n = snprintf(buf, cap, "%s: %s", tcb_note_word(bit),
		    ev->detail);
	else if (ev->have_gap && bit == gap_bit(ev->notes))
		n = snprintf(buf, cap, "%s (+%llu.%02llus)", tcb_note_word(bit),
		    (unsigned long long)(ev->gap_us / 1000000),
		    (unsigned long long)(ev->gap_us % 1000000 / 10000));
	else
		n = snprintf(buf, cap, "%s", tcb_note_word(bit));
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

void
tcb_print_ctx(const struct tcb *t, int from_us, int relative,
    struct print_ctx *pc)
{
	uint32_t irs = t->have_irs ? t->irs : 0;

	memset(pc, 0, sizeof(*pc));
	/* Before the peer's SYN there is no IRS to count from: its seq is
	 * shown as it is (a RST|ACK refusing our SYN carries seq 0) while its
	 * ack still counts from our ISS. */
	pc->relative = relative;
	pc->seq_base = from_us ? t->iss : irs;
	pc->ack_base = from_us ? irs : t->iss;
}

/* Relative numbers count from an ISN, so only the ISNs need their
 * absolute value beside them. */
static void
print_seqpair(FILE *f, const char *name, uint32_t v, uint32_t base,
    int known, int relative)
{
	if (!known)
		fprintf(f, "%s -", name);
	else if (relative)
		fprintf(f, "%s %u", name, (uint32_t)(v - base));
	else
		fprintf(f, "%s %u", name, v);
}

static void
print_isn(FILE *f, const char *name, uint32_t isn, int known, int relative)
{
	if (!known)
		fprintf(f, "%s -", name);
	else if (relative)
		fprintf(f, "%s 0 (abs %u)", name, isn);
	else
		fprintf(f, "%s %u", name, isn);
}

static const char *
yesno(int offered)
{
	return offered ? "yes" : "no";
}

static void
print_opts(FILE *f, const struct tcb *t)
{
	fprintf(f, "MSS ours ");
	if (t->our_mss)
		fprintf(f, "%u", t->our_mss);
	else
		fprintf(f, "-");
	fprintf(f, " peer ");
	if (t->peer_mss)
		fprintf(f, "%u", t->peer_mss);
	else
		fprintf(f, "-");
	fprintf(f, " (send %u)  wscale ours ", tcb_send_mss(t));
	if (t->our_ws >= 0)
		fprintf(f, "%d", t->our_ws);
	else
		fprintf(f, "-");
	fprintf(f, " peer ");
	if (t->peer_ws >= 0)
		fprintf(f, "%d", t->peer_ws);
	else
		fprintf(f, "-");
	fprintf(f, " (%s)  SACK ours %s peer %s (%s)  "
	    "TS ours %s peer %s (%s)\n",
	    t->our_ws >= 0 && t->peer_ws >= 0 ? "on" : "off",
	    yesno(t->our_sackok), yesno(t->peer_sackok),
	    tcb_sack_ok(t) ? "on" : "off",
	    yesno(t->our_ts), yesno(t->peer_ts), tcb_ts_ok(t) ? "on" : "off");
}

/* What the reassembly queue holds beyond RCV.NXT, in the peer's numbers. */
static void
print_held(FILE *f, const struct tcb *t, int relative)
{
	uint32_t base = relative && t->have_irs ? t->irs : 0;
	int i;

	if (t->rin.nheld == 0 && !t->fin_held)
		return;
	fprintf(f, "held out of order: %u bytes", reasm_held_bytes(&t->rin));
	for (i = 0; i < t->rin.nheld; i++)
		fprintf(f, " %s%u:%u", i == 0 ? "at " : "",
		    t->rin.held[i].left - base, t->rin.held[i].right - base);
	if (t->fin_held)
		fprintf(f, ", FIN at %u", t->held_fin_seq - base);
	fputc('\n', f);
}

/* Bytes of ours the peer acknowledged: SND.UNA past ISS+1, less a FIN. */
static uint64_t
acked_out(const struct tcb *t)
{
	uint32_t n;

	if (!t->rout.started || !SEQ_GT(t->snd_una, t->rout.base))
		return 0;
	n = t->snd_una - t->rout.base;
	return n < t->rout.delivered ? n : t->rout.delivered;
}

void
tcb_print_streams(FILE *f, const struct tcb *t, int dir, int hex)
{
	uint64_t acked;

	if (dir == 0 || dir == 'i') {
		fprintf(f, "in (peer -> us): %llu bytes delivered in order",
		    (unsigned long long)t->rin.delivered);
		if (t->rin.nheld > 0)
			fprintf(f, ", %u held beyond a gap",
			    reasm_held_bytes(&t->rin));
		if (t->rin.dup_bytes > 0)
			fprintf(f, ", %llu arrived twice",
			    (unsigned long long)t->rin.dup_bytes);
		fprintf(f, "%s\n", t->fin_rcvd ? ", then FIN" : "");
		reasm_print(f, &t->rin, t->rin.delivered, hex, "  ");
	}
	if (dir == 0 || dir == 'o') {
		acked = acked_out(t);
		fprintf(f, "out (us -> peer): %llu bytes sent in order, %llu "
		    "acknowledged", (unsigned long long)t->rout.delivered,
		    (unsigned long long)acked);
		if (t->rout.nheld > 0)
			fprintf(f, ", %u sent beyond a hole",
			    reasm_held_bytes(&t->rout));
		if (t->rout.dup_bytes > 0)
			fprintf(f, ", %llu sent again",
			    (unsigned long long)t->rout.dup_bytes);
		fprintf(f, "%s\n", t->fin_sent ? ", then FIN" : "");
		reasm_print(f, &t->rout, t->rout.delivered, hex, "  ");
	}
}

static void
print_tcb(FILE *f, const struct tcb *t, int relative, int have_now,
    uint64_t now_us)
{
	uint32_t irs = t->irs;
	int hi = t->have_irs;
	uint64_t left;

	fprintf(f, "state %s (%s)\n", tcb_state_name(t->state),
	    t->role == TCB_SERVER ? "server" : "client");
	print_isn(f, "ISS", t->iss, 1, relative);
	fprintf(f, "  ");
	print_isn(f, "IRS", irs, hi, relative);
	fputc('\n', f);
	print_seqpair(f, "SND.UNA", t->snd_una, t->iss, 1, relative);
	fprintf(f, "  ");
	print_seqpair(f, "SND.NXT", t->snd_nxt, t->iss, 1, relative);
	fprintf(f, "  SND.WND %u", t->snd_wnd);
	/* the window field times 2^shift: say so, the field alone misleads.
	 * A SYN's window is never scaled (RFC 7323 2.2): while SND.WND is
	 * still the one the SYN carried (SND.WL1 = IRS), it is the field. */
	if (tcb_peer_shift(t) > 0 && !(t->have_irs && t->snd_wl1 == t->irs))
		fprintf(f, " (= %u << %d)", t->snd_wnd >> tcb_peer_shift(t),
		    tcb_peer_shift(t));
	if (t->snd_max != t->snd_nxt) {
		fprintf(f, "  ");
		print_seqpair(f, "SND.MAX", t->snd_max, t->iss, 1, relative);
	}
	fputc('\n', f);
	print_seqpair(f, "RCV.NXT", t->rcv_nxt, irs, hi, relative);
	fprintf(f, "  RCV.WND %u", t->rcv_wnd);
	if (tcb_our_shift(t) > 0)
		fprintf(f, " (sent as %u << %d)",
		    t->rcv_wnd >> tcb_our_shift(t), tcb_our_shift(t));
	if (t->ack_owed && hi)
		fprintf(f, "  (ACK owed)");
	fputc('\n', f);
	print_held(f, t, relative);
	print_opts(f, t);
	if (t->pmtu != 0)
		fprintf(f, "Path MTU %u (from an %s): send MSS %u\n",
		    t->pmtu, t->pmtu_hdrs > 40 ? "ICMPv6 packet too big" :
		    "ICMP need-frag", tcb_send_mss(t));
	if (t->fin_sent || t->fin_rcvd) {
		if (t->fin_sent) {
			fprintf(f, "FIN sent at ");
			print_seqpair(f, "seq", t->fin_seq, t->iss, 1,
			    relative);
			fprintf(f, "%s", t->fin_rcvd ? "  " : "\n");
		}
		if (t->fin_rcvd) {
			fprintf(f, "FIN received at ");
			print_seqpair(f, "seq", t->peer_fin_seq, irs, hi,
			    relative);
			fputc('\n', f);
		}
	}
	fprintf(f, "bytes out %llu in %llu\n",
	    (unsigned long long)t->bytes_out, (unsigned long long)t->bytes_in);
	if (t->state == TCB_TIME_WAIT && t->tw_deadline != 0) {
		if (have_now) {
			left = now_us < t->tw_deadline ?
			    t->tw_deadline - now_us : 0;
			fprintf(f, "TIME-WAIT ends in %llu.%01llus\n",
			    (unsigned long long)(left / 1000000),
			    (unsigned long long)(left % 1000000 / 100000));
		} else
			fprintf(f, "TIME-WAIT lasts 2*MSL = %llu.%01llus\n",
			    (unsigned long long)(2 * t->msl_us / 1000000),
			    (unsigned long long)(2 * t->msl_us % 1000000 /
			    100000));
	}
	if ((t->state == TCB_CLOSED || t->state == TCB_LISTEN) &&
	    t->reason[0] != '\0')
		fprintf(f, "last close: %s\n", t->reason);
}

void
tcb_print(FILE *f, const struct tcb *t, int relative)
{
	print_tcb(f, t, relative, 0, 0);
}

void
tcb_print_at(FILE *f, const struct tcb *t, int relative, uint64_t now_us)
{
	print_tcb(f, t, relative, 1, now_us);
}
