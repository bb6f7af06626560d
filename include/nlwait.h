/* nlwait.h - the kernel's answers to one netlink request, through libmnl
 *
 * sock_diag and rtnetlink questions are asked on sockets kept open for
 * the session, so an answer to an earlier question (one that failed half
 * way) may still be queued: answers are told apart by sequence number.
 */
#ifndef TC_NLWAIT_H
#define TC_NLWAIT_H

#include <sys/types.h>

#include <stdint.h>

#include <libmnl/libmnl.h>

/* mnl_socket_recvfrom() without the sender's address: its recvmsg()
 * made a sock_diag or route question a sixth dearer than recv() does
 * (the kernel is the only sender on these sockets).  A datagram longer
 * than len fails with ENOSPC, as there. */
ssize_t	nlwait_recv(struct mnl_socket *nl, void *buf, size_t len);

/* Reads nl until the request numbered seq is answered, running cb on
 * each of its data messages: done when cb returns MNL_CB_STOP, at
 * NLMSG_DONE (the end of a dump), or at an NLMSG_ERROR, whose error
 * (0 or -errno) goes to *kerr (else 0).  Returns 0, or -1 with errno
 * set when the socket failed or the answers did not make sense. */
int	nlwait(struct mnl_socket *nl, uint32_t seq, mnl_cb_t cb, void *arg,
	    int *kerr);

#endif
