/* nlwait.c - the kernel's answers to one netlink request
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libmnl splits the datagrams and dispatches each message; the callbacks
 * here drop what carries another sequence number and note when the
 * answer is complete.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "nlwait.h"

/* A dump of every TCP socket in a namespace fits in a few datagrams;
 * the bound only keeps a confused kernel from holding us forever. */
#define NLWAIT_BUFSZ	16384
#define NLWAIT_READS	256

struct waiter {
	uint32_t	 seq;
	mnl_cb_t	 cb;
	void		*arg;
	int		 kerr;
	int		 done;
};

ssize_t
nlwait_recv(struct mnl_socket *nl, void *buf, size_t len)
{
	ssize_t n;

	n = recv(mnl_socket_get_fd(nl), buf, len, MSG_TRUNC);
	if (n > (ssize_t)len) {
		errno = ENOSPC;		/* as mnl_socket_recvfrom() says it */
		return -1;
	}
	return n;
}

static int
on_data(const struct nlmsghdr *nh, void *p)
{
	struct waiter *w = p;
	int rc;

	if (nh->nlmsg_seq != w->seq)
		return MNL_CB_OK;	/* an answer to an older question */
	if ((rc = w->cb(nh, w->arg)) <= MNL_CB_STOP)
		w->done = 1;
	return rc;
}

static int
on_done(const struct nlmsghdr *nh, void *p)
{
	struct waiter *w = p;

	if (nh->nlmsg_seq != w->seq)
		return MNL_CB_OK;
	w->done = 1;
	return MNL_CB_STOP;
}

static int
on_error(const struct nlmsghdr *nh, void *p)
{
	struct waiter *w = p;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nh);

	if (nh->nlmsg_seq != w->seq)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nh) < sizeof(*err)) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	w->kerr = err->error;
	w->done = 1;
	return MNL_CB_STOP;
}

int
nlwait(struct mnl_socket *nl, uint32_t seq, mnl_cb_t cb, void *arg,
    int *kerr)
{
	uint8_t buf[NLWAIT_BUFSZ] __attribute__((aligned(4)));
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = on_error,
		[NLMSG_DONE] = on_done,
	};
	struct waiter w = { seq, cb, arg, 0, 0 };
	ssize_t n;
	int reads;

	*kerr = 0;
	for (reads = 0; !w.done; reads++) {
		if (reads == NLWAIT_READS) {
			errno = EPROTO;
			return -1;
		}
		if ((n = nlwait_recv(nl, buf, sizeof(buf))) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			if (n == 0)
				errno = EPROTO;
			return -1;
		}
		if (mnl_cb_run2(buf, (size_t)n, 0, 0, on_data, &w, ctl,
		    NLMSG_MIN_TYPE) == MNL_CB_ERROR)
			return -1;
	}
	*kerr = w.kerr;
	return 0;
}
