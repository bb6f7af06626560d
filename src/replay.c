/* replay.c - one side of a captured TCP conversation against a live peer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unlike tcpreplay, the capture is not sent as it is: our side's segments
 * are rebuilt on a new connection with sequence and acknowledgment
 * numbers, SACK edges and timestamps moved from the capture's ISNs and
 * clock to the live ones, and the peer's side is not sent at all but
 * waited for and compared, in relative numbers, with what the capture
 * says it sent.  A pure ACK is the one thing stacks legitimately send or
 * fold into the next segment, so a missing or an extra one is noted and
 * forgiven; any other difference stops the replay and says where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "build.h"
#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "exec.h"
#include "expect.h"
#include "icmp.h"
#include "loop.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "replay.h"
#include "replayarg.h"
#include "segspec.h"
#include "sess.h"
#include "session.h"
#include "sniff.h"
#include "tcb.h"
#include "tx.h"
#include "wire.h"

#define PUREACK_WAIT_US	500000	/* a delayed ACK comes within this */

struct rpkt {
	struct seg	 g;
	struct timeval	 ts;
	uint8_t		*buf;
	size_t		 num;		/* 1-based in the file */
	int		 ours;
	int		 icmp;		/* an ICMP error quoting the
					 * conversation: g holds the quoted
					 * 4-tuple, buf + ipoff the packet */
	size_t		 ipoff, caplen;
};

struct cap {
	struct rpkt	*p;
	size_t		 n, cap;
	size_t		 nframes;
	int		 dlt;
};

struct rstate {
	struct session	*s;
	struct conn	*c;
	const char	*file;
	uint32_t	 cap_ours, cap_peer;	/* the capture's ISNs */
	uint16_t	 lport;			/* server: where we listen */
	size_t		 lc;			/* log cursor */
	uint64_t	 t_live0;
	struct timeval	 t_cap0;
	int		 realtime;
	unsigned	 merged, extra, sent, matched;
	/* the live connection to open */
	int		 client;
	struct ipaddr	 addr;
	uint16_t	 port;
	char		 open_text[16 + CMD_EPSTRLEN];
};

static int open_done(struct rstate *st, int rc, struct errbuf *e);

static void
collect(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct cap *cp = arg;
	struct rpkt *np, *r;
	struct icmp_msg m;
	size_t ipoff;
	int rc;

	(void)wirelen;
	cp->nframes++;
	if (cp->n == cp->cap) {
		cp->cap = cp->cap ? cp->cap * 2 : 64;
		if ((np = realloc(cp->p, cp->cap * sizeof(*np))) == NULL)
			return;
		cp->p = np;
	}
	r = &cp->p[cp->n];
	memset(r, 0, sizeof(*r));
	if ((r->buf = malloc(caplen ? caplen : 1)) == NULL)
		return;
	memcpy(r->buf, frame, caplen);
	rc = wire_decode_link(cp->dlt, r->buf, caplen, &r->g, &ipoff);
	if (rc != 0 && !(r->g.anno & (SEG_A_BAD_LINK | SEG_A_TRUNC_IP)) &&
	    r->g.proto == (r->g.saddr.af == AF_INET6 ? IPPROTO_ICMPV6 :
	    IPPROTO_ICMP) &&
	    icmp_decode(r->buf + ipoff, caplen - ipoff, &m) == 0 && m.q_tcp) {
		/* a router's word about the conversation: kept in its
		 * place, by the 4-tuple it quotes */
		memset(&r->g, 0, sizeof(r->g));
		r->g.saddr = m.q_src;
		r->g.sport = m.q_sport;
		r->g.daddr = m.q_dst;
		r->g.dport = m.q_dport;
		r->icmp = 1;
		r->ipoff = ipoff;
		r->caplen = caplen;
	} else if (rc != 0 || (r->g.anno & (SEG_A_NOT_TCP | SEG_A_TRUNC_IP |
	    SEG_A_BAD_VER | SEG_A_TRUNC_TCP))) {
		free(r->buf);
		return;
	}
	r->ts = *ts;
	r->num = cp->nframes;
	cp->n++;
}

static void
cap_free(struct cap *cp)
{
	size_t i;

	for (i = 0; i < cp->n; i++)
		free(cp->p[i].buf);
	free(cp->p);
}

/* Is g from a:ap, from b:bp? */
static int
from(const struct seg *g, const struct ipaddr *a, uint16_t ap)
{
	return g->sport == ap && ipaddr_eq(&g->saddr, a);
}

static int
same_tuple(const struct seg *g, const struct ipaddr *a, uint16_t ap,
    const struct ipaddr *b, uint16_t bp)
{
	return (from(g, a, ap) && g->dport == bp && ipaddr_eq(&g->daddr, b)) ||
	    (from(g, b, bp) && g->dport == ap && ipaddr_eq(&g->daddr, a));
}

/* Keeps the first conversation with a SYN; marks our side's packets. */
static int
conversation(struct cap *cp, int client, struct ipaddr *srv,
    uint16_t *srvport, uint32_t *cap_ours, uint32_t *cap_peer,
    struct errbuf *e)
{
	struct ipaddr ca, sa;
	uint32_t ciss = 0, siss = 0;
	uint16_t cpo = 0, spo = 0;
	char sb[CMD_EPSTRLEN];
	size_t i, k = 0, first = cp->n;
	int have_siss = 0;

	for (i = 0; i < cp->n; i++)
		if ((cp->p[i].g.flags & (TH_SYN | TH_ACK)) == TH_SYN) {
			first = i;
			break;
		}
	if (first == cp->n)
		return err_set(e, 0, "no SYN in the capture: replay needs the "
		    "handshake to map sequence numbers");
	ca = cp->p[first].g.saddr;
	cpo = cp->p[first].g.sport;
	sa = cp->p[first].g.daddr;
	spo = cp->p[first].g.dport;
	ciss = cp->p[first].g.seq;
	for (i = 0; i < first; i++)
		free(cp->p[i].buf);
	for (i = first; i < cp->n; i++) {
		struct rpkt *r = &cp->p[i];

		if (!same_tuple(&r->g, &ca, cpo, &sa, spo)) {
			free(r->buf);
			continue;
		}
		r->ours = !r->icmp && from(&r->g, &ca, cpo) == client;
		if (!have_siss && from(&r->g, &sa, spo) &&
		    (r->g.flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
			siss = r->g.seq;
			have_siss = 1;
		}
		cp->p[k++] = *r;
	}
	cp->n = k;
	if (!have_siss)
		return err_set(e, 0, "no SYN-ACK from %s in the capture",
		    cmd_endpoint_str(&sa, spo, sb, sizeof(sb)));
	*srv = sa;
	*srvport = spo;
	*cap_ours = client ? ciss : siss;
	*cap_peer = client ? siss : ciss;
	return 0;
}

static int
is_pure_ack(const struct seg *g)
{
	return g->datalen == 0 && !(g->flags & (TH_SYN | TH_FIN | TH_RST));
}

static uint64_t
tv_us(const struct timeval *a, const struct timeval *b)
{
	int64_t d = (int64_t)(a->tv_sec - b->tv_sec) * 1000000 +
	    (a->tv_usec - b->tv_usec);

	return d > 0 ? (uint64_t)d : 0;
}

/* The capture packet in relative numbers, as the shell prints lines. */
static void
cap_line(const struct rstate *st, const struct rpkt *r, char *buf,
    size_t cap)
{
	struct print_ctx pc;

	memset(&pc, 0, sizeof(pc));
	pc.relative = 1;
	pc.seq_base = r->ours ? st->cap_ours : st->cap_peer;
	pc.ack_base = r->ours ? st->cap_peer : st->cap_ours;
	pc.payload = 1;
	print_seg(buf, cap, &r->g, &pc);
}

/* Our capture packet, rebuilt for the live connection, sent. */
static int
send_ours(struct rstate *st, const struct rpkt *r, struct errbuf *e)
{
	struct session *s = st->s;
	struct tcb *t = &st->c->tcb;
	struct segspec sp;
	enum seg_kind k;
	uint32_t rel, base_irs = s->set.absolute && t->have_irs ? t->irs : 0;
	uint32_t base_iss = s->set.absolute ? t->iss : 0;
	char note[96];
	int i, j, rc;

	memset(&sp, 0, sizeof(sp));
	sp.set = SP_BIT(SP_FLAGS) | SP_BIT(SP_SEQ) | SP_BIT(SP_WIN) |
	    SP_BIT(SP_OPTS);
	sp.v[SP_FLAGS].lo = sp.v[SP_FLAGS].hi = r->g.flags;
	rel = r->g.seq - st->cap_ours;
	sp.v[SP_SEQ].lo = sp.v[SP_SEQ].hi = rel + base_iss;
	sp.v[SP_WIN].lo = sp.v[SP_WIN].hi = r->g.win;
	if (r->g.flags & TH_ACK) {
		sp.set |= SP_BIT(SP_ACK);
		rel = r->g.ack - st->cap_peer;
		sp.v[SP_ACK].lo = sp.v[SP_ACK].hi = rel + base_irs;
	}
	if (r->g.flags & TH_URG) {
		sp.set |= SP_BIT(SP_URG);
		sp.v[SP_URG].lo = sp.v[SP_URG].hi = r->g.urp;
	}
	sp.nopt = r->g.nopt < SEG_MAXOPT ? r->g.nopt : SEG_MAXOPT;
	for (i = 0; i < sp.nopt; i++) {
		struct tcpopt *o = &sp.opt[i];

		*o = r->g.opt[i];
		if (o->raw || o->bad)
			continue;
		if (o->kind == TCPOPT_TS) {
			/* our clock now; the peer's latest TSval echoed */
			o->u.ts.val = s->ts_base +
			    (uint32_t)(sess_now(s) / 1000);
			o->u.ts.ecr = (r->g.flags & TH_ACK) ? t->ts_recent : 0;
		} else if (o->kind == TCPOPT_SACK)
			for (j = 0; j < o->nsack && j < SEG_MAXSACK; j++) {
				o->u.sack[j].left += base_irs - st->cap_peer;
				o->u.sack[j].right += base_irs - st->cap_peer;
			}
	}
	if (r->g.datalen > 0) {
		if ((sp.data = malloc(r->g.datalen)) == NULL)
			return err_set(e, 0, "out of memory");
		memcpy(sp.data, r->g.data, r->g.datalen);
		sp.datalen = r->g.datalen;
		sp.set |= SP_BIT(SP_DATA);
	}
	if ((r->g.flags & (TH_SYN | TH_ACK)) == TH_SYN)
		k = SK_SYN;
	else if (r->g.flags & TH_SYN)
		k = SK_SYNACK;
	else if (r->g.flags & TH_RST)
		k = SK_RST;
	else if (r->g.flags & TH_FIN)
		k = SK_FIN;
	else if (r->g.datalen > 0)
		k = SK_DATA;
	else
		k = SK_ACK;
	snprintf(note, sizeof(note), "replay %s #%zu", st->file, r->num);
	obs_sender(s->obs, NULL, note);
	rc = tx_segment(s, st->c, k, &sp, NULL, 0, e);
	segspec_free(&sp);
	if (rc == 0)
		st->sent++;
	return rc;
}

static int
log_grew(struct session *s, void *arg)
{
	return s->nlog > *(size_t *)arg;
}

/* The next live segment from the peer in *rp (NL_FOUND), or why there
 * is none yet: NL_WAIT (the loop waits for more), NL_END (the deadline,
 * or SIGTERM), NL_CANCEL (Ctrl-C). */
enum { NL_FOUND, NL_WAIT, NL_END, NL_CANCEL };

static int
next_live(struct rstate *st, uint64_t deadline, const struct pkt_rec **rp)
{
	struct session *s = st->s;
	const struct pkt_rec *r;
	const struct conn *c;

	if (st->lc < s->logbase)	/* set loglimit dropped them */
		st->lc = s->logbase;
	for (; st->lc < s->nlog; st->lc++) {
		r = sess_log_at(s, st->lc);
		if (r->dir != DIR_IN || r->icmp)
			continue;	/* a router's ICMP: shown, not the peer's */
		if (st->c != NULL && r->conn_id == st->c->id) {
			/* taken here: no later expect counts it */
			sess_log_at(s, st->lc++)->consumed = 1;
			*rp = r;
			return NL_FOUND;
		}
		/* server side: the SYN that opens our connection */
		if (st->c == NULL && (c = conn_by_id(&s->ct, r->conn_id)) !=
		    NULL && !c->listening && c->lport == st->lport) {
			st->c = (struct conn *)c;
			sess_log_at(s, st->lc++)->consumed = 1;
			*rp = r;
			return NL_FOUND;
		}
	}
	if (sess_now(s) >= deadline || loop_terminated())
		return NL_END;
	if (loop_interrupted())
		return NL_CANCEL;
	return NL_WAIT;
}

static int
live_matches(struct rstate *st, const struct pkt_rec *l, const struct rpkt *r)
{
	const struct tcb *t = &st->c->tcb;
	struct seg g;

	wire_decode(l->pkt, l->len, &g);
	if (g.flags != r->g.flags || g.datalen != r->g.datalen)
		return 0;
	if (t->have_irs && g.seq - t->irs != r->g.seq - st->cap_peer)
		return 0;
	if ((g.flags & TH_ACK) && g.ack - t->iss != r->g.ack - st->cap_ours)
		return 0;
	return g.datalen == 0 || memcmp(g.data, r->g.data, g.datalen) == 0;
}

static void
live_line(const struct pkt_rec *l, char *buf, size_t cap)
{
	struct print_ctx pc = l->pc;
	struct seg g;

	wire_decode(l->pkt, l->len, &g);
	pc.payload = 1;
	print_seg(buf, cap, &g, &pc);
}

/* How long the peer's capture packet k may take to come. */
static uint64_t
await_deadline(struct rstate *st, const struct rpkt *r)
{
	struct session *s = st->s;
	uint64_t deadline, wait;

	wait = is_pure_ack(&r->g) && s->set.timeout_us > PUREACK_WAIT_US ?
	    PUREACK_WAIT_US : s->set.timeout_us;
	deadline = sess_now(s) + wait;
	if (st->realtime)
		deadline += tv_us(&r->ts, &st->t_cap0) > sess_now(s) -
		    st->t_live0 ? tv_us(&r->ts, &st->t_cap0) -
		    (sess_now(s) - st->t_live0) : 0;
	return deadline;
}

/* The peer's capture packets from k on (up to our next one), with what
 * has come live: -3 when more must come first (*w says until when), the
 * index after the last one accounted for, or -1 when the live peer
 * departs (said) and -2 when cancelled.  why: how the last wait ended. */
static long
await_peer(struct rstate *st, struct cap *cp, size_t k, uint64_t deadline,
    enum loop_end why, struct loop_wait *w)
{
	struct session *s = st->s;
	const struct pkt_rec *l = NULL;
	const struct rpkt *r = &cp->p[k];
	struct seg g;
	char a[600], b[600];
	size_t j;
	int got;

	for (;;) {
		got = why == LW_INTR ? NL_CANCEL : why == LW_TERM ? NL_END :
		    next_live(st, deadline, &l);
		why = LW_NONE;
		if (got == NL_WAIT) {
			*w = (struct loop_wait){ -1, deadline, 50,
			    LW_ON_INTR | LW_ON_TERM, log_grew, &st->lc };
			return -3;
		}
		if (got == NL_CANCEL) {
			out_printf("replay cancelled (Ctrl-C)\n");
			return -2;
		}
		if (got == NL_END) {
			cap_line(st, r, a, sizeof(a));
			if (is_pure_ack(&r->g)) {
				out_printf("replay: #%zu (%s) did not come: an "
				    "ACK the live peer folded or left out\n",
				    r->num, a);
				st->merged++;
				return (long)k + 1;
			}
			out_printf("%s%sreplay: the live peer departs from "
			    "the capture at #%zu: it did not send %s\n",
			    s->where ? s->where : "", s->where ? ": " : "",
			    r->num, a);
			return -1;
		}
		if (live_matches(st, l, r)) {
			st->matched++;
			return (long)k + 1;
		}
		/* a pure ACK of the capture may be folded into a later one */
		for (j = k; j < cp->n && !cp->p[j].ours && !cp->p[j].icmp &&
		    is_pure_ack(&cp->p[j].g); j++)
			;
		if (j > k && j < cp->n && !cp->p[j].ours && !cp->p[j].icmp &&
		    live_matches(st, l, &cp->p[j])) {
			out_printf("replay: #%zu-#%zu: the live peer folded "
			    "the capture's ACK into its next segment\n", r->num,
			    cp->p[j].num);
			st->merged += (unsigned)(j - k);
			st->matched++;
			return (long)j + 1;
		}
		wire_decode(l->pkt, l->len, &g);
		if (is_pure_ack(&g)) {
			out_printf("replay: the live peer sent an ACK the "
			    "capture does not have; going on\n");
			st->extra++;
			continue;
		}
		cap_line(st, r, a, sizeof(a));
		live_line(l, b, sizeof(b));
		out_printf("%s%sreplay: the live peer departs from the capture "
		    "at #%zu:\n  capture: %s\n  live:    %s\n",
		    s->where ? s->where : "", s->where ? ": " : "", r->num, a,
		    b);
		return -1;
	}
}

/* Opens the live connection: connect (client side) or listen (server).
 * EXEC_PENDING when connect waits for the next hop's address (a task
 * above the replay's); else open_done's. */
static int
open_live(struct rstate *st, struct errbuf *e)
{
	struct session *s = st->s;
	struct cmd cc;
	char a[CMD_EPSTRLEN];
	int rc;

	memset(&cc, 0, sizeof(cc));
	cc.id = st->client ? C_CONNECT : C_LISTEN;
	cc.addr = st->addr;
	cc.port = st->port;
	snprintf(st->open_text, sizeof(st->open_text), "%s %s",
	    st->client ? "connect" : "listen",
	    cmd_endpoint_str(&st->addr, st->port, a, sizeof(a)));
	rc = exec_cmd(s, &cc, st->open_text);
	cmd_free(&cc);
	if (rc == EXEC_PENDING)
		return rc;
	return open_done(st, rc, e);
}

/* connect or listen has ended with rc: 0, or -1 with e set. */
static int
open_done(struct rstate *st, int rc, struct errbuf *e)
{
	struct session *s = st->s;

	if (rc != EXEC_OK || s->cur == NULL)
		return err_set(e, 0, "replay: %s failed", st->open_text);
	if (st->client)
		st->c = s->cur;
	else
		st->lport = st->port;
	st->lc = s->nlog;
	st->t_live0 = sess_now(s);
	return 0;
}

/* A replay under way: a task the loop drives, segment by segment.  It
 * waits for a realtime capture's due time, takes in what arrived before
 * each of our segments, and waits for each of the peer's. */
struct rtask {
	struct task	 t;		/* first: the loop's handle */
	struct task	 fin;		/* our segment's due time */
	struct rstate	 st;
	struct cap	 cp;
	size_t		 k;
	uint64_t	 deadline;	/* of the peer's segment k */
	enum { RP_OPEN, RP_OPENED, RP_NEXT, RP_DUE, RP_DRAINED, RP_AWAIT }
			 phase;
};

/* The replay is over: rc 0 done, 1 cut short, -1 an error in e. */
static int
replay_end(struct session *s, struct rtask *rt, int rc, struct errbuf *e)
{
	struct rstate *st = &rt->st;

	if (rc == 0) {
		out_printf("replay: done: %u sent, %u of the peer's segments "
		    "as in the capture%s", st->sent, st->matched,
		    st->merged || st->extra ? "" : "\n");
		if (st->merged || st->extra)
			out_printf(" (%u ACKs folded or left out, %u extra)\n",
			    st->merged, st->extra);
	}
	if (st->c != NULL) {
		st->c->expect_from = s->nlog;
		s->cur = st->c;
	}
	/* what exec_cmd would have made of it */
	rt->t.rc = rc < 0 ? sess_cmd_failed(s, e) :
	    rc == 1 ? sess_cmd_failed(s, NULL) : EXEC_OK;
	return TASK_DONE;
}

/* The capture's ICMP error at its place: shown, neither sent nor waited
 * for (the live network says its own, if anything). */
static void
icmp_said(const struct rpkt *r)
{
	char line[256];

	icmp_line_pkt(line, sizeof(line), r->buf + r->ipoff,
	    r->caplen - r->ipoff);
	out_printf("replay: #%zu of the capture: %s  # from the network, "
	    "not the peer: neither sent nor waited for\n", r->num, line);
}

static int
replay_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct rtask *rt = (struct rtask *)t;
	struct rstate *st = &rt->st;
	struct cap *cp = &rt->cp;
	struct errbuf e;
	uint64_t due;
	long nk;

	err_clear(&e);
	for (;;) {
		switch (rt->phase) {
		case RP_OPEN:
			rt->phase = RP_OPENED;
			switch (open_live(st, &e)) {
			case EXEC_PENDING:
				return TASK_WAIT;
			case 0:
				rt->phase = RP_NEXT;
				break;
			default:
				return replay_end(s, rt, -1, &e);
			}
			break;
		case RP_OPENED:
			if (open_done(st, t->child_rc, &e) != 0)
				return replay_end(s, rt, -1, &e);
			rt->phase = RP_NEXT;
			break;
		case RP_NEXT:
			if (rt->k >= cp->n || loop_terminated())
				return replay_end(s, rt, 0, NULL);
			if (cp->p[rt->k].icmp) {
				icmp_said(&cp->p[rt->k]);
				rt->k++;
				break;
			}
			if (!cp->p[rt->k].ours) {
				rt->deadline = await_deadline(st,
				    &cp->p[rt->k]);
				rt->phase = RP_AWAIT;
				why = LW_NONE;
				break;
			}
			rt->phase = RP_DUE;
			if (st->realtime) {
				due = st->t_live0 +
				    tv_us(&cp->p[rt->k].ts, &st->t_cap0);
				if (due > sess_now(s)) {
					wait_start(s, due - sess_now(s));
					loop_finish_task(&rt->fin);
					loop_push(s, &rt->fin);
					return TASK_WAIT;
				}
			}
			t->child_rc = EXEC_OK;
			break;
		case RP_DUE:
			if (t->child_rc != EXEC_OK)
				return replay_end(s, rt, 1, NULL);
			/* what arrived meanwhile, first */
			t->w = (struct loop_wait)LOOP_ONE_TURN;
			rt->phase = RP_DRAINED;
			return TASK_WAIT;
		case RP_DRAINED:
			if (send_ours(st, &cp->p[rt->k], &e) != 0)
				return replay_end(s, rt, -1, &e);
			rt->k++;
			rt->phase = RP_NEXT;
			break;
		case RP_AWAIT:
			nk = await_peer(st, cp, rt->k, rt->deadline, why,
			    &t->w);
			if (nk == -3)
				return TASK_WAIT;
			if (nk < 0)
				return replay_end(s, rt, 1, NULL);
			rt->k = (size_t)nk;
			rt->phase = RP_NEXT;
			break;
		}
	}
}

static void
replay_task_drop(struct task *t)
{
	struct rtask *rt = (struct rtask *)t;

	cap_free(&rt->cp);
	free(rt);
}

int
replay_run(struct session *s, struct cmd *c, struct errbuf *e)
{
	static const uint8_t loop6[16] = { [15] = 1 };
	struct rtask *rt;
	struct cap *cp;
	struct sniffer *sn;
	struct rstate *st;
	struct ipaddr srv;
	uint16_t srvport = 0;
	char a[CMD_EPSTRLEN];
	size_t k, nours = 0, nicmp = 0;
	int client = strcmp(c->key, "server") != 0;

	memset(&srv, 0, sizeof(srv));
	if ((rt = calloc(1, sizeof(*rt))) == NULL)
		return err_set(e, 0, "replay: out of memory");
	rt->t.run = replay_task_run;
	rt->t.drop = replay_task_drop;
	cp = &rt->cp;
	st = &rt->st;
	st->s = s;
	st->file = c->path;
	st->realtime = c->realtime;
	if ((sn = sniff_open_file(c->path, e)) == NULL) {
		free(rt);
		return -1;
	}
	cp->dlt = sniff_datalink(sn);
	if (sniff_dispatch(sn, collect, cp, e) < 0) {
		sniff_close(sn);
		goto fail;
	}
	sniff_close(sn);
	if (conversation(cp, client, &srv, &srvport, &st->cap_ours,
	    &st->cap_peer, e) != 0)
		goto fail;
	for (k = 0; k < cp->n; k++) {
		nours += cp->p[k].ours;
		nicmp += cp->p[k].icmp;
	}
	out_printf("replay: %s: %zu segments of a conversation with %s; "
	    "playing the %s side: %zu to send, %zu to wait for", c->path,
	    cp->n - nicmp, cmd_endpoint_str(&srv, srvport, a, sizeof(a)),
	    client ? "client" : "server", nours, cp->n - nours - nicmp);
	if (nicmp > 0)
		out_printf(", %zu ICMP error%s to show", nicmp,
		    nicmp == 1 ? "" : "s");
	out_printf("\n");
	st->client = client;
	st->addr = c->have_target ? c->addr : srv;
	/* a port alone: this machine, in the capture's family */
	if (c->have_target == REPLAY_PORT_ONLY && srv.af == AF_INET6)
		st->addr = ipaddr_v6(loop6);
	st->port = c->have_target ? c->port : srvport;
	st->t_cap0 = cp->p[0].ts;
	/* the rest is the loop's, from opening the live connection on: the
	 * caller waits for the task */
	loop_push(s, &rt->t);
	return EXEC_PENDING;
fail:
	if (st->c != NULL) {
		st->c->expect_from = s->nlog;
		s->cur = st->c;
	}
	replay_task_drop(&rt->t);
	return -1;
}
