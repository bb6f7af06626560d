/* rx.c - the receive path: frame -> segment -> connection -> TCB -> expect
 *
 * Everything that belongs to a connection is shown and applied, whenever it
 * arrives: between two commands, during a wait, before an expect.
 */
#include <string.h>

#include <netinet/in.h>

#include "backend.h"
#include "build.h"
#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "expect.h"
#include "icmprx.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "rx.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "trust.h"
#include "tx.h"
#include "wire.h"

/* A SYN for a listening entry opens a new connection per 4-tuple. */
static struct conn *
rx_accept(struct session *s, const struct seg *g, const struct timeval *ts)
{
	struct conn *l, *c;
	struct errbuf e;
	char from[CMD_EPSTRLEN];
	uint32_t iss;

	if ((g->flags & (TH_SYN | TH_ACK | TH_RST)) != TH_SYN)
		return NULL;
	if ((l = conn_listener(&s->ct, &g->daddr, g->dport)) == NULL)
		return NULL;
	/* The capture may still hold a SYN from before listen (and the
	 * kernel's RST to it, sent before the guard was there): not ours. */
	if (ts != NULL && timercmp(ts, &l->since, <))
		return NULL;
	if ((c = conn_add(&s->ct, &g->daddr, g->dport, &g->saddr, g->sport,
	    NULL, &e)) == NULL) {
		out_printf("warning: cannot accept: %s\n", e.msg);
		return NULL;
	}
	iss = s->set.iss_fixed ? s->set.iss : sess_rand(s);
	tcb_init(&c->tcb, TCB_SERVER, iss, s->set.win,
	    sess_mss(s, g->daddr.af), s->set.msl_us);
	tcb_keep_streams(&c->tcb);
	c->expect_from = s->nlog;
	sess_guard_conn(s, c);
	s->cur = c;
	out_printf("%s: new connection from %s on %s "
	    "(now current; answer with synack)\n", c->name,
	    cmd_endpoint_str(&g->saddr, g->sport, from, sizeof(from)),
	    l->name);
	return c;
}

static void
rx_autoack(struct session *s, struct conn *c, const struct tcb_ev *ev)
{
	struct errbuf e;

	if (!s->set.autoack || !(ev->notes & TN_ACK_OWED))
		return;
	if (c->tcb.state == TCB_LISTEN || c->tcb.state == TCB_CLOSED)
		return;
	obs_sender(s->obs, NULL, "autoack");	/* the capture's comment */
	if (tx_segment(s, c, SK_ACK, NULL, NULL, 0, &e) != 0)
		out_printf("autoack: %s\n", e.msg);
}

void
rx_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct session *s = arg;
	struct seg g;
	struct conn *c;
	struct pkt_rec *r;
	struct tcb_ev ev;
	size_t ipoff = 0, iplen;
	enum tcb_state before;
	char why[96];
	int from_us = 0, trusted, rc;

	if (s->be->frame != NULL && s->be->frame(s, frame, caplen))
		return;		/* the link layer's own (ARP on a lab NIC) */
	rc = wire_decode_link(s->dlt, frame, caplen, &g, &ipoff);
	if (g.anno & (SEG_A_BAD_LINK | SEG_A_TRUNC_IP | SEG_A_BAD_VER))
		return;
	if ((g.proto == IPPROTO_ICMP && g.saddr.af != AF_INET6) ||
	    (g.proto == IPPROTO_ICMPV6 && g.saddr.af == AF_INET6)) {
		icmprx_input(s, ts, frame + ipoff, caplen - ipoff);
		return;
	}
	if (rc != 0 || (g.anno & SEG_A_NOT_TCP))
		return;
	trusted = trust_seg(&g, caplen - ipoff, wirelen > ipoff ?
	    wirelen - ipoff : 0, why, sizeof(why));
	c = conn_lookup(&s->ct, &g.saddr, g.sport, &g.daddr, g.dport, &from_us);
	/* an untrustworthy SYN opens nothing */
	if (c == NULL && (!trusted || (c = rx_accept(s, &g, ts)) == NULL))
		return;
	if (c->listening)
		return;
	iplen = caplen - ipoff;
	/* Ethernet pads short frames to 60 bytes: such a packet ends where
	 * its IP header says (our own are recognised by their bytes) */
	if (s->dlt == WIRE_DLT_EN10MB && caplen == 60 && g.tot_len >= 20 &&
	    g.tot_len < iplen)
		iplen = g.tot_len;
	if (from_us && tx_is_ours(s, frame + ipoff, iplen))
		return;		/* printed when it left */

	if ((r = sess_log_add(s, from_us ? DIR_KERNEL : DIR_IN, c,
	    frame + ipoff, iplen, ts)) == NULL)
		return;
	before = c->tcb.state;
	if (!trusted)
		trust_event(&c->tcb, &g, why, &ev);
	else if (from_us) {
		/* Not sent by us, yet from our end: the local kernel, which
		 * knows no socket for this 4-tuple. */
		tcb_on_send(&c->tcb, &g, sess_now(s), &ev);
		if (g.flags & TH_RST) {
			ev.notes |= TN_KERNEL_RST |
			    (c->guarded ? 0 : TN_GUARD_OFF);
			snprintf(c->tcb.reason, sizeof(c->tcb.reason),
			    "the local kernel reset it: no socket of its own "
			    "for this 4-tuple (%s)", c->guarded ?
			    "the guard did not stop it" : "guard off");
		}
	} else
		tcb_on_recv(&c->tcb, &g, sess_now(s), &ev);
	sess_timer_sync(s, c);
	r->ev = ev;
	tcb_print_ctx(&c->tcb, from_us, !s->set.absolute, &r->pc);
	r->pc.payload = s->set.payload;
	obs_received(s->obs, c, r);	/* shown, captured; why, quiz */
	if (c->tcb.state == TCB_CLOSED && before != TCB_CLOSED)
		sess_unguard_conn(s, c);
	if (!from_us) {
		expect_on_packet(s, s->nlog - 1);
		rx_autoack(s, c, &ev);
	}
}

void
rx_input(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct session *s = arg;

	if (s->rx_tap != NULL)
		s->rx_tap(s->rx_tap_arg, ts, frame, caplen, wirelen);
	else
		rx_frame(s, ts, frame, caplen, wirelen);
}

/* TIME-WAIT timers; the guard goes when the connection is CLOSED.  Only
 * the connections due, from the table's queue, in creation order. */
void
rx_timers(struct session *s)
{
	struct conn *c;
	struct tcb_ev ev;
	uint64_t now = sess_now(s);

	conn_timer_expire(&s->ct, now);
	while ((c = conn_timer_pop(&s->ct)) != NULL) {
		tcb_tick(&c->tcb, now, &ev);
		sess_timer_sync(s, c);
		if (ev.from != ev.to) {
			obs_state(s->obs, now, c, ev.from, ev.to,
			    "2*MSL elapsed");
			if (c->tcb.state == TCB_CLOSED)
				sess_unguard_conn(s, c);
		}
	}
	obs_tick(s->obs, now);	/* a prediction's silence */
}

/* Not const: stale entries at the top of the queue are dropped. */
uint64_t
rx_next_timer(struct session *s)
{
	uint64_t t = conn_timer_next(&s->ct), ob;

	if (s->pend.kind != P_NONE && (t == 0 || s->pend.deadline < t))
		t = s->pend.deadline;
	if ((ob = obs_deadline(s->obs)) != 0 && (t == 0 || ob < t))
		t = ob;		/* a prediction's silence */
	return t;
}
