/* pktpatch.c - in-place field rewrites with incremental checksums
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), on each 16-bit word that
 * changes.  It is exact in one's complement, so the result equals a full
 * recomputation, and a checksum that was off by d stays off by d.
 *
 * IPv6 has no header checksum and no id; its hop limit is byte 7, and
 * the TCP checksum's pseudo-header holds the addresses, which no patch
 * changes, so a port or a sequence number costs the same as on IPv4.
 */
#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "pktpatch.h"
#include "seg.h"
#include "wr.h"

#define IP_SUMOFF	10
#define TCP_SUMOFF	16
#define IP6_HDRLEN	40
#define PP_MAXEXT	8	/* more than SEG_MAXEXT: a chain the wire
				 * brought back, replayed */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint16_t
pktpatch_adjust(uint16_t sum, uint16_t old, uint16_t new_)
{
	uint32_t x;

	x = (uint32_t)(uint16_t)~sum + (uint16_t)~old + new_;
	x = (x & 0xffff) + (x >> 16);
	x = (x & 0xffff) + (x >> 16);
	return (uint16_t)~x;
}

/* The TCP header past the IPv6 header and its extension chain.  A
 * later fragment has none; a first one does, and its checksum field is
 * the whole segment's, so it patches as any other. */
static int
init6(struct pktpatch *pp, const uint8_t *pkt, size_t len, struct errbuf *e)
{
	size_t off = IP6_HDRLEN, hl;
	uint8_t nxt;
	int i;

	if (len < IP6_HDRLEN)
		return err_set(e, 0, "not an IPv6 packet");
	nxt = pkt[6];
	for (i = 0; i < PP_MAXEXT && nxt != 6; i++) {
		if (nxt != IP6_NXT_HOPOPTS && nxt != IP6_NXT_ROUTING &&
		    nxt != IP6_NXT_FRAG && nxt != IP6_NXT_DSTOPTS)
			return err_set(e, 0, "not TCP (next header %u)", nxt);
		if (off + 8 > len)
			return err_set(e, 0, "the extension chain runs past "
			    "the packet (%zu bytes)", len);
		if (nxt == IP6_NXT_FRAG &&
		    ((pkt[off + 2] << 8 | pkt[off + 3]) & 0xfff8) != 0)
			return err_set(e, 0, "a later fragment has no TCP "
			    "header to patch");
		hl = nxt == IP6_NXT_FRAG ? 8 : ((size_t)pkt[off + 1] + 1) * 8;
		nxt = pkt[off];
		off += hl;
	}
	if (nxt != 6)
		return err_set(e, 0, "more than %d extension headers",
		    PP_MAXEXT);
	if (off + 20 > len)
		return err_set(e, 0, "no whole TCP header after the IPv6 "
		    "header (%zu bytes)", len);
	pp->th = off;
	pp->v6 = 1;
	return 0;
}

int
pktpatch_init(struct pktpatch *pp, const uint8_t *pkt, size_t len,
    int keep_tcpsum, int keep_ipsum, struct errbuf *e)
{
	size_t ihl;

	pp->tcpsum = keep_tcpsum;
	pp->ipsum = keep_ipsum;
	pp->v6 = 0;
	if (len >= 1 && pkt[0] >> 4 == 6)
		return init6(pp, pkt, len, e);
	if (len < 20 || pkt[0] >> 4 != 4)
		return err_set(e, 0, "not an IPv4 or IPv6 packet");
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (ihl < 20 || ihl + 20 > len)
		return err_set(e, 0, "no whole TCP header after the IP header "
		    "(ihl %zu, %zu bytes)", ihl / 4, len);
	if (pkt[9] != 6)
		return err_set(e, 0, "not TCP (protocol %u)", pkt[9]);
	pp->th = ihl;
	return 0;
}

/* Where each field lives: byte offset and whether it is in the TCP
 * header (covered by the TCP checksum) or the IP header. */
static size_t
field_off(const struct pktpatch *pp, enum pp_field f, int *in_tcp)
{
	*in_tcp = 1;
	switch (f) {
	case PP_SPORT:
		return pp->th;
	case PP_DPORT:
		return pp->th + 2;
	case PP_SEQ:
		return pp->th + 4;
	case PP_ACK:
		return pp->th + 8;
	case PP_WIN:
		return pp->th + 14;
	case PP_ID:
		*in_tcp = 0;
		return 4;
	case PP_TTL:
		*in_tcp = 0;
		return pp->v6 ? 7 : 8;
	case PP_NFIELDS:
		break;
	}
	*in_tcp = 0;
	return 0;
}

static void
set_word(const struct pktpatch *pp, uint8_t *pkt, size_t off, int in_tcp,
    uint16_t v)
{
	uint16_t old = get16(pkt + off);
	size_t sumoff;

	if (old == v)
		return;
	wr_be16(pkt + off, v);
	if (in_tcp ? !pp->tcpsum : !pp->ipsum)
		return;
	sumoff = in_tcp ? pp->th + TCP_SUMOFF : IP_SUMOFF;
	wr_be16(pkt + sumoff, pktpatch_adjust(get16(pkt + sumoff), old, v));
}

void
pktpatch_set(const struct pktpatch *pp, uint8_t *pkt, enum pp_field f,
    uint32_t v)
{
	size_t off;
	int in_tcp;

	off = field_off(pp, f, &in_tcp);
	if (pp->v6 && f == PP_ID)
		return;		/* IPv6 has none */
	if (pp->v6 && f == PP_TTL) {
		pkt[off] = (uint8_t)v;	/* no header checksum */
		return;
	}
	switch (f) {
	case PP_SEQ:
	case PP_ACK:
		set_word(pp, pkt, off, in_tcp, (uint16_t)(v >> 16));
		set_word(pp, pkt, off + 2, in_tcp, (uint16_t)v);
		break;
	case PP_TTL:
		/* ttl shares its word with the protocol byte */
		set_word(pp, pkt, off, in_tcp,
		    (uint16_t)((v & 0xff) << 8 | pkt[off + 1]));
		break;
	case PP_NFIELDS:
		break;
	default:
		set_word(pp, pkt, off, in_tcp, (uint16_t)v);
		break;
	}
}

uint32_t
pktpatch_get(const struct pktpatch *pp, const uint8_t *pkt, enum pp_field f)
{
	size_t off;
	int in_tcp;

	off = field_off(pp, f, &in_tcp);
	if (pp->v6 && f == PP_ID)
		return 0;
	switch (f) {
	case PP_SEQ:
	case PP_ACK:
		return (uint32_t)get16(pkt + off) << 16 | get16(pkt + off + 2);
	case PP_TTL:
		return pkt[off];
	case PP_NFIELDS:
		return 0;
	default:
		return get16(pkt + off);
	}
}
