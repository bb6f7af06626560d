/* wire.h - struct seg <-> bytes on the wire */
#ifndef TC_WIRE_H
#define TC_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "seg.h"

#define WIRE_MAXPKT	65535

/* Encodes s as an IPv4 packet into buf.  Computes and stores back into *s
 * every length and checksum field not marked fixed (ihl from ipoptlen, doff
 * from the encoded options, tot_len, ip_sum, sum; optbytes/optlen from
 * opt[]), then applies SEG_BAD_*.  When the user gave optbytes directly
 * (nopt == 0 and optlen > 0) they are used as they are.  Fails when the
 * result does not fit cap or the options exceed 40 bytes. */
int	wire_encode(struct seg *s, uint8_t *buf, size_t cap, size_t *outlen,
	    struct errbuf *e);

/* Decodes an IPv4 packet of caplen captured bytes through the bounded
 * reader.  Never fails and never reads past caplen: what cannot be decoded
 * is annotated in s->anno and the fields after it are left zero.  s->data
 * points into pkt.  Checksums are verified when the bytes are all there
 * (SEG_A_IPSUM_BAD, SEG_A_SUM_BAD, SEG_A_SUM_PART for a pseudo-header-only
 * checksum).  A version nibble of 6 is read as IPv6 (ip6.c: the chain,
 * the pseudo-header), anything else as IPv4.  Returns 0 when a TCP header
 * was decoded (possibly annotated), -1 when there is none to read. */
int	wire_decode(const uint8_t *pkt, size_t caplen, struct seg *s);

/* Link types understood by wire_decode_link (values of pcap's DLT_*). */
#define WIRE_DLT_NULL		0
#define WIRE_DLT_EN10MB		1
#define WIRE_DLT_RAW		12	/* OpenBSD numbering; 14 on some */
#define WIRE_DLT_RAW_ALT	14
#define WIRE_LINKTYPE_RAW	101
#define WIRE_DLT_LINUX_SLL	113
#define WIRE_DLT_LINUX_SLL2	276

/* Strips the link header of a frame and decodes the IP packet inside as
 * the version the link layer names (ethertype, loopback family; raw
 * links by the nibble): another version inside is SEG_A_BAD_VER.
 * *ipoff receives the offset of the IP header.  -1 (anno SEG_A_BAD_LINK)
 * when the frame is not IP. */
int	wire_decode_link(int dlt, const uint8_t *frame, size_t caplen,
	    struct seg *s, size_t *ipoff);

#endif
