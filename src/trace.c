/* trace.c - traceroute HOST:PORT: the routers on the way to a TCP port
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As tcptraceroute does it: a SYN is what a firewall lets through to an
 * open port, where a UDP or ICMP probe might be dropped.  One SYN per
 * hop, one hop at a time (a lab has few hops and a student reads them in
 * order); each from source port base + hop, so the quote in a time
 * exceeded says which hop's SYN ran out.  The SYN is probe's template
 * (build_segment, then pktpatch for port, seq, id and TTL) and leaves
 * through the backend, so a lab NIC's own address works as a connection's
 * does.  On IPv6 the hop limit is the TTL and the routers answer in
 * ICMPv6 (time exceeded, unreachable).  Replies come to trace_frame
 * first (s->rx_tap); the rest goes the usual way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "backend.h"
#include "errbuf.h"
#include "floodarg.h"
#include "icmp.h"
#include "labnic.h"
#include "loop.h"
#include "out.h"
#include "pktpatch.h"
#include "print.h"
#include "probe.h"
#include "route.h"
#include "rx.h"
#include "sess.h"
#include "session.h"
#include "trace.h"
#include "wire.h"

struct trace_task {
	struct task	 t;		/* first: the loop's handle */
	struct session	*s;
	struct task	*learn;		/* the next hop's ARP or ND, first */
	struct errbuf	 le;		/* its error */
	struct ipaddr	 laddr, raddr;
	uint16_t	 rport, base;
	unsigned	 hop, maxhop;
	uint64_t	 wait_us;
	uint32_t	 iss;		/* this hop's SYN */
	uint64_t	 sent_at;	/* session clock, us */
	int		 answered, reached, stopped, started;
	struct probe_pkts pk;
	char		 filt[320];
};

static void
hop_line(struct trace_task *tt, const char *line, const struct ipaddr *who,
    const char *what)
{
	char a[IPADDR_STRLEN];

	out_printf("%9.6f In  %s  # hop %u: %s, rtt %.3f ms%s%s\n",
	    sess_now(tt->s) / 1e6, line, tt->hop,
	    ipaddr_str(who, a, sizeof(a)),
	    (sess_now(tt->s) - tt->sent_at) / 1e3, *what ? ", " : "", what);
}

/* An ICMP or ICMPv6 error quoting this hop's SYN. */
static int
trace_icmp(struct trace_task *tt, const uint8_t *pkt, size_t len)
{
	struct icmp_msg m;
	char line[256];

	if (icmp_decode(pkt, len, &m) != 0 || !m.q_tcp ||
	    !ipaddr_eq(&m.q_src, &tt->laddr) ||
	    !ipaddr_eq(&m.q_dst, &tt->raddr) ||
	    m.q_dport != tt->rport || m.q_sport != tt->base + tt->hop ||
	    m.q_seq != tt->iss)
		return 0;
	icmp_line(line, sizeof(line), &m);
	if (m.type == (m.af == AF_INET6 ? ICMP6_TIMXCEED : ICMP_TIMXCEED))
		hop_line(tt, line, &m.src, "");
	else {
		/* the way ends here: nothing goes further */
		hop_line(tt, line, &m.src, "the way ends here");
		tt->reached = -1;
	}
	tt->answered = 1;
	return 1;
}

/* The destination's SYN-ACK or RST to this hop's SYN. */
static int
trace_tcp(struct trace_task *tt, const struct seg *g)
{
	struct print_ctx pc;
	struct errbuf e;
	char line[512];

	if (!ipaddr_eq(&g->saddr, &tt->raddr) || g->sport != tt->rport ||
	    !ipaddr_eq(&g->daddr, &tt->laddr) ||
	    g->dport != tt->base + tt->hop ||
	    g->ack != tt->iss + 1 || !((g->flags & TH_RST) ||
	    (g->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)))
		return 0;
	pc.relative = 1;
	pc.seq_base = g->seq;
	pc.ack_base = tt->iss;
	pc.payload = 1;
	print_line(line, sizeof(line), g, &pc, NULL);
	hop_line(tt, line, &g->saddr, g->flags & TH_RST ?
	    "the destination: port closed (RST)" :
	    "the destination: port open (SYN-ACK)");
	if (g->flags & TH_SYN) {
		/* no half-open connection left behind */
		pktpatch_set(&tt->pk.rpp, tt->pk.rst, PP_SPORT, g->dport);
		pktpatch_set(&tt->pk.rpp, tt->pk.rst, PP_SEQ, tt->iss + 1);
		if (tt->s->be->send(tt->s, tt->pk.rst, tt->pk.rstlen, 0,
		    &e) != 0)
			out_printf("traceroute: RST: %s\n", e.msg);
	}
	tt->answered = 1;
	tt->reached = 1;
	return 1;
}

static void
trace_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct trace_task *tt = arg;
	struct seg g;
	size_t ipoff;
	int rc;

	rc = wire_decode_link(tt->s->dlt, frame, caplen, &g, &ipoff);
	if (!tt->answered && !(g.anno & (SEG_A_BAD_LINK | SEG_A_TRUNC_IP)) &&
	    ((g.proto == (g.saddr.af == AF_INET6 ? IPPROTO_ICMPV6 :
	    IPPROTO_ICMP) && trace_icmp(tt, frame + ipoff,
	    caplen - ipoff)) || (rc == 0 && trace_tcp(tt, &g))))
		return;
	rx_frame(tt->s, ts, frame, caplen, wirelen);
}

static int
answered(struct session *s, void *arg)
{
	struct trace_task *tt = arg;

	(void)s;
	return tt->answered;
}

/* The next hop's SYN leaves; its answer is waited for. */
static int
send_hop(struct session *s, struct trace_task *tt)
{
	struct errbuf e;

	tt->hop++;
	tt->answered = 0;
	tt->iss = sess_rand(s);
	pktpatch_set(&tt->pk.spp, tt->pk.syn, PP_SPORT, tt->base + tt->hop);
	pktpatch_set(&tt->pk.spp, tt->pk.syn, PP_SEQ, tt->iss);
	pktpatch_set(&tt->pk.spp, tt->pk.syn, PP_TTL, tt->hop);
	pktpatch_set(&tt->pk.spp, tt->pk.syn, PP_ID, s->ip_id++);
	if (s->ip_id == 0)
		s->ip_id = 1;
	tt->sent_at = sess_now(s);
	if (s->be->send(s, tt->pk.syn, tt->pk.synlen, 0, &e) != 0) {
		out_printf("traceroute: hop %u: %s\n", tt->hop, e.msg);
		tt->stopped = 1;
		return TASK_DONE;
	}
	s->rx_tap = trace_frame;
	s->rx_tap_arg = tt;
	tt->t.w = (struct loop_wait){ -1, tt->sent_at + tt->wait_us, -1,
	    LW_ON_INTR | LW_ON_TERM, answered, tt };
	return TASK_WAIT;
}

static void
finish(struct session *s, struct trace_task *tt)
{
	char a[CMD_EPSTRLEN];

	s->rx_tap = NULL;
	s->filter_extra = NULL;
	sess_refilter(s);
	cmd_endpoint_str(&tt->raddr, tt->rport, a, sizeof(a));
	if (tt->reached > 0)
		out_printf("--- %s reached at hop %u\n", a, tt->hop);
	else if (tt->reached < 0)
		out_printf("--- %s not reached: hop %u says it is "
		    "unreachable\n", a, tt->hop);
	else
		out_printf("--- %s not reached in %u hop%s%s\n", a, tt->hop,
		    tt->hop == 1 ? "" : "s", tt->stopped ? " (stopped)" : "");
	tt->t.rc = tt->reached > 0 ? EXEC_OK : sess_cmd_failed(s, NULL);
}

static int
trace_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct trace_task *tt = (struct trace_task *)t;
	char a[CMD_EPSTRLEN];

	if (why == LW_START && tt->learn != NULL) {
		loop_push(s, tt->learn);	/* ARP or ND for the next hop */
		tt->learn = NULL;
		return TASK_WAIT;
	}
	if (why == LW_CHILD && t->child_rc != 0) {
		tt->stopped = 1;
		finish(s, tt);
		return TASK_DONE;
	}
	if (why == LW_INTR || why == LW_TERM)
		tt->stopped = 1;
	else if (tt->started && !tt->answered)
		out_printf("hop %u: * (no answer within %.3g s)\n", tt->hop,
		    tt->wait_us / 1e6);
	tt->started = 1;
	s->rx_tap = NULL;
	if (tt->stopped || tt->reached != 0 || tt->hop >= tt->maxhop) {
		finish(s, tt);
		return TASK_DONE;
	}
	if (tt->hop == 0)
		out_printf("traceroute to %s: SYNs with %s 1..%u, from "
		    "ports %u-%u, %.3g s for each hop\n",
		    cmd_endpoint_str(&tt->raddr, tt->rport, a, sizeof(a)),
		    tt->raddr.af == AF_INET6 ? "hop limit" : "TTL", tt->maxhop,
		    tt->base + 1, tt->base + tt->maxhop, tt->wait_us / 1e6);
	if (send_hop(s, tt) == TASK_WAIT)
		return TASK_WAIT;
	finish(s, tt);
	return TASK_DONE;
}

static void
trace_task_drop(struct task *t)
{
	struct trace_task *tt = (struct trace_task *)t;

	if (tt->s->rx_tap_arg == tt)
		tt->s->rx_tap = NULL;
	if (tt->s->filter_extra == tt->filt)
		tt->s->filter_extra = NULL;	/* dropped before finish */
	if (tt->learn != NULL && tt->learn->drop != NULL)
		tt->learn->drop(tt->learn);	/* never pushed */
	free(tt);
}

int
trace_run(struct session *s, const struct cmd *c, struct errbuf *e)
{
	struct trace_task *tt;
	struct ipaddr src;
	char la[IPADDR_STRLEN], ra[IPADDR_STRLEN];

	if (probe_route(s, &c->addr, 1, &src, e) != 0)
		return -1;
	if ((tt = calloc(1, sizeof(*tt))) == NULL)
		return err_set(e, 0, "traceroute: out of memory");
	tt->t.run = trace_task_run;
	tt->t.drop = trace_task_drop;
	tt->s = s;
	tt->laddr = src;
	tt->raddr = c->addr;
	tt->rport = c->port;
	tt->maxhop = (unsigned)c->count;
	tt->wait_us = c->ival_us;
	tt->base = (uint16_t)(40000 + sess_rand(s) % (20000 -
	    TRACE_MAXHOPS - 1));
	if (probe_own(s, &tt->laddr, &tt->raddr, &tt->learn, &tt->le,
	    e) != 0 ||
	    probe_pkts_build(s, "traceroute", &tt->laddr, tt->base,
	    &tt->raddr, tt->rport, &tt->pk, e) != 0) {
		trace_task_drop(&tt->t);
		return -1;
	}
	/* the destination's answers to our ports (ORed with the
	 * connections' filter, which lets every ICMP error in); "tcp" and
	 * "host" are either family's */
	snprintf(tt->filt, sizeof(tt->filt), "tcp and src host %s and src "
	    "port %u and dst host %s and dst portrange %u-%u",
	    ipaddr_str(&tt->raddr, ra, sizeof(ra)), tt->rport,
	    ipaddr_str(&tt->laddr, la, sizeof(la)), tt->base + 1,
	    tt->base + tt->maxhop);
	s->filter_extra = tt->filt;
	sess_refilter(s);
	loop_push(s, &tt->t);
	return EXEC_PENDING;
}
