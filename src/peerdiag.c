/* peerdiag.c - the kernel's own view of the peer's TCP socket
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request, one answer: an exact lookup by 4-tuple (no NLM_F_DUMP)
 * returns the socket in any state, TIME-WAIT included, or the listener
 * on the local end when there is none (its remote end is 0.0.0.0:0, so
 * it is not taken for the socket asked for); a listener is found with a
 * dump of LISTEN sockets.  The request's family picks the kernel's table:
 * AF_INET6 for an IPv6 connection, whose addresses fill all four words
 * of the socket id.  libmnl walks every message and attribute
 * against the length the kernel gave.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "nlwait.h"
#include "peerdiag.h"

#define NETNS_DIR	"/run/netns"
#define ST_LISTEN	10	/* TCP_LISTEN in the kernel's numbering */

static const char *const ss_names[] = {
	"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
	"FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK",
	"LISTEN", "CLOSING", "NEW-SYN-RECV",
};
static const char *const rfc_names[] = {
	"UNKNOWN", "ESTABLISHED", "SYN-SENT", "SYN-RECEIVED", "FIN-WAIT-1",
	"FIN-WAIT-2", "TIME-WAIT", "CLOSED", "CLOSE-WAIT", "LAST-ACK",
	"LISTEN", "CLOSING", "SYN-RECEIVED",
};
#define NSTATES	(sizeof(ss_names) / sizeof(ss_names[0]))

const char *
peerdiag_state_ss(uint8_t st)
{
	return st < NSTATES ? ss_names[st] : "UNKNOWN";
}

const char *
peerdiag_state_rfc(uint8_t st)
{
	return st < NSTATES ? rfc_names[st] : "UNKNOWN";
}

/* A NETLINK_SOCK_DIAG socket, created inside netns when one is named:
 * a socket belongs to the namespace it was created in, so the process
 * goes back to its own right after. */
static struct mnl_socket *
diag_socket(const char *netns, struct errbuf *e)
{
	struct timeval tv = { 1, 0 };
	struct mnl_socket *nl;
	char path[256];
	int self = -1, target = -1, saved;

	if (netns != NULL && netns[0] != '\0') {
		if (strchr(netns, '/') != NULL || strcmp(netns, "..") == 0) {
			err_set(e, 0, "bad namespace name '%s'", netns);
			return NULL;
		}
		snprintf(path, sizeof(path), NETNS_DIR "/%s", netns);
		if ((target = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			err_set(e, 0, "namespace %s: %s", netns,
			    strerror(errno));
			return NULL;
		}
		if ((self = open("/proc/self/ns/net", O_RDONLY |
		    O_CLOEXEC)) == -1) {
			saved = errno;
			close(target);
			err_set(e, 0, "our namespace: %s", strerror(saved));
			return NULL;
		}
		if (setns(target, CLONE_NEWNET) == -1) {
			saved = errno;
			close(target);
			close(self);
			err_set(e, 0, "enter namespace %s: %s", netns,
			    strerror(saved));
			return NULL;
		}
	}
	nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	saved = errno;
	if (self != -1) {
		/* back home whatever happened: a shell left in the peer's
		 * namespace would send from the wrong place */
		if (setns(self, CLONE_NEWNET) == -1) {
			saved = errno;
			if (nl != NULL)
				mnl_socket_close(nl);
			nl = NULL;
		}
		close(self);
		close(target);
	}
	if (nl == NULL) {
		err_set(e, 0, "sock_diag socket: %s", strerror(saved));
		return NULL;
	}
	(void)setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv));
	return nl;
}

/* Sends the request r (NLM_F_DUMP when dump) as message number 1. */
static int
send_req(struct mnl_socket *nl, const struct inet_diag_req_v2 *r, int dump)
{
	uint8_t buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*r))]
	    __attribute__((aligned(4)));
	struct nlmsghdr *nh;

	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	nh->nlmsg_seq = 1;
	memcpy(mnl_nlmsg_put_extra_header(nh, sizeof(*r)), r, sizeof(*r));
	return mnl_socket_sendto(nl, nh, nh->nlmsg_len) ==
	    (ssize_t)nh->nlmsg_len ? 0 : -1;
}

static int
on_attr(const struct nlattr *a, void *arg)
{
	struct peerdiag *d = arg;
	size_t n = mnl_attr_get_payload_len(a);

	if (mnl_attr_get_type(a) != INET_DIAG_INFO)
		return MNL_CB_OK;
	d->tilen = n < sizeof(d->ti) ? n : sizeof(d->ti);
	memcpy(&d->ti, mnl_attr_get_payload(a), d->tilen);
	return MNL_CB_OK;
}

/* The address in the 4 words of an inet_diag_sockid: an IPv4 one in
 * the first word, an IPv6 one in all four, in network order. */
static void
diag_addr(uint32_t w[4], const struct ipaddr *a)
{
	uint8_t b[16];
	size_t n = ipaddr_bytes(a, b);

	memset(w, 0, 4 * sizeof(w[0]));
	memcpy(w, b, n);
}

/* What peerdiag_get asks and what it found. */
struct lookup {
	uint32_t	 raddr[4];
	uint16_t	 rport;
	struct peerdiag	*d;
	int		 found;
};

static int
on_sock(const struct nlmsghdr *nh, void *arg)
{
	struct lookup *l = arg;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nh);

	if (nh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    mnl_nlmsg_get_payload_len(nh) < sizeof(*m))
		return MNL_CB_OK;
	/* the listener answers for a tuple it does not have */
	if (m->id.idiag_dport != htons(l->rport) ||
	    memcmp(m->id.idiag_dst, l->raddr, sizeof(l->raddr)) != 0)
		return MNL_CB_STOP;
	l->d->state = m->idiag_state;
	l->d->inode = m->idiag_inode;
	l->d->rqueue = m->idiag_rqueue;
	l->d->wqueue = m->idiag_wqueue;
	(void)mnl_attr_parse(nh, sizeof(*m), on_attr, l->d);
	l->found = 1;
	return MNL_CB_STOP;
}

int
peerdiag_get(const char *netns, const struct ipaddr *laddr, uint16_t lport,
    const struct ipaddr *raddr, uint16_t rport, struct peerdiag *d,
    struct errbuf *e)
{
	struct inet_diag_req_v2 r;
	struct lookup l;
	struct mnl_socket *nl;
	int kerr, rc = 0;

	memset(d, 0, sizeof(*d));
	memset(&l, 0, sizeof(l));
	diag_addr(l.raddr, raddr);
	l.rport = rport;
	l.d = d;
	if ((nl = diag_socket(netns, e)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	/* the family names the socket table: an IPv6 socket is only
	 * found by an AF_INET6 request */
	r.sdiag_family = laddr->af == AF_INET6 ? AF_INET6 : AF_INET;
	r.sdiag_protocol = IPPROTO_TCP;
	r.idiag_ext = 1 << (INET_DIAG_INFO - 1);
	r.idiag_states = ~0u;
	r.id.idiag_sport = htons(lport);
	r.id.idiag_dport = htons(rport);
	diag_addr(r.id.idiag_src, laddr);
	diag_addr(r.id.idiag_dst, raddr);
	r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send_req(nl, &r, 0) == -1)
		rc = err_set(e, 0, "sock_diag request: %s", strerror(errno));
	else if (nlwait(nl, 1, on_sock, &l, &kerr) == -1)
		rc = err_set(e, 0, "sock_diag answer: %s", strerror(errno));
	else if (kerr != 0 && kerr != -ENOENT)	/* ENOENT: no such socket */
		rc = err_set(e, 0, "sock_diag: %s", strerror(-kerr));
	else if (l.found) {
		snprintf(d->netns, sizeof(d->netns), "%s",
		    netns != NULL ? netns : "");
		rc = 1;
	}
	mnl_socket_close(nl);
	return rc;
}

int
peerdiag_find(const struct ipaddr *laddr, uint16_t lport,
    const struct ipaddr *raddr, uint16_t rport, struct peerdiag *d,
    struct errbuf *e)
{
	struct dirent *de;
	struct errbuf ie;
	DIR *dir;
	int rc;

	if ((rc = peerdiag_get(NULL, laddr, lport, raddr, rport, d, e)) != 0)
		return rc;
	if ((dir = opendir(NETNS_DIR)) == NULL)
		return 0;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		err_clear(&ie);
		if (peerdiag_get(de->d_name, laddr, lport, raddr, rport, d,
		    &ie) == 1) {
			closedir(dir);
			return 1;
		}
	}
	closedir(dir);
	memset(d, 0, sizeof(*d));
	return 0;
}

/* The listening address and port a dump is searched for. */
struct listener {
	uint32_t	addr[4];
	uint16_t	port;
	int		found;
};

static int
on_listener(const struct nlmsghdr *nh, void *arg)
{
	static const uint32_t any[4];
	struct listener *l = arg;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nh);

	if (mnl_nlmsg_get_payload_len(nh) < sizeof(*m))
		return MNL_CB_OK;
	if (ntohs(m->id.idiag_sport) == l->port &&
	    (memcmp(m->id.idiag_src, l->addr, sizeof(l->addr)) == 0 ||
	    memcmp(m->id.idiag_src, any, sizeof(any)) == 0))
		l->found = 1;
	return MNL_CB_OK;	/* to the end of the dump */
}

int
peerdiag_listening(const char *netns, const struct ipaddr *addr,
    uint16_t port)
{
	struct inet_diag_req_v2 r;
	struct listener l;
	struct mnl_socket *nl;
	struct errbuf e;
	int kerr, rc;

	memset(&l, 0, sizeof(l));
	diag_addr(l.addr, addr);
	l.port = port;
	if ((nl = diag_socket(netns, &e)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.sdiag_family = addr->af == AF_INET6 ? AF_INET6 : AF_INET;
	r.sdiag_protocol = IPPROTO_TCP;
	r.idiag_states = 1u << ST_LISTEN;
	if (send_req(nl, &r, 1) == -1 ||
	    nlwait(nl, 1, on_listener, &l, &kerr) == -1 || kerr != 0)
		rc = -1;
	else
		rc = l.found;
	mnl_socket_close(nl);
	return rc;
}
