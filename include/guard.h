/* guard.h - the kernel-RST guard
 *
 * The local kernel knows nothing of a connection the shell holds, so it
 * answers the peer's segments with RST.  The guard is one nftables table,
 * created with "flags owner" so the kernel removes it when this process
 * exits however it exits (SIGKILL included), holding two sets:
 *   conns    ip saddr . tcp sport . ip daddr . tcp dport  (our end first)
 *   listens  ip saddr . tcp sport                          (listen ports)
 * and their IPv6 twins conns6 and listens6 (ip6 saddr ...), with a rule
 * per set on the output hook dropping RSTs from those ends unless they
 * carry INJECT_MARK (the user's own RSTs).
 */
#ifndef TC_GUARD_H
#define TC_GUARD_H

#include <stdint.h>

#include "errbuf.h"
#include "ipaddr.h"

struct guard;

/* Creates table "inet tcpcraft_<pid>" with its sets and rule. */
struct guard	*guard_open(struct errbuf *e);
/* An element: a connection (rport != 0) or a listening end (rport 0),
 * ports in host byte order; laddr's family picks the sets (raddr of af
 * 0 is that family's unspecified address). */
struct guard_elem {
	struct ipaddr	laddr, raddr;
	uint16_t	lport, rport;
};
/* Adds/removes one element. */
int	guard_add(struct guard *g, const struct guard_elem *el,
	    struct errbuf *e);
int	guard_del(struct guard *g, const struct guard_elem *el,
	    struct errbuf *e);
#define GUARD_BATCH	7	/* deletes guard_apply takes with its add */
/* Deletes del[0..ndel) and then adds *add (NULL: none) in one nftables
 * transaction, one system call and its answer: all of it is done, or
 * nothing (-1, e says why; also when g talks text, not netlink: then
 * guard_add and guard_del one by one). */
int	guard_apply(struct guard *g, const struct guard_elem *del,
	    size_t ndel, const struct guard_elem *add, struct errbuf *e);
const char	*guard_table(const struct guard *g);
/* Deletes the table and frees g (the kernel would on exit anyway). */
void	guard_close(struct guard *g);

#endif
