/* nd.c - IPv6 Neighbor Discovery frames (RFC 4861), built and read
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the two messages a host on a lab link needs: solicitation and
 * advertisement.  Router discovery and redirects stay the kernel's
 * business (a lab has no router on IPv6).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cksum.h"
#include "nd.h"
#include "wr.h"

#define ETH_HL		14
#define IP6_HL		40
#define ND_HL		24	/* type, code, checksum, flags, target */
#define ICMP6		58

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The ICMPv6 checksum: the pseudo-header's addresses are the IPv6
 * header's, side by side at its offset 8, then the upper-layer length
 * and the next header (RFC 8200, 8.1). */
uint16_t
icmp6_sum(const uint8_t *ip6, const uint8_t *icmp, size_t len)
{
	uint32_t sum;

	sum = cksum_add(0, ip6 + 8, 32);
	sum += (uint32_t)len + ICMP6;
	return cksum_finish(cksum_add(sum, icmp, len));
}

size_t
nd_build(uint8_t *f, const uint8_t eth_dst[6], const uint8_t eth_src[6],
    const struct nd_msg *m)
{
	uint8_t *ip6 = f + ETH_HL, *nd = ip6 + IP6_HL;
	size_t len = ND_HL + (m->has_lla ? 8 : 0);

	memset(f, 0, ETH_HL + IP6_HL + len);
	memcpy(f, eth_dst, 6);
	memcpy(f + 6, eth_src, 6);
	f[12] = 0x86;
	f[13] = 0xdd;
	ip6[0] = 0x60;
	wr_be16(ip6 + 4, (uint16_t)len);
	ip6[6] = ICMP6;
	ip6[7] = 255;		/* RFC 4861: proof it never left the link */
	memcpy(ip6 + 8, m->src, 16);
	memcpy(ip6 + 24, m->dst, 16);
	nd[0] = (uint8_t)m->type;
	if (m->type == ND_NA)
		nd[4] = m->flags;
	memcpy(nd + 8, m->target, 16);
	if (m->has_lla) {
		nd[24] = m->type == ND_NS ? 1 : 2;	/* source, target */
		nd[25] = 1;				/* 8 bytes */
		memcpy(nd + 26, m->lla, 6);
	}
	wr_be16(nd + 2, icmp6_sum(ip6, nd, len));
	return ETH_HL + IP6_HL + len;
}

static int
is_unspecified(const uint8_t a[16])
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

/* The link-layer address option of its kind among opt[0..len): 1 with
 * it in m, 0 when there is none, -1 when the options are malformed. */
static int
nd_options(const uint8_t *opt, size_t len, int kind, struct nd_msg *m)
{
	size_t olen;

	while (len > 0) {
		if (len < 2 || opt[1] == 0 || (olen = opt[1] * 8u) > len)
			return -1;
		if (opt[0] == kind && olen == 8 && !m->has_lla) {
			memcpy(m->lla, opt + 2, 6);
			m->has_lla = 1;
		}
		opt += olen;
		len -= olen;
	}
	return m->has_lla;
}

int
nd_parse(const uint8_t *f, size_t caplen, struct nd_msg *m)
{
	const uint8_t *ip6 = f + ETH_HL, *nd = ip6 + IP6_HL;
	size_t plen;

	if (caplen < ETH_HL + IP6_HL + 1 || be16(f + 12) != 0x86dd ||
	    (ip6[0] >> 4) != 6 || ip6[6] != ICMP6 ||
	    (nd[0] != ND_NS && nd[0] != ND_NA))
		return 0;
	memset(m, 0, sizeof(*m));
	plen = be16(ip6 + 4);
	if (plen < ND_HL || caplen < ETH_HL + IP6_HL + plen ||
	    ip6[7] != 255 || nd[1] != 0 || icmp6_sum(ip6, nd, plen) != 0 ||
	    nd[8] == 0xff)
		return -1;
	m->type = nd[0];
	memcpy(m->src, ip6 + 8, 16);
	memcpy(m->dst, ip6 + 24, 16);
	memcpy(m->target, nd + 8, 16);
	if (m->type == ND_NA)
		m->flags = nd[4] & (ND_NA_ROUTER | ND_NA_SOLICITED |
		    ND_NA_OVERRIDE);
	if (nd_options(nd + ND_HL, plen - ND_HL, m->type == ND_NS ? 1 : 2,
	    m) < 0)
		return -1;
	/* 7.1.1: from :: only to a solicited-node group, and no address
	 * option; 7.1.2: a solicited advertisement is not multicast */
	if (m->type == ND_NS && is_unspecified(m->src) && (m->has_lla ||
	    m->dst[0] != 0xff))
		return -1;
	if (m->type == ND_NA && (m->flags & ND_NA_SOLICITED) &&
	    m->dst[0] == 0xff)
		return -1;
	return 1;
}

void
nd_solicited(const uint8_t a[16], uint8_t out[16])
{
	memset(out, 0, 16);
	out[0] = 0xff;
	out[1] = 0x02;
	out[11] = 0x01;
	out[12] = 0xff;
	memcpy(out + 13, a + 13, 3);
}

void
nd_mcast_mac(const uint8_t a[16], uint8_t mac[6])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, a + 12, 4);
}
