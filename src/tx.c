/* tx.c - the send path: TCB + overrides -> bytes -> wire -> TCB -> screen */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "build.h"
#include "conn.h"
#include "obs.h"
#include "pktlog.h"
#include "segspec.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "tx.h"
#include "wire.h"

/* FNV-1a over the TCP segment: the raw socket rewrites the IP header's
 * length, checksum and maybe id, never the TCP bytes, so those identify a
 * packet of ours when the sniffer hands it back.  IPv6: all past the
 * fixed header (an extension chain is ours too). */
static uint64_t
tcp_hash(const uint8_t *pkt, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t off, i;

	if (len < 20)
		return 0;
	off = pkt[0] >> 4 == 6 ? 40 : (size_t)(pkt[0] & 0x0f) * 4;
	if (off > len)
		off = len;
	for (i = off; i < len; i++) {
		h ^= pkt[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void
tx_remember(struct session *s, const uint8_t *pkt, size_t len)
{
	s->sent[s->sent_pos++ % SENT_RING] = tcp_hash(pkt, len);
}

int
tx_is_ours(struct session *s, const uint8_t *pkt, size_t len)
{
	uint64_t h = tcp_hash(pkt, len);
	unsigned i;

	for (i = 0; i < SENT_RING; i++)
		if (s->sent[i] == h && h != 0) {
			s->sent[i] = 0;	/* each copy is seen once */
			return 1;
		}
	return 0;
}

static void
fill_env(struct session *s, struct build_env *env, int af)
{
	memset(env, 0, sizeof(*env));
	env->relative = !s->set.absolute;
	env->ip_id = s->ip_id++;
	if (s->ip_id == 0)
		s->ip_id = 1;
	env->ttl = s->set.ttl;
	env->df = (uint8_t)s->set.df;
	/* TSval: a millisecond clock from a random base, like Linux */
	env->ts_val = s->ts_base + (uint32_t)(sess_now(s) / 1000);
	if (s->set.nsynopts < 0) {
		/* the default, [mss N], kept in env itself */
		env->mss_opt.kind = TCPOPT_MSS;
		env->mss_opt.len = 4;
		env->mss_opt.u.mss = sess_mss(s, af);
		env->synopts = &env->mss_opt;
		env->nsynopts = 1;
	} else {
		env->synopts = s->set.synopts;
		env->nsynopts = s->set.nsynopts;
	}
}

/* The same defaults for flood and probe templates. */
void
tx_env(struct session *s, struct build_env *env)
{
	fill_env(s, env, AF_INET);
}

void
tx_env_af(struct session *s, struct build_env *env, int af)
{
	fill_env(s, env, af);
}

int
tx_segment(struct session *s, struct conn *c, enum seg_kind k,
    const struct segspec *sp, const uint8_t *data, uint32_t len,
    struct errbuf *e)
{
	uint8_t buf[WIRE_MAXPKT];	/* the log keeps its own copy */
	struct build_env env;
	struct seg seg;
	struct pkt_rec *r;
	struct timeval tv;
	struct tcb_ev ev;
	char departs[160];
	size_t plen;
	enum tcb_state before;
	int link;

	fill_env(s, &env, c->raddr.af != 0 ? c->raddr.af : c->laddr.af);
	departs[0] = '\0';
	if (build_segment(k, c, sp, data, len, &env, &seg, departs,
	    sizeof(departs), e) != 0)
		return -1;
	if (wire_encode(&seg, buf, sizeof(buf), &plen, e) != 0)
		return -1;
	link = build_needs_link(&seg, buf, plen);
	obs_sending(s->obs, c, &seg);	/* "send ... ?": the prediction */
	/* stamped before it leaves: the peer's answer, stamped by the
	 * kernel, must not come earlier in a capture */
	s->be->stamp(s, &tv);
	if (s->be->send(s, buf, plen, link, e) != 0)
		return -1;

	tx_remember(s, buf, plen);

	before = c->tcb.state;
	tcb_on_send(&c->tcb, &seg, sess_now(s), &ev);
	sess_timer_sync(s, c);
	if (departs[0] != '\0') {
		char both[sizeof(departs) + 2 + sizeof(ev.detail)];

		/* the builder's finding first, then what the TCB adds
		 * (what the peer will make of it): both are kept */
		ev.notes |= TN_DEPARTS;
		snprintf(both, sizeof(both), "%s%s%s", departs,
		    ev.detail[0] != '\0' ? "; " : "", ev.detail);
		memcpy(ev.detail, both, sizeof(ev.detail) - 1);
		ev.detail[sizeof(ev.detail) - 1] = '\0';
	}
	if ((r = sess_log_add(s, DIR_OUT, c, buf, plen, &tv)) != NULL) {
		r->ev = ev;
		r->link = link;
		tcb_print_ctx(&c->tcb, 1, !s->set.absolute, &r->pc);
		r->pc.payload = s->set.payload;
		obs_sent(s->obs, c, r);	/* shown, captured */
	}
	if (c->tcb.state == TCB_CLOSED && before != TCB_CLOSED)
		sess_unguard_conn(s, c);
	return 0;
}

/* send PAYLOAD: one segment per peer MSS, each its own line. */
int
tx_send(struct session *s, struct conn *c, const struct segspec *sp,
    struct errbuf *e)
{
	struct segspec chunk;
	const uint8_t *data = sp->data;
	size_t total = sp->datalen, off, n;
	uint32_t mss = tcb_send_mss(&c->tcb);

	if (mss == 0)
		mss = 536;
	if (c->laddr.af == AF_INET6 && mss > BUILD_MAXPAYLOAD6)
		mss = BUILD_MAXPAYLOAD6;
	chunk = *sp;
	chunk.set &= ~SP_BIT(SP_DATA);
	chunk.data = NULL;
	chunk.datalen = 0;
	/* "length N" without data means N pattern bytes: the builder makes
	 * them; a single segment, as the user asked. */
	if (data == NULL)
		return tx_segment(s, c, SK_DATA, sp, NULL, 0, e);
	chunk.set &= ~SP_BIT(SP_LEN);
	for (off = 0; off < total; off += n) {
		n = total - off < mss ? total - off : mss;
		if (off > 0 && (sp->set & SP_BIT(SP_SEQ)))
			chunk.v[SP_SEQ].lo = chunk.v[SP_SEQ].hi =
			    sp->v[SP_SEQ].lo + (uint32_t)off;
		if (tx_segment(s, c, SK_DATA, &chunk, data + off, (uint32_t)n,
		    e) != 0)
			return -1;
	}
	return 0;
}
