/* backend_lo.c - the loopback backend, and the live edges it shares with
 * the lab NIC's: libnet injector out, libpcap capture in, the nftables
 * guard, the monotonic clock
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "backend_lo.h"
#include "confine.h"
#include "errbuf.h"
#include "guard.h"
#include "inject.h"
#include "out.h"
#include "priv.h"
#include "rx.h"
#include "sess.h"
#include "session.h"
#include "sniff.h"

uint64_t
live_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t
live_now(const struct session *s)
{
	return live_mono() - s->mono0;
}

void
live_stamp(const struct session *s, struct timeval *tv)
{
	(void)s;
	gettimeofday(tv, NULL);
}

/* Opens the injector, the sniffer on ifname and (guard) the guard, once
 * a session: opening a pcap handle costs milliseconds and libnet_init
 * thousands of setsockopt calls, so nothing on the per-packet path does
 * it. */
int
live_open(struct session *s, const char *ifname, int guard, struct errbuf *e)
{
	/* say what is missing and how to grant it, before libnet and
	 * libpcap each fail in their own words */
	if (s->inj == NULL && priv_check(e) != 0)
		return -1;
	if (s->sn != NULL && strcmp(s->sniff_if, ifname) != 0)
		return err_set(e, 0, "this session captures on %s; %s is "
		    "reached through %s", s->sniff_if, "that address", ifname);
	if (s->inj == NULL &&
	    (s->inj = inject_open(s->labif, e)) == NULL)
		return -1;
	if (s->sn == NULL) {
		if ((s->sn = sniff_open_live(ifname, e)) == NULL)
			return -1;
		snprintf(s->sniff_if, sizeof(s->sniff_if), "%s", ifname);
		s->dlt = sniff_datalink(s->sn);
	}
	if (guard)
		sess_guard_ready(s);
	return 0;
}

int
live_pollfd(struct session *s)
{
	return s->sn != NULL ? sniff_fd(s->sn) : -1;
}

/* Did poll find the capture readable (or not ask about it)? */
static int
polled_in(struct session *s, const struct pollfd *pfd, nfds_t n)
{
	nfds_t i;
	int fd = sniff_fd(s->sn);

	for (i = 0; i < n; i++)
		if (pfd[i].fd == fd)
			return (pfd[i].revents & (POLLIN | POLLERR)) != 0;
	return 1;
}

/* To the microsecond (ppoll): a flood's rate and a probe's interval
 * are paced by these waits. */
int
live_wait(struct session *s, struct pollfd *pfd, nfds_t n, int64_t max_us)
{
	struct timespec ts;
	uint64_t next, now;
	int64_t us = max_us;
	nfds_t i;
	int rc;

	/* A turn that may not wait (a script's look at what arrived before
	 * each line) learns nothing from poll that the dispatch after it,
	 * which reads without blocking, does not: one system call where
	 * there were two, eleven times a scripted session.  Such a turn
	 * watches no fd of its caller's; the signal flags are read as
	 * ever, and the signal pipe is drained by the next turn that may
	 * wait. */
	if (max_us == 0) {
		for (i = 0; i < n; i++)
			pfd[i].revents = 0;
		return 0;
	}
	if ((next = rx_next_timer(s)) != 0) {
		now = sess_now(s);
		next = next > now ? next - now : 0;
		if (us < 0 || next < (uint64_t)us)
			us = (int64_t)next;
	}
	if (us < 0)
		rc = ppoll(pfd, n, NULL, NULL);
	else {
		ts.tv_sec = (time_t)(us / 1000000);
		ts.tv_nsec = (long)(us % 1000000) * 1000;
		rc = ppoll(pfd, n, &ts, NULL);
	}
	if (rc >= 0 && s->sn != NULL)
		sniff_polled(s->sn, polled_in(s, pfd, n));
	return rc;
}

/* The capture may hold packets whether or not poll said so (a ring
 * that wakes per block); a non-blocking dispatch costs little. */
void
live_dispatch(struct session *s)
{
	struct errbuf e;

	if (s->sn != NULL && sniff_dispatch(s->sn, rx_input, s, &e) < 0)
		out_printf("capture: %s\n", e.msg);
}

static void *
guard_closer(void *g)
{
	guard_close(g);
	return NULL;
}

/* The guard and the capture; the injector, which flood and probe may
 * open in any session, sess_free closes. */
void
live_close(struct session *s)
{
	pthread_t closer;
	int k, joined = 0;

	/* Closing the guard's netlink socket and the capture's packet
	 * socket each wait out an RCU grace period (6 to 20 ms each
	 * here, most of a short session's life): side by side they cost
	 * one.  The one thread of tcpcraft, kept for that.  make bench's
	 * start row, "connect 127.0.0.1:P; quit", per phase (median of
	 * 15, Linux 6.18, 2 CPUs, loaded): open injector 1.4 ms, capture
	 * 0.3 ms, guard 1.1 ms; close 12.9 ms; 22.8 ms start to exit.
	 * With libpcap's 16 MiB ring it was capture 13.2 ms (one grace
	 * period and the ring zeroed) and close 29.4 ms (two): 54.4 ms. */
	if (s->gd != NULL && (s->sn == NULL ||
	    pthread_create(&closer, NULL, guard_closer, s->gd) != 0))
		guard_close(s->gd);
	else if (s->gd != NULL)
		joined = 1;
	s->gd = NULL;
	/* as tcpdump does: a segment the ring had no room for was never
	 * shown or applied, and the user should know */
	if (s->sn != NULL && (k = (int)sniff_drops(s->sn)) > 0) {
		out_flush();
		fprintf(stderr, "capture: %d dropped by the kernel (buffer "
		    "full)\n", k);
	}
	if (s->sn != NULL)
		sniff_close(s->sn);
	s->sn = NULL;
	if (joined)
		pthread_join(closer, NULL);
}

static int
lo_open(struct session *s, const char *ifname, struct errbuf *e)
{
	return live_open(s, ifname, 1, e);
}

static int
lo_send(struct session *s, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	if (confine_packet(s, pkt, len, e) != 0)
		return -1;
	return inject_send(s->inj, pkt, len, link, e);
}

const struct backend_ops backend_lo = {
	.name = "loopback",
	.flags = BE_KERNEL | BE_PRIV,
	.open = lo_open,
	.pollfd = live_pollfd,
	.wait = live_wait,
	.dispatch = live_dispatch,
	.send = lo_send,
	.sendmany = NULL,
	.frame = NULL,
	.now = live_now,
	.stamp = live_stamp,
	.adopt = NULL,
	.resolve = NULL,
	.owns = NULL,
	.filter = NULL,
	.close = live_close,
};
