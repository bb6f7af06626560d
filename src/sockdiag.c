/* sockdiag.c - an exact 4-tuple lookup in the kernel's TCP tables
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SOCK_DIAG_BY_FAMILY request without NLM_F_DUMP makes the kernel run
 * inet_lookup() for the tuple: established and TIME-WAIT sockets first,
 * then a listener on the local end.  A listener is not the 4-tuple (its
 * remote end is 0.0.0.0:0), so an answer is only a yes when its remote
 * end is the one asked for.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "sockdiag.h"

/* One socket for the session: a connect asks up to four times, and a
 * socket and a close cost more than the question. */
static int	diag_fd = -1;
static uint32_t	diag_seq;

int
sockdiag_tcp_exists(uint32_t la, uint16_t lp, uint32_t ra, uint16_t rp)
{
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;
	union {
		struct nlmsghdr	nlh;
		char		buf[8192];
	} ans;
	struct sockaddr_nl sa;
	const struct inet_diag_msg *m;
	const struct nlmsgerr *err;
	ssize_t n;
	int fd, rc = -1;

	if (diag_fd == -1 && (diag_fd = socket(AF_NETLINK, SOCK_DGRAM |
	    SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) == -1)
		return -1;
	fd = diag_fd;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.nlh.nlmsg_seq = ++diag_seq;
	req.r.sdiag_family = AF_INET;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0u;
	req.r.id.idiag_sport = htons(lp);
	req.r.id.idiag_dport = htons(rp);
	req.r.id.idiag_src[0] = htonl(la);
	req.r.id.idiag_dst[0] = htonl(ra);
	req.r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) != (ssize_t)sizeof(req))
		goto out;
	/* the kernel answers inside sendto(): an older answer (from a call
	 * that failed half way) is skipped by its sequence number */
	do
		n = recv(fd, &ans, sizeof(ans), 0);
	while ((n == -1 && errno == EINTR) || (n >= (ssize_t)sizeof(ans.nlh) &&
	    ans.nlh.nlmsg_seq != diag_seq));
	if (n < (ssize_t)sizeof(struct nlmsghdr) ||
	    !NLMSG_OK(&ans.nlh, (size_t)n))
		goto out;
	if (ans.nlh.nlmsg_type == NLMSG_ERROR) {
		if (ans.nlh.nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
			goto out;
		err = NLMSG_DATA(&ans.nlh);
		/* ENOENT: nothing there; anything else: cannot tell */
		rc = err->error == -ENOENT ? 0 : -1;
		goto out;
	}
	if (ans.nlh.nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    ans.nlh.nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		goto out;
	m = NLMSG_DATA(&ans.nlh);
	rc = m->id.idiag_dport == htons(rp) &&
	    m->id.idiag_dst[0] == htonl(ra) &&
	    m->id.idiag_sport == htons(lp);
out:
	if (rc == -1) {		/* start afresh next time */
		close(fd);
		diag_fd = -1;
	}
	return rc;
}
