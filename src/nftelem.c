/* nftelem.c - one set element, one nfnetlink batch
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch is BATCH_BEGIN, NEWSETELEM or DELSETELEM (asking for an
 * acknowledgement), BATCH_END.  The kernel processes it inside sendto(),
 * so its answer is queued when sendto() returns; the poll() only guards
 * against a kernel that says nothing.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <errno.h>
#include <poll.h>
#include <string.h>

#include "nftelem.h"

#define NFTELEM_BUFSZ	1024

struct nlbuf {
	uint8_t	b[NFTELEM_BUFSZ] __attribute__((aligned(4)));
	size_t	len;
	int	full;
};

static void *
put(struct nlbuf *m, size_t n)
{
	void *p;

	n = NLMSG_ALIGN(n);
	if (m->full || m->len + n > sizeof(m->b)) {
		m->full = 1;
		return NULL;
	}
	p = m->b + m->len;
	memset(p, 0, n);
	m->len += n;
	return p;
}

static struct nlmsghdr *
msg_begin(struct nlbuf *m, uint16_t type, uint16_t flags, uint8_t family,
    uint16_t res_id, uint32_t seq)
{
	struct nlmsghdr *h;
	struct nfgenmsg *g;

	if ((h = put(m, sizeof(*h))) == NULL || (g = put(m, sizeof(*g))) ==
	    NULL)
		return NULL;
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = seq;
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = htons(res_id);
	return h;
}

static void
msg_end(struct nlbuf *m, struct nlmsghdr *h)
{
	if (h != NULL && !m->full)
		h->nlmsg_len = (uint32_t)(m->b + m->len - (uint8_t *)h);
}

static struct nlattr *
attr(struct nlbuf *m, uint16_t type, const void *data, size_t n)
{
	struct nlattr *a;

	if ((a = put(m, NLA_HDRLEN + n)) == NULL)
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	if (n > 0)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, n);
	return a;
}

static void
nest_end(struct nlbuf *m, struct nlattr *a)
{
	if (a != NULL && !m->full)
		a->nla_len = (uint16_t)(m->b + m->len - (uint8_t *)a);
}

/* The kernel's answer to sequence number seq: 0 or -errno. */
static int
wait_ack(int fd, uint32_t seq)
{
	uint8_t buf[8192] __attribute__((aligned(4)));
	struct pollfd pfd;
	struct nlmsghdr *h;
	struct nlmsgerr *err;
	ssize_t n;
	size_t left;

	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 1000) <= 0)
			return -ETIMEDOUT;
		if ((n = recv(fd, buf, sizeof(buf), 0)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		left = (size_t)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
		    h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != seq || h->nlmsg_type != NLMSG_ERROR)
				continue;	/* not the answer we wait for */
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
				return -EPROTO;
			err = NLMSG_DATA(h);
			return err->error;
		}
	}
}

int
nftelem_send(int fd, uint32_t *seq, int add, const char *table,
    const char *set, const uint8_t *key, size_t keylen)
{
	struct nlbuf m;
	struct sockaddr_nl sa;
	struct nlmsghdr *h;
	struct nlattr *list, *el, *k;
	uint32_t s0 = ++*seq, s1 = ++*seq, s2 = ++*seq;

	m.len = 0;
	m.full = 0;
	h = msg_begin(&m, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC,
	    NFNL_SUBSYS_NFTABLES, s0);
	msg_end(&m, h);
	h = msg_begin(&m, (NFNL_SUBSYS_NFTABLES << 8) |
	    (add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM),
	    NLM_F_ACK | (add ? NLM_F_CREATE : 0), NFPROTO_INET, 0, s1);
	attr(&m, NFTA_SET_ELEM_LIST_TABLE, table, strlen(table) + 1);
	attr(&m, NFTA_SET_ELEM_LIST_SET, set, strlen(set) + 1);
	list = attr(&m, NFTA_SET_ELEM_LIST_ELEMENTS | NLA_F_NESTED, NULL, 0);
	el = attr(&m, NFTA_LIST_ELEM | NLA_F_NESTED, NULL, 0);
	k = attr(&m, NFTA_SET_ELEM_KEY | NLA_F_NESTED, NULL, 0);
	attr(&m, NFTA_DATA_VALUE, key, keylen);
	nest_end(&m, k);
	nest_end(&m, el);
	nest_end(&m, list);
	msg_end(&m, h);
	h = msg_begin(&m, NFNL_MSG_BATCH_END, 0, AF_UNSPEC,
	    NFNL_SUBSYS_NFTABLES, s2);
	msg_end(&m, h);
	if (m.full)
		return -EMSGSIZE;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, m.b, m.len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return wait_ack(fd, s1);
}
