/* tcpopt_priv.h - the option table that tcpopt.c and tcpopt_parse.c share;
 * not part of the contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind tcpcraft knows by name is one row: its kind and name, its
 * fixed wire length (0 when variable), its functions (value bytes out and
 * in, tcpdump's words out and in, pattern comparison) and the words after
 * which an expect pattern may give "*" for a value (TCPOPT_WILD1, then
 * TCPOPT_WILD2).  A new kind is a row here, its functions, and its value
 * in struct tcpopt's union (seg.h).
 */
#ifndef TC_TCPOPT_PRIV_H
#define TC_TCPOPT_PRIV_H

#include <stdint.h>

#include "errbuf.h"
#include "lex.h"
#include "sbuf.h"
#include "seg.h"
#include "tcpopt.h"

#define TCPOPT_TABLE(X)							\
	X(TCPOPT_EOL,	 "eol",	   1, opt_enc_none,   opt_dec_none,	\
	    opt_fmt_name,   opt_parse_none,   opt_eq_none,   NULL,  NULL)	\
	X(TCPOPT_NOP,	 "nop",	   1, opt_enc_none,   opt_dec_none,	\
	    opt_fmt_name,   opt_parse_none,   opt_eq_none,   NULL,  NULL)	\
	X(TCPOPT_MSS,	 "mss",	   4, opt_enc_mss,    opt_dec_mss,	\
	    opt_fmt_mss,    opt_parse_mss,    opt_eq_mss,    "mss", NULL)	\
	X(TCPOPT_WSCALE, "wscale", 3, opt_enc_wscale, opt_dec_wscale,	\
	    opt_fmt_wscale, opt_parse_wscale, opt_eq_wscale, "wscale", NULL) \
	X(TCPOPT_SACKOK, "sackOK", 2, opt_enc_none,   opt_dec_none,	\
	    opt_fmt_name,   opt_parse_none,   opt_eq_none,   NULL,  NULL)	\
	X(TCPOPT_SACK,	 "sack",   0, opt_enc_sack,   opt_dec_sack,	\
	    opt_fmt_sack,   opt_parse_sack,   opt_eq_sack,   NULL,  NULL)	\
	X(TCPOPT_TS,	 "TS",	  10, opt_enc_ts,     opt_dec_ts,	\
	    opt_fmt_ts,     opt_parse_ts,     opt_eq_ts,     "val", "ecr")

/* enc writes the value bytes (after kind and length) and returns their
 * count; dec fills the union from data[] and fails when the size is wrong
 * for the kind; fmt prints tcpdump's words, "*" for a value whose
 * TCPOPT_WILD bit is in w; parse reads the words after the name (t[0..n),
 * namecol just after the name), and records in *w (when not NULL) which
 * values were "*"; eq compares a pattern's option p with a segment's,
 * ignoring the values in w, SACK edges less sack_base. */
typedef int	optenc_fn(const struct tcpopt *, uint8_t *, struct errbuf *);
typedef int	optdec_fn(struct tcpopt *);
typedef void	optfmt_fn(struct sbuf *, const struct tcpopt *,
		    const struct optctx *, uint8_t);
typedef int	optparse_fn(const struct token *, int, int, struct tcpopt *,
		    uint8_t *, struct errbuf *);
typedef int	opteq_fn(const struct tcpopt *, uint8_t, const struct tcpopt *,
		    uint32_t);

struct optdef {
	uint8_t		 kind;
	const char	*name;
	uint8_t		 len;		/* fixed total length; 0 variable */
	optenc_fn	*enc;
	optdec_fn	*dec;
	optfmt_fn	*fmt;
	optparse_fn	*parse;
	opteq_fn	*eq;
	const char	*star[2];	/* words "*" may follow: WILD1, WILD2 */
};

#define TCPOPT_PROTO(k, n, l, enc, dec, fmt, parse, eq, s1, s2)	\
	optenc_fn enc; optdec_fn dec; optfmt_fn fmt; optparse_fn parse;	\
	opteq_fn eq;
TCPOPT_TABLE(TCPOPT_PROTO)
#undef TCPOPT_PROTO

/* The row for a kind, NULL if the table has none; the tcpopt_ndefs rows. */
const struct optdef	*tcpopt_def(uint8_t kind);
extern const struct optdef	tcpopt_defs[];
extern const size_t		tcpopt_ndefs;

#endif
