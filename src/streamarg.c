/* streamarg.c - the arguments of "stream [in|out] [hex]"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "streamarg.h"

const char *const streamarg_words[] = { "in", "out", "hex", NULL };

int
streamarg_parse(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	int i;

	c->sdir = 0;
	c->hex = 0;
	for (i = 0; i < n; i++) {
		if (t[i].kind == TOK_WORD && strcmp(t[i].text, "hex") == 0 &&
		    !c->hex)
			c->hex = 1;
		else if (t[i].kind == TOK_WORD && c->sdir == 0 &&
		    (strcmp(t[i].text, "in") == 0 ||
		    strcmp(t[i].text, "out") == 0))
			c->sdir = t[i].text[0];
		else
			return err_set(e, t[i].col, "usage: stream [in|out] "
			    "[hex]");
	}
	return 0;
}
