/* icmp.h - ICMP errors about our segments: decode, words, whose they are
 *
 * A router that cannot forward one of our segments, or a host that will
 * not take it, answers with an ICMP error quoting the segment's IP header
 * and at least its first 8 bytes (RFC 792): enough for the ports and the
 * sequence number.  Everything here is pure: bytes in, a struct icmp_msg
 * out, through the bounded reader; a TCB in, a verdict out.
 */
#ifndef TC_ICMP_H
#define TC_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "tcb.h"

#define ICMP_UNREACH		3
#define ICMP_TIMXCEED		11
#define ICMP_PARAMPROB		12

/* destination unreachable codes (RFC 792, 1122, 1812) */
#define ICMP_UNREACH_NET	0
#define ICMP_UNREACH_HOST	1
#define ICMP_UNREACH_PROTOCOL	2
#define ICMP_UNREACH_PORT	3
#define ICMP_UNREACH_NEEDFRAG	4
#define ICMP_UNREACH_NET_PROHIB	9
#define ICMP_UNREACH_HOST_PROHIB 10
#define ICMP_UNREACH_FILTER	13

/* ICMPv6 errors (RFC 4443): af AF_INET6 says these types are meant */
#define ICMP6_UNREACH		1
#define ICMP6_PACKET_TOO_BIG	2
#define ICMP6_TIMXCEED		3
#define ICMP6_PARAMPROB		4
#define ICMP6_UNREACH_NOROUTE	0
#define ICMP6_UNREACH_ADMIN	1
#define ICMP6_UNREACH_BEYONDSCOPE 2
#define ICMP6_UNREACH_ADDR	3
#define ICMP6_UNREACH_PORT	4
#define ICMP6_UNREACH_POLICY	5
#define ICMP6_UNREACH_REJECT	6
#define ICMP6_MIN_MTU		1280	/* RFC 8200: every link carries it */

/* icmp_msg.anno: what decoding found wrong */
#define ICMP_A_TRUNC		0x0001	/* fewer than 8 bytes of ICMP */
#define ICMP_A_SUM_BAD		0x0002	/* ICMP checksum wrong */
#define ICMP_A_Q_TRUNC_IP	0x0004	/* quoted IP header cut short */
#define ICMP_A_Q_BAD_VER	0x0008	/* quoted version != 4 */
#define ICMP_A_Q_BAD_IHL	0x0010	/* quoted ihl < 5 */
#define ICMP_A_Q_BAD_TOTLEN	0x0020	/* quoted total length < its header */
#define ICMP_A_Q_NOT_TCP	0x0040	/* quotes something else than TCP */
#define ICMP_A_Q_FRAG		0x0080	/* quotes a later fragment: no TCP */
#define ICMP_A_Q_TRUNC_TCP	0x0100	/* fewer than 8 bytes of TCP quoted */
#define ICMP_A_FRAG		0x0200	/* the ICMP packet is a fragment */
#define ICMP_A_Q_BAD_EXT	0x0400	/* quoted IPv6 extension chain bad */

/* One ICMP error, outer header and quote. */
struct icmp_msg {
	int		af;		/* AF_INET: ICMP; AF_INET6: ICMPv6 */
	struct ipaddr	src, dst;	/* who says it, to whom */
	uint32_t	saddr, daddr;	/* the same, IPv4 */
	uint8_t		ttl;		/* IPv6: the hop limit */
	uint8_t		type, code;
	uint16_t	sum;
	uint32_t	mtu;		/* need-frag, packet too big: next-hop
					 * MTU, 0 if none */
	uint32_t	pptr;		/* parameter problem: the octet */
	uint32_t	len;		/* ICMP bytes (header + quote) */
	/* the quoted segment */
	int		q_ip;		/* its IPv4 header was read whole */
	int		q_tcp;		/* its ports and seq were read */
	uint8_t		q_ihl, q_proto, q_ttl;
	uint16_t	q_totlen, q_id, q_frag;
	uint32_t	q_saddr, q_daddr;	/* IPv4 */
	struct ipaddr	q_src, q_dst;	/* either family */
	uint16_t	q_sport, q_dport;
	uint32_t	q_seq;
	uint8_t		q_flags;	/* when the quote holds byte 13 */
	int		q_have_flags;
	uint32_t	anno;		/* ICMP_A_* */
};

/* Decodes an IPv4 or IPv6 packet of len bytes.  0 when it is an ICMP
 * error this module knows (unreachable, time exceeded, parameter problem;
 * ICMPv6's packet too big too, its quote's extension chain walked) whose
 * quoted IP header could be read (m->q_tcp says whether ports and seq
 * were there too); -1 for anything else (not ICMP, another type, a quote
 * too short to name a connection).  Never reads past len. */
int	icmp_decode(const uint8_t *pkt, size_t len, struct icmp_msg *m);

/* tcpdump's words for it, after "ICMP " (or "ICMP6, "): "10.77.2.2
 * unreachable - need to frag (mtu 1400), length 556", "packet too big,
 * mtu 1280, length 1240".  Returns the length written. */
size_t	icmp_print(char *buf, size_t cap, const struct icmp_msg *m);

/* The whole line as tcpdump prints it, without time or direction:
 * "IP 10.77.1.1 > 10.77.1.10: ICMP ...". */
size_t	icmp_line(char *buf, size_t cap, const struct icmp_msg *m);

/* icmp_line of the packet pkt[0..len), decoded here; "IP a > b: ICMP
 * (undecodable)" when icmp_decode refuses it. */
size_t	icmp_line_pkt(char *buf, size_t cap, const uint8_t *pkt, size_t len);

/* Short words for the annotations, comma separated; empty if none. */
size_t	icmp_anno(char *buf, size_t cap, const struct icmp_msg *m);

/* The kind's keyword, as expect and record spell it: "need-frag",
 * "unreachable", "time-exceeded", "param-problem"; on IPv6
 * "packet-too-big" too. */
const char	*icmp_kind_word(const struct icmp_msg *m);
/* The inverse, for patterns: *kind names one of icmp.c's kinds (0 is
 * none), *code is -1.  -1 when the word is not one.  The names: the
 * four above, "packet-too-big" and ICMPv6's unreachable codes
 * ("no-route", "admin-prohibited", "beyond-scope", "addr-unreachable",
 * "port-unreachable", "policy-failed", "reject-route"); a name means the
 * same error in either family. */
int	icmp_kind_parse(const char *word, int *kind, int *code);
/* The names icmp_kind_parse takes, sep between them, into buf. */
void	icmp_kind_names(char *buf, size_t cap, const char *sep);
/* Whether m is of the kind icmp_kind_parse gave (0 any). */
int	icmp_kind_match(const struct icmp_msg *m, int kind, int code);

/* RFC 5927 section 4.1: an ICMP error is taken as ours only when the
 * sequence number it quotes is one we sent and nobody acknowledged,
 * SND.UNA <= SEG.SEQ < SND.NXT.  Returns 1 when it passes, 0 when not
 * (why says why in a few words). */
int	icmp_acceptable(const struct icmp_msg *m, const struct tcb *t,
	    char *why, size_t cap);

/* A need-frag's or packet too big's MTU applied to a TCB: the path MTU
 * only goes down, and not below 68 (RFC 791's minimum), on IPv6 not
 * below 1280 (a smaller one is taken as 1280, RFC 8201 section 4).
 * Returns 1 when it changed. */
int	icmp_pmtu_apply(struct tcb *t, const struct icmp_msg *m);
/* Whether m lowers a path MTU: need-frag or packet too big. */
int	icmp_is_pmtu(const struct icmp_msg *m);

#endif
