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
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "backend_lo.h"
#include "backend_tun.h"
#include "rx.h"
#include "session.h"
#include "wire.h"

/* uid and gid 0 inside: an id nobody on the host uses */
#define TUN_NSUID	"0 2147483000 1\n1 0 1\n"

struct tun {
	int		fd;
	uint32_t	laddr, raddr;
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
tun_new(uint32_t laddr, uint32_t raddr, int mtu, int mss)
{
	struct tun *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->fd = -1;
	t->laddr = laddr;
	t->raddr = raddr;
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

/* up (and, for tun0, the address, the MTU and the route) */
static int
link_up(int sk, const char *name, const struct tun *t, struct errbuf *e)
{
	struct ifreq ifr;
	struct rtentry rt;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (t != NULL) {
		sin_set(&ifr.ifr_addr, t->laddr);
		if (ioctl(sk, SIOCSIFADDR, &ifr) != 0)
			return err_set(e, 0, "%s address: %s", name,
			    strerror(errno));
		sin_set(&ifr.ifr_netmask, 0xffff0000u);
		if (ioctl(sk, SIOCSIFNETMASK, &ifr) != 0)
			return err_set(e, 0, "%s netmask: %s", name,
			    strerror(errno));
		if (t->mtu > 0) {
			ifr.ifr_mtu = t->mtu;
			if (ioctl(sk, SIOCSIFMTU, &ifr) != 0)
				return err_set(e, 0, "%s mtu: %s", name,
				    strerror(errno));
		}
	}
	if (ioctl(sk, SIOCGIFFLAGS, &ifr) != 0)
		return err_set(e, 0, "%s: %s", name, strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(sk, SIOCSIFFLAGS, &ifr) != 0)
		return err_set(e, 0, "%s up: %s", name, strerror(errno));
	if (t == NULL)
		return 0;
	memset(&rt, 0, sizeof(rt));
	sin_set(&rt.rt_dst, t->raddr & 0xffffff00u);
	sin_set(&rt.rt_genmask, 0xffffff00u);
	rt.rt_flags = RTF_UP;
	rt.rt_dev = (char *)(uintptr_t)"tun0";
	if (ioctl(sk, SIOCADDRT, &rt) != 0 && errno != EEXIST)
		return err_set(e, 0, "route to the remote: %s",
		    strerror(errno));
	return 0;
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
 * mss bytes (packetdrill's --mss), which the kernel splits. */
static int
tun_send(struct session *s, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	struct tun *t = s->tun;
	struct virtio_net_hdr vh;
	struct iovec iov[2];
	int mtu = t->mtu > 0 ? t->mtu : 1500;

	memset(&vh, 0, sizeof(vh));
	if (len > (size_t)mtu) {
		vh.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
		vh.gso_size = (uint16_t)(t->mss > 0 ? t->mss : mtu - 40);
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
	return addr->af == AF_INET && addr->v4 == s->tun->raddr;
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
