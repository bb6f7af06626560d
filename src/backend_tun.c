/* backend_tun.c - a tun device in a namespace of its own: the backend of
 * tcpcraft --packetdrill
 *
 * The child forked by tun_fork enters a new user namespace first, whose
 * uid 0 the parent maps to an unprivileged uid (and the host's root to
 * uid 1, so that host files stay readable as they are for root), then a
 * new network namespace owned by that user namespace.  Root in there has
 * CAP_NET_ADMIN over the network namespace only: its per-namespace
 * sysctls are writable (the kernel grants the owner's mode to the
 * namespace's administrator), the system-wide ones are not (they belong
 * to the host's root).  That is the rule for backtick lines, enforced by
 * the kernel rather than by a list.
 *
 * The tun device is set up as packetdrill sets up its own: IFF_TUN, no
 * packet information, a virtio-net header in front of every packet, and
 * the offloads of a typical Ethernet device (TUN_F_CSUM, TSO4/6, TSO
 * ECN), so that what the kernel sends arrives as one TSO-sized segment
 * with a partial checksum, as scripts write it.
 *
 * IPv6 (--ip_version=ipv6): tun0 gets its address with no Duplicate
 * Address Detection and a route to the remote's prefix, through
 * rtnetlink, the only way to say "nodad" (a tun device has no link layer
 * to detect duplicates on, and the kernel skips DAD there anyway; saying
 * so keeps the address usable at once whatever the device).  Packets go
 * in and out without a protocol header (IFF_NO_PI): the tun driver reads
 * the family from the version nibble, as it does for IPv4.
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <linux/virtio_net.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "backend.h"
#include "backend_lo.h"
#include "backend_tun.h"
#include "nlwait.h"
#include "rx.h"
#include "session.h"
#include "wire.h"

/* uid and gid 0 inside: an id nobody on the host uses */
#define TUN_NSUID	"0 2147483000 1\n1 0 1\n"

struct tun {
	int		fd;
	struct ipaddr	laddr, raddr;	/* the kernel's, the remote's */
	int		lplen, rplen;	/* tun0's prefix, the routed one */
	int		mtu, mss;
	uint8_t		buf[sizeof(struct virtio_net_hdr) + 65536];
};

static int
write_file(const char *path, const char *text)
{
	int fd, rc = 0;
	size_t n = strlen(text);

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

/* The child's half: namespaces, in order, with the parent mapping the
 * ids in between (only a process privileged outside may map them). */
static int
child_enter(int tochild, int toparent, pid_t parent, struct errbuf *e)
{
	char c = 0;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);	/* the parent is already gone */
	if (unshare(CLONE_NEWUSER) != 0)
		return err_set(e, 0, "user namespace: %s", strerror(errno));
	if (write(toparent, &c, 1) != 1 || read(tochild, &c, 1) != 1 ||
	    c != 1)
		_exit(2);	/* the parent says why */
	if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0)
		return err_set(e, 0, "user namespace: %s", strerror(errno));
	/* setresuid kept the capabilities (root to root inside); the
	 * death signal was cleared by the change of credentials */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);
	if (unshare(CLONE_NEWNET) != 0)
		return err_set(e, 0, "network namespace: %s", strerror(errno));
	return 0;
}

/* The run goes on in a child that is pid 1 of a new pid namespace: when
 * it dies (killed with us), the kernel kills whatever the script's shell
 * lines left running, which would otherwise keep the network namespace
 * alive.  This process only waits for it and passes on its status. */
static void
pid_init(struct errbuf *e)
{
	struct pollfd pfd;
	pid_t pid;
	int st, alive[2];

	if (unshare(CLONE_NEWPID) != 0) {
		err_set(e, 0, "pid namespace: %s", strerror(errno));
		return;
	}
	/* this process holds alive[1]: the child sees it gone (HUP) if we
	 * died before its death signal was set (getppid says 0 in there) */
	if (pipe2(alive, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		err_set(e, 0, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(alive[1]);
		pfd.fd = alive[0];
		pfd.events = POLLIN;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
		    poll(&pfd, 1, 0) != 0)
			_exit(1);
		close(alive[0]);
		return;
	}
	close(alive[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static int
parent_map(pid_t pid, int toparent, int tochild, struct errbuf *e)
{
	char path[64], c;
	int rc = 0;

	if (read(toparent, &c, 1) != 1)
		return err_set(e, 0, "the run's namespaces could not be "
		    "made");	/* the child said why */
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	(void)write_file(path, "deny");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if (write_file(path, TUN_NSUID) != 0)
		rc = -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	if (rc == 0 && write_file(path, TUN_NSUID) != 0)
		rc = -1;
	if (rc != 0)
		err_set(e, 0, "mapping the run's user ids: %s%s",
		    strerror(errno), errno == EPERM ? " (--packetdrill needs "
		    "root: CAP_SETUID, CAP_SETGID, CAP_SYS_ADMIN)" : "");
	c = (char)(rc == 0);
	if (write(tochild, &c, 1) != 1 && rc == 0)
		rc = err_set(e, 0, "the run died before it started");
	return rc;
}

pid_t
tun_fork(struct errbuf *e)
{
	int p1[2], p2[2];
	pid_t pid, parent = getpid();

	if (pipe2(p1, O_CLOEXEC) != 0)
		return err_set(e, 0, "pipe: %s", strerror(errno));
	if (pipe2(p2, O_CLOEXEC) != 0) {
		close(p1[0]);
		close(p1[1]);
		return err_set(e, 0, "pipe: %s", strerror(errno));
	}
	if ((pid = fork()) < 0) {
		err_set(e, 0, "fork: %s", strerror(errno));
	} else if (pid == 0) {
		close(p1[1]);
		close(p2[0]);
		err_clear(e);
		if (child_enter(p1[0], p2[1], parent, e) == 0)
			pid_init(e);
		if (e->msg[0] != '\0') {
			fprintf(stderr, "tcpcraft: %s\n", e->msg);
			_exit(2);
		}
		close(p1[0]);
		close(p2[1]);
		return 0;
	} else if (close(p1[0]), close(p2[1]),
	    parent_map(pid, p2[0], p1[1], e) != 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(p1[1]);
	close(p2[0]);
	return pid;
}

struct tun *
tun_new(const struct ipaddr *laddr, int lplen, const struct ipaddr *raddr,
    int rplen, int mtu, int mss)
{
	struct tun *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->fd = -1;
	t->laddr = *laddr;
	t->raddr = *raddr;
	t->lplen = lplen;
	t->rplen = rplen;
	t->mtu = mtu;
	t->mss = mss;
	return t;
}

void
tun_free(struct tun *t)
{
	if (t == NULL)
		return;
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

int
tun_fd(const struct tun *t)
{
	return t->fd;
}

static void
sin_set(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof(sin));
}

/* The IPv4 netmask of a prefix length. */
static uint32_t
mask4(int plen)
{
	return plen <= 0 ? 0 : plen >= 32 ? 0xffffffffu :
	    ~(0xffffffffu >> plen);
}

/* up (and, for tun0, its IPv4 address, the MTU and the route) */
static int
link_up(int sk, const char *name, const struct tun *t, struct errbuf *e)
{
	struct ifreq ifr;
	struct rtentry rt;
	int v4 = t != NULL && t->laddr.af == AF_INET;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (v4) {
		sin_set(&ifr.ifr_addr, t->laddr.v4);
		if (ioctl(sk, SIOCSIFADDR, &ifr) != 0)
			return err_set(e, 0, "%s address: %s", name,
			    strerror(errno));
		sin_set(&ifr.ifr_netmask, mask4(t->lplen));
		if (ioctl(sk, SIOCSIFNETMASK, &ifr) != 0)
			return err_set(e, 0, "%s netmask: %s", name,
			    strerror(errno));
	}
	if (t != NULL && t->mtu > 0) {
		ifr.ifr_mtu = t->mtu;
		if (ioctl(sk, SIOCSIFMTU, &ifr) != 0)
			return err_set(e, 0, "%s mtu: %s", name,
			    strerror(errno));
	}
	if (ioctl(sk, SIOCGIFFLAGS, &ifr) != 0)
		return err_set(e, 0, "%s: %s", name, strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(sk, SIOCSIFFLAGS, &ifr) != 0)
		return err_set(e, 0, "%s up: %s", name, strerror(errno));
	if (!v4)
		return 0;
	memset(&rt, 0, sizeof(rt));
	sin_set(&rt.rt_dst, t->raddr.v4 & mask4(t->rplen));
	sin_set(&rt.rt_genmask, mask4(t->rplen));
	rt.rt_flags = RTF_UP;
	rt.rt_dev = (char *)(uintptr_t)"tun0";
	if (ioctl(sk, SIOCADDRT, &rt) != 0 && errno != EEXIST)
		return err_set(e, 0, "route to the remote: %s",
		    strerror(errno));
	return 0;
}

static int
nl_ack(const struct nlmsghdr *nh, void *arg)
{
	(void)nh;
	(void)arg;
	return MNL_CB_OK;
}

/* One rtnetlink request that creates something; 0 when it is there. */
static int
nl_create(struct mnl_socket *nl, struct nlmsghdr *nh, const char *what,
    struct errbuf *e)
{
	int kerr;

	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
	    NLM_F_EXCL;
	nh->nlmsg_seq = nh->nlmsg_type;
	if (mnl_socket_sendto(nl, nh, nh->nlmsg_len) < 0 ||
	    nlwait(nl, nh->nlmsg_seq, nl_ack, NULL, &kerr) != 0)
		return err_set(e, 0, "%s: netlink: %s", what,
		    strerror(errno));
	if (kerr != 0 && kerr != -EEXIST)
		return err_set(e, 0, "%s: %s", what, strerror(-kerr));
	return 0;
}

/* tun0's IPv6 address (nodad) and the route to the remote's prefix. */
static int
link_up6(const struct tun *t, struct errbuf *e)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(4)));
	uint8_t dst[16];
	struct mnl_socket *nl;
	struct nlmsghdr *nh;
	struct ifaddrmsg *ifa;
	struct rtmsg *rtm;
	unsigned idx;
	int i, rc;

	if ((idx = if_nametoindex("tun0")) == 0)
		return err_set(e, 0, "tun0: %s", strerror(errno));
	if ((nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) != 0) {
		rc = err_set(e, 0, "netlink: %s", strerror(errno));
		if (nl != NULL)
			mnl_socket_close(nl);
		return rc;
	}
	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = RTM_NEWADDR;
	ifa = mnl_nlmsg_put_extra_header(nh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = (uint8_t)t->lplen;
	ifa->ifa_flags = IFA_F_NODAD;
	ifa->ifa_index = idx;
	mnl_attr_put(nh, IFA_LOCAL, 16, t->laddr.v6);
	mnl_attr_put(nh, IFA_ADDRESS, 16, t->laddr.v6);
	mnl_attr_put_u32(nh, IFA_FLAGS, IFA_F_NODAD);
	rc = nl_create(nl, nh, "tun0 address", e);
	/* the remote's prefix, its host bits cleared */
	memcpy(dst, t->raddr.v6, 16);
	for (i = 0; i < 16; i++)
		if (i * 8 >= t->rplen)
			dst[i] = 0;
		else if (i * 8 + 8 > t->rplen)
			dst[i] &= (uint8_t)(0xff << (8 - (t->rplen - i * 8)));
	nh = mnl_nlmsg_put_header(buf);
	nh->nlmsg_type = RTM_NEWROUTE;
	rtm = mnl_nlmsg_put_extra_header(nh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = (uint8_t)t->rplen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nh, RTA_DST, 16, dst);
	mnl_attr_put_u32(nh, RTA_OIF, idx);
	if (rc == 0)
		rc = nl_create(nl, nh, "route to the remote", e);
	mnl_socket_close(nl);
	return rc;
}

static int
tun_open(struct session *s, const char *ifname, struct errbuf *e)
{
	struct tun *t = s->tun;
	struct ifreq ifr;
	int sk, rc;

	if (t->fd >= 0)
		return 0;
	if ((t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return err_set(e, 0, "/dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "tun0");
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
	if (ioctl(t->fd, TUNSETIFF, &ifr) != 0)
		return err_set(e, 0, "TUNSETIFF: %s", strerror(errno));
	if (ioctl(t->fd, TUNSETOFFLOAD, (unsigned long)(TUN_F_CSUM |
	    TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN)) != 0)
		return err_set(e, 0, "TUNSETOFFLOAD: %s", strerror(errno));
	if ((sk = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return err_set(e, 0, "socket: %s", strerror(errno));
	rc = link_up(sk, "lo", NULL, e);
	if (rc == 0)
		rc = link_up(sk, "tun0", t, e);
	close(sk);
	if (rc == 0 && t->laddr.af == AF_INET6)
		rc = link_up6(t, e);
	s->dlt = WIRE_DLT_RAW;
	return rc;
}

static int
tun_pollfd(struct session *s)
{
	return s->tun->fd;
}

/* Every packet queued, each without its virtio-net header. */
static void
tun_dispatch(struct session *s)
{
	struct tun *t = s->tun;
	struct timeval tv;
	ssize_t n;
	const size_t hl = sizeof(struct virtio_net_hdr);
	int k;

	for (k = 0; k < 256 && t->fd >= 0; k++) {
		if ((n = read(t->fd, t->buf, sizeof(t->buf))) < 0)
			break;
		if ((size_t)n <= hl)
			continue;
		live_stamp(s, &tv);
		rx_input(s, &tv, t->buf + hl, (size_t)n - hl, (size_t)n - hl);
	}
}

/* A packet longer than the MTU goes in as one GSO packet of segments of
 * mss bytes (packetdrill's --mss, else what the MTU leaves after the
 * headers), which the kernel splits; the GSO type says the family. */
static int
tun_send(struct session *s, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	struct tun *t = s->tun;
	struct virtio_net_hdr vh;
	struct iovec iov[2];
	int mtu = t->mtu > 0 ? t->mtu : 1500;

	int v6 = len > 0 && pkt[0] >> 4 == 6;

	memset(&vh, 0, sizeof(vh));
	if (len > (size_t)mtu) {
		vh.gso_type = v6 ? VIRTIO_NET_HDR_GSO_TCPV6 :
		    VIRTIO_NET_HDR_GSO_TCPV4;
		vh.gso_size = (uint16_t)(t->mss > 0 ? t->mss : mtu -
		    (v6 ? 60 : 40));
	}
	iov[0].iov_base = &vh;
	iov[0].iov_len = sizeof(vh);
	iov[1].iov_base = (void *)(uintptr_t)pkt;
	iov[1].iov_len = len;
	if (writev(t->fd, iov, 2) < 0)
		return err_set(e, 0, "tun write: %s", strerror(errno));
	return 0;
}

static int
tun_owns(struct session *s, const struct ipaddr *addr)
{
	return ipaddr_eq(addr, &s->tun->raddr);
}

static void
tun_close(struct session *s)
{
	if (s->tun != NULL && s->tun->fd >= 0) {
		close(s->tun->fd);
		s->tun->fd = -1;
	}
}

const struct backend_ops backend_tun = {
	.name = "tun",
	.flags = BE_OWNADDR | BE_PRIV,
	.open = tun_open,
	.pollfd = tun_pollfd,
	.wait = live_wait,
	.dispatch = tun_dispatch,
	.send = tun_send,
	.frame = NULL,
	.now = live_now,
	.stamp = live_stamp,
	.adopt = NULL,
	.resolve = NULL,
	.owns = tun_owns,
	.filter = NULL,
	.close = tun_close,
};
