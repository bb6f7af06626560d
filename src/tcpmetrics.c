/* tcpmetrics.c - forget the kernel's cached RTT for a peer address
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `ip tcp_metrics delete ADDR` does, through the "tcp_metrics"
 * generic netlink family: resolve the family's id, read the entry (to
 * say what was forgotten), delete it.  The kernel deletes by exact
 * destination and, when given, source; without a destination it would
 * flush every entry, so one is always sent.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tcp_metrics.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sess.h"
#include "tcpmetrics.h"

#define TCPM_BUFSZ	4096

struct nlreq {
	struct nlmsghdr		nh;
	struct genlmsghdr	g;
	uint8_t			attrs[64];
};

static void
put_attr(struct nlreq *q, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *a;

	a = (struct nlattr *)((uint8_t *)q + NLMSG_ALIGN(q->nh.nlmsg_len));
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	q->nh.nlmsg_len = NLMSG_ALIGN(q->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void
req_init(struct nlreq *q, uint16_t type, uint8_t cmd, uint16_t flags)
{
	memset(q, 0, sizeof(*q));
	q->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	q->nh.nlmsg_type = type;
	q->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	q->g.cmd = cmd;
	q->g.version = 1;
}

/* Sends q and receives its answer into buf: the message's length, or 0
 * for an ack, or -errno from the kernel's error (or the socket's). */
static int
talk(int fd, struct nlreq *q, uint32_t seq, uint32_t *buf,
    struct nlmsghdr **ans)
{
	struct sockaddr_nl sa;
	struct nlmsghdr *nh;
	const struct nlmsgerr *ne;
	unsigned int left;
	ssize_t n;
	int tries;

	q->nh.nlmsg_seq = seq;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, q, q->nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		return -errno;
	/* an answer comes in one datagram; skip a few that are not ours */
	for (tries = 0; tries < 8; tries++) {
		if ((n = recv(fd, buf, TCPM_BUFSZ, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		left = (unsigned int)n;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left);
		    nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type != NLMSG_ERROR) {
				*ans = nh;
				return (int)nh->nlmsg_len;
			}
			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ne)))
				return -EPROTO;
			ne = NLMSG_DATA(nh);
			return ne->error;
		}
	}
	return -ETIMEDOUT;
}

/* The payload of attribute type in [p, p+len) when it is at least min
 * bytes long, or NULL. */
static const uint8_t *
find_attr(const uint8_t *p, size_t len, uint16_t type, size_t min)
{
	struct nlattr a;
	size_t off = 0;

	while (len - off >= NLA_HDRLEN) {
		memcpy(&a, p + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len - off)
			return NULL;
		if ((a.nla_type & NLA_TYPE_MASK) == type &&
		    (size_t)(a.nla_len - NLA_HDRLEN) >= min)
			return p + off + NLA_HDRLEN;
		off += NLA_ALIGN(a.nla_len);
		if (off > len)
			return NULL;
	}
	return NULL;
}

static int
family_id(int fd, uint32_t *buf, uint16_t *id)
{
	struct nlreq q;
	struct nlmsghdr *ans;
	const uint8_t *v;
	int n;

	req_init(&q, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put_attr(&q, CTRL_ATTR_FAMILY_NAME, TCP_METRICS_GENL_NAME,
	    sizeof(TCP_METRICS_GENL_NAME));
	if ((n = talk(fd, &q, 1, buf, &ans)) <= 0)
		return n < 0 ? n : -EPROTO;
	if (ans->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -EPROTO;
	v = find_attr((uint8_t *)NLMSG_DATA(ans) + GENL_HDRLEN,
	    ans->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), CTRL_ATTR_FAMILY_ID,
	    sizeof(*id));
	if (v == NULL)
		return -EPROTO;
	memcpy(id, v, sizeof(*id));
	return 0;
}

/* The cached RTT in the answer to a GET, in microseconds (0: none). */
static uint32_t
answer_rtt(const struct nlmsghdr *ans)
{
	const uint8_t *vals, *v;
	struct nlattr a;
	uint32_t us = 0, ms;

	if (ans->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return 0;
	vals = find_attr((const uint8_t *)NLMSG_DATA(ans) + GENL_HDRLEN,
	    ans->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), TCP_METRICS_ATTR_VALS,
	    0);
	if (vals == NULL)
		return 0;
	memcpy(&a, vals - NLA_HDRLEN, sizeof(a));
	/* inside the nest, metric i is attribute i + 1 */
	if ((v = find_attr(vals, a.nla_len - NLA_HDRLEN, TCP_METRIC_RTT_US + 1,
	    sizeof(us))) != NULL)
		memcpy(&us, v, sizeof(us));
	else if ((v = find_attr(vals, a.nla_len - NLA_HDRLEN,
	    TCP_METRIC_RTT + 1, sizeof(ms))) != NULL) {
		memcpy(&ms, v, sizeof(ms));
		us = ms * 1000;
	}
	return us;
}

int
tcpmetrics_forget(uint32_t daddr, uint32_t saddr, uint32_t *rtt_us,
    struct errbuf *e)
{
	uint32_t buf[TCPM_BUFSZ / sizeof(uint32_t)];	/* aligned */
	struct timeval tv = { 1, 0 };	/* the kernel answers at once */
	struct nlmsghdr *ans;
	struct nlreq q;
	uint32_t nd = htonl(daddr), ns = htonl(saddr);
	uint16_t id;
	int fd, n, rc = -1;

	*rtt_us = 0;
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_GENERIC)) == -1)
		return err_set(e, 0, "tcp_metrics: netlink socket: %s",
		    strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if ((n = family_id(fd, buf, &id)) != 0) {
		err_set(e, 0, "tcp_metrics: no such netlink family: %s",
		    strerror(-n));
		goto out;
	}
	/* GET needs no privilege: nothing cached, nothing to delete (and
	 * no warning without CAP_NET_ADMIN); the RTT it shows is what we
	 * forget */
	req_init(&q, id, TCP_METRICS_CMD_GET, 0);
	put_attr(&q, TCP_METRICS_ATTR_ADDR_IPV4, &nd, sizeof(nd));
	if (saddr != 0)
		put_attr(&q, TCP_METRICS_ATTR_SADDR_IPV4, &ns, sizeof(ns));
	n = talk(fd, &q, 2, buf, &ans);
	if (n == -ESRCH || n == -ENOENT) {
		rc = 0;
		goto out;
	}
	if (n > 0)
		*rtt_us = answer_rtt(ans) / 8;	/* kept as srtt: 8 x the RTT */
	req_init(&q, id, TCP_METRICS_CMD_DEL, NLM_F_ACK);
	put_attr(&q, TCP_METRICS_ATTR_ADDR_IPV4, &nd, sizeof(nd));
	if (saddr != 0)
		put_attr(&q, TCP_METRICS_ATTR_SADDR_IPV4, &ns, sizeof(ns));
	n = talk(fd, &q, 3, buf, &ans);
	if (n == 0)
		rc = 1;
	else if (n == -ESRCH || n == -ENOENT)
		rc = 0;		/* nothing cached */
	else
		err_set(e, 0, "tcp_metrics: delete: %s",
		    strerror(n < 0 ? -n : EPROTO));
out:
	close(fd);
	return rc;
}

void
tcpmetrics_fresh_peer(uint32_t ours, uint32_t peer)
{
	struct errbuf e;
	struct in_addr in;
	char a[INET_ADDRSTRLEN], rtt[48] = "";
	uint32_t us;
	int rc;

	err_clear(&e);
	rc = tcpmetrics_forget(ours, peer, &us, &e);
	in.s_addr = htonl(ours);
	inet_ntop(AF_INET, &in, a, sizeof(a));
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
