/* test_labconf.c - the lab configuration: statements, prefixes, limits */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "t.h"

#include "errbuf.h"
#include "labconf.h"

static int
parse(struct labconf *lc, const char *text, struct errbuf *e)
{
	FILE *f;
	int rc;

	err_clear(e);
	if ((f = fmemopen((void *)(uintptr_t)text, strlen(text), "r")) == NULL)
		return -2;
	rc = labconf_read(lc, f, e);
	fclose(f);
	return rc;
}

TEST(labconf_empty_is_defaults)
{
	struct labconf lc;
	struct errbuf e;

	T_EQ(parse(&lc, "", &e), 0);
	T_EQ(lc.nlabs, 0);
	T_EQ(lc.flood_count, LABCONF_FLOOD_COUNT);
	T_EQ(lc.flood_rate, LABCONF_FLOOD_RATE);
	T_EQ(lc.probe_count, LABCONF_PROBE_COUNT);
	T_EQ(lc.probe_rate, LABCONF_PROBE_RATE);
	T_EQ(labconf_src_ok(&lc, "eth0", IPADDR4(0x0a000001)), 0);
}

TEST(labconf_labs_and_limits)
{
	struct labconf lc;
	struct errbuf e;

	T_EQ(parse(&lc, "# a comment\n\n  lab tclab0 10.77.0.0/24 # scripts/"
	    "lab\nlab eth1 192.168.50.0/25\t192.168.60.7/32\nlab tclab0 "
	    "10.78.0.0/16\nflood-count 50\nflood-rate 20\nprobe-count 3\n"
	    "probe-rate 2\n", &e), 0);
	T_EQ(lc.nlabs, 2);
	T_ASSERT(labconf_lab(&lc, "tclab0") != NULL);
	T_ASSERT(labconf_lab(&lc, "tclab") == NULL);
	T_ASSERT(labconf_lab(&lc, "eth0") == NULL);
	T_EQ(labconf_lab(&lc, "tclab0")->npfx, 2);
	T_EQ(labconf_src_ok(&lc, "tclab0", IPADDR4(0x0a4d000a)), 1);	/* .10 */
	T_EQ(labconf_src_ok(&lc, "tclab0", IPADDR4(0x0a4d00ff)), 1);
	T_EQ(labconf_src_ok(&lc, "tclab0", IPADDR4(0x0a4d0100)), 0);	/* next /24 */
	T_EQ(labconf_src_ok(&lc, "tclab0", IPADDR4(0x0a4e0505)), 1);	/* 2nd line */
	T_EQ(labconf_src_ok(&lc, "eth1", IPADDR4(0x0a4d000a)), 0);	/* other lab */
	T_EQ(labconf_src_ok(&lc, "eth1", IPADDR4(0xc0a8327f)), 1);	/* .127 */
	T_EQ(labconf_src_ok(&lc, "eth1", IPADDR4(0xc0a83280)), 0);	/* .128: /25 */
	T_EQ(labconf_src_ok(&lc, "eth1", IPADDR4(0xc0a83c07)), 1);	/* the /32 */
	T_EQ(labconf_src_ok(&lc, "eth1", IPADDR4(0xc0a83c08)), 0);
	T_EQ(lc.flood_count, 50);
	T_EQ(lc.flood_rate, 20);
	T_EQ(lc.probe_count, 3);
	T_EQ(lc.probe_rate, 2);
}

TEST(labconf_errors_name_the_line)
{
	static const struct {
		const char	*text, *msg;
	} bad[] = {
		{ "lab eth0\n", "line 1: lab IFACE PREFIX..." },
		{ "\nlab eth0 10.0.0.1/24\n",
		    "line 2: prefix 10.0.0.1/24 has host bits set" },
		{ "lab eth0 10.0.0.0\n", "line 1: '10.0.0.0' is not A.B.C.D/LEN" },
		{ "lab eth0 10.0.0.0/33\n",
		    "line 1: '10.0.0.0/33' is not A.B.C.D/LEN" },
		{ "lab eth0 10.0.256.0/24\n",
		    "line 1: '10.0.256.0/24' is not A.B.C.D/LEN" },
		{ "lab eth0 10.0.0.0/24x\n",
		    "line 1: '10.0.0.0/24x' is not A.B.C.D/LEN" },
		{ "lab eth0 10..0.0/24\n",
		    "line 1: '10..0.0/24' is not A.B.C.D/LEN" },
		{ "lab a/b 10.0.0.0/8\n", "line 1: 'a/b' is not an interface name" },
		{ "lab abcdefghijklmnop 10.0.0.0/8\n",
		    "line 1: 'abcdefghijklmnop' is not an interface name" },
		{ "flood-count\n", "line 1: flood-count takes a number, 1 to 10000000" },
		{ "flood-count 0\n", "line 1: flood-count takes a number, 1 to 10000000" },
		{ "flood-rate 10000001\n", "line 1: flood-rate takes a number, 1 to 10000000" },
		{ "probe-count -1\n", "line 1: probe-count takes a number, 1 to 100000" },
		{ "probe-rate 5 6\n", "line 1: probe-rate takes a number, 1 to 1000000" },
		{ "lab eth0 10.0.0.0/8\nallow all\n", "line 2: unknown statement "
		    "'allow' (lab, flood-count, flood-rate, probe-count, probe-rate)" },
	};
	struct labconf lc;
	struct errbuf e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ(parse(&lc, bad[i].text, &e), -1);
		T_STREQ(e.msg, bad[i].msg);
	}
}

TEST(labconf_nul_and_long_lines)
{
	static const char nul[] = "lab eth0 10.0.0.0/8\0 # hidden\n";
	char longl[LABCONF_MAXLINE + 10];
	struct labconf lc;
	struct errbuf e;
	FILE *f;

	f = fmemopen((void *)(uintptr_t)nul, sizeof(nul) - 1, "r");
	T_ASSERT(f != NULL);
	T_EQ(labconf_read(&lc, f, &e), -1);
	T_STREQ(e.msg, "line 1: a NUL byte");
	fclose(f);
	memset(longl, ' ', sizeof(longl) - 1);
	longl[sizeof(longl) - 1] = '\0';
	T_EQ(parse(&lc, longl, &e), -1);
	T_STREQ(e.msg, "line 1: longer than 1023 bytes");
}

TEST(labconf_prefixes)
{
	struct labconf_pfx p;
	struct errbuf e;

	T_EQ(labconf_pfx_parse("0.0.0.0/0", &p, &e), 0);
	T_EQ(labconf_pfx_has(&p, IPADDR4(0xffffffff)), 1);
	T_EQ(labconf_pfx_parse("10.1.2.3/32", &p, &e), 0);
	T_EQ(labconf_pfx_has(&p, IPADDR4(0x0a010203)), 1);
	T_EQ(labconf_pfx_has(&p, IPADDR4(0x0a010202)), 0);
	T_EQ(labconf_pfx_parse("10.1.2.3/", &p, &e), -1);
	T_EQ(labconf_pfx_parse("/8", &p, &e), -1);
	T_EQ(labconf_pfx_parse("1.2.3.4.5/8", &p, &e), -1);
}

TEST(labconf_limits)
{
	struct labconf lc;
	struct errbuf e;

	labconf_init(&lc);
	T_EQ(labconf_flood_ok(&lc, 1000, 1000, &e), 0);
	T_EQ(labconf_flood_ok(&lc, 1001, 10, &e), -1);
	T_STREQ(e.msg, "count 1001 is over the limit of 1000 packets "
	    "(flood-count)");
	T_EQ(labconf_flood_ok(&lc, 10, 0, &e), -1);
	T_STREQ(e.msg, "no rate (as fast as it can) is over the limit of "
	    "1000 packets/s (flood-rate): give rate N, at most that");
	T_EQ(labconf_flood_ok(&lc, 10, 1001, &e), -1);
	T_EQ(labconf_probe_ok(&lc, 20, 100000, &e), 0);
	T_EQ(labconf_probe_ok(&lc, 21, 100000, &e), -1);
	T_STREQ(e.msg, "count 21 is over the limit of 20 probes (probe-count)");
	T_EQ(labconf_probe_ok(&lc, 5, 99999, &e), -1);
	T_STREQ(e.msg, "an interval under 100000 us is over the limit of 10 "
	    "probes/s (probe-rate)");
}

TEST(labconf_print_limits)
{
	struct labconf lc;
	struct errbuf e;
	char buf[1024];
	FILE *f;

	T_EQ(parse(&lc, "lab tclab0 10.77.0.0/24 10.78.0.0/16\n", &e), 0);
	f = fmemopen(buf, sizeof(buf), "w");
	T_ASSERT(f != NULL);
	labconf_print(f, &lc);
	fclose(f);
	T_ASSERT(strstr(buf, "lab tclab0: --src in 10.77.0.0/24 "
	    "10.78.0.0/16\n") != NULL);
	T_ASSERT(strstr(buf, "flood: at most 1000 packets, 1000 packets/s\n")
	    != NULL);
}

/* An IPv6 literal as the tests write it. */
static const struct ipaddr *
a6(const char *s)
{
	static struct ipaddr a;

	if (ipaddr_parse(s, AF_INET6, &a) != 0)
		memset(&a, 0, sizeof(a));
	return &a;
}

TEST(labconf_ipv6_prefixes)
{
	struct labconf lc;
	struct labconf_pfx p;
	struct errbuf e;

	T_EQ(parse(&lc, "lab tclab0 10.77.0.0/24 fd74:6363::/64\n"
	    "lab eth1 2001:db8:0:80::/57 fd00::1/128\n", &e), 0);
	T_EQ(labconf_src_ok(&lc, "tclab0", a6("fd74:6363::5")), 1);
	T_EQ(labconf_src_ok(&lc, "tclab0", a6("fd74:6363::ffff:1")), 1);
	T_EQ(labconf_src_ok(&lc, "tclab0", a6("fd74:6363:0:1::5")), 0);
	T_EQ(labconf_src_ok(&lc, "tclab0", IPADDR4(0x0a4d0005)), 1);
	/* a family is not the other's: ::a4d:5 is not 10.77.0.5 */
	T_EQ(labconf_src_ok(&lc, "tclab0", a6("::a4d:5")), 0);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("2001:db8:0:80::1")), 1);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("2001:db8:0:ff::1")), 1);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("2001:db8:0:100::1")), 0);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("2001:db8:0:7f::1")), 0);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("fd00::1")), 1);
	T_EQ(labconf_src_ok(&lc, "eth1", a6("fd00::2")), 0);
	T_EQ(labconf_pfx_parse("::/0", &p, &e), 0);
	T_EQ(labconf_pfx_has(&p, a6("ff02::1")), 1);
	T_EQ(labconf_pfx_has(&p, IPADDR4(0)), 0);
}

TEST(labconf_ipv6_errors)
{
	static const struct {
		const char	*text, *msg;
	} bad[] = {
		{ "lab eth0 fd74:6363::1/64\n",
		    "line 1: prefix fd74:6363::1/64 has host bits set" },
		{ "lab eth0 2001:db8:0:c0::/57\n",
		    "line 1: prefix 2001:db8:0:c0::/57 has host bits set" },
		{ "lab eth0 fd74::\n", "line 1: 'fd74::' is not IPV6/LEN" },
		{ "lab eth0 fd74::/129\n", "line 1: 'fd74::/129' is not IPV6/LEN" },
		{ "lab eth0 fd74::/\n", "line 1: 'fd74::/' is not IPV6/LEN" },
		{ "lab eth0 /64\n", "line 1: '/64' is not A.B.C.D/LEN" },
		{ "lab eth0 fd74:::1/64\n", "line 1: 'fd74:::1/64' is not IPV6/LEN" },
		{ "lab eth0 [fd74::]/64\n", "line 1: '[fd74::]/64' is not IPV6/LEN" },
		{ "lab eth0 fe80::%eth0/64\n",
		    "line 1: 'fe80::%eth0/64' is not IPV6/LEN" },
		{ "lab eth0 fd74::/64x\n", "line 1: 'fd74::/64x' is not IPV6/LEN" },
	};
	struct labconf lc;
	struct errbuf e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ(parse(&lc, bad[i].text, &e), -1);
		T_STREQ(e.msg, bad[i].msg);
	}
}

TEST(labconf_print_ipv6)
{
	struct labconf lc;
	struct errbuf e;
	char buf[1024];
	FILE *f;

	T_EQ(parse(&lc, "lab tclab0 10.77.0.0/24 fd74:6363:0:0::/64\n", &e),
	    0);
	f = fmemopen(buf, sizeof(buf), "w");
	T_ASSERT(f != NULL);
	labconf_print(f, &lc);
	fclose(f);
	/* the IPv4 line as it always was, IPv6's on a line of its own */
	T_ASSERT(strstr(buf, "lab tclab0: --src in 10.77.0.0/24\n"
	    "lab tclab0: --src in fd74:6363::/64\n") != NULL);
}
