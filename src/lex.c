/* lex.c - a command line split into tokens that remember their column
 *
 * Columns are 1-based byte offsets so an error caret lines up under the
 * character in a terminal that shows the line as typed (ASCII commands).
 */
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

int
lex_line(const char *line, struct toklist *tl, struct errbuf *e)
{
	size_t i = 0, start;
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
