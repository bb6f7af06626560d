/* segspec_priv.h - what the files of the segspec module share (parse in
 * segspec.c, payloads in segspec_payload.c, matching in segspec_match.c);
 * not part of the contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef TC_SEGSPEC_PRIV_H
#define TC_SEGSPEC_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "lex.h"
#include "segspec.h"

/* Strict unsigned: decimal or 0x hex, no sign, no junk.  -1 when s is
 * not a number, -2 when it is one too large for 32 bits. */
int	segspec_u32(const char *s, size_t len, uint32_t *out);

/* The digits after "hex:" into buf (at most cap bytes); errors name what
 * and point into the token at col. */
int	segspec_hex(const char *s, int col, uint8_t *buf, size_t cap,
	    size_t *len, const char *what, struct errbuf *e);

/* Appends a payload token's bytes (buf, taken) to sp; isfile: buf is the
 * path of a file: payload, kept for segspec_load. */
int	segspec_add_payload(struct segspec *sp, const struct token *tok,
	    uint8_t *buf, size_t len, int isfile, struct errbuf *e);

/* The payload against "length" and "seq N:M", once its bytes are all
 * there (at parse time, or after segspec_load). */
int	segspec_check_payload(const struct segspec *sp, struct errbuf *e);

/* "ext KIND [WORD N]..." at t[i] (segspec_ext.c): appends one header
 * to sp->ext; returns the tokens used or -1. */
int	segspec_ext_parse(const struct token *t, int n, int i,
	    struct segspec *sp, struct errbuf *e);
/* Copies sp's headers into g (an IPv6 segment); 1, or -1 in e. */
int	segspec_ext_put(const struct segspec *sp, struct seg *g,
	    struct errbuf *e);
/* Does g's chain match the headers of pattern p?  why as
 * segspec_match's. */
int	segspec_ext_match(const struct segspec *p, const struct seg *g,
	    char *why, size_t whylen);

/* Forgets the file: payloads not read. */
void	segspec_free_files(struct segspec *sp);

#endif
