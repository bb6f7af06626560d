/* pdpkt.c - a script's packet line against the wire, both ways */
#include <stdio.h>
#include <string.h>

#include "pdpkt.h"

int
pdpkt_inbound(const struct pd_packet *p, struct pdconn *c, int scaled,
    const uint8_t *data, struct seg *g, char *msg, size_t cap)
{
	struct tcpopt *o;
	uint32_t live;
	int i, k, syn = (p->flags & TH_SYN) != 0;

	if (c->raddr.af == AF_INET6)
		seg_init6(g);
	else {
		seg_init(g);
		g->frag = IP_DF;
	}
	if (p->has & PDP_TTL)	/* the hop limit on IPv6 */
		g->ttl = p->ttl;
	g->saddr = c->raddr;
	g->daddr = c->laddr;
	g->sport = c->rport;
	g->dport = c->lport;
	if (syn)		/* the remote's ISN: as written */
		pdmap_remote_isn(&c->map, p->seq);
	g->seq = pdmap_remote_to_live(&c->map, p->seq, syn);
	g->flags = p->flags;
	if (p->flags & TH_ACK)
		g->ack = pdmap_local_to_live(&c->map, p->ack, syn);
	else
		g->ack = p->ack;
	g->win = p->win;
	g->urp = p->urg;
	g->nopt = p->nopt;
	for (i = 0; i < p->nopt; i++) {
		o = &g->opt[i];
		*o = p->opt[i];
		if (o->kind == TCPOPT_SACK)
			for (k = 0; k < o->nsack; k++) {
				o->u.sack[k].left = pdmap_local_to_live(&c->map,
				    o->u.sack[k].left, syn);
				o->u.sack[k].right = pdmap_local_to_live(
				    &c->map, o->u.sack[k].right, syn);
			}
		if (o->kind == TCPOPT_TS && (p->flags & TH_ACK)) {
			if (pdmap_ts_in(&c->map, o->u.ts.ecr, &live) != 0 &&
			    scaled && c->map.have_ts)
				live = c->map.ts_live0 + (o->u.ts.ecr -
				    c->map.ts_script0);
			else if (pdmap_ts_in(&c->map, o->u.ts.ecr, &live) !=
			    0) {
				snprintf(msg, cap, "TS ecr %u: no outbound "
				    "TS val %u seen to echo", o->u.ts.ecr,
				    o->u.ts.ecr);
				return -1;
			}
			o->u.ts.ecr = live;
		}
	}
	g->data = data;
	g->datalen = p->len;
	return 0;
}

void
pdpkt_to_script(const struct seg *g, const struct pd_packet *want,
    struct pdconn *c, struct pd_packet *out)
{
	const struct tcpopt *wo = NULL;
	int i, k, syn = (g->flags & TH_SYN) != 0;

	memset(out, 0, sizeof(*out));
	if ((g->flags & TH_SYN) && want != NULL && (want->flags & TH_SYN))
		pdmap_learn_isn(&c->map, want->seq, g->seq);
	out->inbound = 0;
	out->has = PDP_WIN | (g->urp != 0 || (g->flags & TH_URG) ? PDP_URG :
	    0);
	out->flags = g->flags;
	out->res = g->res;
	out->seq = pdmap_local_to_script(&c->map, g->seq, syn);
	out->len = g->datalen;
	out->ack = (g->flags & TH_ACK) ? pdmap_remote_to_script(&c->map,
	    g->ack, syn) : g->ack;
	out->win = g->win;
	out->urg = g->urp;
	out->sport = g->sport;
	out->dport = g->dport;
	out->ttl = g->ttl;
	for (i = 0; want != NULL && i < want->nopt; i++)
		if (want->opt[i].kind == TCPOPT_TS)
			wo = &want->opt[i];
	out->nopt = g->nopt;
	for (i = 0; i < g->nopt && i < SEG_MAXOPT; i++) {
		out->opt[i] = g->opt[i];
		for (k = 0; g->opt[i].kind == TCPOPT_SACK && k <
		    g->opt[i].nsack; k++) {
			out->opt[i].u.sack[k].left = pdmap_remote_to_script(
			    &c->map, g->opt[i].u.sack[k].left, syn);
			out->opt[i].u.sack[k].right = pdmap_remote_to_script(
			    &c->map, g->opt[i].u.sack[k].right, syn);
		}
		if (g->opt[i].kind == TCPOPT_TS)
			out->opt[i].u.ts.val = pdmap_ts_out(&c->map, wo != NULL ?
			    wo->u.ts.val : g->opt[i].u.ts.val,
			    g->opt[i].u.ts.val);
	}
}

static int
opt_differs(const struct tcpopt *w, const struct tcpopt *g)
{
	int k;

	if (w->kind != g->kind)
		return 1;
	switch (w->kind) {
	case TCPOPT_MSS:
		return w->u.mss != g->u.mss;
	case TCPOPT_WSCALE:
		return w->u.wscale != g->u.wscale;
	case TCPOPT_TS:		/* its val: pdpkt_compare; its ecr echoes
				 * what we sent, packetdrill checks none */
		return 0;
	case TCPOPT_NOP:
	case TCPOPT_EOL:
	case TCPOPT_SACKOK:
		return w->len != g->len;
	case TCPOPT_SACK:
		if (w->nsack != g->nsack)
			return 1;
		for (k = 0; k < w->nsack; k++)
			if (w->u.sack[k].left != g->u.sack[k].left ||
			    w->u.sack[k].right != g->u.sack[k].right)
				return 1;
		return 0;
	default:
		return w->len != g->len || w->datalen != g->datalen ||
		    memcmp(w->data, g->data, w->datalen) != 0;
	}
}

static const char *
flagstr(uint8_t flags, char *b, size_t cap)
{
	struct pd_packet p;
	char *sp;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	pd_packet_str(&p, b, cap);
	if ((sp = strchr(b, ' ')) != NULL)
		*sp = '\0';
	return b;
}

int
pdpkt_compare(const struct pd_packet *want, const struct pd_packet *got,
    int64_t ts_slack, char *msg, size_t cap)
{
	char a[64], b[64];
	int64_t d;
	int i;

	if (want->flags != got->flags) {
		snprintf(msg, cap, "TCP flags: expected %s, got %s",
		    flagstr(want->flags, a, sizeof(a)),
		    flagstr(got->flags, b, sizeof(b)));
		return -1;
	}
	if (want->res != got->res) {
		snprintf(msg, cap, "reserved bits: expected %u, got %u",
		    want->res, got->res);
		return -1;
	}
	if (want->seq != got->seq) {
		snprintf(msg, cap, "sequence number: expected %u, got %u",
		    want->seq, got->seq);
		return -1;
	}
	if (want->len != got->len) {
		snprintf(msg, cap, "payload length: expected %u, got %u",
		    want->len, got->len);
		return -1;
	}
	if (want->ack != got->ack) {
		snprintf(msg, cap, "ack number: expected %u, got %u",
		    want->ack, got->ack);
		return -1;
	}
	if ((want->has & PDP_WIN) && want->win != got->win) {
		snprintf(msg, cap, "window: expected %u, got %u", want->win,
		    got->win);
		return -1;
	}
	if (want->urg != got->urg) {
		snprintf(msg, cap, "urgent pointer: expected %u, got %u",
		    want->urg, got->urg);
		return -1;
	}
	if (want->has & PDP_ANYOPT)
		return 0;
	for (i = 0; i < want->nopt && i < got->nopt; i++) {
		if (want->opt[i].kind == TCPOPT_TS &&
		    got->opt[i].kind == TCPOPT_TS && ts_slack >= 0) {
			d = (int32_t)(got->opt[i].u.ts.val -
			    want->opt[i].u.ts.val);
			if (d < 0)
				d = -d;
			if (d > ts_slack) {
				snprintf(msg, cap, "TS val: expected %u, got %u "
				    "(%lld ticks allowed)", want->opt[i].u.ts.val,
				    got->opt[i].u.ts.val, (long long)ts_slack);
				return -1;
			}
		}
		if (opt_differs(&want->opt[i], &got->opt[i])) {
			pd_opt_str(&want->opt[i], a, sizeof(a));
			pd_opt_str(&got->opt[i], b, sizeof(b));
			snprintf(msg, cap, "TCP option %d: expected %s, got %s",
			    i + 1, a, b);
			return -1;
		}
	}
	if (want->nopt != got->nopt) {
		snprintf(msg, cap, "TCP options: expected %d, got %d",
		    want->nopt, got->nopt);
		return -1;
	}
	return 0;
}
