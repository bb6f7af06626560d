/* print.h - a segment as one tcpdump-style line, as a tree, as hex */
#ifndef TC_PRINT_H
#define TC_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "seg.h"

/* How to show sequence numbers.  With relative set, seq is shown as
 * seq - seq_base and ack (and SACK edges) as ack - ack_base: seq_base is
 * the sender's ISN and ack_base the receiver's. */
struct print_ctx {
	int		relative;
	uint32_t	seq_base;
	uint32_t	ack_base;
	int		payload;	/* append a quoted preview of short data */
};

/* "Flags [S.], seq 0, ack 1, win 65535, urg 0, options [mss 1460], length 0"
 * as tcpdump prints it: seq as "A:B" when there is data; ack only with the
 * ACK flag; urg only with URG; options only when present.  With payload
 * set and 1..64 bytes of data, ' "AB"' (C escapes) follows the length.
 * Returns the length written (always NUL-terminated, truncated to cap). */
size_t	print_seg(char *buf, size_t cap, const struct seg *s,
	    const struct print_ctx *pc);

/* The line as tcpdump prints it, without time or direction:
 * "IP 127.0.0.1.40000 > 127.0.0.1.20000: " and print_seg's fields.  Out,
 * flood and probe all print this.  *segoff (when not NULL) is where the
 * fields start, for a caller that rewrites them (quiz masking).
 * IPv6: "IP6 ::1.40000 > ::1.20000: "; with extension headers tcpdump's
 * "IP6 ::1 > ::1: HBH DSTOPT frag (0|24) 40000 > 20000: ", and for a
 * later fragment or a chain that does not end in TCP only as far as
 * tcpdump goes. */
size_t	print_line(char *buf, size_t cap, const struct seg *s,
	    const struct print_ctx *pc, size_t *segoff);
/* The same as tcpdump -v prints it: the IP header in parentheses after
 * "IP"/"IP6" ("IP6 (class 0xb8, flowlabel 0x12345, hlim 64, next-header
 * TCP (6) payload length: 20) "), the options of hop-by-hop and
 * destination headers, and ", cksum 0x1234 (correct)" after the flags
 * ("(incorrect)", "(partial)", or no word when it was not checked). */
size_t	print_line_v(char *buf, size_t cap, const struct seg *s,
	    const struct print_ctx *pc, size_t *segoff);

/* tcpdump's flag string: "S", "S.", "P.", "F.", "R.", "." ; letters in the
 * order F S R P . U E W (ACK's '.' after P, as tcpdump prints); "none"
 * when no flag. */
const char	*print_flags(uint8_t flags, char buf[16]);

/* Short words for decode annotations, comma separated ("bad cksum",
 * "partial cksum", "truncated", "bad doff 3", ...).  Empty if none. */
size_t	print_anno(char *buf, size_t cap, const struct seg *s);

/* Every field with its byte offset, as a tree:
 *   IPv4  [0]  ver 4 ihl 5 (20 bytes) tos 0x00 len 60 id 1 ...
 *   TCP   [20] sport 40000 dport 20000 seq 0 (abs 123456) ...
 *     options [40] mss 1460 (kind 2 len 4) ...
 *   data  [60] 2 bytes "AB"
 * plus the annotations in words. */
void	print_tree(FILE *f, const struct seg *s, const struct print_ctx *pc);

/* Classic 16-bytes-a-line hex and ASCII dump with offsets. */
void	print_hex(FILE *f, const uint8_t *buf, size_t len);

/* "127.0.0.1" for a host-order address; buf of 16 bytes. */
const char	*print_addr(uint32_t addr, char buf[16]);

#endif
