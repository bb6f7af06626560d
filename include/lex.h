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

/* "Did you mean": the words nearest to a mistyped one, as a typo (one
 * edit for a word of up to 4 characters, two beyond; a swapped pair is
 * one).  Offer every word the position allows with lex_near_add, then
 * lex_near_hint.  Ties are kept, up to LEX_NEAR_MAX. */
#define LEX_NEAR_MAX	3
struct lex_near {
	const char	*word;
	int		 len;
	int		 lim;		/* the most edits that are still a typo */
	int		 d;		/* the best distance so far */
	int		 n;
	const char	*best[LEX_NEAR_MAX];
};
void	lex_near_init(struct lex_near *nr, const char *word);
void	lex_near_add(struct lex_near *nr, const char *cand);
/* Each word of a NULL-terminated list. */
void	lex_near_addv(struct lex_near *nr, const char *const *cands);
/* " (did you mean 'a' or 'b'?)" into buf, or "" when nothing was close:
 * ready to end a message.  Returns buf. */
const char *lex_near_hint(const struct lex_near *nr, char *buf, size_t cap);

/* s to quote in a message: whole up to LEX_CLIP bytes, else its start and
 * "...", so a long garbage word is not echoed again in full.  buf holds
 * LEX_CLIPBUF bytes; returns buf or s. */
#define LEX_CLIP	32
#define LEX_CLIPBUF	(LEX_CLIP + 4)
const char *lex_clip(const char *s, char *buf);

/* The part of line an error shows: the whole line up to LEX_ECHO bytes,
 * else LEX_ECHO bytes around column col with "..." where it was cut.
 * Writes it to buf (LEX_ECHOBUF bytes) and returns the 0-based column
 * of col within it, for the caret. */
#define LEX_ECHO	60
#define LEX_ECHOBUF	(LEX_ECHO + 7)
int	lex_excerpt(const char *line, int col, char *buf);

/* Single quotes are not quotes here: when t[0] opens a single-quoted text
 * ('hi' or 'hello world' over several tokens), writes it as the string to
 * type instead ("hi") into buf and returns 1; 0 otherwise. */
int	lex_squote(const struct token *t, int n, char *buf, size_t cap);

#endif
