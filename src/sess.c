/* sess.c - session state, settings, opening the edges once, the log */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "guard.h"
#include "inject.h"
#include "lex.h"
#include "obs.h"
#include "peer.h"
#include "priv.h"
#include "sess.h"
#include "sniff.h"
#include "tcpopt.h"
#include "teach.h"
#include "offline.h"
#include "vars.h"

static int	sess_set_defaults(struct session *);

uint64_t
sess_now(const struct session *s)
{
	return s->be->now(s);
}

/* xorshift64*: ISNs, ports and IP ids need to be unpredictable enough for a
 * lab and repeatable under --seed, not cryptographic. */
uint32_t
sess_rand(struct session *s)
{
	uint64_t x = s->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

int
sess_init(struct session *s, const char *labif, int seeded, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->labif = labif;
	s->mono0 = live_mono();
	if (!seeded && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = s->mono0 ^ (uint64_t)getpid() << 32;
	s->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	s->ip_id = (uint16_t)(sess_rand(s) | 1);
	s->ts_base = sess_rand(s);
	s->set.nsynopts = -1;		/* [mss N] of set mss */
	if (sess_set_defaults(s) != 0)
		return -1;
	s->dlt = -1;
	s->be = backend_choose(s);
	if (conntab_init(&s->ct, 64) != 0)
		return -1;
	return 0;
}

void
sess_offline(struct session *s, struct offline *o)
{
	s->off = o;
	s->be = backend_choose(s);
}

/* A person types at a terminal: TIME-WAIT long enough to read the FIN,
 * think and type the last ack (Linux keeps it 60 s).  Scripts, -c and
 * commands piped in keep the short one, so tests stay fast. */
void
sess_typed(struct session *s)
{
	s->set.msl_us = SESS_MSL_TYPED_US;
}

void
sess_free(struct session *s)
{
	int k;

	for (k = 0; k < s->npeers; k++)
		peer_stop(s->peers[k]);
	s->npeers = 0;
	obs_end(s->obs);	/* capture, record closed; the quiz's score */
	vars_free(s->vars);
	if (s->be != NULL)
		s->be->close(s);
	if (s->inj != NULL)	/* flood and probe may open it anywhere */
		inject_close(s->inj);
	pktstore_free(&s->store);	/* every log[i].pkt */
	free(s->log);
	free(s->filt_extra);
	conntab_free(&s->ct);
	memset(s, 0, sizeof(*s));
}

/* The edges for segments through ifname, opened once (backend.h). */
int
sess_net(struct session *s, const char *ifname, struct errbuf *e)
{
	return s->be->open(s, ifname, e);
}

/* The guard's table, opened once; 0 when it is there. */
int
sess_guard_ready(struct session *s)
{
	struct errbuf ge;

	if (!(s->be->flags & BE_KERNEL))	/* no kernel to guard against */
		return -1;
	if (s->gd == NULL && !s->guard_broken) {
		err_clear(&ge);
		if ((s->gd = guard_open(&ge)) == NULL) {
			s->guard_broken = 1;
			out_printf("warning: kernel-RST guard unavailable (%s); "
			    "the local kernel may reset connections\n", ge.msg);
		}
	}
	return s->gd != NULL ? 0 : -1;
}

/* The capture filter follows the open connections: blocks of ports
 * around their local ports (portcover.h), so the kernel hands us little
 * else and a connect seldom pays for a compile. */
void
sess_refilter(struct session *s)
{
	struct errbuf e;
	struct conn *c;
	uint16_t *ports;
	char *buf;
	const char *term;
	size_t n = 0, cap, off;
	int lab, need;

	if (s->sn == NULL)
		return;
	term = backend_filter(s);	/* the link layer's own ("arp") */
	lab = *term != '\0';
	need = !s->filt_set || lab != s->filt_lab ||
	    (s->filter_extra == NULL) != (s->filt_extra == NULL) ||
	    (s->filter_extra != NULL &&
	    strcmp(s->filter_extra, s->filt_extra) != 0);
	for (c = s->ct.head; c != NULL && !need; c = c->next)
		need = !portcover_has(&s->filt, c->lport);
	if (!need)
		return;
	if ((ports = malloc((s->ct.count + 1) * sizeof(*ports))) == NULL)
		return;
	for (c = s->ct.head; c != NULL; c = c->next)
		ports[n++] = c->lport;
	portcover_build(&s->filt, ports, n);
	free(ports);
	cap = portcover_format(&s->filt, NULL, 0) + 64 + 2 * strlen(term);
	if (s->filter_extra != NULL)
		cap += strlen(s->filter_extra) + 8;
	if ((buf = malloc(cap)) == NULL)
		return;
	off = (size_t)snprintf(buf, cap, "%s%sip proto 6 and (", term,
	    lab ? " or (" : "");
	off += portcover_format(&s->filt, buf + off, cap - off);
	if (s->filter_extra != NULL)
		off += (size_t)snprintf(buf + off, cap - off, "%s(%s)",
		    s->filt.n > 0 ? " or " : "", s->filter_extra);
	if (s->filt.n == 0 && s->filter_extra == NULL)
		snprintf(buf, cap, "%s", lab ? term : "less 1");
	else
		snprintf(buf + off, cap - off, ")%s", lab ? ")" : "");
	free(s->filt_extra);
	s->filt_extra = NULL;
	if (sniff_set_filter(s->sn, buf, &e) != 0) {
		out_printf("warning: capture filter: %s\n", e.msg);
		s->filt_set = 0;
	} else {
		s->filt_set = 1;
		s->filt_lab = lab;
		if (s->filter_extra != NULL &&
		    (s->filt_extra = strdup(s->filter_extra)) == NULL)
			s->filt_set = 0;
	}
	free(buf);
}

void
sess_guard_conn(struct session *s, struct conn *c)
{
	struct errbuf e;

	if (!s->set.guard || c->guarded || backend_owns(s, c->laddr) ||
	    sess_guard_ready(s) != 0)
		return;
	if (guard_add(s->gd, c->laddr, c->lport, c->raddr, c->rport, &e) != 0) {
		out_printf("warning: guard for %s not installed: %s\n",
		    c->name, e.msg);
		return;
	}
	c->guarded = 1;
}

void
sess_unguard_conn(struct session *s, struct conn *c)
{
	struct errbuf e;

	if (!c->guarded || s->gd == NULL)
		return;
	if (guard_del(s->gd, c->laddr, c->lport, c->raddr, c->rport, &e) != 0)
		out_printf("warning: guard for %s not removed: %s\n", c->name,
		    e.msg);
	c->guarded = 0;
}

struct pkt_rec *
sess_log_add(struct session *s, enum pkt_dir dir, const struct conn *c,
    const uint8_t *pkt, size_t len, const struct timeval *ts)
{
	struct pkt_rec *r, *nl;
	size_t ncap;

	if (s->nlog == s->caplog) {
		ncap = s->caplog ? s->caplog * 2 : 256;
		if ((nl = realloc(s->log, ncap * sizeof(*nl))) == NULL)
			return NULL;
		s->log = nl;
		s->caplog = ncap;
	}
	r = &s->log[s->nlog];
	memset(r, 0, sizeof(*r));
	/* from the store: no malloc per packet on the send/receive paths */
	if ((r->pkt = pktstore_alloc(&s->store, len)) == NULL)
		return NULL;
	memcpy(r->pkt, pkt, len);
	r->len = (uint32_t)len;
	r->dir = dir;
	r->t_us = sess_now(s);
	if (ts != NULL)
		r->ts = *ts;
	else
		s->be->stamp(s, &r->ts);
	if (c != NULL) {
		r->conn_id = c->id;
		memcpy(r->conn, c->name, sizeof(r->conn));
	}
	s->nlog++;
	return r;
}

/* ----- settings: one setter and one printer per key of settab.def */

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
	[S_EXPLAIN] =	{ teach_set_explain, teach_show_explain, 0 },
	[S_QUIZ] =	{ teach_set_quiz, teach_show_quiz, 0 },
	[S_ASCII] =	{ teach_set_ascii, teach_show_ascii, 0 },
};
_Static_assert(sizeof(set_runs) / sizeof(set_runs[0]) == S_NKEYS,
    "a key in settab.def without its row in sess.c");

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
sess_set(struct session *s, const char *key, const char *val,
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
static int
sess_set_defaults(struct session *s)
{
	struct errbuf e;
	int i;

	for (i = 0; i < S_NKEYS; i++)
		if (set_defs[i].dflt != NULL &&
		    sess_set(s, set_defs[i].key, set_defs[i].dflt, &e) != 0)
			return -1;
	return 0;
}

void
sess_print_settings(struct session *s, FILE *f)
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
