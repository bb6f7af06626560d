/* test_cmdtab.c - the command parser's messages: suggestions, ranges,
 * quotes (issues 15 and 17) */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"
#include "segspec.h"
#include "t.h"

/* Expects line to fail to parse with exactly msg at col. */
static void
cmd_err(const char *line, const char *msg, int col)
{
	struct toklist tl;
	struct errbuf e;
	struct cmd c;

	err_clear(&e);
	T_EQ(lex_line(line, &tl, &e), 0);
	T_EQ(cmd_parse(tl.t, tl.n, line, &c, &e), -1);
	T_STREQ(e.msg, msg);
	T_EQ(e.col, col);
	cmd_free(&c);
	lex_free(&tl);
}

static int
cmd_ok(const char *line, struct cmd *c)
{
	struct toklist tl;
	struct errbuf e;
	int rc;

	if (lex_line(line, &tl, &e) != 0)
		return -2;
	rc = cmd_parse(tl.t, tl.n, line, c, &e);
	lex_free(&tl);
	return rc;
}

TEST(cmdtab_unknown_command_suggests)
{
	cmd_err("sned \"x\"", "unknown command 'sned' (did you mean 'send'?)",
	    1);
	cmd_err("  lisen 80", "unknown command 'lisen' (did you mean "
	    "'listen'?)", 3);
	cmd_err("SYN", "unknown command 'SYN' (did you mean 'syn'?)", 1);
	/* aliases are words too; "?" is not offered */
	cmd_err("slep 1", "unknown command 'slep' (did you mean 'sleep'?)", 1);
	/* ties: every nearest command */
	cmd_err("sen", "unknown command 'sen' (did you mean 'syn', 'send' or "
	    "'set'?)", 1);
	cmd_err("frobnicate", "unknown command 'frobnicate' (help lists them)",
	    1);
	cmd_err("x", "unknown command 'x' (help lists them)", 1);
	/* a long garbage word is not echoed whole in the message */
	cmd_err("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
	    "unknown command 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...' (help lists "
	    "them)", 1);
}

TEST(cmdtab_hint)
{
	char buf[64];

	T_STREQ(cmd_hint("conect", buf, sizeof(buf)),
	    " (did you mean 'connect'?)");
	T_STREQ(cmd_hint("zzzzzz", buf, sizeof(buf)), "");
}

/* Every keyword the position allows is a candidate, not only fields. */
TEST(cmdtab_keywords_suggested)
{
	cmd_err("expect S witin 2s", "unknown field 'witin' (did you mean "
	    "'within'?)", 10);
	cmd_err("expect S. ack 1 sa x", "unknown field 'sa' (did you mean "
	    "'as'?)", 17);
	cmd_err("expect stae ESTABLISHED", "unknown word 'stae' (did you mean "
	    "'state'?)", 8);
	cmd_err("expect noen", "unknown word 'noen' (did you mean 'none'?)",
	    8);
	/* within is no word of syn: the nearest field */
	cmd_err("syn wn 5", "unknown field 'wn' (did you mean 'win'?)", 5);
	cmd_err("connect 127.0.0.1:80 form 127.0.0.2", "unexpected 'form' "
	    "(did you mean 'from'?)", 22);
	cmd_err("listen 80 sa x", "unexpected 'sa' (did you mean 'as'?)", 11);
	cmd_err("listen 80 from x", "unexpected 'from' (usage: listen "
	    "[ADDR:]PORT [as NAME])", 11);
	cmd_err("set tiemout 2s", "unknown setting 'tiemout' (did you mean "
	    "'timeout'?)", 5);
	cmd_err("syn options [mss 1460,sackok,mms 5]", "unknown option "
	    "\"mms\" (did you mean 'mss'?)", 30);
	cmd_err("flood 127.0.0.1:80 S count 5 rtae 5", "unknown field 'rtae' "
	    "(did you mean 'rate'?)", 30);
	cmd_err("set colour on", "unknown setting 'colour' (set alone lists "
	    "them)", 5);
}

TEST(cmdtab_single_quotes)
{
	cmd_err("send 'hi'", "single quotes are not quotes here: use \"hi\"",
	    6);
	cmd_err("send 'hello world' seq 5", "single quotes are not quotes "
	    "here: use \"hello world\"", 6);
	cmd_err("expect P. 'hi' within 1s", "single quotes are not quotes "
	    "here: use \"hi\"", 11);
}

/* Too large is "out of range", not "not a number". */
TEST(cmdtab_ranges)
{
	struct cmd c;

	cmd_err("syn seq 99999999999", "seq 99999999999 out of range "
	    "(0..4294967295)", 9);
	cmd_err("ack win 70000", "win 70000 out of range (0..65535)", 9);
	cmd_err("syn ttl 256", "ttl 256 out of range (0..255)", 9);
	cmd_err("syn options [wscale 256]", "wscale 256 out of range (0..255)",
	    21);
	cmd_err("syn options [mss 99999999999999999999999]", "mss "
	    "99999999999999999999999 out of range (0..65535)", 18);
	cmd_err("connect 127.0.0.1:70000", "port 70000 out of range "
	    "(0..65535)", 19);
	cmd_err("connect 127.0.0.1:99999999999999999999999", "port "
	    "99999999999999999999999 out of range (0..65535)", 19);
	cmd_err("connect 127.0.0.1:http", "bad port 'http' (0..65535)", 19);
	cmd_err("listen 65536", "port 65536 out of range (0..65535)", 8);
	cmd_err("wait 100000s", "wait 100000s out of range (0..1440m, a day)",
	    6);
	cmd_err("expect S within 25h", "bad duration '25h' (e.g. 500ms, 2s, "
	    "1.5s)", 17);
	cmd_err("expect S within 1441m", "within 1441m out of range "
	    "(0..1440m, a day)", 17);
	cmd_err("wait 1s 2s", "usage: wait DURATION (e.g. 500ms, 2s)", 9);
	/* the edges are accepted */
	T_EQ(cmd_ok("syn seq 4294967295 win 65535 ttl 255", &c), 0);
	cmd_free(&c);
	T_EQ(cmd_ok("wait 1440m", &c), 0);
	T_EQ(c.dur_us, CMD_MAXDUR_US);
	cmd_free(&c);
	T_EQ(cmd_ok("connect 127.0.0.1:65535", &c), 0);
	T_EQ(c.port, 65535);
	cmd_free(&c);
}

/* expect's first word is taken for a typo of none or state only when no
 * pattern could start with it: never for a field or a flags word. */
TEST(cmdtab_expect_first_word_fields)
{
	static const char *const flags[] = { "S", "S.", "R.", "F.", "P.",
	    "SEW", "FP.", "none", "state", NULL };
	struct toklist tl;
	struct errbuf e;
	struct cmd c;
	char line[64];
	int i;

	for (i = 0; segfield_name(i, SF_SPEC) != NULL; i++) {
		snprintf(line, sizeof(line), "expect %s 1",
		    segfield_name(i, SF_SPEC));
		T_EQ(lex_line(line, &tl, &e), 0);
		err_clear(&e);
		cmd_parse(tl.t, tl.n, line, &c, &e);
		if (strncmp(e.msg, "unknown word", 12) == 0)
			t_fail(__FILE__, __LINE__, "%s: %s", line, e.msg);
		cmd_free(&c);
		lex_free(&tl);
	}
	for (i = 0; flags[i] != NULL; i++) {
		snprintf(line, sizeof(line), "expect %s", flags[i]);
		T_EQ(lex_line(line, &tl, &e), 0);
		err_clear(&e);
		cmd_parse(tl.t, tl.n, line, &c, &e);
		if (strncmp(e.msg, "unknown word", 12) == 0)
			t_fail(__FILE__, __LINE__, "%s: %s", line, e.msg);
		cmd_free(&c);
		lex_free(&tl);
	}
}

/* The tables themselves (issue 10): each row is where its id says, every
 * argument kind has a parser, names are unique, and each setting's
 * default is a value of its type that its help line agrees with. */
TEST(cmdtab_rows_consistent)
{
	const struct cmd_def *d;
	int i, j;

	for (i = 0; i < C_NCMDS; i++) {
		d = &cmd_defs[i];
		T_EQ(d->id, i);
		T_ASSERT(d->name != NULL && d->usage != NULL &&
		    d->brief != NULL);
		T_ASSERT((int)d->args >= 0 && d->args < A_NKINDS);
		T_ASSERT(cmd_kinds[d->args].parse != NULL);
		T_ASSERT(cmd_kinds[d->args].compl != CC_WORDS ||
		    cmd_kinds[d->args].words != NULL);
		/* the usage starts with the name help and the man page show */
		T_EQ(strncmp(d->usage, d->name, strlen(d->name)), 0);
		T_ASSERT(cmd_lookup(d->name) == d);
		if (d->alias != NULL)
			T_ASSERT(cmd_lookup(d->alias) == d);
		for (j = 0; j < i; j++) {
			T_ASSERT(strcmp(cmd_defs[j].name, d->name) != 0);
			T_ASSERT(d->alias == NULL || cmd_defs[j].alias == NULL ||
			    strcmp(cmd_defs[j].alias, d->alias) != 0);
		}
	}
}

TEST(cmdtab_settings_defaults)
{
	const struct set_def *d;
	const char *p;
	uint64_t us;
	int i, j;

	for (i = 0; i < S_NKEYS; i++) {
		d = &set_defs[i];
		T_EQ(d->id, i);
		T_ASSERT(set_lookup(d->key) == d);
		for (j = 0; j < i; j++)
			T_ASSERT(strcmp(set_defs[j].key, d->key) != 0);
		if (d->dflt == NULL)
			continue;
		switch (d->type) {
		case ST_ONOFF:
			T_ASSERT(strcmp(d->dflt, "on") == 0 ||
			    strcmp(d->dflt, "off") == 0);
			break;
		case ST_DURATION:
			T_EQ(cmd_parse_duration(d->dflt, &us), 0);
			break;
		case ST_CHOICE:
			T_EQ(strncmp(d->values, d->dflt, strlen(d->dflt)), 0);
			break;
		default:
			break;
		}
		/* "(default 2s)" in the help line says what the row does */
		if ((p = strstr(d->brief, "(default ")) != NULL &&
		    strstr(p, d->dflt) == NULL)
			t_fail(__FILE__, __LINE__, "set %s: default %s, help "
			    "says %s", d->key, d->dflt, p);
	}
	T_ASSERT(set_defs[S_NKEYS].key == NULL);
}

TEST(cmdtab_list_tables)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	T_ASSERT((f = open_memstream(&buf, &len)) != NULL);
	T_EQ(cmdtab_list(f, "commands"), 0);
	T_EQ(cmdtab_list(f, "aliases"), 0);
	T_EQ(cmdtab_list(f, "settings"), 0);
	T_EQ(cmdtab_list(f, "fields"), 0);
	T_EQ(cmdtab_list(f, "verbs"), -1);
	fclose(f);
	T_ASSERT(strncmp(buf, "connect\nlisten\n", 15) == 0);
	T_ASSERT(strstr(buf, "\npredict\ndata\nsleep\nhistory\n?\nexit\n"
	    "absolute\n") != NULL);
	T_ASSERT(strstr(buf, "\nascii\npmtu\nverbose\nflags\n") != NULL);
	free(buf);
}
