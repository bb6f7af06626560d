/* icmprx.c - an arriving ICMP error put on its connection's timeline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A router's need-frag (ICMPv6's packet too big), a host-unreachable, a
 * time-exceeded: each quotes
 * the segment that caused it, and the quote's 4-tuple names the
 * connection.  Whether the connection believes it is RFC 5927's question
 * (is the quoted sequence number one we sent and nobody acknowledged?);
 * the line says the answer either way, since a forged ICMP that fails it
 * is exactly what a student should see refused.
 */
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "expect.h"
#include "icmp.h"
#include "icmprx.h"
#include "obs.h"
#include "pktlog.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "wire.h"

/* The segment of ours the quote names, from the log: its words
 * ("quotes our segment 1:1461", "quotes our SYN"). */
static void
quoted_words(const struct session *s, const struct conn *c,
    const struct icmp_msg *m, char *buf, size_t cap)
{
	const struct pkt_rec *r;
	struct seg g;
	uint32_t base = s->set.absolute ? 0 : c->tcb.iss, a;
	size_t i;

	for (i = s->nlog; i-- > s->logbase; ) {
		r = sess_log_at(s, i);
		if (r->dir != DIR_OUT || r->conn_id != c->id || r->icmp ||
		    wire_decode(r->pkt, r->len, &g) != 0 || g.seq != m->q_seq)
			continue;
		a = g.seq - base;
		if (g.flags & TH_SYN)
			snprintf(buf, cap, "quotes our %s", g.flags & TH_ACK ?
			    "SYN-ACK" : "SYN");
		else if (g.datalen > 0)
			snprintf(buf, cap, "quotes our segment %u:%u", a,
			    a + g.datalen);
		else
			snprintf(buf, cap, "quotes our segment at seq %u", a);
		return;
	}
	snprintf(buf, cap, "quotes seq %u", m->q_seq - base);
}

/* A need-frag or packet too big that passed the check: the path MTU, if it goes down. */
static void
apply_pmtu(struct session *s, struct conn *c, const struct icmp_msg *m,
    char *buf, size_t cap)
{
	uint16_t before = tcb_send_mss(&c->tcb);

	if (m->mtu == 0 && m->af == AF_INET)
		snprintf(buf, cap, "; no next-hop MTU given (RFC 1191 routers "
		    "say it): path MTU left as it is");
	else if (!s->set.pmtu)
		snprintf(buf, cap, "; set pmtu off: path MTU left as it is "
		    "(a PMTUD black hole)");
	else if (icmp_pmtu_apply(&c->tcb, m))
		snprintf(buf, cap, "; path MTU %u%s: send MSS now %u (was %u), "
		    "the next send splits at it", c->tcb.pmtu,
		    c->tcb.pmtu != m->mtu ? " (IPv6's minimum)" : "",
		    tcb_send_mss(&c->tcb), before);
	else
		snprintf(buf, cap, "; path MTU already %u or less: nothing "
		    "changes", m->mtu);
}

void
icmprx_input(struct session *s, const struct timeval *ts, const uint8_t *pkt,
    size_t len)
{
	struct icmp_msg m;
	struct conn *c;
	struct pkt_rec *r;
	char quoted[96], why[96], more[160], anno[160];
	int from_us = 0;

	if (icmp_decode(pkt, len, &m) != 0 || !m.q_tcp)
		return;
	c = conn_lookup(&s->ct, &m.q_src, m.q_sport, &m.q_dst, m.q_dport,
	    &from_us);
	if (c == NULL || c->listening || !from_us)
		return;		/* about a segment that is not ours */
	if ((r = sess_log_add(s, DIR_IN, c, pkt, len, ts)) == NULL)
		return;
	r->icmp = 1;
	r->ev.from = r->ev.to = c->tcb.state;
	tcb_print_ctx(&c->tcb, 1, !s->set.absolute, &r->pc);
	more[0] = '\0';
	if (icmp_acceptable(&m, &c->tcb, why, sizeof(why))) {
		quoted_words(s, c, &m, quoted, sizeof(quoted));
		if (icmp_is_pmtu(&m))
			apply_pmtu(s, c, &m, more, sizeof(more));
		snprintf(r->ev.detail, sizeof(r->ev.detail), "%s%s", quoted,
		    more);
	} else
		snprintf(r->ev.detail, sizeof(r->ev.detail), "not ours: %s "
		    "\xe2\x80\x94 a blind ICMP attack would look like this",
		    why);
	if (icmp_anno(anno, sizeof(anno), &m) > 0) {
		size_t n = strlen(r->ev.detail);

		snprintf(r->ev.detail + n, sizeof(r->ev.detail) - n, "; %s",
		    anno);
	}
	obs_received(s->obs, c, r);
	expect_on_packet(s, s->nlog - 1);
}
