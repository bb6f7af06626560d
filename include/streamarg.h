/* streamarg.h - the arguments of "stream [in|out] [hex]"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef TC_STREAMARG_H
#define TC_STREAMARG_H

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"

/* Words after "stream" completion offers. */
extern const char *const streamarg_words[];

/* Fills c->sdir ('i', 'o' or 0 for both) and c->hex from t[0..n).
 * Returns 0, or -1 with e set at the offending column. */
int	streamarg_parse(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);

#endif
