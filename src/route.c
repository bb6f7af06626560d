/* route.c - ask the kernel where a packet to an address would go
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

int
route_lookup_ip(const struct ipaddr *dst, struct route *r, struct errbuf *e)
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
route_check_scope_ip(const struct ipaddr *dst, const char *labif,
    struct route *r, struct errbuf *e)
{
	char dstr[IPADDR_STRLEN];

	if (route_lookup_ip(dst, r, e) == -1)
		return -1;
	ipaddr_str(dst, dstr, sizeof(dstr));
	if (labif == NULL || labif[0] == '\0') {
		if (route_is_loopback(r->ifname))
			return 0;
		/* what is wrong first, then the rule, then the way out */
		return err_set(e, 0, "%s is not on loopback (it routes via "
		    "%s): without -i, tcpcraft sends only to %s and "
		    "this host's own addresses; -i IFACE names a lab "
		    "interface to send through", dstr, r->ifname,
		    dst->af == AF_INET6 ? "::1" : "127.0.0.0/8");
	}
	if (strcmp(r->ifname, labif) == 0)
		return 0;
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
