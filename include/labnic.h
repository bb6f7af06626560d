/* labnic.h - the lab NIC's link layer: tcpcraft as a host of its own
 *
 * With -i IFACE (not loopback) every segment leaves as an Ethernet frame
 * written to a packet socket, so nothing of the local IP stack touches it
 * (no routing, no netfilter, no neighbour code).  A source address the
 * local kernel does not own (--src, or connect ... from ADDR) becomes a
 * lab address: tcpcraft gives it a MAC of its own (02:74:63 and the
 * address's low three bytes), answers ARP for it and resolves its
 * neighbours itself.  Frames for that MAC are "other host" to the local
 * kernel, which drops them before IP: it never sees the conversation, so
 * it never resets it and no firewall rule is needed.
 */
#ifndef TC_LABNIC_H
#define TC_LABNIC_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

struct session;

/* 1 when the session's lab interface is a real link (not loopback):
 * every segment then goes through labnic_send. */
int	labnic_active(struct session *s);
/* Does the local kernel own addr (an address of this host)? */
int	labnic_kernel_owns(uint32_t addr);
/* Makes addr (not the kernel's) one of ours on the lab interface: ARP is
 * answered for it from now on.  Refused without a lab interface: on
 * loopback the kernel's answers to a foreign source would leave the host. */
int	labnic_adopt(struct session *s, uint32_t addr, struct errbuf *e);
/* Is addr one of our lab addresses? */
int	labnic_owns(struct session *s, uint32_t addr);
/* Learns the MAC of the next hop towards dst (the kernel's neighbour
 * table, else an ARP request of our own from src), waiting up to about
 * a second.  Prints the answer. */
int	labnic_resolve(struct session *s, uint32_t dst, uint32_t src,
	    struct errbuf *e);
/* Sends the IPv4 packet pkt[0..len) in an Ethernet frame. */
int	labnic_send(struct session *s, const uint8_t *pkt, size_t len,
	    struct errbuf *e);
/* A captured frame: 1 when it was ARP (handled here), 0 otherwise. */
int	labnic_frame(struct session *s, const uint8_t *frame, size_t caplen);
/* The capture filter term for ARP ("arp"), empty when not active. */
const char	*labnic_filter(struct session *s);
void	labnic_close(struct session *s);

#endif
