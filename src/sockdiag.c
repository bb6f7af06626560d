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
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "ipaddr.h"
#include "nlwait.h"
#include "sockdiag.h"

/* One socket for the session: a connect asks up to four times, and a
 * socket and a close cost more than the question. */
static struct mnl_socket	*diag_nl;
static uint32_t			 diag_seq;

struct tuple {
	struct ipaddr	la, ra;	/* one family */
	uint16_t	lp, rp;
	int		found;
	int		any;		/* a socket answered, the tuple's or not */
	struct sockdiag_sock sk;	/* what it is */
};

static int
on_sock(const struct nlmsghdr *nh, void *arg)
{
	struct tuple *t = arg;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nh);
	uint8_t ra[16];
	size_t n;

	if (nh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nh) < sizeof(*m))
		t->found = -1;		/* not an answer: cannot tell */
	else {
		n = ipaddr_bytes(&t->ra, ra);
		t->found = m->id.idiag_dport == htons(t->rp) &&
		    memcmp(m->id.idiag_dst, ra, n) == 0 &&
		    m->id.idiag_sport == htons(t->lp);
		t->any = 1;
		t->sk.uid = m->idiag_uid;
		t->sk.state = m->idiag_state;
		t->sk.exact = t->found;
		t->sk.orphan = m->idiag_inode == 0;
	}
	return MNL_CB_STOP;
}

/* The answer to the request numbered seq: 1, 0, or -1 cannot tell. */
static int
ask(struct mnl_socket *nl, uint32_t seq, struct tuple *t)
{
	uint8_t buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct
	    inet_diag_req_v2))] __attribute__((aligned(4)));
	struct nlmsghdr *nh;
	struct inet_diag_req_v2 *r;
	int kerr;

	memset(buf, 0, sizeof(buf));
	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nh->nlmsg_flags = NLM_F_REQUEST;
	nh->nlmsg_seq = seq;
	r = mnl_nlmsg_put_extra_header(nh, sizeof(*r));
	r->sdiag_family = t->la.af;
	r->sdiag_protocol = IPPROTO_TCP;
	r->idiag_states = ~0u;
	r->id.idiag_sport = htons(t->lp);
	r->id.idiag_dport = htons(t->rp);
	/* network order, the first 4 or all 16 bytes */
	(void)ipaddr_bytes(&t->la, (uint8_t *)r->id.idiag_src);
	(void)ipaddr_bytes(&t->ra, (uint8_t *)r->id.idiag_dst);
	r->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	r->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	/* the kernel answers inside sendto(); an older answer (from a
	 * call that failed half way) is skipped by its sequence number */
	if (mnl_socket_sendto(nl, nh, nh->nlmsg_len) !=
	    (ssize_t)nh->nlmsg_len || nlwait(nl, seq, on_sock, t, &kerr) == -1)
		return -1;
	if (kerr != 0)		/* ENOENT: nothing there; else: cannot tell */
		return kerr == -ENOENT ? 0 : -1;
	return t->found;
}

/* The question asked on the session's socket, opened the first time. */
static int
lookup(struct tuple *t)
{
	int rc;

	if (diag_nl == NULL && (diag_nl = mnl_socket_open2(NETLINK_SOCK_DIAG,
	    SOCK_CLOEXEC)) == NULL)
		return -1;
	if ((rc = ask(diag_nl, ++diag_seq, t)) == -1) {
		/* start afresh next time */
		mnl_socket_close(diag_nl);
		diag_nl = NULL;
	}
	return rc;
}

int
sockdiag_tcp_exists(const struct ipaddr *la, uint16_t lp,
    const struct ipaddr *ra, uint16_t rp)
{
	struct tuple t;

	memset(&t, 0, sizeof(t));
	t.la = *la;
	t.ra = *ra;
	t.ra.af = la->af;	/* a listener's "any" of af 0 */
	t.lp = lp;
	t.rp = rp;
	return lookup(&t);
}

int
sockdiag_tcp_owner_ip(const struct ipaddr *la, uint16_t lp,
    const struct ipaddr *ra, uint16_t rp, struct sockdiag_sock *sk)
{
	struct tuple t;

	memset(&t, 0, sizeof(t));
	t.la = *la;
	t.ra = *ra;
	t.ra.af = la->af;
	t.lp = lp;
	t.rp = rp;
	if (lookup(&t) == -1)
		return -1;
	*sk = t.sk;
	return t.any;
}

int
sockdiag_tcp_owner(uint32_t la, uint16_t lp, uint32_t ra, uint16_t rp,
    struct sockdiag_sock *sk)
{
	return sockdiag_tcp_owner_ip(IPADDR4(la), lp, IPADDR4(ra), rp, sk);
}
