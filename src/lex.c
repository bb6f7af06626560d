/* lex.c - a command line split into tokens that remember their column
 *
 * Columns are 1-based byte offsets so an error caret lines up under the
 * character in a terminal that shows the line as typed (ASCII commands).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "lex.h"

static int
lex_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Characters that end a word and are never part of one. */
static int
lex_isdelim(int c)
{
	return c == '\0' || lex_isspace(c) || c == '[' || c == ']' ||
	    c == '{' || c == '}' || c == ',' || c == ';' || c == '"' ||
	    c == '#';
}

int
lex_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends a token owning a NUL-terminated copy of text[0..len). */
static int
lex_push(struct toklist *tl, enum tok_kind kind, int col, const char *text,
    size_t len, struct errbuf *e)
{
	struct token *t;
	char *copy;

	if (tl->n == tl->cap) {
		int ncap = tl->cap ? tl->cap * 2 : 16;

		t = realloc(tl->t, (size_t)ncap * sizeof(*t));
		if (t == NULL)
			return err_set(e, col, "out of memory");
		tl->t = t;
		tl->cap = ncap;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return err_set(e, col, "out of memory");
	if (len > 0)
		memcpy(copy, text, len);
	copy[len] = '\0';
	t = &tl->t[tl->n++];
	t->kind = kind;
	t->col = col;
	t->len = len;
	t->text = copy;
	return 0;
}

/* Decodes the string starting at line[*ip] (the opening quote) into a
 * token; *ip ends just past the closing quote. */
static int
lex_string(const char *line, size_t *ip, struct toklist *tl,
    struct errbuf *e)
{
	size_t i = *ip, n = 0, j;
	int qcol = (int)i + 1, hi, lo, rc;
	char *buf;

	/* Decoded text is never longer than the source up to the closing
	 * quote.  Not the rest of the line: strlen of that for each string
	 * made a line of many strings quadratic. */
	for (j = i + 1; line[j] != '\0' && line[j] != '"'; j++)
		if (line[j] == '\\' && line[j + 1] != '\0')
			j++;
	if ((buf = malloc(j - i)) == NULL)
		return err_set(e, qcol, "out of memory");
	for (i++; ; i++) {
		char c = line[i];

		if (c == '\0') {
			free(buf);
			return err_set(e, qcol, "unterminated string");
		}
		if (c == '"')
			break;
		if (c != '\\') {
			buf[n++] = c;
			continue;
		}
		switch (line[i + 1]) {
		case '\\': buf[n++] = '\\'; break;
		case '"': buf[n++] = '"'; break;
		case 'n': buf[n++] = '\n'; break;
		case 'r': buf[n++] = '\r'; break;
		case 't': buf[n++] = '\t'; break;
		case '0': buf[n++] = '\0'; break;
		case 'x':
			hi = lex_hexval((unsigned char)line[i + 2]);
			lo = hi < 0 ? -1 : lex_hexval((unsigned char)line[i + 3]);
			if (lo < 0) {
				free(buf);
				return err_set(e, (int)i + 1,
				    "\\x needs two hex digits");
			}
			buf[n++] = (char)(hi << 4 | lo);
			i += 2;
			break;
		case '\0':
			free(buf);
			return err_set(e, qcol, "unterminated string");
		default:
			free(buf);
			return err_set(e, (int)i + 1, "unknown escape \\%c",
			    line[i + 1]);
		}
		i++;
	}
	rc = lex_push(tl, TOK_STRING, qcol, buf, n, e);
	free(buf);
	*ip = i + 1;
	if (rc == 0)
		tl->t[tl->n - 1].end = (int)i + 2;
	return rc;
}

/* An IPv6 address in brackets at line[i] ("[::1]", "[fd00::2]:80"): the
 * length of the word it starts (the brackets and what follows them up to
 * a delimiter), 0 when it is a bracket of a list.  Only hex digits, ':'
 * and '.' inside, and at least one ':', so "[mss 1460]" and "[]" stay
 * lists. */
static size_t
addr6_word(const char *line, size_t i)
{
	size_t j = i + 1;
	int colons = 0;

	for (; line[j] != ']'; j++) {
		if (line[j] == ':')
			colons++;
		else if (lex_hexval((unsigned char)line[j]) < 0 &&
		    line[j] != '.')
			return 0;
	}
	if (colons == 0)
		return 0;
	for (j++; !lex_isdelim((unsigned char)line[j]); j++)
		;
	return j - i;
}

int
lex_line(const char *line, struct toklist *tl, struct errbuf *e)
{
	size_t i = 0, start, n;
	enum tok_kind k;

	memset(tl, 0, sizeof(*tl));
	while (line[i] != '\0') {
		unsigned char c = (unsigned char)line[i];

		if (lex_isspace(c)) {
			i++;
			continue;
		}
		if (c == '#')
			break;
		if (c == '"') {
			if (lex_string(line, &i, tl, e) == -1)
				goto fail;
			continue;
		}
		if (c == '[' && (n = addr6_word(line, i)) > 0) {
			if (lex_push(tl, TOK_WORD, (int)i + 1, line + i, n,
			    e) == -1)
				goto fail;
			i += n;
			tl->t[tl->n - 1].end = (int)i + 1;
			continue;
		}
		switch (c) {
		case '[': k = TOK_LBRACK; break;
		case ']': k = TOK_RBRACK; break;
		case '{': k = TOK_LBRACE; break;
		case '}': k = TOK_RBRACE; break;
		case ',': k = TOK_COMMA; break;
		case ';': k = TOK_SEMI; break;
		default:
			start = i;
			while (!lex_isdelim((unsigned char)line[i]))
				i++;
			if (lex_push(tl, TOK_WORD, (int)start + 1,
			    line + start, i - start, e) == -1)
				goto fail;
			tl->t[tl->n - 1].end = (int)i + 1;
			continue;
		}
		if (lex_push(tl, k, (int)i + 1, line + i, 1, e) == -1)
			goto fail;
		tl->t[tl->n - 1].end = (int)i + 2;
		i++;
	}
	return 0;
fail:
	/* Half a token list is of no use to anyone; leave it reusable. */
	lex_free(tl);
	return -1;
}

void
lex_free(struct toklist *tl)
{
	int i;

	for (i = 0; i < tl->n; i++)
		free(tl->t[i].text);
	free(tl->t);
	memset(tl, 0, sizeof(*tl));
}

size_t
lex_cmd_end(const char *p)
{
	const char *q = p;
	int inq = 0;

	for (; *q != '\0'; q++) {
		if (inq) {
			if (*q == '\\' && q[1] != '\0')
				q++;
			else if (*q == '"')
				inq = 0;
		} else if (*q == '"')
			inq = 1;
		else if (*q == ';' || *q == '#')
			break;
	}
	return (size_t)(q - p);
}

/* Optimal string alignment distance: a swapped pair ("wni") counts as one
 * typo, which is the typo people make. */
static int
editdist(const char *a, const char *b)
{
	int d[32][32], la = (int)strlen(a), lb = (int)strlen(b), i, j, c;

	if (la >= 32 || lb >= 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			d[i][j] = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < d[i][j])
				d[i][j] = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < d[i][j])
				d[i][j] = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

void
lex_near_init(struct lex_near *nr, const char *word)
{
	memset(nr, 0, sizeof(*nr));
	nr->word = word;
	nr->len = (int)strnlen(word, 32);
	/* one letter is too little to guess from */
	nr->lim = nr->len < 2 ? 0 : nr->len <= 4 ? 1 : 2;
	nr->d = nr->lim;
}

void
lex_near_add(struct lex_near *nr, const char *cand)
{
	int d, dl, i;

	/* The distance is at least the difference in length: no need to
	 * fill the table for a word that cannot be close enough.  On a
	 * script of many mistyped lines the tables were a fifth of the
	 * parse time. */
	dl = nr->len - (int)strlen(cand);
	if (nr->lim == 0 || dl > nr->d || -dl > nr->d ||
	    strcmp(nr->word, cand) == 0)
		return;
	if ((d = editdist(nr->word, cand)) > nr->d)
		return;
	if (d < nr->d || nr->n == 0) {
		nr->d = d;
		nr->n = 0;
	}
	for (i = 0; i < nr->n; i++)
		if (strcmp(nr->best[i], cand) == 0)
			return;
	if (nr->n < LEX_NEAR_MAX)
		nr->best[nr->n++] = cand;
}

void
lex_near_addv(struct lex_near *nr, const char *const *cands)
{
	for (; cands != NULL && *cands != NULL; cands++)
		lex_near_add(nr, *cands);
}

const char *
lex_near_hint(const struct lex_near *nr, char *buf, size_t cap)
{
	size_t off = 0;
	int i, k;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	if (nr->n == 0)
		return buf;
	for (i = 0; i <= nr->n && off < cap; i++) {
		if (i == nr->n)
			k = snprintf(buf + off, cap - off, "?)");
		else
			k = snprintf(buf + off, cap - off, "%s'%s'",
			    i == 0 ? " (did you mean " :
			    i == nr->n - 1 ? " or " : ", ", nr->best[i]);
		if (k < 0)
			break;
		off += (size_t)k;
	}
	return buf;
}

const char *
lex_clip(const char *s, char *buf)
{
	if (strnlen(s, LEX_CLIP + 1) <= LEX_CLIP)
		return s;
	memcpy(buf, s, LEX_CLIP);
	memcpy(buf + LEX_CLIP, "...", 4);
	return buf;
}

int
lex_excerpt(const char *line, int col, char *buf)
{
	size_t len = strlen(line), c, start;
	int pre;

	c = col > 0 ? (size_t)(col - 1) : 0;
	if (len <= LEX_ECHO) {
		memcpy(buf, line, len + 1);
		return (int)c;
	}
	if (c > len)
		c = len;
	/* the caret in the middle, unless the line ends first */
	start = c > LEX_ECHO / 2 ? c - LEX_ECHO / 2 : 0;
	if (start > len - LEX_ECHO)
		start = len - LEX_ECHO;
	pre = start > 0 ? 3 : 0;
	snprintf(buf, LEX_ECHOBUF, "%s%.*s%s", pre ? "..." : "", LEX_ECHO,
	    line + start, start + LEX_ECHO < len ? "..." : "");
	return (int)(c - start) + pre;
}

/* Appends c to buf as it would stand inside "...". */
static size_t
squote_put(char *buf, size_t cap, size_t off, char c)
{
	if ((c == '"' || c == '\\') && off + 1 < cap)
		buf[off++] = '\\';
	if (off + 1 < cap)
		buf[off++] = c;
	return off;
}

int
lex_squote(const struct token *t, int n, char *buf, size_t cap)
{
	const char *p;
	size_t off = 0;
	int i, j, last, gap;

	if (n < 1 || t[0].kind != TOK_WORD || t[0].text[0] != '\'' ||
	    cap < 16)
		return 0;
	/* up to the word that ends in the closing quote, or the end */
	for (last = 0; last < n - 1; last++)
		if (t[last].kind == TOK_WORD && t[last].len > (last ? 0 : 1) &&
		    t[last].text[t[last].len - 1] == '\'')
			break;
	buf[off++] = '"';
	for (i = 0; i <= last; i++) {
		if (i > 0)
			for (gap = t[i].col - t[i - 1].end, j = 0;
			    j < gap && j < 8; j++)
				off = squote_put(buf, cap, off, ' ');
		p = t[i].text + (i == 0);
		if (t[i].kind == TOK_STRING)	/* 'say "x"' */
			off = squote_put(buf, cap, off, '"');
		for (j = 0; p[j] != '\0'; j++) {
			if (i == last && p[j + 1] == '\0' && p[j] == '\'')
				break;
			off = squote_put(buf, cap, off, p[j]);
		}
		if (t[i].kind == TOK_STRING)
			off = squote_put(buf, cap, off, '"');
	}
	/* too long to show whole: say how, not what */
	if (off + 2 >= cap)
		snprintf(buf, cap, "double quotes \"...\"");
	else {
		buf[off++] = '"';
		buf[off] = '\0';
	}
	return 1;
}
