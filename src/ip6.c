/* ip6.c - the IPv6 header and its extension-header chain (RFC 8200)
 *
 * Decoding walks the chain through the bounded reader, keeping each
 * header it knows (hop-by-hop, routing, fragment, destination options)
 * and the bytes of all of them; a header that lies about its length, or
 * a chain that breaks RFC 8200's rules, is annotated and the segment is
 * not one a TCB may learn from.  Encoding builds what a lab needs to show:
 * options headers padded with PadN, a routing header, a fragment header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cksum.h"
#include "ip6.h"
#include "wr.h"

#define PAD1	0	/* the one-byte option */
#define PADN	1

static int
is_ext(uint8_t nxt)
{
	return nxt == IP6_NXT_HOPOPTS || nxt == IP6_NXT_ROUTING ||
	    nxt == IP6_NXT_FRAG || nxt == IP6_NXT_DSTOPTS;
}

const char *
ip6_ext_name(uint8_t type)
{
	switch (type) {
	case IP6_NXT_HOPOPTS:	return "hop-by-hop";
	case IP6_NXT_ROUTING:	return "routing";
	case IP6_NXT_FRAG:	return "fragment";
	case IP6_NXT_DSTOPTS:	return "destination options";
	}
	return NULL;
}

/* ---- encoding ---- */

static long
ext_len(const struct ip6ext *x, struct errbuf *e)
{
	if (x->type == IP6_NXT_FRAG)
		return 8;
	if (!is_ext(x->type))
		return err_set(e, 0, "next header %u is no extension header",
		    x->type);
	if (x->len == 0)
		return 8;
	if (x->len % 8 != 0 || x->len > 2048)
		return err_set(e, 0, "%s header of %u bytes: a multiple of "
		    "8 up to 2048", ip6_ext_name(x->type), x->len);
	return x->len;
}

long
ip6_chain_len(const struct seg *s, struct errbuf *e)
{
	long n, total = 0;
	unsigned i;

	if (s->next > SEG_MAXEXT)
		return err_set(e, 0, "%u extension headers (max %d)",
		    s->next, SEG_MAXEXT);
	for (i = 0; i < s->next; i++) {
		if ((n = ext_len(&s->ext[i], e)) < 0)
			return -1;
		total += n;
	}
	return total;
}

/* n bytes of Pad1/PadN options at p (zeroed by the caller).  Linux drops
 * a header with more than 7 bytes of padding in a row (RFC 4942 2.1.9.5):
 * a header longer than 8 bytes, all padding, shows that in a lab. */
static void
pad_fill(uint8_t *p, size_t n)
{
	size_t k;

	while (n > 1) {
		k = n > 257 ? 257 : n;
		if (n - k == 1)
			k--;		/* leave 2 for one more PadN */
		p[0] = PADN;
		p[1] = (uint8_t)(k - 2);
		p += k;
		n -= k;
	}
}

/* One header at p, len bytes, its next header nxt. */
static void
ext_write(const struct ip6ext *x, uint8_t *p, size_t len, uint8_t nxt)
{
	memset(p, 0, len);
	p[0] = nxt;
	if (x->type == IP6_NXT_FRAG) {
		wr_be16(p + 2, (uint16_t)(x->fragoff << 3 | (x->mf ? 1 : 0)));
		wr_be32(p + 4, x->ident);
		return;
	}
	p[1] = (uint8_t)(len / 8 - 1);
	if (x->type == IP6_NXT_ROUTING) {
		p[2] = x->rtype;
		p[3] = x->segleft;
		return;
	}
	/* options: padding over the bytes after the first 2; a PadN holds
	 * at most 255 bytes of zeros, so a long header takes several, and
	 * a lone byte left over is a Pad1 (already 0) */
	pad_fill(p + 2, len - 2);
}

void
ip6_encode(struct seg *s, uint8_t *buf, size_t chainlen, size_t ulen)
{
	uint8_t *p = buf + IP6HDR;
	unsigned i;
	size_t len;

	if (!(s->fixed & SEG_FIX_VER))
		s->ver = 6;
	if (!(s->fixed & SEG_FIX_PLEN))
		s->plen = (uint16_t)(chainlen + ulen);
	if (!(s->fixed & SEG_FIX_NXT))
		s->nxt = s->next > 0 ? s->ext[0].type : s->proto;
	wr_be32(buf, (uint32_t)(s->ver & 0x0f) << 28 |
	    (uint32_t)s->tos << 20 | (s->flow & 0xfffff));
	wr_be16(buf + 4, s->plen);
	buf[6] = s->nxt;
	buf[7] = s->ttl;
	memcpy(buf + 8, s->saddr.v6, 16);
	memcpy(buf + 24, s->daddr.v6, 16);
	for (i = 0; i < s->next; i++) {
		struct ip6ext *x = &s->ext[i];

		len = x->type == IP6_NXT_FRAG ? 8 : x->len ? x->len : 8;
		x->len = (uint16_t)len;
		x->nxt = i + 1 < s->next ? s->ext[i + 1].type : s->proto;
		ext_write(x, p, len, x->nxt);
		p += len;
	}
}

/* ---- decoding ---- */

/* The options of a hop-by-hop or destination header (after its first two
 * bytes): every TLV must end inside the header. */
static int
opts_ok(struct rd r)
{
	uint8_t type, len;

	while (rd_left(&r) > 0) {
		type = rd_u8(&r);
		if (type == PAD1)
			continue;
		len = rd_u8(&r);
		if (r.err || !rd_have(&r, len))
			return 0;
		rd_skip(&r, len);
	}
	return 1;
}

/* Reads the header of kind type at r into x; its length comes from its
 * own bytes.  Returns the next header, or -1 when it is cut short. */
static int
ext_read(struct rd *r, uint8_t type, struct ip6ext *x)
{
	struct rd h = *r, body;
	size_t len;
	uint16_t w;

	x->type = type;
	x->nxt = rd_u8(&h);
	len = type == IP6_NXT_FRAG ? 8 : ((size_t)rd_u8(&h) + 1) * 8;
	x->len = (uint16_t)len;
	if (h.err || !rd_have(r, len)) {
		if (!x->bad)	/* out of order or one too many says more */
			x->bad = EXTBAD_TRUNC;
		return -1;
	}
	h = rd_sub(r, len);
	rd_skip(&h, 2);
	switch (type) {
	case IP6_NXT_FRAG:
		w = rd_be16(&h);
		x->fragoff = w >> 3;
		x->mf = w & 1;
		x->ident = rd_be32(&h);
		break;
	case IP6_NXT_ROUTING:
		x->rtype = rd_u8(&h);
		x->segleft = rd_u8(&h);
		break;
	default:
		body = rd_sub(&h, len - 2);
		if (!opts_ok(body) && !x->bad)
			x->bad = EXTBAD_OPT;
	}
	return x->nxt;
}

/* Walks the chain from nxt; *pay is the payload after the fixed header,
 * and is left at the upper layer. */
static uint8_t
walk_chain(struct seg *s, struct rd *pay, uint8_t nxt)
{
	struct ip6ext scratch, *x;
	size_t start = pay->off, n;
	int next;

	while (is_ext(nxt)) {
		x = s->next < SEG_MAXEXT ? &s->ext[s->next] : &scratch;
		memset(x, 0, sizeof(*x));
		x->off = (uint16_t)(pay->off - start);
		if (nxt == IP6_NXT_HOPOPTS && pay->off != start)
			x->bad = EXTBAD_ORDER;
		if (s->next >= SEG_MAXEXT)
			x->bad = EXTBAD_MANY;
		next = ext_read(pay, nxt, x);
		if (s->next < SEG_MAXEXT)
			s->next++;
		/* a header cut short is the capture's fault or the payload
		 * length's: ip6_decode tells which */
		if (x->bad && x->bad != EXTBAD_TRUNC)
			s->anno |= SEG_A_BAD_EXT;
		if (next < 0) {
			nxt = IP6_NXT_NONE;
			break;
		}
		nxt = (uint8_t)next;
		if (x->type == IP6_NXT_FRAG && x->fragoff != 0)
			break;		/* the rest is another packet's */
	}
	s->extlen = (uint16_t)(pay->off - start);
	n = s->extlen < SEG_EXTBYTES ? s->extlen : SEG_EXTBYTES;
	memcpy(s->extbytes, pay->p + start, n);
	return nxt;
}

int
ip6_decode(struct rd *r, struct seg *s, struct rd *upper, size_t *claimed,
    int *complete)
{
	struct ip6ext *x;
	struct rd pay;
	uint32_t w;
	uint8_t up;
	unsigned i;

	w = rd_be32(r);
	s->ver = (uint8_t)(w >> 28);
	s->tos = (uint8_t)(w >> 20);
	s->flow = w & 0xfffff;
	s->plen = rd_be16(r);
	s->nxt = rd_u8(r);
	s->ttl = rd_u8(r);
	s->saddr.af = s->daddr.af = AF_INET6;
	rd_bytes(r, s->saddr.v6, 16);
	rd_bytes(r, s->daddr.v6, 16);
	if (r->err) {
		s->anno |= SEG_A_TRUNC_IP;
		return -1;
	}
	/* Bytes past the payload length are link padding; a payload length
	 * past the capture is a cut packet. */
	*complete = s->plen <= rd_left(r);
	if (!*complete)
		s->anno |= SEG_A_TRUNC;
	pay = rd_sub(r, s->plen);
	up = walk_chain(s, &pay, s->nxt);
	s->proto = up;
	for (i = 0; i < s->next; i++) {
		x = &s->ext[i];
		if (x->bad != EXTBAD_TRUNC)
			continue;
		if ((size_t)x->off + x->len <= s->plen) {
			/* within the payload length: the capture ends
			 * first, and the TCP header is not in it */
			x->bad = 0;
			s->anno |= SEG_A_TRUNC_TCP;
		} else
			s->anno |= SEG_A_BAD_EXT | SEG_A_BAD_PLEN;
	}
	if (s->anno & (SEG_A_BAD_EXT | SEG_A_TRUNC_TCP))
		return -1;
	if (ip6_fragmented(s)) {
		s->anno |= SEG_A_FRAG;
		for (i = 0; i < s->next; i++)
			if (s->ext[i].type == IP6_NXT_FRAG &&
			    s->ext[i].fragoff != 0)
				return -1;	/* no TCP header in this one */
	}
	if (up != 6) {
		s->anno |= SEG_A_NOT_TCP;
		return -1;
	}
	*upper = rd_sub(&pay, rd_left(&pay));
	*claimed = s->plen >= s->extlen ? s->plen - s->extlen : 0;
	return 0;
}

int
ip6_fragmented(const struct seg *s)
{
	unsigned i;

	for (i = 0; i < s->next; i++)
		if (s->ext[i].type == IP6_NXT_FRAG &&
		    (s->ext[i].mf || s->ext[i].fragoff != 0))
			return 1;
	return 0;
}

uint32_t
ip6_pseudo(const struct seg *s, uint32_t ulen)
{
	uint32_t sum;

	sum = cksum_add(0, s->saddr.v6, 16);
	sum = cksum_add(sum, s->daddr.v6, 16);
	return sum + (ulen >> 16) + (ulen & 0xffff) + 6;
}
