/* nd.h - IPv6 Neighbor Discovery frames (RFC 4861), built and read
 *
 * The lab NIC (labnic.c) answers Neighbor Solicitations for its own
 * addresses, solicits its neighbours and runs Duplicate Address
 * Detection (RFC 4862) as ARP's IPv6 twin.  This is the frame side of
 * it, pure: an Ethernet frame of a Neighbor Solicitation or
 * Advertisement from a struct nd_msg, and back, with the ICMPv6
 * checksum over the IPv6 pseudo-header.
 */
#ifndef TC_ND_H
#define TC_ND_H

#include <stddef.h>
#include <stdint.h>

#define ND_NS		135
#define ND_NA		136
#define ND_NA_ROUTER	0x80	/* flags of an advertisement */
#define ND_NA_SOLICITED	0x40
#define ND_NA_OVERRIDE	0x20
/* Ethernet, IPv6 and the largest message built (with its link-layer
 * address option) */
#define ND_FRAME_MAX	(14 + 40 + 24 + 8)

struct nd_msg {
	int		type;		/* ND_NS or ND_NA */
	uint8_t		src[16], dst[16];	/* the IPv6 header's */
	uint8_t		target[16];
	uint8_t		flags;		/* ND_NA_*, advertisements */
	int		has_lla;	/* the source (NS) or target (NA)
					 * link-layer address option */
	uint8_t		lla[6];
};

/* Builds the frame from eth_src to eth_dst carrying m (hop limit 255)
 * into f[0..ND_FRAME_MAX); returns its length. */
size_t	nd_build(uint8_t *f, const uint8_t eth_dst[6],
	    const uint8_t eth_src[6], const struct nd_msg *m);
/* Reads an Ethernet frame: 1 and m filled for a Neighbor Solicitation or
 * Advertisement that passes RFC 4861's checks (7.1.1, 7.1.2: hop limit
 * 255, code 0, the checksum, a length that holds it, options of non-zero
 * length, no link-layer option from the unspecified address, no
 * multicast target); -1 for an ICMPv6 message of either type that does
 * not; 0 for any other frame. */
int	nd_parse(const uint8_t *f, size_t caplen, struct nd_msg *m);
/* The solicited-node multicast address of a (ff02::1:ffXX:XXXX, its
 * low 24 bits), and the Ethernet address of a multicast one
 * (33:33 and its low 32 bits, RFC 2464). */
/* The ICMPv6 checksum of icmp[0..len) in the IPv6 packet ip6 (the
 * pseudo-header's addresses are read at ip6 + 8): 0 when a message
 * carrying its checksum is right.  icmp.c checks errors with it. */
uint16_t	icmp6_sum(const uint8_t *ip6, const uint8_t *icmp, size_t len);
void	nd_solicited(const uint8_t a[16], uint8_t out[16]);
void	nd_mcast_mac(const uint8_t a[16], uint8_t mac[6]);

#endif
