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

/* One ICMP error, outer header and quote. */
struct icmp_msg {
	uint32_t	saddr, daddr;	/* who says it, to whom */
	uint8_t		ttl;
	uint8_t		type, code;
	uint16_t	sum;
	uint16_t	mtu;		/* need-frag: next-hop MTU, 0 if none */
	uint8_t		pptr;		/* parameter problem: the octet */
	uint32_t	len;		/* ICMP bytes (header + quote) */
	/* the quoted segment */
	int		q_ip;		/* its IPv4 header was read whole */
	int		q_tcp;		/* its ports and seq were read */
	uint8_t		q_ihl, q_proto, q_ttl;
	uint16_t	q_totlen, q_id, q_frag;
	uint32_t	q_saddr, q_daddr;
	uint16_t	q_sport, q_dport;
	uint32_t	q_seq;
	uint8_t		q_flags;	/* when the quote holds byte 13 */
	int		q_have_flags;
	uint32_t	anno;		/* ICMP_A_* */
};

/* Decodes an IPv4 packet of len bytes.  0 when it is an ICMP error this
 * module knows (unreachable, time exceeded, parameter problem) whose
 * quoted IP header could be read (m->q_tcp says whether ports and seq
 * were there too); -1 for anything else (not ICMP, another type, a quote
 * too short to name a connection).  Never reads past len. */
int	icmp_decode(const uint8_t *pkt, size_t len, struct icmp_msg *m);

/* tcpdump's words for it, after "ICMP ": "10.77.2.2 unreachable - need
 * to frag (mtu 1400), length 556".  Returns the length written. */
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
 * "unreachable", "time-exceeded", "param-problem". */
const char	*icmp_kind_word(const struct icmp_msg *m);
/* The inverse, for patterns: a type and (for need-frag) code, -1 code
 * for any.  -1 when the word is not one. */
int	icmp_kind_parse(const char *word, int *type, int *code);

/* RFC 5927 section 4.1: an ICMP error is taken as ours only when the
 * sequence number it quotes is one we sent and nobody acknowledged,
 * SND.UNA <= SEG.SEQ < SND.NXT.  Returns 1 when it passes, 0 when not
 * (why says why in a few words). */
int	icmp_acceptable(const struct icmp_msg *m, const struct tcb *t,
	    char *why, size_t cap);

/* A need-frag's MTU applied to a TCB: the path MTU only goes down, and
 * not below 68 (RFC 791's minimum).  Returns 1 when it changed. */
int	icmp_pmtu_apply(struct tcb *t, uint16_t mtu);

#endif
