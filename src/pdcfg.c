/* pdcfg.c - the settings of a packetdrill run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdcfg.h"

#define PD_MTU		1500	/* the tun driver's */

void
pdcfg_init(struct pdcfg *c)
{
	memset(c, 0, sizeof(*c));
	c->tol_us = 4000;
	c->tol_pct = 12.5;
	c->ipver = PD_IPV4;
	c->lplen = -1;
	c->rplen = -1;
	c->bind_port = 8080;
	c->connect_port = 8080;
	c->prefix = "";
}

/* An address of either family, with an optional /N (packetdrill's
 * --remote_ip=2001:DB8::1/32); *plen -1 without one. */
static int
addr(const char *s, struct ipaddr *a, int *plen)
{
	char buf[IPADDR_STRLEN + 8], *sl, *end;
	long n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	*plen = -1;
	if ((sl = strchr(buf, '/')) != NULL) {
		*sl++ = '\0';
		n = strtol(sl, &end, 10);
		if (*end != '\0' || end == sl || n < 0)
			return -1;
		*plen = (int)n;
	}
	if (ipaddr_parse(buf, 0, a) != 0)
		return -1;
	if (*plen > (a->af == AF_INET6 ? 128 : 32))
		return -1;
	return 0;
}

static int
num(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	*v = strtoll(s, &end, 0);
	return *end != '\0' || end == s || *v < lo || *v > hi ? -1 : 0;
}

static int
ipver(const char *s, int *v)
{
	if (strcmp(s, "ipv4") == 0)
		*v = PD_IPV4;
	else if (strcmp(s, "ipv4-mapped-ipv6") == 0)
		*v = PD_IPV4_MAPPED;
	else if (strcmp(s, "ipv6") == 0)
		*v = PD_IPV6;
	else
		return -1;
	return 0;
}

int
pdcfg_set(struct pdcfg *c, const char *name, const char *value)
{
	long long v;
	char *end;
	int plen;

	if (strcmp(name, "tolerance_usecs") == 0) {
		if (num(value, 0, 100000000, &v) != 0)
			return -1;
		c->tol_us = v;
	} else if (strcmp(name, "tolerance_percent") == 0) {
		c->tol_pct = strtod(value, &end);
		if (*end != '\0' || c->tol_pct < 0 || c->tol_pct > 100)
			return -1;
	} else if (strcmp(name, "mss") == 0 || strcmp(name, "mtu") == 0) {
		if (num(value, 0, 65535, &v) != 0)
			return -1;
		if (name[1] == 's')
			c->mss = (int)v;
		else
			c->mtu = (int)v;
	} else if (strcmp(name, "local_ip") == 0) {
		/* the local prefix is the version's (packetdrill's
		 * --netmask_ip, not taken here, would change it) */
		if (addr(value, &c->laddr, &plen) != 0 || plen >= 0)
			return -1;
	} else if (strcmp(name, "remote_ip") == 0)
		return addr(value, &c->raddr, &c->rplen);
	else if (strcmp(name, "bind_port") == 0 ||
	    strcmp(name, "connect_port") == 0) {
		if (num(value, 1, 65535, &v) != 0)
			return -1;
		if (name[0] == 'b')
			c->bind_port = (uint16_t)v;
		else
			c->connect_port = (uint16_t)v;
	} else if (strcmp(name, "ip_version") == 0)
		return ipver(value, &c->ipver);
	else if (strcmp(name, "strict_segments") == 0)
		c->strict = 1;
	else if (strcmp(name, "tcp_ts_ecr_scaled") == 0)
		c->ecr_scaled = 1;
	else if (strcmp(name, "tcp_ts_tick_usecs") == 0) {
		if (num(value, 0, 1000000000, &v) != 0)
			return -1;
		c->ts_tick_us = v;
	} else
		return 1;
	return 0;
}

int
pdcfg_finish(struct pdcfg *c, char *msg, size_t cap)
{
	/* fd3d:fa7b:d17d::1, a ULA (RFC 4193), and 2001:db8::1, the
	 * documentation prefix (RFC 3849): packetdrill's IPv6 ranges */
	static const uint8_t l6[16] = { 0xfd, 0x3d, 0xfa, 0x7b, 0xd1, 0x7d,
	    [15] = 1 };
	static const uint8_t r6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	int af = c->ipver == PD_IPV6 ? AF_INET6 : AF_INET;

	if (c->laddr.af == 0)
		c->laddr = af == AF_INET6 ? ipaddr_v6(l6) :
		    ipaddr_v4(0xc0a80001u);		/* 192.168.0.1 */
	if (c->raddr.af == 0)
		c->raddr = af == AF_INET6 ? ipaddr_v6(r6) :
		    ipaddr_v4(0xc0000201u);		/* 192.0.2.1 */
	if (c->lplen < 0)
		c->lplen = af == AF_INET6 ? 48 : 16;
	if (c->rplen < 0)
		c->rplen = af == AF_INET6 ? 32 : 24;
	if (c->laddr.af != af || c->raddr.af != af) {
		snprintf(msg, cap, "--%s_ip is not an %s address (the wire's "
		    "family under --ip_version=%s)", c->laddr.af != af ?
		    "local" : "remote", af == AF_INET6 ? "IPv6" : "IPv4",
		    c->ipver == PD_IPV6 ? "ipv6" : c->ipver == PD_IPV4 ?
		    "ipv4" : "ipv4-mapped-ipv6");
		return -1;
	}
	return 0;
}

int
pdcfg_domain(const struct pdcfg *c)
{
	return c->ipver == PD_IPV4 ? AF_INET : AF_INET6;
}

struct ipaddr
pdcfg_mapped(uint32_t v4)
{
	uint8_t b[16] = { [10] = 0xff, [11] = 0xff };

	b[12] = (uint8_t)(v4 >> 24);
	b[13] = (uint8_t)(v4 >> 16);
	b[14] = (uint8_t)(v4 >> 8);
	b[15] = (uint8_t)v4;
	return ipaddr_v6(b);
}

struct ipaddr
pdcfg_sockaddr(const struct pdcfg *c, int local)
{
	const struct ipaddr *a = local ? &c->laddr : &c->raddr;

	return c->ipver == PD_IPV4_MAPPED ? pdcfg_mapped(a->v4) : *a;
}

int
pdcfg_mss(const struct pdcfg *c)
{
	return (c->mtu > 0 ? c->mtu : PD_MTU) - (c->ipver == PD_IPV6 ? 60 :
	    40);
}
