/* probe.c - SYN probes with round-trip times, like hping3 -S
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time measured is the one a user waits for: from just before the
 * SYN leaves to the reply being matched in this process, after the
 * capture handed it over (printing follows).  To keep it short the
 * per-probe path does no allocation, opens nothing and compiles no
 * filter: the template is patched (pktpatch), the filter for the whole
 * port range is installed once per command, the slots and the RTT array
 * are allocated before the first probe, and each reply costs one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "build.h"
#include "conn.h"
#include "errbuf.h"
#include "inject.h"
#include "loop.h"
#include "out.h"
#include "pktpatch.h"
#include "print.h"
#include "probe.h"
#include "route.h"
#include "rx.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "tx.h"
#include "wire.h"

/* Source ports in use at once: a reply names its probe by port. */
#define PROBE_PORTS	256
/* How long to wait for late replies after the last probe, at least. */
#define PROBE_SETTLE_NS	1000000000ull

struct probe_slot {
	uint32_t	iss;
	uint64_t	t_ns;		/* when the SYN left */
	uint64_t	n;		/* probe number, from 1 */
	int		pending;
};

struct probe_ctx {
	struct session		*s;
	uint32_t		 laddr, raddr;
	uint16_t		 rport, base;
	unsigned		 nports;
	struct probe_slot	*slot;
	uint8_t			 rst[64];
	size_t			 rstlen;
	struct pktpatch		 rpp;
	double			*rtt;	/* microseconds, one per answer */
	uint64_t		 nrtt, nsynack, nrst, npending;
};

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Our SYN's reset: seq ISS + 1, what the SYN-ACK acknowledged. */
static void
send_rst(struct probe_ctx *p, uint16_t lport, uint32_t seq)
{
	struct errbuf e;

	pktpatch_set(&p->rpp, p->rst, PP_SPORT, lport);
	pktpatch_set(&p->rpp, p->rst, PP_SEQ, seq);
	if (inject_send(p->s->inj, p->rst, p->rstlen, 0, &e) != 0)
		out_printf("probe: RST: %s\n", e.msg);
}

static void
probe_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct probe_ctx *p = arg;
	struct probe_slot *sl;
	struct print_ctx pc;
	struct seg g;
	size_t ipoff;
	uint64_t t = mono_ns();
	double rtt;
	char line[512 + 64];
	unsigned k;

	if (wire_decode_link(p->s->dlt, frame, caplen, &g, &ipoff) != 0 ||
	    g.saddr != p->raddr || g.sport != p->rport ||
	    g.daddr != p->laddr || (k = (unsigned)(uint16_t)(g.dport -
	    p->base)) >= p->nports ||
	    !((g.flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) ||
	    (g.flags & TH_RST)) ||
	    !(sl = &p->slot[k])->pending || g.ack != sl->iss + 1) {
		/* not an answer to a probe in flight: the session's */
		rx_frame(p->s, ts, frame, caplen, wirelen);
		return;
	}
	sl->pending = 0;
	p->npending--;
	rtt = (double)(t - sl->t_ns) / 1e3;
	p->rtt[p->nrtt++] = rtt;
	pc.relative = 1;
	pc.seq_base = g.seq;
	pc.ack_base = sl->iss;
	pc.payload = 1;
	print_line(line, sizeof(line), &g, &pc, NULL);
	out_printf("%9.6f In  %s  # probe %llu: rtt %.3f ms\n",
	    sess_now(p->s) / 1e6, line, (unsigned long long)sl->n, rtt / 1e3);
	if (g.flags & TH_SYN) {
		p->nsynack++;
		send_rst(p, g.dport, sl->iss + 1);
	} else
		p->nrst++;
}

static int
none_in_flight(struct session *s, void *arg)
{
	struct probe_ctx *p = arg;

	(void)s;
	return p->npending == 0;
}

/* Takes replies until the monotonic time until_ns, or until nothing is
 * in flight when stop_early: the session's loop waits, the replies come
 * to probe_frame (s->rx_tap) first.  Returns -1 on Ctrl-C or a
 * terminating signal. */
static int
take_replies(struct probe_ctx *p, uint64_t until_ns, int stop_early)
{
	struct session *s = p->s;
	struct loop_wait w = { -1, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    stop_early ? none_in_flight : NULL, p };
	uint64_t now;
	enum loop_end r;

	s->rx_tap = probe_frame;
	s->rx_tap_arg = p;
	loop_drain(s);		/* what came in while the SYN left */
	if (loop_interrupted() || loop_terminated())
		r = LW_INTR;
	else {
		now = mono_ns();
		w.deadline = sess_now(s) + (until_ns > now ?
		    (until_ns - now + 999) / 1000 : 0);
		r = loop_wait(s, &w);
	}
	s->rx_tap = NULL;
	return r == LW_INTR || r == LW_TERM ? -1 : 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
summary(struct probe_ctx *p, uint64_t sent, const struct cmd *c)
{
	double min, max, sum = 0, med;
	uint64_t i, n = p->nrtt;
	char a[16];

	out_printf("--- %s:%u probe: %llu sent, %llu answered (%llu SYN-ACK, "
	    "%llu RST), %.0f%% lost\n", print_addr(c->addr, a), c->port,
	    (unsigned long long)sent, (unsigned long long)n,
	    (unsigned long long)p->nsynack, (unsigned long long)p->nrst,
	    sent ? 100.0 * (double)(sent - n) / (double)sent : 0.0);
	if (n == 0)
		return;
	qsort(p->rtt, (size_t)n, sizeof(p->rtt[0]), cmp_double);
	min = p->rtt[0];
	max = p->rtt[n - 1];
	for (i = 0; i < n; i++)
		sum += p->rtt[i];
	med = n % 2 ? p->rtt[n / 2] : (p->rtt[n / 2 - 1] + p->rtt[n / 2]) / 2;
	out_printf("rtt min/avg/max/median = %.3f/%.3f/%.3f/%.3f ms\n",
	    min / 1e3, sum / (double)n / 1e3, max / 1e3, med / 1e3);
}

/* The SYN template and the RST that answers a SYN-ACK, both patched per
 * probe afterwards. */
static int
templates(struct probe_ctx *p, uint8_t *syn, size_t *synlen,
    struct pktpatch *spp, struct errbuf *e)
{
	struct session *s = p->s;
	struct build_env env;
	struct conn tmp;
	struct seg g;
	char departs[160];

	memset(&tmp, 0, sizeof(tmp));
	snprintf(tmp.name, sizeof(tmp.name), "probe");
	tmp.laddr = p->laddr;
	tmp.lport = p->base;
	tmp.raddr = p->raddr;
	tmp.rport = p->rport;
	tcb_init(&tmp.tcb, TCB_CLIENT, 0, s->set.win, s->set.mss,
	    s->set.msl_us);
	tx_env(s, &env);
	if (build_segment(SK_SYN, &tmp, NULL, NULL, 0, &env, &g, departs,
	    sizeof(departs), e) != 0 ||
	    wire_encode(&g, syn, WIRE_MAXPKT, synlen, e) != 0 ||
	    pktpatch_init(spp, syn, *synlen, 1, 1, e) != 0)
		return -1;
	g.flags = TH_RST;
	g.ack = 0;
	g.win = 0;
	g.nopt = 0;
	g.optlen = 0;
	g.data = NULL;
	g.datalen = 0;
	g.fixed = 0;
	if (wire_encode(&g, p->rst, sizeof(p->rst), &p->rstlen, e) != 0 ||
	    pktpatch_init(&p->rpp, p->rst, p->rstlen, 1, 1, e) != 0)
		return -1;
	return 0;
}

int
probe_run(struct session *s, const struct cmd *c, struct errbuf *e)
{
	static uint8_t syn[WIRE_MAXPKT];
	struct probe_ctx p;
	struct pktpatch spp;
	struct probe_slot *sl;
	struct route r;
	struct errbuf se;
	char filt[256], la[16], ra[16];
	size_t synlen;
	uint64_t i, sent = 0, t0, ival = c->ival_us * 1000;
	int rc = -1, stopped = 0;

	if (route_check_scope(c->addr, s->labif, &r, e) != 0 ||
	    sess_net(s, r.ifname, e) != 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.laddr = r.src;
	p.raddr = c->addr;
	p.rport = c->port;
	p.nports = c->count < PROBE_PORTS ? (unsigned)c->count : PROBE_PORTS;
	p.base = (uint16_t)(40000 + sess_rand(s) % (20000 - p.nports));
	p.slot = calloc(p.nports, sizeof(*p.slot));
	p.rtt = calloc((size_t)c->count, sizeof(*p.rtt));
	if (p.slot == NULL || p.rtt == NULL) {
		err_set(e, 0, "probe: out of memory");
		goto out;
	}
	if (templates(&p, syn, &synlen, &spp, e) != 0)
		goto out;
	/* one filter for every reply the probe can get, whatever port */
	snprintf(filt, sizeof(filt), "tcp and src host %s and src port %u "
	    "and dst host %s and dst portrange %u-%u", print_addr(p.raddr, ra),
	    p.rport, print_addr(p.laddr, la), p.base,
	    p.base + p.nports - 1);
	s->filter_extra = filt;
	sess_refilter(s);
	out_printf("probe %s:%u: %llu SYNs from %s ports %u-%u, %.3g ms "
	    "apart\n", ra, p.rport, (unsigned long long)c->count, la, p.base,
	    p.base + p.nports - 1, c->ival_us / 1e3);

	t0 = mono_ns();
	for (i = 0; i < c->count && !stopped; i++) {
		sl = &p.slot[i % p.nports];
		if (sl->pending) {	/* its port is wanted again: lost */
			sl->pending = 0;
			p.npending--;
		}
		sl->iss = sess_rand(s);
		sl->n = i + 1;
		pktpatch_set(&spp, syn, PP_SPORT, p.base + i % p.nports);
		pktpatch_set(&spp, syn, PP_SEQ, sl->iss);
		pktpatch_set(&spp, syn, PP_ID, s->ip_id++);
		if (s->ip_id == 0)
			s->ip_id = 1;
		sl->t_ns = mono_ns();
		if (inject_send(s->inj, syn, synlen, 0, &se) != 0) {
			out_printf("probe %llu: %s\n",
			    (unsigned long long)(i + 1), se.msg);
			continue;
		}
		sl->pending = 1;
		p.npending++;
		sent++;
		if (i + 1 < c->count)
			stopped = take_replies(&p, t0 + (i + 1) * ival, 0) < 0;
	}
	if (!stopped)
		stopped = take_replies(&p, mono_ns() + (ival >
		    PROBE_SETTLE_NS ? ival : PROBE_SETTLE_NS), 1) < 0;
	s->filter_extra = NULL;
	sess_refilter(s);
	summary(&p, sent, c);
	rc = p.nrtt > 0 && !stopped ? 0 : 1;
out:
	if (s->filter_extra == filt) {
		s->filter_extra = NULL;
		sess_refilter(s);
	}
	free(p.slot);
	free(p.rtt);
	return rc;
}
