/* test_lex.c - tokens, columns, comments, string escapes, errors */
#include "t.h"

#include "errbuf.h"
#include "lex.h"

TEST(lex_words_and_columns)
{
	struct toklist tl;
	struct errbuf e;

	T_EQ(lex_line("  syn seq 100", &tl, &e), 0);
	T_EQ(tl.n, 3);
	if (tl.n == 3) {
		T_STREQ(tl.t[0].text, "syn");
		T_EQ(tl.t[0].col, 3);
		T_EQ(tl.t[0].kind, TOK_WORD);
		T_STREQ(tl.t[1].text, "seq");
		T_EQ(tl.t[1].col, 7);
		T_STREQ(tl.t[2].text, "100");
		T_EQ(tl.t[2].col, 11);
		T_EQ(tl.t[2].len, 3);
	}
	lex_free(&tl);
	T_EQ(tl.n, 0);
	T_ASSERT(tl.t == NULL);
}

TEST(lex_punctuation)
{
	struct toklist tl;
	struct errbuf e;
	static const enum tok_kind want[] = {
		TOK_WORD, TOK_LBRACK, TOK_WORD, TOK_WORD, TOK_COMMA, TOK_WORD,
		TOK_WORD, TOK_LBRACE, TOK_WORD, TOK_RBRACE, TOK_RBRACK,
		TOK_SEMI, TOK_WORD,
	};
	int i;

	T_EQ(lex_line("options[mss 1460,sack 1{1:2}];ack", &tl, &e), 0);
	T_EQ(tl.n, (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < tl.n && i < (int)(sizeof(want) / sizeof(want[0])); i++)
		T_EQ(tl.t[i].kind, want[i]);
	if (tl.n == 13) {
		T_STREQ(tl.t[0].text, "options");
		T_EQ(tl.t[1].col, 8);
		T_STREQ(tl.t[1].text, "[");
		T_STREQ(tl.t[8].text, "1:2");
		T_EQ(tl.t[8].col, 25);
		T_EQ(tl.t[11].col, 30);
		T_STREQ(tl.t[12].text, "ack");
	}
	lex_free(&tl);
}

TEST(lex_comment)
{
	struct toklist tl;
	struct errbuf e;

	T_EQ(lex_line("ack # a comment \"unterminated", &tl, &e), 0);
	T_EQ(tl.n, 1);
	lex_free(&tl);

	T_EQ(lex_line("# only a comment", &tl, &e), 0);
	T_EQ(tl.n, 0);
	lex_free(&tl);

	/* '#' ends a word too: it is never part of one */
	T_EQ(lex_line("win#5", &tl, &e), 0);
	T_EQ(tl.n, 1);
	if (tl.n == 1)
		T_STREQ(tl.t[0].text, "win");
	lex_free(&tl);

	/* inside quotes it is just a character */
	T_EQ(lex_line("send \"a#b\" # c", &tl, &e), 0);
	T_EQ(tl.n, 2);
	if (tl.n == 2) {
		T_EQ(tl.t[1].kind, TOK_STRING);
		T_STREQ(tl.t[1].text, "a#b");
		T_EQ(tl.t[1].col, 6);
	}
	lex_free(&tl);
}

TEST(lex_empty)
{
	struct toklist tl;
	struct errbuf e;

	T_EQ(lex_line("", &tl, &e), 0);
	T_EQ(tl.n, 0);
	lex_free(&tl);
	T_EQ(lex_line(" \t\r\n", &tl, &e), 0);
	T_EQ(tl.n, 0);
	lex_free(&tl);
}

TEST(lex_string_escapes)
{
	struct toklist tl;
	struct errbuf e;
	static const char want[] = "a\\\"\n\r\t\0AZ\xff";

	T_EQ(lex_line("send \"a\\\\\\\"\\n\\r\\t\\0\\x41Z\\xFf\"x", &tl, &e),
	    0);
	T_EQ(tl.n, 3);
	if (tl.n == 3) {
		T_EQ(tl.t[1].kind, TOK_STRING);
		T_EQ(tl.t[1].len, sizeof(want) - 1);
		T_MEMEQ(tl.t[1].text, want, sizeof(want) - 1);
		T_EQ(tl.t[1].text[tl.t[1].len], '\0');
		/* a word may follow a string without a space */
		T_EQ(tl.t[2].kind, TOK_WORD);
		T_STREQ(tl.t[2].text, "x");
	}
	lex_free(&tl);

	T_EQ(lex_line("\"\"", &tl, &e), 0);
	T_EQ(tl.n, 1);
	if (tl.n == 1) {
		T_EQ(tl.t[0].kind, TOK_STRING);
		T_EQ(tl.t[0].len, 0);
	}
	lex_free(&tl);
}

TEST(lex_errors)
{
	struct toklist tl;
	struct errbuf e;

	err_clear(&e);
	T_EQ(lex_line("send \"abc", &tl, &e), -1);
	T_EQ(e.col, 6);
	T_ASSERT(strstr(e.msg, "unterminated") != NULL);
	T_EQ(tl.n, 0);
	lex_free(&tl);

	T_EQ(lex_line("send \"ab\\", &tl, &e), -1);
	T_EQ(e.col, 6);
	lex_free(&tl);

	T_EQ(lex_line("send \"ab\\q\"", &tl, &e), -1);
	T_EQ(e.col, 9);
	T_ASSERT(strstr(e.msg, "escape") != NULL);
	lex_free(&tl);

	T_EQ(lex_line("x \"\\x4\"", &tl, &e), -1);
	T_EQ(e.col, 4);
	lex_free(&tl);

	T_EQ(lex_line("x \"\\xg0\"", &tl, &e), -1);
	T_EQ(e.col, 4);
	lex_free(&tl);
}

TEST(lex_many_tokens)
{
	struct toklist tl;
	struct errbuf e;
	char line[2048];
	int i;

	line[0] = '\0';
	for (i = 0; i < 300; i++)
		strcat(line, "a,");
	T_EQ(lex_line(line, &tl, &e), 0);
	T_EQ(tl.n, 600);
	if (tl.n == 600) {
		T_EQ(tl.t[599].kind, TOK_COMMA);
		T_EQ(tl.t[599].col, 600);
	}
	lex_free(&tl);
}

/* The did-you-mean machinery every parser shares */
TEST(lex_near_hints)
{
	static const char *const cmds[] = { "send", "syn", "set", "seq",
	    NULL };
	struct lex_near nr;
	char buf[128];

	lex_near_init(&nr, "sned");
	lex_near_addv(&nr, cmds);
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)),
	    " (did you mean 'send'?)");
	/* ties, in the order offered */
	lex_near_init(&nr, "sen");
	lex_near_addv(&nr, cmds);
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)),
	    " (did you mean 'send', 'syn' or 'set'?)");
	/* a closer one replaces them; the word itself is no suggestion */
	lex_near_init(&nr, "set");
	lex_near_add(&nr, "sat");
	lex_near_add(&nr, "set");
	lex_near_add(&nr, "SET");
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)),
	    " (did you mean 'SET'?)");
	/* too far, too short or too long: nothing */
	lex_near_init(&nr, "xyzzy");
	lex_near_addv(&nr, cmds);
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)), "");
	lex_near_init(&nr, "s");
	lex_near_addv(&nr, cmds);
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)), "");
	lex_near_init(&nr, "sendsendsendsendsendsendsendsendsendsend");
	lex_near_add(&nr, "sendsendsendsendsendsendsendsendsendsend1");
	T_STREQ(lex_near_hint(&nr, buf, sizeof(buf)), "");
	/* a small buffer is cut, never overrun */
	lex_near_init(&nr, "sen");
	lex_near_addv(&nr, cmds);
	lex_near_hint(&nr, buf, 12);
	T_EQ(strlen(buf), 11);
}

TEST(lex_clip_long_words)
{
	char buf[LEX_CLIPBUF], w[100];

	T_STREQ(lex_clip("short", buf), "short");
	memset(w, 'a', sizeof(w) - 1);
	w[sizeof(w) - 1] = '\0';
	T_EQ(strlen(lex_clip(w, buf)), LEX_CLIP + 3);
	T_ASSERT(strcmp(lex_clip(w, buf) + LEX_CLIP, "...") == 0);
	w[LEX_CLIP] = '\0';
	T_STREQ(lex_clip(w, buf), w);
}

TEST(lex_single_quotes)
{
	struct toklist tl;
	struct errbuf e;
	char buf[64];

	T_EQ(lex_line("'hi'  there' x", &tl, &e), 0);
	T_EQ(lex_squote(tl.t, tl.n, buf, sizeof(buf)), 1);
	T_STREQ(buf, "\"hi\"");
	T_EQ(lex_squote(tl.t + 1, tl.n - 1, buf, sizeof(buf)), 0);
	lex_free(&tl);
	T_EQ(lex_line("'hi  there' x", &tl, &e), 0);
	T_EQ(lex_squote(tl.t, tl.n, buf, sizeof(buf)), 1);
	T_STREQ(buf, "\"hi  there\"");
	lex_free(&tl);
	/* too long to show: how, not what */
	T_EQ(lex_line("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", &tl, &e),
	    0);
	T_EQ(lex_squote(tl.t, tl.n, buf, 20), 1);
	T_STREQ(buf, "double quotes \"...\"");
	lex_free(&tl);
}

/* Issue 17: an error echoes a long line around the caret, not whole. */
TEST(lex_excerpt_bounded)
{
	char buf[LEX_ECHOBUF], line[10001];
	int caret;

	caret = lex_excerpt("syn seq x", 9, buf);
	T_STREQ(buf, "syn seq x");
	T_EQ(caret, 8);
	memset(line, 'g', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	line[5000] = 'X';
	caret = lex_excerpt(line, 5001, buf);
	T_EQ(strlen(buf), LEX_ECHO + 6);
	T_ASSERT(strncmp(buf, "...", 3) == 0);
	T_STREQ(buf + LEX_ECHO + 3, "...");
	T_EQ(buf[caret], 'X');
	/* at the start: nothing cut before */
	line[0] = 'A';
	caret = lex_excerpt(line, 1, buf);
	T_EQ(caret, 0);
	T_EQ(buf[0], 'A');
	T_EQ(strlen(buf), LEX_ECHO + 3);
	/* at the end, and a column past it (a missing value) */
	line[9999] = 'Z';
	caret = lex_excerpt(line, 10000, buf);
	T_EQ(buf[caret], 'Z');
	T_EQ(strlen(buf), LEX_ECHO + 3);
	caret = lex_excerpt(line, 10001, buf);
	T_EQ(caret, LEX_ECHO + 3);
	T_EQ(buf[caret], '\0');
	caret = lex_excerpt(line, 99999, buf);
	T_EQ(caret, LEX_ECHO + 3);
}
