/* cmdkind.c - one parser per argument kind, and what Tab completes
 *
 * cmd_parse (cmdtab.c) looks a command up and calls its kind's parser
 * here with the tokens after the command word.  The kinds whose
 * arguments have a module of their own (flood, probe, replay, stream)
 * call it, so that the command table itself includes none of them.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "floodarg.h"
#include "icmp.h"
#include "lex.h"
#include "replayarg.h"
#include "segspec.h"
#include "streamarg.h"
#include "tcb.h"

static const char *
set_hint(const char *word, char *buf, size_t cap)
{
	struct lex_near nr;
	int i;

	lex_near_init(&nr, word);
	for (i = 0; set_defs[i].key != NULL; i++)
		lex_near_add(&nr, set_defs[i].key);
	return lex_near_hint(&nr, buf, cap);
}

/* -1: not a number; -2: a number above 65535 */
static int
parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > 65535)
			v = 65536;	/* no wrap, however many digits */
	if (*s != '\0')
		return -1;
	if (v > 65535)
		return -2;
	*port = (uint16_t)v;
	return 0;
}

/* "HOST:PORT", "PORT" (allow_bare) or "HOST" (allow_noport). */
static int
parse_endpoint(const struct token *t, struct ipaddr *addr, uint16_t *port,
    int allow_bare, int allow_noport, struct errbuf *e)
{
	char buf[128], clip[LEX_CLIPBUF];
	char *colon;
	int rc;

	if (t->kind != TOK_WORD || t->len >= sizeof(buf))
		return err_set(e, t->col, "expected HOST:PORT");
	memcpy(buf, t->text, t->len + 1);
	/* "[ADDR]:PORT": the port's colon is the one after the bracket;
	 * a bare IPv6 address has colons but no port */
	colon = buf[0] == '[' ? strstr(buf, "]:") : strrchr(buf, ':');
	if (buf[0] == '[' && colon != NULL)
		colon++;
	else if (buf[0] != '[' && colon != NULL && strchr(buf, ':') != colon)
		colon = NULL;
	if (colon == NULL) {
		if (allow_bare && (rc = parse_port(buf, port)) != -1) {
			if (rc == -2)
				return err_set(e, t->col, "port %s out of "
				    "range (0..65535)", lex_clip(buf, clip));
			memset(addr, 0, sizeof(*addr));
			return 0;
		}
		if (allow_noport && cmd_parse_addr(buf, addr) == 0) {
			*port = 0;
			return 0;
		}
		return err_set(e, t->col, "expected HOST:PORT, got '%s'",
		    lex_clip(buf, clip));
	}
	*colon = '\0';
	if (cmd_parse_addr(buf, addr) != 0)
		return err_set(e, t->col, "bad address '%s' (IPv4 dotted quad, "
		    "[IPv6] or localhost)", lex_clip(buf, clip));
	if ((rc = parse_port(colon + 1, port)) == -2)
		return err_set(e, t->col + (int)(colon + 1 - buf),
		    "port %s out of range (0..65535)",
		    lex_clip(colon + 1, clip));
	if (rc != 0)
		return err_set(e, t->col + (int)(colon + 1 - buf),
		    "bad port '%s' (0..65535)", lex_clip(colon + 1, clip));
	return 0;
}

static int
take_name(const struct token *t, char *name, struct errbuf *e)
{
	size_t i;

	if (t->kind != TOK_WORD || t->len == 0 || t->len >= CONN_NAMELEN)
		return err_set(e, t->col, "expected a connection name "
		    "(1-%d characters)", CONN_NAMELEN - 1);
	for (i = 0; i < t->len; i++)
		if (!isalnum((unsigned char)t->text[i]) && t->text[i] != '_' &&
		    t->text[i] != '-')
			return err_set(e, t->col + (int)i, "a name is letters, "
			    "digits, '_' and '-'");
	memcpy(name, t->text, t->len + 1);
	return 0;
}

/* A word connect or listen does not take: the nearest of theirs, or the
 * usage. */
static int
endpoint_unexpected(const struct token *t, const struct cmd *c,
    struct errbuf *e)
{
	static const char *const kw_connect[] = { "from", "as", NULL };
	struct lex_near nr;
	char hint[64], clip[LEX_CLIPBUF];

	lex_near_init(&nr, t->text);
	lex_near_addv(&nr, c->id == C_CONNECT ? kw_connect : kw_connect + 1);
	if (nr.n > 0)
		return err_set(e, t->col, "unexpected '%s'%s",
		    lex_clip(t->text, clip),
		    lex_near_hint(&nr, hint, sizeof(hint)));
	return err_set(e, t->col, "unexpected '%s' (usage: %s)",
	    lex_clip(t->text, clip), cmd_defs[c->id].usage);
}

/* connect HOST:PORT [from ADDR[:PORT]] [as NAME], listen [ADDR:]PORT ... */
static int
parse_endpoint_cmd(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	int i;

	if (n < 1)
		return err_set(e, c->col + (int)strlen(d->name) + 1,
		    "usage: %s", d->usage);
	if (parse_endpoint(&t[0], &c->addr, &c->port, c->id == C_LISTEN, 0,
	    e) != 0)
		return -1;
	if (c->id == C_CONNECT && (ipaddr_is_any(&c->addr) || c->port == 0))
		return err_set(e, t[0].col, "connect needs a destination "
		    "address and a port other than 0");
	/* no address, 0.0.0.0 or ::: loopback of that family */
	if (c->id == C_LISTEN && c->addr.af == 0)
		c->addr = cmd_localhost();
	else if (c->id == C_LISTEN && ipaddr_is_any(&c->addr))
		(void)cmd_parse_addr(c->addr.af == AF_INET6 ? "::1" :
		    "127.0.0.1", &c->addr);
	for (i = 1; i < n; i += 2) {
		if (i + 1 >= n)
			return err_set(e, t[i].col, "'%s' needs a value",
			    t[i].text);
		if (c->id == C_CONNECT && strcmp(t[i].text, "from") == 0) {
			if (parse_endpoint(&t[i + 1], &c->from_addr,
			    &c->from_port, 0, 1, e) != 0)
				return -1;
			c->have_from = 1;
		} else if (strcmp(t[i].text, "as") == 0) {
			if (take_name(&t[i + 1], c->name, e) != 0)
				return -1;
		} else
			return endpoint_unexpected(&t[i], c, e);
	}
	return 0;
}

/* A DURATION argument: a bad one and one too long are told apart. */
static int
duration_arg(const struct token *t, const char *what, uint64_t *us,
    struct errbuf *e)
{
	char clip[LEX_CLIPBUF];

	switch (cmd_parse_duration(t->text, us)) {
	case 0:
		return 0;
	case -2:
		return err_set(e, t->col, "%s %s out of range (0..1440m, a "
		    "day)", what, lex_clip(t->text, clip));
	}
	return err_set(e, t->col, "bad duration '%s' (e.g. 500ms, 2s, 1.5s)",
	    lex_clip(t->text, clip));
}

/* Peels "within DURATION" off the end of an argument list. */
static int
take_within(const struct token *t, int *n, struct cmd *c, struct errbuf *e)
{
	if (*n >= 2 && t[*n - 2].kind == TOK_WORD &&
	    strcmp(t[*n - 2].text, "within") == 0) {
		if (duration_arg(&t[*n - 1], "within", &c->dur_us, e) != 0)
			return -1;
		c->have_dur = 1;
		*n -= 2;
	} else if (*n >= 1 && t[*n - 1].kind == TOK_WORD &&
	    strcmp(t[*n - 1].text, "within") == 0)
		return err_set(e, t[*n - 1].col, "within needs a duration");
	return 0;
}

/* What an expect pattern may hold besides fields */
static const char *const kw_expect[] = { "within", "as", NULL };

/* "expect stat ESTABLISHED": a typo of none or state, which only the first
 * word may be.  No pattern starts with a word this close to either (the
 * fields, flags and payloads are all further), so saying so is safe. */
static int
expect_first_typo(const struct token *t, struct errbuf *e)
{
	static const char *const first[] = { "none", "state", NULL };
	struct lex_near nr;
	char hint[64];

	lex_near_init(&nr, t->text);
	lex_near_addv(&nr, first);
	if (nr.n == 0)
		return 0;
	err_set(e, t->col, "unknown word '%s'%s", t->text,
	    lex_near_hint(&nr, hint, sizeof(hint)));
	return 1;
}

/* "expect icmp [KIND]": icmp.c's names, either family's */
static int
parse_expect_icmp(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	char names[256];

	c->ekind = EX_ICMP;
	c->icmp_type = 0;
	c->icmp_code = -1;
	if (n == 1)
		return 0;
	if (n > 2) {
		icmp_kind_names(names, sizeof(names), "|");
		return err_set(e, t[2].col, "usage: expect icmp [%s]", names);
	}
	if (t[1].kind != TOK_WORD ||
	    icmp_kind_parse(t[1].text, &c->icmp_type, &c->icmp_code) != 0) {
		icmp_kind_names(names, sizeof(names), ", ");
		return err_set(e, t[1].col, "unknown ICMP error '%s' (%s)",
		    t[1].text, names);
	}
	return 0;
}

static int
parse_expect(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	int st, as = 0;

	/* "as NAME" and "within D" close the line, in either order */
	for (st = 0; st < 2; st++) {
		if (!as && n >= 2 && t[n - 2].kind == TOK_WORD &&
		    strcmp(t[n - 2].text, "as") == 0) {
			if (take_name(&t[n - 1], c->name, e) != 0)
				return -1;
			as = t[n - 2].col;
			n -= 2;
		}
		if (!c->have_dur && take_within(t, &n, c, e) != 0)
			return -1;
	}
	if (n == 0)
		return err_set(e, c->col + (int)strlen(d->name) + 1,
		    "usage: %s", d->usage);
	if (as && t[0].kind == TOK_WORD && (strcmp(t[0].text, "none") == 0 ||
	    strcmp(t[0].text, "state") == 0))
		return err_set(e, as, "as NAME keeps a segment: only after a "
		    "pattern");
	if (t[0].kind == TOK_WORD && strcmp(t[0].text, "none") == 0) {
		if (n > 1)
			return err_set(e, t[1].col, "expect none takes only "
			    "'within DURATION'");
		c->ekind = EX_NONE;
		return 0;
	}
	if (t[0].kind == TOK_WORD && strcmp(t[0].text, "state") == 0) {
		if (n != 2)
			return err_set(e, t[0].col, "usage: expect state STATE");
		if ((st = tcb_state_parse(t[1].text)) < 0)
			return err_set(e, t[1].col, "unknown state '%s' (CLOSED, "
			    "LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED, "
			    "FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, "
			    "LAST-ACK, TIME-WAIT)", t[1].text);
		c->ekind = EX_STATE;
		c->state = st;
		return 0;
	}
	if (t[0].kind == TOK_WORD && strcmp(t[0].text, "icmp") == 0)
		return parse_expect_icmp(t, n, c, e);
	if (t[0].kind == TOK_WORD && expect_first_typo(&t[0], e))
		return -1;
	c->ekind = EX_SEGMENT;
	if (segspec_parse_kw(t, n, SPM_PATTERN, kw_expect, &c->spec, e) != 0)
		return -1;
	c->have_spec = 1;
	return 0;
}

/* ----- one parser per argument kind: t[0..n) follow the command word */

static int
parse_none(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	if (n > 0)
		return err_set(e, t[0].col, "%s takes no arguments", d->name);
	return 0;
}

static int
parse_segment(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	/* "send "AB" ?": say what the peer should do (teach.c) */
	if (n > 0 && t[n - 1].kind == TOK_WORD &&
	    strcmp(t[n - 1].text, "?") == 0) {
		c->predict = 1;
		n--;
	}
	if (n == 0)
		return 0;
	if (segspec_parse(t, n, SPM_SEND, &c->spec, e) != 0)
		return -1;
	c->have_spec = 1;
	if (c->id == C_SEND && !(c->spec.set & SP_BIT(SP_DATA)) &&
	    !(c->spec.set & SP_BIT(SP_LEN)))
		return err_set(e, t[0].col, "send needs a payload: "
		    "\"text\", hex:414243, file:PATH or bytes:N");
	return 0;
}

static int
parse_duration_arg(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	if (n != 1)
		return err_set(e, n ? t[1].col : c->col, "usage: %s "
		    "(e.g. 500ms, 2s)", d->usage);
	if (duration_arg(&t[0], d->name, &c->dur_us, e) != 0)
		return -1;
	c->have_dur = 1;
	return 0;
}

static int
parse_name(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	if (n == 0 && c->id == C_CLOSE)
		return 0;
	if (n != 1)
		return err_set(e, n ? t[1].col : c->col, "usage: %s",
		    d->usage);
	return take_name(&t[0], c->name, e);
}

static int
parse_optnum(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	char *end;

	if (n == 0)
		return 0;
	c->n = strtol(t[0].text, &end, 10);
	if (n > 1 || *end != '\0' || c->n < 1)
		return err_set(e, t[0].col, "usage: %s (N as log numbers "
		    "them, from 1)", d->usage);
	c->have_n = 1;
	return 0;
}

static int
parse_set(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	char hint[96], clip[LEX_CLIPBUF];

	if (n == 0)
		return 0;
	if (t[0].kind != TOK_WORD || set_lookup(t[0].text) == NULL ||
	    t[0].len >= sizeof(c->key)) {
		set_hint(t[0].text, hint, sizeof(hint));
		return err_set(e, t[0].col, "unknown setting '%s'%s",
		    lex_clip(t[0].text, clip), hint[0] != '\0' ?
		    hint : " (set alone lists them)");
	}
	memcpy(c->key, t[0].text, t[0].len + 1);
	if (n == 1)
		return err_set(e, t[0].col, "set %s needs a value: %s",
		    c->key, set_lookup(c->key)->values);
	/* The value is the text of its tokens as typed: synopts holds
	 * a bracketed option list that the session parses itself. */
	c->val = strndup(line + t[1].col - 1,
	    (size_t)(t[n - 1].end - t[1].col));
	if (c->val == NULL)
		return err_set(e, t[1].col, "out of memory");
	return 0;
}

static char *
dup_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/* source FILE, include FILE, record FILE|stop, capture FILE|stop */
static int
parse_path(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	if (n != 1 || t[0].kind == TOK_LBRACK)
		return err_set(e, n ? t[0].col : c->col, "usage: %s",
		    d->usage);
	if ((d->args == A_CAPTURE || c->id == C_RECORD) &&
	    t[0].kind == TOK_WORD && strcmp(t[0].text, "stop") == 0) {
		c->stop = 1;
		return 0;
	}
	if ((c->path = dup_text(t[0].text)) == NULL)
		return err_set(e, t[0].col, "out of memory");
	return 0;
}

static int
parse_topic(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	if (n > 1)
		return err_set(e, t[1].col, "usage: %s", d->usage);
	if (n == 1) {
		if (t[0].len >= sizeof(c->key))
			return err_set(e, t[0].col, "no help on that");
		memcpy(c->key, t[0].text, t[0].len + 1);
	}
	return 0;
}

static int
parse_flood(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	return floodarg_parse(t, n, c, e);
}

static int
parse_probe(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	return floodarg_parse_probe(t, n, c, e);
}

static int
parse_trace(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	return floodarg_parse_trace(t, n, c, e);
}

static int
parse_replay(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	return replayarg_parse(t, n, c, e);
}

static int
parse_stream(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	return streamarg_parse(t, n, c, e);
}

/* ladder [FILE], peer [netns NAME]: an optional word kept in path */
static int
parse_optword(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	const char *p = NULL;

	if (d->args == A_LADDER && n == 1 && (t[0].kind == TOK_WORD ||
	    t[0].kind == TOK_STRING))
		p = t[0].text;
	else if (d->args == A_PEER && n == 2 && t[0].kind == TOK_WORD &&
	    strcmp(t[0].text, "netns") == 0 && t[1].kind == TOK_WORD)
		p = t[1].text;
	else if (n != 0)
		return err_set(e, t[0].col, "usage: %s", d->usage);
	if (p != NULL && (c->path = strdup(p)) == NULL)
		return err_set(e, t[0].col, "out of memory");
	return 0;
}

/* predict SEGMENT-COMMAND: parsed as the command it wraps */
static int
parse_predict(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	const struct cmd_def *in;

	if (n == 0 || t[0].kind != TOK_WORD ||
	    (in = cmd_lookup(t[0].text)) == NULL || in->args != A_SEGMENT)
		return err_set(e, n ? t[0].col : c->col, "predict "
		    "takes a segment command: syn, synack, ack, fin, "
		    "rst or send, e.g. predict rst seq 100");
	if (cmd_parse(t, n, line, c, e) != 0)
		return -1;
	c->predict = 1;
	return 0;
}

const struct cmd_kind cmd_kinds[] = {
	[A_NONE] =	{ parse_none, CC_NONE, NULL },
	[A_ENDPOINT] =	{ parse_endpoint_cmd, CC_NONE, NULL },
	[A_SEGMENT] =	{ parse_segment, CC_SEGMENT, NULL },
	[A_EXPECT] =	{ parse_expect, CC_EXPECT, NULL },
	[A_DURATION] =	{ parse_duration_arg, CC_NONE, NULL },
	[A_NAME] =	{ parse_name, CC_CONNS, NULL },
	[A_OPTNUM] =	{ parse_optnum, CC_NONE, NULL },
	[A_SET] =	{ parse_set, CC_SETTINGS, NULL },
	[A_PATH] =	{ parse_path, CC_FILES, NULL },
	[A_CAPTURE] =	{ parse_path, CC_FILES, NULL },
	[A_TOPIC] =	{ parse_topic, CC_COMMANDS, NULL },
	/* flood's own words (count, rate, random) are few */
	[A_FLOOD] =	{ parse_flood, CC_SEGMENT, NULL },
	[A_PROBE] =	{ parse_probe, CC_NONE, NULL },
	[A_TRACE] =	{ parse_trace, CC_NONE, NULL },
	[A_REPLAY] =	{ parse_replay, CC_FILES, NULL },
	[A_STREAM] =	{ parse_stream, CC_WORDS, streamarg_words },
	[A_LADDER] =	{ parse_optword, CC_FILES, NULL },
	[A_PEER] =	{ parse_optword, CC_NONE, NULL },
	[A_PREDICT] =	{ parse_predict, CC_NONE, NULL },
};
_Static_assert(sizeof(cmd_kinds) / sizeof(cmd_kinds[0]) == A_NKINDS,
    "an argument kind without a parser");
