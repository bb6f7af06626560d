/* backend.h - where segments go and come from: one interface, chosen once
 *
 * In the spirit of packetdrill's netdev_ops and libpcap's per-platform
 * pcap_t ops: the send path (tx.c), the receive path (rx.c), the loop
 * (loop.c) and the session's clock (sess.c) call these and never ask
 * which backend they have.  Three implement it:
 *
 *   backend_lo.c   loopback: libnet raw socket out, a packet socket in, the
 *                  nftables guard against the local kernel's RSTs
 *   labnic.c       a lab NIC (-i IFACE, Ethernet): frames out through a
 *                  packet socket with ARP and Neighbor Discovery of our
 *                  own, a packet socket in
 *   offline.c      offline (--offline PEER.pcap): nothing sent, the
 *                  peer's packets from a capture, a virtual clock; in a
 *                  lab shell (-i IFACE) with the lab NIC's addressing
 *
 * Each declares its ops table in its own header (backend_lo.h, labnic.h,
 * offline.h).  A new backend (a tun device for packetdrill scripts, IPv6)
 * is one file with its ops table, the table's extern line in its header
 * and one line in the chooser (sess_init.c, the only code that names the
 * backends).
 */
#ifndef TC_BACKEND_H
#define TC_BACKEND_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"
#include "ipaddr.h"

struct route;
struct session;
struct task;

/* What the backend is, for the few questions that depend on it. */
#define BE_KERNEL	0x01	/* the local kernel shares the addresses:
				 * its sockets, its RSTs (the guard), its
				 * TCP metrics */
#define BE_OWNADDR	0x02	/* answers for addresses the kernel does
				 * not own (ARP and ND of its own) */
#define BE_PRIV		0x04	/* needs CAP_NET_RAW and CAP_NET_ADMIN */

/* Bytes writable before each packet handed to sendmany: room for a
 * link header, so a flood's slots need no copy into frames. */
#define BE_HEADROOM	16

struct backend_ops {
	const char	*name;
	unsigned	 flags;		/* BE_* */
	/* The edges for segments through ifname, opened once a session:
	 * nothing on the per-packet path opens anything. */
	int	(*open)(struct session *s, const char *ifname,
		    struct errbuf *e);
	/* The fd that becomes readable when something arrived; -1: none
	 * (yet). */
	int	(*pollfd)(struct session *s);
	/* Lets time pass: until one of pfd[0..n) is ready, the session's
	 * next timer (rx_next_timer) or max_us (-1: no bound).  A live
	 * backend sleeps in ppoll; offline jumps its clock to the next
	 * event.  Returns ppoll's result. */
	int	(*wait)(struct session *s, struct pollfd *pfd, nfds_t n,
		    int64_t max_us);
	/* Hands everything that arrived (or fell due) to rx_input. */
	void	(*dispatch)(struct session *s);
	/* Sends the IPv4 packet pkt[0..len); link: it needs the link
	 * layer (a deliberately wrong IP checksum, say). */
	int	(*send)(struct session *s, const uint8_t *pkt, size_t len,
		    int link, struct errbuf *e);
	/* Sends the n IPv4 packets pkts[i][0..lens[i]) in batches (the
	 * flood path), each with BE_HEADROOM writable bytes before it.
	 * Returns how many left (0: the link is busy now), -1 with e set.
	 * NULL: the injector's raw socket (backend_sendmany). */
	int	(*sendmany)(struct session *s, uint8_t *const *pkts,
		    const size_t *lens, unsigned n, struct errbuf *e);
	/* A captured frame the link layer keeps for itself (ARP, Neighbor
	 * Discovery): 1 when taken.  NULL: none. */
	int	(*frame)(struct session *s, const uint8_t *frame,
		    size_t caplen);
	/* The session's clock, us since it started, and the wall clock of
	 * a packet (pcap timestamps). */
	uint64_t (*now)(const struct session *s);
	void	(*stamp)(const struct session *s, struct timeval *tv);
	/* Makes addr, which the local kernel does not own, ours; then
	 * learns the link address of the next hop to dst: known at once,
	 * or *learn is a task for the loop that learns it (its rc 0, or -1
	 * with e set; e outlives it).  NULL: refused (adopt) or nothing to
	 * learn (resolve).  Either family; dst and src of one. */
	int	(*adopt)(struct session *s, const struct ipaddr *addr,
		    struct errbuf *e);
	int	(*resolve)(struct session *s, const struct ipaddr *dst,
		    const struct ipaddr *src, struct task **learn,
		    struct errbuf *e);
	/* Is addr one of the backend's own (no kernel to guard against)? */
	int	(*owns)(struct session *s, const struct ipaddr *addr);
	/* A term ORed into the capture filter ("(arp or ...)", one
	 * parenthesised term); NULL or "": none. */
	const char *(*filter)(struct session *s);
	/* Closes what open opened (and what the backend holds). */
	void	(*close)(struct session *s);
};

/* backend.c: the optional ops, with what their absence means. */
int	backend_adopt(struct session *s, const struct ipaddr *addr,
	    struct errbuf *e);
int	backend_resolve(struct session *s, const struct ipaddr *dst,
	    const struct ipaddr *src, struct task **learn, struct errbuf *e);
int	backend_owns(struct session *s, const struct ipaddr *addr);
const char *backend_filter(struct session *s);
int	backend_sendmany(struct session *s, uint8_t *const *pkts,
	    const size_t *lens, unsigned n, struct errbuf *e);
/* Does the local kernel own addr (an address of this host)? */
int	backend_kernel_owns(const struct ipaddr *addr);
/* The source address of family af of a made-up connection (flood,
 * probe) routed by r: the session's lab address of that family (--src)
 * where the backend has addresses of its own, else the route's (for
 * IPv6, which struct route does not hold yet, the unspecified address:
 * the caller's to choose).  backend_own_source then makes it ours
 * (answering ARP or Neighbor Solicitations for it) when the kernel does
 * not own it: after the checks of a confined tcpcraft, as connect
 * adopts. */
struct ipaddr backend_source(struct session *s, const struct route *r,
	    int af);
int	backend_own_source(struct session *s, const struct ipaddr *src,
	    struct errbuf *e);

#endif
