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
 * The SYNs leave the way the session's segments do (s->be->send): the
 * raw socket on loopback, frames from the packet socket on a lab NIC.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "build.h"
#include "confine.h"
#include "conn.h"
#include "errbuf.h"
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
	struct ipaddr		 laddr, raddr;
	uint16_t		 rport, base;
	unsigned		 nports;
	struct probe_slot	*slot;
	struct probe_pkts	 pk;
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

	pktpatch_set(&p->pk.rpp, p->pk.rst, PP_SPORT, lport);
	pktpatch_set(&p->pk.rpp, p->pk.rst, PP_SEQ, seq);
	if (p->s->be->send(p->s, p->pk.rst, p->pk.rstlen, 0, &e) != 0)
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
	    !ipaddr_eq(&g.saddr, &p->raddr) || g.sport != p->rport ||
	    !ipaddr_eq(&g.daddr, &p->laddr) ||
	    (k = (unsigned)(uint16_t)(g.dport - p->base)) >= p->nports ||
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

/* A probe under way: a task the loop drives.  After each SYN it takes
 * replies until the next one is due (after the last, until nothing is
 * in flight or the settle time is over): the session's loop waits, the
 * replies come to probe_frame (s->rx_tap) first. */
struct probe_task {
	struct task	 t;		/* first: the loop's handle */
	struct task	*learn;		/* the next hop's MAC, first */
	struct errbuf	 le;		/* what learn says */
	struct probe_ctx p;
	char		 filt[256];
	struct ipaddr	 addr;		/* what the summary names */
	uint16_t	 port;
	uint64_t	 count, ival, i, sent, t0, until;
	int		 stopped, last;
	enum { PB_SEND, PB_DRAINED, PB_WAITED, PB_LEARN } phase;
};

/* Takes replies until the monotonic time until_ns, or until nothing is
 * in flight after the last SYN: first what came in while the SYN left. */
static int
take_replies(struct session *s, struct probe_task *pt, uint64_t until_ns)
{
	s->rx_tap = probe_frame;
	s->rx_tap_arg = &pt->p;
	pt->until = until_ns;
	pt->phase = PB_DRAINED;
	pt->t.w = (struct loop_wait)LOOP_ONE_TURN;
	return TASK_WAIT;
}

/* What came in while the SYN left is in: then the wait, unless Ctrl-C
 * or a terminating signal came too (*stopped). */
static int
replies_drained(struct session *s, struct probe_task *pt)
{
	uint64_t now;

	if (loop_interrupted() || loop_terminated()) {
		s->rx_tap = NULL;
		pt->stopped = 1;
		return 0;
	}
	now = mono_ns();
	pt->t.w = (struct loop_wait){ -1, sess_now(s) + (pt->until > now ?
	    (pt->until - now + 999) / 1000 : 0), -1, LW_ON_INTR | LW_ON_TERM,
	    pt->last ? none_in_flight : NULL, &pt->p };
	pt->phase = PB_WAITED;
	return 1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
summary(struct probe_ctx *p, uint64_t sent, const struct ipaddr *addr,
    uint16_t port)
{
	double min, max, sum = 0, med;
	uint64_t i, n = p->nrtt;
	char a[CMD_EPSTRLEN];

	out_printf("--- %s probe: %llu sent, %llu answered (%llu SYN-ACK, "
	    "%llu RST), %.0f%% lost\n", cmd_endpoint_str(addr, port, a,
	    sizeof(a)), (unsigned long long)sent, (unsigned long long)n,
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

int
probe_pkts_build(struct session *s, const char *name,
    const struct ipaddr *laddr, uint16_t lport, const struct ipaddr *raddr,
    uint16_t rport, struct probe_pkts *pk, struct errbuf *e)
{
	struct build_env env;
	struct conn tmp;
	struct seg g;
	char departs[160];

	memset(&tmp, 0, sizeof(tmp));
	snprintf(tmp.name, sizeof(tmp.name), "%s", name);
	tmp.laddr = *laddr;
	tmp.lport = lport;
	tmp.raddr = *raddr;
	tmp.rport = rport;
	tcb_init(&tmp.tcb, TCB_CLIENT, 0, s->set.win, s->set.mss,
	    s->set.msl_us);
	tx_env(s, &env);
	if (build_segment(SK_SYN, &tmp, NULL, NULL, 0, &env, &g, departs,
	    sizeof(departs), e) != 0 ||
	    wire_encode(&g, pk->syn, sizeof(pk->syn), &pk->synlen, e) != 0 ||
	    pktpatch_init(&pk->spp, pk->syn, pk->synlen, 1, 1, e) != 0)
		return -1;
	g.flags = TH_RST;
	g.ack = 0;
	g.win = 0;
	g.nopt = 0;
	g.optlen = 0;
	g.data = NULL;
	g.datalen = 0;
	g.fixed = 0;
	if (wire_encode(&g, pk->rst, sizeof(pk->rst), &pk->rstlen, e) != 0 ||
	    pktpatch_init(&pk->rpp, pk->rst, pk->rstlen, 1, 1, e) != 0)
		return -1;
	return 0;
}

/* The next SYN leaves, then the replies to it are taken. */
static int
send_next(struct session *s, struct probe_task *pt)
{
	struct probe_ctx *p = &pt->p;
	struct probe_slot *sl;
	struct errbuf se;
	uint64_t i = pt->i++;

	sl = &p->slot[i % p->nports];
	if (sl->pending) {	/* its port is wanted again: lost */
		sl->pending = 0;
		p->npending--;
	}
	sl->iss = sess_rand(s);
	sl->n = i + 1;
	pktpatch_set(&p->pk.spp, p->pk.syn, PP_SPORT,
	    p->base + i % p->nports);
	pktpatch_set(&p->pk.spp, p->pk.syn, PP_SEQ, sl->iss);
	if (!p->pk.spp.v6) {	/* IPv6 has no id */
		pktpatch_set(&p->pk.spp, p->pk.syn, PP_ID, s->ip_id++);
		if (s->ip_id == 0)
			s->ip_id = 1;
	}
	sl->t_ns = mono_ns();
	if (s->be->send(s, p->pk.syn, p->pk.synlen, 0, &se) != 0) {
		out_printf("probe %llu: %s\n", (unsigned long long)(i + 1),
		    se.msg);
		return TASK_DONE;	/* no wait: the next one */
	}
	sl->pending = 1;
	p->npending++;
	pt->sent++;
	if (i + 1 < pt->count)
		return take_replies(s, pt, pt->t0 + (i + 1) * pt->ival);
	return TASK_DONE;
}

static int
probe_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct probe_task *pt = (struct probe_task *)t;
	struct probe_ctx *p = &pt->p;

	for (;;) {
		switch (pt->phase) {
		case PB_LEARN:
			if (why == LW_START) {
				loop_push(s, pt->learn);
				return TASK_WAIT;
			}
			if (t->child_rc != 0) {
				s->filter_extra = NULL;
				sess_refilter(s);
				t->rc = sess_cmd_failed(s, &pt->le);
				return TASK_DONE;
			}
			pt->t0 = mono_ns();
			pt->phase = PB_SEND;
			break;
		case PB_SEND:
			if (pt->i < pt->count && !pt->stopped) {
				if (send_next(s, pt) == TASK_WAIT)
					return TASK_WAIT;
				break;
			}
			if (!pt->stopped && !pt->last) {
				pt->last = 1;
				return take_replies(s, pt, mono_ns() +
				    (pt->ival > PROBE_SETTLE_NS ? pt->ival :
				    PROBE_SETTLE_NS));
			}
			s->filter_extra = NULL;
			sess_refilter(s);
			summary(p, pt->sent, &pt->addr, pt->port);
			t->rc = p->nrtt > 0 && !pt->stopped ? EXEC_OK :
			    sess_cmd_failed(s, NULL);
			return TASK_DONE;
		case PB_DRAINED:
			pt->phase = PB_SEND;
			if (replies_drained(s, pt))
				return TASK_WAIT;
			break;
		case PB_WAITED:
			s->rx_tap = NULL;
			pt->stopped = why == LW_INTR || why == LW_TERM;
			pt->phase = PB_SEND;
			break;
		}
	}
}

static void
probe_task_drop(struct task *t)
{
	struct probe_task *pt = (struct probe_task *)t;

	free(pt->p.slot);
	free(pt->p.rtt);
	free(pt);
}

/* Where a made-up connection to dst goes: the scope guard's route, and
 * from the backend's source of dst's family, else the route's. */
int
probe_route(struct session *s, const struct ipaddr *dst, int open,
    struct ipaddr *src, struct errbuf *e)
{
	struct route r;

	if (route_check_scope_ip(dst, s->labif, &r, e) != 0 ||
	    (open && sess_net(s, r.ifname, e) != 0))
		return -1;
	*src = backend_source(s, &r, dst->af);
	if (ipaddr_is_any(src))
		*src = r.srcaddr;
	return 0;
}

int
probe_own(struct session *s, const struct ipaddr *src,
    const struct ipaddr *dst, struct task **learn, struct errbuf *le,
    struct errbuf *e)
{
	*learn = NULL;
	if (backend_own_source(s, src, e) != 0)
		return -1;
	if (backend_resolve(s, dst, src, learn, le) != 0) {
		*e = *le;
		return -1;
	}
	return 0;
}

int
probe_run(struct session *s, const struct cmd *c, struct errbuf *e)
{
	struct probe_task *pt;
	struct probe_ctx *p;
	struct ipaddr src;
	char la[IPADDR_STRLEN], ra[IPADDR_STRLEN], rep[CMD_EPSTRLEN];

	if (probe_route(s, &c->addr, 1, &src, e) != 0)
		return -1;
	if ((pt = calloc(1, sizeof(*pt))) == NULL)
		return err_set(e, 0, "probe: out of memory");
	pt->t.run = probe_task_run;
	pt->t.drop = probe_task_drop;
	p = &pt->p;
	p->s = s;
	p->laddr = src;
	p->raddr = c->addr;
	p->rport = c->port;
	p->nports = c->count < PROBE_PORTS ? (unsigned)c->count : PROBE_PORTS;
	p->base = (uint16_t)(40000 + sess_rand(s) % (20000 - p->nports));
	p->slot = calloc(p->nports, sizeof(*p->slot));
	p->rtt = calloc((size_t)c->count, sizeof(*p->rtt));
	if (p->slot == NULL || p->rtt == NULL) {
		err_set(e, 0, "probe: out of memory");
		goto fail;
	}
	if (confine_probe(s, &p->laddr, p->base, p->nports, &p->raddr,
	    p->rport, c->count, c->ival_us, e) != 0 ||
	    probe_own(s, &p->laddr, &p->raddr, &pt->learn, &pt->le, e) != 0)
		goto fail;
	if (probe_pkts_build(s, "probe", &p->laddr, p->base, &p->raddr,
	    p->rport, &p->pk, e) != 0)
		goto fail;
	/* one filter for every reply the probe can get, whatever port;
	 * "tcp" is IPv4's and IPv6's, "host" takes either family */
	ipaddr_str(&p->raddr, ra, sizeof(ra));
	ipaddr_str(&p->laddr, la, sizeof(la));
	snprintf(pt->filt, sizeof(pt->filt), "tcp and src host %s and src "
	    "port %u and dst host %s and dst portrange %u-%u", ra, p->rport,
	    la, p->base, p->base + p->nports - 1);
	s->filter_extra = pt->filt;
	sess_refilter(s);
	out_printf("probe %s: %llu SYNs from %s ports %u-%u, %.3g ms "
	    "apart\n", cmd_endpoint_str(&p->raddr, p->rport, rep,
	    sizeof(rep)), (unsigned long long)c->count, la, p->base,
	    p->base + p->nports - 1, c->ival_us / 1e3);
	pt->addr = c->addr;
	pt->port = c->port;
	pt->count = c->count;
	pt->ival = c->ival_us * 1000;
	pt->t0 = mono_ns();
	if (pt->learn != NULL)
		pt->phase = PB_LEARN;
	/* the rest is the loop's: the caller waits for the task */
	loop_push(s, &pt->t);
	return EXEC_PENDING;
fail:
	if (pt->learn != NULL && pt->learn->drop != NULL)  /* never pushed */
		pt->learn->drop(pt->learn);
	probe_task_drop(&pt->t);
	return -1;
}
