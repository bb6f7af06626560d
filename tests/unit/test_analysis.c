/* test_analysis.c - what the TCB says beyond the state diagram: resend
 * intervals, note text, urgent data, the two streams, SACK blocks in the
 * ACKs the builder makes
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "t.h"
#include "tcb.h"

#define MSL	1000000ull

static void
seg(struct seg *s, uint8_t fl, uint32_t seq, uint32_t ack, const char *data)
{
	seg_init(s);
	s->flags = fl;
	s->seq = seq;
	s->ack = ack;
	s->win = 65535;
	s->data = (const uint8_t *)data;
	s->datalen = data != NULL ? (uint32_t)strlen(data) : 0;
}

/* A client TCB through the handshake, ISS iss and IRS irs. */
static void
open_client(struct tcb *t, uint32_t iss, uint32_t irs)
{
	struct seg s;

	tcb_init(t, TCB_CLIENT, iss, 65535, 1460, MSL);
	tcb_keep_streams(t);
	seg(&s, TH_SYN, iss, 0, NULL);
	tcb_on_send(t, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, irs, iss + 1, NULL);
	tcb_on_recv(t, &s, 0, NULL);
	seg(&s, TH_ACK, iss + 1, irs + 1, NULL);
	tcb_on_send(t, &s, 0, NULL);
}

static char *
note_line(const struct tcb_ev *ev)
{
	static char buf[512];
	char one[300];
	uint32_t bit;
	size_t off = 0;

	buf[0] = '\0';
	for (bit = 1; bit != 0; bit <<= 1) {
		if (!(ev->notes & bit))
			continue;
		tcb_note_text(one, sizeof(one), bit, ev);
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s",
		    off ? "; " : "", one);
	}
	return buf;
}

/* The peer backs off: each resend of its SYN,ACK shows the wait. */
TEST(analysis_resend_intervals_in)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 0xfffffff0u, 65535, 1460, MSL);
	seg(&s, TH_SYN, 0xfffffff0u, 0, NULL);
	tcb_on_send(&t, &s, 0, &ev);
	seg(&s, TH_SYN | TH_ACK, 0xffffffffu, 0xfffffff1u, NULL);
	tcb_on_recv(&t, &s, 100000, &ev);
	T_EQ(ev.have_gap, 0);
	tcb_on_recv(&t, &s, 1110000, &ev);
	T_EQ(ev.notes, TN_RETRANS | TN_ACK_OWED);
	T_EQ(ev.have_gap, 1);
	T_EQ(ev.gap_us, 1010000);
	T_STREQ(note_line(&ev), "retransmission (+1.01s); ack owed");
	tcb_on_recv(&t, &s, 3130000, &ev);
	T_EQ(ev.gap_us, 2020000);
	T_STREQ(note_line(&ev), "retransmission (+2.02s); ack owed");
}

/* Our own resends and probes show theirs. */
TEST(analysis_resend_intervals_out)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 7, 65535, 1460, MSL);
	seg(&s, TH_SYN, 7, 0, NULL);
	tcb_on_send(&t, &s, 0, &ev);
	tcb_on_send(&t, &s, 1000000, &ev);
	T_EQ(ev.notes, TN_RETRANS);
	T_EQ(ev.gap_us, 1000000);
	tcb_on_send(&t, &s, 3000000, &ev);
	T_STREQ(note_line(&ev), "retransmission (+2.00s)");
	/* the interval goes with the first of the notes it explains */
	memset(&ev, 0, sizeof(ev));
	ev.notes = TN_DUPACK | TN_ZWP;
	ev.dupack_n = 4;
	ev.have_gap = 1;
	ev.gap_us = 410000;
	T_STREQ(note_line(&ev), "dup ack #4; zero-window probe (+0.41s)");
}

TEST(analysis_urgent)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	open_client(&t, 100, 5000);
	seg(&s, TH_ACK | TH_PSH | TH_URG, 5001, 101, "abc!");
	s.urp = 4;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_URGENT | TN_ACK_OWED);
	T_STREQ(ev.detail, "urgent data up to seq 5 (urg 4); the receiving "
	    "application is told, e.g. SIGURG");
	T_EQ(t.rcv_up, 5005);
	tcb_free(&t);
}

static char *
streams(const struct tcb *t, int dir, int hex)
{
	static char buf[4096];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	if ((f = fmemopen(buf, sizeof(buf), "w")) == NULL)
		return strcpy(buf, "fmemopen failed");
	tcb_print_streams(f, t, dir, hex);
	fclose(f);
	return buf;
}

/* Both streams, across 2^32, out of order both ways. */
TEST(analysis_streams)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;
	uint32_t iss = 0xfffffffdu, irs = 0xfffffffeu;

	open_client(&t, iss, irs);
	/* ours: "CD" first, then "AB" into the hole */
	seg(&s, TH_ACK | TH_PSH, iss + 3, irs + 1, "CD");
	tcb_on_send(&t, &s, 0, &ev);
	seg(&s, TH_ACK | TH_PSH, iss + 1, irs + 1, "AB");
	tcb_on_send(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_OOO);
	/* theirs: "lo!" beyond "hel", then the gap */
	seg(&s, TH_ACK | TH_PSH, irs + 4, iss + 3, "lo!");
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.rcv_nxt, irs + 1);
	T_EQ(t.snd_una, iss + 3);
	T_STREQ(streams(&t, 0, 0),
	    "in (peer -> us): 0 bytes delivered in order, 3 held beyond a "
	    "gap\n"
	    "out (us -> peer): 4 bytes sent in order, 2 acknowledged\n"
	    "  \"ABCD\"\n");
	seg(&s, TH_ACK | TH_PSH | TH_FIN, irs + 1, iss + 5, "hel");
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.rcv_nxt, irs + 7);
	T_EQ(t.state, TCB_ESTABLISHED);
	T_EQ(t.fin_held, 0);
	T_EQ(t.bytes_in, 6);
	T_STREQ(streams(&t, 'i', 0),
	    "in (peer -> us): 6 bytes delivered in order\n"
	    "  \"hello!\"\n");
	T_STREQ(streams(&t, 'o', 1),
	    "out (us -> peer): 4 bytes sent in order, 4 acknowledged\n"
	    "  000000  41 42 43 44                                     "
	    "  |ABCD|\n");
	/* a FIN after a resent "lo!": the resend is seen as one */
	seg(&s, TH_ACK | TH_PSH, irs + 4, iss + 5, "lo!");
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_RETRANS | TN_ACK_OWED);
	tcb_free(&t);
}

/* The stream survives a new incarnation's SYN only as a buffer. */
TEST(analysis_streams_new_incarnation)
{
	struct tcb t;
	struct seg s;

	open_client(&t, 10, 20);
	seg(&s, TH_ACK | TH_PSH, 21, 11, "xyz");
	tcb_on_recv(&t, &s, 0, NULL);
	seg(&s, TH_RST, 11, 0, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	T_EQ(t.state, TCB_CLOSED);
	seg(&s, TH_SYN, 500, 0, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	T_EQ(t.rin.delivered, 0);
	T_STREQ(streams(&t, 'i', 0),
	    "in (peer -> us): 0 bytes delivered in order\n");
	tcb_free(&t);
}

/* SACK blocks: only with SACK in effect and data held, the latest
 * first, three beside a timestamp. */
TEST(analysis_sack_blocks)
{
	struct conn c;
	struct build_env env;
	struct seg s, out;
	struct errbuf e;
	struct tcpopt synopt[3];
	struct tcpopt *o;
	uint32_t iss = 1000, irs = 0xfffffff0u;
	int k;

	memset(synopt, 0, sizeof(synopt));
	synopt[0].kind = TCPOPT_MSS;
	synopt[0].len = 4;
	synopt[0].u.mss = 1460;
	synopt[1].kind = TCPOPT_SACKOK;
	synopt[1].len = 2;
	memset(&c, 0, sizeof(c));
	c.laddr.v4 = 0x7f000001;
	c.raddr.v4 = 0x7f000001;
	c.lport = 40000;
	c.rport = 22000;
	tcb_init(&c.tcb, TCB_CLIENT, iss, 65535, 1460, MSL);
	seg(&s, TH_SYN, iss, 0, NULL);
	s.nopt = 2;
	memcpy(s.opt, synopt, sizeof(synopt[0]) * 2);
	tcb_on_send(&c.tcb, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, irs, iss + 1, NULL);
	s.nopt = 2;
	memcpy(s.opt, synopt, sizeof(synopt[0]) * 2);
	tcb_on_recv(&c.tcb, &s, 0, NULL);
	T_ASSERT(tcb_sack_ok(&c.tcb));
	memset(&env, 0, sizeof(env));
	env.ip_id = 1;
	T_EQ(build_segment(SK_ACK, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 0);
	/* islands at 11:21, 31:41, 51:61, 71:81, the newest 31:41 */
	for (k = 0; k < 4; k++) {
		seg(&s, TH_ACK | TH_PSH, irs + 11 + 20 * (uint32_t)(k == 3 ?
		    1 : k == 1 ? 3 : k), iss + 1, "0123456789");
		tcb_on_recv(&c.tcb, &s, 0, NULL);
	}
	T_EQ(c.tcb.rin.nheld, 4);
	T_EQ(build_segment(SK_ACK, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 3);
	o = &out.opt[2];
	T_EQ(o->kind, TCPOPT_SACK);
	T_EQ(o->nsack, 4);
	T_EQ(o->len, 34);
	T_EQ(o->u.sack[0].left, irs + 31);
	T_EQ(o->u.sack[0].right, irs + 41);
	T_EQ(o->u.sack[1].left, irs + 51);
	T_EQ(o->u.sack[2].left, irs + 71);
	T_EQ(o->u.sack[3].left, irs + 11);
	/* data and FIN carry them too, a RST never */
	T_EQ(build_segment(SK_FIN, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 3);
	T_EQ(build_segment(SK_RST, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 0);
	/* with timestamps in effect: nop,nop,TS then three blocks */
	c.tcb.our_ts = c.tcb.peer_ts = 1;
	T_EQ(build_segment(SK_ACK, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 6);
	T_EQ(out.opt[2].kind, TCPOPT_TS);
	T_EQ(out.opt[5].kind, TCPOPT_SACK);
	T_EQ(out.opt[5].nsack, 3);
	/* no SACK from the peer: none */
	c.tcb.peer_sackok = 0;
	c.tcb.our_ts = c.tcb.peer_ts = 0;
	T_EQ(build_segment(SK_ACK, &c, NULL, NULL, 0, &env, &out, NULL, 0,
	    &e), 0);
	T_EQ(out.nopt, 0);
	tcb_free(&c.tcb);
}

/* Window scaling in the tcb output; held data shown. */
TEST(analysis_tcb_print_scaled)
{
	static char buf[2048];
	struct tcb t;
	struct seg s;
	FILE *f;

	open_client(&t, 0, 0);
	t.our_ws = 7;
	t.peer_ws = 7;
	seg(&s, TH_ACK, 1, 1, NULL);
	s.win = 511;
	tcb_on_recv(&t, &s, 0, NULL);
	seg(&s, TH_ACK | TH_PSH, 5, 1, "zz");
	s.win = 511;
	tcb_on_recv(&t, &s, 0, NULL);
	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "w");
	T_ASSERT(f != NULL);
	if (f == NULL)
		return;
	tcb_print(f, &t, 1);
	fclose(f);
	T_ASSERT(strstr(buf, "SND.WND 65408 (= 511 << 7)") != NULL);
	T_ASSERT(strstr(buf, "RCV.WND 65535 (sent as 511 << 7)") != NULL);
	T_ASSERT(strstr(buf, "held out of order: 2 bytes at 5:7\n") != NULL);
	tcb_free(&t);
}

/* RFC 7323 4.3: TS.Recent comes from the segment our last ACK points
 * into; a second one before we ACK does not move it. */
TEST(analysis_ts_recent)
{
	struct tcb t;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 10, 65535, 1460, MSL);
	t.our_ts = 1;
	seg(&s, TH_SYN, 10, 0, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, 100, 11, NULL);
	s.nopt = 1;
	s.opt[0].kind = TCPOPT_TS;
	s.opt[0].len = 10;
	s.opt[0].u.ts.val = 1000;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.ts_recent, 1000);
	seg(&s, TH_ACK, 11, 101, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_ACK | TH_PSH, 101, 11, "abc");
	s.nopt = 1;
	s.opt[0].kind = TCPOPT_TS;
	s.opt[0].len = 10;
	s.opt[0].u.ts.val = 1010;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.ts_recent, 1010);
	s.seq = 104;
	s.opt[0].u.ts.val = 1020;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.ts_recent, 1010);	/* beyond Last.ACK.sent 101 */
	seg(&s, TH_ACK, 11, 107, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_ACK | TH_PSH, 107, 11, "d");
	s.nopt = 1;
	s.opt[0].kind = TCPOPT_TS;
	s.opt[0].len = 10;
	s.opt[0].u.ts.val = 1030;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.ts_recent, 1030);
	tcb_free(&t);
}

/* The segment our ACK points at keeps its time however many follow. */
TEST(analysis_interval_pinned)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;
	uint32_t k;

	open_client(&t, 0, 1000);
	for (k = 0; k < 3 * TCB_NHIST; k++) {
		seg(&s, TH_ACK | TH_PSH, 1001 + 10 * k, 1, "0123456789");
		tcb_on_recv(&t, &s, 1000 + k, &ev);
	}
	seg(&s, TH_ACK | TH_PSH, 1001, 1, "0123456789");
	tcb_on_recv(&t, &s, 300000, &ev);
	T_EQ(ev.notes, TN_RETRANS | TN_ACK_OWED);
	T_EQ(ev.have_gap, 1);
	T_EQ(ev.gap_us, 300000 - 1000);
	tcb_free(&t);
}

/* Issue 15: one byte at RCV.NXT-1 is a keep-alive only when we
 * acknowledged it; the resend of the echo we never acknowledged is a
 * retransmission with its interval (Wireshark, with no TCB, says
 * keep-alive).  An empty segment there is a keep-alive either way. */
TEST(analysis_keepalive_needs_our_ack)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	open_client(&t, 100, 5000);
	seg(&s, TH_ACK | TH_PSH, 5001, 101, "Q");
	tcb_on_recv(&t, &s, 1000000, &ev);
	T_EQ(ev.notes, TN_ACK_OWED);
	/* not acknowledged: the kernel's RTO resends it */
	tcb_on_recv(&t, &s, 1210000, &ev);
	T_EQ(ev.notes, TN_RETRANS | TN_ACK_OWED);
	T_STREQ(note_line(&ev), "retransmission (+0.21s); ack owed");
	tcb_on_recv(&t, &s, 1630000, &ev);
	T_STREQ(note_line(&ev), "retransmission (+0.42s); ack owed");
	/* an empty segment at RCV.NXT-1 has nothing to resend */
	seg(&s, TH_ACK, 5001, 101, NULL);
	tcb_on_recv(&t, &s, 1700000, &ev);
	T_EQ(ev.notes, TN_KEEPALIVE | TN_ACK_OWED);
	/* acknowledged: the same byte again only asks whether we are there */
	seg(&s, TH_ACK, 101, 5002, NULL);
	tcb_on_send(&t, &s, 1800000, &ev);
	seg(&s, TH_ACK, 5001, 101, "Q");
	tcb_on_recv(&t, &s, 9000000, &ev);
	T_EQ(ev.notes, TN_KEEPALIVE | TN_ACK_OWED);
	T_EQ(t.rcv_nxt, 5002);
	/* an ack that covers only part of what arrived: the last byte is
	 * still unacknowledged */
	seg(&s, TH_ACK | TH_PSH, 5002, 101, "AB");
	tcb_on_recv(&t, &s, 9100000, &ev);
	seg(&s, TH_ACK, 101, 5003, NULL);
	tcb_on_send(&t, &s, 9100000, &ev);
	seg(&s, TH_ACK, 5003, 101, "B");
	tcb_on_recv(&t, &s, 9300000, &ev);
	T_EQ(ev.notes, TN_RETRANS | TN_ACK_OWED);
	tcb_free(&t);
}

/* Loopback's partial checksums mark every segment the kernel sends there:
 * the note goes on the first of each connection only. */
TEST(analysis_partial_cksum_once)
{
	struct tcb t, u;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 100, 65535, 1460, MSL);
	seg(&s, TH_SYN, 100, 0, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, 5000, 101, NULL);
	s.anno = SEG_A_SUM_PART;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_ACK_OWED | TN_PART_CKSUM);
	seg(&s, TH_ACK | TH_PSH, 5001, 101, "hi");
	s.anno = SEG_A_SUM_PART;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_ACK_OWED);
	/* a wrong checksum is said on every segment */
	seg(&s, TH_ACK | TH_PSH, 5003, 101, "x");
	s.anno = SEG_A_SUM_BAD;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_ACK_OWED | TN_BAD_CKSUM);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes & TN_BAD_CKSUM, TN_BAD_CKSUM);
	/* another connection says it again */
	open_client(&u, 7, 9000);
	seg(&s, TH_ACK, 9001, 8, NULL);
	s.anno = SEG_A_SUM_PART;
	tcb_on_recv(&u, &s, 0, &ev);
	T_EQ(ev.notes & TN_PART_CKSUM, TN_PART_CKSUM);
	tcb_free(&t);
	tcb_free(&u);
}

/* A duplicate ACK is RFC 5681's: the same ack again while the side that
 * receives it has something outstanding.  With nothing outstanding the
 * same ACK reports no loss (Wireshark says dup ack all the same). */
TEST(analysis_dupack_needs_outstanding)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	open_client(&t, 100, 5000);
	/* the peer's: nothing of ours in flight, then "AB" in flight */
	seg(&s, TH_ACK, 5001, 101, NULL);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, 0);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, 0);
	seg(&s, TH_ACK | TH_PSH, 101, 5001, "AB");
	tcb_on_send(&t, &s, 0, &ev);
	seg(&s, TH_ACK, 5001, 101, NULL);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_DUPACK);
	T_STREQ(note_line(&ev), "dup ack #1");
	tcb_on_recv(&t, &s, 0, &ev);
	T_STREQ(note_line(&ev), "dup ack #2");
	seg(&s, TH_ACK, 5001, 103, NULL);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, 0);
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, 0);
	/* ours: the same ACK again with nothing of the peer's beyond it,
	 * then with data held beyond a gap */
	seg(&s, TH_ACK, 103, 5001, NULL);
	tcb_on_send(&t, &s, 0, &ev);
	T_EQ(ev.notes, 0);
	seg(&s, TH_ACK | TH_PSH, 5011, 103, "0123456789");
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(ev.notes, TN_PREV_UNSEEN | TN_ACK_OWED);
	seg(&s, TH_ACK, 103, 5001, NULL);
	tcb_on_send(&t, &s, 0, &ev);
	T_STREQ(note_line(&ev), "dup ack #1");
	tcb_free(&t);
}
