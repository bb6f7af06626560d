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
#include "segspec.h"
#include "tcpopt.h"
#include "vars.h"

#define VARS_MAX	256
#define VARS_NAMELEN	32
#define VARS_ADDR6	3	/* src, dst, from */

struct var {
	char		name[VARS_NAMELEN];
	int		set;		/* captured (not only declared) */
	uint64_t	have;		/* 1 << row present in the segment */
	uint32_t	val[SEGFIELD_MAX];	/* by row of segfields[] */
	/* an address row's IPv6 value: no one number, so apart */
	struct {
		size_t		row;
		struct ipaddr	a;
	}		a6[VARS_ADDR6];
	int		na6;
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

/* Keeps a as the value of row; an IPv4 address is its number. */
static int
keep_addr(struct var *x, size_t row, const struct ipaddr *a)
{
	int i;

	x->have |= 1ull << row;
	for (i = 0; i < x->na6 && x->a6[i].row != row; i++)
		;
	if (a->af != AF_INET6) {
		x->val[row] = a->v4;
		if (i < x->na6)		/* no longer IPv6 */
			x->a6[i] = x->a6[--x->na6];
		return 0;
	}
	if (i == VARS_ADDR6)
		return -1;
	x->a6[i].row = row;
	x->a6[i].a = *a;
	if (i == x->na6)
		x->na6++;
	return 0;
}

static const struct ipaddr *
addr6_of(const struct var *x, size_t row)
{
	int i;

	for (i = 0; i < x->na6; i++)
		if (x->a6[i].row == row)
			return &x->a6[i].a;
	return NULL;
}

/* The value of row as text: an IPv6 address kept apart, or the number
 * as the row's kind formats it (adj added). */
static void
format_row(const struct var *x, const struct segfield *f, uint32_t adj,
    char *out, size_t cap)
{
	const struct ipaddr *a6;
	size_t row = (size_t)(f - segfields);

	if (f->kind == VK_ADDR && (a6 = addr6_of(x, row)) != NULL)
		ipaddr_str(a6, out, cap);
	else
		segfield_format(f, x->val[row] + adj, out, cap);
}

int
vars_capture(struct vars *v, const char *name, const struct seg *g,
    const struct print_ctx *pc)
{
	const struct segfield *f;
	struct ipaddr a;
	struct var *x;
	size_t row;

	if ((x = get_slot(v, name)) == NULL)
		return -1;
	x->set = 1;
	x->have = 0;
	x->na6 = 0;
	for (f = segfields; f->name != NULL; f++) {
		if (!(f->use & SF_VAR))
			continue;
		row = (size_t)(f - segfields);
		if (f->kind == VK_ADDR && segfield_get_addr(f, g, &a) == 0)
			(void)keep_addr(x, row, &a);
		else if (segfield_get(f, g, pc, &x->val[row]) == 0)
			x->have |= 1ull << row;
	}
	return 0;
}

int
vars_put(struct vars *v, const char *name, const char *field, uint32_t val)
{
	const struct segfield *f;
	struct var *x;

	if ((f = segfield_lookup(field, strlen(field), SF_VAR)) == NULL ||
	    (x = find(v, name, strlen(name))) == NULL || !x->set)
		return -1;
	x->val[f - segfields] = val;
	x->have |= 1ull << (f - segfields);
	return 0;
}

int
vars_put_addr(struct vars *v, const char *name, const char *field,
    const struct ipaddr *a)
{
	const struct segfield *f;
	struct var *x;

	if ((f = segfield_lookup(field, strlen(field), SF_VAR)) == NULL ||
	    f->kind != VK_ADDR || (x = find(v, name, strlen(name))) == NULL ||
	    !x->set)
		return -1;
	return keep_addr(x, (size_t)(f - segfields), a);
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

/* "$name.field[+N|-N]" at p (p[0] == '$'); returns its length, with the
 * replacement in out, or -1 with e set. */
static int
one_ref(const struct vars *v, const char *line, const char *p, int check,
    char *out, size_t cap, struct errbuf *e)
{
	const char *q = p + 1, *nm, *fd;
	const struct segfield *f;
	const struct var *x;
	size_t nlen, flen, row;
	unsigned long adj = 0;
	uint32_t val;
	char *end, names[256];
	int col = (int)(p - line) + 1, sign = 0;

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
	if ((f = segfield_lookup(fd, flen, SF_VAR)) == NULL) {
		segfield_names(names, sizeof(names), SF_VAR, " ");
		return err_set(e, col + (int)(fd - p), "no field '%.*s' (%s)",
		    (int)flen, fd, names);
	}
	row = (size_t)(f - segfields);
	if ((*q == '+' || *q == '-') && isdigit((unsigned char)q[1])) {
		sign = *q == '-' ? -1 : 1;
		adj = strtoul(q + 1, &end, 10);
		if (adj > 0xffffffffUL)
			return err_set(e, col, "offset too large");
		q = end;
		if (f->kind == VK_ADDR || f->kind == VK_FLAGS)
			return err_set(e, col, "no arithmetic on %s", f->name);
	}
	if ((x = find(v, nm, nlen)) == NULL)
		return err_set(e, col, "$%.*s is not defined: capture it first "
		    "with 'expect PATTERN as %.*s'", (int)nlen, nm, (int)nlen,
		    nm);
	if (check) {
		/* stands in for the value so the line parses as it will;
		 * an address in brackets is IPv6's ("[$a.src]:80") */
		if (f->kind == VK_ADDR && p > line && p[-1] == '[')
			snprintf(out, cap, "::1");
		else
			segfield_format(f, f->kind == VK_ADDR ? 0x7f000001 :
			    f->kind == VK_FLAGS ? TH_ACK : 1, out, cap);
		return (int)(q - p);
	}
	if (!x->set)
		return err_set(e, col, "$%s has no value: the expect that "
		    "captures it has not matched", x->name);
	if (!(x->have & (1ull << row)))
		return err_set(e, col, "$%s.%s: the segment had no %s option",
		    x->name, f->name, tcpopt_name(segfield_opt(f)));
	val = sign > 0 ? (uint32_t)adj : sign < 0 ? -(uint32_t)adj : 0;
	format_row(x, f, val, out, cap);
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
	const struct segfield *f;
	const struct var *x;
	size_t row;

	if (v == NULL || (x = find(v, name, strlen(name))) == NULL || !x->set)
		return -1;
	if ((f = segfield_lookup(field, strlen(field), SF_VAR)) == NULL)
		return -1;
	row = (size_t)(f - segfields);
	if (!(x->have & (1ull << row)))
		return -1;
	format_row(x, f, 0, buf, cap);
	return 0;
}
