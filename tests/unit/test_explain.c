/* test_explain.c - predictions against the peer's RCV.NXT, not our SND.NXT;
 * the checks of RFC 9293 3.10.7.4 and RFC 5961 as Linux applies them; the
 * explanations of what came back; SND.WND as tcb prints it
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "predict.h"
#include "t.h"
#include "tcb.h"

#define MSL	1000000ull
#define ISS	1000u
#define IRS	70000u

static void
seg(struct seg *s, uint8_t fl, uint32_t seq, uint32_t ack, const char *data)
{
	seg_init(s);
	s->flags = fl;
	s->seq = seq;
	s->ack = ack;
	s->win = 65495;
	s->data = (const uint8_t *)data;
	s->datalen = data != NULL ? (uint32_t)strlen(data) : 0;
}

/* A client through the handshake; the peer offers 65495 bytes. */
static void
open_client(struct tcb *t, int sack)
{
	struct seg s;

	tcb_init(t, TCB_CLIENT, ISS, 65535, 1460, MSL);
	seg(&s, TH_SYN, ISS, 0, NULL);
	if (sack) {
		s.opt[0].kind = TCPOPT_SACKOK;
		s.nopt = 1;
	}
	tcb_on_send(t, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, IRS, ISS + 1, NULL);
	if (sack) {
		s.opt[0].kind = TCPOPT_SACKOK;
		s.nopt = 1;
	}
	tcb_on_recv(t, &s, 0, NULL);
	seg(&s, TH_ACK, ISS + 1, IRS + 1, NULL);
	tcb_on_send(t, &s, 0, NULL);
}

/* Ours leaves, the peer answers with an ACK of ack. */
static void
send_then_ack(struct tcb *t, const struct seg *ours, uint32_t ack)
{
	struct seg s;

	tcb_on_send(t, ours, 1000, NULL);
	seg(&s, TH_ACK, IRS + 1, ack, NULL);
	tcb_on_recv(t, &s, 2000, NULL);
}

/* The case: "x" at 5000 leaves a hole the peer holds. */
static void
open_with_hole(struct tcb *t, int sack)
{
	struct seg s;

	open_client(t, sack);
	seg(&s, TH_ACK | TH_PSH, ISS + 5000, IRS + 1, "x");
	send_then_ack(t, &s, ISS + 1);
}

static void
predict(const struct tcb *t, uint8_t fl, uint32_t seq, struct prediction *p)
{
	struct predict_in in;
	struct seg g;

	seg(&g, fl, seq, fl & TH_ACK ? t->rcv_nxt : 0, NULL);
	memset(&in, 0, sizeof(in));
	in.g = &g;
	in.t = t;
	in.listener = -1;
	in.relative = 1;
	in.now_us = 10000000;
	predict_segment(&in, p);
}

static int
has(const char *s, const char *what)
{
	if (strstr(s, what) != NULL)
		return 1;
	fprintf(stderr, "  \"%s\" not in \"%s\"\n", what, s);
	return 0;
}

TEST(explain_peer_rcv_nxt_after_hole)
{
	struct tcb t;
	struct tcb_peer v;

	open_with_hole(&t, 0);
	T_EQ(t.snd_nxt, ISS + 5001);
	tcb_peer_view(&t, &v);
	T_EQ(v.st, TCB_PEER_OPEN);
	T_EQ(v.rcv_nxt, ISS + 1);
	T_EQ(v.edge, ISS + 1 + 65495);
	T_EQ(v.held_end, ISS + 5001);
	T_EQ(v.sack, 0);
}

TEST(explain_hole_rst_at_snd_nxt_is_challenged)
{
	struct tcb t;
	struct prediction p;

	open_with_hole(&t, 0);
	predict(&t, TH_RST, t.snd_nxt, &p);
	T_EQ(p.expect, PX_ACK);
	T_EQ(p.have_ack, 1);
	T_EQ(p.ack_lo, ISS + 1);
	T_EQ(p.ack_hi, ISS + 1);
	T_EQ(p.ack_shown, 1);
	T_ASSERT(has(p.text, "not exactly RCV.NXT (1)"));
	T_ASSERT(has(p.text, "challenge ACK, ack 1 (RFC 9293 3.10.7.4, "
	    "second check; RFC 5961 3.2)"));
}

TEST(explain_hole_syn_is_challenged_at_peer_rcv_nxt)
{
	struct tcb t;
	struct prediction p;

	open_with_hole(&t, 0);
	predict(&t, TH_SYN, ISS, &p);
	T_EQ(p.expect, PX_ACK);
	T_EQ(p.ack_lo, ISS + 1);
	T_ASSERT(has(p.text, "ack 1,"));
	T_ASSERT(has(p.text, "fourth check; RFC 5961 4.2"));
}

TEST(explain_rst_exact_in_window_outside)
{
	struct tcb t;
	struct prediction p;

	open_with_hole(&t, 0);
	predict(&t, TH_RST, ISS + 1, &p);
	T_EQ(p.expect, PX_SILENCE);
	T_ASSERT(has(p.text, "exactly the peer's RCV.NXT (1)"));
	T_ASSERT(has(p.text, "second check"));
	predict(&t, TH_RST, ISS + 100, &p);
	T_EQ(p.expect, PX_ACK);
	T_EQ(p.ack_lo, ISS + 1);
	/* the right edge itself is in Linux's window for a RST */
	predict(&t, TH_RST, ISS + 1 + 65495, &p);
	T_EQ(p.expect, PX_ACK);
	predict(&t, TH_RST, ISS + 2 + 65495, &p);
	T_EQ(p.expect, PX_SILENCE);
	T_ASSERT(has(p.text, "outside the peer's window (RCV.NXT 1, RCV.WND "
	    "65495)"));
	T_ASSERT(has(p.text, "first check"));
	/* below RCV.NXT: outside too */
	predict(&t, TH_RST, ISS, &p);
	T_EQ(p.expect, PX_SILENCE);
}

TEST(explain_syn_exact_in_window_outside)
{
	struct tcb t;
	struct prediction p;
	uint32_t seqs[] = { ISS + 1, ISS + 100, ISS + 300000, ISS - 5 };
	size_t i;

	open_with_hole(&t, 0);
	for (i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		predict(&t, TH_SYN, seqs[i], &p);
		T_EQ(p.expect, PX_ACK);
		T_EQ(p.ack_lo, ISS + 1);
		T_EQ(p.ack_hi, ISS + 1);
	}
}

TEST(explain_rst_we_send_outside_or_inexact_keeps_tcb)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	open_with_hole(&t, 0);
	seg(&s, TH_RST, t.snd_nxt, 0, NULL);
	tcb_on_send(&t, &s, 3000, &ev);
	T_EQ(t.state, TCB_ESTABLISHED);
	T_ASSERT(ev.notes & TN_DEPARTS);
	T_ASSERT(has(ev.detail, "the peer will not accept it"));
	seg(&s, TH_RST, ISS + 300000, 0, NULL);
	tcb_on_send(&t, &s, 4000, &ev);
	T_EQ(t.state, TCB_ESTABLISHED);
	T_ASSERT(has(ev.detail, "RST outside the peer's window"));
	seg(&s, TH_RST, ISS + 1, 0, NULL);
	tcb_on_send(&t, &s, 5000, &ev);
	T_EQ(t.state, TCB_CLOSED);
	T_STREQ(t.reason, "reset by us");
}

/* Bytes we sent in order, not yet acknowledged: the peer has them. */
TEST(explain_unacked_in_order_data_counts)
{
	struct tcb t;
	struct prediction p;
	struct seg s;

	open_client(&t, 0);
	seg(&s, TH_ACK | TH_PSH, ISS + 1, IRS + 1, "abc");
	tcb_on_send(&t, &s, 1000, NULL);
	predict(&t, TH_RST, ISS + 4, &p);
	T_EQ(p.expect, PX_SILENCE);
	T_ASSERT(has(p.text, "exactly the peer's RCV.NXT (4)"));
	/* an ACK after it shows what the peer really took */
	seg(&s, TH_ACK, IRS + 1, ISS + 2, NULL);
	tcb_on_recv(&t, &s, 2000, NULL);
	predict(&t, TH_RST, ISS + 4, &p);
	T_EQ(p.expect, PX_ACK);
	T_EQ(p.ack_lo, ISS + 2);
}

TEST(explain_rst_at_sack_edge_resets)
{
	struct tcb t;
	struct tcb_peer v;
	struct prediction p;

	open_with_hole(&t, 1);
	tcb_peer_view(&t, &v);
	T_EQ(v.sack, 1);
	T_EQ(v.sack_end, ISS + 5001);
	T_EQ(tcb_peer_rst(&v, ISS + 5001), TCB_RST_SACK);
	T_EQ(tcb_peer_rst(&v, ISS + 5000), TCB_RST_CHALLENGE);
	predict(&t, TH_RST, ISS + 5001, &p);
	T_EQ(p.expect, PX_SILENCE);
	T_ASSERT(has(p.text, "right edge of the peer's SACK blocks (5001)"));
}

/* FIN-WAIT-2: the peer has our FIN; Linux resets at RCV.NXT-1 too. */
TEST(explain_rst_after_our_fin)
{
	struct tcb t;
	struct tcb_peer v;
	struct seg s;

	open_client(&t, 0);
	seg(&s, TH_ACK | TH_FIN, ISS + 1, IRS + 1, NULL);
	send_then_ack(&t, &s, ISS + 2);
	T_EQ(t.state, TCB_FIN_WAIT_2);
	tcb_peer_view(&t, &v);
	T_EQ(v.rcv_nxt, ISS + 2);
	T_EQ(v.has_fin, 1);
	T_EQ(tcb_peer_rst(&v, ISS + 2), TCB_RST_EXACT);
	T_EQ(tcb_peer_rst(&v, ISS + 1), TCB_RST_FIN);
	T_EQ(tcb_peer_rst(&v, ISS + 50), TCB_RST_CHALLENGE);
	T_EQ(tcb_peer_rst(&v, ISS + 200000), TCB_RST_OUTSIDE);
}

/* The peer closed and we acknowledged its FIN: a FIN-WAIT-2 remnant. */
TEST(explain_peer_remnant_and_gone)
{
	struct tcb t;
	struct tcb_peer v;
	struct prediction p;
	struct seg s;

	open_client(&t, 0);
	seg(&s, TH_ACK | TH_FIN, IRS + 1, ISS + 1, NULL);
	tcb_on_recv(&t, &s, 1000, NULL);
	tcb_peer_view(&t, &v);
	T_EQ(v.st, TCB_PEER_SHUT);
	seg(&s, TH_ACK, ISS + 1, IRS + 2, NULL);
	tcb_on_send(&t, &s, 2000, NULL);
	tcb_peer_view(&t, &v);
	T_EQ(v.st, TCB_PEER_FW2);
	T_EQ(tcb_peer_rst(&v, ISS + 100), TCB_RST_KILL);
	T_EQ(tcb_peer_rst(&v, ISS + 200000), TCB_RST_OUTSIDE);
	predict(&t, TH_RST, ISS + 200000, &p);
	T_EQ(p.expect, PX_ACK);
	T_ASSERT(has(p.text, "first check"));

	/* our FIN, its FIN after it, our ACK: its LAST-ACK is over */
	open_client(&t, 0);
	seg(&s, TH_ACK | TH_FIN, ISS + 1, IRS + 1, NULL);
	send_then_ack(&t, &s, ISS + 2);
	seg(&s, TH_ACK | TH_FIN, IRS + 1, ISS + 2, NULL);
	tcb_on_recv(&t, &s, 3000, NULL);
	T_EQ(t.state, TCB_TIME_WAIT);
	seg(&s, TH_ACK, ISS + 2, IRS + 2, NULL);
	tcb_on_send(&t, &s, 4000, NULL);
	tcb_peer_view(&t, &v);
	T_EQ(v.st, TCB_PEER_GONE);
	predict(&t, TH_ACK | TH_PSH, ISS + 2, &p);
	T_EQ(p.expect, PX_RST);
	T_ASSERT(has(p.text, "3.10.7.1"));
}

TEST(explain_challenge_rate_limit_allows_silence)
{
	struct tcb t;
	struct prediction p;
	struct predict_in in;
	struct seg g;

	open_with_hole(&t, 0);
	t.have_chal_at = 1;
	t.chal_at = 9800000;	/* 200 ms before "now" in predict() */
	predict(&t, TH_RST, ISS + 100, &p);
	T_EQ(p.expect, PX_ACK | PX_SILENCE);
	T_ASSERT(has(p.text, "less than 500 ms ago"));
	seg(&g, TH_RST, ISS + 100, 0, NULL);
	memset(&in, 0, sizeof(in));
	in.g = &g;
	in.t = &t;
	in.listener = -1;
	in.now_us = 10400000;
	predict_segment(&in, &p);
	T_EQ(p.expect, PX_ACK);
}

TEST(explain_verdict_on_the_challenge_ack)
{
	struct tcb t;
	struct prediction p;
	struct seg r;
	char buf[256];

	open_with_hole(&t, 0);
	predict(&t, TH_RST, t.snd_nxt, &p);
	seg(&r, TH_ACK, IRS + 1, ISS + 1, NULL);
	T_EQ(predict_verdict(&p, &r, buf, sizeof(buf)), 1);
	T_STREQ(buf, "the prediction held: [.], expected an ACK with ack 1");
	/* what the old prediction (our SND.NXT) wanted: it must not pass */
	seg(&r, TH_ACK, IRS + 1, ISS + 5001, NULL);
	T_EQ(predict_verdict(&p, &r, buf, sizeof(buf)), 0);
	T_EQ(predict_verdict(&p, NULL, buf, sizeof(buf)), 0);
	T_ASSERT(has(buf, "did not hold: nothing came back"));
}

static void
arrival(const struct tcb *t, const struct seg *g, const struct tcb_ev *ev,
    const struct seg *lo, int have_prev, uint32_t prev, char *buf,
    size_t cap)
{
	struct explain_in in;

	memset(&in, 0, sizeof(in));
	in.g = g;
	in.ev = ev;
	in.t = t;
	in.last_out = lo;
	in.have_prev_ack = have_prev;
	in.prev_ack = prev;
	in.relative = 1;
	explain_arrival(&in, buf, cap);
}

/* A RST far from RCV.NXT is not explained as accepted at RCV.NXT. */
TEST(explain_rst_arrival_names_the_check_applied)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg g, lo;
	char buf[512];

	open_client(&t, 0);
	seg(&lo, TH_ACK, ISS + 1, IRS + 1, NULL);
	seg(&g, TH_RST, IRS + 900000, 0, NULL);
	tcb_on_recv(&t, &g, 1000, &ev);
	T_EQ(t.state, TCB_ESTABLISHED);
	arrival(&t, &g, &ev, &lo, 1, ISS + 1, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "exactly RCV.NXT") == NULL);
	T_ASSERT(has(buf, "outside our window (RCV.NXT 1), so we ignore it "
	    "(RFC 9293 3.10.7.4, first check)"));
	seg(&g, TH_RST | TH_ACK, IRS + 1, ISS + 1, NULL);
	tcb_on_recv(&t, &g, 2000, &ev);
	T_EQ(t.state, TCB_CLOSED);
	arrival(&t, &g, &ev, &lo, 1, ISS + 1, buf, sizeof(buf));
	T_ASSERT(has(buf, "its sequence number 1 is exactly RCV.NXT"));
}

/* Data, then an ACK of ours (a line that raced), then the peer's ACK of
 * the data: an ACK of our data, not "nothing new". */
TEST(explain_ack_of_data_after_our_ack)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg g, lo;
	char buf[512];

	open_client(&t, 0);
	seg(&lo, TH_ACK | TH_PSH, ISS + 1, IRS + 1, "hello");
	tcb_on_send(&t, &lo, 1000, NULL);
	seg(&lo, TH_ACK, ISS + 6, IRS + 1, NULL);
	tcb_on_send(&t, &lo, 1100, NULL);
	seg(&g, TH_ACK, IRS + 1, ISS + 6, NULL);
	tcb_on_recv(&t, &g, 2000, &ev);
	arrival(&t, &g, &ev, &lo, 1, ISS + 1, buf, sizeof(buf));
	T_ASSERT(has(buf, "the ACK of our data"));
	T_ASSERT(has(buf, "up to 6 in order (5 bytes more"));
	T_ASSERT(strstr(buf, "nothing new") == NULL);
}

static char *
printed(const struct tcb *t)
{
	static char buf[2048];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	tcb_print(f, t, 1);
	fclose(f);
	return buf;
}

/* RFC 7323 2.2: a SYN's window is never scaled. */
TEST(explain_tcb_snd_wnd_scaled_only_after_syn)
{
	struct tcb t;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, ISS, 65535, 1460, MSL);
	seg(&s, TH_SYN, ISS, 0, NULL);
	s.opt[0].kind = TCPOPT_WSCALE;
	s.opt[0].u.wscale = 7;
	s.nopt = 1;
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_SYN | TH_ACK, IRS, ISS + 1, NULL);
	s.win = 65483;
	s.opt[0].kind = TCPOPT_WSCALE;
	s.opt[0].u.wscale = 10;
	s.nopt = 1;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.snd_wnd, 65483);
	T_ASSERT(has(printed(&t), "SND.WND 65483\n"));
	seg(&s, TH_ACK, ISS + 1, IRS + 1, NULL);
	tcb_on_send(&t, &s, 0, NULL);
	seg(&s, TH_ACK, IRS + 1, ISS + 1, NULL);
	s.win = 63;
	tcb_on_recv(&t, &s, 0, NULL);
	T_EQ(t.snd_wnd, 64512);
	T_ASSERT(has(printed(&t), "SND.WND 64512 (= 63 << 10)\n"));
}

/* A bad checksum: the segment is lost, the peer has nothing from it on. */
TEST(explain_lost_segment_not_counted)
{
	struct tcb t;
	struct tcb_peer v;
	struct seg s;

	open_client(&t, 0);
	seg(&s, TH_ACK | TH_PSH, ISS + 1, IRS + 1, "X");
	s.fixed |= SEG_BAD_TCPSUM;
	tcb_on_send(&t, &s, 1000, NULL);
	T_EQ(t.snd_nxt, ISS + 2);
	seg(&s, TH_ACK | TH_PSH, ISS + 2, IRS + 1, "YZ");
	tcb_on_send(&t, &s, 1100, NULL);
	tcb_peer_view(&t, &v);
	T_EQ(v.rcv_nxt, ISS + 1);
	T_EQ(tcb_peer_rst(&v, t.snd_nxt), TCB_RST_CHALLENGE);
	/* sent again, intact: now it has all of it */
	seg(&s, TH_ACK | TH_PSH, ISS + 1, IRS + 1, "XYZ");
	tcb_on_send(&t, &s, 1200, NULL);
	tcb_peer_view(&t, &v);
	T_EQ(v.rcv_nxt, ISS + 4);
	T_EQ(tcb_peer_rst(&v, t.snd_nxt), TCB_RST_EXACT);
}

/* A simultaneous close: both ends in TIME-WAIT; the peer's takes a RST
 * only at RCV.NXT, and a SYN beyond it opens a new connection. */
TEST(explain_peer_time_wait_after_simultaneous_close)
{
	struct tcb t;
	struct tcb_peer v;
	struct prediction p;
	struct seg s;

	open_client(&t, 0);
	seg(&s, TH_ACK | TH_FIN, ISS + 1, IRS + 1, NULL);
	tcb_on_send(&t, &s, 1000, NULL);
	seg(&s, TH_ACK | TH_FIN, IRS + 1, ISS + 1, NULL);
	tcb_on_recv(&t, &s, 2000, NULL);
	T_EQ(t.state, TCB_CLOSING);
	seg(&s, TH_ACK, ISS + 2, IRS + 2, NULL);
	tcb_on_send(&t, &s, 3000, NULL);
	seg(&s, TH_ACK, IRS + 2, ISS + 2, NULL);
	tcb_on_recv(&t, &s, 4000, NULL);
	T_EQ(t.state, TCB_TIME_WAIT);
	tcb_peer_view(&t, &v);
	T_EQ(v.st, TCB_PEER_TW);
	T_EQ(tcb_peer_rst(&v, ISS + 2), TCB_RST_KILL);
	T_EQ(tcb_peer_rst(&v, ISS + 100), TCB_RST_IGNORED);
	predict(&t, TH_ACK, ISS + 2, &p);
	T_EQ(p.expect, PX_SILENCE);
	predict(&t, TH_SYN, ISS + 100000, &p);
	T_EQ(p.expect, PX_SYNACK | PX_RST);
	predict(&t, TH_SYN, ISS, &p);
	T_EQ(p.expect, PX_ACK);
}

/* The echo that carries the ACK of our bytes says so. */
TEST(explain_echo_carrying_the_ack)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg g, lo;
	char buf[512];

	open_client(&t, 0);
	seg(&lo, TH_ACK | TH_PSH, ISS + 1, IRS + 1, "hello");
	tcb_on_send(&t, &lo, 1000, NULL);
	seg(&g, TH_ACK | TH_PSH, IRS + 1, ISS + 6, "hello");
	tcb_on_recv(&t, &g, 2000, &ev);
	arrival(&t, &g, &ev, &lo, 1, ISS + 1, buf, sizeof(buf));
	T_ASSERT(has(buf, "back again: the peer's TCP took ours in order and "
	    "acknowledges them, ack 6 (RFC 9293 3.10.7.4, seventh check)"));
	/* after a separate ACK, the echo is only the echo */
	arrival(&t, &g, &ev, &lo, 1, ISS + 6, buf, sizeof(buf));
	T_ASSERT(has(buf, "back again: the peer's application"));
}
