/* ipaddr.h - an IPv4 or IPv6 address, tagged with its family
 *
 * packetdrill's struct ip_address has the same shape: the family says which
 * member of the union is in use.  An IPv4 address is kept as a number in
 * host byte order (as struct seg always kept it); an IPv6 one as its
 * sixteen bytes in network order.  af 0 is "no address" (the zero value).
 */
#ifndef TC_IPADDR_H
#define TC_IPADDR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define IPADDR_STRLEN	46	/* INET6_ADDRSTRLEN */

struct ipaddr {
	uint8_t		af;	/* AF_INET, AF_INET6; 0: none */
	union {
		uint32_t	v4;	/* host byte order */
		uint8_t		v6[16];
	};
};

static inline struct ipaddr
ipaddr_v4(uint32_t a)
{
	struct ipaddr x = { .af = AF_INET, .v4 = a };

	return x;
}

/* A pointer to an IPv4 address, for calls from code that has only one */
#define IPADDR4(a)	(&(const struct ipaddr){ .af = AF_INET, .v4 = (a) })

struct ipaddr	ipaddr_v6(const uint8_t b[16]);
int	ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b);
/* 0.0.0.0 or :: (and af 0) */
int	ipaddr_is_any(const struct ipaddr *a);
/* 127.0.0.0/8 or ::1 */
int	ipaddr_is_loopback(const struct ipaddr *a);
/* The unspecified address of a's family. */
struct ipaddr	ipaddr_any(int af);
/* 64 bits that differ when the addresses do (for IPv4 the address
 * itself, so keys built from them keep their old order). */
uint64_t	ipaddr_fold(const struct ipaddr *a);
/* "127.0.0.1", "::1" (RFC 5952), "-" for af 0.  Returns buf. */
const char	*ipaddr_str(const struct ipaddr *a, char *buf, size_t len);
/* A numeric literal of either family, with or without [ ] around an
 * IPv6 one; af 0 accepts both, else only that family.  -1: not one. */
int	ipaddr_parse(const char *s, int af, struct ipaddr *a);
/* The bytes in network order (4 or 16); returns their count. */
size_t	ipaddr_bytes(const struct ipaddr *a, uint8_t out[16]);
/* Reads 4 or 16 bytes in network order. */
struct ipaddr	ipaddr_from_bytes(int af, const uint8_t *b);
/* a:port as a socket address of its family (af 0: 0.0.0.0); returns
 * its length. */
socklen_t	ipaddr_sockaddr(const struct ipaddr *a, uint16_t port,
		    struct sockaddr_storage *ss);

#endif
