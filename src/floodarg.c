/* floodarg.c - the arguments of flood and probe
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsed with the rest of a script, before anything runs: a count out of
 * range is a syntax error (exit 2), not a flood cut short.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "floodarg.h"
#include "segspec.h"

/* The fields pktpatch rewrites per packet, by their rows in the field
 * table: FIELD random takes their names and aliases. */
static const int rnd_sp[] = {
	SP_SPORT, SP_DPORT, SP_SEQ, SP_ACK, SP_ID, SP_WIN
};
const enum pp_field floodarg_rnd_fields[] = {
	PP_SPORT, PP_DPORT, PP_SEQ, PP_ACK, PP_ID, PP_WIN
};
#define NRND	(sizeof(rnd_sp) / sizeof(rnd_sp[0]))

const char *
floodarg_rnd_name(int i)
{
	if (i < 0 || (size_t)i >= NRND)
		return NULL;
	return segfield_of(rnd_sp[i])->name;
}

static int
is_word(const struct token *t, const char *w)
{
	return t->kind == TOK_WORD && strcmp(t->text, w) == 0;
}

/* A decimal count with an optional k/M suffix ("1M" = 1000000), as
 * typed for packet counts and rates. */
static int
parse_count(const struct token *t, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (t->kind != TOK_WORD || !isdigit((unsigned char)t->text[0]))
		return -1;
	v = strtoull(t->text, &end, 10);
	if (*end == 'k' || *end == 'K') {
		v *= 1000;
		end++;
	} else if (*end == 'M') {
		v *= 1000000;
		end++;
	}
	if (*end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "HOST:PORT" or "[IPv6]:PORT" with a port other than 0.  1 when t is
 * one, 0 when it is not an endpoint at all, -1 when it is a bad one. */
static int
parse_target(const struct token *t, struct cmd *c, struct errbuf *e)
{
	char buf[64], *colon, *end;
	unsigned long port;

	if (t->kind != TOK_WORD || strchr(t->text, ':') == NULL)
		return 0;
	if (t->len >= sizeof(buf))
		return err_set(e, t->col, "expected HOST:PORT");
	memcpy(buf, t->text, t->len + 1);
	/* the port's colon follows the bracket; "::1:80" is an address */
	colon = buf[0] == '[' ? strstr(buf, "]:") : strrchr(buf, ':');
	if (colon == NULL || (buf[0] != '[' && strchr(buf, ':') != colon))
		return err_set(e, t->col, "expected HOST:PORT or [IPv6]:PORT, "
		    "got '%s'", buf);
	if (buf[0] == '[')
		colon++;
	*colon = '\0';
	if (cmd_parse_addr(buf, &c->addr) != 0)
		return err_set(e, t->col, "bad address '%s' (IPv4 dotted quad, "
		    "[IPv6] or localhost)", buf);
	port = strtoul(colon + 1, &end, 10);
	if (!isdigit((unsigned char)colon[1]) || *end != '\0' || port == 0 ||
	    port > 65535)
		return err_set(e, t->col + (int)(colon + 1 - buf), "bad port "
		    "'%s' (1-65535)", colon + 1);
	c->port = (uint16_t)port;
	c->have_target = 1;
	return 1;
}

static int
rnd_index(const struct token *t)
{
	const struct segfield *f;
	size_t i;

	if (t->kind != TOK_WORD ||
	    (f = segfield_lookup(t->text, t->len, SF_SPEC)) == NULL)
		return -1;
	for (i = 0; i < NRND; i++)
		if (rnd_sp[i] == f->field)
			return (int)i;
	return -1;
}

/* flood's own words, offered with the fields for a mistyped one */
static const char *const flood_kw[] = { "count", "rate", "within", "random",
    NULL };

int
floodarg_parse(const struct token *t, int n, struct cmd *c, struct errbuf *e)
{
	struct token *rest;
	int i, k = 0, r, have_count = 0, rc = -1;

	c->dur_us = FLOOD_CAP_US;
	i = 0;
	if (n > 0 && (r = parse_target(&t[0], c, e)) != 0) {
		if (r < 0)
			return -1;
		i = 1;
	}
	/* what is not ours goes to the segment notation, in order */
	if ((rest = calloc((size_t)n + 1, sizeof(*rest))) == NULL)
		return err_set(e, c->col, "out of memory");
	for (; i < n; i++) {
		if (is_word(&t[i], "count") || is_word(&t[i], "rate") ||
		    is_word(&t[i], "within")) {
			if (i + 1 >= n) {
				err_set(e, t[i].col, "%s needs a value",
				    t[i].text);
				goto out;
			}
			if (t[i].text[0] == 'c') {
				if (parse_count(&t[i + 1], 1, FLOOD_MAXCOUNT,
				    &c->count) != 0) {
					err_set(e, t[i + 1].col, "count takes "
					    "1 to %llu packets", FLOOD_MAXCOUNT);
					goto out;
				}
				have_count = 1;
			} else if (t[i].text[0] == 'r') {
				if (parse_count(&t[i + 1], 1, FLOOD_MAXRATE,
				    &c->rate) != 0) {
					err_set(e, t[i + 1].col, "rate takes 1 "
					    "to %llu packets per second",
					    FLOOD_MAXRATE);
					goto out;
				}
			} else if (cmd_parse_duration(t[i + 1].text,
			    &c->dur_us) != 0 || c->dur_us == 0 ||
			    c->dur_us > FLOOD_MAXCAP_US) {
				err_set(e, t[i + 1].col, "within takes a "
				    "duration up to 1 hour (e.g. 10s)");
				goto out;
			}
			i++;
			continue;
		}
		if (i + 1 < n && (r = rnd_index(&t[i])) >= 0 &&
		    is_word(&t[i + 1], "random")) {
			c->rnd |= 1u << floodarg_rnd_fields[r];
			i++;
			continue;
		}
		rest[k++] = t[i];
	}
	if (!have_count) {
		err_set(e, c->col, "flood needs count N (1 to %llu): it is "
		    "always bounded", FLOOD_MAXCOUNT);
		goto out;
	}
	if (k > 0) {
		if (segspec_parse_kw(rest, k, SPM_SEND, flood_kw, &c->spec,
		    e) != 0) {
			segspec_free(&c->spec);
			goto out;
		}
		c->have_spec = 1;
	}
	rc = 0;
out:
	free(rest);
	return rc;
}

/* HOST:PORT, then a count and a duration by their words: probe's
 * "count N interval D", traceroute's "max N wait D". */
struct target_args {
	enum cmd_id	 id;
	const char	*count, *ival;	/* their words */
	const char	*what;		/* what count counts */
	uint64_t	 defcount, maxcount, defival, maxival;
	const char	*maxival_s;	/* maxival in words */
};

static int
parse_target_args(const struct target_args *ta, const struct token *t,
    int n, struct cmd *c, struct errbuf *e)
{
	int i, r;

	c->count = ta->defcount;
	c->ival_us = ta->defival;
	if (n < 1 || (r = parse_target(&t[0], c, e)) == 0)
		return err_set(e, n ? t[0].col : c->col + (int)strlen(
		    cmd_defs[ta->id].name) + 1, "usage: %s",
		    cmd_defs[ta->id].usage);
	if (r < 0)
		return -1;
	for (i = 1; i < n; i += 2) {
		if (i + 1 >= n)
			return err_set(e, t[i].col, "'%s' needs a value",
			    t[i].text);
		if (is_word(&t[i], ta->count)) {
			if (parse_count(&t[i + 1], 1, ta->maxcount,
			    &c->count) != 0)
				return err_set(e, t[i + 1].col, "%s takes "
				    "1 to %llu %s", ta->count,
				    (unsigned long long)ta->maxcount, ta->what);
		} else if (is_word(&t[i], ta->ival)) {
			if (cmd_parse_duration(t[i + 1].text, &c->ival_us) != 0 ||
			    c->ival_us > ta->maxival)
				return err_set(e, t[i + 1].col, "%s "
				    "takes a duration up to %s (e.g. 10ms)",
				    ta->ival, ta->maxival_s);
		} else
			return err_set(e, t[i].col, "unexpected '%s' (usage: "
			    "%s)", t[i].text, cmd_defs[ta->id].usage);
	}
	return 0;
}

int
floodarg_parse_probe(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	static const struct target_args ta = { C_PROBE, "count", "interval",
	    "probes", PROBE_DEFCOUNT, PROBE_MAXCOUNT, PROBE_DEFIVAL,
	    60000000, "1m" };

	return parse_target_args(&ta, t, n, c, e);
}

int
floodarg_parse_trace(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	static const struct target_args ta = { C_TRACEROUTE, "max", "wait",
	    "hops", TRACE_DEFHOPS, TRACE_MAXHOPS, TRACE_DEFWAIT,
	    TRACE_MAXWAIT, "10s" };

	return parse_target_args(&ta, t, n, c, e);
}
