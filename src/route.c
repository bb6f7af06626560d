/* route.c - ask the kernel where a packet to an address would go
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One RTM_GETROUTE request over rtnetlink, the same question "ip route
 * get" asks.  A route lookup sends nothing on the wire, so the scope
 * guard can refuse an address before a single packet leaves.
 *
 * Answers are kept while nothing that could change them has happened: a
 * second rtnetlink socket subscribed to the kernel's link, address,
 * route and rule notifications hears of every such change before the
 * command that made it returns (rtnetlink broadcasts them in the
 * changer's own system call).  Anything found there, or an overflow,
 * forgets every kept answer.  A connect to an address asked about
 * before costs one recv rather than four system calls.  Where the
 * subscription fails nothing is kept.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "errbuf.h"
#include "ipaddr.h"
#include "nlwait.h"
#include "route.h"

/* Kept open for the session: a connect asks twice, and creating and
 * closing a socket costs more than the question. */
static struct mnl_socket	*rt_nl;
static int			 io_fd = -1;
static uint32_t			 rt_seq;

#define KEEP_ROUTES	8	/* a script's few destinations */
#define KEEP_IFS	4

static int	 watch_fd = -1;		/* the notifications */
static int	 watch_failed;
static struct {
	struct ipaddr	 dst;
	struct route	 r;
} kept_rt[KEEP_ROUTES];
static struct {
	char		 name[IF_NAMESIZE];
	int		 lo;
} kept_if[KEEP_IFS];
static unsigned	 nkept_rt, nkept_if, next_rt, next_if;

static int
watch_open(void)
{
	struct sockaddr_nl sa;
	int g6 = RTNLGRP_IPV6_RULE;

	if ((watch_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, NETLINK_ROUTE)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
	    RTMGRP_IPV4_RULE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;
	if (bind(watch_fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    setsockopt(watch_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g6,
	    sizeof(g6)) == -1) {
		close(watch_fd);
		watch_fd = -1;
		return -1;
	}
	return 0;
}

/* May the kept answers be used?  Subscribed before the first question,
 * so no change can fall between an answer and its keeping. */
static int
kept_valid(void)
{
	char buf[4096];
	ssize_t n;
	int changed = 0;

	if (watch_fd == -1 && (watch_failed || watch_open() == -1)) {
		watch_failed = 1;
		return 0;
	}
	for (;;) {
		if ((n = recv(watch_fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
			changed = 1;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		changed = 1;	/* ENOBUFS: changes were lost */
		if (errno != ENOBUFS) {
			close(watch_fd);
			watch_fd = -1;
			watch_failed = 1;
		}
		break;
	}
	if (changed)
		nkept_rt = nkept_if = 0;
	return watch_fd != -1;
}

static const struct route *
kept_route(const struct ipaddr *dst)
{
	unsigned i;

	for (i = 0; i < nkept_rt; i++)
		if (ipaddr_eq(&kept_rt[i].dst, dst))
			return &kept_rt[i].r;
	return NULL;
}

static void
keep_route(const struct ipaddr *dst, const struct route *r)
{
	kept_rt[next_rt].dst = *dst;
	kept_rt[next_rt].r = *r;
	next_rt = (next_rt + 1) % KEEP_ROUTES;
	if (nkept_rt < KEEP_ROUTES)
		nkept_rt++;
}

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

/* One RTM_NEWROUTE answer as it is read. */
struct answer {
	const struct ipaddr *dst;
	struct route	*r;
	struct errbuf	*e;
	int		 oif;
	int		 rc;		/* parse_route's, or 1: none yet */
};

/* An attribute of the answer; libmnl has checked its length against
 * what is left of the message. */
static int
on_attr(const struct nlattr *at, void *arg)
{
	struct answer *a = arg;
	size_t alen = a->dst->af == AF_INET6 ? 16 : 4;
	uint16_t len = mnl_attr_get_payload_len(at);

	if (len < sizeof(uint32_t))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(at)) {
	case RTA_OIF:
		a->oif = (int)mnl_attr_get_u32(at);
		break;
	case RTA_PREFSRC:
		if (len < alen)
			break;
		a->r->srcaddr = ipaddr_from_bytes(a->dst->af,
		    mnl_attr_get_payload(at));
		if (a->dst->af == AF_INET)
			a->r->src = a->r->srcaddr.v4;
		break;
	case RTA_GATEWAY:
		if (len < alen)
			break;
		a->r->gwaddr = ipaddr_from_bytes(a->dst->af,
		    mnl_attr_get_payload(at));
		if (a->dst->af == AF_INET)
			a->r->gateway = a->r->gwaddr.v4;
		break;
	}
	return MNL_CB_OK;
}

/* "route to DST: WHY", or with pre "no " "no route to DST: WHY".  The
 * address is formatted only here: inet_ntop() for every lookup cost as
 * much as reading the answer. */
static int
lookup_err(struct errbuf *e, const char *pre, const struct ipaddr *dst,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
lookup_err(struct errbuf *e, const char *pre, const struct ipaddr *dst,
    const char *fmt, ...)
{
	char dstr[IPADDR_STRLEN], why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ipaddr_str(dst, dstr, sizeof(dstr));
	return err_set(e, 0, "%sroute to %s: %s", pre, dstr, why);
}

static int
parse_route(const struct nlmsghdr *nh, struct answer *a)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nh);

	if (mnl_nlmsg_get_payload_len(nh) < sizeof(*rtm))
		return lookup_err(a->e, "", a->dst, "short netlink answer");
	memset(a->r, 0, sizeof(*a->r));
	a->r->local = rtm->rtm_type == RTN_LOCAL;
	(void)mnl_attr_parse(nh, sizeof(*rtm), on_attr, a);
	if (a->oif == 0)
		return lookup_err(a->e, "", a->dst, "no output interface");
	if (ifname_of(a->oif, a->r->ifname) != 0)
		return lookup_err(a->e, "", a->dst, "interface %d: %s",
		    a->oif, strerror(errno));
	return 0;
}

static int
on_route(const struct nlmsghdr *nh, void *arg)
{
	if (nh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	((struct answer *)arg)->rc = parse_route(nh, arg);
	return MNL_CB_STOP;
}

static struct mnl_socket *
route_socket(void)
{
	struct timeval tv = { 1, 0 };	/* the kernel answers at once */

	if (rt_nl == NULL && (rt_nl = mnl_socket_open2(NETLINK_ROUTE,
	    SOCK_CLOEXEC)) != NULL)
		(void)setsockopt(mnl_socket_get_fd(rt_nl), SOL_SOCKET,
		    SO_RCVTIMEO, &tv, sizeof(tv));
	return rt_nl;
}

static int	ask_route(const struct ipaddr *, struct route *,
		    struct errbuf *);

/* route_lookup_ip, told whether kept answers may be used */
static int
lookup(const struct ipaddr *dst, struct route *r, struct errbuf *e,
    int valid)
{
	const struct route *k;

	if (valid && (k = kept_route(dst)) != NULL) {
		*r = *k;
		return 0;
	}
	if (ask_route(dst, r, e) != 0)
		return -1;
	if (valid)
		keep_route(dst, r);
	return 0;
}

int
route_lookup_ip(const struct ipaddr *dst, struct route *r, struct errbuf *e)
{
	return lookup(dst, r, e, kept_valid());
}

static int
ask_route(const struct ipaddr *dst, struct route *r, struct errbuf *e)
{
	uint8_t buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg)) +
	    MNL_ATTR_HDRLEN + 16] __attribute__((aligned(4)));
	uint8_t db[16];
	size_t dlen;
	struct answer a = { dst, r, e, 0, 1 };
	struct mnl_socket *nl;
	struct nlmsghdr *nh;
	struct rtmsg *rtm;
	int kerr;

	if (dst->af != AF_INET && dst->af != AF_INET6)
		return err_set(e, 0, "route: no address");
	if ((nl = route_socket()) == NULL)
		return err_set(e, 0, "route: netlink socket: %s",
		    strerror(errno));
	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = RTM_GETROUTE;
	nh->nlmsg_flags = NLM_F_REQUEST;
	nh->nlmsg_seq = ++rt_seq;
	rtm = mnl_nlmsg_put_extra_header(nh, sizeof(*rtm));
	dlen = ipaddr_bytes(dst, db);
	rtm->rtm_family = dst->af;
	rtm->rtm_dst_len = (unsigned char)(dlen * 8);
	mnl_attr_put(nh, RTA_DST, dlen, db);
	if (mnl_socket_sendto(nl, nh, nh->nlmsg_len) == -1)
		return lookup_err(e, "", dst, "netlink send: %s",
		    strerror(errno));
	/* answers to other sequence numbers are skipped */
	if (nlwait(nl, nh->nlmsg_seq, on_route, &a, &kerr) == -1)
		return lookup_err(e, "", dst, "netlink receive: %s",
		    strerror(errno));
	if (kerr != 0)
		return lookup_err(e, "no ", dst, "%s", route_errstr(-kerr));
	if (a.rc == 1)
		return lookup_err(e, "", dst, "no answer from the kernel");
	return a.rc;
}

int
route_lookup(uint32_t dst, struct route *r, struct errbuf *e)
{
	return route_lookup_ip(IPADDR4(dst), r, e);
}

static int
is_loopback(const char *ifname, int valid)
{
	struct ifreq ifr;
	unsigned i;
	int fd, lo;

	if (valid)
		for (i = 0; i < nkept_if; i++)
			if (strcmp(kept_if[i].name, ifname) == 0)
				return kept_if[i].lo;
	if ((fd = ioctl_fd()) == -1)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		return 0;
	lo = (ifr.ifr_flags & IFF_LOOPBACK) != 0;
	if (valid) {
		snprintf(kept_if[next_if].name, IF_NAMESIZE, "%s", ifname);
		kept_if[next_if].lo = lo;
		next_if = (next_if + 1) % KEEP_IFS;
		if (nkept_if < KEEP_IFS)
			nkept_if++;
	}
	return lo;
}

int
route_is_loopback(const char *ifname)
{
	return is_loopback(ifname, kept_valid());
}

int
route_check_scope_ip(const struct ipaddr *dst, const char *labif,
    struct route *r, struct errbuf *e)
{
	char dstr[IPADDR_STRLEN];
	int valid = kept_valid();

	if (lookup(dst, r, e, valid) == -1)
		return -1;
	if (labif == NULL || labif[0] == '\0') {
		if (is_loopback(r->ifname, valid))
			return 0;
		/* what is wrong first, then the rule, then the way out */
		ipaddr_str(dst, dstr, sizeof(dstr));
		return err_set(e, 0, "%s is not on loopback (it routes via "
		    "%s): without -i, tcpcraft sends only to %s and "
		    "this host's own addresses; -i IFACE names a lab "
		    "interface to send through", dstr, r->ifname,
		    dst->af == AF_INET6 ? "::1" : "127.0.0.0/8");
	}
	if (strcmp(r->ifname, labif) == 0)
		return 0;
	ipaddr_str(dst, dstr, sizeof(dstr));
	return err_set(e, 0, "%s is not on the lab interface %s (it routes "
	    "via %s): with -i %s, tcpcraft sends only through %s", dstr,
	    labif, r->ifname, labif, labif);
}

int
route_check_scope(uint32_t dst, const char *labif, struct route *r,
    struct errbuf *e)
{
	return route_check_scope_ip(IPADDR4(dst), labif, r, e);
}
