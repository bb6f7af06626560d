/* ladder.c - one connection as a sequence diagram, text or SVG
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text form, ASCII (box drawing and arrowheads in UTF-8):
 *
 *                us 127.0.0.1:47113                      peer 127.0.0.1:20000
 *        CLOSED  |                                        |  LISTEN
 *      0.000412  |  S seq 0 win 65535 len 0               |
 *      SYN-SENT  |--------------------------------------->|  SYN-RECEIVED
 *
 * Two rows a segment: the label (time on the left, notes on the right)
 * and the arrow (each side's new state beside its line), with a row for
 * the options between them on a SYN or a segment with SACK blocks.  The
 * labels are ASCII, so the columns line up in either form however the
 * box-drawing characters are encoded.  The SVG spreads the two lines
 * over the picture and grows it for the longest label.
 */
#include <stdlib.h>
#include <string.h>

#include "icmp.h"
#include "ladder.h"
#include "pktlog.h"
#include "print.h"
#include "tcb.h"
#include "tcpopt.h"
#include "wire.h"

#define LW	12	/* the left column: time, our state */
#define AW	40	/* between the two lines */

/* SVG geometry, pixels.  The lines stand SV_XUS from the left edge and
 * SV_RIGHT from the right one, at least SV_GAP apart, more when a label
 * needs it (SV_CHAR a character of the 13 px monospace font). */
#define SV_XUS	 130
#define SV_RIGHT 150
#define SV_GAP	 620
#define SV_CHAR	 8
#define SV_TOP	 70
#define SV_ROW	 46

#define LD_RANGES 32	/* sent ranges kept per side */

struct step {
	uint64_t	t_us;
	int		from_us;
	char		label[96];
	char		opts[128];	/* "mss 1460,sackOK,TS,wscale 7" */
	char		notes[160];
	int		us_changed, peer_changed;
	enum tcb_state	us_to, peer_to;
	int		us_before;	/* our state changed with no segment */
	enum tcb_state	us_was, us_then;	/* from, to */
	int		icmp;		/* an ICMP error, from the router's
					 * column (the middle) to us */
};

struct diagram {
	struct step	*st;
	size_t		 n;
	enum tcb_state	 us0, peer0;
	enum tcb_state	 us_last;	/* our state after the last row */
	size_t		 widest;	/* label + options, characters */
	char		 router[IPADDR_STRLEN];	/* the first ICMP error's
						 * sender */
};

/* What one side sent, as ranges of sequence space, to know a segment
 * that was sent before whether the TCB noted it or not (it does not
 * once it is CLOSED, and the peer may still resend its FIN). */
struct sent {
	uint32_t	lo[LD_RANGES], hi[LD_RANGES];
	int		n;
};

void
ladder_peer_step(struct ladder_peer *p, int from_us, uint8_t flags,
    uint32_t seq, uint32_t ack, uint32_t len, int accepted)
{
	if (flags & TH_RST) {
		/* a RST to a listener, or one the peer challenged, changes
		 * nothing; any other accepted RST ends the connection */
		if (!from_us || (accepted && p->st != TCB_LISTEN))
			p->st = TCB_CLOSED;
		return;
	}
	if (!from_us) {
		/* the peer's own segment: what its sending says */
		if (flags & TH_SYN) {
			p->have_syn = 1;
			p->syn_end = seq + 1;
			if (!(flags & TH_ACK))
				p->st = TCB_SYN_SENT;
			else if (p->st == TCB_LISTEN || p->st == TCB_CLOSED ||
			    p->st == TCB_SYN_SENT)
				p->st = TCB_SYN_RECEIVED;
		}
		if (flags & TH_FIN) {
			p->have_fin = 1;
			p->fin_end = seq + ((flags & TH_SYN) ? 1 : 0) + len + 1;
			if (p->st == TCB_ESTABLISHED ||
			    p->st == TCB_SYN_RECEIVED)
				p->st = TCB_FIN_WAIT_1;
			else if (p->st == TCB_CLOSE_WAIT)
				p->st = TCB_LAST_ACK;
		}
		return;
	}
	/* ours, as the peer receives it: the SYN, then the ACK, then FIN */
	if (!accepted)
		return;
	if (flags & TH_SYN) {
		if (!(flags & TH_ACK) && (p->st == TCB_LISTEN ||
		    p->st == TCB_SYN_SENT))
			p->st = TCB_SYN_RECEIVED;
		else if ((flags & TH_ACK) && p->st == TCB_SYN_SENT)
			p->st = TCB_ESTABLISHED;
	}
	if ((flags & TH_ACK) && !(flags & TH_SYN)) {
		if (p->st == TCB_SYN_RECEIVED && p->have_syn &&
		    SEQ_GEQ(ack, p->syn_end))
			p->st = TCB_ESTABLISHED;
		if (p->have_fin && SEQ_GEQ(ack, p->fin_end)) {
			if (p->st == TCB_FIN_WAIT_1)
				p->st = TCB_FIN_WAIT_2;
			else if (p->st == TCB_CLOSING)
				p->st = TCB_TIME_WAIT;
			else if (p->st == TCB_LAST_ACK)
				p->st = TCB_CLOSED;
		}
	}
	if (flags & TH_FIN) {
		if (p->st == TCB_ESTABLISHED || p->st == TCB_SYN_RECEIVED)
			p->st = TCB_CLOSE_WAIT;
		else if (p->st == TCB_FIN_WAIT_1)
			p->st = TCB_CLOSING;
		else if (p->st == TCB_FIN_WAIT_2)
			p->st = TCB_TIME_WAIT;
	}
}

static int
belongs(const struct pkt_rec *r, unsigned conn_id)
{
	return r->conn_id == conn_id && r->conn_id != 0 && !r->icmp;
}

/* Did the peer take our segment at idx?  Only its next segment tells
 * for a SYN (answered with RST: nothing listens) and a RST (answered
 * with an ACK: a challenge, RFC 5961). */
static int
accepted(const struct pkt_rec *log, size_t n, size_t idx, unsigned id,
    uint8_t flags)
{
	struct seg g;
	size_t i;

	if (!(flags & (TH_SYN | TH_RST)))
		return 1;
	for (i = idx + 1; i < n; i++) {
		if (!belongs(&log[i], id) || log[i].dir != DIR_IN)
			continue;
		if (wire_decode(log[i].pkt, log[i].len, &g) != 0)
			continue;
		if (flags & TH_SYN)
			return !(g.flags & TH_RST);
		return (g.flags & TH_RST) != 0;
	}
	return 1;
}

/* 1 when [seq, end) overlaps what the side sent before; then keeps it,
 * merged with the ranges it touches (full: into the first, coarser). */
static int
sent_again(struct sent *sn, uint32_t seq, uint32_t end)
{
	int i, seen = 0;

	for (i = 0; i < sn->n; i++)
		if (SEQ_LT(seq, sn->hi[i]) && SEQ_GT(end, sn->lo[i]))
			seen = 1;
	for (i = 0; i < sn->n;) {
		if (SEQ_LEQ(seq, sn->hi[i]) && SEQ_GEQ(end, sn->lo[i])) {
			if (SEQ_LT(sn->lo[i], seq))
				seq = sn->lo[i];
			if (SEQ_GT(sn->hi[i], end))
				end = sn->hi[i];
			sn->n--;
			sn->lo[i] = sn->lo[sn->n];
			sn->hi[i] = sn->hi[sn->n];
		} else
			i++;
	}
	if (sn->n == LD_RANGES) {
		if (SEQ_LT(seq, sn->lo[0]))
			sn->lo[0] = seq;
		if (SEQ_GT(end, sn->hi[0]))
			sn->hi[0] = end;
		return seen;
	}
	sn->lo[sn->n] = seq;
	sn->hi[sn->n] = end;
	sn->n++;
	return seen;
}

static void
add_item(char *buf, size_t cap, const char *sep, const char *w)
{
	size_t n = strlen(buf);

	snprintf(buf + n, cap - n, "%s%s", n ? sep : "", w);
}

static void
add_note(char *buf, size_t cap, const char *w)
{
	add_item(buf, cap, "; ", w);
}

static void
make_label(struct step *st, const struct seg *g, const struct print_ctx *pc)
{
	char fl[16];
	uint32_t seq = g->seq, ack = g->ack;
	size_t n;

	if (pc->relative) {
		seq -= pc->seq_base;
		ack -= pc->ack_base;
	}
	n = (size_t)snprintf(st->label, sizeof(st->label), "%s seq %u",
	    print_flags(g->flags, fl), seq);
	if (g->datalen > 0 && n < sizeof(st->label))
		n += (size_t)snprintf(st->label + n, sizeof(st->label) - n,
		    ":%u", seq + g->datalen);
	if ((g->flags & TH_ACK) && n < sizeof(st->label))
		n += (size_t)snprintf(st->label + n, sizeof(st->label) - n,
		    " ack %u", ack);
	if (n < sizeof(st->label))
		snprintf(st->label + n, sizeof(st->label) - n,
		    " win %u len %u", g->win, g->datalen);
}

/* The handshake's options on a SYN; on any other segment only its SACK
 * blocks: timestamps ride on every segment and would say nothing. */
static void
make_opts(struct step *st, const struct seg *g, const struct print_ctx *pc)
{
	struct optctx oc;
	char one[96];
	int i;

	st->opts[0] = '\0';
	oc.relative = pc->relative;
	oc.sack_base = pc->ack_base;
	for (i = 0; i < g->nopt; i++) {
		const struct tcpopt *o = &g->opt[i];

		if (o->kind == TCPOPT_NOP || o->kind == TCPOPT_EOL ||
		    (!(g->flags & TH_SYN) && o->kind != TCPOPT_SACK))
			continue;
		if (o->kind == TCPOPT_TS && !o->bad)
			snprintf(one, sizeof(one), "TS");
		else
			tcpopt_format(one, sizeof(one), o, 1, &oc);
		add_item(st->opts, sizeof(st->opts), ",", one);
	}
}

static void
make_notes(struct step *st, const struct pkt_rec *r, int resent)
{
	char tmp[32];
	uint32_t bit;

	st->notes[0] = '\0';
	if (r->dir == DIR_KERNEL)
		add_note(st->notes, sizeof(st->notes), "local kernel");
	/* sent before, and the TCB did not say so (or said what else) */
	if (resent && !(r->ev.notes & (TN_RETRANS | TN_FAST_RETRANS |
	    TN_KEEPALIVE | TN_ZWP)))
		add_note(st->notes, sizeof(st->notes), "retransmission");
	for (bit = 1; bit != 0; bit <<= 1) {
		/* ack owed and loopback's partial checksums are on nearly
		 * every line: the packet lines show them, the picture not */
		if (!(r->ev.notes & bit) || bit == TN_PART_CKSUM ||
		    bit == TN_ACK_OWED || bit == TN_DEPARTS)
			continue;
		if (bit == TN_DUPACK) {
			snprintf(tmp, sizeof(tmp), "dup ack #%u",
			    r->ev.dupack_n);
			add_note(st->notes, sizeof(st->notes), tmp);
		} else
			add_note(st->notes, sizeof(st->notes),
			    tcb_note_word(bit));
	}
	if (r->ev.notes & TN_DEPARTS)
		add_note(st->notes, sizeof(st->notes), "departs from TCB");
}

/* An ICMP error about conn_id (icmprx.c logs it with the connection). */
static int
icmp_of(const struct pkt_rec *r, unsigned conn_id)
{
	return r->icmp && r->conn_id == conn_id && r->conn_id != 0;
}

/* An ICMP error's row: its kind in the words of expect icmp, short enough
 * for the lane ("ICMP need-frag (mtu 1400)", "ICMP unreachable (host)"),
 * what it quotes in the notes; no state moves. */
static void
icmp_step(struct diagram *d, struct step *st, const struct pkt_rec *r)
{
	static const char *const code[] = { "net", "host", "protocol",
	    "port" };
	struct icmp_msg m;

	st->t_us = r->t_us;
	st->icmp = 1;
	st->us_to = r->ev.to;
	if (icmp_decode(r->pkt, r->len, &m) != 0)
		memset(&m, 0, sizeof(m));
	if (m.af == AF_INET6 && m.type == ICMP6_PACKET_TOO_BIG)
		snprintf(st->label, sizeof(st->label), "ICMP6 packet-too-big "
		    "(mtu %u)", m.mtu);
	else if (m.af == AF_INET6)
		snprintf(st->label, sizeof(st->label), "ICMP6 %s code %u",
		    icmp_kind_word(&m), m.code);
	else if (m.type == ICMP_UNREACH && m.code == ICMP_UNREACH_NEEDFRAG)
		snprintf(st->label, sizeof(st->label), "ICMP need-frag (mtu "
		    "%u)", m.mtu);
	else if (m.type == ICMP_UNREACH && m.code < 4)
		snprintf(st->label, sizeof(st->label), "ICMP unreachable "
		    "(%s)", code[m.code]);
	else
		snprintf(st->label, sizeof(st->label), "ICMP %s code %u",
		    icmp_kind_word(&m), m.code);
	snprintf(st->notes, sizeof(st->notes), "%s", r->ev.detail);
	if (d->router[0] == '\0' && m.af == AF_INET6)
		ipaddr_str(&m.src, d->router, sizeof(d->router));
	else if (d->router[0] == '\0')
		print_addr(m.saddr, d->router);
	if (strlen(st->label) > d->widest)
		d->widest = strlen(st->label);
}

static int
collect(struct diagram *d, const struct ladder_hdr *h,
    const struct pkt_rec *log, size_t n, unsigned id)
{
	struct ladder_peer p;
	struct sent sent[2];
	struct step *st;
	struct seg g;
	size_t i, k = 0, first_in = n, w;
	uint32_t space;
	enum tcb_state ps;
	int resent;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		if (icmp_of(&log[i], id))
			k++;
		else if (belongs(&log[i], id)) {
			k++;
			if (log[i].dir == DIR_IN && first_in == n)
				first_in = i;
		}
	if (k > 0 && (d->st = calloc(k, sizeof(*d->st))) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	p.st = h->role == TCB_CLIENT ? TCB_LISTEN : TCB_CLOSED;
	/* a RST first: nothing was listening */
	if (h->role == TCB_CLIENT && first_in < n &&
	    wire_decode(log[first_in].pkt, log[first_in].len, &g) == 0 &&
	    (g.flags & TH_RST))
		p.st = TCB_CLOSED;
	d->peer0 = p.st;
	d->us0 = h->role == TCB_CLIENT ? TCB_CLOSED : TCB_LISTEN;
	memset(sent, 0, sizeof(sent));
	for (i = 0, k = 0; i < n; i++) {
		const struct pkt_rec *r = &log[i];

		if (icmp_of(r, id)) {
			st = &d->st[k++];
			icmp_step(d, st, r);
			st->peer_to = p.st;
			continue;
		}
		if (!belongs(r, id))
			continue;
		wire_decode(r->pkt, r->len, &g);
		if (k == 0)
			d->us0 = r->ev.from;
		st = &d->st[k++];
		/* a timer (TIME-WAIT over) or a command changed our state
		 * between two segments: a row of its own before this one */
		if (k > 1 && d->st[k - 2].us_to != r->ev.from) {
			st->us_before = 1;
			st->us_was = d->st[k - 2].us_to;
			st->us_then = r->ev.from;
		}
		st->t_us = r->t_us;
		st->from_us = r->dir != DIR_IN;
		space = g.datalen + ((g.flags & TH_SYN) != 0) +
		    ((g.flags & TH_FIN) != 0);
		resent = space > 0 && !(g.flags & TH_RST) &&
		    sent_again(&sent[st->from_us], g.seq, g.seq + space);
		make_label(st, &g, &r->pc);
		make_opts(st, &g, &r->pc);
		make_notes(st, r, resent);
		w = strlen(st->label) + (st->opts[0] ? strlen(st->opts) + 4 :
		    0);
		if (w > d->widest)
			d->widest = w;
		st->us_changed = r->ev.from != r->ev.to;
		st->us_to = r->ev.to;
		ps = p.st;
		ladder_peer_step(&p, st->from_us, g.flags, g.seq, g.ack,
		    g.datalen, st->from_us ? accepted(log, n, i, id,
		    g.flags) : 1);
		st->peer_changed = ps != p.st;
		st->peer_to = p.st;
	}
	d->n = k;
	d->us_last = k > 0 ? d->st[k - 1].us_to : d->us0;
	return 0;
}

/* Our state now, when no segment drew it (TIME-WAIT over, a close). */
static int
last_change(const struct diagram *d, const struct ladder_hdr *h)
{
	return h->have_now && d->n > 0 && h->us_now != d->us_last;
}

/* Why our state changed between two segments, as far as the log tells. */
static const char *
why_between(enum tcb_state from, enum tcb_state to)
{
	if (from == TCB_TIME_WAIT && to == TCB_CLOSED)
		return "(TIME-WAIT over: 2*MSL elapsed)";
	return "(no segment)";
}

static size_t
rows_of(const struct diagram *d, const struct ladder_hdr *h)
{
	size_t i, rows = d->n > 0 ? d->n : 1;

	for (i = 0; i < d->n; i++)
		rows += d->st[i].us_before;
	return rows + (last_change(d, h) ? 1 : 0);
}

/* Labels longer than the lane end in '~' (ASCII either way). */
static void
fit(char *dst, size_t width, const char *src)
{
	size_t n = strlen(src);

	if (n <= width) {
		memcpy(dst, src, n + 1);
		return;
	}
	memcpy(dst, src, width - 1);
	dst[width - 1] = '~';
	dst[width] = '\0';
}

static void
lane(FILE *f, const char *vline, const char *text)
{
	char buf[AW + 1];

	fit(buf, AW - 2, text);
	fprintf(f, "%s  %-*s%s", vline, AW - 2, buf, vline);
}

/* An ICMP error: from the router's column, half way, to us. */
static void
half_arrow(FILE *f, int utf8)
{
	int i;

	fputs(utf8 ? "\u2502\u25c0" : "|<", f);
	for (i = 0; i < AW / 2 - 1; i++)
		fputs(utf8 ? "\u2500" : "-", f);
	fputs(utf8 ? "\u2524" : "+", f);
	fprintf(f, "%*s%s", AW - AW / 2 - 1, "", utf8 ? "\u2502" : "|");
}

static void
arrow(FILE *f, int utf8, int right)
{
	const char *body = utf8 ? "\u2500" : "-";
	int i;

	fputs(utf8 ? "\u2502" : "|", f);
	if (!right)
		fputs(utf8 ? "\u25c0" : "<", f);
	for (i = 0; i < AW - 1; i++)
		fputs(body, f);
	if (right)
		fputs(utf8 ? "\u25b6" : ">", f);
	fputs(utf8 ? "\u2502" : "|", f);
}

void
ladder_text(FILE *f, const struct ladder_hdr *h, const struct pkt_rec *log,
    size_t n, unsigned conn_id)
{
	const char *vl = h->utf8 ? "\u2502" : "|";
	struct diagram d;
	char us[64], peer[64], t[32], o[136];
	size_t i;

	if (collect(&d, h, log, n, conn_id) != 0) {
		fprintf(f, "ladder: out of memory\n");
		return;
	}
	snprintf(us, sizeof(us), "us %s", h->us);
	snprintf(peer, sizeof(peer), "peer %s", h->peer);
	/* each name starts over its line */
	fprintf(f, "%*s%-*s%s\n", LW + 2, "", AW + 2, us, peer);
	/* a router spoke: its column is the middle of the lane */
	if (d.router[0] != '\0')
		fprintf(f, "%*srouter %s\n", LW + 2 + AW / 2 - 2, "",
		    d.router);
	fprintf(f, "%*s  ", LW, tcb_state_name(d.us0));
	lane(f, vl, "");
	fprintf(f, "  %s%s\n", tcb_state_name(d.peer0),
	    h->role == TCB_CLIENT && d.peer0 == TCB_CLOSED ?
	    " (nothing listens)" : "");
	for (i = 0; i < d.n; i++) {
		const struct step *st = &d.st[i];

		if (st->us_before) {
			fprintf(f, "%*s  ", LW, tcb_state_name(st->us_then));
			lane(f, vl, why_between(st->us_was, st->us_then));
			fputc('\n', f);
		}
		snprintf(t, sizeof(t), "%.6f", st->t_us / 1e6);
		fprintf(f, "%*s  ", LW, t);
		lane(f, vl, st->label);
		if (st->notes[0] != '\0')
			fprintf(f, "  # %s", st->notes);
		fputc('\n', f);
		if (st->opts[0] != '\0') {
			snprintf(o, sizeof(o), "<%s>", st->opts);
			fprintf(f, "%*s  ", LW, "");
			lane(f, vl, o);
			fputc('\n', f);
		}
		fprintf(f, "%*s  ", LW, st->us_changed ?
		    tcb_state_name(st->us_to) : "");
		if (st->icmp) {
			half_arrow(f, h->utf8);
			fputc('\n', f);
			continue;
		}
		arrow(f, h->utf8, st->from_us);
		if (st->peer_changed)
			fprintf(f, "  %s", tcb_state_name(st->peer_to));
		fputc('\n', f);
	}
	if (d.n == 0) {
		fprintf(f, "%*s  ", LW, "");
		lane(f, vl, "(no segments yet)");
		fputc('\n', f);
	}
	if (last_change(&d, h)) {
		snprintf(o, sizeof(o), "(%s)", h->why_now[0] ? h->why_now :
		    "no segment");
		fprintf(f, "%*s  ", LW, tcb_state_name(h->us_now));
		lane(f, vl, o);
		fputc('\n', f);
	}
	fprintf(f, "%*s  ", LW, "");
	lane(f, vl, "");
	fputc('\n', f);
	fprintf(f, "(the peer's states are inferred from the segments)\n");
	free(d.st);
}

/* Text content for XML: the five predefined entities. */
static void
xml_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		}
	}
}

static void
svg_text(FILE *f, int x, int y, const char *anchor, const char *cls,
    const char *s)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" "
	    "class=\"%s\">", x, y, anchor, cls);
	xml_text(f, s);
	fputs("</text>\n", f);
}

/* The SVG document's start: its size, title, styles and arrow head. */
static void
svg_prologue(FILE *f, const struct ladder_hdr *h, int width, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\">\n", width, height, width,
	    height);
	fprintf(f, "<title>tcpcraft ladder: ");
	xml_text(f, h->name);
	fprintf(f, " ");
	xml_text(f, h->us);
	fprintf(f, " - ");
	xml_text(f, h->peer);
	fprintf(f, "</title>\n"
	    "<style>\n"
	    "text { font-family: monospace; font-size: 13px; fill: #000; }\n"
	    ".hdr { font-size: 15px; font-weight: bold; }\n"
	    ".state { fill: #1a5fb4; font-weight: bold; }\n"
	    ".time { fill: #555; }\n"
	    ".opt { fill: #613583; }\n"
	    ".note { fill: #a51d2d; font-size: 12px; font-style: italic; }\n"
	    ".lane { stroke: #000; stroke-width: 2; }\n"
	    ".out { stroke: #26a269; stroke-width: 1.5; }\n"
	    ".in { stroke: #c64600; stroke-width: 1.5; }\n"
	    "</style>\n"
	    "<defs>\n"
	    "<marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" "
	    "refX=\"10\" refY=\"4\" orient=\"auto\" "
	    "markerUnits=\"userSpaceOnUse\">"
	    "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#000\"/></marker>\n"
	    "</defs>\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
}

/* One segment at height y: its time, its label and options over an
 * arrow between the lanes, its notes, the states it moved us and the
 * peer to. */
static void
svg_step(FILE *f, const struct step *st, int y, int xpeer)
{
	char t[32];
	int xmid = (SV_XUS + xpeer) / 2;
	int x1 = st->icmp ? xmid : st->from_us ? SV_XUS : xpeer;
	int x2 = st->from_us ? xpeer : SV_XUS;

	snprintf(t, sizeof(t), "%.6f", st->t_us / 1e6);
	svg_text(f, 10, y - 4, "start", "time", t);
	/* the label, then the options in their own colour */
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	    "class=\"label\">", xmid, y - 6);
	xml_text(f, st->label);
	if (st->opts[0] != '\0') {
		fputs(" <tspan class=\"opt\">&lt;", f);
		xml_text(f, st->opts);
		fputs("&gt;</tspan>", f);
	}
	fputs("</text>\n", f);
	fprintf(f, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\" marker-end=\"url(#head)\"/>\n", st->from_us ?
	    "out" : "in", x1, y, x2, y);
	if (st->notes[0] != '\0')
		svg_text(f, xmid, y + 16, "middle", "note", st->notes);
	if (st->us_changed)
		svg_text(f, SV_XUS - 8, y + 16, "end", "state",
		    tcb_state_name(st->us_to));
	if (st->peer_changed)
		svg_text(f, xpeer + 8, y + 16, "start", "state",
		    tcb_state_name(st->peer_to));
}

void
ladder_svg(FILE *f, const struct ladder_hdr *h, const struct pkt_rec *log,
    size_t n, unsigned conn_id)
{
	struct diagram d;
	char buf[136];
	size_t i, rows;
	int y, row, width, height, xpeer, xmid;

	if (collect(&d, h, log, n, conn_id) != 0)
		memset(&d, 0, sizeof(d));
	rows = rows_of(&d, h);
	/* the lines over the whole picture, apart as the widest label asks */
	xpeer = SV_XUS + SV_GAP;
	if ((int)d.widest * SV_CHAR + 40 > SV_GAP)
		xpeer = SV_XUS + (int)d.widest * SV_CHAR + 40;
	xmid = (SV_XUS + xpeer) / 2;
	width = xpeer + SV_RIGHT;
	height = SV_TOP + 30 + (int)rows * SV_ROW + 40;
	svg_prologue(f, h, width, height);
	snprintf(buf, sizeof(buf), "us %s", h->us);
	svg_text(f, SV_XUS, 24, "middle", "hdr", buf);
	snprintf(buf, sizeof(buf), "peer %s", h->peer);
	svg_text(f, xpeer, 24, "middle", "hdr", buf);
	if (d.router[0] != '\0') {
		/* ICMP errors start from the router's column */
		snprintf(buf, sizeof(buf), "router %s", d.router);
		svg_text(f, xmid, 24, "middle", "hdr", buf);
	}
	svg_text(f, SV_XUS - 8, SV_TOP - 20, "end", "state",
	    tcb_state_name(d.us0));
	svg_text(f, xpeer + 8, SV_TOP - 20, "start", "state",
	    tcb_state_name(d.peer0));
	fprintf(f, "<line class=\"lane\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", SV_XUS, SV_TOP - 36, SV_XUS, height - 30);
	fprintf(f, "<line class=\"lane\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", xpeer, SV_TOP - 36, xpeer, height - 30);
	for (i = 0, row = 0; i < d.n; i++, row++) {
		const struct step *st = &d.st[i];

		if (st->us_before) {
			y = SV_TOP + 20 + row++ * SV_ROW;
			svg_text(f, SV_XUS - 8, y, "end", "state",
			    tcb_state_name(st->us_then));
			svg_text(f, SV_XUS + 12, y, "start", "note",
			    why_between(st->us_was, st->us_then));
		}
		svg_step(f, st, SV_TOP + 20 + row * SV_ROW, xpeer);
	}
	if (d.n == 0)
		svg_text(f, xmid, SV_TOP + 20, "middle", "note",
		    "(no segments yet)");
	if (last_change(&d, h)) {
		y = SV_TOP + 20 + row * SV_ROW;
		svg_text(f, SV_XUS - 8, y, "end", "state",
		    tcb_state_name(h->us_now));
		svg_text(f, SV_XUS + 12, y, "start", "note", h->why_now[0] ?
		    h->why_now : "no segment");
	}
	svg_text(f, 10, height - 10, "start", "time",
	    "the peer's states are inferred from the segments");
	fputs("</svg>\n", f);
	free(d.st);
}
