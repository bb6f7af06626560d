/* pdlex.c - the tokens of a packetdrill script, with line and column
 *
 * The token classes follow the language as its scripts use it: numbers
 * (decimal, hex, with a fraction), words, dotted IPv4 addresses, quoted
 * strings, backtick shell lines, %{ }% blocks, --options and single
 * punctuation characters.  "..." is one token; so is ".1" (a time), while
 * a lone "." is the ACK flag.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pdlex.h"

void
pdlex_init(struct pdlex *lx, const char *text)
{
	lx->s = lx->p = lx->bol = text;
	lx->line = 1;
}

static void
advance(struct pdlex *lx, size_t n)
{
	while (n-- > 0 && *lx->p != '\0') {
		if (*lx->p++ == '\n') {
			lx->line++;
			lx->bol = lx->p;
		}
	}
}

/* White space and comments; -1 at an unterminated C comment. */
static int
skip_blank(struct pdlex *lx)
{
	for (;;) {
		if (isspace((unsigned char)*lx->p))
			advance(lx, 1);
		else if (lx->p[0] == '/' && lx->p[1] == '/') {
			while (*lx->p != '\0' && *lx->p != '\n')
				advance(lx, 1);
		} else if (lx->p[0] == '/' && lx->p[1] == '*') {
			const char *end = strstr(lx->p + 2, "*/");

			if (end == NULL)
				return -1;
			advance(lx, (size_t)(end + 2 - lx->p));
		} else
			return 0;
	}
}

static int
isword(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Text between open and close (each of olen bytes), or PK_BAD. */
static void
delimited(struct pdlex *lx, struct pdtok_t *t, enum pdtok kind,
    size_t olen, const char *close, int escapes)
{
	const char *q = lx->p + olen;
	size_t clen = strlen(close);

	while (*q != '\0' && strncmp(q, close, clen) != 0) {
		if (escapes && *q == '\\' && q[1] != '\0')
			q++;
		q++;
	}
	if (*q == '\0') {
		t->kind = PK_BAD;
		t->len = strlen(lx->p);
		return;
	}
	t->kind = kind;
	t->body = lx->p + olen;
	t->bodylen = (size_t)(q - t->body);
	t->len = (size_t)(q + clen - lx->p);
}

/* A number, an address or a word beginning with a digit or '.'. */
static void
number(struct pdlex *lx, struct pdtok_t *t)
{
	const char *q = lx->p, *w;
	int dots = 0, neg = 0;

	if (*q == '-') {
		neg = 1;
		q++;
	}
	if (!neg && q[0] == '0' && (q[1] == 'x' || q[1] == 'X') &&
	    isxdigit((unsigned char)q[2])) {
		t->kind = PK_HEX;
		t->num = (int64_t)strtoull(q + 2, (char **)&w, 16);
		t->len = (size_t)(w - lx->p);
		return;
	}
	for (w = q; isdigit((unsigned char)*w) ||
	    (*w == '.' && isdigit((unsigned char)w[1])); w++)
		if (*w == '.')
			dots++;
	if (!neg && dots == 0 && isword(*w)) {	/* 1a2b: a word */
		while (isword(*w))
			w++;
		t->kind = PK_WORD;
	} else if (!neg && dots == 3)
		t->kind = PK_IPV4;
	else if (dots == 1)
		t->kind = PK_FLOAT;
	else if (dots == 0) {
		t->kind = PK_INT;
		t->num = strtoll(lx->p, NULL, 10);
	} else
		t->kind = PK_BAD;
	t->len = (size_t)(w - lx->p);
}

void
pdlex_next(struct pdlex *lx, struct pdtok_t *t)
{
	const char *q;
	int bad;

	memset(t, 0, sizeof(*t));
	bad = skip_blank(lx);
	t->line = lx->line;
	t->col = (int)(lx->p - lx->bol) + 1;
	t->p = lx->p;
	q = lx->p;
	if (bad) {
		t->kind = PK_BAD;
		t->len = strlen(q);
	} else if (*q == '\0') {
		t->kind = PK_EOF;
		return;
	} else if (q[0] == '.' && q[1] == '.' && q[2] == '.') {
		t->kind = PK_ELLIPSIS;
		t->len = 3;
	} else if (isdigit((unsigned char)*q) ||
	    (*q == '.' && isdigit((unsigned char)q[1])) ||
	    (*q == '-' && isdigit((unsigned char)q[1])))
		number(lx, t);
	else if (isword(*q)) {
		t->kind = PK_WORD;
		while (isword(q[t->len]))
			t->len++;
	} else if (*q == '"')
		delimited(lx, t, PK_STR, 1, "\"", 1);
	else if (*q == '`')
		delimited(lx, t, PK_BACKQ, 1, "`", 1);
	else if (q[0] == '%' && q[1] == '{')
		delimited(lx, t, PK_CODE, 2, "}%", 0);
	else if (q[0] == '-' && q[1] == '-' && isword(q[2])) {
		t->kind = PK_OPTION;
		t->body = q + 2;
		while (isword(t->body[t->bodylen]))
			t->bodylen++;
		t->len = 2 + t->bodylen;
	} else {
		t->kind = PK_PUNCT;
		t->c = (unsigned char)*q;
		t->len = 1;
	}
	advance(lx, t->len);
}
