/* tcpmetrics.c - forget the kernel's cached RTT for a peer address
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `ip tcp_metrics delete ADDR` does, through the "tcp_metrics"
 * generic netlink family: resolve the family's id, read the entry (to
 * say what was forgotten), delete it.  The socket and the family's id
 * are kept for the process, as route.c and sockdiag.c keep theirs:
 * every connect asks, and opening and resolving again cost a quarter of
 * a short scripted session.  The kernel deletes by exact
 * destination and, when given, source; without a destination it would
 * flush every entry, so one is always sent.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/tcp_metrics.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "errbuf.h"
#include "nlwait.h"
#include "out.h"
#include "priv.h"
#include "tcpmetrics.h"

/* A request: the netlink and genetlink headers and two addresses. */
#define TCPM_REQSZ	(MNL_NLMSG_HDRLEN + MNL_ALIGN(GENL_HDRLEN) + 64)

static struct mnl_socket	*tm_nl;
static uint16_t			 tm_family;	/* 0: not resolved yet */
static uint32_t			 tm_seq;

static struct nlmsghdr *
req_init(uint8_t *buf, uint16_t type, uint8_t cmd, uint16_t flags,
    uint32_t seq)
{
	struct nlmsghdr *nh;
	struct genlmsghdr *g;

	memset(buf, 0, TCPM_REQSZ);
	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = type;
	nh->nlmsg_flags = NLM_F_REQUEST | flags;
	nh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nh;
}

/* Sends nh and runs cb on its answer: the kernel's error (0 or -errno),
 * or -errno when the socket failed. */
static int
talk(struct mnl_socket *nl, struct nlmsghdr *nh, mnl_cb_t cb, void *arg)
{
	int kerr;

	if (mnl_socket_sendto(nl, nh, nh->nlmsg_len) == -1 ||
	    nlwait(nl, nh->nlmsg_seq, cb, arg, &kerr) == -1)
		return -errno;
	return kerr;
}

/* The payload of the genetlink message nh's top-level attribute type,
 * when valid as vt, or NULL. */
static const struct nlattr *
genl_attr(const struct nlmsghdr *nh, uint16_t type, enum mnl_attr_data_type vt)
{
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nh) < GENL_HDRLEN)
		return NULL;
	mnl_attr_for_each(a, nh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return mnl_attr_validate(a, vt) == 0 ? a : NULL;
	return NULL;
}

static int
on_family(const struct nlmsghdr *nh, void *arg)
{
	const struct nlattr *a;

	if ((a = genl_attr(nh, CTRL_ATTR_FAMILY_ID, MNL_TYPE_U16)) != NULL)
		*(uint16_t *)arg = mnl_attr_get_u16(a);
	return MNL_CB_STOP;
}

/* The cached RTT in the answer to a GET, in microseconds (0: none). */
static int
on_metrics(const struct nlmsghdr *nh, void *arg)
{
	const struct nlattr *vals, *a;
	uint32_t *us = arg;

	if ((vals = genl_attr(nh, TCP_METRICS_ATTR_VALS,
	    MNL_TYPE_NESTED)) == NULL)
		return MNL_CB_STOP;
	/* inside the nest, metric i is attribute i + 1; the kernel gives
	 * the RTT in microseconds, older ones in milliseconds */
	mnl_attr_for_each_nested(a, vals) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) != 0)
			continue;
		if (mnl_attr_get_type(a) == TCP_METRIC_RTT_US + 1)
			*us = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == TCP_METRIC_RTT + 1 && *us == 0)
			*us = mnl_attr_get_u32(a) * 1000;
	}
	return MNL_CB_STOP;
}

static void
put_addrs(struct nlmsghdr *nh, const struct ipaddr *daddr,
    const struct ipaddr *saddr)
{
	uint8_t b[16];
	size_t n;
	int v6 = daddr->af == AF_INET6;

	n = ipaddr_bytes(daddr, b);
	mnl_attr_put(nh, v6 ? TCP_METRICS_ATTR_ADDR_IPV6 :
	    TCP_METRICS_ATTR_ADDR_IPV4, n, b);
	if (saddr != NULL && !ipaddr_is_any(saddr) &&
	    saddr->af == daddr->af) {
		n = ipaddr_bytes(saddr, b);
		mnl_attr_put(nh, v6 ? TCP_METRICS_ATTR_SADDR_IPV6 :
		    TCP_METRICS_ATTR_SADDR_IPV4, n, b);
	}
}

/* The socket, open, and the family's id; -1 with e set. */
static int
tm_open(struct errbuf *e)
{
	uint8_t buf[TCPM_REQSZ] __attribute__((aligned(4)));
	struct timeval tv = { 1, 0 };	/* the kernel answers at once */
	struct nlmsghdr *nh;
	int n;

	if (tm_nl != NULL && tm_family != 0)
		return 0;
	if (tm_nl == NULL &&
	    ((tm_nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC)) ==
	    NULL || mnl_socket_bind(tm_nl, 0, MNL_SOCKET_AUTOPID) == -1)) {
		err_set(e, 0, "tcp_metrics: netlink socket: %s",
		    strerror(errno));
		goto fail;
	}
	(void)setsockopt(mnl_socket_get_fd(tm_nl), SOL_SOCKET, SO_RCVTIMEO,
	    &tv, sizeof(tv));
	nh = req_init(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, ++tm_seq);
	mnl_attr_put_strz(nh, CTRL_ATTR_FAMILY_NAME, TCP_METRICS_GENL_NAME);
	if ((n = talk(tm_nl, nh, on_family, &tm_family)) != 0 ||
	    tm_family == 0) {
		err_set(e, 0, "tcp_metrics: no such netlink family: %s",
		    strerror(n < 0 ? -n : EPROTO));
		goto fail;
	}
	return 0;
fail:
	if (tm_nl != NULL)
		mnl_socket_close(tm_nl);
	tm_nl = NULL;
	tm_family = 0;
	return -1;
}

int
tcpmetrics_forget(const struct ipaddr *daddr, const struct ipaddr *saddr,
    uint32_t *rtt_us, struct errbuf *e)
{
	uint8_t buf[2 * TCPM_REQSZ] __attribute__((aligned(4)));
	struct nlmsghdr *get, *del;
	uint32_t left = 0, seq;
	int nget, ndel;

	*rtt_us = 0;
	if (tm_open(e) != 0)
		return -1;
	/* GET and DEL in one datagram, one system call: the kernel answers
	 * the GET before it deletes.  GET needs no privilege, and its
	 * answer decides: nothing cached, nothing to say (DEL's EPERM
	 * without CAP_NET_ADMIN included).  The RTT it shows is what we
	 * forget, kept as srtt: 8 x the RTT. */
	seq = tm_seq += 2;
	get = req_init(buf, tm_family, TCP_METRICS_CMD_GET, 0, seq - 1);
	put_addrs(get, daddr, saddr);
	del = req_init(buf + MNL_ALIGN(get->nlmsg_len), tm_family,
	    TCP_METRICS_CMD_DEL, NLM_F_ACK, seq);
	put_addrs(del, daddr, saddr);
	/* the kernel checks DEL's right as it is sent (priv.h) */
	priv_raise(PRIV_NET_ADMIN);
	nget = mnl_socket_sendto(tm_nl, buf, MNL_ALIGN(get->nlmsg_len) +
	    del->nlmsg_len) == -1 ? -1 : 0;
	priv_lower();
	if (nget == -1 ||
	    nlwait(tm_nl, seq - 1, on_metrics, rtt_us, &nget) == -1 ||
	    nlwait(tm_nl, seq, on_metrics, &left, &ndel) == -1) {
		err_set(e, 0, "tcp_metrics: %s", strerror(errno));
		return -1;
	}
	*rtt_us /= 8;
	if (nget == -ESRCH || nget == -ENOENT || ndel == -ESRCH ||
	    ndel == -ENOENT)
		return 0;		/* nothing cached */
	if (ndel == 0)
		return 1;
	err_set(e, 0, "tcp_metrics: delete: %s", strerror(-ndel));
	return -1;
}

void
tcpmetrics_fresh_peer(const struct ipaddr *ours, const struct ipaddr *peer)
{
	struct errbuf e;
	char a[IPADDR_STRLEN], rtt[48] = "";
	uint32_t us;
	int rc;

	err_clear(&e);
	rc = tcpmetrics_forget(ours, peer, &us, &e);
	ipaddr_str(ours, a, sizeof(a));
	if (rc == -1)
		out_printf("warning: cannot flush the kernel's cached RTT for "
		    "%s (%s): the peer's first retransmission may come late\n",
		    a, e.msg);
	else if (rc == 1) {
		if (us != 0)
			snprintf(rtt, sizeof(rtt), " (%u.%02u s)",
			    us / 1000000, us % 1000000 / 10000);
		out_printf("flushed the kernel's cached RTT for %s%s, left by "
		    "an earlier connection: the peer's timers start afresh\n",
		    a, rtt);
	}
}
