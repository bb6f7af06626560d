/* test_conn6.c - an IPv6 connection's endpoints as commands take them
 * (-6 included) and its segments as build makes them */
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"
#include "t.h"
#include "tnet.h"
#include "wire.h"

static const uint8_t one6[16] = { [15] = 1 };

/* line parses; its address is want (af and bytes) and its port port */
static void
endpoint_is(const char *line, const struct ipaddr *want, uint16_t port)
{
	struct errbuf e;
	struct cmd c;
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	if (parse(line, &c, &e) != 0) {
		t_fail(__FILE__, __LINE__, "%s: %s", line, e.msg);
		return;
	}
	if (!ipaddr_eq(&c.addr, want) || c.port != port)
		t_fail(__FILE__, __LINE__, "%s: %s port %u, expected %s port "
		    "%u", line, ipaddr_str(&c.addr, a, sizeof(a)), c.port,
		    ipaddr_str(want, b, sizeof(b)), port);
	cmd_free(&c);
}

TEST(conn6_endpoints)
{
	struct ipaddr lo4 = ipaddr_v4(0x7f000001), lo6 = ipaddr_v6(one6);
	struct errbuf e;
	struct cmd c;

	endpoint_is("connect [::1]:20000", &lo6, 20000);
	endpoint_is("connect localhost6:9", &lo6, 9);
	endpoint_is("connect localhost:9", &lo4, 9);
	/* the unspecified address of either family is no destination */
	T_EQ(parse("connect [::]:80", &c, &e), -1);
	T_STREQ(e.msg, "connect needs a destination address and a port "
	    "other than 0");
	T_EQ(parse("connect 0.0.0.0:80", &c, &e), -1);
	/* listen: no address, 0.0.0.0 or ::: loopback of that family */
	endpoint_is("listen 7000", &lo4, 7000);
	endpoint_is("listen 0.0.0.0:7000", &lo4, 7000);
	endpoint_is("listen [::]:7000", &lo6, 7000);
	endpoint_is("listen [::1]:7000", &lo6, 7000);
	/* from [ADDR]:PORT */
	T_EQ(parse("connect [::1]:20000 from [::1]:40000", &c, &e), 0);
	T_EQ(c.have_from, 1);
	T_ASSERT(ipaddr_eq(&c.from_addr, &lo6));
	T_EQ(c.from_port, 40000);
	cmd_free(&c);
	/* -6: localhost and a bare listen port mean ::1 */
	cmd_prefer_ipv6(1);
	endpoint_is("connect localhost:9", &lo6, 9);
	endpoint_is("listen 7000", &lo6, 7000);
	endpoint_is("connect 127.0.0.1:9", &lo4, 9);
	cmd_prefer_ipv6(0);
	endpoint_is("listen 7000", &lo4, 7000);
}

TEST(conn6_endpoint_str)
{
	struct ipaddr lo4 = ipaddr_v4(0x7f000001), lo6 = ipaddr_v6(one6);
	char buf[CMD_EPSTRLEN];

	T_STREQ(cmd_endpoint_str(&lo4, 20000, buf, sizeof(buf)),
	    "127.0.0.1:20000");
	T_STREQ(cmd_endpoint_str(&lo6, 40000, buf, sizeof(buf)),
	    "[::1]:40000");
}

/* ipaddr_str's own dotted quad against inet_ntop's, every octet width
 * included, and a buffer too small for it left to inet_ntop */
TEST(ipaddr_str_v4)
{
	static const uint32_t fixed[] = { 0, 0x7f000001, 0xffffffff,
	    0x0a000009, 0x0a0a0a0a, 0x63646465, 0xc0a80001, 0x01020304 };
	char a[IPADDR_STRLEN], b[INET_ADDRSTRLEN], small[8];
	struct ipaddr ip;
	struct in_addr in;
	uint32_t v = 0x9e3779b9;
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]) + 5000; i++) {
		if (i < sizeof(fixed) / sizeof(fixed[0]))
			ip = ipaddr_v4(fixed[i]);
		else {
			v = v * 1103515245u + 12345u;
			ip = ipaddr_v4(v);
		}
		in.s_addr = htonl(ip.v4);
		inet_ntop(AF_INET, &in, b, sizeof(b));
		T_STREQ(ipaddr_str(&ip, a, sizeof(a)), b);
	}
	ip = ipaddr_v4(0x7f000001);
	T_STREQ(ipaddr_str(&ip, small, sizeof(small)), "?");
}

static void
conn6(struct conn *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "c1");
	c->laddr = ipaddr_v6(one6);
	c->raddr = ipaddr_v6(one6);
	c->lport = 40000;
	c->rport = 20000;
	tcb_init(&c->tcb, TCB_CLIENT, 1000, 65535, 1440, 1000000);
}

TEST(conn6_build)
{
	struct build_env env;
	struct tcpopt mss;
	struct conn c;
	struct seg s;
	struct errbuf e;
	uint8_t pkt[WIRE_MAXPKT], *big;
	size_t len;

	conn6(&c);
	memset(&env, 0, sizeof(env));
	memset(&mss, 0, sizeof(mss));
	mss.kind = TCPOPT_MSS;
	mss.len = 4;
	mss.u.mss = 1440;
	env.synopts = &mss;
	env.nsynopts = 1;
	T_EQ(build_segment(SK_SYN, &c, NULL, NULL, 0, &env, &s, NULL, 0, &e),
	    0);
	T_EQ(s.ver, 6);
	T_EQ(s.ttl, 64);		/* the hop limit */
	T_EQ(s.saddr.af, AF_INET6);
	T_EQ(wire_encode(&s, pkt, sizeof(pkt), &len, &e), 0);
	T_EQ(len, 40 + 24);
	T_EQ(pkt[0] >> 4, 6);
	T_EQ(pkt[6], 6);		/* next header: TCP */
	T_EQ(pkt[7], 64);
	T_MEMEQ(pkt + 8, one6, 16);
	T_MEMEQ(pkt + 24, one6, 16);
	/* the raw IPv6 socket sends the header as it is */
	T_EQ(build_needs_link(&s, pkt, len), 0);
	T_EQ(build_needs_link(&s, pkt, 39), 1);

	/* a packet of ours is at most 65535 bytes: 65535 - 60 of payload,
	 * which encodes */
	if ((big = calloc(1, 65476)) == NULL)
		return;
	c.tcb.state = TCB_ESTABLISHED;
	T_EQ(build_segment(SK_DATA, &c, NULL, big, 65476, &env, &s, NULL, 0,
	    &e), -1);
	T_STREQ(e.msg, "payload of 65476 bytes (at most 65475 on IPv6: a "
	    "packet of 65535 bytes less 60 of headers)");
	T_EQ(build_segment(SK_DATA, &c, NULL, big, 65475, &env, &s, NULL, 0,
	    &e), 0);
	T_EQ(wire_encode(&s, pkt, sizeof(pkt), &len, &e), 0);
	T_EQ(len, 65535);
	free(big);
}
