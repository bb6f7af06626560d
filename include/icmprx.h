/* icmprx.h - an arriving ICMP error put on its connection's timeline */
#ifndef TC_ICMPRX_H
#define TC_ICMPRX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

struct session;

/* The IP packet pkt[0..len) is an ICMP datagram (IPv4's protocol 1,
 * IPv6's next header 58).  When it
 * is an error quoting one of our connections' segments it is logged
 * against that connection, checked (RFC 5927), applied (a need-frag's or
 * packet too big's path MTU, unless set pmtu off), shown and offered to the pending
 * expect; anything else is dropped without a word. */
void	icmprx_input(struct session *s, const struct timeval *ts,
	    const uint8_t *pkt, size_t len);

#endif
