/* peerdiag.c - the kernel's own view of the peer's TCP socket
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request, one answer: an exact lookup by 4-tuple (no NLM_F_DUMP)
 * returns the socket in any state, TIME-WAIT included, or the listener
 * on the local end when there is none (its remote end is 0.0.0.0:0, so
 * it is not taken for the socket asked for); a listener is found with a
 * dump of LISTEN sockets.  Every attribute is walked with RTA_OK against
 * the length the kernel gave.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
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

#include "peerdiag.h"

#define DIAG_BUFSZ	16384
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
static int
diag_socket(const char *netns, struct errbuf *e)
{
	struct timeval tv = { 1, 0 };
	char path[256];
	int self = -1, target = -1, fd = -1, saved;

	if (netns != NULL && netns[0] != '\0') {
		if (strchr(netns, '/') != NULL || strcmp(netns, "..") == 0)
			return err_set(e, 0, "bad namespace name '%s'", netns);
		snprintf(path, sizeof(path), NETNS_DIR "/%s", netns);
		if ((target = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return err_set(e, 0, "namespace %s: %s", netns,
			    strerror(errno));
		if ((self = open("/proc/self/ns/net", O_RDONLY |
		    O_CLOEXEC)) == -1) {
			saved = errno;
			close(target);
			return err_set(e, 0, "our namespace: %s",
			    strerror(saved));
		}
		if (setns(target, CLONE_NEWNET) == -1) {
			saved = errno;
			close(target);
			close(self);
			return err_set(e, 0, "enter namespace %s: %s", netns,
			    strerror(saved));
		}
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	saved = errno;
	if (self != -1) {
		/* back home whatever happened: a shell left in the peer's
		 * namespace would send from the wrong place */
		if (setns(self, CLONE_NEWNET) == -1) {
			if (fd != -1)
				close(fd);
			fd = -1;
			saved = errno;
		}
		close(self);
		close(target);
	}
	if (fd == -1)
		return err_set(e, 0, "sock_diag socket: %s", strerror(saved));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static int
send_req(int fd, const struct inet_diag_req_v2 *r, int dump)
{
	struct {
		struct nlmsghdr		nh;
		struct inet_diag_req_v2	r;
	} req;
	struct sockaddr_nl sa;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nh.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	req.nh.nlmsg_seq = 1;
	req.r = *r;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	return sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == (ssize_t)sizeof(req) ? 0 : -1;
}

static void
take_msg(const struct nlmsghdr *nh, struct peerdiag *d)
{
	const struct inet_diag_msg *m = NLMSG_DATA(nh);
	const struct rtattr *a;
	int len;

	d->state = m->idiag_state;
	d->inode = m->idiag_inode;
	d->rqueue = m->idiag_rqueue;
	d->wqueue = m->idiag_wqueue;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	for (a = (const struct rtattr *)(m + 1); RTA_OK(a, len);
	    a = RTA_NEXT(a, len)) {
		if (a->rta_type != INET_DIAG_INFO)
			continue;
		d->tilen = RTA_PAYLOAD(a) < sizeof(d->ti) ? RTA_PAYLOAD(a) :
		    sizeof(d->ti);
		memcpy(&d->ti, RTA_DATA(a), d->tilen);
	}
}

int
peerdiag_get(const char *netns, uint32_t laddr, uint16_t lport,
    uint32_t raddr, uint16_t rport, struct peerdiag *d, struct errbuf *e)
{
	struct inet_diag_req_v2 r;
	const struct inet_diag_msg *m;
	struct nlmsghdr *nh;
	uint32_t buf[DIAG_BUFSZ / 4];
	ssize_t n;
	int fd, rc = 0, tries;
	unsigned left;

	memset(d, 0, sizeof(*d));
	if ((fd = diag_socket(netns, e)) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.sdiag_family = AF_INET;
	r.sdiag_protocol = IPPROTO_TCP;
	r.idiag_ext = 1 << (INET_DIAG_INFO - 1);
	r.idiag_states = ~0u;
	r.id.idiag_sport = htons(lport);
	r.id.idiag_dport = htons(rport);
	r.id.idiag_src[0] = htonl(laddr);
	r.id.idiag_dst[0] = htonl(raddr);
	r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send_req(fd, &r, 0) == -1) {
		rc = err_set(e, 0, "sock_diag request: %s", strerror(errno));
		goto out;
	}
	for (tries = 0; tries < 4; tries++) {
		if ((n = recv(fd, buf, sizeof(buf), 0)) < 0) {
			if (errno == EINTR)
				continue;
			rc = err_set(e, 0, "sock_diag answer: %s",
			    strerror(errno));
			goto out;
		}
		left = (unsigned)n;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left);
		    nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *ne = NLMSG_DATA(nh);

				/* ENOENT: no such socket */
				if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof(*ne))
				    && ne->error != 0 && ne->error != -ENOENT)
					rc = err_set(e, 0, "sock_diag: %s",
					    strerror(-ne->error));
				goto out;
			}
			if (nh->nlmsg_type == NLMSG_DONE)
				goto out;
			if (nh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
				continue;
			m = NLMSG_DATA(nh);
			/* the listener answers for a tuple it does not have */
			if (m->id.idiag_dport != htons(rport) ||
			    m->id.idiag_dst[0] != htonl(raddr))
				goto out;
			take_msg(nh, d);
			snprintf(d->netns, sizeof(d->netns), "%s",
			    netns != NULL ? netns : "");
			rc = 1;
			goto out;
		}
	}
out:
	close(fd);
	return rc;
}

int
peerdiag_find(uint32_t laddr, uint16_t lport, uint32_t raddr,
    uint16_t rport, struct peerdiag *d, struct errbuf *e)
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

int
peerdiag_listening(const char *netns, uint32_t addr, uint16_t port)
{
	struct inet_diag_req_v2 r;
	struct nlmsghdr *nh;
	struct errbuf e;
	uint32_t buf[DIAG_BUFSZ / 4];
	ssize_t n;
	int fd, rc = 0, rounds;
	unsigned left;

	if ((fd = diag_socket(netns, &e)) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.sdiag_family = AF_INET;
	r.sdiag_protocol = IPPROTO_TCP;
	r.idiag_states = 1u << ST_LISTEN;
	if (send_req(fd, &r, 1) == -1) {
		close(fd);
		return -1;
	}
	for (rounds = 0; rounds < 256; rounds++) {
		if ((n = recv(fd, buf, sizeof(buf), 0)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		left = (unsigned)n;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left);
		    nh = NLMSG_NEXT(nh, left)) {
			const struct inet_diag_msg *m;
			uint32_t a;

			if (nh->nlmsg_type == NLMSG_DONE)
				goto out;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				rc = -1;
				goto out;
			}
			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
				continue;
			m = NLMSG_DATA(nh);
			a = ntohl(m->id.idiag_src[0]);
			if (ntohs(m->id.idiag_sport) == port &&
			    (a == addr || a == 0))
				rc = 1;
		}
	}
out:
	close(fd);
	return rc;
}
