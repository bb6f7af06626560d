/* lex.h - a command line split into tokens that remember their column */
#ifndef TC_LEX_H
#define TC_LEX_H

#include <stddef.h>

#include "errbuf.h"

enum tok_kind {
	TOK_WORD,	/* a run of characters other than space and  [ ] { } , ; " # */
	TOK_STRING,	/* "..." with C escapes decoded (may contain NUL: use len) */
	TOK_LBRACK,	/* [ */
	TOK_RBRACK,	/* ] */
	TOK_LBRACE,	/* { */
	TOK_RBRACE,	/* } */
	TOK_COMMA,	/* , */
	TOK_SEMI,	/* ; */
};

struct token {
	enum tok_kind	 kind;
	int		 col;	/* 1-based column of the first character */
	int		 end;	/* column just past its last source character */
	size_t		 len;	/* bytes in text (excluding the added NUL) */
	char		*text;	/* NUL-terminated copy */
};

struct toklist {
	struct token	*t;
	int		 n;
	int		 cap;
};

/* Splits line into tokens; a '#' outside quotes ends the line (comment).
 * String escapes: \\ \" \n \r \t \0 \xHH.  Returns 0, or -1 with the
 * column of an unterminated string or bad escape in e.  tl must be zeroed
 * or freed before reuse. */
int	lex_line(const char *line, struct toklist *tl, struct errbuf *e);
void	lex_free(struct toklist *tl);
/* Length of the command starting at p: up to the first ';' or '#' outside
 * a quoted string, or the end. */
size_t	lex_cmd_end(const char *p);
/* The value of one hex digit, or -1. */
int	lex_hexval(int c);

#endif
