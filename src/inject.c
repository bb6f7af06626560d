/* inject.c - the libnet injector: our exact bytes out, nothing rebuilt
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The raw path hands a finished IPv4 packet to a LIBNET_RAW4_ADV socket
 * (IP_HDRINCL).  raw(7): the kernel then always rewrites the IP total
 * length and header checksum, fills the source address if it is 0 and
 * the id if it is 0 (and DF is clear); everything else, the TCP header
 * and its checksum included, leaves as built.  A header length below 5
 * words is refused (EINVAL).  So a wrong IP checksum, total length or
 * header length needs the link path: an Ethernet frame written to a packet socket, which no
 * part of the IP stack touches on the way out.
 *
 * On lo the link path only suits broken headers: a frame written to a
 * packet socket comes back in through input routing, which drops a
 * well-formed packet from 127.0.0.1 to 127.0.0.1 as a martian (drop
 * reason IP_LOCALNET, or IP_LOCAL_SOURCE; counted nowhere in nstat)
 * unless lo has both route_localnet=1 and accept_local=1.  A bad IP
 * checksum or total length is dropped earlier, in ip_rcv, and counted
 * (IpInHdrErrors, IpExtInCsumErrors).
 *
 * Both sockets carry SO_MARK INJECT_MARK so the guard's nftables rule
 * can tell our RSTs from the kernel's.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libnet.h>

#include "errbuf.h"
#include "inject.h"
#include "priv.h"
#include "route.h"

#define ETH_HLEN_	14
#define IP4_MAXLEN	65535
#define IP6HDR_		40

struct injector {
	libnet_t	*raw;
	int		 raw6;		/* IPv6 raw socket (IPPROTO_RAW: the
					 * header is ours), -1: none */
	int		 raw6_errno;	/* why there is none */
	libnet_t	*link;		/* opened on first link send */
	char		 ifname[IF_NAMESIZE];
	int		 loopback;	/* link interface is loopback */
	uint8_t		 src_mac[6];
	uint8_t		*frame;		/* Ethernet header + packet */
};

static int
set_mark(libnet_t *l, const char *what, struct errbuf *e)
{
	int mark = INJECT_MARK;

	if (setsockopt(libnet_getfd(l), SOL_SOCKET, SO_MARK, &mark,
	    sizeof(mark)) == -1)
		return err_set(e, 0, "%s socket: SO_MARK: %s (needs "
		    "CAP_NET_ADMIN)", what, strerror(errno));
	return 0;
}

/* The IPv6 raw socket, marked and bound like the IPv4 one.  A kernel
 * without IPv6 is no reason to refuse IPv4: the first IPv6 send says why
 * it cannot. */
static void
open_raw6(struct injector *in)
{
	int mark = INJECT_MARK, fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_MARK, &mark,
	    sizeof(mark)) == -1 || setsockopt(fd, SOL_SOCKET,
	    SO_BINDTODEVICE, in->ifname, (socklen_t)strlen(in->ifname)) == -1) {
		in->raw6_errno = errno;
		if (fd != -1)
			close(fd);
		return;
	}
	in->raw6 = fd;
}

static struct injector *
open_raw(const char *ifname, struct errbuf *e)
{
	struct injector *in;
	char lerr[LIBNET_ERRBUF_SIZE];

	if (ifname == NULL)
		ifname = "lo";
	if (strlen(ifname) >= IF_NAMESIZE) {
		err_set(e, 0, "interface name too long: %s", ifname);
		return NULL;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		err_set(e, 0, "injector: %s", strerror(errno));
		return NULL;
	}
	snprintf(in->ifname, sizeof(in->ifname), "%s", ifname);
	in->raw6 = -1;

	/* libnet 1.1.6 ignores the device in raw mode. */
	lerr[0] = '\0';
	in->raw = libnet_init(LIBNET_RAW4_ADV, NULL, lerr);
	if (in->raw == NULL) {
		lerr[strcspn(lerr, "\n")] = '\0';
		err_set(e, 0, "raw IPv4 injector: %s%s", lerr,
		    strstr(lerr, "not permitted") != NULL ?
		    " (needs root or CAP_NET_RAW)" : "");
		free(in);
		return NULL;
	}
	if (set_mark(in->raw, "raw IPv4", e) == -1)
		goto fail;
	/* Defence in depth behind the route scope check: bound to the
	 * interface, a raw packet can only leave through it, whatever the
	 * routing table says (an address routed elsewhere is treated as
	 * on-link and, on lo, comes straight back to this host). */
	if (setsockopt(libnet_getfd(in->raw), SOL_SOCKET, SO_BINDTODEVICE,
	    in->ifname, (socklen_t)strlen(in->ifname)) == -1) {
		err_set(e, 0, "raw IPv4 injector on %s: %s", in->ifname,
		    strerror(errno));
		goto fail;
	}
	open_raw6(in);
	return in;
fail:
	inject_close(in);
	return NULL;
}

/* The raw socket, its mark and its device: the capabilities raised for
 * them alone (priv.h). */
struct injector *
inject_open(const char *ifname, struct errbuf *e)
{
	struct injector *r;

	priv_raise(PRIV_NET_RAW | PRIV_NET_ADMIN);
	r = open_raw(ifname, e);
	priv_lower();
	return r;
}

/* libnet's packet socket is opened for ETH_P_ALL and would queue a copy
 * of every frame on the interface that nobody reads; a filter that
 * accepts nothing keeps its receive queue empty. */
static void
mute_socket(int fd)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { 1, &insn };

	(void)setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

static int
iface_is_loopback(const char *ifname)
{
	struct ifreq ifr;
	int fd, rc = 0;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		rc = (ifr.ifr_flags & IFF_LOOPBACK) != 0;
	close(fd);
	return rc;
}

static int
link_open_raised(struct injector *in, struct errbuf *e)
{
	struct libnet_ether_addr *ha;
	char lerr[LIBNET_ERRBUF_SIZE];

	lerr[0] = '\0';
	in->link = libnet_init(LIBNET_LINK_ADV, in->ifname, lerr);
	if (in->link == NULL) {
		lerr[strcspn(lerr, "\n")] = '\0';
		return err_set(e, 0, "link injector on %s: %s", in->ifname,
		    lerr);
	}
	if ((ha = libnet_get_hwaddr(in->link)) == NULL) {
		err_set(e, 0, "link injector on %s: no hardware address: %s",
		    in->ifname, libnet_geterror(in->link));
		goto fail;
	}
	memcpy(in->src_mac, ha->ether_addr_octet, sizeof(in->src_mac));
	if (set_mark(in->link, "link", e) == -1)
		goto fail;
	mute_socket(libnet_getfd(in->link));
	in->loopback = iface_is_loopback(in->ifname);
	if ((in->frame = malloc(ETH_HLEN_ + IP4_MAXLEN)) == NULL) {
		err_set(e, 0, "link injector: %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	libnet_destroy(in->link);
	in->link = NULL;
	return -1;
}

/* The link-layer injector's packet socket, raised as inject_open's. */
static int
link_open(struct injector *in, struct errbuf *e)
{
	int r;

	priv_raise(PRIV_NET_RAW | PRIV_NET_ADMIN);
	r = link_open_raised(in, e);
	priv_lower();
	return r;
}

/* Finds ip's hardware address on ifname in the kernel's ARP table.  Only
 * complete entries count: an incomplete one reads as all zeros. */
int
inject_neigh(const char *ifname, uint32_t ip, uint8_t mac[6])
{
	FILE *f;
	struct in_addr a;
	char line[256], ipstr[64], hw[64], mask[64], dev[64], want[INET_ADDRSTRLEN];
	unsigned int type, flags, m[6];
	int found = 0, lines = 0, i;

	a.s_addr = htonl(ip);
	if (inet_ntop(AF_INET, &a, want, sizeof(want)) == NULL)
		return -1;
	if ((f = fopen("/proc/net/arp", "re")) == NULL)
		return -1;
	while (!found && lines++ < 65536 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %x %x %63s %63s %63s", ipstr, &type,
		    &flags, hw, mask, dev) != 6)
			continue;
		if (strcmp(ipstr, want) != 0 || strcmp(dev, ifname) != 0 ||
		    (flags & ATF_COM) == 0)
			continue;
		if (sscanf(hw, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2],
		    &m[3], &m[4], &m[5]) != 6)
			continue;
		for (i = 0; i < 6; i++)
			mac[i] = (uint8_t)m[i];
		found = 1;
	}
	fclose(f);
	return found ? 0 : -1;
}

/* The next hop's MAC: zeros on loopback, else the neighbour entry for
 * the gateway or, on-link, the destination itself. */
static int
dst_mac(struct injector *in, uint32_t dst, uint8_t mac[6], struct errbuf *e)
{
	struct route r;
	struct errbuf rerr;
	struct in_addr a;
	char hop[INET_ADDRSTRLEN];
	uint32_t nexthop = dst;

	if (in->loopback) {
		memset(mac, 0, 6);
		return 0;
	}
	if (route_lookup(dst, &r, &rerr) == 0 && r.gateway != 0 &&
	    strcmp(r.ifname, in->ifname) == 0)
		nexthop = r.gateway;
	if (inject_neigh(in->ifname, nexthop, mac) == 0)
		return 0;
	a.s_addr = htonl(nexthop);
	if (inet_ntop(AF_INET, &a, hop, sizeof(hop)) == NULL)
		snprintf(hop, sizeof(hop), "?");
	return err_set(e, 0, "no neighbour entry for %s on %s: the link "
	    "layer needs its MAC (talk to it once, or add one with "
	    "ip neigh add %s lladdr MAC dev %s)", hop, in->ifname, hop,
	    in->ifname);
}

static int
send_link(struct injector *in, const uint8_t *pkt, size_t len,
    struct errbuf *e)
{
	uint32_t dst;
	int n, v6 = pkt[0] >> 4 == 6;

	if (in->link == NULL && link_open(in, e) == -1)
		return -1;
	if (v6 && !in->loopback)
		return err_set(e, 0, "IPv6 frames on %s: the lab NIC sends "
		    "them itself (Neighbor Discovery)", in->ifname);
	dst = (uint32_t)pkt[16] << 24 | (uint32_t)pkt[17] << 16 |
	    (uint32_t)pkt[18] << 8 | pkt[19];
	if (!v6 && dst_mac(in, dst, in->frame, e) == -1)
		return -1;
	if (v6)
		memset(in->frame, 0, 6);
	memcpy(in->frame + 6, in->src_mac, 6);
	in->frame[12] = v6 ? 0x86 : 0x08;	/* ETHERTYPE_IPV6, _IP */
	in->frame[13] = v6 ? 0xdd : 0x00;
	memcpy(in->frame + ETH_HLEN_, pkt, len);
	n = libnet_adv_write_link(in->link, in->frame,
	    (uint32_t)(ETH_HLEN_ + len));
	if (n != (int)(ETH_HLEN_ + len))
		return err_set(e, 0, "link send on %s: %s", in->ifname,
		    libnet_geterror(in->link));
	return 0;
}

/* The destination of an IPv6 packet, as sendto wants it: a raw IPv6
 * socket, like an IPv4 one, routes by the address it is given. */
static void
dest6(const uint8_t *pkt, struct sockaddr_in6 *sin6)
{
	memset(sin6, 0, sizeof(*sin6));
	sin6->sin6_family = AF_INET6;
	memcpy(&sin6->sin6_addr, pkt + 24, 16);
}

static int
send_raw6(struct injector *in, const uint8_t *pkt, size_t len,
    struct errbuf *e)
{
	struct sockaddr_in6 sin6;

	if (in->raw6 == -1)
		return err_set(e, 0, "no IPv6 raw socket: %s",
		    strerror(in->raw6_errno));
	dest6(pkt, &sin6);
	if (sendto(in->raw6, pkt, len, 0, (struct sockaddr *)&sin6,
	    sizeof(sin6)) != (ssize_t)len)
		return err_set(e, 0, "send on %s: %s", in->ifname,
		    strerror(errno));
	return 0;
}

int
inject_send(struct injector *in, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	int n;

	if (len >= IP6HDR_ && pkt[0] >> 4 == 6) {
		if (link)
			return send_link(in, pkt, len, e);
		return send_raw6(in, pkt, len, e);
	}
	/* libnet reads the destination out of the header: make sure one
	 * is there before it looks. */
	if (len < 20)
		return err_set(e, 0, "packet of %zu bytes is shorter than an "
		    "IPv4 header", len);
	if (len > IP4_MAXLEN)
		return err_set(e, 0, "packet of %zu bytes is longer than "
		    "IPv4 allows", len);
	if (pkt[0] >> 4 != 4)
		return err_set(e, 0, "not an IPv4 or IPv6 packet (version %u)",
		    pkt[0] >> 4);
	if (link)
		return send_link(in, pkt, len, e);
	n = libnet_adv_write_raw_ipv4(in->raw, pkt, (uint32_t)len);
	if (n != (int)len) {
		char *m = libnet_geterror(in->raw);

		m[strcspn(m, "\n")] = '\0';
		return err_set(e, 0, "send on %s: %s", in->ifname, m);
	}
	return 0;
}

int
inject_sendmany(struct injector *in, uint8_t *const *pkts,
    const size_t *lens, unsigned n, struct errbuf *e)
{
	struct mmsghdr msg[INJECT_BATCH];
	struct iovec iov[INJECT_BATCH];
	union {
		struct sockaddr_in	v4;
		struct sockaddr_in6	v6;
	} sa[INJECT_BATCH];
	unsigned done = 0, k, i;
	int v6 = n > 0 && lens[0] >= IP6HDR_ && pkts[0][0] >> 4 == 6;
	int fd = v6 ? in->raw6 : libnet_getfd(in->raw), r;

	if (v6 && fd == -1)
		return err_set(e, 0, "no IPv6 raw socket: %s",
		    strerror(in->raw6_errno));
	while (done < n) {
		k = n - done < INJECT_BATCH ? n - done : INJECT_BATCH;
		for (i = 0; i < k; i++) {
			const uint8_t *p = pkts[done + i];
			size_t len = lens[done + i];

			/* one family a batch: the socket is the family's */
			if (v6 ? len < IP6HDR_ || p[0] >> 4 != 6 :
			    len < 20 || len > IP4_MAXLEN || p[0] >> 4 != 4)
				return done > 0 ? (int)done :
				    err_set(e, 0, "not an IPv%d packet",
				    v6 ? 6 : 4);
			/* a raw socket takes its destination from sendto's
			 * address, not from the header */
			memset(&sa[i], 0, sizeof(sa[i]));
			if (v6)
				dest6(p, &sa[i].v6);
			else {
				sa[i].v4.sin_family = AF_INET;
				memcpy(&sa[i].v4.sin_addr, p + 16, 4);
			}
			iov[i].iov_base = (void *)(uintptr_t)p;
			iov[i].iov_len = len;
			memset(&msg[i], 0, sizeof(msg[i]));
			msg[i].msg_hdr.msg_name = &sa[i];
			msg[i].msg_hdr.msg_namelen = v6 ? sizeof(sa[i].v6) :
			    sizeof(sa[i].v4);
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(fd, msg, k, 0);
		if (r <= 0) {
			if (done > 0)
				break;
			return err_set(e, 0, "send on %s: %s", in->ifname,
			    strerror(r == 0 ? EAGAIN : errno));
		}
		done += (unsigned)r;
		if ((unsigned)r < k)
			break;
	}
	return (int)done;
}

void
inject_close(struct injector *in)
{
	if (in == NULL)
		return;
	if (in->raw != NULL)
		libnet_destroy(in->raw);
	if (in->raw6 != -1)
		close(in->raw6);
	if (in->link != NULL)
		libnet_destroy(in->link);
	free(in->frame);
	free(in);
}
