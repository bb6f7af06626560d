/* offline.c - a session against a recorded peer: no network, virtual time
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same command, send and receive paths run as in a live session;
 * only the three edges change (injector, sniffer, clock).  So a golden
 * test of a script's transcript exercises the real code, needs no
 * privileges, and gives the same bytes on every run.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "conn.h"
#include "errbuf.h"
#include "labnic.h"
#include "offline.h"
#include "out.h"
#include "rx.h"
#include "session.h"
#include "sniff.h"
#include "wire.h"

struct opkt {
	struct timeval	 ts;
	uint8_t		*b;
	size_t		 caplen, wirelen;
};

struct offline {
	struct opkt	*p;
	size_t		 n, cap;
	int		 dlt;
	size_t		 head;		/* next capture packet */
	uint64_t	 now;		/* virtual session time, us */
	uint64_t	 last_t;	/* when the previous one was consumed */
	uint64_t	*sent_t;	/* when each of our packets left */
	size_t		 sent, sent_cap;
	size_t		 ours_seen;	/* our capture packets matched */
	int		 warned;
};

static void
collect(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct offline *o = arg;
	struct opkt *np;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		if ((np = realloc(o->p, o->cap * sizeof(*np))) == NULL)
			return;
		o->p = np;
	}
	if ((o->p[o->n].b = malloc(caplen ? caplen : 1)) == NULL)
		return;
	memcpy(o->p[o->n].b, frame, caplen);
	o->p[o->n].ts = *ts;
	o->p[o->n].caplen = caplen;
	o->p[o->n].wirelen = wirelen;
	o->n++;
}

struct offline *
offline_open(const char *path, struct errbuf *e)
{
	struct offline *o;
	struct sniffer *sn;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		err_set(e, 0, "out of memory");
		return NULL;
	}
	if ((sn = sniff_open_file(path, e)) == NULL) {
		free(o);
		return NULL;
	}
	o->dlt = sniff_datalink(sn);
	if (sniff_dispatch(sn, collect, o, e) < 0) {
		sniff_close(sn);
		offline_close(o);
		return NULL;
	}
	sniff_close(sn);
	return o;
}

void
offline_close(struct offline *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++)
		free(o->p[i].b);
	free(o->p);
	free(o->sent_t);
	free(o);
}

void
offline_rewind(struct offline *o)
{
	o->head = 0;
	o->now = o->last_t = 0;
	o->sent = o->ours_seen = 0;
	o->warned = 0;
}

static uint64_t
offline_now(const struct offline *o)
{
	return o->now;
}

static void
offline_tv(const struct offline *o, struct timeval *tv)
{
	uint64_t t = o->now;

	if (o->n > 0)
		t += (uint64_t)o->p[0].ts.tv_sec * 1000000u +
		    (uint64_t)o->p[0].ts.tv_usec;
	tv->tv_sec = (time_t)(t / 1000000u);
	tv->tv_usec = (suseconds_t)(t % 1000000u);
}

/* live_open's stand-in: no injector, sniffer or guard to open. */
static int
offline_net(struct session *s, const char *ifname, struct errbuf *e)
{
	(void)e;
	snprintf(s->sniff_if, sizeof(s->sniff_if), "%s", ifname);
	s->dlt = s->off->dlt;
	return 0;
}

/* The injector's stand-in: what would have left is counted, never sent. */
static int
offline_sent(struct session *s, const uint8_t *pkt, size_t len, int link,
    struct errbuf *e)
{
	struct offline *o = s->off;
	uint64_t *nt;

	(void)pkt;
	(void)len;
	(void)link;
	(void)e;
	if (o->sent == o->sent_cap) {
		o->sent_cap = o->sent_cap ? o->sent_cap * 2 : 256;
		nt = realloc(o->sent_t, o->sent_cap * sizeof(*nt));
		if (nt == NULL)
			return 0;
		o->sent_t = nt;
	}
	o->sent_t[o->sent++] = o->now;
	return 0;
}

/* 1: from our end of a connection; 0: to it (the peer's); -1: neither. */
static int
whose(struct session *s, const struct opkt *p)
{
	struct seg g;
	size_t ipoff;
	int from_us = 0;

	if (wire_decode_link(s->off->dlt, p->b, p->caplen, &g, &ipoff) != 0)
		return -1;
	if (conn_lookup(&s->ct, &g.saddr, g.sport, &g.daddr, g.dport,
	    &from_us) != NULL)
		return from_us;
	if (conn_listener(&s->ct, &g.daddr, g.dport) != NULL)
		return 0;
	return -1;
}

static uint64_t
gap_us(const struct offline *o, size_t i)
{
	const struct timeval *a, *b;
	int64_t d;

	if (i == 0)
		return 0;
	a = &o->p[i - 1].ts;
	b = &o->p[i].ts;
	d = (int64_t)(b->tv_sec - a->tv_sec) * 1000000 +
	    (b->tv_usec - a->tv_usec);
	return d > 0 ? (uint64_t)d : 0;
}

/* Delivers every packet due by now; returns when the next one is due
 * (0: none is, until we send something or never). */
static uint64_t
release(struct session *s)
{
	struct offline *o = s->off;
	struct timeval tv;
	uint64_t due;
	int w;

	while (o->head < o->n && s->ct.count > 0) {
		w = whose(s, &o->p[o->head]);
		if (w == 1) {
			/* ours: it stands for the packet the script sends */
			if (o->ours_seen == o->sent)
				return 0;
			o->last_t = o->sent_t[o->ours_seen++];
			o->head++;
			continue;
		}
		if (w < 0 && !o->warned) {
			out_printf("offline: packet %zu of the capture belongs "
			    "to no connection (do the script's address, port "
			    "and ISS match the capture's?)\n", o->head + 1);
			o->warned = 1;
		}
		due = o->last_t + gap_us(o, o->head);
		if (due > o->now)
			return due;
		o->last_t = due;
		offline_tv(o, &tv);
		o->head++;
		rx_input(s, &tv, o->p[o->head - 1].b, o->p[o->head - 1].caplen,
		    o->p[o->head - 1].wirelen);
	}
	return 0;
}

/* poll's stand-in: jumps the clock to the next event (a packet of the
 * peer's due, a timer, at most max_us ahead when max_us >= 0), and only
 * looks whether the caller's fds are ready. */
static int
offline_wait(struct session *s, struct pollfd *pfd, nfds_t n, int64_t max_us)
{
	struct offline *o = s->off;
	uint64_t target = UINT64_MAX, t;

	if ((t = release(s)) != 0)
		target = t;
	if ((t = rx_next_timer(s)) != 0 && t < target)
		target = t;
	if (max_us >= 0 && o->now + (uint64_t)max_us < target)
		target = o->now + (uint64_t)max_us;
	if (target != UINT64_MAX && target > o->now)
		o->now = target;
	return poll(pfd, n, target == UINT64_MAX ? 100 : 0);
}

static void
offline_dispatch(struct session *s)
{
	release(s);
}

static int
offline_pollfd(struct session *s)
{
	(void)s;
	return -1;
}

static uint64_t
offline_clock(const struct session *s)
{
	return offline_now(s->off);
}

static void
offline_stamp(const struct session *s, struct timeval *tv)
{
	offline_tv(s->off, tv);
}

static void
offline_free(struct session *s)
{
	offline_close(s->off);
	s->off = NULL;
}

const struct backend_ops backend_off = {
	.name = "offline",
	.flags = 0,
	.open = offline_net,
	.pollfd = offline_pollfd,
	.wait = offline_wait,
	.dispatch = offline_dispatch,
	.send = offline_sent,
	.sendmany = NULL,
	.frame = NULL,
	.now = offline_clock,
	.stamp = offline_stamp,
	.adopt = NULL,
	.resolve = NULL,
	.owns = NULL,
	.filter = NULL,
	.close = offline_free,
};

/* --offline in a lab shell (-i IFACE, --src): a script recorded on the
 * lab NIC runs unchanged, so its addresses are taken as the lab NIC
 * takes them (adopt, ARP frames); nothing is resolved or sent. */
static int
offline_lab_adopt(struct session *s, const struct ipaddr *addr,
    struct errbuf *e)
{
	return backend_lab.adopt(s, addr, e);
}

static int
offline_lab_frame(struct session *s, const uint8_t *frame, size_t caplen)
{
	return backend_lab.frame(s, frame, caplen);
}

static void
offline_lab_free(struct session *s)
{
	offline_free(s);
	backend_lab.close(s);
}

const struct backend_ops backend_off_lab = {
	.name = "offline (lab)",
	.flags = BE_OWNADDR,
	.open = offline_net,
	.pollfd = offline_pollfd,
	.wait = offline_wait,
	.dispatch = offline_dispatch,
	.send = offline_sent,
	.sendmany = NULL,
	.frame = offline_lab_frame,
	.now = offline_clock,
	.stamp = offline_stamp,
	.adopt = offline_lab_adopt,
	.resolve = NULL,
	.owns = NULL,
	.filter = NULL,
	.close = offline_lab_free,
};
