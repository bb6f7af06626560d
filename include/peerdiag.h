/* peerdiag.h - the kernel's own view of the peer's TCP socket
 *
 * NETLINK_SOCK_DIAG, inet_diag_req_v2 with INET_DIAG_INFO: the struct
 * tcp_info that ss -tin prints.  A socket in another network namespace
 * (a lab peer) is looked up through a diag socket opened inside it: the
 * process enters /run/netns/NAME only to create that socket.
 */
#ifndef TC_PEERDIAG_H
#define TC_PEERDIAG_H

#include <stddef.h>
#include <stdint.h>

#include <linux/tcp.h>

#include "errbuf.h"
#include "ipaddr.h"

struct peerdiag {
	uint8_t		state;		/* TCP_ESTABLISHED ... (linux/tcp.h) */
	uint32_t	inode;
	uint32_t	rqueue, wqueue;
	struct tcp_info	ti;		/* zeros past what the kernel gave */
	size_t		tilen;
	char		netns[64];	/* where it was found; "" ours */
};

/* The socket whose local end is laddr:lport and remote end raddr:rport
 * (one family, IPv4 or IPv6), in netns (NULL or "": ours).  Returns 1
 * found, 0 not there, -1 with e set. */
int	peerdiag_get(const char *netns, const struct ipaddr *laddr,
	    uint16_t lport, const struct ipaddr *raddr, uint16_t rport,
	    struct peerdiag *d, struct errbuf *e);
/* The same, looking in our namespace and then in every named one
 * (/run/netns): 1 found (d->netns says where), 0 nowhere, -1 error. */
int	peerdiag_find(const struct ipaddr *laddr, uint16_t lport,
	    const struct ipaddr *raddr, uint16_t rport, struct peerdiag *d,
	    struct errbuf *e);
/* Does a socket of addr's family listen on addr:port (or on 0.0.0.0:port,
 * [::]:port) in netns?  1 yes, 0 no, -1 cannot tell. */
int	peerdiag_listening(const char *netns, const struct ipaddr *addr,
	    uint16_t port);
/* ss's state words: "ESTAB", "SYN-RECV", "TIME-WAIT", ... */
const char	*peerdiag_state_ss(uint8_t state);
/* RFC 9293's: "ESTABLISHED", "SYN-RECEIVED", ... */
const char	*peerdiag_state_rfc(uint8_t state);

#endif
