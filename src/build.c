/* build.c - a complete segment from the TCB, the session defaults and the
 * user's overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three layers, in order: what a real stack would send for this kind in
 * this state; then every field the user typed, as typed (any value is
 * allowed: breaking the rules is a lab exercise); then a description of
 * how the result departs from what the TCB expects, so the user sees what
 * rule is being broken before the peer reacts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "cksum.h"
#include "tcpopt.h"

/* 65535 - 20 (IP) - 20 (TCP); "length N" sends the first N bytes of
 * segspec's bytes:N pattern, so it looks the same either way */
#define MAXPAYLOAD	SEGSPEC_MAXDATA

#define SET(sp, f)	((sp)->set & SP_BIT(f))

static int
peer_offered(const struct tcb *t, uint8_t kind)
{
	switch (kind) {
	case TCPOPT_WSCALE:
		return t->peer_ws >= 0;
	case TCPOPT_SACKOK:
		return t->peer_sackok;
	case TCPOPT_TS:
		return t->peer_ts;
	default:
		/* MSS always goes; other kinds were configured on purpose */
		return 1;
	}
}

/* Our SYN options; for a SYN,ACK only what the peer offered, like a real
 * stack.  The NOPs in front of a dropped option only aligned it, so they
 * go with it. */
static void
syn_options(enum seg_kind k, const struct tcb *t,
    const struct build_env *env, struct seg *out)
{
	const struct tcpopt *in = env->synopts;
	struct tcpopt *o;
	int i, j, keep;

	out->nopt = 0;
	for (i = 0; i < env->nsynopts && in != NULL; i++) {
		if (in[i].kind == TCPOPT_NOP && !in[i].raw) {
			for (j = i; j < env->nsynopts &&
			    in[j].kind == TCPOPT_NOP && !in[j].raw; j++)
				;
			keep = k == SK_SYN || (j < env->nsynopts &&
			    (in[j].raw || peer_offered(t, in[j].kind)));
		} else
			keep = k == SK_SYN || in[i].raw ||
			    peer_offered(t, in[i].kind);
		if (!keep || out->nopt >= SEG_MAXOPT)
			continue;
		o = &out->opt[out->nopt++];
		*o = in[i];
		if (o->kind == TCPOPT_TS && !o->raw) {
			o->u.ts.val = env->ts_val;
			/* RFC 7323: TSecr is 0 unless ACK is set */
			o->u.ts.ecr = k == SK_SYN ? 0 : t->ts_recent;
		}
		(void)tcpopt_sync(o, NULL);
	}
}

static void
ts_options(const struct tcb *t, const struct build_env *env,
    struct seg *out)
{
	struct tcpopt *o = out->opt;

	/* Linux's layout: nop,nop,TS keeps the timestamps aligned */
	memset(o, 0, 3 * sizeof(*o));
	o[0].kind = o[1].kind = TCPOPT_NOP;
	o[0].len = o[1].len = 1;
	o[2].kind = TCPOPT_TS;
	o[2].u.ts.val = env->ts_val;
	o[2].u.ts.ecr = t->ts_recent;
	(void)tcpopt_sync(&o[2], NULL);
	out->nopt = 3;
}

/* RFC 2018: while data is held beyond a gap, every ACK carries SACK
 * blocks, the one with the latest segment first; three fit beside a
 * timestamp, four alone.  Linux's layout: nop,nop,sack. */
static void
sack_options(const struct tcb *t, struct seg *out)
{
	struct reasm_range bl[SEG_MAXSACK];
	struct tcpopt *o;
	int i, n;

	if (!tcb_sack_ok(t) || t->rin.nheld == 0 ||
	    out->nopt + 3 > SEG_MAXOPT)
		return;
	n = reasm_blocks(&t->rin, bl, out->nopt > 0 ? 3 : SEG_MAXSACK);
	o = &out->opt[out->nopt];
	memset(o, 0, 3 * sizeof(*o));
	o[0].kind = o[1].kind = TCPOPT_NOP;
	o[0].len = o[1].len = 1;
	o[2].kind = TCPOPT_SACK;
	o[2].nsack = (uint8_t)n;
	for (i = 0; i < n; i++) {
		o[2].u.sack[i].left = bl[i].left;
		o[2].u.sack[i].right = bl[i].right;
	}
	(void)tcpopt_sync(&o[2], NULL);
	out->nopt += 3;
}

static uint16_t
clamp16(uint32_t v)
{
	return v > 65535 ? 65535 : (uint16_t)v;
}

static void
fill_kind(enum seg_kind k, const struct tcb *t, const uint8_t *data,
    uint32_t datalen, const struct build_env *env, struct seg *out)
{
	int syn = k == SK_SYN || k == SK_SYNACK;

	out->seq = t->snd_nxt;
	out->ack = t->rcv_nxt;
	/* RFC 7323 2.2: the window of a SYN is never scaled */
	out->win = syn ? clamp16(t->rcv_wnd) :
	    clamp16(t->rcv_wnd >> tcb_our_shift(t));
	switch (k) {
	case SK_SYN:
		out->flags = TH_SYN;
		out->seq = t->iss;
		out->ack = 0;
		break;
	case SK_SYNACK:
		out->flags = TH_SYN | TH_ACK;
		out->seq = t->iss;
		break;
	case SK_ACK:
		out->flags = TH_ACK;
		break;
	case SK_FIN:
		out->flags = TH_FIN | TH_ACK;
		break;
	case SK_DATA:
		out->flags = TH_PSH | TH_ACK;
		out->data = data;
		out->datalen = data != NULL ? datalen : 0;
		break;
	case SK_RST:
		out->flags = TH_RST;
		out->ack = 0;
		out->win = 0;
		if (t->state == TCB_LISTEN && t->have_irs) {
			/* RFC 9293 3.5.2: the answer to a SYN takes seq 0
			 * and acknowledges the SYN */
			out->flags |= TH_ACK;
			out->seq = 0;
			out->ack = t->rcv_nxt;
		} else if (t->state == TCB_SYN_RECEIVED) {
			out->flags |= TH_ACK;
			out->ack = t->rcv_nxt;
		}
		break;
	}
	if (syn)
		syn_options(k, t, env, out);
	else if (tcb_ts_ok(t) && k != SK_RST)
		ts_options(t, env, out);
	if (!syn && (out->flags & TH_ACK) && !(out->flags & TH_RST))
		sack_options(t, out);
}

/* A value set by hand, not by the parser, may be out of its field's
 * range */
static int
range(const struct segspec *sp, enum sp_field f, struct errbuf *e)
{
	const struct segfield *fd = segfield_of(f);

	if (sp->v[f].lo > fd->max)
		return err_set(e, sp->col[f], "%s %u out of range (0..%u)",
		    fd->name, sp->v[f].lo, fd->max);
	return 0;
}

/* The fields written as typed, through the field table (segspec_put:
 * either IP version's, addresses, IPv6 extension headers, the fixed
 * bits): all but the sequence numbers (relative to the ISNs), the
 * payload's length and the options, which apply_spec's callees place. */
static int
apply_fields(const struct segspec *sp, struct seg *out, struct errbuf *e)
{
	const struct segfield *f;
	enum sp_field id;

	for (f = segfields; f->name != NULL; f++) {
		id = (enum sp_field)f->field;
		if (!(f->use & SF_SPEC) || !SET(sp, id) || id == SP_SEQ ||
		    id == SP_ACK || id == SP_LEN)
			continue;
		/* "cksum bad" means computed, then corrupted */
		if ((id == SP_SUM && sp->sum_bad) ||
		    (id == SP_IPSUM && sp->ipsum_bad))
			continue;
		if (range(sp, id, e) == -1 ||
		    segspec_put(sp, f, out, e) == -1)
			return -1;
	}
	return 0;
}

static int
apply_options(const struct tcb *t, const struct segspec *sp, int relative,
    struct seg *out, struct errbuf *e)
{
	uint32_t base = t->have_irs ? t->irs : 0;
	struct tcpopt *o;
	int i, j;

	if (SET(sp, SP_OPTS) && SET(sp, SP_OPTBYTES))
		return err_set(e, sp->col[SP_OPTBYTES], "give either options "
		    "or optbytes, not both");
	if (SET(sp, SP_OPTBYTES)) {
		if (sp->optrawlen > sizeof(out->optbytes))
			return err_set(e, sp->col[SP_OPTBYTES], "optbytes: "
			    "more than 40 bytes");
		out->nopt = 0;
		out->optlen = sp->optrawlen;
		memcpy(out->optbytes, sp->optraw, sp->optrawlen);
		return 0;
	}
	if (!SET(sp, SP_OPTS))
		return 0;
	if (sp->opts_any)
		return err_set(e, sp->col[SP_OPTS], "options [...] matches "
		    "any options; it cannot be sent");
	if (sp->nopt < 0 || sp->nopt > SEG_MAXOPT)
		return err_set(e, sp->col[SP_OPTS], "too many options");
	out->nopt = (uint8_t)sp->nopt;
	for (i = 0; i < sp->nopt; i++) {
		o = &out->opt[i];
		*o = sp->opt[i];
		/* SACK blocks acknowledge the peer's bytes: relative to
		 * its ISN, like ack */
		if (relative && o->kind == TCPOPT_SACK && !o->raw) {
			for (j = 0; j < o->nsack && j < SEG_MAXSACK; j++) {
				o->u.sack[j].left += base;
				o->u.sack[j].right += base;
			}
			(void)tcpopt_sync(o, NULL);
		}
	}
	return 0;
}

static int
apply_data(const struct segspec *sp, struct seg *out, struct errbuf *e)
{
	uint32_t n;

	if (SET(sp, SP_DATA)) {
		if (sp->datalen > MAXPAYLOAD)
			return err_set(e, sp->col[SP_DATA], "payload of %zu "
			    "bytes (at most %u)", sp->datalen, MAXPAYLOAD);
		out->data = sp->data;
		out->datalen = (uint32_t)sp->datalen;
	}
	if (SET(sp, SP_LEN)) {
		n = sp->v[SP_LEN].lo;
		if (out->data != NULL) {
			if (n != out->datalen)
				return err_set(e, sp->col[SP_LEN], "length %u "
				    "but the payload has %u bytes", n,
				    out->datalen);
			return 0;
		}
		if (n > MAXPAYLOAD)
			return err_set(e, sp->col[SP_LEN], "length %u out of "
			    "range (0..%u)", n, MAXPAYLOAD);
		out->data = n > 0 ? segspec_pattern : NULL;
		out->datalen = n;
	} else if (sp->seq_end_set && SET(sp, SP_SEQ)) {
		/* "seq N:M", pasted from a printed line, carries a length */
		n = sp->seq_end - sp->v[SP_SEQ].lo;
		if (out->data != NULL && n != out->datalen)
			return err_set(e, sp->col[SP_SEQ], "seq %u:%u covers "
			    "%u bytes but the payload has %u",
			    sp->v[SP_SEQ].lo, sp->seq_end, n, out->datalen);
		if (out->data == NULL) {
			if (n > MAXPAYLOAD)
				return err_set(e, sp->col[SP_SEQ], "seq %u:%u "
				    "covers %u bytes (at most %u)",
				    sp->v[SP_SEQ].lo, sp->seq_end, n,
				    MAXPAYLOAD);
			out->data = n > 0 ? segspec_pattern : NULL;
			out->datalen = n;
		}
	}
	return 0;
}

static int
apply_spec(const struct tcb *t, const struct segspec *sp,
    const struct build_env *env, struct seg *out, struct errbuf *e)
{
	if (apply_fields(sp, out, e) == -1)
		return -1;
	if (sp->sum_bad)
		out->fixed |= SEG_BAD_TCPSUM;
	if (sp->ipsum_bad)
		out->fixed |= SEG_BAD_IPSUM;
	if (SET(sp, SP_SEQ))
		out->seq = sp->v[SP_SEQ].lo + (env->relative ? t->iss : 0);
	if (SET(sp, SP_ACK))
		out->ack = sp->v[SP_ACK].lo +
		    (env->relative && t->have_irs ? t->irs : 0);
	if (SET(sp, SP_IPOPTS)) {
		if (sp->ipoptlen > sizeof(out->ipopt))
			return err_set(e, sp->col[SP_IPOPTS], "ipopts: more "
			    "than 40 bytes");
		out->ipoptlen = sp->ipoptlen;
		memcpy(out->ipopt, sp->ipopt, sp->ipoptlen);
	}
	if (apply_options(t, sp, env->relative, out, e) == -1)
		return -1;
	return apply_data(sp, out, e);
}

/* ---- departs ---- */

struct dctx {
	char		*buf;
	size_t		 len;
	const struct tcb *t;
	int		 relative;
};

static void
dep(struct dctx *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
dep(struct dctx *d, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (d->buf == NULL || d->len == 0)
		return;
	n = strlen(d->buf);
	if (n > 0 && n + 2 < d->len) {
		memcpy(d->buf + n, "; ", 3);
		n += 2;
	}
	if (n + 1 >= d->len)
		return;
	va_start(ap, fmt);
	vsnprintf(d->buf + n, d->len - n, fmt, ap);
	va_end(ap);
}

static long long
our_num(const struct dctx *d, uint32_t x)
{
	return d->relative ? (long long)(uint32_t)(x - d->t->iss) :
	    (long long)x;
}

static long long
peer_num(const struct dctx *d, uint32_t x)
{
	return d->relative && d->t->have_irs ?
	    (long long)(uint32_t)(x - d->t->irs) : (long long)x;
}

static int
before_handshake(enum tcb_state s)
{
	return s == TCB_CLOSED || s == TCB_LISTEN || s == TCB_SYN_SENT;
}

static void
departs_syn(struct dctx *d, const struct seg *s)
{
	const struct tcb *t = d->t;

	if (t->state >= TCB_ESTABLISHED)
		dep(d, "SYN in %s: the peer answers with a challenge ACK "
		    "(RFC 5961)", tcb_state_name(t->state));
	/* an opening SYN may carry any ISN: it defines ISS */
	else if ((t->state == TCB_SYN_SENT || t->state == TCB_SYN_RECEIVED) &&
	    s->seq != t->iss)
		dep(d, "seq %lld != ISS %lld", our_num(d, s->seq),
		    our_num(d, t->iss));
	if (s->flags & TH_RST)
		dep(d, "SYN with RST");
	if (s->flags & TH_FIN)
		dep(d, "SYN with FIN");
	if (!(s->flags & TH_ACK)) {
		if (t->state == TCB_LISTEN && t->have_irs)
			dep(d, "SYN without ACK answers the peer's SYN "
			    "(simultaneous open)");
		return;
	}
	if (!t->have_irs)
		dep(d, "SYN,ACK but no SYN from the peer to acknowledge");
	else if (s->ack != t->rcv_nxt)
		dep(d, "ack %lld != RCV.NXT %lld", peer_num(d, s->ack),
		    peer_num(d, t->rcv_nxt));
}

static void
departs_fill(const struct tcb *t, const struct seg *s, int relative,
    char *buf, size_t len)
{
	struct dctx d = { buf, len, t, relative };
	int rst_to_syn = t->state == TCB_LISTEN && t->have_irs;

	if (buf != NULL && len > 0)
		buf[0] = '\0';
	if (s->flags & TH_SYN) {
		departs_syn(&d, s);
		return;
	}
	if (t->state == TCB_CLOSED && !(s->flags & TH_RST)) {
		dep(&d, "no connection (CLOSED): send a SYN first");
		return;
	}
	if (!((s->flags & TH_RST) && rst_to_syn) && s->seq != t->snd_nxt)
		dep(&d, "seq %lld != SND.NXT %lld%s", our_num(&d, s->seq),
		    our_num(&d, t->snd_nxt), !SEQ_LT(s->seq, t->snd_max) ||
		    !SEQ_GEQ(s->seq, t->snd_una) ? "" : s->datalen > 0 &&
		    t->rout.started && reasm_seen(&t->rout, s->seq,
		    s->datalen) == 0 ? " (fills the hole)" :
		    " (a retransmission)");
	if (s->flags & TH_ACK) {
		if (!t->have_irs)
			dep(&d, "ACK with nothing from the peer to "
			    "acknowledge");
		else if (s->ack != t->rcv_nxt)
			dep(&d, "ack %lld != RCV.NXT %lld",
			    peer_num(&d, s->ack), peer_num(&d, t->rcv_nxt));
	} else if (!(s->flags & TH_RST) && t->have_irs &&
	    t->state != TCB_LISTEN)
		dep(&d, "no ACK flag: the peer drops it (RFC 9293)");
	if ((s->flags & TH_RST) && (s->flags & TH_FIN))
		dep(&d, "RST with FIN");
	if ((s->datalen > 0 || (s->flags & TH_FIN)) &&
	    before_handshake(t->state))
		dep(&d, "%s before the handshake completes (%s)",
		    s->datalen > 0 ? "data" : "FIN",
		    tcb_state_name(t->state));
	else if (t->fin_sent && s->datalen > 0 &&
	    SEQ_GT(s->seq + s->datalen, t->fin_seq))
		dep(&d, "data after our FIN");
	else if (t->fin_sent && (s->flags & TH_FIN) &&
	    s->seq + s->datalen != t->fin_seq)
		dep(&d, "a second FIN, the first was at seq %lld",
		    our_num(&d, t->fin_seq));
}

int
build_segment(enum seg_kind k, const struct conn *c,
    const struct segspec *sp, const uint8_t *data, uint32_t datalen,
    const struct build_env *env, struct seg *out, char *departs,
    size_t dlen, struct errbuf *e)
{
	const struct tcb *t = &c->tcb;

	if (departs != NULL && dlen > 0)
		departs[0] = '\0';
	if (c->listening)
		return err_set(e, 0, "%s is a listening entry: a peer's SYN "
		    "creates the connection to send on", c->name);
	if (data != NULL && datalen > MAXPAYLOAD)
		return err_set(e, 0, "payload of %u bytes (at most %u)",
		    datalen, MAXPAYLOAD);
	if (data != NULL && datalen > BUILD_MAXPAYLOAD6 &&
	    c->laddr.af == AF_INET6)
		return err_set(e, 0, "payload of %u bytes (at most %u on "
		    "IPv6: a packet of 65535 bytes less 60 of headers)",
		    datalen, BUILD_MAXPAYLOAD6);
	if (c->laddr.af == AF_INET6)
		seg_init6(out);		/* hop limit as IPv4's TTL: 64 */
	else
		seg_init(out);
	out->saddr = c->laddr;
	out->daddr = c->raddr;
	out->sport = c->lport;
	out->dport = c->rport;
	out->ttl = env->ttl != 0 ? env->ttl : 64;
	out->id = env->ip_id;
	out->frag = env->df ? IP_DF : 0;
	fill_kind(k, t, data, datalen, env, out);
	if (sp != NULL && apply_spec(t, sp, env, out, e) == -1)
		return -1;
	departs_fill(t, out, env->relative, departs, dlen);
	return 0;
}

int
build_needs_link(const struct seg *s, const uint8_t *pkt, size_t len)
{
	size_t hl = (size_t)s->ihl * 4;
	uint16_t sum;

	/* raw(7) with IP_HDRINCL rewrites total length and checksum always,
	 * id when it is 0 and DF is clear, the source when it is 0, and
	 * refuses a header shorter than 20 bytes or longer than the packet.
	 * Only a packet it would change needs the link layer, which on lo
	 * delivers nothing well-formed (the kernel drops 127/8 arriving from
	 * outside as a martian).  IPv6's raw socket (IPV6_HDRINCL) sends
	 * the header as it is: only a packet shorter than it needs the
	 * link. */
	if (s->ver == 6)
		return len < 40;
	if (s->ver != 4 || s->ihl < 5 || hl > len || len < 20)
		return 1;
	if (s->tot_len != len)
		return 1;
	if ((s->id == 0 && !(s->frag & IP_DF)) || s->saddr.v4 == 0)
		return 1;
	/* the header's checksum over itself is 0 when it is right */
	sum = cksum_finish(cksum_add(0, pkt, hl));
	return sum != 0;
}
