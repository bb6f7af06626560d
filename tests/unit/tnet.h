/* tnet.h - what several unit tests share: big-endian writers, the
 * connection table's calls with IPv4 addresses as numbers, a decode
 * that ASan watches, a command line parsed, a log record */
#ifndef TC_TNET_H
#define TC_TNET_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "ipaddr.h"
#include "lex.h"
#include "pktlog.h"
#include "tcb.h"
#include "wire.h"

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)(v & 255);
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)(v & 0xffff));
}

static inline struct conn *
add4(struct conntab *ct, uint32_t la, uint16_t lp, uint32_t ra, uint16_t rp,
    const char *name, struct errbuf *e)
{
	return conn_add(ct, IPADDR4(la), lp, IPADDR4(ra), rp, name, e);
}

static inline struct conn *
lookup4(struct conntab *ct, uint32_t sa, uint16_t sp, uint32_t da,
    uint16_t dp, int *from_us)
{
	return conn_lookup(ct, IPADDR4(sa), sp, IPADDR4(da), dp, from_us);
}

static inline struct conn *
listener4(const struct conntab *ct, uint32_t da, uint16_t dp)
{
	return conn_listener(ct, IPADDR4(da), dp);
}

/* Decodes from an exact-size heap copy so ASan catches any overread;
 * s->data pointed into the copy and is not kept. */
static inline int
decode_copy(const uint8_t *p, size_t len, struct seg *s)
{
	uint8_t *c = malloc(len ? len : 1);
	int rc;

	memcpy(c, p, len);
	rc = wire_decode(c, len, s);
	s->data = NULL;
	free(c);
	return rc;
}

/* line lexed and parsed into c (cmd_free it); -1 with e if either
 * refuses it */
static inline int
parse(const char *line, struct cmd *c, struct errbuf *e)
{
	struct toklist tl = { 0 };
	int rc;

	err_clear(e);
	if (lex_line(line, &tl, e) != 0)
		return -1;
	rc = cmd_parse(tl.t, tl.n, line, c, e);
	lex_free(&tl);
	return rc;
}

/* r: the log's record of g, encoded (its checksums filled in), as the
 * shell keeps it, relative numbers from our ISN iss and the peer's irs;
 * r->pkt is malloc'd.  -1 when g does not encode. */
static inline int
rec_of(struct pkt_rec *r, struct seg *g, uint64_t t_us,
    enum pkt_dir dir, unsigned conn, enum tcb_state from, enum tcb_state to,
    uint32_t notes, uint32_t iss, uint32_t irs)
{
	struct errbuf e;
	uint8_t buf[256];
	size_t len = 0;

	memset(r, 0, sizeof(*r));
	if (wire_encode(g, buf, sizeof(buf), &len, &e) != 0 ||
	    (r->pkt = malloc(len)) == NULL)
		return -1;
	memcpy(r->pkt, buf, len);
	r->len = (uint32_t)len;
	r->t_us = t_us;
	r->dir = dir;
	r->conn_id = conn;
	r->ev.from = from;
	r->ev.to = to;
	r->ev.notes = notes;
	r->pc.relative = 1;
	r->pc.seq_base = dir == DIR_IN ? irs : iss;
	r->pc.ack_base = dir == DIR_IN ? iss : irs;
	return 0;
}

#endif
