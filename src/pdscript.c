/* pdscript.c - a packetdrill script (.pkt) read into events
 *
 * A recursive-descent reader over pdlex's tokens, one token of look-ahead.
 * Each function reads one construct of the language and returns 0, or
 * -1 with the error (line, column, message) in the parser; nothing is
 * printed and nothing is run.  packetdrill's grammar was the guide (its
 * scripts, its documentation); the code is ours.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdlex.h"
#include "pdscript.h"

#define PD_MAXTIME_S	1000000		/* a script time: 11 days */

struct parser {
	struct pdlex	 lx;
	struct pdtok_t	 t;		/* the look-ahead */
	struct pd_err	*err;
};

static int
fail_at(struct parser *P, const struct pdtok_t *t, int unsupported,
    const char *fmt, ...)
{
	va_list ap;

	P->err->line = t->line;
	P->err->col = t->col;
	P->err->unsupported = unsupported;
	va_start(ap, fmt);
	vsnprintf(P->err->msg, sizeof(P->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

#define fail(P, ...)	fail_at((P), &(P)->t, 0, __VA_ARGS__)
#define unsup(P, ...)	fail_at((P), &(P)->t, 1, __VA_ARGS__)

static void
next(struct parser *P)
{
	pdlex_next(&P->lx, &P->t);
}

static int
is_punct(const struct parser *P, int c)
{
	return P->t.kind == PK_PUNCT && P->t.c == c;
}

static int
is_word(const struct parser *P, const char *w)
{
	return P->t.kind == PK_WORD && strlen(w) == P->t.len &&
	    strncmp(P->t.p, w, P->t.len) == 0;
}

/* What the look-ahead is, for "expected X, got Y". */
static const char *
what(const struct parser *P, char *buf, size_t cap)
{
	size_t n = P->t.len < 24 ? P->t.len : 24;

	if (P->t.kind == PK_EOF)
		return "the end of the script";
	if (P->t.kind == PK_BAD)
		return "an unterminated string, comment or block";
	snprintf(buf, cap, "'%.*s'", (int)n, P->t.p);
	return buf;
}

static int
expect_punct(struct parser *P, int c, const char *where)
{
	char b[40];

	if (!is_punct(P, c))
		return fail(P, "expected '%c' %s, got %s", c, where,
		    what(P, b, sizeof(b)));
	next(P);
	return 0;
}

/* An unsigned integer of at most max. */
static int
uint_tok(struct parser *P, uint64_t max, const char *name, uint32_t *v)
{
	char b[40];

	if (P->t.kind != PK_INT && P->t.kind != PK_HEX)
		return fail(P, "expected %s (a number), got %s", name,
		    what(P, b, sizeof(b)));
	if (P->t.num < 0 || (uint64_t)P->t.num > max)
		return fail(P, "%s out of range (0..%llu)", name,
		    (unsigned long long)max);
	*v = (uint32_t)P->t.num;
	next(P);
	return 0;
}

static char *
dup_text(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

/* Seconds as written (3, .1, 0.200) in microseconds. */
static int
seconds(struct parser *P, int64_t *us)
{
	char b[40];
	const char *q;
	int64_t scale = 100000;

	if (P->t.kind == PK_INT) {
		if (P->t.num < 0)
			return fail(P, "negative time");
		if (P->t.num > PD_MAXTIME_S)
			return fail(P, "time too large (at most %d s)",
			    PD_MAXTIME_S);
		*us = P->t.num * 1000000;
	} else if (P->t.kind == PK_FLOAT) {
		if (P->t.p[0] == '-')
			return fail(P, "negative time");
		/* decimal digits to microseconds, the seventh rounding */
		*us = 0;
		for (q = P->t.p; *q != '.'; q++)
			if ((*us = *us * 10 + (*q - '0')) > PD_MAXTIME_S)
				return fail(P, "time too large (at most %d s)",
				    PD_MAXTIME_S);
		*us *= 1000000;
		for (q++; q < P->t.p + P->t.len && scale > 0; q++) {
			*us += (*q - '0') * scale;
			scale /= 10;
		}
		if (q < P->t.p + P->t.len && *q >= '5')
			(*us)++;
	} else
		return fail(P, "expected a time, got %s",
		    what(P, b, sizeof(b)));
	next(P);
	return 0;
}

/* 0.1, +0.1, *, 0.1~0.2 or +0.1~+0.2 */
static int
event_time(struct parser *P, struct pd_event *ev)
{
	int rel = 0;

	if (is_punct(P, '*')) {
		ev->time = PDT_ANY;
		next(P);
		return 0;
	}
	if (is_punct(P, '+')) {
		rel = 1;
		next(P);
	}
	if (seconds(P, &ev->t_us) != 0)
		return -1;
	ev->time = rel ? PDT_REL : PDT_ABS;
	if (!is_punct(P, '~'))
		return 0;
	next(P);
	if (rel && expect_punct(P, '+', "(a relative range is +A~+B)") != 0)
		return -1;
	if (!rel && is_punct(P, '+'))
		return fail(P, "an absolute range is A~B");
	if (seconds(P, &ev->t_end_us) != 0)
		return -1;
	if (ev->t_end_us < ev->t_us)
		return fail_at(P, &P->t, 0, "time range is backwards");
	ev->time = rel ? PDT_REL_RANGE : PDT_ABS_RANGE;
	return 0;
}

/* ---- packets ---- */

/* Flags: letters of FSRPUEW, then '.' for ACK; or '.' alone; or '-'. */
static int
packet_flags(struct parser *P, uint8_t *flags)
{
	static const char letters[] = "FSRPUEW";
	static const uint8_t bits[] = { TH_FIN, TH_SYN, TH_RST, TH_PSH,
	    TH_URG, TH_ECE, TH_CWR };
	const char *c;
	size_t i;
	char b[40];

	*flags = 0;
	if (is_punct(P, '-')) {
		next(P);
		return 0;
	}
	if (P->t.kind == PK_WORD) {
		for (i = 0; i < P->t.len; i++) {
			if (P->t.p[i] == 'A')
				return unsup(P, "unsupported: the AE flag "
				    "(AccECN)");
			if ((c = strchr(letters, P->t.p[i])) == NULL)
				return fail(P, "bad TCP flag '%c' (flags are "
				    "FSRPUEW and . for ACK)", P->t.p[i]);
			*flags |= bits[c - letters];
		}
		next(P);
		if (is_punct(P, '.')) {
			*flags |= TH_ACK;
			next(P);
		}
		return 0;
	}
	if (is_punct(P, '.')) {
		*flags = TH_ACK;
		next(P);
		return 0;
	}
	return fail(P, "expected TCP flags, got %s", what(P, b, sizeof(b)));
}

/* start:end(len) */
static int
packet_seq(struct parser *P, struct pd_packet *p)
{
	uint32_t end;
	struct pdtok_t at = P->t;

	if (uint_tok(P, UINT32_MAX, "the start sequence number",
	    &p->seq) != 0 || expect_punct(P, ':', "after the start "
	    "sequence number") != 0 || uint_tok(P, UINT32_MAX,
	    "the end sequence number", &end) != 0 ||
	    expect_punct(P, '(', "before the payload length") != 0 ||
	    uint_tok(P, 65535, "the payload length", &p->len) != 0 ||
	    expect_punct(P, ')', "after the payload length") != 0)
		return -1;
	if (end != (uint32_t)(p->seq + p->len))
		return fail_at(P, &at, 0, "inconsistent sequence numbers "
		    "and payload size (%u + %u != %u)", p->seq, p->len, end);
	return 0;
}

static int
add_opt(struct parser *P, struct pd_packet *p, struct tcpopt **o)
{
	if (p->nopt == SEG_MAXOPT)
		return fail(P, "TCP option list too long");
	*o = &p->opt[p->nopt++];
	memset(*o, 0, sizeof(**o));
	return 0;
}

static int
sack_blocks(struct parser *P, struct tcpopt *o)
{
	while (P->t.kind == PK_INT) {
		if (o->nsack == SEG_MAXSACK)
			return fail(P, "at most %d SACK blocks", SEG_MAXSACK);
		if (uint_tok(P, UINT32_MAX, "a SACK left edge",
		    &o->u.sack[o->nsack].left) != 0 ||
		    expect_punct(P, ':', "in a SACK block") != 0 ||
		    uint_tok(P, UINT32_MAX, "a SACK right edge",
		    &o->u.sack[o->nsack].right) != 0)
			return -1;
		o->nsack++;
	}
	if (o->nsack == 0)
		return fail(P, "sack needs at least one block L:R");
	o->len = (uint8_t)(2 + 8 * o->nsack);
	return 0;
}

static int
tcp_option(struct parser *P, struct pd_packet *p)
{
	struct tcpopt *o = NULL;
	uint32_t v;
	char b[40];

	if (add_opt(P, p, &o) != 0)
		return -1;
	if (is_word(P, "nop") || is_word(P, "eol")) {
		o->kind = is_word(P, "nop") ? TCPOPT_NOP : TCPOPT_EOL;
		o->len = 1;
		next(P);
		return 0;
	}
	if (is_word(P, "mss")) {
		next(P);
		o->kind = TCPOPT_MSS;
		o->len = 4;
		if (uint_tok(P, 65535, "the MSS", &v) != 0)
			return -1;
		o->u.mss = (uint16_t)v;
		return 0;
	}
	if (is_word(P, "wscale")) {
		next(P);
		o->kind = TCPOPT_WSCALE;
		o->len = 3;
		if (uint_tok(P, 255, "the window scale", &v) != 0)
			return -1;
		o->u.wscale = (uint8_t)v;
		return 0;
	}
	if (is_word(P, "sackOK")) {
		next(P);
		o->kind = TCPOPT_SACKOK;
		o->len = 2;
		return 0;
	}
	if (is_word(P, "sack")) {
		next(P);
		o->kind = TCPOPT_SACK;
		return sack_blocks(P, o);
	}
	if (is_word(P, "TS")) {
		next(P);
		o->kind = TCPOPT_TS;
		o->len = 10;
		if (!is_word(P, "val"))
			return fail(P, "expected 'val' after TS");
		next(P);
		if (uint_tok(P, UINT32_MAX, "the TS value", &o->u.ts.val) != 0)
			return -1;
		if (!is_word(P, "ecr"))
			return fail(P, "expected 'ecr' after the TS value");
		next(P);
		return uint_tok(P, UINT32_MAX, "the TS echo reply",
		    &o->u.ts.ecr);
	}
	if (is_word(P, "FO") || is_word(P, "FOEXP"))
		return unsup(P, "unsupported: TCP Fast Open option");
	if (is_word(P, "md5"))
		return unsup(P, "unsupported: TCP MD5 option");
	if (is_word(P, "ECN") || is_word(P, "exp") || is_word(P, "mptcp"))
		return unsup(P, "unsupported: TCP option %s",
		    what(P, b, sizeof(b)));
	return fail(P, "unknown TCP option %s", what(P, b, sizeof(b)));
}

static int
tcp_options(struct parser *P, struct pd_packet *p)
{
	if (!is_punct(P, '<'))
		return 0;
	next(P);
	if (P->t.kind == PK_ELLIPSIS) {
		p->has |= PDP_ANYOPT;
		next(P);
		return expect_punct(P, '>', "after <...");
	}
	for (;;) {
		if (tcp_option(P, p) != 0)
			return -1;
		if (!is_punct(P, ','))
			break;
		next(P);
	}
	return expect_punct(P, '>', "at the end of the options");
}

/* (ttl N) before the flags; the rest of the IP field syntax (tos, ECN
 * codepoints, flow labels) is refused as unsupported. */
static int
ip_info(struct parser *P, struct pd_packet *p)
{
	uint32_t v;
	int close = is_punct(P, '(') ? ')' : ']';

	next(P);
	if (!is_word(P, "ttl"))
		return unsup(P, "unsupported: IP fields other than ttl");
	next(P);
	if (uint_tok(P, 255, "the TTL", &v) != 0)
		return -1;
	p->ttl = (uint8_t)v;
	p->has |= PDP_TTL;
	return expect_punct(P, close, "after the IP fields");
}

static int
packet(struct parser *P, struct pd_event *ev)
{
	struct pd_packet *p = &ev->pkt;
	uint32_t v;

	ev->kind = PDE_PACKET;
	p->inbound = is_punct(P, '<');
	next(P);
	if ((is_punct(P, '(') || is_punct(P, '[')) && ip_info(P, p) != 0)
		return -1;
	if (is_word(P, "udp") || is_word(P, "icmp") || is_word(P, "ipv4") ||
	    is_word(P, "ipv6") || is_word(P, "encap") || is_word(P, "gre") ||
	    is_word(P, "mpls"))
		return unsup(P, "unsupported: %.*s packets", (int)P->t.len,
		    P->t.p);
	if (P->t.kind == PK_INT && P->lx.p[0] == '>') {	/* sport>dport */
		if (uint_tok(P, 65535, "the source port", &v) != 0)
			return -1;
		p->sport = (uint16_t)v;
		next(P);	/* '>' */
		if (uint_tok(P, 65535, "the destination port", &v) != 0)
			return -1;
		p->dport = (uint16_t)v;
		p->has |= PDP_PORTS;
	}
	if (packet_flags(P, &p->flags) != 0 || packet_seq(P, p) != 0)
		return -1;
	if (is_word(P, "ack")) {
		next(P);
		if (uint_tok(P, UINT32_MAX, "the ack number", &p->ack) != 0)
			return -1;
	}
	if (is_word(P, "win")) {
		next(P);
		if (uint_tok(P, 65535, "the window", &v) != 0)
			return -1;
		p->win = (uint16_t)v;
		p->has |= PDP_WIN;
	}
	if (is_word(P, "urg")) {
		next(P);
		if (uint_tok(P, 65535, "the urgent pointer", &v) != 0)
			return -1;
		p->urg = (uint16_t)v;
		p->has |= PDP_URG;
	}
	if (p->inbound && !(p->has & PDP_WIN))
		return fail(P, "an inbound packet needs its window (win N)");
	return tcp_options(P, p);
}

/* ---- system calls ---- */

static void
expr_free(struct pd_expr *x)
{
	int i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nkid; i++)
		expr_free(x->kid[i]);
	free(x->kid);
	free(x->text);
	free(x);
}

static struct pd_expr *
expr_new(struct parser *P, enum pd_expr_kind kind)
{
	struct pd_expr *x = calloc(1, sizeof(*x));

	if (x == NULL) {
		fail(P, "out of memory");
		return NULL;
	}
	x->kind = kind;
	x->line = P->t.line;
	x->col = P->t.col;
	return x;
}

static int
expr_add(struct parser *P, struct pd_expr *x, struct pd_expr *kid)
{
	struct pd_expr **k;

	if ((k = realloc(x->kid, (x->nkid + 1) * sizeof(*k))) == NULL) {
		expr_free(kid);
		return fail(P, "out of memory");
	}
	x->kid = k;
	x->kid[x->nkid++] = kid;
	return 0;
}

static int expr(struct parser *, struct pd_expr **);

/* Expressions separated by ',' up to close; into x's kids. */
static int
expr_list(struct parser *P, struct pd_expr *x, int close)
{
	struct pd_expr *kid;
	char where[32];

	if (is_punct(P, close)) {
		next(P);
		return 0;
	}
	for (;;) {
		if (expr(P, &kid) != 0 || expr_add(P, x, kid) != 0)
			return -1;
		if (!is_punct(P, ','))
			break;
		next(P);
	}
	snprintf(where, sizeof(where), "or ','");
	return expect_punct(P, close, where);
}

static int
primary(struct parser *P, struct pd_expr **out)
{
	struct pd_expr *x = NULL, *kid;
	char b[40];
	int c;

	*out = NULL;
	switch (P->t.kind) {
	case PK_ELLIPSIS:
		if ((x = expr_new(P, PDX_ELLIPSIS)) == NULL)
			return -1;
		next(P);
		break;
	case PK_INT:
	case PK_HEX:
		if ((x = expr_new(P, PDX_INT)) == NULL)
			return -1;
		x->num = P->t.num;
		next(P);
		break;
	case PK_STR:
		if ((x = expr_new(P, PDX_STR)) == NULL ||
		    (x->text = dup_text(P->t.body, P->t.bodylen)) == NULL)
			goto nomem;
		next(P);
		if (P->t.kind == PK_ELLIPSIS)	/* "abc"... */
			next(P);
		break;
	case PK_WORD:
		if ((x = expr_new(P, PDX_WORD)) == NULL ||
		    (x->text = dup_text(P->t.p, P->t.len)) == NULL)
			goto nomem;
		next(P);
		if (is_punct(P, '(')) {		/* htons(8080) */
			next(P);
			x->kind = PDX_CALL;
			if (expr_list(P, x, ')') != 0)
				goto err;
		}
		if (is_punct(P, '=')) {		/* name=value, and
						 * msg_iov(1)=[...]: the call's
						 * arguments after the value */
			next(P);
			if (expr(P, &kid) != 0)
				goto err;
			if (x->kind == PDX_CALL) {
				if (expr_add(P, x, kid) != 0)
					goto err;
				/* the value first, as for name=value */
				kid = x->kid[x->nkid - 1];
				memmove(x->kid + 1, x->kid, (size_t)(x->nkid -
				    1) * sizeof(x->kid[0]));
				x->kid[0] = kid;
			} else if (expr_add(P, x, kid) != 0)
				goto err;
			x->kind = PDX_ASSIGN;
		}
		break;
	case PK_PUNCT:
		if (P->t.c != '[' && P->t.c != '{')
			goto bad;
		c = P->t.c;
		if ((x = expr_new(P, c == '[' ? PDX_LIST : PDX_STRUCT)) ==
		    NULL)
			return -1;
		next(P);
		if (expr_list(P, x, c == '[' ? ']' : '}') != 0)
			goto err;
		break;
	default:
		goto bad;
	}
	*out = x;
	return 0;
bad:
	return fail(P, "expected an expression, got %s",
	    what(P, b, sizeof(b)));
nomem:
	fail(P, "out of memory");
err:
	expr_free(x);
	return -1;
}

/* a | b | c */
static int
expr(struct parser *P, struct pd_expr **out)
{
	struct pd_expr *x, *or, *rhs;

	if (primary(P, &x) != 0)
		return -1;
	while (is_punct(P, '|')) {
		next(P);
		if ((or = expr_new(P, PDX_OR)) == NULL) {
			expr_free(x);
			return -1;
		}
		if (expr_add(P, or, x) != 0 || primary(P, &rhs) != 0 ||
		    expr_add(P, or, rhs) != 0) {
			expr_free(or);
			return -1;
		}
		x = or;
	}
	*out = x;
	return 0;
}

static int
syscall(struct parser *P, struct pd_event *ev)
{
	struct pd_syscall *sc = &ev->sc;
	struct pd_expr args;
	int line;
	char b[40];

	ev->kind = PDE_SYSCALL;
	if (P->t.kind == PK_ELLIPSIS) {		/* ...END: blocking */
		next(P);
		sc->blocking = 1;
		if (seconds(P, &sc->end_us) != 0)
			return -1;
	}
	if (P->t.kind != PK_WORD)
		return fail(P, "expected a system call, got %s",
		    what(P, b, sizeof(b)));
	if ((sc->name = dup_text(P->t.p, P->t.len)) == NULL)
		return fail(P, "out of memory");
	next(P);
	if (expect_punct(P, '(', "after the system call's name") != 0)
		return -1;
	memset(&args, 0, sizeof(args));
	if (expr_list(P, &args, ')') != 0) {
		sc->args = args.kid;
		sc->nargs = args.nkid;
		return -1;
	}
	sc->args = args.kid;
	sc->nargs = args.nkid;
	if (expect_punct(P, '=', "before the system call's result") != 0 ||
	    expr(P, &sc->result) != 0)
		return -1;
	line = sc->result->line;
	/* -1 EAGAIN (Resource temporarily unavailable): the errno's name
	 * and its text, on the result's line */
	if (P->t.kind == PK_WORD && P->t.line == line) {
		if ((sc->err = dup_text(P->t.p, P->t.len)) == NULL)
			return fail(P, "out of memory");
		next(P);
	}
	if (is_punct(P, '(') && P->t.line == line) {
		while (!is_punct(P, ')')) {
			if (P->t.kind == PK_EOF || P->t.kind == PK_BAD ||
			    P->t.line != line)
				return fail(P, "unterminated '(' note after "
				    "the result");
			next(P);
		}
		next(P);
	}
	return 0;
}

static int
action(struct parser *P, struct pd_event *ev)
{
	char b[40];

	if (is_punct(P, '<') || is_punct(P, '>'))
		return packet(P, ev);
	if (P->t.kind == PK_BACKQ || P->t.kind == PK_CODE) {
		const char *tx = P->t.body;
		size_t n = P->t.bodylen;

		ev->kind = P->t.kind == PK_BACKQ ? PDE_SHELL : PDE_CODE;
		/* a block's text without the blanks that pad it inside the
		 * braces: " assert x " is python's "assert x" */
		while (ev->kind == PDE_CODE && n > 0 && (*tx == ' ' ||
		    *tx == '\t')) {
			tx++;
			n--;
		}
		while (ev->kind == PDE_CODE && n > 0 && (tx[n - 1] == ' ' ||
		    tx[n - 1] == '\t'))
			n--;
		if ((ev->text = dup_text(tx, n)) == NULL)
			return fail(P, "out of memory");
		next(P);
		return 0;
	}
	if (P->t.kind == PK_WORD || P->t.kind == PK_ELLIPSIS)
		return syscall(P, ev);
	return fail(P, "expected a packet, a system call, a `command` or "
	    "a %%{ }%% block, got %s", what(P, b, sizeof(b)));
}

/* The checks packetdrill makes once the event is read. */
static int
event_check(struct parser *P, const struct pd_event *ev, int first)
{
	struct pdtok_t at = P->t;

	at.line = ev->line;
	at.col = ev->col;
	if (first && ((ev->time != PDT_ABS && ev->time != PDT_REL) ||
	    ev->t_us != 0))
		return fail_at(P, &at, 0, "the first event must be at time 0");
	if ((ev->time == PDT_ANY || ev->time == PDT_ABS_RANGE ||
	    ev->time == PDT_REL_RANGE) && (ev->kind != PDE_PACKET ||
	    ev->pkt.inbound))
		return fail_at(P, &at, 0, "'*' and time ranges are for "
		    "outbound packets only");
	if (ev->kind == PDE_SYSCALL && ev->sc.blocking) {
		if (ev->time != PDT_ABS && ev->time != PDT_REL)
			return fail_at(P, &at, 0, "a blocking call needs a "
			    "start time");
		if (ev->sc.end_us < ev->t_us)
			return fail_at(P, &at, 0, "time range is backwards");
	}
	return 0;
}

static int
event(struct parser *P, struct pd_script *sc)
{
	struct pd_event *ev;

	if ((ev = realloc(sc->ev, (sc->nev + 1) * sizeof(*ev))) == NULL)
		return fail(P, "out of memory");
	sc->ev = ev;
	ev = &sc->ev[sc->nev++];
	memset(ev, 0, sizeof(*ev));
	ev->line = P->t.line;
	ev->col = P->t.col;
	if (event_time(P, ev) != 0 || action(P, ev) != 0)
		return -1;
	ev->sc.end_type = ev->time == PDT_REL ? PDT_REL : PDT_ABS;
	return event_check(P, ev, sc->nev == 1);
}

/* --name=value */
static int
option(struct parser *P, struct pd_script *sc)
{
	struct pd_option *o;
	const char *vp;
	size_t vlen;
	char b[40];

	if ((o = realloc(sc->opt, (sc->nopt + 1) * sizeof(*o))) == NULL)
		return fail(P, "out of memory");
	sc->opt = o;
	o = &sc->opt[sc->nopt];
	memset(o, 0, sizeof(*o));
	o->line = P->t.line;
	if ((o->name = dup_text(P->t.body, P->t.bodylen)) == NULL)
		return fail(P, "out of memory");
	sc->nopt++;
	next(P);
	if (!is_punct(P, '=')) {	/* --strict_segments: a flag */
		if ((o->value = dup_text("1", 1)) == NULL)
			return fail(P, "out of memory");
		return 0;
	}
	next(P);
	/* the value: a quoted string, or the text up to the next blank
	 * (fd::1, 192.0.2.1/24: whatever the option takes) */
	if (P->t.kind == PK_STR) {
		vp = P->t.body;
		vlen = P->t.bodylen;
	} else if (P->t.kind != PK_EOF && P->t.kind != PK_BAD &&
	    P->t.line == o->line) {
		vp = P->t.p;
		for (vlen = 0; vp[vlen] != '\0' && !isspace((unsigned char)
		    vp[vlen]); vlen++)
			;
		P->lx.p = vp + vlen;	/* on the same line: no newline */
	} else
		return fail(P, "expected the option's value, got %s",
		    what(P, b, sizeof(b)));
	if ((o->value = dup_text(vp, vlen)) == NULL)
		return fail(P, "out of memory");
	next(P);
	return 0;
}

static int
shell_line(struct parser *P, char **cmd, int *line)
{
	*line = P->t.line;
	if ((*cmd = dup_text(P->t.body, P->t.bodylen)) == NULL)
		return fail(P, "out of memory");
	next(P);
	return 0;
}

int
pd_script_parse(const char *text, struct pd_script *sc, struct pd_err *err)
{
	struct parser P;
	char b[40];

	memset(sc, 0, sizeof(*sc));
	memset(err, 0, sizeof(*err));
	memset(&P, 0, sizeof(P));
	P.err = err;
	pdlex_init(&P.lx, text);
	next(&P);
	while (P.t.kind == PK_OPTION)
		if (option(&P, sc) != 0)
			return -1;
	if (P.t.kind == PK_BACKQ &&
	    shell_line(&P, &sc->init_cmd, &sc->init_line) != 0)
		return -1;
	while (P.t.kind != PK_EOF) {
		if (P.t.kind == PK_BACKQ && sc->nev > 0) {
			if (shell_line(&P, &sc->cleanup_cmd,
			    &sc->cleanup_line) != 0)
				return -1;
			if (P.t.kind != PK_EOF)
				return fail(&P, "expected the end of the "
				    "script after the cleanup command, got %s",
				    what(&P, b, sizeof(b)));
			break;
		}
		if (P.t.kind == PK_OPTION)
			return fail(&P, "options go before the first event");
		if (event(&P, sc) != 0)
			return -1;
	}
	if (sc->nev == 0 && P.t.kind == PK_EOF && sc->init_cmd == NULL)
		return fail(&P, "no events in the script");
	return 0;
}

void
pd_script_free(struct pd_script *sc)
{
	int i, j;

	for (i = 0; i < sc->nopt; i++) {
		free(sc->opt[i].name);
		free(sc->opt[i].value);
	}
	free(sc->opt);
	for (i = 0; i < sc->nev; i++) {
		struct pd_event *ev = &sc->ev[i];

		free(ev->text);
		free(ev->sc.name);
		free(ev->sc.err);
		for (j = 0; j < ev->sc.nargs; j++)
			expr_free(ev->sc.args[j]);
		free(ev->sc.args);
		expr_free(ev->sc.result);
	}
	free(sc->ev);
	free(sc->init_cmd);
	free(sc->cleanup_cmd);
	memset(sc, 0, sizeof(*sc));
}

size_t
pd_opt_str(const struct tcpopt *o, char *buf, size_t cap)
{
	size_t n = 0;
	int i;

	switch (o->kind) {
	case TCPOPT_NOP:
		return (size_t)snprintf(buf, cap, "nop");
	case TCPOPT_EOL:
		return (size_t)snprintf(buf, cap, "eol");
	case TCPOPT_MSS:
		return (size_t)snprintf(buf, cap, "mss %u", o->u.mss);
	case TCPOPT_WSCALE:
		return (size_t)snprintf(buf, cap, "wscale %u", o->u.wscale);
	case TCPOPT_SACKOK:
		return (size_t)snprintf(buf, cap, "sackOK");
	case TCPOPT_TS:
		return (size_t)snprintf(buf, cap, "TS val %u ecr %u",
		    o->u.ts.val, o->u.ts.ecr);
	case TCPOPT_SACK:
		n = (size_t)snprintf(buf, cap, "sack");
		for (i = 0; i < o->nsack && n < cap; i++)
			n += (size_t)snprintf(buf + n, cap - n, " %u:%u",
			    o->u.sack[i].left, o->u.sack[i].right);
		return n;
	default:
		return (size_t)snprintf(buf, cap, "kind %u len %u", o->kind,
		    o->len);
	}
}

char *
pd_packet_str(const struct pd_packet *p, char *buf, size_t cap)
{
	static const char letters[] = "FSRPUEW";
	static const uint8_t bits[] = { TH_FIN, TH_SYN, TH_RST, TH_PSH,
	    TH_URG, TH_ECE, TH_CWR };
	size_t n = 0, i;
	int k;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
#define ADD(...) do { if (n < cap) n += (size_t)snprintf(buf + n,	\
	    cap - n, __VA_ARGS__); } while (0)
	for (i = 0; i < sizeof(bits); i++)
		if (p->flags & bits[i])
			ADD("%c", letters[i]);
	if (p->flags & TH_ACK)
		ADD(".");
	if (p->flags == 0)
		ADD("-");
	ADD(" %u:%u(%u)", p->seq, (uint32_t)(p->seq + p->len), p->len);
	if (p->flags & TH_ACK)
		ADD(" ack %u", p->ack);
	if (p->has & PDP_WIN)
		ADD(" win %u", p->win);
	if (p->has & PDP_URG)
		ADD(" urg %u", p->urg);
	if (p->has & PDP_ANYOPT)
		ADD(" <...>");
	else if (p->nopt > 0) {
		ADD(" <");
		for (k = 0; k < p->nopt; k++) {
			if (k > 0)
				ADD(",");
			if (n < cap)
				n += pd_opt_str(&p->opt[k], buf + n, cap - n);
		}
		ADD(">");
	}
#undef ADD
	return buf;
}
