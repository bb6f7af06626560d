/* cmdtab.c - the command table, the settings table and the command
 * parser's entry (the argument kinds' parsers are in cmdkind.c) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "lex.h"
#include "segspec.h"

const struct cmd_def cmd_defs[] = {
#define CMD(id, name, alias, args, usage, brief, help)			\
	[C_##id] = { name, alias, C_##id, args, usage, brief, help },
#include "cmdtab.def"
#undef CMD
};

const struct set_def set_defs[] = {
#define SET(id, key, type, values, dflt, brief)				\
	[S_##id] = { key, S_##id, type, values, dflt, brief },
#include "settab.def"
#undef SET
	[S_NKEYS] = { NULL, S_NKEYS, ST_ONOFF, NULL, NULL, NULL }
};

const struct cmd_def *
cmd_lookup(const char *name)
{
	int i;

	for (i = 0; i < C_NCMDS; i++) {
		if (strcmp(cmd_defs[i].name, name) == 0 ||
		    (cmd_defs[i].alias != NULL &&
		    strcmp(cmd_defs[i].alias, name) == 0))
			return &cmd_defs[i];
	}
	return NULL;
}

const struct set_def *
set_lookup(const char *key)
{
	int i;

	for (i = 0; set_defs[i].key != NULL; i++)
		if (strcmp(set_defs[i].key, key) == 0)
			return &set_defs[i];
	return NULL;
}

const char *
cmd_hint(const char *word, char *buf, size_t cap)
{
	struct lex_near nr;
	int i;

	lex_near_init(&nr, word);
	for (i = 0; i < C_NCMDS; i++) {
		lex_near_add(&nr, cmd_defs[i].name);
		/* "?" is no word to guess */
		if (cmd_defs[i].alias != NULL &&
		    isalpha((unsigned char)cmd_defs[i].alias[0]))
			lex_near_add(&nr, cmd_defs[i].alias);
	}
	return lex_near_hint(&nr, buf, cap);
}

int
cmd_parse_duration(const char *s, uint64_t *us)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || !(isdigit((unsigned char)*s) || *s == '.'))
		return -1;
	v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	if (strcmp(end, "ms") == 0)
		v *= 1e3;
	else if (strcmp(end, "s") == 0 || *end == '\0')
		v *= 1e6;
	else if (strcmp(end, "us") == 0)
		;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60e6;
	else
		return -1;
	if (v > CMD_MAXDUR_US)		/* a day: a typo, not a lab */
		return -2;
	*us = (uint64_t)(v + 0.5);
	return 0;
}

/* A dotted quad, strictly: four decimal bytes, no other spelling that
 * inet_aton would take ("127.1", "0x7f.0.0.1"). */
static int
parse_quad(const char *s, uint32_t *addr)
{
	unsigned long b[4];
	const char *p = s;
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		b[i] = strtoul(p, &end, 10);
		if (b[i] > 255 || end - p > 3)
			return -1;
		p = end;
		if (i < 3) {
			if (*p != '.')
				return -1;
			p++;
		}
	}
	if (*p != '\0')
		return -1;
	*addr = (uint32_t)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
	return 0;
}

/* -6: localhost (and a bare listen port) mean ::1 */
static int	prefer6;

void
cmd_prefer_ipv6(int on)
{
	prefer6 = on;
}

struct ipaddr
cmd_localhost(void)
{
	static const uint8_t one[16] = { [15] = 1 };

	return prefer6 ? ipaddr_v6(one) : ipaddr_v4(0x7f000001);
}

const char *
cmd_endpoint_str(const struct ipaddr *a, uint16_t port, char *buf,
    size_t len)
{
	char h[IPADDR_STRLEN];

	ipaddr_str(a, h, sizeof(h));
	snprintf(buf, len, a->af == AF_INET6 ? "[%s]:%u" : "%s:%u", h, port);
	return buf;
}

int
cmd_parse_addr(const char *s, struct ipaddr *addr)
{
	static const uint8_t one[16] = { [15] = 1 };
	uint32_t v4;

	if (strcmp(s, "localhost") == 0) {
		*addr = cmd_localhost();
		return 0;
	}
	if (strcmp(s, "localhost6") == 0 || strcmp(s, "ip6-localhost") == 0) {
		*addr = ipaddr_v6(one);
		return 0;
	}
	if (parse_quad(s, &v4) == 0) {
		*addr = ipaddr_v4(v4);
		return 0;
	}
	/* an IPv6 literal has a colon; a bare dotted quad never reaches
	 * here, so "1.2.3" is no IPv6 address either */
	if (strchr(s, ':') != NULL && ipaddr_parse(s, AF_INET6, addr) == 0)
		return 0;
	return -1;
}

static int
unknown_command(const struct token *t, struct errbuf *e)
{
	char hint[96], clip[LEX_CLIPBUF];

	cmd_hint(t->text, hint, sizeof(hint));
	return err_set(e, t->col, "unknown command '%s'%s",
	    lex_clip(t->text, clip), hint[0] != '\0' ? hint :
	    " (help lists them)");
}

int
cmd_parse(const struct token *t, int n, const char *line, struct cmd *c,
    struct errbuf *e)
{
	const struct cmd_def *d;

	memset(c, 0, sizeof(*c));
	if (n == 0 || t[0].kind != TOK_WORD)
		return err_set(e, n ? t[0].col : 1, "expected a command");
	if ((d = cmd_lookup(t[0].text)) == NULL)
		return unknown_command(&t[0], e);
	c->id = d->id;
	c->col = t[0].col;
	return cmd_kinds[d->args].parse(d, t + 1, n - 1, line, c, e);
}

void
cmd_free(struct cmd *c)
{
	if (c->have_spec)
		segspec_free(&c->spec);
	free(c->val);
	free(c->path);
	c->val = c->path = NULL;
	c->have_spec = 0;
}

/* One name a line: commands, their aliases, set keys, segment fields. */
int
cmdtab_list(FILE *f, const char *what)
{
	int i;

	if (strcmp(what, "commands") == 0)
		for (i = 0; i < C_NCMDS; i++)
			fprintf(f, "%s\n", cmd_defs[i].name);
	else if (strcmp(what, "aliases") == 0)
		for (i = 0; i < C_NCMDS; i++) {
			if (cmd_defs[i].alias != NULL)
				fprintf(f, "%s\n", cmd_defs[i].alias);
		}
	else if (strcmp(what, "settings") == 0)
		for (i = 0; i < S_NKEYS; i++)
			fprintf(f, "%s\n", set_defs[i].key);
	else if (strcmp(what, "fields") == 0)
		for (i = 0; segfield_name(i, SF_SPEC) != NULL; i++)
			fprintf(f, "%s\n", segfield_name(i, SF_SPEC));
	else
		return -1;
	return 0;
}
