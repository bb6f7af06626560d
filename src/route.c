/* route.c - ask the kernel where a packet to an IPv4 address would go
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One RTM_GETROUTE request over rtnetlink, the same question "ip route
 * get" asks.  A route lookup sends nothing on the wire, so the scope
 * guard can refuse an address before a single packet leaves.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "route.h"

#define ROUTE_BUFSZ	8192

/* Kept open for the session: a connect asks twice, and creating and
 * closing a socket costs more than the question. */
static int	rt_fd = -1, io_fd = -1;
static uint32_t	rt_seq;

static int
ioctl_fd(void)
{
	if (io_fd == -1)
		io_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return io_fd;
}

/* if_indextoname() without its socket per call */
static int
ifname_of(int ifindex, char name[IF_NAMESIZE])
{
	struct ifreq ifr;
	int fd;

	if ((fd = ioctl_fd()) == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = ifindex;
	if (ioctl(fd, SIOCGIFNAME, &ifr) == -1)
		return -1;
	memcpy(name, ifr.ifr_name, IF_NAMESIZE);
	name[IF_NAMESIZE - 1] = '\0';
	return 0;
}

struct route_req {
	struct nlmsghdr	nh;
	struct rtmsg	rt;
	char		attrs[64];
};

static void
addr_str(uint32_t a, char *buf, size_t len)
{
	struct in_addr in;

	in.s_addr = htonl(a);
	if (inet_ntop(AF_INET, &in, buf, len) == NULL)
		snprintf(buf, len, "?");
}

static void
put_attr(struct nlmsghdr *nh, unsigned short type, const void *data,
    size_t len)
{
	struct rtattr *rta;

	rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* The kernel answers a lookup that hits an unreachable, prohibit or
 * blackhole route with an errno whose text would mislead. */
static const char *
route_errstr(int err)
{
	switch (err) {
	case EHOSTUNREACH:
		return "the route is \"unreachable\"";
	case EACCES:
		return "the route is \"prohibit\"";
	case EINVAL:
		return "the route is a blackhole";
	}
	return strerror(err);
}

/* Reads the RTM_NEWROUTE answer's attributes; every length is checked
 * by RTA_OK against what is left of the message. */
static int
parse_route(const struct nlmsghdr *nh, uint32_t dst, struct route *r,
    struct errbuf *e)
{
	const struct rtmsg *rtm;
	const struct rtattr *rta;
	char dstr[INET_ADDRSTRLEN];
	uint32_t v;
	int len, oif = 0;

	addr_str(dst, dstr, sizeof(dstr));
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return err_set(e, 0, "route to %s: short netlink answer",
		    dstr);
	rtm = NLMSG_DATA(nh);
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*rtm)));
	memset(r, 0, sizeof(*r));
	r->local = rtm->rtm_type == RTN_LOCAL;
	for (rta = RTM_RTA(rtm); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (RTA_PAYLOAD(rta) < sizeof(uint32_t))
			continue;
		memcpy(&v, RTA_DATA(rta), sizeof(v));
		switch (rta->rta_type) {
		case RTA_OIF:
			oif = (int)v;
			break;
		case RTA_PREFSRC:
			r->src = ntohl(v);
			break;
		case RTA_GATEWAY:
			r->gateway = ntohl(v);
			break;
		}
	}
	if (oif == 0)
		return err_set(e, 0, "route to %s: no output interface", dstr);
	if (ifname_of(oif, r->ifname) != 0)
		return err_set(e, 0, "route to %s: interface %d: %s", dstr,
		    oif, strerror(errno));
	return 0;
}

int
route_lookup(uint32_t dst, struct route *r, struct errbuf *e)
{
	struct route_req req;
	struct sockaddr_nl sa;
	struct timeval tv = { 1, 0 };	/* the kernel answers at once */
	struct nlmsghdr *nh;
	char dstr[INET_ADDRSTRLEN];
	uint32_t seq, ndst;
	uint32_t buf[ROUTE_BUFSZ / sizeof(uint32_t)];	/* aligned */
	ssize_t n;
	int fd, rc = -1, tries;
	unsigned int left;

	addr_str(dst, dstr, sizeof(dstr));
	if (rt_fd == -1) {
		rt_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		    NETLINK_ROUTE);
		if (rt_fd == -1)
			return err_set(e, 0, "route: netlink socket: %s",
			    strerror(errno));
		(void)setsockopt(rt_fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
		    sizeof(tv));
	}
	fd = rt_fd;
	seq = ++rt_seq;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rt));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = seq;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = 32;
	ndst = htonl(dst);
	put_attr(&req.nh, RTA_DST, &ndst, sizeof(ndst));

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1) {
		err_set(e, 0, "route to %s: netlink send: %s", dstr,
		    strerror(errno));
		goto out;
	}

	/* Skip anything that is not the answer to our sequence number,
	 * but only a few times: a reply always comes in one datagram. */
	for (tries = 0; tries < 8; tries++) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			err_set(e, 0, "route to %s: netlink receive: %s", dstr,
			    strerror(errno));
			goto out;
		}
		left = (unsigned int)n;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left);
		    nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *ne = NLMSG_DATA(nh);

				if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ne)))
					err_set(e, 0, "route to %s: short "
					    "netlink error", dstr);
				else if (ne->error == 0)
					continue;	/* an ack, not ours */
				else
					err_set(e, 0, "no route to %s: %s",
					    dstr, route_errstr(-ne->error));
				goto out;
			}
			if (nh->nlmsg_type == RTM_NEWROUTE) {
				rc = parse_route(nh, dst, r, e);
				goto out;
			}
		}
	}
	err_set(e, 0, "route to %s: no answer from the kernel", dstr);
out:
	return rc;
}

int
route_is_loopback(const char *ifname)
{
	struct ifreq ifr;
	int fd;

	if ((fd = ioctl_fd()) == -1)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	return ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
	    (ifr.ifr_flags & IFF_LOOPBACK) != 0;
}

int
route_check_scope(uint32_t dst, const char *labif, struct route *r,
    struct errbuf *e)
{
	char dstr[INET_ADDRSTRLEN];

	if (route_lookup(dst, r, e) == -1)
		return -1;
	addr_str(dst, dstr, sizeof(dstr));
	if (labif == NULL || labif[0] == '\0') {
		if (route_is_loopback(r->ifname))
			return 0;
		/* what is wrong first, then the rule, then the way out */
		return err_set(e, 0, "%s is not on loopback (it routes via "
		    "%s): without -i, tcpcraft sends only to 127.0.0.0/8 and "
		    "this host's own addresses; -i IFACE names a lab "
		    "interface to send through", dstr, r->ifname);
	}
	if (strcmp(r->ifname, labif) == 0)
		return 0;
	return err_set(e, 0, "%s is not on the lab interface %s (it routes "
	    "via %s): with -i %s, tcpcraft sends only through %s", dstr,
	    labif, r->ifname, labif, labif);
}
