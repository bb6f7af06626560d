/* wire.c - struct seg <-> bytes on the wire
 *
 * Encoding writes exactly what the segment says; lengths and checksums the
 * user did not fix are computed first, so a deliberately wrong field is
 * the only wrong field.  Decoding reads every byte through the bounded
 * reader and, when a header field lies, believes the bytes that are there
 * and annotates the lie.
 */
#include <string.h>

#include "cksum.h"
#include "errbuf.h"
#include "ip6.h"
#include "rd.h"
#include "seg.h"
#include "tcpopt.h"
#include "wire.h"
#include "wr.h"

#define IPHDR	20
#define TCPHDR	20

/* Zero-pads a byte array to a whole number of 32-bit words. */
static int
pad_words(uint8_t *p, uint8_t *len, size_t cap)
{
	while (*len % 4 != 0) {
		if (*len >= cap)
			return -1;
		p[(*len)++] = 0;
	}
	return 0;
}

/* A checksum that no verifier can accept: flipping the low bit never
 * turns one value into its one's-complement twin (0x0000/0xffff differ in
 * every bit), and skipping the pseudo-header-only value keeps a decoder
 * from calling it a partial checksum instead of a bad one. */
static uint16_t
corrupt(uint16_t good, int avoid)
{
	uint16_t bad = good ^ 0x0001;

	if (bad == avoid)
		bad = good ^ 0x0002;
	return bad;
}

/* The TCP header, options and payload at th; the checksum after psum,
 * the pseudo-header's sum, unless fixed. */
static void
encode_tcp(struct seg *s, uint8_t *th, size_t len, uint32_t psum)
{
	if (!(s->fixed & SEG_FIX_DOFF))
		s->doff = (uint8_t)((TCPHDR + s->optlen) / 4);
	wr_be16(th, s->sport);
	wr_be16(th + 2, s->dport);
	wr_be32(th + 4, s->seq);
	wr_be32(th + 8, s->ack);
	th[12] = (uint8_t)((s->doff & 0x0f) << 4 | (s->res & 0x0f));
	th[13] = s->flags;
	wr_be16(th + 14, s->win);
	wr_be16(th + 16, 0);
	wr_be16(th + 18, s->urp);
	memcpy(th + TCPHDR, s->optbytes, s->optlen);
	if (s->datalen > 0)
		memcpy(th + TCPHDR + s->optlen, s->data, s->datalen);
	if (!(s->fixed & SEG_FIX_TCPSUM)) {
		s->sum = cksum_finish(cksum_add(psum, th, len));
		if (s->fixed & SEG_BAD_TCPSUM)
			s->sum = corrupt(s->sum, cksum_fold(psum));
	}
	wr_be16(th + 16, s->sum);
}

/* The options into bytes, padded; the payload there. */
static int
encode_prepare(struct seg *s, struct errbuf *e)
{
	if (s->nopt > 0) {
		if (s->nopt > SEG_MAXOPT)
			return err_set(e, 0, "%u options (max %d)", s->nopt,
			    SEG_MAXOPT);
		if (tcpopt_encode(s->opt, s->nopt, s->optbytes, &s->optlen,
		    e) == -1)
			return -1;
	} else if (s->optlen > sizeof(s->optbytes))
		return err_set(e, 0, "%u bytes of TCP options (max 40)",
		    s->optlen);
	if (pad_words(s->optbytes, &s->optlen, sizeof(s->optbytes)) == -1)
		return err_set(e, 0, "TCP options do not pad to 40 bytes");
	if (s->ipoptlen > sizeof(s->ipopt) ||
	    pad_words(s->ipopt, &s->ipoptlen, sizeof(s->ipopt)) == -1)
		return err_set(e, 0, "IP options over 40 bytes");
	if (s->datalen > 0 && s->data == NULL)
		return err_set(e, 0, "payload of %u bytes missing",
		    s->datalen);
	return 0;
}

static int
fits(size_t total, size_t cap, struct errbuf *e)
{
	if (total > WIRE_MAXPKT)
		return err_set(e, 0, "packet of %zu bytes is over %d", total,
		    WIRE_MAXPKT);
	if (total > cap)
		return err_set(e, 0, "packet of %zu bytes does not fit %zu",
		    total, cap);
	return 0;
}

/* An IPv6 packet: the fixed header, the chain, TCP. */
static int
encode6(struct seg *s, uint8_t *buf, size_t cap, size_t *outlen,
    struct errbuf *e)
{
	size_t tcplen = TCPHDR + s->optlen + s->datalen, total;
	long chain;

	if ((chain = ip6_chain_len(s, e)) < 0)
		return -1;
	total = IP6HDR + (size_t)chain + tcplen;
	/* the payload length field is 16 bits; no jumbograms */
	if (fits(total, cap, e) == -1 || fits(total - IP6HDR, WIRE_MAXPKT,
	    e) == -1)
		return -1;
	if (!(s->fixed & SEG_FIX_PROTO))
		s->proto = 6;
	ip6_encode(s, buf, (size_t)chain, tcplen);
	encode_tcp(s, buf + IP6HDR + chain, tcplen,
	    ip6_pseudo(s, (uint32_t)tcplen));
	*outlen = total;
	return 0;
}

int
wire_encode(struct seg *s, uint8_t *buf, size_t cap, size_t *outlen,
    struct errbuf *e)
{
	size_t iphl, tcpoff, total, hl;
	uint8_t *ip;

	*outlen = 0;
	if (encode_prepare(s, e) == -1)
		return -1;
	if (SEG_IS6(s))
		return encode6(s, buf, cap, outlen, e);

	iphl = IPHDR + s->ipoptlen;
	tcpoff = iphl;
	total = tcpoff + TCPHDR + s->optlen + s->datalen;
	if (fits(total, cap, e) == -1)
		return -1;

	if (!(s->fixed & SEG_FIX_VER))
		s->ver = 4;
	if (!(s->fixed & SEG_FIX_IHL))
		s->ihl = (uint8_t)(iphl / 4);
	if (!(s->fixed & SEG_FIX_TOTLEN))
		s->tot_len = (uint16_t)total;
	if (!(s->fixed & SEG_FIX_PROTO))
		s->proto = 6;

	ip = buf;
	ip[0] = (uint8_t)((s->ver & 0x0f) << 4 | (s->ihl & 0x0f));
	ip[1] = s->tos;
	wr_be16(ip + 2, s->tot_len);
	wr_be16(ip + 4, s->id);
	wr_be16(ip + 6, s->frag);
	ip[8] = s->ttl;
	ip[9] = s->proto;
	wr_be16(ip + 10, 0);
	wr_be32(ip + 12, s->saddr.v4);
	wr_be32(ip + 16, s->daddr.v4);
	memcpy(ip + IPHDR, s->ipopt, s->ipoptlen);

	encode_tcp(s, buf + tcpoff, total - tcpoff,
	    cksum_pseudo4(s->saddr.v4, s->daddr.v4, 6,
	    (uint16_t)(total - tcpoff)));

	/* Summed over the header the ihl claims, as a receiver would, but
	 * never over bytes that were not written; last, since a lying ihl
	 * can take in the TCP checksum. */
	if (!(s->fixed & SEG_FIX_IPSUM)) {
		hl = (size_t)(s->ihl & 0x0f) * 4;
		if (hl < IPHDR)
			hl = IPHDR;
		if (hl > total)
			hl = total;
		s->ip_sum = cksum_finish(cksum_add(0, ip, hl));
		if (s->fixed & SEG_BAD_IPSUM)
			s->ip_sum = corrupt(s->ip_sum, -1);
	}
	wr_be16(ip + 10, s->ip_sum);

	*outlen = total;
	return 0;
}

/* ---- decoding ---- */

/* The checksum field that would make a sum over everything, that field
 * included, come out right: tcpdump -v's "(incorrect -> 0x...)". */
static uint16_t
should_be(uint32_t all, uint16_t field)
{
	return (uint16_t)~cksum_fold(all + (uint16_t)~field);
}

/* TCP checksum over the whole segment, or why it cannot be checked. */
static void
decode_tcpsum(struct seg *s, const struct rd *segr, int complete)
{
	uint32_t psum, all;
	size_t len = segr->len;

	if (!complete || (s->frag & (IP_MF | IP_OFFMASK)) ||
	    ip6_fragmented(s)) {
		s->anno |= SEG_A_SUM_UNCHK;
		return;
	}
	psum = SEG_IS6(s) ? ip6_pseudo(s, (uint32_t)len) :
	    cksum_pseudo4(s->saddr.v4, s->daddr.v4, 6, (uint16_t)len);
	if (cksum_fold(all = cksum_add(psum, segr->p, len)) == 0xffff)
		return;
	/* Linux leaves CHECKSUM_PARTIAL segments on lo with the folded,
	 * not inverted, pseudo-header sum for hardware that is not there. */
	if (s->sum == cksum_fold(psum))
		s->anno |= SEG_A_SUM_PART;
	else {
		s->anno |= SEG_A_SUM_BAD;
		s->sum_ok = should_be(all, s->sum);
	}
}

/* The TCP header and what follows it, from a cursor over the segment as
 * far as it was captured; claimed is the segment length the IP header
 * gives.  Returns -1 when not even the fixed header is there. */
static int
decode_tcp(struct seg *s, struct rd *r, size_t claimed, int complete)
{
	struct rd seg = *r, opts;
	size_t thl, avail = rd_left(r);
	uint8_t b;
	int bad;

	s->sport = rd_be16(r);
	s->dport = rd_be16(r);
	s->seq = rd_be32(r);
	s->ack = rd_be32(r);
	b = rd_u8(r);
	s->doff = b >> 4;
	s->res = b & 0x0f;
	s->flags = rd_u8(r);
	s->win = rd_be16(r);
	s->sum = rd_be16(r);
	s->urp = rd_be16(r);
	if (r->err) {
		s->anno |= SEG_A_TRUNC_TCP;
		return -1;
	}

	thl = (size_t)s->doff * 4;
	if (thl < TCPHDR) {
		/* no options; show what follows the fixed header as data */
		s->anno |= SEG_A_BAD_DOFF;
		thl = TCPHDR;
	} else if (thl > claimed) {
		s->anno |= SEG_A_BAD_DOFF;
	}
	opts = rd_sub(r, thl - TCPHDR);
	s->optlen = (uint8_t)rd_bytes(&opts, s->optbytes, rd_left(&opts));
	s->nopt = (uint8_t)tcpopt_decode(s->optbytes, s->optlen, s->opt,
	    SEG_MAXOPT, &bad);
	/* options cut short by the capture are not the sender's fault */
	if (bad && thl <= avail)
		s->anno |= SEG_A_BAD_OPT;
	if (avail > thl) {
		s->data = rd_ptr(r);
		s->datalen = (uint32_t)rd_left(r);
	}
	decode_tcpsum(s, &seg, complete && !(s->anno & SEG_A_TRUNC));
	return 0;
}

static int
decode6(const uint8_t *pkt, size_t caplen, struct seg *s)
{
	struct rd r, tcp;
	size_t claimed;
	int complete;

	rd_init(&r, pkt, caplen);
	if (ip6_decode(&r, s, &tcp, &claimed, &complete) == -1)
		return -1;
	return decode_tcp(s, &tcp, claimed, complete);
}

/* An IPv6 link type with another version inside */
static int
decode6_only(const uint8_t *pkt, size_t caplen, struct seg *s)
{
	if (caplen > 0 && pkt[0] >> 4 != 6) {
		s->ver = pkt[0] >> 4;
		s->saddr.af = s->daddr.af = AF_INET6;
		s->anno |= SEG_A_BAD_VER;
		return -1;
	}
	return decode6(pkt, caplen, s);
}

static int
decode4(const uint8_t *pkt, size_t caplen, struct seg *s)
{
	struct rd r, opts, tcp;
	size_t hl, end, claimed;
	uint32_t all;
	uint8_t b;

	rd_init(&r, pkt, caplen);
	b = rd_u8(&r);
	s->ver = b >> 4;
	s->ihl = b & 0x0f;
	s->tos = rd_u8(&r);
	s->tot_len = rd_be16(&r);
	s->id = rd_be16(&r);
	s->frag = rd_be16(&r);
	s->ttl = rd_u8(&r);
	s->proto = rd_u8(&r);
	s->ip_sum = rd_be16(&r);
	s->saddr = ipaddr_v4(rd_be32(&r));
	s->daddr = ipaddr_v4(rd_be32(&r));
	if (r.err) {
		s->anno |= SEG_A_TRUNC_IP;
		return -1;
	}
	if (s->ver != 4) {
		s->anno |= SEG_A_BAD_VER;
		return -1;
	}

	/* A header shorter than 20 bytes is impossible; go on as if it were
	 * 20 so the user sees what was sent. */
	hl = (size_t)s->ihl * 4;
	if (hl < IPHDR) {
		s->anno |= SEG_A_BAD_IHL;
		hl = IPHDR;
	} else if (hl > caplen) {
		s->anno |= SEG_A_BAD_IHL;
		if (s->tot_len >= hl)
			s->anno |= SEG_A_TRUNC;
	}
	if (hl <= caplen &&
	    cksum_fold(all = cksum_add(0, r.p, hl)) != 0xffff) {
		s->anno |= SEG_A_IPSUM_BAD;
		s->ip_sum_ok = should_be(all, s->ip_sum);
	}
	opts = rd_sub(&r, hl - IPHDR);
	s->ipoptlen = (uint8_t)rd_bytes(&opts, s->ipopt, rd_left(&opts));

	/* Where the packet ends: the total length when it is believable,
	 * else whatever was captured.  Bytes past it are link padding. */
	end = caplen;
	if (s->tot_len < hl)
		s->anno |= SEG_A_BAD_TOTLEN;
	else if (s->tot_len > caplen)
		s->anno |= SEG_A_TRUNC;
	else
		end = s->tot_len;
	claimed = s->tot_len >= hl ? s->tot_len - hl : end > hl ?
	    end - hl : 0;

	if (s->proto != 6) {
		s->anno |= SEG_A_NOT_TCP;
		return -1;
	}
	if (s->frag & (IP_MF | IP_OFFMASK)) {
		s->anno |= SEG_A_FRAG;
		if (s->frag & IP_OFFMASK)
			return -1;	/* no TCP header in this one */
	}
	if (r.err)
		return -1;
	tcp = rd_sub(&r, end > hl ? end - hl : 0);
	return decode_tcp(s, &tcp, claimed,
	    !(s->anno & (SEG_A_BAD_TOTLEN | SEG_A_TRUNC)));
}

int
wire_decode(const uint8_t *pkt, size_t caplen, struct seg *s)
{
	memset(s, 0, sizeof(*s));
	if (caplen > 0 && pkt[0] >> 4 == 6)
		return decode6(pkt, caplen, s);
	return decode4(pkt, caplen, s);
}

/* ---- link layers ---- */

#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define ETHERTYPE_VLAN	0x8100
#define ETHERTYPE_QINQ	0x88a8
#define LOOP_AF_INET	2
/* AF_INET6 in DLT_NULL captures: Linux/BSDs differ (pcap's list) */
#define LOOP_AF_INET6_BSD	24
#define LOOP_AF_INET6_FREEBSD	28
#define LOOP_AF_INET6_DARWIN	30
#define LOOP_AF_INET6_LINUX	10

static int
loop_af6(uint32_t fam)
{
	uint32_t swapped = fam >> 24 | (fam >> 8 & 0xff00) |
	    (fam << 8 & 0xff0000) | fam << 24;
	int i;

	for (i = 0; i < 2; i++, fam = swapped)
		if (fam == LOOP_AF_INET6_BSD || fam == LOOP_AF_INET6_FREEBSD ||
		    fam == LOOP_AF_INET6_DARWIN || fam == LOOP_AF_INET6_LINUX)
			return 1;
	return 0;
}

/* Returns the offset of the IP header, or -1 when it is not IP; *six
 * says the link layer calls it IPv6. */
static long
link_ipoff(int dlt, const uint8_t *frame, size_t caplen, int *six)
{
	struct rd r;
	uint32_t fam;
	uint16_t type;
	int tags;

	rd_init(&r, frame, caplen);
	switch (dlt) {
	case WIRE_DLT_EN10MB:
		rd_skip(&r, 12);
		type = rd_be16(&r);
		for (tags = 0; tags < 2 && (type == ETHERTYPE_VLAN ||
		    type == ETHERTYPE_QINQ); tags++) {
			rd_skip(&r, 2);
			type = rd_be16(&r);
		}
		break;
	case WIRE_DLT_NULL:
		/* the family is in the capturing host's byte order */
		fam = rd_be32(&r);
		type = fam == LOOP_AF_INET || fam == (uint32_t)LOOP_AF_INET <<
		    24 ? ETHERTYPE_IP : loop_af6(fam) ? ETHERTYPE_IPV6 : 0;
		break;
	case WIRE_DLT_RAW:
	case WIRE_DLT_RAW_ALT:
	case WIRE_LINKTYPE_RAW:
		/* only the version nibble says what it is; anything but 6
		 * is taken for a (possibly bad) IPv4 header */
		type = rd_have(&r, 1) && rd_ptr(&r)[0] >> 4 == 6 ?
		    ETHERTYPE_IPV6 : ETHERTYPE_IP;
		break;
	case WIRE_DLT_LINUX_SLL:
		rd_skip(&r, 14);
		type = rd_be16(&r);
		break;
	case WIRE_DLT_LINUX_SLL2:
		type = rd_be16(&r);
		rd_skip(&r, 18);
		break;
	default:
		return -1;
	}
	if (r.err || (type != ETHERTYPE_IP && type != ETHERTYPE_IPV6))
		return -1;
	*six = type == ETHERTYPE_IPV6;
	return (long)r.off;
}

int
wire_decode_link(int dlt, const uint8_t *frame, size_t caplen,
    struct seg *s, size_t *ipoff)
{
	struct rd r;
	long off;
	int six = 0;

	*ipoff = 0;
	memset(s, 0, sizeof(*s));
	if ((off = link_ipoff(dlt, frame, caplen, &six)) < 0) {
		s->anno = SEG_A_BAD_LINK;
		return -1;
	}
	*ipoff = (size_t)off;
	rd_init(&r, frame, caplen);
	rd_skip(&r, *ipoff);
	/* the version the link layer names, whatever the nibble says */
	if (six)
		return decode6_only(rd_ptr(&r), rd_left(&r), s);
	return decode4(rd_ptr(&r), rd_left(&r), s);
}
