/* sess.c - a running session's own services: its clock and random
 * numbers, opening the edges once, the packet log, the capture filter
 * and the kernel-RST guard of its connections
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "guard.h"
#include "out.h"
#include "pktlog.h"
#include "pktstore.h"
#include "portcover.h"
#include "sess.h"
#include "session.h"
#include "sniff.h"

uint64_t
sess_now(const struct session *s)
{
	return s->be->now(s);
}

/* xorshift64*: ISNs, ports and IP ids need to be unpredictable enough for a
 * lab and repeatable under --seed, not cryptographic. */
uint32_t
sess_rand(struct session *s)
{
	uint64_t x = s->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/* The edges for segments through ifname, opened once (backend.h). */
int
sess_net(struct session *s, const char *ifname, struct errbuf *e)
{
	return s->be->open(s, ifname, e);
}

/* The guard's table, opened once; 0 when it is there. */
int
sess_guard_ready(struct session *s)
{
	struct errbuf ge;

	if (!(s->be->flags & BE_KERNEL))	/* no kernel to guard against */
		return -1;
	if (s->gd == NULL && !s->guard_broken) {
		err_clear(&ge);
		if ((s->gd = guard_open(&ge)) == NULL) {
			s->guard_broken = 1;
			out_printf("warning: kernel-RST guard unavailable (%s); "
			    "the local kernel may reset connections\n", ge.msg);
		}
	}
	return s->gd != NULL ? 0 : -1;
}

/* IPv6's header is 20 bytes longer than IPv4's (no options) */
#define IP6_MSS_LESS	20

uint16_t
sess_mss(const struct session *s, int af)
{
	if (af == AF_INET6 && s->set.mss_dflt && s->set.mss > IP6_MSS_LESS)
		return (uint16_t)(s->set.mss - IP6_MSS_LESS);
	return s->set.mss;
}

/* The ICMP errors that quote a segment (icmprx.c): destination
 * unreachable, time exceeded, parameter problem; ICMPv6's types 1-4
 * (packet too big too) right after the fixed header (behind an
 * extension header IP6_CHAINS lets them in).  Neighbor Discovery is
 * not among them: the lab NIC reads it before any filter.  The quote's
 * ports are past a variable-length header, so which connection it is
 * about is for icmprx to say. */
#define ICMP_ERRORS	"(icmp[0] == 3 or icmp[0] == 11 or icmp[0] == 12 or " \
			"(ip6[6] == 58 and ip6[40] >= 1 and ip6[40] <= 4))"

/* IPv6 packets whose first next header is an extension header
 * (hop-by-hop, routing, fragment, destination options): the chain may
 * end in TCP, and "tcp portrange" reads no chain (ip6 protochain would,
 * with a backward jump the kernel's BPF refuses).  Rare, so all of them
 * are let in; the decoder walks the chain and the connection table
 * says whose it is. */
#define IP6_CHAINS	"(ip6 and (ip6[6] == 0 or ip6[6] == 43 or " \
			"ip6[6] == 44 or ip6[6] == 60))"

/* The capture filter follows the open connections: blocks of ports
 * around their local ports (portcover.h), so the kernel hands us little
 * else and a connect seldom pays for a compile. */
void
sess_refilter(struct session *s)
{
	struct errbuf e;
	struct conn *c;
	uint16_t *ports;
	char *buf;
	const char *term;
	size_t n = 0, cap, off;
	int lab, need;

	if (s->sn == NULL)
		return;
	term = backend_filter(s);	/* the link layer's own ("arp") */
	lab = *term != '\0';
	need = !s->filt_set || lab != s->filt_lab ||
	    (s->filter_extra == NULL) != (s->filt_extra == NULL) ||
	    (s->filter_extra != NULL &&
	    strcmp(s->filter_extra, s->filt_extra) != 0);
	for (c = s->ct.head; c != NULL && !need; c = c->next)
		need = !portcover_has(&s->filt, c->lport);
	if (!need)
		return;
	if ((ports = malloc((s->ct.count + 1) * sizeof(*ports))) == NULL)
		return;
	for (c = s->ct.head; c != NULL; c = c->next)
		ports[n++] = c->lport;
	portcover_build(&s->filt, ports, n);
	free(ports);
	cap = portcover_format(&s->filt, NULL, 0) + 80 + 2 * strlen(term) +
	    sizeof(ICMP_ERRORS) + sizeof(IP6_CHAINS);
	if (s->filter_extra != NULL)
		cap += strlen(s->filter_extra) + 8;
	if ((buf = malloc(cap)) == NULL)
		return;
	off = (size_t)snprintf(buf, cap, "%s%s((ip proto 6 or ip6 proto 6) "
	    "and (", term,
	    lab ? " or (" : "");
	off += portcover_format(&s->filt, buf + off, cap - off);
	if (s->filter_extra != NULL)
		off += (size_t)snprintf(buf + off, cap - off, "%s(%s)",
		    s->filt.n > 0 ? " or " : "", s->filter_extra);
	if (s->filt.n == 0 && s->filter_extra == NULL)
		snprintf(buf, cap, "%s", lab ? term : "less 1");
	else
		snprintf(buf + off, cap - off, ")) or %s or %s%s", IP6_CHAINS,
		    ICMP_ERRORS, lab ? ")" : "");
	free(s->filt_extra);
	s->filt_extra = NULL;
	if ((s->filt.n > 0 || s->filter_extra != NULL) &&
	    sniff_stamp(s->sn, &e) != 0)
		out_printf("warning: %s\n", e.msg);
	if (sniff_set_filter(s->sn, buf, &e) != 0) {
		out_printf("warning: capture filter: %s\n", e.msg);
		s->filt_set = 0;
	} else {
		s->filt_set = 1;
		s->filt_lab = lab;
		if (s->filter_extra != NULL &&
		    (s->filt_extra = strdup(s->filter_extra)) == NULL)
			s->filt_set = 0;
	}
	free(buf);
}

/*
 * A closed connection's guard element is not deleted at once: the delete
 * goes with the next connection's add, in one nftables transaction and
 * one system call, or before the loop may block (sess_guard_flush): a
 * scripted session costs one transaction instead of two.  Meanwhile the
 * kernel's RSTs to a pair of ends no connection holds stay dropped, until
 * the shell next waits; nothing else happens in between.
 */
_Static_assert(SESS_GPEND <= GUARD_BATCH, "more deletes than a batch takes");

static void
gpend_elems(const struct session *s, struct guard_elem *del)
{
	size_t i;

	for (i = 0; i < s->ngpend; i++) {
		del[i].laddr = s->gpend[i].laddr;
		del[i].lport = s->gpend[i].lport;
		del[i].raddr = s->gpend[i].raddr;
		del[i].rport = s->gpend[i].rport;
	}
}

void
sess_guard_flush(struct session *s)
{
	struct guard_elem del[SESS_GPEND];
	struct errbuf e;
	size_t i, n = s->ngpend;

	if (n == 0)
		return;
	if (s->gd == NULL) {		/* the table went, and they with it */
		s->ngpend = 0;
		return;
	}
	gpend_elems(s, del);
	s->ngpend = 0;
	if (guard_apply(s->gd, del, n, NULL, &e) == 0)
		return;
	/* one by one (a text guard, or one of them failed): which one */
	for (i = 0; i < n; i++)
		if (guard_del(s->gd, &del[i], &e) != 0)
			out_printf("warning: guard for %s not removed: %s\n",
			    s->gpend[i].name, e.msg);
}

void
sess_guard_conn(struct session *s, struct conn *c)
{
	struct guard_elem del[SESS_GPEND], add;
	struct errbuf e;

	if (!s->set.guard || c->guarded || backend_owns(s, &c->laddr) ||
	    sess_guard_ready(s) != 0)
		return;
	add.laddr = c->laddr;
	add.lport = c->lport;
	add.raddr = c->raddr;
	add.rport = c->rport;
	if (s->ngpend > 0) {
		gpend_elems(s, del);
		if (guard_apply(s->gd, del, s->ngpend, &add, &e) == 0) {
			s->ngpend = 0;
			c->guarded = 1;
			return;
		}
		sess_guard_flush(s);	/* nothing was done: apart */
	}
	if (guard_add(s->gd, &add, &e) != 0) {
		out_printf("warning: guard for %s not installed: %s\n",
		    c->name, e.msg);
		return;
	}
	c->guarded = 1;
}

void
sess_unguard_conn(struct session *s, struct conn *c)
{
	struct guard_elem el;
	struct errbuf e;

	if (!c->guarded || s->gd == NULL)
		return;
	c->guarded = 0;
	if (s->ngpend == SESS_GPEND)
		sess_guard_flush(s);
	if (s->ngpend < SESS_GPEND) {
		s->gpend[s->ngpend].laddr = c->laddr;
		s->gpend[s->ngpend].lport = c->lport;
		s->gpend[s->ngpend].raddr = c->raddr;
		s->gpend[s->ngpend].rport = c->rport;
		memcpy(s->gpend[s->ngpend].name, c->name, CONN_NAMELEN);
		s->ngpend++;
		return;
	}
	el.laddr = c->laddr;
	el.lport = c->lport;
	el.raddr = c->raddr;
	el.rport = c->rport;
	if (guard_del(s->gd, &el, &e) != 0)
		out_printf("warning: guard for %s not removed: %s\n", c->name,
		    e.msg);
}

/*
 * set loglimit: the log keeps the newest loglimit records, so a script of
 * a million sessions runs in the memory of a few.  Dropping one record per
 * packet would move the whole log each time; the log grows to a quarter
 * over the limit instead and then drops down to it at once, its packet
 * bytes copied into a fresh store so that the old one is freed whole.
 * Indexes stay absolute: record i is log[i - logbase].
 */
static int
log_drop(struct session *s)
{
	struct pktstore ns = { 0 };
	size_t keep = s->set.loglimit, held = s->nlog - s->logbase, k, i;
	uint8_t **p;

	k = held - keep;
	/* the copies first: out of memory half way, the log is as it was */
	if ((p = calloc(keep, sizeof(*p))) == NULL)
		return -1;
	for (i = 0; i < keep; i++) {
		if ((p[i] = pktstore_alloc(&ns, s->log[k + i].len)) == NULL) {
			pktstore_free(&ns);
			free(p);
			return -1;
		}
		memcpy(p[i], s->log[k + i].pkt, s->log[k + i].len);
	}
	for (i = 0; i < keep; i++)
		s->log[k + i].pkt = p[i];
	free(p);
	pktstore_free(&s->store);
	s->store = ns;
	memmove(s->log, s->log + k, keep * sizeof(*s->log));
	s->logbase += k;
	return 0;
}

struct pkt_rec *
sess_log_at(const struct session *s, size_t i)
{
	if (i < s->logbase || i >= s->nlog)
		return NULL;
	return &s->log[i - s->logbase];
}

size_t
sess_log_idx(const struct session *s, const struct pkt_rec *r)
{
	return s->logbase + (size_t)(r - s->log);
}

struct pkt_rec *
sess_log_add(struct session *s, enum pkt_dir dir, const struct conn *c,
    const uint8_t *pkt, size_t len, const struct timeval *ts)
{
	struct pkt_rec *r, *nl;
	size_t ncap, held = s->nlog - s->logbase, lim = s->set.loglimit;

	/* out of memory for the copy: the log keeps growing instead */
	if (lim != 0 && held >= lim + lim / 4 + 1 && log_drop(s) == 0)
		held = s->nlog - s->logbase;
	if (held == s->caplog) {
		ncap = s->caplog ? s->caplog * 2 : 256;
		if ((nl = realloc(s->log, ncap * sizeof(*nl))) == NULL)
			return NULL;
		s->log = nl;
		s->caplog = ncap;
	}
	r = &s->log[held];
	memset(r, 0, sizeof(*r));
	/* from the store: no malloc per packet on the send/receive paths */
	if ((r->pkt = pktstore_alloc(&s->store, len)) == NULL)
		return NULL;
	memcpy(r->pkt, pkt, len);
	r->len = (uint32_t)len;
	r->dir = dir;
	r->t_us = sess_now(s);
	if (ts != NULL)
		r->ts = *ts;
	else
		s->be->stamp(s, &r->ts);
	if (c != NULL) {
		r->conn_id = c->id;
		memcpy(r->conn, c->name, sizeof(r->conn));
	}
	s->nlog++;
	return r;
}

void
sess_timer_sync(struct session *s, struct conn *c)
{
	if (conn_timer_sync(&s->ct, c) != 0)
		out_printf("warning: out of memory: the TIME-WAIT timer of %s "
		    "is not running\n", c->name);
}

int
sess_cmd_failed(struct session *s, struct errbuf *e)
{
	if (e != NULL) {
		/* run-time errors point at the command, not a column */
		e->col = 0;
		out_error(s->where, NULL, e);
	}
	s->failed = 1;
	return EXEC_FAIL;
}
