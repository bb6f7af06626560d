/* floodarg.h - the arguments of flood and probe
 *
 *   flood [HOST:PORT] [FLAGS] count N [rate PPS] [within DURATION]
 *         [FIELD random]... [FIELD VALUE]...
 *   probe HOST:PORT [count N] [interval DURATION]
 *
 * FIELD random draws afresh for every packet a field pktpatch rewrites
 * (floodarg_rnd_name: sport, dport, seq, ack, id, win), named as the field
 * table names it; every other FIELD VALUE is the segment notation of
 * syn/send and goes to segspec_parse, FLAGS first (default S).
 */
#ifndef TC_FLOODARG_H
#define TC_FLOODARG_H

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"
#include "pktpatch.h"

#define FLOOD_MAXCOUNT	10000000ull	/* packets in one flood */
#define FLOOD_MAXRATE	10000000ull	/* packets/s asked for */
#define FLOOD_CAP_US	(60ull * 1000000)	/* default time cap */
#define FLOOD_MAXCAP_US	(3600ull * 1000000)
#define PROBE_DEFCOUNT	5
#define PROBE_MAXCOUNT	100000ull
#define PROBE_DEFIVAL	1000000ull	/* 1 s, as hping3 and ping */
/* traceroute: hops tried and the wait for each, as tcptraceroute's
 * defaults would take too long in a lab of two hops */
#define TRACE_DEFHOPS	16
#define TRACE_MAXHOPS	64
#define TRACE_DEFWAIT	1000000ull	/* 1 s */
#define TRACE_MAXWAIT	10000000ull

/* c->id, c->col are set; t[0..n) are the tokens after the command word.
 * Fills have_target/addr/port, count, rate, dur_us (the time cap), rnd,
 * and spec/have_spec.  Returns 0, or -1 with a column in e. */
int	floodarg_parse(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);
/* Fills addr/port, count and ival_us. */
int	floodarg_parse_probe(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);
/* traceroute HOST:PORT [max N] [wait D]: addr/port, count (hops) and
 * ival_us (the wait for each hop's answer). */
int	floodarg_parse_trace(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);

/* The i-th field "FIELD random" accepts, by the field table's name, NULL
 * past the last; floodarg_rnd_fields[i] is its PP_*. */
const char	*floodarg_rnd_name(int i);
extern const enum pp_field floodarg_rnd_fields[];

#endif
