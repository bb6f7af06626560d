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
#include "ipaddr.h"

struct session;
struct backend_ops;

/* The lab NIC's backend (backend.h), the ops table at the end of
 * labnic.c. */
extern const struct backend_ops backend_lab;

/* 1 when the session's lab interface is a real link (not loopback):
 * sess_init then picks backend_lab, and every segment leaves as a
 * frame. */
int	labnic_active(struct session *s);

#endif
