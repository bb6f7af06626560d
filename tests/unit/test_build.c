/* test_build.c - segments from the TCB, overrides, departs, needs_link */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "cksum.h"
#include "t.h"

#define LO(n)	(0x7f000000u | (n))

/* Linux's SYN options: mss,sackOK,TS,nop,wscale */
static struct tcpopt synopts[5];

static void
init_synopts(void)
{
	memset(synopts, 0, sizeof(synopts));
	synopts[0].kind = TCPOPT_MSS;
	synopts[0].len = 4;
	synopts[0].u.mss = 1460;
	synopts[1].kind = TCPOPT_SACKOK;
	synopts[1].len = 2;
	synopts[2].kind = TCPOPT_TS;
	synopts[2].len = 10;
	synopts[2].u.ts.val = 1;	/* replaced by env.ts_val */
	synopts[2].u.ts.ecr = 2;
	synopts[3].kind = TCPOPT_NOP;
	synopts[3].len = 1;
	synopts[4].kind = TCPOPT_WSCALE;
	synopts[4].len = 3;
	synopts[4].u.wscale = 7;
}

static void
env_init(struct build_env *env, int relative)
{
	init_synopts();
	memset(env, 0, sizeof(*env));
	env->relative = relative;
	env->ip_id = 4321;
	env->ttl = 64;
	env->df = 1;
	env->ts_val = 777;
	env->synopts = synopts;
	env->nsynopts = 5;
}

/* A connection in a given state, the TCB filled in directly so these
 * tests do not depend on the state machine.  rel_* are relative. */
static void
conn_init(struct conn *c, enum tcb_state st, uint32_t iss, uint32_t irs,
    int have_irs, uint32_t snd_nxt, uint32_t rcv_nxt)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "c1");
	c->laddr.v4 = LO(1);
	c->lport = 40000;
	c->raddr.v4 = LO(2);
	c->rport = 20000;
	tcb_init(&c->tcb, TCB_CLIENT, iss, 65535, 1460, 1000000);
	c->tcb.state = st;
	c->tcb.irs = irs;
	c->tcb.have_irs = have_irs;
	c->tcb.snd_una = iss + (snd_nxt > 0 ? 1 : 0);
	c->tcb.snd_nxt = c->tcb.snd_max = iss + snd_nxt;
	c->tcb.rcv_nxt = have_irs ? irs + rcv_nxt : 0;
	c->tcb.rcv_max = c->tcb.rcv_nxt;
	c->tcb.snd_wnd = 65535;
}

static void
peer_offers(struct tcb *t, int ws, int sackok, int ts)
{
	t->peer_mss = 65495;
	t->peer_ws = (int8_t)ws;
	t->peer_sackok = (uint8_t)sackok;
	t->peer_ts = (uint8_t)ts;
	t->ts_recent = 5555;
}

static void
we_offer(struct tcb *t, int ws, int sackok, int ts)
{
	t->our_ws = (int8_t)ws;
	t->our_sackok = (uint8_t)sackok;
	t->our_ts = (uint8_t)ts;
}

/* The options, tersely, independent of tcpopt.c. */
static const char *
optstr(const struct seg *s)
{
	static char buf[256];
	const struct tcpopt *o;
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < s->nopt; i++) {
		o = &s->opt[i];
		if (i > 0)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, ",");
		switch (o->kind) {
		case TCPOPT_MSS:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "mss %u", o->u.mss);
			break;
		case TCPOPT_SACKOK:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "sackOK");
			break;
		case TCPOPT_TS:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "TS %u %u", o->u.ts.val, o->u.ts.ecr);
			break;
		case TCPOPT_NOP:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "nop");
			break;
		case TCPOPT_WSCALE:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "wscale %u", o->u.wscale);
			break;
		case TCPOPT_SACK:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "sack %u:%u", o->u.sack[0].left,
			    o->u.sack[0].right);
			break;
		default:
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "kind %u", o->kind);
			break;
		}
	}
	return buf;
}

/* What each kind gives in each situation, at two ISN pairs. */
TEST(build_kinds)
{
	static const struct {
		enum seg_kind	 k;
		enum tcb_state	 st;
		int		 have_irs;
		uint32_t	 nxt, rnxt;	/* relative SND.NXT, RCV.NXT */
		int		 negotiated;	/* ws 7 + sack + TS both ways */
		uint8_t		 flags;
		uint32_t	 seq, ack;	/* relative; ack 0 = no ack */
		uint16_t	 win;
		const char	*opts;
	} cases[] = {
		{ SK_SYN, TCB_CLOSED, 0, 0, 0, 0, TH_SYN, 0, 0, 65535,
		  "mss 1460,sackOK,TS 777 0,nop,wscale 7" },
		{ SK_SYNACK, TCB_LISTEN, 1, 0, 1, 0, TH_SYN | TH_ACK, 0, 1,
		  65535, "mss 1460" },
		{ SK_ACK, TCB_ESTABLISHED, 1, 1, 1, 0, TH_ACK, 1, 1, 65535,
		  "" },
		{ SK_ACK, TCB_ESTABLISHED, 1, 1, 1, 1, TH_ACK, 1, 1, 511,
		  "nop,nop,TS 777 5555" },
		{ SK_FIN, TCB_ESTABLISHED, 1, 6, 4, 0, TH_FIN | TH_ACK, 6, 4,
		  65535, "" },
		{ SK_DATA, TCB_CLOSE_WAIT, 1, 3, 9, 1, TH_PSH | TH_ACK, 3, 9,
		  511, "nop,nop,TS 777 5555" },
		{ SK_RST, TCB_ESTABLISHED, 1, 6, 4, 1, TH_RST, 6, 0, 0, "" },
		{ SK_RST, TCB_SYN_RECEIVED, 1, 1, 1, 0, TH_RST | TH_ACK, 1, 1,
		  0, "" },
		{ SK_RST, TCB_SYN_SENT, 0, 1, 0, 0, TH_RST, 1, 0, 0, "" },
		/* refusing a SYN: seq 0 (RFC 9293 3.5.2), ack the SYN */
		{ SK_RST, TCB_LISTEN, 1, 0, 1, 0, TH_RST | TH_ACK, 0, 1, 0,
		  "" },
	};
	static const struct { uint32_t iss, irs; } isns[] = {
		{ 1000, 5000 }, { 0xfffffffeu, 0xfffffff0u },
	};
	struct build_env env;
	struct conn c;
	struct seg s;
	struct errbuf e;
	char dep[160];
	size_t i, j;
	uint32_t iss, irs, want_seq;

	env_init(&env, 1);
	for (j = 0; j < 2; j++)
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		iss = isns[j].iss;
		irs = isns[j].irs;
		conn_init(&c, cases[i].st, iss, irs, cases[i].have_irs,
		    cases[i].nxt, cases[i].rnxt);
		if (cases[i].negotiated) {
			peer_offers(&c.tcb, 7, 1, 1);
			we_offer(&c.tcb, 7, 1, 1);
		}
		if (build_segment(cases[i].k, &c, NULL, NULL, 0, &env, &s,
		    dep, sizeof(dep), &e) != 0) {
			t_fail(__FILE__, __LINE__, "case %zu: %s", i, e.msg);
			continue;
		}
		want_seq = iss + cases[i].seq;
		if (cases[i].k == SK_RST && cases[i].st == TCB_LISTEN)
			want_seq = 0;
		if (s.flags != cases[i].flags || s.seq != want_seq ||
		    s.ack != (cases[i].flags & TH_ACK ? irs + cases[i].ack :
		    0) || s.win != cases[i].win ||
		    strcmp(optstr(&s), cases[i].opts) != 0)
			t_fail(__FILE__, __LINE__, "case %zu/%zu: flags %#x "
			    "seq %u ack %u win %u opts [%s]; expected %#x %u "
			    "%u %u [%s]", i, j, s.flags, s.seq - iss,
			    s.ack - irs, s.win, optstr(&s), cases[i].flags,
			    cases[i].seq, cases[i].ack, cases[i].win,
			    cases[i].opts);
		if (s.saddr.v4 != LO(1) || s.daddr.v4 != LO(2) ||
		    s.sport != 40000 || s.dport != 20000 || s.ttl != 64 ||
		    s.id != 4321 || s.frag != IP_DF || s.ver != 4 ||
		    s.ihl != 5 || s.proto != 6 || s.fixed != 0)
			t_fail(__FILE__, __LINE__, "case %zu: IP or port "
			    "fields", i);
	}
}

/* SYN-ACK options follow what the peer offered; the NOP that aligned a
 * dropped option goes with it. */
TEST(build_synack_filter)
{
	static const struct {
		int		 ws, sackok, ts;
		const char	*opts;
	} cases[] = {
		{ -1, 0, 0, "mss 1460" },
		{ 7, 0, 0, "mss 1460,nop,wscale 7" },
		{ -1, 1, 0, "mss 1460,sackOK" },
		{ -1, 0, 1, "mss 1460,TS 777 5555" },
		{ -1, 1, 1, "mss 1460,sackOK,TS 777 5555" },
		{ 2, 1, 1, "mss 1460,sackOK,TS 777 5555,nop,wscale 7" },
	};
	struct build_env env;
	struct conn c;
	struct seg s;
	struct errbuf e;
	size_t i;

	env_init(&env, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		conn_init(&c, TCB_LISTEN, 10, 20, 1, 0, 1);
		peer_offers(&c.tcb, cases[i].ws, cases[i].sackok,
		    cases[i].ts);
		T_EQ(build_segment(SK_SYNACK, &c, NULL, NULL, 0, &env, &s,
		    NULL, 0, &e), 0);
		if (strcmp(optstr(&s), cases[i].opts) != 0)
			t_fail(__FILE__, __LINE__, "case %zu: [%s], expected "
			    "[%s]", i, optstr(&s), cases[i].opts);
	}
	/* wire bytes kept in step with the values */
	T_EQ(s.opt[2].datalen, 8);
	T_EQ(s.opt[2].data[3], 777 & 0xff);
	T_EQ(s.opt[2].data[7], 5555 & 0xff);
	/* trailing NOPs: kept in a SYN, dropped with nothing after them in
	 * a SYN,ACK */
	synopts[1].kind = TCPOPT_NOP;
	synopts[1].len = 1;
	env.nsynopts = 2;
	T_EQ(build_segment(SK_SYN, &c, NULL, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_STREQ(optstr(&s), "mss 1460,nop");
	T_EQ(build_segment(SK_SYNACK, &c, NULL, NULL, 0, &env, &s, NULL, 0,
	    &e), 0);
	T_STREQ(optstr(&s), "mss 1460");
	/* no synopts at all: a bare SYN */
	env.nsynopts = 0;
	env.synopts = NULL;
	T_EQ(build_segment(SK_SYN, &c, NULL, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.nopt, 0);
}

TEST(build_window)
{
	static const struct {
		uint32_t	rcv_wnd;
		int		ours, peers;	/* offered wscale, -1 none */
		enum seg_kind	k;
		uint16_t	win;
	} cases[] = {
		{ 65535, 7, 7, SK_ACK, 511 },
		{ 65535, 7, -1, SK_ACK, 65535 },	/* not agreed */
		{ 65535, -1, 7, SK_ACK, 65535 },
		{ 1000000, 7, 7, SK_ACK, 7812 },
		{ 1000000, -1, -1, SK_ACK, 65535 },	/* clamped */
		{ 1000000, 7, 7, SK_SYNACK, 65535 },	/* SYN: unscaled */
		{ 1000, 2, 2, SK_DATA, 250 },
		{ 0, 7, 7, SK_ACK, 0 },
	};
	struct build_env env;
	struct conn c;
	struct seg s;
	struct errbuf e;
	size_t i;

	env_init(&env, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		conn_init(&c, TCB_ESTABLISHED, 1, 2, 1, 1, 1);
		c.tcb.rcv_wnd = cases[i].rcv_wnd;
		c.tcb.our_ws = (int8_t)cases[i].ours;
		c.tcb.peer_ws = (int8_t)cases[i].peers;
		T_EQ(build_segment(cases[i].k, &c, NULL, NULL, 0, &env, &s,
		    NULL, 0, &e), 0);
		if (s.win != cases[i].win)
			t_fail(__FILE__, __LINE__, "case %zu: win %u, expected "
			    "%u", i, s.win, cases[i].win);
	}
}

#define SETV(sp, f, val) do {						\
	(sp)->set |= SP_BIT(f);						\
	(sp)->v[f].lo = (sp)->v[f].hi = (val);				\
	(sp)->col[f] = 10 + (f);					\
} while (0)

/* One override at a time: the field it lands in and the fixed bits. */
TEST(build_overrides)
{
	static const struct {
		enum sp_field	 f;
		uint32_t	 v;
		size_t		 off;	/* offsetof the seg field */
		int		 width;	/* bytes */
		uint32_t	 want;
		uint16_t	 fixed;
	} cases[] = {
#define F(m)	offsetof(struct seg, m), (int)sizeof(((struct seg *)0)->m)
		{ SP_FLAGS, TH_SYN | TH_FIN, F(flags), TH_SYN | TH_FIN, 0 },
		{ SP_WIN, 1234, F(win), 1234, 0 },
		{ SP_URG, 7, F(urp), 7, 0 },
		{ SP_TTL, 3, F(ttl), 3, 0 },
		{ SP_TOS, 0x10, F(tos), 0x10, 0 },
		{ SP_ID, 0, F(id), 0, 0 },
		{ SP_IPLEN, 20, F(tot_len), 20, SEG_FIX_TOTLEN },
		{ SP_IPSUM, 0xbeef, F(ip_sum), 0xbeef, SEG_FIX_IPSUM },
		{ SP_IHL, 4, F(ihl), 4, SEG_FIX_IHL },
		{ SP_VER, 6, F(ver), 6, SEG_FIX_VER },
		{ SP_PROTO, 17, F(proto), 17, SEG_FIX_PROTO },
		{ SP_FRAG, 100, F(frag), IP_DF | 100, 0 },
		{ SP_DF, 0, F(frag), 0, 0 },
		{ SP_MF, 1, F(frag), IP_DF | IP_MF, 0 },
		{ SP_RF, 1, F(frag), IP_DF | IP_RF, 0 },
		{ SP_SRC, LO(9), F(saddr.v4), LO(9), 0 },
		{ SP_DST, LO(8), F(daddr.v4), LO(8), 0 },
		{ SP_SPORT, 1, F(sport), 1, 0 },
		{ SP_DPORT, 2, F(dport), 2, 0 },
		{ SP_DOFF, 15, F(doff), 15, SEG_FIX_DOFF },
		{ SP_RES, 5, F(res), 5, 0 },
		{ SP_SUM, 0x1234, F(sum), 0x1234, SEG_FIX_TCPSUM },
#undef F
	};
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;
	uint32_t got;
	uint16_t g16;
	size_t i;

	env_init(&env, 1);
	conn_init(&c, TCB_ESTABLISHED, 100, 200, 1, 1, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&sp, 0, sizeof(sp));
		SETV(&sp, cases[i].f, cases[i].v);
		if (build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0,
		    &e) != 0) {
			t_fail(__FILE__, __LINE__, "case %zu: %s", i, e.msg);
			continue;
		}
		got = 0;
		if (cases[i].width == 1)
			got = *((uint8_t *)&s + cases[i].off);
		else if (cases[i].width == 2) {
			memcpy(&g16, (uint8_t *)&s + cases[i].off, 2);
			got = g16;
		} else
			memcpy(&got, (uint8_t *)&s + cases[i].off, 4);
		if (got != cases[i].want || s.fixed != cases[i].fixed)
			t_fail(__FILE__, __LINE__, "case %zu: %#x fixed %#x, "
			    "expected %#x fixed %#x", i, got, s.fixed,
			    cases[i].want, cases[i].fixed);
	}

	/* "cksum bad" / "ipsum bad": computed, then corrupted */
	memset(&sp, 0, sizeof(sp));
	SETV(&sp, SP_SUM, 0);
	sp.sum_bad = 1;
	SETV(&sp, SP_IPSUM, 0);
	sp.ipsum_bad = 1;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.fixed, SEG_BAD_TCPSUM | SEG_BAD_IPSUM);

	/* ip options copied */
	memset(&sp, 0, sizeof(sp));
	sp.set = SP_BIT(SP_IPOPTS);
	sp.ipoptlen = 4;
	memcpy(sp.ipopt, "\x01\x01\x01\x00", 4);
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.ipoptlen, 4);
	T_MEMEQ(s.ipopt, "\x01\x01\x01\x00", 4);
}

TEST(build_range_errors)
{
	static const struct {
		enum sp_field	 f;
		uint32_t	 v;
		const char	*msg;
	} cases[] = {
		{ SP_WIN, 65536, "win 65536 out of range (0..65535)" },
		{ SP_TTL, 256, "ttl 256 out of range (0..255)" },
		{ SP_DOFF, 16, "doff 16 out of range (0..15)" },
		{ SP_FRAG, 0x2000, "frag 8192 out of range (0..8191)" },
		{ SP_FLAGS, 0x100, "flags 256 out of range (0..255)" },
		{ SP_LEN, 70000, "length 70000 out of range (0..65495)" },
	};
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;
	size_t i;

	env_init(&env, 1);
	conn_init(&c, TCB_ESTABLISHED, 100, 200, 1, 1, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&sp, 0, sizeof(sp));
		SETV(&sp, cases[i].f, cases[i].v);
		err_clear(&e);
		if (build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0,
		    &e) != -1)
			t_fail(__FILE__, __LINE__, "case %zu accepted", i);
		else {
			T_STREQ(e.msg, cases[i].msg);
			T_EQ(e.col, 10 + cases[i].f);
		}
	}
}

/* Relative seq/ack map to absolute with the ISNs, across 2^32. */
TEST(build_relative)
{
	static const struct {
		uint32_t	iss, irs;
		int		relative;
		uint32_t	seq, ack;	/* typed */
		uint32_t	wseq, wack;	/* on the wire */
	} cases[] = {
		{ 0xfffffff0u, 0xffffffffu, 1, 0x20, 5, 0x10, 4 },
		{ 0xfffffff0u, 0xffffffffu, 1, 0, 0, 0xfffffff0u,
		  0xffffffffu },
		{ 1000, 2000, 1, 0xffffffffu, 1, 999, 2001 },
		{ 0xfffffff0u, 5, 0, 7, 9, 7, 9 },
	};
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env_init(&env, cases[i].relative);
		conn_init(&c, TCB_ESTABLISHED, cases[i].iss, cases[i].irs, 1,
		    1, 1);
		memset(&sp, 0, sizeof(sp));
		SETV(&sp, SP_SEQ, cases[i].seq);
		SETV(&sp, SP_ACK, cases[i].ack);
		T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL,
		    0, &e), 0);
		if (s.seq != cases[i].wseq || s.ack != cases[i].wack)
			t_fail(__FILE__, __LINE__, "case %zu: seq %#x ack %#x, "
			    "expected %#x %#x", i, s.seq, s.ack,
			    cases[i].wseq, cases[i].wack);
	}
}

TEST(build_options_override)
{
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;

	env_init(&env, 1);
	conn_init(&c, TCB_ESTABLISHED, 0xfffffff0u, 0xfffffffau, 1, 1, 1);
	peer_offers(&c.tcb, 7, 1, 1);
	we_offer(&c.tcb, 7, 1, 1);

	/* the spec's list replaces everything, even the TS */
	memset(&sp, 0, sizeof(sp));
	sp.set = SP_BIT(SP_OPTS);
	sp.nopt = 2;
	sp.opt[0].kind = TCPOPT_MSS;
	sp.opt[0].len = 4;
	sp.opt[0].u.mss = 536;
	sp.opt[1].kind = TCPOPT_SACK;
	sp.opt[1].nsack = 1;
	sp.opt[1].u.sack[0].left = 1;
	sp.opt[1].u.sack[0].right = 0x10;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	/* SACK edges count from the peer's ISN, across the wrap */
	T_STREQ(optstr(&s), "mss 536,sack 4294967291:10");
	T_EQ(s.opt[1].len, 10);
	env.relative = 0;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_STREQ(optstr(&s), "mss 536,sack 1:16");
	env.relative = 1;

	/* an empty list: no options at all */
	sp.nopt = 0;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.nopt, 0);
	T_EQ(s.optlen, 0);

	/* raw bytes */
	memset(&sp, 0, sizeof(sp));
	sp.set = SP_BIT(SP_OPTBYTES);
	sp.optrawlen = 4;
	memcpy(sp.optraw, "\x02\x04\x01\x00", 4);
	T_EQ(build_segment(SK_SYN, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.nopt, 0);
	T_EQ(s.optlen, 4);
	T_MEMEQ(s.optbytes, "\x02\x04\x01\x00", 4);

	/* both, or a pattern's "any": errors */
	sp.set |= SP_BIT(SP_OPTS);
	sp.col[SP_OPTBYTES] = 17;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    -1);
	T_STREQ(e.msg, "give either options or optbytes, not both");
	T_EQ(e.col, 17);
	sp.set = SP_BIT(SP_OPTS);
	sp.opts_any = 1;
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    -1);
}

TEST(build_data)
{
	static uint8_t mine[] = "hello";
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;

	env_init(&env, 1);
	conn_init(&c, TCB_ESTABLISHED, 1, 2, 1, 1, 1);

	T_EQ(build_segment(SK_DATA, &c, NULL, (const uint8_t *)"abc", 3,
	    &env, &s, NULL, 0, &e), 0);
	T_EQ(s.datalen, 3);
	T_MEMEQ(s.data, "abc", 3);
	/* data given to another kind is not sent */
	T_EQ(build_segment(SK_ACK, &c, NULL, (const uint8_t *)"abc", 3,
	    &env, &s, NULL, 0, &e), 0);
	T_EQ(s.datalen, 0);

	/* the spec's data wins, for any kind */
	memset(&sp, 0, sizeof(sp));
	sp.set = SP_BIT(SP_DATA);
	sp.data = mine;
	sp.datalen = 5;
	T_EQ(build_segment(SK_DATA, &c, &sp, (const uint8_t *)"abc", 3, &env,
	    &s, NULL, 0, &e), 0);
	T_ASSERT(s.data == mine && s.datalen == 5);
	T_EQ(build_segment(SK_FIN, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_ASSERT(s.data == mine && s.datalen == 5);
	T_EQ(s.flags, TH_FIN | TH_ACK);

	/* length without data: a visible pattern */
	memset(&sp, 0, sizeof(sp));
	SETV(&sp, SP_LEN, 40);
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.datalen, 40);
	T_MEMEQ(s.data, "abcdefghijklmnopqrstuvwxyz0123456789abcd", 40);
	/* length that disagrees with the data */
	T_EQ(build_segment(SK_DATA, &c, &sp, (const uint8_t *)"abc", 3, &env,
	    &s, NULL, 0, &e), -1);
	T_STREQ(e.msg, "length 40 but the payload has 3 bytes");
	/* length 0: none */
	SETV(&sp, SP_LEN, 0);
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.datalen, 0);

	/* "seq 1:6" as printed: five pattern bytes */
	memset(&sp, 0, sizeof(sp));
	SETV(&sp, SP_SEQ, 0xffffffffu);
	sp.seq_end_set = 1;
	sp.seq_end = 4;
	T_EQ(build_segment(SK_DATA, &c, &sp, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.datalen, 5);
	T_EQ(s.seq, 0);
	T_EQ(build_segment(SK_DATA, &c, &sp, (const uint8_t *)"abc", 3, &env,
	    &s, NULL, 0, &e), -1);

	/* a listener sends nothing */
	c.listening = 1;
	T_EQ(build_segment(SK_ACK, &c, NULL, NULL, 0, &env, &s, NULL, 0, &e),
	    -1);
	T_STREQ(e.msg, "c1 is a listening entry: a peer's SYN creates the "
	    "connection to send on");
}

/* How a segment departs from the TCB, in words. */
TEST(build_departs)
{
	enum { NOSEQ = -1 };
	static const struct {
		enum tcb_state	 st;
		int		 have_irs;
		uint32_t	 nxt;		/* relative SND.NXT */
		int		 fin_sent;
		enum seg_kind	 k;
		int64_t		 seq;		/* override, NOSEQ none */
		int64_t		 ack;
		int		 flags;		/* override, -1 none */
		uint32_t	 len;
		int		 relative;
		const char	*want;
	} cases[] = {
		{ TCB_ESTABLISHED, 1, 1, 0, SK_ACK, NOSEQ, NOSEQ, -1, 0, 1,
		  "" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_ACK, 5, NOSEQ, -1, 0, 1,
		  "seq 5 != SND.NXT 1" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_ACK, 5, 9, -1, 0, 1,
		  "seq 5 != SND.NXT 1; ack 9 != RCV.NXT 1" },
		{ TCB_ESTABLISHED, 1, 11, 0, SK_DATA, 1, NOSEQ, -1, 3, 1,
		  "seq 1 != SND.NXT 11 (a retransmission)" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_ACK, 5, NOSEQ, -1, 0, 0,
		  "seq 5 != SND.NXT 4294967281" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_ACK, NOSEQ, NOSEQ, TH_FIN, 0, 1,
		  "no ACK flag: the peer drops it (RFC 9293)" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_SYN, NOSEQ, NOSEQ, -1, 0, 1,
		  "SYN in ESTABLISHED: the peer answers with a challenge ACK "
		  "(RFC 5961)" },
		{ TCB_ESTABLISHED, 1, 1, 0, SK_RST, NOSEQ, NOSEQ,
		  TH_RST | TH_FIN, 0, 1, "RST with FIN" },
		{ TCB_CLOSED, 0, 0, 0, SK_ACK, NOSEQ, NOSEQ, -1, 0, 1,
		  "no connection (CLOSED): send a SYN first" },
		{ TCB_CLOSED, 0, 0, 0, SK_SYN, 12345, NOSEQ, -1, 0, 1, "" },
		{ TCB_SYN_SENT, 0, 1, 0, SK_SYN, NOSEQ, NOSEQ, -1, 0, 1, "" },
		{ TCB_SYN_SENT, 0, 1, 0, SK_SYN, 5, NOSEQ, -1, 0, 1,
		  "seq 5 != ISS 0" },
		{ TCB_SYN_SENT, 0, 1, 0, SK_DATA, NOSEQ, NOSEQ, -1, 2, 1,
		  "ACK with nothing from the peer to acknowledge; data "
		  "before the handshake completes (SYN-SENT)" },
		{ TCB_SYN_SENT, 0, 1, 0, SK_SYNACK, NOSEQ, NOSEQ, -1, 0, 1,
		  "SYN,ACK but no SYN from the peer to acknowledge" },
		{ TCB_LISTEN, 1, 0, 0, SK_SYNACK, NOSEQ, NOSEQ, -1, 0, 1, "" },
		{ TCB_LISTEN, 1, 0, 0, SK_SYNACK, NOSEQ, 7, -1, 0, 1,
		  "ack 7 != RCV.NXT 1" },
		{ TCB_LISTEN, 1, 0, 0, SK_SYN, NOSEQ, NOSEQ, -1, 0, 1,
		  "SYN without ACK answers the peer's SYN (simultaneous "
		  "open)" },
		{ TCB_LISTEN, 1, 0, 0, SK_RST, NOSEQ, NOSEQ, -1, 0, 1, "" },
		{ TCB_LISTEN, 1, 0, 0, SK_SYNACK, NOSEQ, NOSEQ,
		  TH_SYN | TH_ACK | TH_FIN, 0, 1, "SYN with FIN" },
		{ TCB_FIN_WAIT_1, 1, 2, 1, SK_DATA, NOSEQ, NOSEQ, -1, 3, 1,
		  "data after our FIN" },
		{ TCB_FIN_WAIT_1, 1, 2, 1, SK_FIN, 1, NOSEQ, -1, 0, 1,
		  "seq 1 != SND.NXT 2 (a retransmission)" },
		{ TCB_FIN_WAIT_1, 1, 2, 1, SK_FIN, NOSEQ, NOSEQ, -1, 0, 1,
		  "a second FIN, the first was at seq 1" },
	};
	struct build_env env;
	struct segspec sp;
	struct conn c;
	struct seg s;
	struct errbuf e;
	char dep[160];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env_init(&env, cases[i].relative);
		conn_init(&c, cases[i].st, 0xfffffff0u, 0xfffffff8u,
		    cases[i].have_irs, cases[i].nxt, 1);
		if (cases[i].fin_sent) {
			c.tcb.fin_sent = 1;
			c.tcb.fin_seq = c.tcb.iss + 1;
		}
		memset(&sp, 0, sizeof(sp));
		if (cases[i].seq != NOSEQ)
			SETV(&sp, SP_SEQ, (uint32_t)cases[i].seq);
		if (cases[i].ack != NOSEQ)
			SETV(&sp, SP_ACK, (uint32_t)cases[i].ack);
		if (cases[i].flags >= 0)
			SETV(&sp, SP_FLAGS, (uint32_t)cases[i].flags);
		if (cases[i].len > 0)
			SETV(&sp, SP_LEN, cases[i].len);
		strcpy(dep, "junk");
		if (build_segment(cases[i].k, &c, &sp, NULL, 0, &env, &s, dep,
		    sizeof(dep), &e) != 0) {
			t_fail(__FILE__, __LINE__, "case %zu: %s", i, e.msg);
			continue;
		}
		if (strcmp(dep, cases[i].want) != 0)
			t_fail(__FILE__, __LINE__, "case %zu:\n  got      "
			    "\"%s\"\n  expected \"%s\"", i, dep,
			    cases[i].want);
	}
	/* a short buffer is cut, never overrun */
	env_init(&env, 1);
	conn_init(&c, TCB_ESTABLISHED, 1, 2, 1, 1, 1);
	memset(&sp, 0, sizeof(sp));
	SETV(&sp, SP_SEQ, 5);
	SETV(&sp, SP_ACK, 9);
	memset(dep, 'x', sizeof(dep));
	T_EQ(build_segment(SK_ACK, &c, &sp, NULL, 0, &env, &s, dep, 8, &e),
	    0);
	T_STREQ(dep, "seq 5 !");
	T_EQ(dep[8], 'x');
}

/* A 20-byte header as the encoder would write it, with a right or wrong
 * checksum, for build_needs_link. */
static void
mkhdr(uint8_t h[20], const struct seg *s, int badsum)
{
	uint16_t sum;

	memset(h, 0, 20);
	h[0] = (uint8_t)(s->ver << 4 | s->ihl);
	h[2] = (uint8_t)(s->tot_len >> 8);
	h[3] = (uint8_t)s->tot_len;
	h[4] = (uint8_t)(s->id >> 8);
	h[5] = (uint8_t)s->id;
	h[6] = (uint8_t)(s->frag >> 8);
	h[8] = s->ttl;
	h[9] = s->proto;
	h[12] = (uint8_t)(s->saddr.v4 >> 24);
	h[15] = (uint8_t)s->saddr.v4;
	h[19] = 1;
	h[16] = 127;
	sum = cksum_finish(cksum_add(0, h, 20));
	if (badsum)
		sum ^= 1;
	h[10] = (uint8_t)(sum >> 8);
	h[11] = (uint8_t)sum;
}

TEST(build_needs_link)
{
	static const struct {
		uint8_t		ver, ihl;
		uint16_t	totlen;
		uint16_t	id, frag;
		uint32_t	saddr;
		int		badsum;
		int		want;
	} cases[] = {
		{ 4, 5, 20, 1, 0, LO(1), 0, 0 },
		{ 4, 5, 20, 0, IP_DF, LO(1), 0, 0 },	/* id 0 kept with DF */
		{ 4, 5, 20, 0, 0, LO(1), 0, 1 },	/* raw(7) would pick one */
		{ 4, 5, 999, 1, 0, LO(1), 0, 1 },	/* length rewritten */
		{ 4, 5, 20, 1, 0, LO(1), 1, 1 },	/* checksum rewritten */
		{ 4, 4, 20, 1, 0, LO(1), 0, 1 },	/* refused */
		{ 4, 6, 20, 1, 0, LO(1), 0, 1 },	/* past the packet */
		{ 6, 5, 20, 1, 0, LO(1), 0, 1 },
		{ 4, 5, 20, 1, 0, 0, 0, 1 },		/* source filled in */
	};
	uint8_t h[20];
	struct seg s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		seg_init(&s);
		s.ver = cases[i].ver;
		s.ihl = cases[i].ihl;
		s.tot_len = cases[i].totlen;
		s.id = cases[i].id;
		s.frag = cases[i].frag;
		s.saddr.v4 = cases[i].saddr;
		mkhdr(h, &s, cases[i].badsum);
		if (build_needs_link(&s, h, 20) != cases[i].want)
			t_fail(__FILE__, __LINE__, "case %zu: %d, expected %d",
			    i, build_needs_link(&s, h, 20), cases[i].want);
	}
}

/* What build makes, the TCB takes without complaint: a client's whole
 * life through both, across the wrap. */
TEST(build_then_tcb)
{
	static const enum seg_kind kinds[] = { SK_SYN, SK_ACK, SK_DATA, SK_FIN };
	struct build_env env;
	struct conn c;
	struct seg s, in;
	struct tcb_ev ev;
	struct errbuf e;
	char dep[160];
	size_t i;

	env_init(&env, 1);
	memset(&c, 0, sizeof(c));
	c.laddr.v4 = LO(1);
	c.raddr.v4 = LO(2);
	tcb_init(&c.tcb, TCB_CLIENT, 0xfffffffeu, 65535, 1460, 1000000);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		T_EQ(build_segment(kinds[i], &c, NULL, (const uint8_t *)"hi",
		    2, &env, &s, dep, sizeof(dep), &e), 0);
		T_STREQ(dep, "");
		tcb_on_send(&c.tcb, &s, 0, &ev);
		T_EQ(ev.notes, 0);
		if (kinds[i] == SK_SYN) {
			seg_init(&in);
			in.flags = TH_SYN | TH_ACK;
			in.seq = 0xfffffff0u;
			in.ack = s.seq + 1;
			in.win = 65535;
			in.nopt = 2;
			in.opt[0] = synopts[2];		/* TS */
			in.opt[1] = synopts[4];		/* wscale 7 */
			in.opt[0].u.ts.val = 99;
			tcb_on_recv(&c.tcb, &in, 0, &ev);
			T_EQ(c.tcb.state, TCB_ESTABLISHED);
		}
	}
	T_EQ(c.tcb.state, TCB_FIN_WAIT_1);
	T_EQ(c.tcb.snd_nxt, 0xfffffffeu + 1 + 2 + 1);
	/* the last segment carried the negotiated timestamp */
	T_STREQ(optstr(&s), "nop,nop,TS 777 99");
	T_EQ(s.win, 511);
}
