/* pdlex.h - the tokens of a packetdrill script, with line and column
 *
 * Pure: a cursor over the script's text.  Comments (// and C style) and
 * white space between tokens are skipped; a token keeps where it began.
 */
#ifndef TC_PDLEX_H
#define TC_PDLEX_H

#include <stddef.h>
#include <stdint.h>

enum pdtok {
	PK_EOF,
	PK_INT,		/* 12, -1 (num) */
	PK_HEX,		/* 0x1f (num) */
	PK_FLOAT,	/* .1, 0.200 (text) */
	PK_WORD,	/* [A-Za-z0-9_]+ that is not a number */
	PK_IPV4,	/* 192.0.2.1 */
	PK_STR,		/* "..." (text without the quotes) */
	PK_BACKQ,	/* `...` (text without the backticks) */
	PK_CODE,	/* %{ ... }% (text between) */
	PK_OPTION,	/* --name (text: name) */
	PK_ELLIPSIS,	/* ... */
	PK_PUNCT,	/* one character: c */
	PK_BAD		/* an unterminated string, comment or block */
};

struct pdtok_t {
	enum pdtok	 kind;
	int		 line, col;
	int		 c;		/* PK_PUNCT */
	int64_t		 num;		/* PK_INT, PK_HEX */
	const char	*p;		/* the token's text in the script */
	size_t		 len;
	const char	*body;		/* PK_STR, PK_BACKQ, PK_CODE,
					 * PK_OPTION: the text inside */
	size_t		 bodylen;
};

struct pdlex {
	const char	*s, *p;		/* the text; where we are */
	int		 line;
	const char	*bol;		/* the current line's beginning */
};

void	pdlex_init(struct pdlex *lx, const char *text);
/* The next token; after the end, PK_EOF forever. */
void	pdlex_next(struct pdlex *lx, struct pdtok_t *t);

#endif
