/* test_vars.c - named values: capture, $NAME.FIELD substitution, checks,
 * and the arguments of replay and of expect ... as NAME */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"
#include "print.h"
#include "seg.h"
#include "t.h"
#include "tnet.h"
#include "vars.h"

/* A SYN-ACK from 127.0.0.1:20000 with ISN 1000, acking our ISS 5000 */
static void
synack(struct seg *g)
{
	seg_init(g);
	g->saddr.v4 = 0x7f000001;
	g->daddr.v4 = 0x7f000002;
	g->sport = 20000;
	g->dport = 40001;
	g->seq = 1000;
	g->ack = 5001;
	g->flags = TH_SYN | TH_ACK;
	g->win = 65483;
	g->nopt = 2;
	g->opt[0].kind = TCPOPT_MSS;
	g->opt[0].u.mss = 65495;
	g->opt[1].kind = TCPOPT_TS;
	g->opt[1].u.ts.val = 77;
	g->opt[1].u.ts.ecr = 9;
}

static char *
expand(struct vars *v, const char *line, int check, struct errbuf *e)
{
	char *out = NULL;

	err_clear(e);
	if (vars_expand(v, line, check, &out, e) != 0)
		return NULL;
	return out;
}

/* line expands to want (check: the script's check, with stand-ins) */
#define T_EXPANDS(v, line, check, want) do {				\
	struct errbuf e_;						\
	char *x_ = expand((v), (line), (check), &e_);			\
	if (x_ == NULL)							\
		t_fail(__FILE__, __LINE__, "%s: %s", (line), e_.msg);	\
	else								\
		T_STREQ(x_, (want));					\
	free(x_);							\
} while (0)

TEST(vars_capture_and_expand)
{
	struct vars *v = vars_new();
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct seg g;
	char buf[32];

	synack(&g);
	T_EQ(vars_capture(v, "sa", &g, &pc), 0);
	T_EXPANDS(v, "ack ack $sa.seq+1 win $sa.win # $sa.nope", 0,
	    "ack ack 1 win 65483 # $sa.nope");
	T_EXPANDS(v, "connect $sa.src:$sa.sport; send \"$sa.seq\" $$", 0,
	    "connect 127.0.0.1:20000; send \"$sa.seq\" $");
	T_EXPANDS(v, "x $sa.rawseq $sa.rawack-1 $sa.mss $sa.tsval $sa.flags",
	    0, "x 1000 5000 65495 77 S.");
	/* the notation's "length", and "len" as scripts wrote it before */
	T_EXPANDS(v, "x $sa.length $sa.len+2 $sa.window $sa.dst", 0,
	    "x 0 2 65483 127.0.0.2");
	T_EQ(vars_get(v, "sa", "ack", buf, sizeof(buf)), 0);
	T_STREQ(buf, "1");
	T_EQ(vars_get(v, "sa", "length", buf, sizeof(buf)), 0);
	T_STREQ(buf, "0");
	T_EQ(vars_get(v, "sa", "options", buf, sizeof(buf)), -1);
	T_EQ(vars_get(v, "sa", "wscale", buf, sizeof(buf)), -1);
	vars_free(v);
}

/* An IPv6 segment's addresses, and an ICMPv6 error's sender: the text
 * of the address, in brackets where an endpoint needs them */
TEST(vars_ipv6_addresses)
{
	static const uint8_t one[16] = { [15] = 1 };
	static const uint8_t peer[16] = { 0xfd, 0x74, [15] = 2 };
	static const uint8_t rtr[16] = { 0xfd, 0x74, 0, 1, [15] = 1 };
	struct vars *v = vars_new();
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct ipaddr r6 = ipaddr_v6(rtr), r4 = ipaddr_v4(0x0a4d0101);
	struct seg g;
	char buf[64];

	synack(&g);
	g.ver = 6;
	g.saddr = ipaddr_v6(peer);
	g.daddr = ipaddr_v6(one);
	T_EQ(vars_capture(v, "sa", &g, &pc), 0);
	T_EXPANDS(v, "connect [$sa.src]:$sa.sport from [$sa.dst]:1", 0,
	    "connect [fd74::2]:20000 from [::1]:1");
	T_EQ(vars_get(v, "sa", "src", buf, sizeof(buf)), 0);
	T_STREQ(buf, "fd74::2");
	T_EQ(vars_get(v, "sa", "from", buf, sizeof(buf)), -1);
	T_EQ(vars_put_addr(v, "sa", "from", &r6), 0);
	T_EQ(vars_get(v, "sa", "from", buf, sizeof(buf)), 0);
	T_STREQ(buf, "fd74:1::1");
	T_EQ(vars_put_addr(v, "sa", "mtu", &r6), -1);	/* no address */
	T_EQ(vars_put_addr(v, "sa", "from", &r4), 0);	/* the last wins */
	T_EQ(vars_get(v, "sa", "from", buf, sizeof(buf)), 0);
	T_STREQ(buf, "10.77.1.1");
	T_EQ(vars_put_addr(v, "nobody", "from", &r6), -1);
	/* captured again from an IPv4 segment: numbers again */
	synack(&g);
	T_EQ(vars_capture(v, "sa", &g, &pc), 0);
	T_EQ(vars_put_addr(v, "sa", "from", &r4), 0);
	T_EXPANDS(v, "x $sa.src $sa.from", 0,
	    "x 127.0.0.1 10.77.1.1");
	/* the script's check: a stand-in of the family the brackets say */
	vars_declare(v, "d");
	T_EXPANDS(v, "connect [$d.src]:80; connect $d.src:80", 1,
	    "connect [::1]:80; connect 127.0.0.1:80");
	vars_free(v);
}

TEST(vars_errors)
{
	struct vars *v = vars_new();
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct errbuf e;
	struct seg g;

	T_ASSERT(expand(v, "ack ack $x.seq", 0, &e) == NULL);
	T_EQ(e.col, 9);
	T_ASSERT(strstr(e.msg, "$x is not defined") != NULL);
	T_ASSERT(expand(v, "ack $", 0, &e) == NULL);
	T_ASSERT(expand(v, "ack $x", 0, &e) == NULL);
	T_ASSERT(strstr(e.msg, "needs a field") != NULL);
	vars_declare(v, "x");
	T_ASSERT(expand(v, "ack ack $x.bogus", 1, &e) == NULL);
	T_EQ(e.col, 12);
	T_ASSERT(strstr(e.msg, "no field 'bogus' (flags seq ack ") != NULL);
	T_ASSERT(strstr(e.msg, " length ") != NULL);
	T_ASSERT(strstr(e.msg, " tsecr mtu from)") != NULL);
	/* a notation field that is no value of a segment */
	T_ASSERT(expand(v, "ack ack $x.options", 1, &e) == NULL);
	T_ASSERT(expand(v, "ack ack $x.flags+1", 1, &e) == NULL);
	T_ASSERT(strstr(e.msg, "no arithmetic on flags") != NULL);
	T_EXPANDS(v, "send $x.flags $x.len", 1,
	    "send . 1");
	/* declared: the check passes with stand-ins, a run does not */
	T_EXPANDS(v, "connect $x.src:$x.sport", 1,
	    "connect 127.0.0.1:1");
	T_ASSERT(expand(v, "ack ack $x.seq", 0, &e) == NULL);
	T_ASSERT(strstr(e.msg, "has no value") != NULL);
	synack(&g);
	g.nopt = 0;
	vars_capture(v, "x", &g, &pc);
	T_ASSERT(expand(v, "ack $x.tsval", 0, &e) == NULL);
	T_ASSERT(strstr(e.msg, "no TS option") != NULL);
	T_ASSERT(expand(v, "connect $x.src+1:80", 0, &e) == NULL);
	T_EQ(vars_has_ref("send \"$a\" # $b"), 0);
	T_EQ(vars_has_ref("ack ack $a.seq"), 1);
	vars_free(v);
}

TEST(cmd_expect_as_and_replay_args)
{
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("expect S. as syn1 within 1s", &c, &e), 0);
	T_STREQ(c.name, "syn1");
	T_EQ(c.have_dur, 1);
	T_EQ(c.ekind, EX_SEGMENT);
	cmd_free(&c);
	T_EQ(parse("expect S. within 1s as syn1", &c, &e), 0);
	T_STREQ(c.name, "syn1");
	T_EQ(c.dur_us, 1000000);
	cmd_free(&c);
	T_EQ(parse("expect none as x", &c, &e), -1);
	T_EQ(e.col, 13);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap server on 7000 --realtime", &c, &e), 0);
	T_STREQ(c.path, "a.pcap");
	T_STREQ(c.key, "server");
	T_EQ(c.port, 7000);
	T_EQ(c.addr.v4, 0x7f000001);
	T_EQ(c.realtime, 1);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap to 127.0.0.2:80", &c, &e), 0);
	T_STREQ(c.key, "client");
	T_EQ(c.addr.v4, 0x7f000002);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap sideways", &c, &e), -1);
	T_EQ(e.col, 15);
	cmd_free(&c);
	T_EQ(parse("include other.tc", &c, &e), 0);
	T_EQ(c.id, C_INCLUDE);
	cmd_free(&c);
}
