/* test_ladder.c - the ladder diagram from a fixed recorded session,
 * against golden files (ASCII, UTF-8, SVG); explain and quiz sentences.
 *
 * TC_GOLDEN_UPDATE=1 ./build/unit ladder rewrites the golden files (look
 * at the diff before committing it).
 */
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "explain.h"
#include "predict.h"
#include "ladder.h"
#include "pktlog.h"
#include "quiz.h"
#include "t.h"
#include "tcb.h"
#include "tnet.h"
#include "wire.h"

#define ISS	1000u
#define IRS	5000u
#define US	0x0a4d0a0au	/* 10.77.10.10 */
#define PEER	0x0a4d0a02u	/* 10.77.10.2 */

static struct pkt_rec recs[32];
static size_t nrecs;
static struct tcpopt next_opt[SEG_MAXOPT];	/* for the next rec() */
static int next_nopt;

/* The options of the next segment rec() builds. */
static void
opt_syn(uint16_t mss)
{
	memset(next_opt, 0, sizeof(next_opt));
	next_opt[0].kind = TCPOPT_MSS;
	next_opt[0].len = 4;
	next_opt[0].u.mss = mss;
	next_opt[1].kind = TCPOPT_SACKOK;
	next_opt[1].len = 2;
	next_opt[2].kind = TCPOPT_TS;
	next_opt[2].len = 10;
	next_opt[2].u.ts.val = 12345;
	next_opt[3].kind = TCPOPT_NOP;
	next_opt[3].len = 1;
	next_opt[4].kind = TCPOPT_WSCALE;
	next_opt[4].len = 3;
	next_opt[4].u.wscale = 7;
	next_nopt = 5;
}

static void
opt_sack(uint32_t left, uint32_t right)
{
	memset(next_opt, 0, sizeof(next_opt));
	next_opt[0].kind = TCPOPT_NOP;
	next_opt[0].len = 1;
	next_opt[1].kind = TCPOPT_NOP;
	next_opt[1].len = 1;
	next_opt[2].kind = TCPOPT_SACK;
	next_opt[2].len = 10;
	next_opt[2].nsack = 1;
	next_opt[2].u.sack[0].left = left;
	next_opt[2].u.sack[0].right = right;
	next_nopt = 3;
}

static void
rec(uint64_t t_us, enum pkt_dir dir, unsigned conn, uint8_t flags,
    uint32_t seq, uint32_t ack, uint16_t win, const char *data,
    enum tcb_state from, enum tcb_state to, uint32_t notes)
{
	struct seg g;

	seg_init(&g);
	g.saddr.v4 = dir == DIR_IN ? PEER : US;
	g.daddr.v4 = dir == DIR_IN ? US : PEER;
	g.sport = dir == DIR_IN ? 7 : 40000;
	g.dport = dir == DIR_IN ? 40000 : 7;
	g.seq = seq;
	g.ack = ack;
	g.flags = flags;
	g.win = win;
	g.data = (const uint8_t *)data;
	g.datalen = data != NULL ? (uint32_t)strlen(data) : 0;
	memcpy(g.opt, next_opt, sizeof(g.opt));
	g.nopt = (uint8_t)next_nopt;
	next_nopt = 0;
	T_EQ(rec_of(&recs[nrecs++], &g, t_us, dir, conn, from, to, notes, ISS,
	    IRS), 0);
}

/* A client session: handshake with options, data echoed (and
 * retransmitted once), a hole we leave and the peer's SACK of what lies
 * beyond it, the hole filled (not a retransmission), a RST that draws a
 * challenge ACK, a close we start, and the peer's FIN sent again after
 * our TIME-WAIT ended (the TCB, CLOSED, notes nothing); a packet of
 * another connection in between must not show. */
static void
session(void)
{
	const enum tcb_state E = TCB_ESTABLISHED;

	if (nrecs > 0)
		return;
	opt_syn(1460);
	rec(412, DIR_OUT, 1, TH_SYN, ISS, 0, 65535, NULL, TCB_CLOSED,
	    TCB_SYN_SENT, 0);
	opt_syn(65495);
	rec(461, DIR_IN, 1, TH_SYN | TH_ACK, IRS, ISS + 1, 65483, NULL,
	    TCB_SYN_SENT, E, TN_ACK_OWED | TN_PART_CKSUM);
	rec(520, DIR_OUT, 1, TH_ACK, ISS + 1, IRS + 1, 65535, NULL, E, E, 0);
	rec(600, DIR_OUT, 2, TH_SYN, 77, 0, 65535, NULL, TCB_CLOSED,
	    TCB_SYN_SENT, 0);
	rec(1200, DIR_OUT, 1, TH_PSH | TH_ACK, ISS + 1, IRS + 1, 65535, "AB",
	    E, E, 0);
	rec(1230, DIR_IN, 1, TH_ACK, IRS + 1, ISS + 3, 65481, NULL, E, E,
	    TN_PART_CKSUM);
	rec(1250, DIR_IN, 1, TH_PSH | TH_ACK, IRS + 1, ISS + 3, 65481, "AB",
	    E, E, TN_ACK_OWED);
	rec(205000, DIR_IN, 1, TH_PSH | TH_ACK, IRS + 1, ISS + 3, 65481, "AB",
	    E, E, TN_RETRANS | TN_ACK_OWED);
	rec(300000, DIR_OUT, 1, TH_ACK, ISS + 3, IRS + 3, 65535, NULL, E, E,
	    0);
	rec(310000, DIR_OUT, 1, TH_PSH | TH_ACK, ISS + 5, IRS + 3, 65535,
	    "EF", E, E, TN_DEPARTS | TN_PREV_UNSEEN);
	opt_sack(ISS + 5, ISS + 7);
	rec(310040, DIR_IN, 1, TH_ACK, IRS + 3, ISS + 3, 65481, NULL, E, E,
	    TN_DUPACK);
	recs[nrecs - 1].ev.dupack_n = 1;
	rec(320000, DIR_OUT, 1, TH_PSH | TH_ACK, ISS + 3, IRS + 3, 65535,
	    "CD", E, E, TN_DEPARTS | TN_OOO);
	rec(320040, DIR_IN, 1, TH_ACK, IRS + 3, ISS + 7, 65481, NULL, E, E,
	    0);
	rec(400000, DIR_OUT, 1, TH_RST, ISS + 100, 0, 0, NULL, E, E,
	    TN_DEPARTS);
	rec(400030, DIR_IN, 1, TH_ACK, IRS + 3, ISS + 7, 65481, NULL, E, E,
	    TN_CHALLENGE);
	rec(500000, DIR_OUT, 1, TH_FIN | TH_ACK, ISS + 7, IRS + 3, 65535,
	    NULL, E, TCB_FIN_WAIT_1, 0);
	rec(500040, DIR_IN, 1, TH_FIN | TH_ACK, IRS + 3, ISS + 8, 65481, NULL,
	    TCB_FIN_WAIT_1, TCB_TIME_WAIT, TN_ACK_OWED);
	rec(500100, DIR_OUT, 1, TH_ACK, ISS + 8, IRS + 4, 65535, NULL,
	    TCB_TIME_WAIT, TCB_TIME_WAIT, 0);
	rec(2700000, DIR_IN, 1, TH_FIN | TH_ACK, IRS + 3, ISS + 8, 65481,
	    NULL, TCB_CLOSED, TCB_CLOSED, 0);
}

static void
header(struct ladder_hdr *h, int utf8)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->us, sizeof(h->us), "10.77.10.10:40000");
	snprintf(h->peer, sizeof(h->peer), "10.77.10.2:7");
	snprintf(h->name, sizeof(h->name), "c1");
	h->role = TCB_CLIENT;
	h->utf8 = utf8;
	h->have_now = 1;
	h->us_now = TCB_CLOSED;
	snprintf(h->why_now, sizeof(h->why_now),
	    "TIME-WAIT over: 2*MSL elapsed");
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The golden files live next to this source file. */
static void
golden_path(char *buf, size_t cap, const char *name)
{
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash != NULL ? (int)(slash - __FILE__) : 0;

	snprintf(buf, cap, "%.*s%sgolden/%s", dir, __FILE__,
	    dir ? "/" : "", name);
}

static void
against_golden(const char *name, const char *got, size_t len)
{
	char path[512];
	const char *upd = getenv("TC_GOLDEN_UPDATE");
	char *want;
	size_t wlen = 0, i, line = 1;
	FILE *f;

	golden_path(path, sizeof(path), name);
	if (upd != NULL && *upd == '1' && (f = fopen(path, "w")) != NULL) {
		fwrite(got, 1, len, f);
		fclose(f);
	}
	if ((want = slurp(path, &wlen)) == NULL) {
		t_fail(__FILE__, __LINE__, "cannot read %s", path);
		return;
	}
	for (i = 0; i < len && i < wlen && got[i] == want[i]; i++)
		if (got[i] == '\n')
			line++;
	if (i != len || i != wlen)
		t_fail(__FILE__, __LINE__, "%s differs at line %zu (got %zu "
		    "bytes, golden %zu)", name, line, len, wlen);
	free(want);
}

static char *
render(int svg, int utf8, size_t *len)
{
	struct ladder_hdr h;
	char *buf = NULL;
	FILE *f;

	session();
	header(&h, utf8);
	f = open_memstream(&buf, len);
	if (svg)
		ladder_svg(f, &h, recs, nrecs, 1);
	else
		ladder_text(f, &h, recs, nrecs, 1);
	fclose(f);
	return buf;
}

TEST(ladder_ascii_golden)
{
	size_t len;
	char *s = render(0, 0, &len);
	size_t i;

	against_golden("ladder.txt", s, len);
	for (i = 0; i < len; i++)
		T_ASSERT((unsigned char)s[i] < 0x80);
	/* the other connection's SYN (seq 77) is not in it */
	T_ASSERT(strstr(s, "seq 77") == NULL);
	free(s);
}

TEST(ladder_utf8_golden)
{
	size_t len;
	char *s = render(0, 1, &len);

	against_golden("ladder.utf8.txt", s, len);
	T_ASSERT(strstr(s, "\u2502") != NULL && strstr(s, "\u25b6") != NULL);
	free(s);
}

/* Just enough XML to know the SVG is well-formed: tags nest and close,
 * text holds no bare '<' or '&'. */
static int
well_formed(const char *s)
{
	char stack[32][32];
	int depth = 0;
	size_t n;
	const char *p = s, *end;

	if (strncmp(p, "<?xml", 5) == 0 && (p = strstr(p, "?>")) != NULL)
		p += 2;
	while (p != NULL && *p != '\0') {
		if (*p == '&') {
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
			    strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
			    strncmp(p, "&apos;", 6))
				return 0;
			p++;
			continue;
		}
		if (*p != '<') {
			p++;
			continue;
		}
		if ((end = strchr(p, '>')) == NULL)
			return 0;
		if (p[1] == '/') {
			n = strcspn(p + 2, " >");
			if (depth == 0 || strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p + 2, n) != 0)
				return 0;
			depth--;
		} else if (end[-1] != '/') {
			n = strcspn(p + 1, " >");
			if (depth == 32 || n >= 32)
				return 0;
			memcpy(stack[depth], p + 1, n);
			stack[depth++][n] = '\0';
		}
		p = end + 1;
	}
	return depth == 0;
}

TEST(ladder_svg_golden)
{
	size_t len;
	char *s = render(1, 0, &len);

	against_golden("ladder.svg", s, len);
	T_ASSERT(well_formed(s));
	T_ASSERT(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
	/* one arrow per segment of c1: 18 */
	{
		const char *p = s;
		int arrows = 0;

		while ((p = strstr(p, "marker-end=")) != NULL) {
			arrows++;
			p++;
		}
		T_EQ(arrows, 18);
	}
	T_ASSERT(!well_formed("<svg><text>a < b</text></svg>"));
	T_ASSERT(!well_formed("<svg><g></svg>"));
	free(s);
}

TEST(ladder_peer_states)
{
	struct ladder_peer p;

	memset(&p, 0, sizeof(p));
	p.st = TCB_LISTEN;
	ladder_peer_step(&p, 1, TH_SYN, ISS, 0, 0, 1);
	T_EQ(p.st, TCB_SYN_RECEIVED);
	ladder_peer_step(&p, 0, TH_SYN | TH_ACK, IRS, ISS + 1, 0, 1);
	T_EQ(p.st, TCB_SYN_RECEIVED);
	ladder_peer_step(&p, 1, TH_ACK, ISS + 1, IRS + 1, 0, 1);
	T_EQ(p.st, TCB_ESTABLISHED);
	/* the peer closes first: FIN-WAIT-1, our ACK: FIN-WAIT-2, our FIN:
	 * TIME-WAIT */
	ladder_peer_step(&p, 0, TH_FIN | TH_ACK, IRS + 1, ISS + 1, 0, 1);
	T_EQ(p.st, TCB_FIN_WAIT_1);
	ladder_peer_step(&p, 1, TH_ACK, ISS + 1, IRS + 2, 0, 1);
	T_EQ(p.st, TCB_FIN_WAIT_2);
	ladder_peer_step(&p, 1, TH_FIN | TH_ACK, ISS + 1, IRS + 2, 0, 1);
	T_EQ(p.st, TCB_TIME_WAIT);
	/* a challenged RST changes nothing, an accepted one closes */
	p.st = TCB_ESTABLISHED;
	ladder_peer_step(&p, 1, TH_RST, ISS + 50, 0, 0, 0);
	T_EQ(p.st, TCB_ESTABLISHED);
	ladder_peer_step(&p, 1, TH_RST, ISS + 1, 0, 0, 1);
	T_EQ(p.st, TCB_CLOSED);
	/* a refused SYN leaves a port with no socket CLOSED */
	p.st = TCB_CLOSED;
	ladder_peer_step(&p, 1, TH_SYN, ISS, 0, 0, 0);
	T_EQ(p.st, TCB_CLOSED);
}

/* The text form of the session's first n records, with our state now. */
static char *
render_n(size_t n, int have_now)
{
	struct ladder_hdr h;
	char *buf = NULL;
	size_t len;
	FILE *f;

	session();
	header(&h, 0);
	h.have_now = have_now;
	f = open_memstream(&buf, &len);
	ladder_text(f, &h, recs, n, 1);
	fclose(f);
	return buf;
}

/* The line after the first one holding key, or "" */
static const char *
line_after(const char *s, const char *key, char *buf, size_t cap)
{
	const char *p = strstr(s, key), *nl, *end;

	buf[0] = '\0';
	if (p == NULL || (nl = strchr(p, '\n')) == NULL)
		return buf;
	if ((end = strchr(nl + 1, '\n')) == NULL)
		end = nl + 1 + strlen(nl + 1);
	snprintf(buf, cap, "%.*s", (int)(end - nl - 1), nl + 1);
	return buf;
}

TEST(ladder_options_on_syn_and_sack)
{
	char *s, l[160];

	session();
	s = render_n(nrecs, 1);
	T_STREQ(line_after(s, "S seq 0 win 65535 len 0", l, sizeof(l)),
	    "              |  <mss 1460,sackOK,TS,wscale 7>         |");
	T_STREQ(line_after(s, "S. seq 0 ack 1 win 65483", l, sizeof(l)),
	    "              |  <mss 65495,sackOK,TS,wscale 7>        |");
	/* SACK blocks relative to our ISN, as the packet line shows them */
	T_STREQ(line_after(s, "    0.310040  |", l, sizeof(l)),
	    "              |  <sack 1 {5:7}>                        |");
	/* no options row on plain segments: timestamps are noise there */
	T_ASSERT(strstr(s, "<nop") == NULL);
	free(s);
}

TEST(ladder_every_retransmission_labelled)
{
	char *s;
	const char *p;

	session();
	s = render_n(nrecs, 1);
	/* the peer's FIN again, after our TIME-WAIT: the TCB said nothing */
	p = strstr(s, "    2.700000  |  F. seq 3 ack 8 win 65481 len 0");
	T_ASSERT(p != NULL);
	T_ASSERT(p != NULL && strncmp(strchr(p, '#'), "# retransmission\n",
	    17) == 0);
	/* the echo resent: the TCB's note, once */
	p = strstr(s, "    0.205000  |");
	T_ASSERT(p != NULL && strstr(p, "# retransmission\n") != NULL &&
	    strstr(p, "# retransmission\n") < strchr(p, '\n') + 1);
	/* filling a hole sends bytes never sent: not a retransmission */
	p = strstr(s, "    0.320000  |  P. seq 3:5");
	T_ASSERT(p != NULL && strncmp(strchr(p, '#'), "# out-of-order; "
	    "departs from TCB\n", 33) == 0);
	free(s);
}

TEST(ladder_our_closed_drawn)
{
	char *s;
	size_t n;

	session();
	n = nrecs;
	/* TIME-WAIT ended between two segments: a row of its own */
	s = render_n(n, 1);
	T_ASSERT(strstr(s, "   TIME-WAIT  |<-----") != NULL);
	T_ASSERT(strstr(s, "      CLOSED  |  (TIME-WAIT over: 2*MSL elapsed)"
	    "       |\n    2.700000") != NULL);
	free(s);
	/* TIME-WAIT over after the last segment: the last row */
	s = render_n(n - 1, 1);
	T_ASSERT(strstr(s, "      CLOSED  |  (TIME-WAIT over: 2*MSL elapsed)"
	    "       |\n              |                                        "
	    "|\n(the peer's") != NULL);
	free(s);
	/* our state now unknown: nothing guessed */
	s = render_n(n - 1, 0);
	T_ASSERT(strstr(s, "(TIME-WAIT over") == NULL);
	free(s);
}

TEST(ladder_svg_uses_the_width)
{
	size_t len;
	char *s = render(1, 0, &len);

	/* the lines stand near both edges of the 900-pixel picture */
	T_ASSERT(strstr(s, "width=\"900\"") != NULL);
	T_ASSERT(strstr(s, "<line class=\"lane\" x1=\"130\"") != NULL);
	T_ASSERT(strstr(s, "<line class=\"lane\" x1=\"750\"") != NULL);
	T_ASSERT(strstr(s, "<tspan class=\"opt\">&lt;mss 1460,sackOK,TS,"
	    "wscale 7&gt;</tspan>") != NULL);
	free(s);
}

/* ----- explain ----- */

static void
mkseg(struct seg *g, uint8_t flags, uint32_t seq, uint32_t ack,
    const char *data)
{
	seg_init(g);
	g->saddr.v4 = PEER;
	g->daddr.v4 = US;
	g->sport = 7;
	g->dport = 40000;
	g->flags = flags;
	g->seq = seq;
	g->ack = ack;
	g->win = 65483;
	g->data = (const uint8_t *)data;
	g->datalen = data != NULL ? (uint32_t)strlen(data) : 0;
}

static void
tcb_est(struct tcb *t)
{
	tcb_init(t, TCB_CLIENT, ISS, 65535, 1460, 1000000);
	t->state = TCB_ESTABLISHED;
	t->have_irs = 1;
	t->irs = IRS;
	t->snd_una = t->snd_nxt = t->snd_max = ISS + 3;
	t->rcv_nxt = IRS + 3;
	t->snd_wnd = 65483;
}

static void
why(const struct seg *g, const struct tcb_ev *ev, const struct tcb *t,
    const struct seg *lo, char *buf, size_t cap)
{
	struct explain_in in;

	memset(&in, 0, sizeof(in));
	in.g = g;
	in.ev = ev;
	in.t = t;
	in.last_out = lo;
	in.relative = 1;
	explain_arrival(&in, buf, cap);
}

TEST(explain_refused)
{
	struct seg g, lo;
	struct tcb t;
	struct tcb_ev ev = { .from = TCB_SYN_SENT, .to = TCB_CLOSED,
	    .notes = TN_REFUSED };
	char buf[512];

	tcb_init(&t, TCB_CLIENT, ISS, 65535, 1460, 1000000);
	mkseg(&lo, TH_SYN, ISS, 0, NULL);
	mkseg(&g, TH_RST | TH_ACK, 0, ISS + 1, NULL);
	why(&g, &ev, &t, &lo, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "RST|ACK: nothing listens on port 7") == buf);
	T_ASSERT(strstr(buf, "(RFC 9293 3.10.7.1, CLOSED state)") != NULL);
	T_ASSERT(strstr(buf, "connection refused") != NULL);
}

TEST(explain_challenge_ack)
{
	struct seg g, lo;
	struct tcb t;
	struct tcb_ev ev = { .from = TCB_ESTABLISHED,
	    .to = TCB_ESTABLISHED };
	char buf[512];

	tcb_est(&t);
	mkseg(&lo, TH_RST, ISS + 100, 0, NULL);
	mkseg(&g, TH_ACK, IRS + 3, ISS + 3, NULL);
	/* recognised from our RST even when the TCB did not note it */
	why(&g, &ev, &t, &lo, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "a challenge ACK: our RST's sequence number was "
	    "inside the peer's window but not exactly its RCV.NXT (3)") == buf);
	T_ASSERT(strstr(buf, "RFC 5961 3.2") != NULL);
	/* after a SYN on the established connection: 4.2 */
	mkseg(&lo, TH_SYN, ISS + 50, 0, NULL);
	why(&g, &ev, &t, &lo, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "our SYN arrived on a synchronized connection")
	    != NULL && strstr(buf, "RFC 5961 4.2") != NULL);
}

TEST(explain_retransmission)
{
	struct seg g, lo;
	struct tcb t;
	struct tcb_ev ev = { .from = TCB_ESTABLISHED,
	    .to = TCB_ESTABLISHED, .notes = TN_RETRANS };
	char buf[512];

	tcb_est(&t);
	mkseg(&lo, TH_PSH | TH_ACK, ISS + 1, IRS + 1, "AB");
	mkseg(&g, TH_PSH | TH_ACK, IRS + 1, ISS + 3, "AB");
	why(&g, &ev, &t, &lo, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "a retransmission: the peer sent these 2 bytes "
	    "before and our ACK of them did not come in time") == buf);
	T_ASSERT(strstr(buf, "RFC 9293 3.8.1") != NULL);
	/* the SYN,ACK again: our ACK completing the handshake */
	ev.from = ev.to = TCB_ESTABLISHED;
	mkseg(&g, TH_SYN | TH_ACK, IRS, ISS + 1, NULL);
	why(&g, &ev, &t, NULL, buf, sizeof(buf));
	T_ASSERT(strstr(buf, "the SYN,ACK again") == buf &&
	    strstr(buf, "our ACK completing the handshake did not come") !=
	    NULL);
}

TEST(explain_predictions)
{
	struct predict_in in;
	struct prediction p;
	struct seg g, r;
	struct tcb t;
	char buf[400];

	tcb_est(&t);
	memset(&in, 0, sizeof(in));
	in.g = &g;
	in.t = &t;
	in.relative = 1;
	in.listener = -1;
	/* RST exactly at RCV.NXT: silence */
	mkseg(&g, TH_RST, ISS + 3, 0, NULL);
	predict_segment(&in, &p);
	T_EQ(p.expect, PX_SILENCE);
	T_EQ(predict_verdict(&p, NULL, buf, sizeof(buf)), 1);
	/* in the window, not exact: a challenge ACK of 3 */
	mkseg(&g, TH_RST, ISS + 100, 0, NULL);
	predict_segment(&in, &p);
	T_EQ(p.expect, PX_ACK);
	T_ASSERT(strstr(p.text, "challenge ACK, ack 3") != NULL);
	mkseg(&r, TH_ACK, IRS + 3, ISS + 3, NULL);
	T_EQ(predict_verdict(&p, &r, buf, sizeof(buf)), 1);
	T_STREQ(buf, "the prediction held: [.], expected an ACK with ack 3");
	T_EQ(predict_verdict(&p, NULL, buf, sizeof(buf)), 0);
	/* outside the window: dropped silently */
	mkseg(&g, TH_RST, ISS + 3 + 70000, 0, NULL);
	predict_segment(&in, &p);
	T_EQ(p.expect, PX_SILENCE);
	/* a SYN to a port with no listener: RST,ACK with ack ISS+1 */
	tcb_init(&t, TCB_CLIENT, ISS, 65535, 1460, 1000000);
	in.listener = 0;
	mkseg(&g, TH_SYN, ISS, 0, NULL);
	predict_segment(&in, &p);
	T_EQ(p.expect, PX_RST);
	mkseg(&r, TH_RST | TH_ACK, 0, ISS + 1, NULL);
	T_EQ(predict_verdict(&p, &r, buf, sizeof(buf)), 1);
	mkseg(&r, TH_SYN | TH_ACK, IRS, ISS + 1, NULL);
	T_EQ(predict_verdict(&p, &r, buf, sizeof(buf)), 0);
	T_STREQ(buf, "the prediction did not hold: [S.], expected RST with "
	    "ack 1");
}

/* ----- quiz ----- */

TEST(quiz_mask_fields)
{
	char line[256];

	snprintf(line, sizeof(line), "Flags [S.], seq 0, ack 1, win 65483, "
	    "options [mss 65495,sackOK,TS val 1 ecr 0], length 0");
	T_EQ(quiz_mask(line, sizeof(line), QZ_ACK), QZ_ACK);
	T_STREQ(line, "Flags [S.], seq 0, ack ?, win 65483, options [mss "
	    "65495,sackOK,TS val 1 ecr 0], length 0");
	snprintf(line, sizeof(line), "Flags [P.], seq 1:3, ack 3, win 512, "
	    "length 2 \"AB\"");
	T_EQ(quiz_mask(line, sizeof(line), QZ_ALL), QZ_ALL);
	T_STREQ(line, "Flags [P.], seq ?, ack ?, win ?, length ? \"AB\"");
	/* a bare ACK has no seq on its line: nothing to hide there */
	snprintf(line, sizeof(line), "Flags [.], ack 3, win 512, length 0");
	T_EQ(quiz_mask(line, sizeof(line), QZ_SEQ), 0);
	T_EQ(quiz_parse_fields("on"), QZ_ACK);
	T_EQ(quiz_parse_fields("seq,ack,win"), QZ_SEQ | QZ_ACK | QZ_WIN);
	T_EQ(quiz_parse_fields("off"), 0);
	T_EQ(quiz_parse_fields("seq,bogus"), -1);
}
