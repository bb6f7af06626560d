/* test_pdscript.c - the packetdrill script reader: every statement kind,
 * errors with line and column, and the sequence/TS mapping */
#include "t.h"

#include "pdcfg.h"
#include "pdmap.h"
#include "pdpkt.h"
#include "pdscript.h"
#include "wire.h"

static const char full[] =
    "// a comment\n"
    "--tolerance_usecs=10000\n"
    "--local_ip=192.168.0.1\n"
    "/* a block\n   comment */\n"
    "`../common/defaults.sh`\n"
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n"
    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
    "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
    "+0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>\n"
    "+.1 < S. 0:0(0) ack 1 win 65535 <mss 1400,nop,wscale 6>\n"
    "* > . 1:1(0) ack 1\n"
    ".3~.5 > P. 1:11(10) ack 1 <...>\n"
    "+.1~+.2 > F. 11:11(0) ack 1 win 229 urg 0\n"
    "+0...0.200 read(3, ..., 1000) = 1000\n"
    "+0 < . 1:1(0) ack 11 win 257 <sack 1:2 3:4,nop,nop>\n"
    "+0 poll([{fd=3, events=POLLIN, revents=0}], 1, 0) = 0\n"
    "+0 ioctl(3, SIOCINQ, [0]) = 0\n"
    "+0 `echo hi`\n"
    "+0 %{ assert tcpi_ca_state == 0, tcpi_ca_state }%\n"
    "1 < - 0:0(0) win 0\n"
    "`echo cleanup`\n";

TEST(pdscript_every_kind)
{
	struct pd_script sc;
	struct pd_err e;
	struct pd_event *ev;

	T_EQ(pd_script_parse(full, &sc, &e), 0);
	if (e.msg[0])
		printf("%d:%d: %s\n", e.line, e.col, e.msg);
	T_EQ(sc.nopt, 2);
	T_STREQ(sc.opt[0].name, "tolerance_usecs");
	T_STREQ(sc.opt[0].value, "10000");
	T_STREQ(sc.opt[1].value, "192.168.0.1");
	T_STREQ(sc.init_cmd, "../common/defaults.sh");
	T_STREQ(sc.cleanup_cmd, "echo cleanup");
	T_EQ(sc.nev, 16);
	if (sc.nev != 16) {
		pd_script_free(&sc);
		return;
	}
	ev = &sc.ev[0];
	T_EQ(ev->kind, PDE_SYSCALL);
	T_EQ(ev->line, 7);
	T_STREQ(ev->sc.name, "socket");
	T_EQ(ev->sc.nargs, 3);
	T_EQ(ev->sc.args[0]->kind, PDX_ELLIPSIS);
	T_EQ(ev->sc.result->num, 3);
	ev = &sc.ev[1];
	T_EQ(ev->sc.args[3]->kind, PDX_STRUCT);
	T_EQ(ev->sc.args[3]->nkid, 2);
	T_EQ(ev->sc.args[3]->kid[0]->kind, PDX_ASSIGN);
	T_STREQ(ev->sc.args[3]->kid[0]->text, "onoff");
	T_EQ(sc.ev[2].sc.args[2]->kind, PDX_OR);
	T_EQ(sc.ev[3].sc.result->num, -1);
	T_STREQ(sc.ev[3].sc.err, "EINPROGRESS");
	ev = &sc.ev[4];
	T_EQ(ev->kind, PDE_PACKET);
	T_EQ(ev->pkt.inbound, 0);
	T_EQ(ev->pkt.flags, TH_SYN);
	T_EQ(ev->pkt.nopt, 5);
	T_EQ(ev->pkt.opt[2].kind, TCPOPT_TS);
	T_EQ(ev->pkt.opt[2].u.ts.val, 100);
	T_EQ(ev->pkt.opt[4].u.wscale, 7);
	ev = &sc.ev[5];
	T_EQ(ev->time, PDT_REL);
	T_EQ(ev->t_us, 100000);
	T_EQ(ev->pkt.inbound, 1);
	T_EQ(ev->pkt.flags, TH_SYN | TH_ACK);
	T_EQ(ev->pkt.ack, 1);
	T_EQ(ev->pkt.win, 65535);
	T_EQ(sc.ev[6].time, PDT_ANY);
	ev = &sc.ev[7];
	T_EQ(ev->time, PDT_ABS_RANGE);
	T_EQ(ev->t_us, 300000);
	T_EQ(ev->t_end_us, 500000);
	T_EQ(ev->pkt.len, 10);
	T_ASSERT(ev->pkt.has & PDP_ANYOPT);
	ev = &sc.ev[8];
	T_EQ(ev->time, PDT_REL_RANGE);
	T_EQ(ev->t_end_us, 200000);
	T_ASSERT(ev->pkt.has & PDP_URG);
	ev = &sc.ev[9];
	T_EQ(ev->sc.blocking, 1);
	T_EQ(ev->sc.end_us, 200000);
	T_EQ(ev->sc.end_type, PDT_REL);
	ev = &sc.ev[10];
	T_EQ(ev->pkt.opt[0].nsack, 2);
	T_EQ(ev->pkt.opt[0].u.sack[1].right, 4);
	T_EQ(sc.ev[11].sc.args[0]->kind, PDX_LIST);
	T_EQ(sc.ev[11].sc.args[0]->kid[0]->kind, PDX_STRUCT);
	T_EQ(sc.ev[12].sc.args[2]->kid[0]->num, 0);
	T_EQ(sc.ev[13].kind, PDE_SHELL);
	T_STREQ(sc.ev[13].text, "echo hi");
	T_EQ(sc.ev[14].kind, PDE_CODE);
	T_STREQ(sc.ev[14].text, "assert tcpi_ca_state == 0, tcpi_ca_state");
	T_EQ(sc.ev[15].pkt.flags, 0);
	T_EQ(sc.ev[15].time, PDT_ABS);
	T_EQ(sc.ev[15].t_us, 1000000);
	pd_script_free(&sc);
}

static void
err_at(const char *text, int line, int col, int unsupported,
    const char *want)
{
	struct pd_script sc;
	struct pd_err e;

	T_EQ(pd_script_parse(text, &sc, &e), -1);
	T_EQ(e.line, line);
	T_EQ(e.col, col);
	T_EQ(e.unsupported, unsupported);
	if (strstr(e.msg, want) == NULL)
		t_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"",
		    e.msg, want);
	pd_script_free(&sc);
}

TEST(pdscript_errors)
{
	err_at("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 > S 0:1(0) <mss 1460>\n", 2, 8, 0, "inconsistent");
	err_at("0 socket(..., SOCK_STREAM, IPPROTO_TCP = 3\n", 2, 1, 0,
	    "expected ')'");
	err_at("0 < S 0:0(0) win 1\n+0 > S. 0:0(0) ack 1 <mss 1460,foo>\n", 2, 32,
	    0, "unknown TCP option");
	err_at("0 < S 0:0(0) win 1 <FO abcd>\n", 1, 21, 1, "Fast Open");
	err_at("0 < udp (10)\n", 1, 5, 1, "udp");
	err_at("0 < S 0:0(0) win 1\n* < . 1:1(0) ack 1 win 1\n", 2, 1, 0, "outbound");
	err_at("0.1 < S 0:0(0) win 1\n", 1, 1, 0, "time 0");
	err_at("+.1 < S 0:0(0) win 1\n", 1, 1, 0, "time 0");
	err_at("0 < SX 0:0(0)\n", 1, 5, 0, "bad TCP flag 'X'");
	err_at("0 < S 0:0(0) win 1\n+0 > S. 0:0(0) ack 1 <mss 99999>\n", 2, 27, 0,
	    "out of range");
	err_at("0 `echo\n", 1, 3, 0, "unterminated");
	err_at("/* open\n", 1, 1, 0, "unterminated");
	err_at("0 < S 0:0(0) win 1\n99999999999999999999999 < . 1:1(0) win 1\n",
	    2, 1, 0, "too large");
	err_at("0 < S 0:0(0) win 1\n99999999999999999999.5 < . 1:1(0) win 1\n",
	    2, 1, 0, "too large");
	err_at("0 < S 0:0(0) <mss 1000>\n", 1, 14, 0, "window");
}

TEST(pdscript_flags_and_msghdr)
{
	struct pd_script sc;
	struct pd_err e;
	const struct pd_expr *x;

	T_EQ(pd_script_parse("--strict_segments\n--mss=1000\n"
	    "--local_ip=fd::1\n"
	    "+0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{iov_base=...,"
	    " iov_len=10}], msg_flags=0}, 0) = 10\n", &sc, &e), 0);
	T_EQ(sc.nopt, 3);
	T_STREQ(sc.opt[0].name, "strict_segments");
	T_STREQ(sc.opt[0].value, "1");
	T_STREQ(sc.opt[1].value, "1000");
	T_STREQ(sc.opt[2].value, "fd::1");
	T_EQ(sc.nev, 1);
	x = sc.ev[0].sc.args[1];
	T_EQ(x->kind, PDX_STRUCT);
	T_EQ(x->nkid, 3);
	T_EQ(x->kid[1]->kind, PDX_ASSIGN);
	T_STREQ(x->kid[1]->text, "msg_iov");
	T_EQ(x->kid[1]->kid[0]->kind, PDX_LIST);
	T_EQ(x->kid[1]->kid[1]->num, 1);
	pd_script_free(&sc);
}

TEST(pdscript_packet_str)
{
	struct pd_script sc;
	struct pd_err e;
	char b[128];

	T_EQ(pd_script_parse("0 > S. 0:0(0) ack 1 win 100 <mss 1460,"
	    "sackOK,TS val 1 ecr 2,nop,wscale 7,sack 1:2>\n", &sc, &e), 0);
	T_STREQ(pd_packet_str(&sc.ev[0].pkt, b, sizeof(b)),
	    "S. 0:0(0) ack 1 win 100 <mss 1460,sackOK,TS val 1 ecr 2,nop,"
	    "wscale 7,sack 1:2>");
	pd_script_free(&sc);
}

TEST(pdmap_seq_wrap)
{
	struct pdmap m;

	pdmap_init(&m);
	/* before any SYN: the wire's numbers */
	T_EQ(pdmap_local_to_script(&m, 77, 0), 77);
	T_EQ(pdmap_remote_to_live(&m, 77, 0), 77);
	/* the script's SYN says 1234, the kernel's ISN is near 2^32 */
	pdmap_learn_isn(&m, 1234, 0xfffffff0u);
	T_EQ(pdmap_local_to_script(&m, 0xfffffff0u, 1), 1234);
	T_EQ(pdmap_local_to_live(&m, 1234, 1), 0xfffffff0u);
	/* every other number counts from the live ISN, wrapping */
	T_EQ(pdmap_local_to_script(&m, 0xfffffff1u, 0), 1);
	T_EQ(pdmap_local_to_script(&m, 0x00000010u, 0), 0x20);
	T_EQ(pdmap_local_to_live(&m, 0x20, 0), 0x10);
	T_EQ(pdmap_local_to_live(&m, 1, 0), 0xfffffff1u);
	/* an ack on the remote's SYN-ACK: the SYN's offset */
	T_EQ(pdmap_local_to_live(&m, 1235, 1), 0xfffffff1u);
	/* the remote's: its SYN as written, the rest relative to it */
	pdmap_remote_isn(&m, 0xffffff00u);
	T_EQ(pdmap_remote_to_live(&m, 0xffffff00u, 1), 0xffffff00u);
	T_EQ(pdmap_remote_to_live(&m, 0x101, 0), 1);
	T_EQ(pdmap_remote_to_script(&m, 1, 0), 0x101);
	T_EQ(pdmap_remote_to_script(&m, 1, 1), 1);
}

TEST(pdmap_timestamps)
{
	struct pdmap m;
	uint32_t live;

	pdmap_init(&m);
	T_EQ(pdmap_ts_in(&m, 100, &live), -1);
	T_EQ(pdmap_ts_in(&m, 0, &live), 0);
	T_EQ(live, 0);
	/* the first outbound TS val anchors the script's space */
	T_EQ(pdmap_ts_out(&m, 100, 0xfffffffeu), 100);
	T_EQ(pdmap_ts_out(&m, 200, 3), 105);	/* 5 ticks later, wrapped */
	T_EQ(pdmap_ts_in(&m, 100, &live), 0);
	T_EQ(live, 0xfffffffeu);
	T_EQ(pdmap_ts_in(&m, 200, &live), 0);
	T_EQ(live, 3);
	pdmap_ts_out(&m, 100, 7);		/* the newest one wins */
	T_EQ(pdmap_ts_in(&m, 100, &live), 0);
	T_EQ(live, 7);
}

TEST(pdcfg_flags)
{
	struct pdcfg c;
	char msg[200];

	pdcfg_init(&c);
	T_EQ(c.tol_us, 4000);
	T_EQ(c.bind_port, 8080);
	T_EQ(pdcfg_set(&c, "tolerance_usecs", "10000"), 0);
	T_EQ(c.tol_us, 10000);
	T_EQ(pdcfg_set(&c, "tolerance_usecs", "ten"), -1);
	T_EQ(pdcfg_set(&c, "local_ip", "10.0.0.2"), 0);
	T_EQ(pdcfg_set(&c, "remote_ip", "300.0.0.1"), -1);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv4"), 0);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv5"), -1);
	T_EQ(pdcfg_set(&c, "strict_segments", "1"), 0);
	T_EQ(c.strict, 1);
	T_EQ(pdcfg_set(&c, "wire_client", "1"), 1);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), 0);
	T_EQ(c.laddr.af, AF_INET);
	T_EQ(c.laddr.v4, 0x0a000002u);
	T_EQ(c.raddr.v4, 0xc0000201u);	/* 192.0.2.1/24 */
	T_EQ(c.rplen, 24);
	T_EQ(c.lplen, 16);
	T_EQ(pdcfg_domain(&c), AF_INET);
	T_EQ(pdcfg_mss(&c), 1460);
}

/* --ip_version=ipv6: packetdrill's ULA and documentation prefixes, IPv6
 * sockets, the MSS the MTU leaves after 60 bytes of headers. */
TEST(pdcfg_ipv6)
{
	struct pdcfg c;
	struct ipaddr a, b;
	char msg[200], s[IPADDR_STRLEN];

	pdcfg_init(&c);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv6"), 0);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), 0);
	T_STREQ(ipaddr_str(&c.laddr, s, sizeof(s)), "fd3d:fa7b:d17d::1");
	T_STREQ(ipaddr_str(&c.raddr, s, sizeof(s)), "2001:db8::1");
	T_EQ(c.lplen, 48);
	T_EQ(c.rplen, 32);
	T_EQ(pdcfg_domain(&c), AF_INET6);
	a = pdcfg_sockaddr(&c, 0);
	T_ASSERT(ipaddr_eq(&a, &c.raddr));
	T_EQ(pdcfg_mss(&c), 1440);
	T_EQ(pdcfg_set(&c, "mtu", "1520"), 0);
	T_EQ(pdcfg_mss(&c), 1460);
	/* packetdrill's address/prefix form, either order of the flags */
	pdcfg_init(&c);
	T_EQ(pdcfg_set(&c, "remote_ip", "fd3d:fa7b:d17d::1/64"), 0);
	T_EQ(pdcfg_set(&c, "local_ip", "fd3d:a0b:17d6::1"), 0);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv6"), 0);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), 0);
	T_EQ(c.rplen, 64);
	T_EQ(ipaddr_parse("fd3d:a0b:17d6::1", AF_INET6, &b), 0);
	T_ASSERT(ipaddr_eq(&c.laddr, &b));
	T_EQ(pdcfg_set(&c, "remote_ip", "2001:db8::1/129"), -1);
	T_EQ(pdcfg_set(&c, "local_ip", "2001:db8::1/64"), -1);
	/* an address of the other family */
	pdcfg_init(&c);
	T_EQ(pdcfg_set(&c, "local_ip", "192.168.0.1"), 0);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv6"), 0);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), -1);
	T_ASSERT(strstr(msg, "--local_ip is not an IPv6 address") != NULL);
	pdcfg_init(&c);
	T_EQ(pdcfg_set(&c, "remote_ip", "2001:db8::1"), 0);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), -1);
	T_ASSERT(strstr(msg, "--remote_ip is not an IPv4 address") != NULL);
}

/* ipv4-mapped-ipv6: IPv4 on the wire, IPv6 sockets on ::ffff:a.b.c.d. */
TEST(pdcfg_mapped)
{
	struct pdcfg c;
	struct ipaddr a;
	char msg[200], s[IPADDR_STRLEN];

	pdcfg_init(&c);
	T_EQ(pdcfg_set(&c, "ip_version", "ipv4-mapped-ipv6"), 0);
	T_EQ(pdcfg_finish(&c, msg, sizeof(msg)), 0);
	T_EQ(c.laddr.af, AF_INET);
	T_EQ(c.laddr.v4, 0xc0a80001u);
	T_EQ(pdcfg_domain(&c), AF_INET6);
	a = pdcfg_sockaddr(&c, 1);
	T_STREQ(ipaddr_str(&a, s, sizeof(s)), "::ffff:192.168.0.1");
	a = pdcfg_sockaddr(&c, 0);
	T_STREQ(ipaddr_str(&a, s, sizeof(s)), "::ffff:192.0.2.1");
	T_EQ(pdcfg_mss(&c), 1460);
}

/* One '>' line of text as the script's packet. */
static void
line_pkt(const char *text, struct pd_packet *p)
{
	struct pd_script sc;
	struct pd_err e;

	memset(p, 0, sizeof(*p));
	T_EQ(pd_script_parse(text, &sc, &e), 0);
	if (sc.nev == 1)
		*p = sc.ev[0].pkt;
	pd_script_free(&sc);
}

TEST(pdpkt_compare_fields)
{
	struct pd_packet want, got;
	char msg[200];

	line_pkt("0 > S. 0:0(0) ack 1 <mss 1460,sackOK,TS val 100 ecr 7,"
	    "nop,wscale 7>\n", &want);
	got = want;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), 0);
	/* the TS ecr is never compared, the val only with a tick */
	got.opt[2].u.ts.ecr = 9;
	got.opt[2].u.ts.val = 103;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), 0);
	T_EQ(pdpkt_compare(&want, &got, 3, msg, sizeof(msg)), 0);
	T_EQ(pdpkt_compare(&want, &got, 2, msg, sizeof(msg)), -1);
	T_ASSERT(strstr(msg, "TS val") != NULL);
	got = want;
	got.opt[4].u.wscale = 8;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), -1);
	T_STREQ(msg, "TCP option 5: expected wscale 7, got wscale 8");
	got = want;
	got.flags = TH_SYN;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), -1);
	T_STREQ(msg, "TCP flags: expected S., got S");
	got = want;
	got.urg = 5;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), -1);
	T_ASSERT(strstr(msg, "urgent pointer") != NULL);
	/* no win on the line: any window */
	got = want;
	got.win = 1234;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), 0);
	/* <...>: any options */
	line_pkt("0 > . 1:1(0) ack 1 <...>\n", &want);
	got = want;
	got.has &= ~PDP_ANYOPT;
	got.nopt = 1;
	got.opt[0].kind = TCPOPT_NOP;
	got.opt[0].len = 1;
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), 0);
	/* no option list: none */
	line_pkt("0 > . 1:1(0) ack 1\n", &want);
	T_EQ(pdpkt_compare(&want, &got, -1, msg, sizeof(msg)), -1);
	T_STREQ(msg, "TCP options: expected 0, got 1");
}

TEST(pdpkt_inbound_mapped)
{
	struct pd_packet p;
	struct pdconn c;
	struct seg g;
	char msg[200];
	static const uint8_t zeros[16];

	memset(&c, 0, sizeof(c));
	c.laddr = ipaddr_v4(0xc0a80001u);
	c.raddr = ipaddr_v4(0xc0000201u);
	c.lport = 8080;
	c.rport = 40000;
	pdmap_init(&c.map);
	line_pkt("0 < S 999000:999000(0) win 100 <mss 1000>\n", &p);
	T_EQ(pdpkt_inbound(&p, &c, 0, zeros, &g, msg, sizeof(msg)), 0);
	T_EQ(g.seq, 999000);
	T_EQ(g.saddr.v4, 0xc0000201u);
	T_EQ(g.dport, 8080);
	/* the kernel's SYN-ACK seen: ISN 5000, the script's 0 */
	pdmap_learn_isn(&c.map, 0, 5000);
	line_pkt("0 < . 1:11(10) ack 1 win 100 <nop,nop,TS val 5 ecr 100>\n",
	    &p);
	T_EQ(pdpkt_inbound(&p, &c, 0, zeros, &g, msg, sizeof(msg)), -1);
	T_ASSERT(strstr(msg, "TS ecr 100") != NULL);
	(void)pdmap_ts_out(&c.map, 100, 777);
	T_EQ(pdpkt_inbound(&p, &c, 0, zeros, &g, msg, sizeof(msg)), 0);
	T_EQ(g.seq, 999001);		/* relative to the remote's ISN */
	T_EQ(g.ack, 5001);		/* relative to the kernel's */
	T_EQ(g.opt[2].u.ts.ecr, 777);
	T_EQ(g.datalen, 10);
}

/* An IPv6 connection's '<' line: an IPv6 segment, which encodes with
 * version 6 and the addresses in its header. */
TEST(pdpkt_inbound_ipv6)
{
	static const uint8_t l6[16] = { 0xfd, 0x3d, 0xfa, 0x7b, 0xd1, 0x7d,
	    [15] = 1 };
	static const uint8_t r6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t zeros[16];
	struct pd_packet p;
	struct pdconn c;
	struct seg g, d;
	struct errbuf e;
	uint8_t buf[256];
	size_t len;
	char msg[200];

	memset(&c, 0, sizeof(c));
	c.laddr = ipaddr_v6(l6);
	c.raddr = ipaddr_v6(r6);
	c.lport = 8080;
	c.rport = 40000;
	pdmap_init(&c.map);
	line_pkt("0 < S 0:0(0) win 65535 <mss 1440,sackOK,nop,nop>\n", &p);
	T_EQ(pdpkt_inbound(&p, &c, 0, zeros, &g, msg, sizeof(msg)), 0);
	T_ASSERT(SEG_IS6(&g));
	T_EQ(wire_encode(&g, buf, sizeof(buf), &len, &e), 0);
	T_EQ(buf[0] >> 4, 6);
	T_EQ(len, 40 + 20 + 8);
	T_EQ(wire_decode(buf, len, &d), 0);
	T_ASSERT(ipaddr_eq(&d.saddr, &c.raddr));
	T_ASSERT(ipaddr_eq(&d.daddr, &c.laddr));
	T_EQ(d.dport, 8080);
	T_EQ(d.opt[0].u.mss, 1440);
}
