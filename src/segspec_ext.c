/* segspec_ext.c - IPv6 extension headers in the segment notation:
 * "ext KIND [WORD N]...", repeatable, in the order they go on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ext hbh [len N]                      hop-by-hop options, PadN filling
 *   ext dst [len N]                      destination options, likewise
 *   ext rthdr [type N] [segleft N] [len N]  a routing header, zeros after
 *   ext frag [off N] [mf [0|1]] [id N]   a fragment header
 *
 * The words after a KIND are its own as far as they go, so "ext frag mf
 * id 7" is the fragment header's M flag and identification, not IPv4's
 * mf and id (which an IPv6 segment has not).  Sending builds the headers
 * through ip6.c; a pattern compares the kinds in order and the words it
 * gives.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "ip6.h"
#include "lex.h"
#include "seg.h"
#include "segspec.h"
#include "segspec_priv.h"

static const struct extkind {
	const char	*name;
	const char	*alias;
	uint8_t		 type;
	unsigned	 words;		/* SPX_* it takes */
} kinds[] = {
	{ "hbh",   "hop-by-hop", IP6_NXT_HOPOPTS, SPX_LEN },
	{ "dst",   "dstopts",    IP6_NXT_DSTOPTS, SPX_LEN },
	{ "rthdr", "routing",    IP6_NXT_ROUTING,
	    SPX_LEN | SPX_TYPE | SPX_SEGLEFT },
	{ "frag",  "fragment",   IP6_NXT_FRAG, SPX_OFF | SPX_MF | SPX_ID },
};

static const struct extword {
	const char	*name;
	unsigned	 bit;
	uint32_t	 max;
} words[] = {
	{ "len",     SPX_LEN,     2048 },
	{ "type",    SPX_TYPE,    255 },
	{ "segleft", SPX_SEGLEFT, 255 },
	{ "off",     SPX_OFF,     8191 },
	{ "mf",      SPX_MF,      1 },
	{ "id",      SPX_ID,      0xffffffff },
};

#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))
#define NWORDS	(sizeof(words) / sizeof(words[0]))

static const struct extkind *
kind_of(const char *s)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		if (strcasecmp(s, kinds[k].name) == 0 ||
		    strcasecmp(s, kinds[k].alias) == 0)
			return &kinds[k];
	return NULL;
}

static const struct extkind *
kind_by_type(uint8_t type)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		if (kinds[k].type == type)
			return &kinds[k];
	return NULL;
}

/* A word of kind k, or NULL */
static const struct extword *
word_of(const struct extkind *k, const struct token *t)
{
	size_t w;

	if (t->kind != TOK_WORD)
		return NULL;
	for (w = 0; w < NWORDS; w++)
		if (strcmp(t->text, words[w].name) == 0 &&
		    (k->words & words[w].bit))
			return &words[w];
	return NULL;
}

static void
set_word(struct ip6ext *x, unsigned bit, uint32_t v)
{
	switch (bit) {
	case SPX_LEN:		x->len = (uint16_t)v; break;
	case SPX_TYPE:		x->rtype = (uint8_t)v; break;
	case SPX_SEGLEFT:	x->segleft = (uint8_t)v; break;
	case SPX_OFF:		x->fragoff = (uint16_t)v; break;
	case SPX_MF:		x->mf = (uint8_t)v; break;
	case SPX_ID:		x->ident = v; break;
	}
}

static uint32_t
get_word(const struct ip6ext *x, unsigned bit)
{
	switch (bit) {
	case SPX_LEN:		return x->len;
	case SPX_TYPE:		return x->rtype;
	case SPX_SEGLEFT:	return x->segleft;
	case SPX_OFF:		return x->fragoff;
	case SPX_MF:		return x->mf;
	case SPX_ID:		return x->ident;
	}
	return 0;
}

/* The value of word w at t[j] (mf's is optional); returns tokens used */
static int
word_value(const struct token *t, int n, int j, const struct extkind *k,
    const struct extword *w, uint32_t *v, struct errbuf *e)
{
	const struct token *vt = j + 1 < n ? &t[j + 1] : NULL;
	char clip[LEX_CLIPBUF];
	int rc;

	if (w->bit == SPX_MF && (vt == NULL || vt->kind != TOK_WORD ||
	    (strcmp(vt->text, "0") != 0 && strcmp(vt->text, "1") != 0))) {
		*v = 1;
		return 1;
	}
	if (vt == NULL || vt->kind != TOK_WORD)
		return err_set(e, t[j].col, "ext %s %s needs a number",
		    k->name, w->name);
	if ((rc = segspec_u32(vt->text, vt->len, v)) == -1)
		return err_set(e, vt->col, "ext %s %s: '%s' is not a number",
		    k->name, w->name, lex_clip(vt->text, clip));
	if (rc == -2 || *v > w->max)
		return err_set(e, vt->col, "ext %s %s %s out of range (0..%u)",
		    k->name, w->name, lex_clip(vt->text, clip), w->max);
	if (w->bit == SPX_LEN && (*v < 8 || *v % 8 != 0))
		return err_set(e, vt->col, "ext %s len %u: a multiple of 8 "
		    "from 8 to 2048 bytes", k->name, *v);
	return 2;
}

int
segspec_ext_parse(const struct token *t, int n, int i, struct segspec *sp,
    struct errbuf *e)
{
	const struct extkind *k;
	const struct extword *w;
	struct ip6ext x;
	unsigned given = 0;
	uint32_t v;
	int j, used;

	if (i + 1 >= n || t[i + 1].kind != TOK_WORD)
		return err_set(e, t[i].col, "ext needs a header: hbh, dst, "
		    "rthdr or frag");
	if ((k = kind_of(t[i + 1].text)) == NULL)
		return err_set(e, t[i + 1].col, "ext: '%s' is no extension "
		    "header (hbh, dst, rthdr, frag)", t[i + 1].text);
	if (sp->next >= SEG_MAXEXT)
		return err_set(e, t[i].col, "more than %d extension headers",
		    SEG_MAXEXT);
	memset(&x, 0, sizeof(x));
	x.type = k->type;
	for (j = i + 2; j < n && (w = word_of(k, &t[j])) != NULL;
	    j += used) {
		if (given & w->bit)
			return err_set(e, t[j].col, "ext %s: %s given twice",
			    k->name, w->name);
		if ((used = word_value(t, n, j, k, w, &v, e)) < 0)
			return -1;
		set_word(&x, w->bit, v);
		given |= w->bit;
	}
	sp->ext[sp->next] = x;
	sp->extgiven[sp->next] = (uint8_t)given;
	sp->extcol[sp->next] = t[i].col;
	sp->next++;
	return j - i;
}

int
segspec_ext_put(const struct segspec *sp, struct seg *g, struct errbuf *e)
{
	int i;

	if (sp->next > SEG_MAXEXT)
		return err_set(e, sp->col[SP_EXT], "more than %d extension "
		    "headers", SEG_MAXEXT);
	for (i = 0; i < sp->next; i++)
		g->ext[i] = sp->ext[i];
	g->next = (uint8_t)sp->next;
	return 1;
}

/* "hbh dst frag" */
static void
chain_str(char *buf, size_t cap, const struct ip6ext *x, int n)
{
	const struct extkind *k;
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && off < cap; i++) {
		k = kind_by_type(x[i].type);
		off += (size_t)snprintf(buf + off, cap - off, "%s%s",
		    i > 0 ? " " : "", k != NULL ? k->name : "?");
	}
	if (n == 0)
		snprintf(buf, cap, "none");
}

int
segspec_ext_match(const struct segspec *p, const struct seg *g,
    char *why, size_t whylen)
{
	const struct extkind *k;
	char got[96], exp[96];
	size_t w;
	int i, n = g->next < SEG_MAXEXT ? g->next : SEG_MAXEXT, ok;

	ok = n == p->next;
	for (i = 0; ok && i < n; i++)
		ok = g->ext[i].type == p->ext[i].type;
	if (!ok) {
		chain_str(got, sizeof(got), g->ext, n);
		chain_str(exp, sizeof(exp), p->ext, p->next);
		if (why != NULL && whylen > 0)
			snprintf(why, whylen, "ext %s, expected %s", got, exp);
		return 0;
	}
	for (i = 0; i < n; i++) {
		k = kind_by_type(p->ext[i].type);
		for (w = 0; w < NWORDS; w++) {
			if (!(p->extgiven[i] & words[w].bit) ||
			    get_word(&g->ext[i], words[w].bit) ==
			    get_word(&p->ext[i], words[w].bit))
				continue;
			if (why != NULL && whylen > 0)
				snprintf(why, whylen, "ext %s %s %u, expected "
				    "%u", k != NULL ? k->name : "?",
				    words[w].name,
				    get_word(&g->ext[i], words[w].bit),
				    get_word(&p->ext[i], words[w].bit));
			return 0;
		}
	}
	return 1;
}
