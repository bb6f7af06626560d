/* labnic.c - the lab NIC's link layer: own addresses, ARP and Neighbor
 * Discovery, frames out
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why tcpcraft answers ARP itself rather than have the lab script put a
 * static neighbour entry in the peer's namespace: it then works on any
 * lab wire, a spare NIC to a machine nobody configured for us included,
 * the student sees the ARP exchange the peer's kernel really makes, and
 * the lab address gets a MAC of its own, so the local kernel drops
 * everything sent to it as "other host" before IP looks at it.
 *
 * The packet socket is opened with protocol 0: it receives nothing (the
 * pcap sniffer does the receiving), it only writes frames.  It carries
 * INJECT_MARK like the injector's sockets.  A PACKET_MR_UNICAST
 * membership adds our MACs to the interface's address filter (or turns
 * on promiscuous mode where there is none) for as long as the socket
 * lives.
 *
 * IPv6 is ARP's twin (RFC 4861, 4862): an address of ours is checked by
 * Duplicate Address Detection before it is used, Neighbor Solicitations
 * for it are answered, and a neighbour's MAC is solicited from its
 * solicited-node group; the frames themselves are nd.c's.  The next hop
 * is the destination on the lab's prefix and the route's gateway beyond
 * it (a routed lab), and the kernel's neighbour table is not asked (its
 * entries for a lab address of ours would be its own guesses).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "backend_lo.h"
#include "confine.h"
#include "errbuf.h"
#include "inject.h"
#include "labnic.h"
#include "loop.h"
#include "nd.h"
#include "out.h"
#include "priv.h"
#include "route.h"
#include "sess.h"
#include "session.h"
#include "wr.h"

#define LAB_MAXOWN	8
#define LAB_MAXNEIGH	32
#define LAB_FRAME_MIN	60	/* Ethernet minimum without the FCS */
#define LAB_ARP_TRIES	3
#define LAB_ARP_WAIT_MS	300
/* RFC 5227's probe, on a confined tcpcraft's lab address: its timings
 * (1 to 2 s between probes) are for hosts that may be asleep; a lab
 * host answers within a millisecond, and a student waits for this. */
#define LAB_PROBE_NUM	3
#define LAB_PROBE_GAP_MS 100	/* between probes */
#define LAB_PROBE_WAIT_MS 250	/* after the last */
/* RFC 4862's DupAddrDetectTransmits (1) and a wait shorter than its
 * RetransTimer (1 s), for the reason above */
#define LAB_DAD_WAIT_MS	500
#define ETH_HL		14
#define ARP_LEN		28

struct labaddr {
	struct ipaddr	ip;
	uint8_t		mac[6];
};

struct labnic {
	char		ifname[IF_NAMESIZE];
	int		ifindex;
	int		fd;
	uint8_t		ifmac[6];
	struct labaddr	own[LAB_MAXOWN];
	int		nown;
	struct labaddr	neigh[LAB_MAXNEIGH];
	int		nneigh;
	struct ipaddr	told[LAB_MAXNEIGH];	/* requesters already shown */
	int		ntold;
	int		bypass;		/* PACKET_QDISC_BYPASS is on */
	uint32_t	hop_dst, hop;	/* the last next hop looked up */
	struct ipaddr	hop6_dst, hop6;	/* the same, IPv6 */
	uint8_t		frame[ETH_HL + 65535];
};

#define ABUF	IPADDR_STRLEN

static const char *
ipstr(const struct ipaddr *a, char buf[ABUF])
{
	return ipaddr_str(a, buf, ABUF);
}

static const char *
macstr(const uint8_t m[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
	return buf;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Is -i an Ethernet link, for the lab NIC backend?  Asked when the
 * session's backend is chosen (sess_init.c), nowhere on the send path. */
int
labnic_active(struct session *s)
{
	struct ifreq ifr;
	int fd, answer = 0;

	if (s->labif == NULL || s->labif[0] == '\0')
		return 0;
	if (s->lab != NULL)
		return 1;
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	/* an Ethernet interface, not loopback: others (tun, ...) keep
	 * the raw IPv4 path */
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", s->labif);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
	    !(ifr.ifr_flags & IFF_LOOPBACK) &&
	    ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
		answer = ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER;
	close(fd);
	return answer;
}

static struct labnic *
lab_open(struct session *s, struct errbuf *e)
{
	struct labnic *l;
	struct ifreq ifr;
	struct sockaddr_ll sll;
	int mark = INJECT_MARK, err, marked;

	if (s->lab != NULL)
		return s->lab;
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		err_set(e, 0, "lab NIC: %s", strerror(errno));
		return NULL;
	}
	snprintf(l->ifname, sizeof(l->ifname), "%s", s->labif);
	/* CAP_NET_RAW for the socket, CAP_NET_ADMIN for its mark; the
	 * socket keeps both rights once made, the process does not */
	priv_raise(PRIV_NET_RAW | PRIV_NET_ADMIN);
	l->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	err = errno;
	marked = l->fd != -1 && setsockopt(l->fd, SOL_SOCKET, SO_MARK, &mark,
	    sizeof(mark)) == 0;
	if (l->fd != -1 && !marked)
		err = errno;
	priv_lower();
	if (l->fd != -1 && !marked) {
		err_set(e, 0, "lab NIC %s: SO_MARK: %s", l->ifname,
		    strerror(err));
		goto fail;
	}
	if (l->fd == -1) {
		err_set(e, 0, "lab NIC %s: packet socket: %s%s", l->ifname,
		    strerror(err), err == EPERM ? " (needs root or "
		    "CAP_NET_RAW)" : "");
		free(l);
		return NULL;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", l->ifname);
	if (ioctl(l->fd, SIOCGIFINDEX, &ifr) == -1) {
		err_set(e, 0, "lab NIC %s: %s", l->ifname, strerror(errno));
		goto fail;
	}
	l->ifindex = ifr.ifr_ifindex;
	if (ioctl(l->fd, SIOCGIFHWADDR, &ifr) == -1 ||
	    ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		err_set(e, 0, "lab NIC %s: not an Ethernet interface",
		    l->ifname);
		goto fail;
	}
	memcpy(l->ifmac, ifr.ifr_hwaddr.sa_data, 6);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = l->ifindex;
	sll.sll_protocol = 0;
	if (bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		err_set(e, 0, "lab NIC %s: bind: %s", l->ifname,
		    strerror(errno));
		goto fail;
	}
	s->lab = l;
	sess_refilter(s);	/* ARP and ND from now on */
	return l;
fail:
	close(l->fd);
	free(l);
	return NULL;
}

static void
labnic_close(struct session *s)
{
	if (s->lab == NULL)
		return;
	close(s->lab->fd);
	free(s->lab);
	s->lab = NULL;
}

static struct labaddr *
find_own(struct labnic *l, const struct ipaddr *ip)
{
	int i;

	for (i = 0; l != NULL && i < l->nown; i++)
		if (ipaddr_eq(&l->own[i].ip, ip))
			return &l->own[i];
	return NULL;
}

static int
is_our_mac(struct labnic *l, const uint8_t *mac)
{
	int i;

	if (memcmp(mac, l->ifmac, 6) == 0)
		return 1;
	for (i = 0; i < l->nown; i++)
		if (memcmp(mac, l->own[i].mac, 6) == 0)
			return 1;
	return 0;
}

static const uint8_t *
find_neigh(struct labnic *l, const struct ipaddr *ip)
{
	int i;

	for (i = 0; i < l->nneigh; i++)
		if (ipaddr_eq(&l->neigh[i].ip, ip))
			return l->neigh[i].mac;
	return NULL;
}

/* RFC 826's merge (and RFC 4861's, 7.2.3 and 7.2.5, as a lab needs it):
 * what a frame says about its sender is believed. */
static void
learn(struct labnic *l, const struct ipaddr *ip, const uint8_t *mac)
{
	int i;

	if (ipaddr_is_any(ip) || find_own(l, ip) != NULL)
		return;
	for (i = 0; i < l->nneigh; i++)
		if (ipaddr_eq(&l->neigh[i].ip, ip))
			break;
	if (i == LAB_MAXNEIGH)
		i = LAB_MAXNEIGH - 1;	/* a lab has few hosts: reuse */
	else if (i == l->nneigh)
		l->nneigh++;
	l->neigh[i].ip = *ip;
	memcpy(l->neigh[i].mac, mac, 6);
}

static int
labnic_owns(struct session *s, const struct ipaddr *addr)
{
	return find_own(s->lab, addr) != NULL;
}

static int send_arp(struct labnic *, int, const uint8_t *, const uint8_t *,
    uint32_t, const uint8_t *, uint32_t, struct errbuf *);

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An ARP frame that says someone else has a->ip: its sender uses it
 * (a reply, an announcement), or probes for it too. */
static int
conflicts(struct labnic *l, const struct labaddr *a, const uint8_t *f,
    size_t len)
{
	const uint8_t *arp = f + ETH_HL;
	uint32_t spa, tpa;

	if (len < ETH_HL + ARP_LEN || f[12] != 0x08 || f[13] != 0x06 ||
	    arp[4] != 6 || arp[5] != 4 || is_our_mac(l, arp + 8) ||
	    memcmp(arp + 8, a->mac, 6) == 0)
		return 0;
	spa = get32(arp + 14);
	tpa = get32(arp + 24);
	return spa == a->ip.v4 || (spa == 0 && tpa == a->ip.v4 &&
	    (arp[6] << 8 | arp[7]) == ARPOP_REQUEST);
}

/* An ND frame that says someone else has a->ip (RFC 4862, 5.4.3 and
 * 5.4.4): an advertisement for it, or a solicitation for it from the
 * unspecified address (another host's DAD for the same address). */
static int
conflicts6(struct labnic *l, const struct labaddr *a, const uint8_t *f,
    size_t len)
{
	static const uint8_t zero[16];
	struct nd_msg m;

	if (nd_parse(f, len, &m) != 1 || is_our_mac(l, f + 6) ||
	    memcmp(f + 6, a->mac, 6) == 0 || memcmp(m.target, a->ip.v6, 16))
		return 0;
	return m.type == ND_NA || memcmp(m.src, zero, 16) == 0;
}

/* Waits until deadline (ms) for a conflicting frame on fd: 1 when one
 * came (its sender's MAC in mac), 0 when none. */
static int
probe_listen(struct labnic *l, const struct labaddr *a, int fd,
    int64_t deadline, uint8_t mac[6])
{
	struct sockaddr_ll from;
	struct pollfd pfd;
	socklen_t fl;
	uint8_t f[ETH_HL + 40 + 256];
	ssize_t n;
	int64_t left;
	int v6 = a->ip.af == AF_INET6;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while ((left = deadline - mono_ms()) > 0) {
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		fl = sizeof(from);
		if ((n = recvfrom(fd, f, sizeof(f), MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fl)) <= 0)
			continue;
		if (from.sll_pkttype == PACKET_OUTGOING || !(v6 ?
		    conflicts6(l, a, f, (size_t)n) :
		    conflicts(l, a, f, (size_t)n)))
			continue;
		/* ARP's sender, or the frame's: an NA's target option may
		 * be absent */
		memcpy(mac, v6 ? f + 6 : f + ETH_HL + 8, 6);
		return 1;
	}
	return 0;
}

/* A packet socket for one ethertype on the lab interface, to listen for
 * the answers to a probe; -1 with e set. */
static int
probe_socket(struct labnic *l, int proto, const char *what,
    struct errbuf *e)
{
	struct sockaddr_ll sll;
	int fd;

	priv_raise(PRIV_NET_RAW);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(proto));
	priv_lower();
	if (fd == -1)
		return err_set(e, 0, "lab NIC %s: %s socket: %s", l->ifname,
		    what, strerror(errno));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = l->ifindex;
	sll.sll_protocol = htons(proto);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		close(fd);
		return err_set(e, 0, "lab NIC %s: %s socket: %s", l->ifname,
		    what, strerror(errno));
	}
	return fd;
}

/* RFC 5227 before a confined tcpcraft answers ARP for a->ip: ARP probes
 * (sender address 0, so no cache learns from them) and a wait; if any
 * host answers for the address, or probes for it too, it is not ours
 * to take.  A synchronous wait of about half a second, outside the
 * loop: the backend's adopt op is synchronous, and nothing else needs
 * to run during a connect's or listen's first moment. */
static int
probe_addr(struct labnic *l, const struct labaddr *a, struct errbuf *e)
{
	static const uint8_t bcast[6] = { 255, 255, 255, 255, 255, 255 };
	static const uint8_t zero[6];
	uint8_t mac[6];
	char b[ABUF], m[18];
	int fd, i, hit = 0;

	if ((fd = probe_socket(l, ETH_P_ARP, "ARP probe", e)) == -1)
		return -1;
	for (i = 0; i < LAB_PROBE_NUM && !hit; i++) {
		if (send_arp(l, ARPOP_REQUEST, bcast, a->mac, 0, zero,
		    a->ip.v4, e) != 0) {
			close(fd);
			return -1;
		}
		hit = probe_listen(l, a, fd, mono_ms() + (i + 1 <
		    LAB_PROBE_NUM ? LAB_PROBE_GAP_MS : LAB_PROBE_WAIT_MS), mac);
	}
	close(fd);
	if (hit)
		return err_set(e, 0, "%s refused on %s: %s answered our ARP "
		    "probe for it (RFC 5227): another host has that address, "
		    "and a confined tcpcraft does not answer ARP for it",
		    ipstr(&a->ip, b), l->ifname, macstr(mac, m));
	return 0;
}

static int send_nd(struct labnic *, const uint8_t *, const uint8_t *,
    const struct nd_msg *, struct errbuf *);

/* RFC 4862's Duplicate Address Detection before a->ip is used at all,
 * by any tcpcraft (IPv6 has no address without it): a Neighbor
 * Solicitation from the unspecified address to the address's
 * solicited-node group, no link-layer option, then a wait; an
 * advertisement for it, or another host's DAD for it, and it is not
 * ours.  Synchronous, as probe_addr. */
static int
dad_addr(struct labnic *l, const struct labaddr *a, struct errbuf *e)
{
	struct nd_msg ns;
	uint8_t mac[6];
	char b[ABUF], m[18];
	int fd, hit;

	if ((fd = probe_socket(l, ETH_P_IPV6, "DAD", e)) == -1)
		return -1;
	memset(&ns, 0, sizeof(ns));
	ns.type = ND_NS;
	nd_solicited(a->ip.v6, ns.dst);
	memcpy(ns.target, a->ip.v6, 16);
	nd_mcast_mac(ns.dst, mac);
	if (send_nd(l, mac, a->mac, &ns, e) != 0) {
		close(fd);
		return -1;
	}
	hit = probe_listen(l, a, fd, mono_ms() + LAB_DAD_WAIT_MS, mac);
	close(fd);
	if (hit)
		return err_set(e, 0, "%s refused on %s: %s answered our "
		    "Duplicate Address Detection for it (RFC 4862): another "
		    "host has that address, and tcpcraft does not take it",
		    ipstr(&a->ip, b), l->ifname, macstr(mac, m));
	return 0;
}

/* The frames of a's MAC reach us; for IPv6 those of its solicited-node
 * group too (a NIC filters multicast).  add 0: no longer. */
static int
accept_mac(struct labnic *l, const struct labaddr *a, int add)
{
	struct packet_mreq mr;
	uint8_t group[16];
	int op = add ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP;

	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = l->ifindex;
	mr.mr_type = PACKET_MR_UNICAST;
	mr.mr_alen = 6;
	memcpy(mr.mr_address, a->mac, 6);
	if (setsockopt(l->fd, SOL_PACKET, op, &mr, sizeof(mr)) == -1)
		return -1;
	if (a->ip.af != AF_INET6)
		return 0;
	mr.mr_type = PACKET_MR_MULTICAST;
	nd_solicited(a->ip.v6, group);
	nd_mcast_mac(group, mr.mr_address);
	if (setsockopt(l->fd, SOL_PACKET, op, &mr, sizeof(mr)) == 0 || !add)
		return 0;
	mr.mr_type = PACKET_MR_UNICAST;
	memcpy(mr.mr_address, a->mac, 6);
	(void)setsockopt(l->fd, SOL_PACKET, PACKET_DROP_MEMBERSHIP, &mr,
	    sizeof(mr));
	return -1;
}

/* Makes addr (not the kernel's) one of ours on the lab interface: ARP
 * or Neighbor Solicitations are answered for it from now on. */
static int
labnic_adopt(struct session *s, const struct ipaddr *addr, struct errbuf *e)
{
	struct labnic *l;
	struct labaddr *a;
	char b[ABUF], m[18];
	int v6 = addr->af == AF_INET6, rc = 0;

	if ((l = lab_open(s, e)) == NULL)
		return -1;
	if (find_own(l, addr) != NULL)
		return 0;
	if (l->nown == LAB_MAXOWN)
		return err_set(e, 0, "at most %d lab addresses", LAB_MAXOWN);
	a = &l->own[l->nown];
	a->ip = *addr;
	/* locally administered unicast, "tc", then the address's low 24
	 * bits (those its solicited-node group has, on IPv6) */
	a->mac[0] = 0x02;
	a->mac[1] = 0x74;
	a->mac[2] = 0x63;
	if (v6)
		memcpy(a->mac + 3, addr->v6 + 13, 3);
	else {
		a->mac[3] = (uint8_t)(addr->v4 >> 16);
		a->mac[4] = (uint8_t)(addr->v4 >> 8);
		a->mac[5] = (uint8_t)addr->v4;
	}
	if (accept_mac(l, a, 1) != 0)
		return err_set(e, 0, "lab NIC %s: accept frames for %s: %s",
		    l->ifname, macstr(a->mac, m), strerror(errno));
	/* the MAC accepted first: the answer to a probe comes to it.
	 * Offline, nothing is sent: the capture decides. */
	if (v6 && s->off == NULL)
		rc = dad_addr(l, a, e);
	else if (!v6 && priv_confined())
		rc = probe_addr(l, a, e);
	if (rc != 0) {
		(void)accept_mac(l, a, 0);
		return -1;
	}
	l->nown++;
	if (v6)
		out_printf("lab: %s is ours on %s (MAC %s; DAD: no other host "
		    "has it; tcpcraft answers Neighbor Solicitations for it, "
		    "the local kernel does not own it: no guard needed)\n",
		    ipstr(addr, b), l->ifname, macstr(a->mac, m));
	else
		out_printf("lab: %s is ours on %s (MAC %s; tcpcraft answers "
		    "ARP for it, the local kernel does not own it: no guard "
		    "needed)\n", ipstr(addr, b), l->ifname, macstr(a->mac, m));
	return 0;
}

static int
send_frame(struct labnic *l, const uint8_t *f, size_t len, struct errbuf *e)
{
	struct sockaddr_ll sll;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = l->ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, f, 6);
	if (sendto(l->fd, f, len, 0, (struct sockaddr *)&sll,
	    sizeof(sll)) != (ssize_t)len)
		return err_set(e, 0, "lab NIC %s: send: %s", l->ifname,
		    strerror(errno));
	return 0;
}

/* One ARP packet in a minimum-size Ethernet frame. */
static int
send_arp(struct labnic *l, int op, const uint8_t *eth_dst,
    const uint8_t *sha, uint32_t spa, const uint8_t *tha, uint32_t tpa,
    struct errbuf *e)
{
	uint8_t f[LAB_FRAME_MIN], *a = f + ETH_HL;

	memset(f, 0, sizeof(f));
	memcpy(f, eth_dst, 6);
	memcpy(f + 6, sha, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	a[1] = 1;		/* Ethernet */
	a[2] = 0x08;		/* IPv4 */
	a[4] = 6;
	a[5] = 4;
	a[7] = (uint8_t)op;
	memcpy(a + 8, sha, 6);
	wr_be32(a + 14, spa);
	memcpy(a + 18, tha, 6);
	wr_be32(a + 24, tpa);
	return send_frame(l, f, sizeof(f), e);
}

/* One Neighbor Solicitation or Advertisement (nd.c builds it). */
static int
send_nd(struct labnic *l, const uint8_t *eth_dst, const uint8_t *eth_src,
    const struct nd_msg *m, struct errbuf *e)
{
	uint8_t f[ND_FRAME_MAX];

	return send_frame(l, f, nd_build(f, eth_dst, eth_src, m), e);
}

static uint32_t
next_hop(struct labnic *l, uint32_t dst)
{
	struct route r;
	struct errbuf e;

	l->hop_dst = dst;
	l->hop = dst;
	if (route_lookup(dst, &r, &e) == 0 && r.gateway != 0 &&
	    strcmp(r.ifname, l->ifname) == 0)
		l->hop = r.gateway;
	return l->hop;
}

/* IPv6's next_hop: the gateway when the route through the lab
 * interface has one. */
static struct ipaddr
next_hop6(struct labnic *l, const struct ipaddr *dst)
{
	struct route r;
	struct errbuf e;

	l->hop6_dst = *dst;
	l->hop6 = *dst;
	if (route_lookup_ip(dst, &r, &e) == 0 && r.gwaddr.af == AF_INET6 &&
	    strcmp(r.ifname, l->ifname) == 0)
		l->hop6 = r.gwaddr;
	return l->hop6;
}

/* A frame's next hop: the route as it was when the destination was
 * last resolved (connect, flood, probe), not a netlink question per
 * frame (one of each session's round trips in three). */
static uint32_t
frame_hop(struct labnic *l, uint32_t dst)
{
	return dst == l->hop_dst && dst != 0 ? l->hop : next_hop(l, dst);
}

/* Our own ARP requests or Neighbor Solicitations, LAB_ARP_TRIES of
 * them, each answered or not within LAB_ARP_WAIT_MS: a task the loop
 * drives (labnic_frame learns the answer).  Its rc: 0, or -1 with e
 * set. */
struct arp_task {
	struct task	 t;		/* first: the loop's handle */
	struct labnic	*l;
	struct labaddr	*own;
	struct ipaddr	 hop, src;
	int		 try;
	struct errbuf	*e;
};

static int
arp_answered(struct session *s, void *arg)
{
	struct arp_task *at = arg;

	(void)s;
	return find_neigh(at->l, &at->hop) != NULL;
}

/* One question for at->hop: an ARP request, broadcast, or a Neighbor
 * Solicitation to its solicited-node group with our link-layer address
 * in it (RFC 4861, 7.2.2). */
static int
arp_ask(struct arp_task *at)
{
	static const uint8_t bcast[6] = { 255, 255, 255, 255, 255, 255 };
	static const uint8_t zero[6];
	struct labnic *l = at->l;
	const uint8_t *mac = at->own != NULL ? at->own->mac : l->ifmac;
	struct nd_msg ns;
	uint8_t dmac[6];

	if (at->hop.af != AF_INET6)
		return send_arp(l, ARPOP_REQUEST, bcast, mac, at->src.v4, zero,
		    at->hop.v4, at->e);
	memset(&ns, 0, sizeof(ns));
	ns.type = ND_NS;
	memcpy(ns.src, at->src.v6, 16);
	nd_solicited(at->hop.v6, ns.dst);
	memcpy(ns.target, at->hop.v6, 16);
	ns.has_lla = 1;
	memcpy(ns.lla, mac, 6);
	nd_mcast_mac(ns.dst, dmac);
	return send_nd(l, dmac, mac, &ns, at->e);
}

static int
arp_run(struct session *s, struct task *t, enum loop_end why)
{
	struct arp_task *at = (struct arp_task *)t;
	struct labnic *l = at->l;
	char b[ABUF], c[ABUF], m[18];
	int v6 = at->hop.af == AF_INET6;

	if (why != LW_START) {
		if (find_neigh(l, &at->hop) != NULL) {
			out_printf("lab: %s who-has %s tell %s: %s is-at %s\n",
			    v6 ? "neighbor solicitation" : "arp",
			    ipstr(&at->hop, b), ipstr(&at->src, c), b,
			    macstr(find_neigh(l, &at->hop), m));
			t->rc = 0;
			return TASK_DONE;
		}
		at->try++;
	}
	if (at->try >= LAB_ARP_TRIES) {
		t->rc = err_set(at->e, 0, "no %s answer from %s on %s (is the "
		    "lab up? scripts/lab status)", v6 ? "Neighbor Discovery" :
		    "ARP", ipstr(&at->hop, b), l->ifname);
		return TASK_DONE;
	}
	if (arp_ask(at) != 0) {
		t->rc = -1;
		return TASK_DONE;
	}
	t->w = (struct loop_wait){ -1, sess_now(s) + LAB_ARP_WAIT_MS * 1000u,
	    20, 0, arp_answered, at };
	return TASK_WAIT;
}

static void
arp_drop(struct task *t)
{
	free(t);
}

/* Learns the MAC of the next hop towards dst: for IPv4 the kernel's
 * neighbour table, else (*asks) ARP requests of our own from src; for
 * IPv6 (dst on the link) our own Neighbor Solicitations.  Waits up to
 * about a second, prints the answer. */
static int
labnic_resolve(struct session *s, const struct ipaddr *dst,
    const struct ipaddr *src, struct task **asks, struct errbuf *e)
{
	struct labnic *l;
	struct arp_task *at;
	struct ipaddr hop = *dst;
	uint8_t mac[6];

	if ((l = lab_open(s, e)) == NULL)
		return -1;
	if (dst->af != AF_INET6)
		hop = ipaddr_v4(next_hop(l, dst->v4));
	else if (dst->v6[0] != 0xff)
		hop = next_hop6(l, dst);
	if (find_neigh(l, &hop) != NULL)
		return 0;
	if (hop.af != AF_INET6 && inject_neigh(l->ifname, hop.v4, mac) == 0) {
		learn(l, &hop, mac);
		return 0;
	}
	if ((at = calloc(1, sizeof(*at))) == NULL)
		return err_set(e, 0, "lab: out of memory");
	at->t.run = arp_run;
	at->t.drop = arp_drop;
	at->l = l;
	at->own = find_own(l, src);
	at->hop = hop;
	at->src = *src;
	at->e = e;
	*asks = &at->t;
	return 0;
}

/* The Ethernet header of the IPv4 or IPv6 packet pkt[0..len) into h:
 * to the next hop's MAC (a multicast group's for a multicast
 * destination), from the source address's. */
static int
eth_header(struct labnic *l, const uint8_t *pkt, size_t len, uint8_t *h,
    struct errbuf *e)
{
	struct labaddr *own;
	struct ipaddr hop, src;
	const uint8_t *dmac;
	uint8_t mac[6];
	char b[ABUF];
	int v6 = len > 0 && (pkt[0] >> 4) == 6;

	if (len < (v6 ? 40u : 20u) || len > 65535)
		return err_set(e, 0, "lab NIC: a packet of %zu bytes", len);
	if (v6) {
		src = ipaddr_from_bytes(AF_INET6, pkt + 8);
		hop = ipaddr_from_bytes(AF_INET6, pkt + 24);
		if (hop.v6[0] != 0xff)
			hop = ipaddr_eq(&hop, &l->hop6_dst) ? l->hop6 :
			    next_hop6(l, &hop);
	} else {
		src = ipaddr_v4(get32(pkt + 12));
		hop = ipaddr_v4(frame_hop(l, get32(pkt + 16)));
	}
	if (v6 && hop.v6[0] == 0xff) {
		nd_mcast_mac(hop.v6, mac);
		dmac = mac;
	} else if ((dmac = find_neigh(l, &hop)) == NULL) {
		if (v6 || inject_neigh(l->ifname, hop.v4, mac) != 0)
			return err_set(e, 0, "no MAC known for %s on %s yet "
			    "(connect resolves it; a peer that connects to "
			    "us tells it in its %s)", ipstr(&hop, b),
			    l->ifname, v6 ? "neighbor solicitation" :
			    "ARP request");
		learn(l, &hop, mac);
		dmac = find_neigh(l, &hop);
	}
	own = find_own(l, &src);
	memcpy(h, dmac, 6);
	memcpy(h + 6, own != NULL ? own->mac : l->ifmac, 6);
	h[12] = v6 ? 0x86 : 0x08;
	h[13] = v6 ? 0xdd : 0x00;
	return 0;
}

/* A flood's frames skip the interface's queueing discipline (the
 * kernel's own pktgen path: one frame, one driver call); a session's
 * go through it as the kernel's do, where a full device queue waits
 * rather than drops.  Switched only when the kind of send changes. */
static void
set_bypass(struct labnic *l, int on)
{
	if (l->bypass == on)
		return;
	if (setsockopt(l->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &on,
	    sizeof(on)) == 0)
		l->bypass = on;
}

/* Sends the IPv4 packet pkt[0..len) in an Ethernet frame. */
static int
labnic_send(struct session *s, const uint8_t *pkt, size_t len,
    struct errbuf *e)
{
	struct labnic *l;

	if ((l = lab_open(s, e)) == NULL)
		return -1;
	if (eth_header(l, pkt, len, l->frame, e) != 0)
		return -1;
	memcpy(l->frame + ETH_HL, pkt, len);
	set_bypass(l, 0);
	/* short frames are padded by the driver, as for the kernel's own */
	return send_frame(l, l->frame, len + ETH_HL, e);
}

/* A flood's packets as frames, INJECT_BATCH per sendmmsg: the header
 * goes into each packet's headroom, the packet is not copied.  Every
 * packet of a flood has the same addresses, so one header serves.
 * Measured against PACKET_TX_RING through a veth pair (bench/pktflood.c,
 * 1,000,000 SYNs, make bench's medians of 3): sendmmsg 736 k frames/s,
 * the ring 635 k. */
static int
lab_sendmany(struct session *s, uint8_t *const *pkts, const size_t *lens,
    unsigned n, struct errbuf *e)
{
	struct mmsghdr msg[INJECT_BATCH];
	struct iovec iov[INJECT_BATCH];
	struct labnic *l;
	uint8_t h[ETH_HL];
	unsigned done = 0, k, i;
	int r;

	if (n == 0)
		return 0;
	if ((l = lab_open(s, e)) == NULL ||
	    eth_header(l, pkts[0], lens[0], h, e) != 0)
		return -1;
	set_bypass(l, 1);
	while (done < n) {
		k = n - done < INJECT_BATCH ? n - done : INJECT_BATCH;
		for (i = 0; i < k; i++) {
			memcpy(pkts[done + i] - ETH_HL, h, ETH_HL);
			iov[i].iov_base = pkts[done + i] - ETH_HL;
			iov[i].iov_len = lens[done + i] + ETH_HL;
			/* no address: the socket's bound device, which
			 * the kernel keeps at hand (with one it looks the
			 * device up per frame) */
			memset(&msg[i], 0, sizeof(msg[i]));
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(l->fd, msg, k, 0);
		if (r <= 0) {
			/* the device queue is full: say how many went */
			if (done > 0 || (r < 0 && errno == ENOBUFS))
				break;
			return err_set(e, 0, "lab NIC %s: send: %s",
			    l->ifname, strerror(r == 0 ? EAGAIN : errno));
		}
		done += (unsigned)r;
		if ((unsigned)r < k)
			break;
	}
	return (int)done;
}

static int
told_before(struct labnic *l, const struct ipaddr *ip)
{
	int i;

	for (i = 0; i < l->ntold; i++)
		if (ipaddr_eq(&l->told[i], ip))
			return 1;
	if (l->ntold < LAB_MAXNEIGH)
		l->told[l->ntold++] = *ip;
	return 0;
}

/* An ARP frame: requests for our addresses answered, what any says of
 * its sender learnt. */
static void
arp_frame(struct labnic *l, const uint8_t *f, size_t caplen)
{
	struct labaddr *own;
	struct errbuf e;
	const uint8_t *a;
	struct ipaddr spa, tpa;
	char b[ABUF], c[ABUF], m[18];
	int op;

	if (caplen < ETH_HL + ARP_LEN)
		return;
	a = f + ETH_HL;
	if (a[0] != 0 || a[1] != 1 || a[2] != 0x08 || a[3] != 0 ||
	    a[4] != 6 || a[5] != 4 || is_our_mac(l, a + 8))
		return;
	op = a[6] << 8 | a[7];
	spa = ipaddr_v4(get32(a + 14));
	tpa = ipaddr_v4(get32(a + 24));
	if (op == ARPOP_REPLY) {
		learn(l, &spa, a + 8);
		return;
	}
	if (op != ARPOP_REQUEST || (own = find_own(l, &tpa)) == NULL)
		return;
	learn(l, &spa, a + 8);
	err_clear(&e);
	if (send_arp(l, ARPOP_REPLY, a + 8, own->mac, tpa.v4, a + 8, spa.v4,
	    &e) != 0) {
		out_printf("lab: ARP reply: %s\n", e.msg);
		return;
	}
	if (!told_before(l, &spa))
		out_printf("lab: arp who-has %s tell %s: answered %s is-at %s\n",
		    ipstr(&tpa, b), ipstr(&spa, c), b, macstr(own->mac, m));
}

/* A Neighbor Solicitation for one of our addresses, from f: answered
 * (RFC 4861, 7.2.4) with a solicited advertisement to the asker, or,
 * when the asker is the unspecified address (another host's DAD), to
 * all nodes, unsolicited: the address is defended. */
static void
nd_answer(struct session *s, struct labnic *l, const uint8_t *f,
    const struct nd_msg *ns, const struct labaddr *own)
{
	static const uint8_t allnodes[16] = { 0xff, 0x02, [15] = 1 };
	struct nd_msg na;
	struct errbuf e;
	struct ipaddr asker = ipaddr_from_bytes(AF_INET6, ns->src);
	uint8_t dmac[6];
	char b[ABUF], c[ABUF], m[18], n[18];
	int dad = ipaddr_is_any(&asker);

	if (ns->has_lla)
		learn(l, &asker, ns->lla);
	if (s->off != NULL)		/* offline: nothing is sent */
		return;
	memset(&na, 0, sizeof(na));
	na.type = ND_NA;
	memcpy(na.src, own->ip.v6, 16);
	memcpy(na.dst, dad ? allnodes : ns->src, 16);
	memcpy(na.target, own->ip.v6, 16);
	na.flags = ND_NA_OVERRIDE | (dad ? 0 : ND_NA_SOLICITED);
	na.has_lla = 1;
	memcpy(na.lla, own->mac, 6);
	if (dad)
		nd_mcast_mac(allnodes, dmac);
	else
		memcpy(dmac, ns->has_lla ? ns->lla : f + 6, 6);
	err_clear(&e);
	if (send_nd(l, dmac, own->mac, &na, &e) != 0) {
		out_printf("lab: neighbor advertisement: %s\n", e.msg);
		return;
	}
	if (dad)
		out_printf("lab: %s probed for %s (DAD): defended, it is ours "
		    "(%s)\n", macstr(f + 6, n), ipstr(&own->ip, b),
		    macstr(own->mac, m));
	else if (!told_before(l, &asker))
		out_printf("lab: neighbor solicitation who-has %s tell %s: "
		    "answered %s is-at %s\n", ipstr(&own->ip, b),
		    ipstr(&asker, c), b, macstr(own->mac, m));
}

/* An IPv6 frame: 1 when it was Neighbor Discovery (handled here), 0
 * otherwise. */
static int
ip6_frame(struct session *s, struct labnic *l, const uint8_t *f,
    size_t caplen)
{
	struct labaddr *own;
	struct nd_msg m;
	struct ipaddr src, dst;
	int r;

	if ((r = nd_parse(f, caplen, &m)) == 0) {
		/* to one of our addresses: where its sender is, as for
		 * IPv4 below */
		if (caplen < ETH_HL + 40)
			return 0;
		src = ipaddr_from_bytes(AF_INET6, f + ETH_HL + 8);
		dst = ipaddr_from_bytes(AF_INET6, f + ETH_HL + 24);
		if (find_own(l, &dst) != NULL && find_neigh(l, &src) == NULL &&
		    !is_our_mac(l, f + 6))
			learn(l, &src, f + 6);
		return 0;
	}
	if (r < 0 || is_our_mac(l, f + 6))
		return 1;
	dst = ipaddr_from_bytes(AF_INET6, m.target);
	if (m.type == ND_NA) {
		/* our solicitation's answer, or news of a neighbour */
		if (m.has_lla)
			learn(l, &dst, m.lla);
		else if (m.flags & ND_NA_SOLICITED)
			learn(l, &dst, f + 6);
		return 1;
	}
	if ((own = find_own(l, &dst)) != NULL)
		nd_answer(s, l, f, &m, own);
	return 1;
}

/* A captured frame: 1 when it was ARP or Neighbor Discovery (handled
 * here), 0 otherwise. */
static int
labnic_frame(struct session *s, const uint8_t *f, size_t caplen)
{
	struct labnic *l = s->lab;
	struct ipaddr spa, tpa;

	if (l == NULL || s->dlt != 1 || caplen < ETH_HL)
		return 0;
	if (f[12] == 0x86 && f[13] == 0xdd)
		return ip6_frame(s, l, f, caplen);
	/* IPv4 to one of our addresses: a peer whose ARP cache held us
	 * from an earlier session asks nothing, yet its frame says where
	 * it is, and our SYN-ACK needs that */
	if (f[12] == 0x08 && f[13] == 0x00 && caplen >= ETH_HL + 20) {
		spa = ipaddr_v4(get32(f + ETH_HL + 12));
		tpa = ipaddr_v4(get32(f + ETH_HL + 16));
		if (find_own(l, &tpa) != NULL && find_neigh(l, &spa) == NULL &&
		    !is_our_mac(l, f + 6) && next_hop(l, spa.v4) == spa.v4)
			learn(l, &spa, f + 6);
		return 0;
	}
	if (f[12] != 0x08 || f[13] != 0x06)
		return 0;
	arp_frame(l, f, caplen);
	return 1;
}

/* ARP, and the two Neighbor Discovery messages (their ICMPv6 type right
 * after the fixed header: ND has no extension headers in practice, and
 * nd_parse reads nothing else). */
static const char *
labnic_filter(struct session *s)
{
	return s->lab != NULL ? "(arp or (icmp6 and (ip6[40] == 135 or "
	    "ip6[40] == 136)))" : "";
}

static int
lab_send(struct session *s, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	(void)link;		/* frames, always */
	if (confine_packet(s, pkt, len, e) != 0)
		return -1;
	return labnic_send(s, pkt, len, e);
}

/* On a lab NIC our own addresses need no guard: it opens when a
 * connection from a kernel address does. */
static int
lab_open_edges(struct session *s, const char *ifname, struct errbuf *e)
{
	return live_open(s, ifname, 0, e);
}

static void
lab_close(struct session *s)
{
	labnic_close(s);
	live_close(s);
}

const struct backend_ops backend_lab = {
	.name = "lab NIC",
	.flags = BE_KERNEL | BE_OWNADDR | BE_PRIV,
	.open = lab_open_edges,
	.pollfd = live_pollfd,
	.wait = live_wait,
	.dispatch = live_dispatch,
	.send = lab_send,
	.sendmany = lab_sendmany,
	.frame = labnic_frame,
	.now = live_now,
	.stamp = live_stamp,
	.adopt = labnic_adopt,
	.resolve = labnic_resolve,
	.owns = labnic_owns,
	.filter = labnic_filter,
	.close = lab_close,
};
