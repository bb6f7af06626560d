/* settings.c - set and show: one setter and one printer per key of
 * settab.def
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * settab.def (cmdtab.c) is the core half of the settings table: keys,
 * types, defaults, help.  This is the edge half, the code of each row;
 * the teaching keys' code is teach.c's.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"
#include "out.h"
#include "seg.h"
#include "session.h"
#include "settings.h"
#include "tcpopt.h"
#include "teach.h"

static int
parse_onoff(const char *v, int *out)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
		*out = 1;
	else if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 ||
	    strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
parse_num(const char *v, unsigned long max, unsigned long *out)
{
	char *end;

	if (*v == '\0' || *v == '-')
		return -1;
	*out = strtoul(v, &end, 0);
	return (*end != '\0' || *out > max) ? -1 : 0;
}

/* The field of struct settings a generic row names. */
#define SET_INT(s, off)	((int *)(void *)((char *)&(s)->set + (off)))
#define SET_U64(s, off)	((uint64_t *)(void *)((char *)&(s)->set + (off)))

typedef int set_fn(struct session *, const struct set_def *, const char *,
    struct errbuf *);
typedef void show_fn(struct session *, const struct set_def *, char *,
    size_t);

struct set_run {
	set_fn	*set;	/* NULL: the generic one of the row's type */
	show_fn	*show;	/* likewise */
	size_t	 off;	/* generic: the field of struct settings */
};

static const struct set_run *run_of(const struct set_def *d);

static int
set_flag(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	if (parse_onoff(val, SET_INT(s, run_of(d)->off)) != 0)
		return err_set(e, 0, "set %s takes on or off", d->key);
	return 0;
}

static void
show_flag(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%s", *SET_INT(s, run_of(d)->off) ? "on" : "off");
}

static int
set_duration(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	if (cmd_parse_duration(val, SET_U64(s, run_of(d)->off)) != 0)
		return err_set(e, 0, "set %s takes a duration (500ms, 2s)",
		    d->key);
	return 0;
}

static void
show_duration(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%.3fs", *SET_U64(s, run_of(d)->off) / 1e6);
}

/* "stop|continue": the index of the word typed */
static int
set_choice(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	const char *w = d->values, *bar;
	size_t n = strlen(val);
	int i;

	for (i = 0; w != NULL; i++, w = bar != NULL ? bar + 1 : NULL) {
		bar = strchr(w, '|');
		if ((bar != NULL ? (size_t)(bar - w) : strlen(w)) == n &&
		    strncmp(w, val, n) == 0) {
			*SET_INT(s, run_of(d)->off) = i;
			return 0;
		}
	}
	bar = strrchr(d->values, '|');
	return err_set(e, 0, "set %s takes %.*s or %s", d->key,
	    (int)(bar - d->values), d->values, bar + 1);
}

static void
show_choice(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	const char *w = d->values, *bar;
	int i;

	for (i = *SET_INT(s, run_of(d)->off); i > 0 && w != NULL; i--)
		if ((w = strchr(w, '|')) != NULL)
			w++;
	if (w == NULL)
		w = "?";
	bar = strchr(w, '|');
	snprintf(buf, cap, "%.*s", bar != NULL ? (int)(bar - w) :
	    (int)strlen(w), w);
}

static void
show_guard(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%s%s", s->set.guard ? "on" : "off",
	    s->guard_broken ? " (unavailable)" : "");
}

static void
show_msl(struct session *s, const struct set_def *d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.3fs (TIME-WAIT %.3fs)", s->set.msl_us / 1e6,
	    2 * s->set.msl_us / 1e6);
}

static int
set_iss(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	unsigned long n;

	if (strcmp(val, "random") == 0) {
		s->set.iss_fixed = 0;
		return 0;
	}
	if (parse_num(val, 0xffffffffu, &n) != 0)
		return err_set(e, 0, "set iss takes 0-4294967295 or random");
	s->set.iss_fixed = 1;
	s->set.iss = (uint32_t)n;
	return 0;
}

static void
show_iss(struct session *s, const struct set_def *d, char *buf, size_t cap)
{
	if (s->set.iss_fixed)
		snprintf(buf, cap, "%u", s->set.iss);
	else
		snprintf(buf, cap, "random");
}

/* The shift our SYN's wscale offers, or -1 when it offers none. */
static int
synopts_wscale(const struct settings *st)
{
	int i;

	for (i = 0; i < st->nsynopts; i++)
		if (st->synopts[i].kind == TCPOPT_WSCALE && !st->synopts[i].raw)
			return st->synopts[i].u.wscale;
	return -1;
}

/* win is the 16-bit window field.  More is carried only by window
 * scaling (RFC 7323), which our SYN must offer, and never in the SYN
 * itself: refuse what cannot be carried, say how the rest will be. */
static int
set_win(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	char clip[LEX_CLIPBUF];
	unsigned long n, max;
	int ws;

	if (parse_num(val, ULONG_MAX, &n) != 0)
		return err_set(e, 0, "set win takes a byte count (0..65535), "
		    "not '%s'", lex_clip(val, clip));
	ws = synopts_wscale(&s->set);
	if (n > 65535 && ws <= 0)
		return err_set(e, 0, "set win %s out of range (0..65535): win "
		    "is the 16-bit window field; for a larger receive window "
		    "offer wscale in set synopts, e.g. [mss 1460,wscale 7]",
		    lex_clip(val, clip));
	if (ws > 14)		/* RFC 7323 2.3: a larger shift counts as 14 */
		ws = 14;
	max = 65535ul << (ws > 0 ? ws : 0);
	if (n > max)
		return err_set(e, 0, "set win %s out of range (0..%lu with "
		    "wscale %d)", lex_clip(val, clip), max, ws);
	s->set.win = (uint32_t)n;
	if (n > 65535)
		out_printf("win %lu: our SYN carries 65535 (a SYN's window is "
		    "never scaled); if the peer offers wscale too, later "
		    "segments carry %lu << %d = %lu, else 65535\n", n,
		    n >> ws, ws, (n >> ws) << ws);
	return 0;
}

static void
show_win(struct session *s, const struct set_def *d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u", s->set.win);
}

static int
set_ttl(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	unsigned long n;

	if (parse_num(val, 255, &n) != 0)
		return err_set(e, 0, "set ttl takes 0-255");
	s->set.ttl = (uint8_t)n;
	return 0;
}

static void
show_ttl(struct session *s, const struct set_def *d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u", s->set.ttl);
}

static int
set_loglimit(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	unsigned long n;

	/* a limit below the current size takes effect at the next packet */
	if (parse_num(val, 100000000, &n) != 0)
		return err_set(e, 0, "set loglimit takes 0-100000000 "
		    "(0: keep every packet)");
	s->set.loglimit = n;
	return 0;
}

static void
show_loglimit(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%zu", s->set.loglimit);
}

static int
set_mss(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	char clip[LEX_CLIPBUF];
	unsigned long n;

	/* 0 is no size a peer can send with; a SYN that offers mss 0 on
	 * purpose is syn options [mss 0] */
	if (parse_num(val, ULONG_MAX, &n) != 0)
		return err_set(e, 0, "set mss takes a size (1..65535), not "
		    "'%s'", lex_clip(val, clip));
	if (n < 1 || n > 65535)
		return err_set(e, 0, "set mss %s out of range (1..65535)%s",
		    lex_clip(val, clip), n == 0 ? "; to offer mss 0 on "
		    "purpose, syn options [mss 0]" : "");
	s->set.mss = (uint16_t)n;
	s->set.mss_dflt = 0;
	return 0;
}


static void
show_mss(struct session *s, const struct set_def *d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u", s->set.mss);
}

static int
set_synopts(struct session *s, const struct set_def *d, const char *val,
    struct errbuf *e)
{
	struct toklist tl = { 0 };
	struct tcpopt o[SEG_MAXOPT];
	uint8_t enc[40], enclen;
	int n, rc = -1;

	if (lex_line(val, &tl, e) != 0)
		goto out;
	if (tl.n < 2 || tl.t[0].kind != TOK_LBRACK ||
	    tl.t[tl.n - 1].kind != TOK_RBRACK) {
		err_set(e, 0, "synopts takes a bracketed list, e.g. "
		    "[mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7]");
		goto out;
	}
	if ((n = tcpopt_parse(tl.t + 1, tl.n - 2, o, SEG_MAXOPT, e)) < 0)
		goto out;
	if (tcpopt_encode(o, n, enc, &enclen, e) != 0)
		goto out;
	memcpy(s->set.synopts, o, sizeof(o[0]) * (size_t)n);
	s->set.nsynopts = n;
	rc = 0;
out:
	lex_free(&tl);
	return rc;
}

/* Until set, our SYN offers [mss N] of set mss. */
static void
show_synopts(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	const struct settings *st = &s->set;
	char opts[256];
	struct optctx oc = { 0, 0 };

	if (st->nsynopts < 0)
		snprintf(opts, sizeof(opts), "mss %u", st->mss);
	else
		tcpopt_format(opts, sizeof(opts), st->synopts, st->nsynopts,
		    &oc);
	snprintf(buf, cap, "[%s]", opts);
}

#define OFF(f)	offsetof(struct settings, f)

/* The edge half of the settings table (settab.def is the core half). */
static const struct set_run set_runs[] = {
	[S_ABSOLUTE] =	{ NULL, NULL, OFF(absolute) },
	[S_AUTOACK] =	{ NULL, NULL, OFF(autoack) },
	[S_GUARD] =	{ NULL, show_guard, OFF(guard) },
	[S_ONERROR] =	{ NULL, NULL, OFF(onerror_continue) },
	[S_STRICT] =	{ NULL, NULL, OFF(strict) },
	[S_TIMEOUT] =	{ NULL, NULL, OFF(timeout_us) },
	[S_TOLERANCE] =	{ NULL, NULL, OFF(tolerance_us) },
	[S_MSL] =	{ NULL, show_msl, OFF(msl_us) },
	[S_ISS] =	{ set_iss, show_iss, 0 },
	[S_WIN] =	{ set_win, show_win, 0 },
	[S_TTL] =	{ set_ttl, show_ttl, 0 },
	[S_DF] =	{ NULL, NULL, OFF(df) },
	[S_MSS] =	{ set_mss, show_mss, 0 },
	[S_SYNOPTS] =	{ set_synopts, show_synopts, 0 },
	[S_PAYLOAD] =	{ NULL, NULL, OFF(payload) },
	[S_LOGLIMIT] =	{ set_loglimit, show_loglimit, 0 },
	[S_EXPLAIN] =	{ teach_set_explain, teach_show_explain, 0 },
	[S_QUIZ] =	{ teach_set_quiz, teach_show_quiz, 0 },
	[S_ASCII] =	{ teach_set_ascii, teach_show_ascii, 0 },
	[S_PMTU] =	{ NULL, NULL, OFF(pmtu) },
	[S_VERBOSE] =	{ NULL, NULL, OFF(verbose) },
};
_Static_assert(sizeof(set_runs) / sizeof(set_runs[0]) == S_NKEYS,
    "a key in settab.def without its row in settings.c");

static const struct set_run *
run_of(const struct set_def *d)
{
	return &set_runs[d->id];
}

/* What a row of a type without code of its own is set and shown with;
 * the other types have a setter and a printer in every row. */
static const struct {
	set_fn	*set;
	show_fn	*show;
} generic[ST_NTYPES] = {
	[ST_ONOFF] =	{ set_flag, show_flag },
	[ST_DURATION] =	{ set_duration, show_duration },
	[ST_CHOICE] =	{ set_choice, show_choice },
};

int
settings_set(struct session *s, const char *key, const char *val,
    struct errbuf *e)
{
	const struct set_def *d;
	set_fn *fn;

	if ((d = set_lookup(key)) == NULL)
		return err_set(e, 0, "unknown setting '%s'", key);
	if ((fn = run_of(d)->set) == NULL)
		fn = generic[d->type].set;
	if (fn == NULL)
		return err_set(e, 0, "set %s: no setter", key);
	return fn(s, d, val, e);
}

/* Every key with a default takes it, through its own setter. */
int
settings_defaults(struct session *s)
{
	struct errbuf e;
	int i;

	for (i = 0; i < S_NKEYS; i++)
		if (set_defs[i].dflt != NULL &&
		    settings_set(s, set_defs[i].key, set_defs[i].dflt, &e) != 0)
			return -1;
	s->set.mss_dflt = 1;
	return 0;
}

void
settings_print(struct session *s, FILE *f)
{
	const struct set_def *d;
	show_fn *fn;
	char val[320];
	int i;

	for (i = 0; i < S_NKEYS; i++) {
		d = &set_defs[i];
		if ((fn = run_of(d)->show) == NULL)
			fn = generic[d->type].show;
		val[0] = '\0';
		if (fn != NULL)
			fn(s, d, val, sizeof(val));
		fprintf(f, "%-9s %s\n", d->key, val);
	}
}
