/* backend_tun.h - a tun device in a namespace of its own: the backend of
 * tcpcraft --packetdrill
 *
 * The kernel under test owns laddr on tun0 in a network namespace that
 * only one child process holds; the remote host (raddr, its prefix routed
 * to tun0) is nobody, so the kernel never meets it.  Segments the remote
 * sends are written into the tun device; what the kernel sends is read
 * from it, through the backend's dispatch into rx_input.
 */
#ifndef TC_BACKEND_TUN_H
#define TC_BACKEND_TUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "errbuf.h"
#include "ipaddr.h"

struct session;
struct backend_ops;
struct tun;

extern const struct backend_ops backend_tun;

/* Forks a child that lives in a fresh user namespace (root in it is an
 * unprivileged user outside) and a fresh network namespace owned by it,
 * and dies with its parent (PR_SET_PDEATHSIG): nothing named, so nothing
 * outlives the child even after SIGKILL.  Only per-namespace sysctls
 * are writable in there: the kernel itself refuses the others.  The
 * run itself is pid 1 of a new pid namespace under that child, so that
 * what its shell lines start dies with it.  0 in the run, the child's
 * pid in the parent, -1 with e. */
pid_t	tun_fork(struct errbuf *e);

/* The device's configuration, made by the backend's open (in the
 * child): laddr/lplen on tun0 (IPv6: without DAD), raddr/rplen routed
 * through it, the offloads packetdrill sets (checksum, TSO) so that the
 * kernel hands over TSO-sized segments, MTU mtu (0: the driver's 1500),
 * lo up.  Both addresses of one family. */
struct tun	*tun_new(const struct ipaddr *laddr, int lplen,
		    const struct ipaddr *raddr, int rplen, int mtu, int mss);
void	tun_free(struct tun *t);
/* The device's fd (for a caller that waits on more than it). */
int	tun_fd(const struct tun *t);

#endif
