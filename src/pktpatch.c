/* pktpatch.c - in-place field rewrites with incremental checksums
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), on each 16-bit word that
 * changes.  It is exact in one's complement, so the result equals a full
 * recomputation, and a checksum that was off by d stays off by d.
 */
#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "pktpatch.h"
#include "wr.h"

#define IP_SUMOFF	10
#define TCP_SUMOFF	16

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

int
pktpatch_init(struct pktpatch *pp, const uint8_t *pkt, size_t len,
    int keep_tcpsum, int keep_ipsum, struct errbuf *e)
{
	size_t ihl;

	if (len < 20 || pkt[0] >> 4 != 4)
		return err_set(e, 0, "not an IPv4 packet");
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (ihl < 20 || ihl + 20 > len)
		return err_set(e, 0, "no whole TCP header after the IP header "
		    "(ihl %zu, %zu bytes)", ihl / 4, len);
	if (pkt[9] != 6)
		return err_set(e, 0, "not TCP (protocol %u)", pkt[9]);
	pp->th = ihl;
	pp->tcpsum = keep_tcpsum;
	pp->ipsum = keep_ipsum;
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
		return 8;
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
