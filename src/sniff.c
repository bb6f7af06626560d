/* sniff.c - the sniffer: live on one interface, or from a file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Live on an Ethernet or loopback link: a packet socket of our own,
 * without a ring, read with recvmmsg from the poll loop; libpcap only
 * compiles its filters.  A packet socket's ring costs an RCU grace
 * period to set up and two to tear down (packet_set_ring and
 * packet_release each call synchronize_net), 10 to 20 ms each on a
 * loaded machine: three quarters of a short session's life.  Without
 * it, opening costs no wait and closing one.  Other links (tun, ppp)
 * go through libpcap's create -> set -> activate as before.  On
 * loopback the kernel keeps each packet's outgoing copy out of the
 * socket, so every segment is seen once.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <unistd.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "errbuf.h"
#include "priv.h"
#include "route.h"
#include "sniff.h"

/* Loopback frames reach 64 KiB (MTU 65536 plus headers). */
#define SNIFF_SNAPLEN	262144
/* The socket's receive buffer: a limit, not an allocation (the ring
 * it replaces was 16 MiB allocated and zeroed at start).  Charged by
 * each packet's true size, it holds some 250 of loopback's 64 KiB
 * segments or thousands of small ones between two dispatches. */
#define SNIFF_BUFSIZE	(16 * 1024 * 1024)
/* Frames per recvmmsg: one call empties what a burst leaves. */
#define SNIFF_BATCH	16
/* Matches nothing, so nothing is queued before the first connection. */
#define SNIFF_NOTHING	"ip proto 6 and not ip"
/* Rounds of reading per call: one ring's (or batch's) worth is ready
 * at once; the cap keeps a flood from starving stdin in the poll loop. */
#define SNIFF_ROUNDS	64

struct sniffer {
	pcap_t	*p;		/* a file, a libpcap capture, or (sock) a
				 * dead handle that compiles filters */
	int	 fd;
	int	 live;
	int	 sock;		/* our packet socket, not libpcap's */
	int	 dlt;
	int	 lo_out;	/* loopback without PACKET_IGNORE_OUTGOING:
				 * drop the outgoing copies here */
	int	 polled;	/* sniff_polled told whether the socket */
	int	 readable;	/* was readable: the next dispatch knows */
	int	 stamped;	/* SO_TIMESTAMP asked for (sniff_stamp) */
	int	 refilter;	/* frames queued before the last filter
				 * change: filter them again here, as
				 * libpcap does its ring's */
	unsigned drops;
	struct bpf_program prog;	/* the filter in force */
	uint8_t	*buf;		/* SNIFF_BATCH slots of SNIFF_SNAPLEN */
	struct mmsghdr	 msg[SNIFF_BATCH];
	struct iovec	 iov[SNIFF_BATCH];
	struct sockaddr_ll from[SNIFF_BATCH];
	union {
		struct cmsghdr	h;
		char		b[CMSG_SPACE(sizeof(struct timeval))];
	} cmsg[SNIFF_BATCH];
};

struct dispatch_ctx {
	sniff_cb	 cb;
	void		*arg;
};

static void
handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct dispatch_ctx *ctx = (struct dispatch_ctx *)user;
	struct timeval ts;

	ts.tv_sec = h->ts.tv_sec;
	ts.tv_usec = h->ts.tv_usec;
	ctx->cb(ctx->arg, &ts, bytes, h->caplen, h->len);
}

/* Through libpcap: links whose frames are not Ethernet's. */
static struct sniffer *
open_pcap(struct sniffer *s, const char *ifname, struct errbuf *e)
{
	char perr[PCAP_ERRBUF_SIZE];
	int rc;

	perr[0] = '\0';
	if ((s->p = pcap_create(ifname, perr)) == NULL) {
		err_set(e, 0, "capture on %s: %s", ifname, perr);
		free(s);
		return NULL;
	}
	if (pcap_set_snaplen(s->p, SNIFF_SNAPLEN) != 0 ||
	    pcap_set_promisc(s->p, 0) != 0 ||
	    pcap_set_timeout(s->p, 1) != 0 ||
	    pcap_set_immediate_mode(s->p, 1) != 0 ||
	    pcap_set_buffer_size(s->p, SNIFF_BUFSIZE) != 0) {
		err_set(e, 0, "capture on %s: %s", ifname, pcap_geterr(s->p));
		goto fail;
	}
	rc = pcap_activate(s->p);
	if (rc < 0) {
		/* The generic errors leave pcap_geterr empty. */
		const char *m = pcap_geterr(s->p);

		if (m == NULL || *m == '\0')
			m = pcap_statustostr(rc);
		if (rc == PCAP_ERROR_PERM_DENIED)
			err_set(e, 0, "capture on %s: %s (needs root or "
			    "CAP_NET_RAW)", ifname, m);
		else
			err_set(e, 0, "capture on %s: %s", ifname, m);
		goto fail;
	}
	/* rc > 0 is a warning (e.g. promiscuous mode not supported): the
	 * handle works, so carry on. */
	if (pcap_setnonblock(s->p, 1, perr) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, perr);
		goto fail;
	}
	if (pcap_setdirection(s->p, PCAP_D_INOUT) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, pcap_geterr(s->p));
		goto fail;
	}
	if ((s->fd = pcap_get_selectable_fd(s->p)) == -1) {
		err_set(e, 0, "capture on %s: no selectable descriptor",
		    ifname);
		goto fail;
	}
	s->dlt = pcap_datalink(s->p);
	if (sniff_set_filter(s, SNIFF_NOTHING, e) == -1)
		goto fail;
	return s;
fail:
	pcap_close(s->p);
	free(s);
	return NULL;
}

/* The link's ARPHRD_* type, or -1. */
static int
link_type(int fd, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == -1)
		return -1;
	return ifr.ifr_hwaddr.sa_family;
}

/* The socket opens with protocol 0, so it receives nothing until bound:
 * the filter and the options are in place before the first frame. */
static struct sniffer *
open_sock(struct sniffer *s, int fd, const char *ifname, struct errbuf *e)
{
	struct sockaddr_ll sll;
	int one = 1, sz = SNIFF_BUFSIZE, i;

	s->sock = 1;
	s->fd = fd;
	s->dlt = DLT_EN10MB;	/* loopback's frames too, as libpcap says */
	if ((s->p = pcap_open_dead(s->dlt, SNIFF_SNAPLEN)) == NULL ||
	    (s->buf = malloc((size_t)SNIFF_BATCH * SNIFF_SNAPLEN)) == NULL) {
		err_set(e, 0, "capture on %s: %s", ifname, strerror(ENOMEM));
		goto fail;
	}
	if (sniff_set_filter(s, SNIFF_NOTHING, e) == -1)
		goto fail;
	/* FORCE goes past net.core.rmem_max (CAP_NET_ADMIN) */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	/* Only on loopback: elsewhere the outgoing copies are the local
	 * kernel's own segments (its RSTs), which the shell shows.  A
	 * kernel older than 4.20 lacks the option: drop them here. */
	if (route_is_loopback(ifname) && setsockopt(fd, SOL_PACKET,
	    PACKET_IGNORE_OUTGOING, &one, sizeof(one)) == -1)
		s->lo_out = 1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	if ((sll.sll_ifindex = (int)if_nametoindex(ifname)) == 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, strerror(errno));
		goto fail;
	}
	for (i = 0; i < SNIFF_BATCH; i++) {
		s->iov[i].iov_base = s->buf + (size_t)i * SNIFF_SNAPLEN;
		s->iov[i].iov_len = SNIFF_SNAPLEN;
	}
	return s;
fail:
	sniff_close(s);
	return NULL;
}

static struct sniffer *
open_live(const char *ifname, struct errbuf *e)
{
	struct sniffer *s;
	int fd, t;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(e, 0, "sniffer: %s", strerror(errno));
		return NULL;
	}
	s->live = 1;
	s->fd = -1;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		err_set(e, 0, "capture on %s: %s%s", ifname, strerror(errno),
		    errno == EPERM ? " (needs root or CAP_NET_RAW)" : "");
		free(s);
		return NULL;
	}
	if ((t = link_type(fd, ifname)) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, strerror(errno));
		close(fd);
		free(s);
		return NULL;
	}
	if (t == ARPHRD_ETHER || t == ARPHRD_LOOPBACK)
		return open_sock(s, fd, ifname, e);
	close(fd);
	return open_pcap(s, ifname, e);
}

/* The packet socket behind the capture: CAP_NET_RAW, raised for it, and
 * CAP_NET_ADMIN for its receive buffer past net.core.rmem_max (priv.h). */
struct sniffer *
sniff_open_live(const char *ifname, struct errbuf *e)
{
	struct sniffer *r;

	priv_raise(PRIV_NET_RAW | PRIV_NET_ADMIN);
	r = open_live(ifname, e);
	priv_lower();
	return r;
}

struct sniffer *
sniff_open_file(const char *path, struct errbuf *e)
{
	struct sniffer *s;
	char perr[PCAP_ERRBUF_SIZE];

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(e, 0, "sniffer: %s", strerror(errno));
		return NULL;
	}
	s->fd = -1;
	perr[0] = '\0';
	/* Reads pcap and pcapng alike. */
	if ((s->p = pcap_open_offline(path, perr)) == NULL) {
		/* libpcap names the file itself when it cannot open it. */
		if (strncmp(perr, path, strlen(path)) == 0)
			err_set(e, 0, "%s", perr);
		else
			err_set(e, 0, "%s: %s", path, perr);
		free(s);
		return NULL;
	}
	return s;
}

int
sniff_fd(const struct sniffer *s)
{
	return s->fd;
}

int
sniff_datalink(const struct sniffer *s)
{
	return s->live ? s->dlt : pcap_datalink(s->p);
}

/* Swaps the kernel's filter in one step (no frame passes unfiltered)
 * and keeps the program: what the old one let in and is still queued
 * meets the new one in sniff_dispatch. */
static int
sock_filter(struct sniffer *s, struct bpf_program *prog, const char *bpf,
    struct errbuf *e)
{
	struct sock_fprog fp;

	fp.len = (unsigned short)prog->bf_len;
	fp.filter = (struct sock_filter *)prog->bf_insns;
	if (setsockopt(s->fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp,
	    sizeof(fp)) == -1) {
		err_set(e, 0, "filter \"%s\": %s", bpf, strerror(errno));
		pcap_freecode(prog);
		return -1;
	}
	if (s->prog.bf_insns != NULL)
		pcap_freecode(&s->prog);
	s->prog = *prog;
	s->refilter = 1;
	return 0;
}

int
sniff_set_filter(struct sniffer *s, const char *bpf, struct errbuf *e)
{
	struct bpf_program prog;

	/* Keep "inbound"/"outbound" out of bpf: after a filter change
	 * libpcap re-filters the frames already in the ring in user space,
	 * where the packet-type test fails, and the first packet after
	 * the change is lost (measured).
	 *
	 * The optimizer refuses a filter that provably matches nothing
	 * ("expression rejects all packets"), yet such a filter is what
	 * we want with no connection open: compile it as written. */
	if (pcap_compile(s->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) == -1 &&
	    pcap_compile(s->p, &prog, bpf, 0, PCAP_NETMASK_UNKNOWN) == -1)
		return err_set(e, 0, "filter \"%s\": %s", bpf,
		    pcap_geterr(s->p));
	if (s->sock)
		return sock_filter(s, &prog, bpf, e);
	if (pcap_setfilter(s->p, &prog) == -1) {
		err_set(e, 0, "filter \"%s\": %s", bpf, pcap_geterr(s->p));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

/*
 * Asking for receive timestamps turns on the kernel's stamping of every
 * frame the host receives (netstamp_needed_key), and nothing turns it
 * off again but closing the socket.  So it is asked for only when the
 * filter first lets in what the shell prints: a flood before any
 * connection, with nothing (or only ARP and ND) let in, does not pay for
 * it (through veth, where the receiving kernel's work is the sender's,
 * 5 to 8 % of a lab NIC flood, measured).  Frames read before then carry
 * the time they were read.
 */
int
sniff_stamp(struct sniffer *s, struct errbuf *e)
{
	int one = 1;

	if (!s->sock || s->stamped)
		return 0;
	if (setsockopt(s->fd, SOL_SOCKET, SO_TIMESTAMP, &one,
	    sizeof(one)) == -1)
		return err_set(e, 0, "capture: SO_TIMESTAMP: %s",
		    strerror(errno));
	s->stamped = 1;
	return 0;
}

/* One frame of the batch to cb, unless it is to be left out. */
static void
sock_deliver(struct sniffer *s, int i, sniff_cb cb, void *arg)
{
	struct msghdr *m = &s->msg[i].msg_hdr;
	struct cmsghdr *c;
	struct pcap_pkthdr h;
	const uint8_t *frame = s->iov[i].iov_base;

	if (s->lo_out && s->from[i].sll_pkttype == PACKET_OUTGOING)
		return;
	/* with MSG_TRUNC the length is the frame's, not what was copied */
	h.len = s->msg[i].msg_len;
	h.caplen = h.len < SNIFF_SNAPLEN ? h.len : SNIFF_SNAPLEN;
	if (s->refilter && pcap_offline_filter(&s->prog, &h, frame) == 0)
		return;
	h.ts.tv_sec = 0;
	for (c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMP)
			memcpy(&h.ts, CMSG_DATA(c), sizeof(h.ts));
	if (h.ts.tv_sec == 0)
		gettimeofday(&h.ts, NULL);
	cb(arg, &h.ts, frame, h.caplen, h.len);
}

static int
sock_dispatch(struct sniffer *s, sniff_cb cb, void *arg, struct errbuf *e)
{
	int i, n, total = 0, round;

	/* poll said nothing is queued: no recvmmsg to hear EAGAIN (one
	 * system call in four of a scripted session) */
	if (s->polled && !s->readable) {
		s->polled = 0;
		return 0;
	}
	s->polled = 0;
	for (round = 0; round < SNIFF_ROUNDS; round++) {
		for (i = 0; i < SNIFF_BATCH; i++) {
			memset(&s->msg[i].msg_hdr, 0, sizeof(struct msghdr));
			s->msg[i].msg_hdr.msg_name = &s->from[i];
			s->msg[i].msg_hdr.msg_namelen = sizeof(s->from[i]);
			s->msg[i].msg_hdr.msg_iov = &s->iov[i];
			s->msg[i].msg_hdr.msg_iovlen = 1;
			s->msg[i].msg_hdr.msg_control = s->cmsg[i].b;
			s->msg[i].msg_hdr.msg_controllen =
			    sizeof(s->cmsg[i].b);
		}
		n = recvmmsg(s->fd, s->msg, SNIFF_BATCH,
		    MSG_DONTWAIT | MSG_TRUNC, NULL);
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return err_set(e, 0, "capture: %s", strerror(errno));
		for (i = 0; i < n; i++)
			sock_deliver(s, i, cb, arg);
		if (n > 0)
			total += n;
		/* a short batch emptied the queue: what was there before
		 * the last filter change has been read */
		if (n < SNIFF_BATCH) {
			s->refilter = 0;
			break;
		}
	}
	return total;
}

int
sniff_dispatch(struct sniffer *s, sniff_cb cb, void *arg, struct errbuf *e)
{
	struct dispatch_ctx ctx = { cb, arg };
	int n, total = 0, round;

	if (s->sock)
		return sock_dispatch(s, cb, arg, e);
	for (round = 0; round < SNIFF_ROUNDS; round++) {
		n = pcap_dispatch(s->p, -1, handler, (u_char *)&ctx);
		if (n == PCAP_ERROR)
			return err_set(e, 0, "capture: %s", pcap_geterr(s->p));
		if (n <= 0)	/* nothing ready, end of file, or breakloop */
			break;
		total += n;
		if (!s->live)	/* a file is read to its end in one call */
			break;
	}
	return total;
}

void
sniff_polled(struct sniffer *s, int readable)
{
	s->polled = 1;
	s->readable = readable;
}

unsigned
sniff_drops(struct sniffer *s)
{
	struct pcap_stat st;
	struct tpacket_stats ts;
	socklen_t len = sizeof(ts);

	if (s->sock) {
		/* the kernel resets its counters on each read */
		if (getsockopt(s->fd, SOL_PACKET, PACKET_STATISTICS, &ts,
		    &len) == 0)
			s->drops += ts.tp_drops;
		return s->drops;
	}
	if (!s->live || pcap_stats(s->p, &st) == -1)
		return 0;
	return st.ps_drop;
}

void
sniff_close(struct sniffer *s)
{
	if (s == NULL)
		return;
	if (s->sock && s->fd != -1)
		close(s->fd);
	if (s->prog.bf_insns != NULL)
		pcap_freecode(&s->prog);
	if (s->p != NULL)
		pcap_close(s->p);
	free(s->buf);
	free(s);
}
