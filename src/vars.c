/* vars.c - named values captured from arrived segments
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Substitution is textual and happens before a line is lexed, so a value
 * can stand anywhere a word can (a port in "connect 127.0.0.1:$s.sport",
 * an ack override, a pattern) without every parser learning about names.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "vars.h"

#define VARS_MAX	256
#define VARS_NAMELEN	32

enum vfield {
	VF_SEQ, VF_ACK, VF_RAWSEQ, VF_RAWACK, VF_WIN, VF_LEN, VF_URG,
	VF_FLAGS, VF_SPORT, VF_DPORT, VF_SRC, VF_DST, VF_TTL, VF_ID, VF_TOS,
	VF_MSS, VF_WSCALE, VF_TSVAL, VF_TSECR, VF_N
};

const char *const vars_fields[] = {
	"seq", "ack", "rawseq", "rawack", "win", "len", "urg", "flags",
	"sport", "dport", "src", "dst", "ttl", "id", "tos", "mss", "wscale",
	"tsval", "tsecr", NULL
};

struct var {
	char		name[VARS_NAMELEN];
	int		set;		/* captured (not only declared) */
	uint32_t	have;		/* 1 << VF_* present in the segment */
	uint32_t	val[VF_N];
};

struct vars {
	struct var	v[VARS_MAX];
	int		n;
};

struct vars *
vars_new(void)
{
	return calloc(1, sizeof(struct vars));
}

void
vars_free(struct vars *v)
{
	free(v);
}

static struct var *
find(const struct vars *v, const char *name, size_t len)
{
	int i;

	for (i = 0; i < v->n; i++)
		if (strlen(v->v[i].name) == len &&
		    strncmp(v->v[i].name, name, len) == 0)
			return (struct var *)&v->v[i];
	return NULL;
}

static struct var *
get_slot(struct vars *v, const char *name)
{
	struct var *x;
	size_t len = strlen(name);

	if (len == 0 || len >= VARS_NAMELEN)
		return NULL;
	if ((x = find(v, name, len)) != NULL)
		return x;
	if (v->n == VARS_MAX)
		return NULL;
	x = &v->v[v->n++];
	memset(x, 0, sizeof(*x));
	memcpy(x->name, name, len + 1);
	return x;
}

int
vars_declare(struct vars *v, const char *name)
{
	return get_slot(v, name) == NULL ? -1 : 0;
}

int
vars_capture(struct vars *v, const char *name, const struct seg *g,
    const struct print_ctx *pc)
{
	struct var *x;
	int i, rel = pc != NULL && pc->relative;

	if ((x = get_slot(v, name)) == NULL)
		return -1;
	x->set = 1;
	x->have = (1u << VF_TSVAL) - 1;	/* all but the options */
	x->val[VF_SEQ] = rel ? g->seq - pc->seq_base : g->seq;
	x->val[VF_ACK] = rel ? g->ack - pc->ack_base : g->ack;
	x->val[VF_RAWSEQ] = g->seq;
	x->val[VF_RAWACK] = g->ack;
	x->val[VF_WIN] = g->win;
	x->val[VF_LEN] = g->datalen;
	x->val[VF_URG] = g->urp;
	x->val[VF_FLAGS] = g->flags;
	x->val[VF_SPORT] = g->sport;
	x->val[VF_DPORT] = g->dport;
	x->val[VF_SRC] = g->saddr;
	x->val[VF_DST] = g->daddr;
	x->val[VF_TTL] = g->ttl;
	x->val[VF_ID] = g->id;
	x->val[VF_TOS] = g->tos;
	x->have &= ~((1u << VF_MSS) | (1u << VF_WSCALE));
	for (i = 0; i < g->nopt && i < SEG_MAXOPT; i++) {
		const struct tcpopt *o = &g->opt[i];

		if (o->bad || o->raw)
			continue;
		if (o->kind == TCPOPT_MSS) {
			x->val[VF_MSS] = o->u.mss;
			x->have |= 1u << VF_MSS;
		} else if (o->kind == TCPOPT_WSCALE) {
			x->val[VF_WSCALE] = o->u.wscale;
			x->have |= 1u << VF_WSCALE;
		} else if (o->kind == TCPOPT_TS) {
			x->val[VF_TSVAL] = o->u.ts.val;
			x->val[VF_TSECR] = o->u.ts.ecr;
			x->have |= 1u << VF_TSVAL | 1u << VF_TSECR;
		}
	}
	return 0;
}

static int
field_of(const char *s, size_t len)
{
	int i;

	for (i = 0; vars_fields[i] != NULL; i++)
		if (strlen(vars_fields[i]) == len &&
		    strncmp(vars_fields[i], s, len) == 0)
			return i;
	return -1;
}

static int
is_namech(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Appends to a growing buffer; the caller checks *buf for NULL. */
static void
put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	char *nb;

	if (*buf == NULL)
		return;
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		if ((nb = realloc(*buf, *cap)) == NULL) {
			free(*buf);
			*buf = NULL;
			return;
		}
		*buf = nb;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

static void
format_val(char *out, size_t cap, int f, uint32_t v)
{
	char tmp[16];

	if (f == VF_SRC || f == VF_DST)
		snprintf(out, cap, "%s", print_addr(v, tmp));
	else if (f == VF_FLAGS)
		snprintf(out, cap, "%s", print_flags((uint8_t)v, tmp));
	else
		snprintf(out, cap, "%u", v);
}

/* "$name.field[+N|-N]" at p (p[0] == '$'); returns its length, with the
 * replacement in out, or -1 with e set. */
static int
one_ref(const struct vars *v, const char *line, const char *p, int check,
    char *out, size_t cap, struct errbuf *e)
{
	const char *q = p + 1, *nm, *fd;
	const struct var *x;
	size_t nlen, flen;
	unsigned long adj = 0;
	uint32_t val;
	char *end;
	int col = (int)(p - line) + 1, f, sign = 0;

	nm = q;
	while (is_namech((unsigned char)*q) && *q != '.')
		q++;
	nlen = (size_t)(q - nm);
	if (nlen == 0)
		return err_set(e, col, "'$' starts a name: $NAME.FIELD (and $$ "
		    "is a '$')");
	if (*q != '.')
		return err_set(e, col, "$%.*s needs a field, e.g. $%.*s.seq",
		    (int)nlen, nm, (int)nlen, nm);
	fd = ++q;
	while (isalnum((unsigned char)*q))
		q++;
	flen = (size_t)(q - fd);
	if ((f = field_of(fd, flen)) < 0)
		return err_set(e, col + (int)(fd - p), "no field '%.*s' (seq "
		    "ack rawseq rawack win len urg flags sport dport src dst "
		    "ttl id tos mss wscale tsval tsecr)", (int)flen, fd);
	if ((*q == '+' || *q == '-') && isdigit((unsigned char)q[1])) {
		sign = *q == '-' ? -1 : 1;
		adj = strtoul(q + 1, &end, 10);
		if (adj > 0xffffffffUL)
			return err_set(e, col, "offset too large");
		q = end;
		if (f == VF_SRC || f == VF_DST || f == VF_FLAGS)
			return err_set(e, col, "no arithmetic on %s",
			    vars_fields[f]);
	}
	if ((x = find(v, nm, nlen)) == NULL)
		return err_set(e, col, "$%.*s is not defined: capture it first "
		    "with 'expect PATTERN as %.*s'", (int)nlen, nm, (int)nlen,
		    nm);
	if (check) {
		/* stands in for the value so the line parses as it will */
		if (f == VF_SRC || f == VF_DST)
			snprintf(out, cap, "127.0.0.1");
		else if (f == VF_FLAGS)
			snprintf(out, cap, ".");
		else
			snprintf(out, cap, "1");
		return (int)(q - p);
	}
	if (!x->set)
		return err_set(e, col, "$%s has no value: the expect that "
		    "captures it has not matched", x->name);
	if (!(x->have & (1u << f)))
		return err_set(e, col, "$%s.%s: the segment had no %s option",
		    x->name, vars_fields[f], f == VF_MSS ? "mss" :
		    f == VF_WSCALE ? "wscale" : "TS");
	val = x->val[f];
	if (sign > 0)
		val += (uint32_t)adj;
	else if (sign < 0)
		val -= (uint32_t)adj;
	format_val(out, cap, f, val);
	return (int)(q - p);
}

int
vars_has_ref(const char *line)
{
	int inq = 0;
	const char *p;

	for (p = line; *p != '\0'; p++) {
		if (inq) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				inq = 0;
			continue;
		}
		if (*p == '"')
			inq = 1;
		else if (*p == '#')
			return 0;
		else if (*p == '$')
			return 1;
	}
	return 0;
}

int
vars_expand(const struct vars *v, const char *line, int check, char **out,
    struct errbuf *e)
{
	static const struct vars empty;
	const char *p, *run;
	char val[32];
	size_t len = 0, cap = strlen(line) + 64;
	int inq = 0, n;

	if (v == NULL)
		v = &empty;
	if ((*out = malloc(cap)) == NULL)
		return err_set(e, 0, "out of memory");
	(*out)[0] = '\0';
	for (p = run = line; *p != '\0'; p++) {
		if (inq) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				inq = 0;
			continue;
		}
		if (*p == '"') {
			inq = 1;
			continue;
		}
		if (*p == '#')
			break;		/* a comment is left as it is */
		if (*p != '$')
			continue;
		put(out, &len, &cap, run, (size_t)(p - run));
		if (p[1] == '$') {
			put(out, &len, &cap, "$", 1);
			run = ++p + 1;
			continue;
		}
		if ((n = one_ref(v, line, p, check, val, sizeof(val), e)) < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		put(out, &len, &cap, val, strlen(val));
		p += n - 1;
		run = p + 1;
	}
	put(out, &len, &cap, run, strlen(run));
	if (*out == NULL)
		return err_set(e, 0, "out of memory");
	return 0;
}

int
vars_get(const struct vars *v, const char *name, const char *field,
    char *buf, size_t cap)
{
	const struct var *x;
	int f;

	if (v == NULL || (x = find(v, name, strlen(name))) == NULL || !x->set)
		return -1;
	if ((f = field_of(field, strlen(field))) < 0 || !(x->have & (1u << f)))
		return -1;
	format_val(buf, cap, f, x->val[f]);
	return 0;
}
