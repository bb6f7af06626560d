/* seg.h - one IPv4/TCP or IPv6/TCP segment, as built for sending or as decoded from the wire
 *
 * Every field is kept in host byte order with its own width; encoding and
 * decoding live in wire.c.  A segment built by the user may carry any value
 * in any field: the "fixed" mask says which length and checksum fields were
 * given on purpose and must not be computed.
 */
#ifndef TC_SEG_H
#define TC_SEG_H

#include <stdint.h>

#include "ipaddr.h"

/* TCP flag bits as in the header's 13th/14th bytes (RFC 9293 + RFC 3168) */
#define TH_FIN	0x01
#define TH_SYN	0x02
#define TH_RST	0x04
#define TH_PSH	0x08
#define TH_ACK	0x10
#define TH_URG	0x20
#define TH_ECE	0x40
#define TH_CWR	0x80

/* IPv4 fragment word */
#define IP_RF		0x8000	/* reserved ("evil") bit */
#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_OFFMASK	0x1fff

/* TCP option kinds */
#define TCPOPT_EOL	0
#define TCPOPT_NOP	1
#define TCPOPT_MSS	2
#define TCPOPT_WSCALE	3
#define TCPOPT_SACKOK	4
#define TCPOPT_SACK	5
#define TCPOPT_TS	8

#define SEG_MAXOPT	40	/* 40 bytes of options hold at most 40 options */
#define SEG_MAXSACK	4

/* IPv6 next-header values of the extension headers tcpcraft knows
 * (RFC 8200 section 4), and "no next header" */
#define IP6_NXT_HOPOPTS	0
#define IP6_NXT_ROUTING	43
#define IP6_NXT_FRAG	44
#define IP6_NXT_NONE	59
#define IP6_NXT_DSTOPTS	60

#define SEG_MAXEXT	8	/* extension headers kept of one chain */
#define SEG_EXTBYTES	256	/* bytes of them kept */

/* ip6ext.bad: why a decoded extension header is malformed (0 = fine) */
#define EXTBAD_TRUNC	1	/* runs past the payload or the capture */
#define EXTBAD_ORDER	2	/* hop-by-hop options not first */
#define EXTBAD_OPT	3	/* an option runs past its header */
#define EXTBAD_MANY	4	/* more than SEG_MAXEXT headers */

/* One IPv6 extension header.  Encoding builds it from these fields
 * (hop-by-hop and destination options hold one PadN filling len bytes,
 * a routing header zeros after its type and segments left); decoding
 * fills every field and keeps the bytes at extbytes[off..off+len). */
struct ip6ext {
	uint8_t		type;		/* IP6_NXT_*: what this header is */
	uint8_t		nxt;		/* its next-header byte */
	uint16_t	len;		/* bytes, the whole header; 0 on
					 * encode: the smallest (8) */
	uint16_t	off;		/* decode: into seg.extbytes */
	uint8_t		bad;		/* EXTBAD_* on decode */
	uint8_t		rtype, segleft;	/* routing */
	uint8_t		mf;		/* fragment: more fragments */
	uint16_t	fragoff;	/* fragment: offset, 8-byte units */
	uint32_t	ident;		/* fragment: identification */
};

/* tcpopt.bad: why a decoded option is malformed (0 = fine) */
#define OPTBAD_TRUNC	1	/* kind byte present, length byte missing */
#define OPTBAD_LEN	2	/* length byte < 2 or runs past the options */
#define OPTBAD_SIZE	3	/* length wrong for this kind (e.g. mss len 3) */

struct tcpopt {
	uint8_t	kind;
	uint8_t	len;		/* the length byte; 1 for EOL/NOP (none on wire) */
	uint8_t	bad;		/* OPTBAD_* on decode */
	uint8_t	raw;		/* encode data[] verbatim after kind,len
				 * ("kind K hex ..."), for any kind */
	uint8_t	nsack;		/* blocks in u.sack */
	uint8_t	datalen;	/* bytes in data[]: the value after kind,len */
	union {
		uint16_t	mss;
		uint8_t		wscale;
		struct { uint32_t val, ecr; } ts;
		struct { uint32_t left, right; } sack[SEG_MAXSACK];
	} u;
	uint8_t	data[40];	/* value bytes; always filled on decode */
};

/* seg.fixed: fields given by the user, to be written as they are */
#define SEG_FIX_IHL	0x0001
#define SEG_FIX_TOTLEN	0x0002
#define SEG_FIX_IPSUM	0x0004
#define SEG_FIX_DOFF	0x0008
#define SEG_FIX_TCPSUM	0x0010
#define SEG_FIX_PROTO	0x0020
#define SEG_FIX_VER	0x0040
#define SEG_FIX_PLEN	0x0080	/* IPv6 payload length */
#define SEG_FIX_NXT	0x0400	/* IPv6 next header (of the fixed header) */
#define SEG_BAD_IPSUM	0x0100	/* compute, then corrupt ("ipsum bad") */
#define SEG_BAD_TCPSUM	0x0200	/* compute, then corrupt ("cksum bad") */

/* seg.anno: what decoding found wrong (or noteworthy) */
#define SEG_A_TRUNC_IP	 0x00000001	/* fewer than 20 bytes of IP header */
#define SEG_A_BAD_VER	 0x00000002	/* version != 4 */
#define SEG_A_BAD_IHL	 0x00000004	/* ihl < 5 or past the packet */
#define SEG_A_BAD_TOTLEN 0x00000008	/* total length < ihl*4 or > captured */
#define SEG_A_TRUNC	 0x00000010	/* capture shorter than total length */
#define SEG_A_NOT_TCP	 0x00000020	/* protocol != 6 */
#define SEG_A_FRAG	 0x00000040	/* a fragment: MF set or offset != 0 */
#define SEG_A_TRUNC_TCP	 0x00000080	/* fewer than 20 bytes of TCP header */
#define SEG_A_BAD_DOFF	 0x00000100	/* doff < 5 or past the segment */
#define SEG_A_BAD_OPT	 0x00000200	/* an option is malformed (see opt[].bad) */
#define SEG_A_IPSUM_BAD	 0x00000400	/* IP header checksum wrong */
#define SEG_A_SUM_BAD	 0x00000800	/* TCP checksum wrong */
#define SEG_A_SUM_PART	 0x00001000	/* TCP checksum is the pseudo-header
					 * sum only (offload, loopback) */
#define SEG_A_SUM_UNCHK	 0x00002000	/* checksum not verifiable (truncated) */
#define SEG_A_BAD_LINK	 0x00004000	/* link header short or not IP */
#define SEG_A_BAD_EXT	 0x00008000	/* an IPv6 extension header is
					 * malformed (see ext[].bad) */
#define SEG_A_BAD_PLEN	 0x00010000	/* IPv6 payload length past the
					 * capture or short of the chain */

struct seg {
	/* IPv4 header */
	uint8_t		ver;		/* 4 unless fixed */
	uint8_t		ihl;		/* in 32-bit words */
	uint8_t		tos;
	uint16_t	tot_len;
	uint16_t	id;
	uint16_t	frag;		/* IP_RF|IP_DF|IP_MF|offset (8-byte units) */
	uint8_t		ttl;
	uint8_t		proto;
	uint16_t	ip_sum;
	uint16_t	ip_sum_ok;	/* decode: what a bad one should be */
	struct ipaddr	saddr, daddr;	/* af AF_INET here; AF_INET6 with ver 6 */
	uint8_t		ipoptlen;
	uint8_t		ipopt[40];
	/* IPv6 header (ver 6, addresses of AF_INET6): tos above is its
	 * traffic class ("tc"), ttl its hop limit ("hlim"), proto the
	 * upper layer its chain ends in */
	uint32_t	flow;		/* the 20-bit flow label */
	uint16_t	plen;		/* payload length */
	uint8_t		nxt;		/* the fixed header's next header */
	uint8_t		next;		/* extension headers in ext[] */
	struct ip6ext	ext[SEG_MAXEXT];
	uint16_t	extlen;		/* bytes of the chain (decode: kept
					 * in extbytes, up to SEG_EXTBYTES) */
	uint8_t		extbytes[SEG_EXTBYTES];
	/* TCP header */
	uint16_t	sport, dport;
	uint32_t	seq, ack;
	uint8_t		doff;		/* in 32-bit words */
	uint8_t		res;		/* the 4 reserved bits after doff */
	uint8_t		flags;		/* TH_* */
	uint16_t	win;
	uint16_t	sum;
	uint16_t	sum_ok;		/* decode: what a bad one should be */
	uint16_t	urp;
	uint8_t		nopt;
	struct tcpopt	opt[SEG_MAXOPT];
	uint8_t		optlen;		/* bytes in optbytes[] */
	uint8_t		optbytes[40];	/* options as on the wire */
	/* payload: not owned; points into the caller's buffer */
	const uint8_t	*data;
	uint32_t	datalen;
	/* encode: SEG_FIX_* / SEG_BAD_*; decode: unused */
	uint16_t	fixed;
	/* decode: SEG_A_* */
	uint32_t	anno;
};

/* Clears s and sets the defaults of a fresh IPv4/TCP segment:
 * ver 4, ihl 5, ttl 64, proto 6, doff 5, addresses of AF_INET. */
void	seg_init(struct seg *s);
/* The same for IPv6/TCP: ver 6, hop limit 64, addresses of AF_INET6. */
void	seg_init6(struct seg *s);
/* Is it an IPv6 segment (its addresses are)? */
#define SEG_IS6(s)	((s)->saddr.af == AF_INET6)

#endif
