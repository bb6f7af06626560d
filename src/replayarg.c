/* replayarg.c - the arguments of replay
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "replayarg.h"

/* "[ADDR:]PORT", an IPv6 address in brackets ("[::1]:7000"); a port
 * alone leaves 127.0.0.1, which replay_run takes as "this machine" (::1
 * for an IPv6 capture). */
static int
target(const struct token *t, struct cmd *c, struct errbuf *e)
{
	char buf[64], *colon, *end;
	const char *ps;
	unsigned long v;

	if (t->kind != TOK_WORD || t->len >= sizeof(buf))
		return err_set(e, t->col, "expected [ADDR:]PORT");
	memcpy(buf, t->text, t->len + 1);
	c->addr = ipaddr_v4(0x7f000001);
	c->have_target = REPLAY_PORT_ONLY;
	ps = buf;
	if (buf[0] == '[') {
		if ((colon = strstr(buf, "]:")) == NULL)
			return err_set(e, t->col, "expected [ADDR]:PORT, got "
			    "'%s'", t->text);
		colon++;
	} else if ((colon = strchr(buf, ':')) != NULL &&
	    strchr(colon + 1, ':') != NULL)
		return err_set(e, t->col, "an IPv6 address goes in brackets: "
		    "[ADDR]:PORT");
	if (colon != NULL) {
		*colon = '\0';
		if (cmd_parse_addr(buf, &c->addr) != 0)
			return err_set(e, t->col, "bad address '%s'", buf);
		c->have_target = REPLAY_ADDR_PORT;
		ps = colon + 1;
	}
	if (!isdigit((unsigned char)*ps))
		return err_set(e, t->col, "expected [ADDR:]PORT, got '%s'",
		    t->text);
	v = strtoul(ps, &end, 10);
	if (*end != '\0' || v == 0 || v > 65535)
		return err_set(e, t->col, "bad port '%s' (1-65535)", ps);
	c->port = (uint16_t)v;
	return 0;
}

int
replayarg_parse(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	int i;

	if (n < 1 || t[0].kind == TOK_LBRACK)
		return err_set(e, n ? t[0].col : c->col, "usage: %s",
		    cmd_defs[C_REPLAY].usage);
	if ((c->path = strdup(t[0].text)) == NULL)
		return err_set(e, t[0].col, "out of memory");
	strcpy(c->key, "client");
	for (i = 1; i < n; i++) {
		const char *w = t[i].text;

		if (t[i].kind != TOK_WORD)
			return err_set(e, t[i].col, "unexpected '%s' (usage: "
			    "%s)", w, cmd_defs[C_REPLAY].usage);
		if (strcmp(w, "client") == 0 || strcmp(w, "server") == 0)
			strcpy(c->key, w);
		else if (strcmp(w, "--realtime") == 0 ||
		    strcmp(w, "realtime") == 0)
			c->realtime = 1;
		else if (strcmp(w, "to") == 0 || strcmp(w, "on") == 0) {
			if (i + 1 >= n)
				return err_set(e, t[i].col, "%s needs "
				    "[ADDR:]PORT", w);
			if (target(&t[++i], c, e) != 0)
				return -1;
		} else
			return err_set(e, t[i].col, "unexpected '%s' (usage: "
			    "%s)", w, cmd_defs[C_REPLAY].usage);
	}
	return 0;
}
