/* test_tcpopt.c - TCP options: encode, decode, format, parse, round trips */
#include <stdint.h>
#include <stdlib.h>

#include "t.h"

#include "errbuf.h"
#include "lex.h"
#include "seg.h"
#include "tcpopt.h"

static const uint8_t linux_syn[20] = {
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x03, 0x03, 0x07,
};

/* Parses text (the inside of options [...]) through the real lexer. */
static int
parse_str(const char *text, struct tcpopt *o, int max, struct errbuf *e)
{
	struct toklist tl;
	int n;

	if (lex_line(text, &tl, e) == -1)
		return -2;
	n = tcpopt_parse(tl.t, tl.n, o, max, e);
	lex_free(&tl);
	return n;
}

static const char *
fmt(const struct tcpopt *o, int n, const struct optctx *oc)
{
	static char buf[512];

	tcpopt_format(buf, sizeof(buf), o, n, oc);
	return buf;
}

TEST(tcpopt_encode_linux_syn)
{
	struct tcpopt o[5];
	struct errbuf e;
	uint8_t out[40];
	uint8_t len = 99;

	memset(o, 0, sizeof(o));
	o[0].kind = TCPOPT_MSS; o[0].u.mss = 1460;
	o[1].kind = TCPOPT_SACKOK;
	o[2].kind = TCPOPT_TS; o[2].u.ts.val = 1; o[2].u.ts.ecr = 0;
	o[3].kind = TCPOPT_NOP;
	o[4].kind = TCPOPT_WSCALE; o[4].u.wscale = 7;
	T_EQ(tcpopt_encode(o, 5, out, &len, &e), 0);
	T_EQ(len, 20);
	T_MEMEQ(out, linux_syn, 20);
	T_STREQ(fmt(o, 5, NULL),
	    "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7");
}

TEST(tcpopt_encode_pads_with_eol)
{
	struct tcpopt o[2];
	struct errbuf e;
	uint8_t out[40];
	uint8_t len;
	static const uint8_t want[8] = { 2, 4, 0x05, 0xb4, 4, 2, 0, 0 };

	memset(o, 0, sizeof(o));
	memset(out, 0xee, sizeof(out));
	o[0].kind = TCPOPT_MSS; o[0].u.mss = 1460;
	o[1].kind = TCPOPT_SACKOK;
	T_EQ(tcpopt_encode(o, 2, out, &len, &e), 0);
	T_EQ(len, 8);
	T_MEMEQ(out, want, 8);

	/* one NOP pads to 4 */
	o[0].kind = TCPOPT_NOP;
	T_EQ(tcpopt_encode(o, 1, out, &len, &e), 0);
	T_EQ(len, 4);
	T_EQ(out[0], 1);
	T_EQ(out[1], 0);
	T_EQ(out[3], 0);

	/* nothing is nothing */
	T_EQ(tcpopt_encode(o, 0, out, &len, &e), 0);
	T_EQ(len, 0);
}

TEST(tcpopt_encode_overflow)
{
	struct tcpopt o[6];
	struct errbuf e;
	uint8_t out[40];
	uint8_t len;
	int i;

	memset(o, 0, sizeof(o));
	for (i = 0; i < 4; i++)
		o[i].kind = TCPOPT_TS;
	T_EQ(tcpopt_encode(o, 4, out, &len, &e), 0);
	T_EQ(len, 40);
	o[4].kind = TCPOPT_NOP;
	err_clear(&e);
	T_EQ(tcpopt_encode(o, 5, out, &len, &e), -1);
	T_ASSERT(strstr(e.msg, "\"nop\"") != NULL);
	T_ASSERT(strstr(e.msg, "40") != NULL);

	/* a 34-byte sack then TS: the TS is named */
	memset(o, 0, sizeof(o));
	o[0].kind = TCPOPT_SACK;
	o[0].nsack = 4;
	o[1].kind = TCPOPT_TS;
	o[1].u.ts.val = 5;
	err_clear(&e);
	T_EQ(tcpopt_encode(o, 2, out, &len, &e), -1);
	T_ASSERT(strstr(e.msg, "TS val 5 ecr 0") != NULL);

	/* padding never pushes past 40: 36 + nop pads to exactly 40 */
	memset(o, 0, sizeof(o));
	o[0].kind = TCPOPT_SACK; o[0].nsack = 4;		/* 34 */
	o[1].kind = TCPOPT_MSS;				/* 38 */
	o[2].kind = TCPOPT_NOP;				/* 39 */
	T_EQ(tcpopt_encode(o, 3, out, &len, &e), 0);
	T_EQ(len, 40);

	/* sack with no blocks cannot be encoded */
	memset(o, 0, sizeof(o));
	o[0].kind = TCPOPT_SACK;
	T_EQ(tcpopt_encode(o, 1, out, &len, &e), -1);
}

TEST(tcpopt_decode_linux_syn)
{
	struct tcpopt o[SEG_MAXOPT];
	uint8_t out[40];
	uint8_t len;
	struct errbuf e;
	int n, bad = 7;

	n = tcpopt_decode(linux_syn, sizeof(linux_syn), o, SEG_MAXOPT, &bad);
	T_EQ(n, 5);
	T_EQ(bad, 0);
	T_EQ(o[0].kind, TCPOPT_MSS);
	T_EQ(o[0].len, 4);
	T_EQ(o[0].u.mss, 1460);
	T_EQ(o[0].datalen, 2);
	T_EQ(o[2].u.ts.val, 1);
	T_EQ(o[3].kind, TCPOPT_NOP);
	T_EQ(o[3].len, 1);
	T_EQ(o[4].u.wscale, 7);
	T_EQ(o[4].data[0], 7);
	T_STREQ(fmt(o, n, NULL),
	    "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7");
	T_EQ(tcpopt_encode(o, n, out, &len, &e), 0);
	T_EQ(len, 20);
	T_MEMEQ(out, linux_syn, 20);
}

TEST(tcpopt_decode_sack_relative)
{
	static const uint8_t b[20] = {
		1, 1, 5, 18,
		0, 0, 0x03, 0xe9, 0, 0, 0x03, 0xeb,	/* 1001:1003 */
		0, 0, 0x03, 0xed, 0, 0, 0x03, 0xf2,	/* 1005:1010 */
	};
	struct tcpopt o[SEG_MAXOPT];
	struct optctx rel = { 1, 1000 }, abs = { 0, 1000 };
	int n, bad;

	n = tcpopt_decode(b, sizeof(b), o, SEG_MAXOPT, &bad);
	T_EQ(n, 3);
	T_EQ(bad, 0);
	T_EQ(o[2].nsack, 2);
	T_STREQ(fmt(o, n, &rel), "nop,nop,sack 2 {1:3}{5:10}");
	T_STREQ(fmt(o, n, &abs), "nop,nop,sack 2 {1001:1003}{1005:1010}");
	T_STREQ(fmt(o, n, NULL), "nop,nop,sack 2 {1001:1003}{1005:1010}");
}

TEST(tcpopt_decode_eol)
{
	static const uint8_t pad[8] = { 2, 4, 0x05, 0xb4, 0, 0, 0, 0 };
	static const uint8_t junk[8] = { 2, 4, 0x05, 0xb4, 0, 0, 7, 0 };
	struct tcpopt o[SEG_MAXOPT];
	uint8_t out[40];
	uint8_t len;
	struct errbuf e;
	int n, bad;

	n = tcpopt_decode(pad, sizeof(pad), o, SEG_MAXOPT, &bad);
	T_EQ(n, 2);
	T_EQ(bad, 0);
	T_STREQ(fmt(o, n, NULL), "mss 1460,eol");

	n = tcpopt_decode(junk, sizeof(junk), o, SEG_MAXOPT, &bad);
	T_EQ(n, 3);
	T_EQ(bad, 1);
	T_EQ(o[2].kind, 0);
	T_ASSERT(o[2].bad != 0);
	T_ASSERT(o[2].raw != 0);
	T_STREQ(fmt(o, n, NULL), "mss 1460,eol,hex 000700 [after eol]");
	T_EQ(tcpopt_encode(o, n, out, &len, &e), 0);
	T_EQ(len, 8);
	T_MEMEQ(out, junk, 8);
}

TEST(tcpopt_decode_unknown_kind)
{
	static const uint8_t b[8] = { 30, 4, 0x0a, 0x0b, 99, 2, 1, 1 };
	struct tcpopt o[SEG_MAXOPT];
	int n, bad;

	n = tcpopt_decode(b, sizeof(b), o, SEG_MAXOPT, &bad);
	T_EQ(n, 4);
	T_EQ(bad, 0);
	T_STREQ(fmt(o, n, NULL), "kind 30 hex 0a0b,kind 99,nop,nop");
}

struct badcase {
	uint8_t		 b[12];
	size_t		 len;
	int		 n;		/* options decoded */
	int		 which;		/* index of the bad one */
	int		 why;		/* OPTBAD_* */
	const char	*text;
};

static const struct badcase badcases[] = {
	{ { 1, 2 }, 2, 2, 1, OPTBAD_TRUNC, "nop,kind 2 [bad len missing]" },
	{ { 2, 1, 5, 0xb4 }, 4, 1, 0, OPTBAD_LEN, "kind 2 hex 05b4 [bad len 1]" },
	{ { 2, 0 }, 2, 1, 0, OPTBAD_LEN, "kind 2 [bad len 0]" },
	{ { 2, 9, 5, 0xb4 }, 4, 1, 0, OPTBAD_LEN, "kind 2 hex 05b4 [bad len 9]" },
	{ { 2, 3, 5, 1 }, 4, 2, 0, OPTBAD_SIZE, "kind 2 hex 05 [bad len 3],nop" },
	{ { 3, 4, 7, 0, 1, 1, 1, 1 }, 8, 5, 0, OPTBAD_SIZE,
	    "kind 3 hex 0700 [bad len 4],nop,nop,nop,nop" },
	{ { 4, 3, 0, 1 }, 4, 2, 0, OPTBAD_SIZE, "kind 4 hex 00 [bad len 3],nop" },
	{ { 5, 6, 1, 2, 3, 4, 1, 1 }, 8, 3, 0, OPTBAD_SIZE,
	    "kind 5 hex 01020304 [bad len 6],nop,nop" },
	{ { 5, 2, 1, 1 }, 4, 3, 0, OPTBAD_SIZE, "kind 5 [bad len 2],nop,nop" },
	{ { 8, 6, 0, 0, 0, 1, 1, 1 }, 8, 3, 0, OPTBAD_SIZE,
	    "kind 8 hex 00000001 [bad len 6],nop,nop" },
	{ { 1, 1, 1, 30 }, 4, 4, 3, OPTBAD_TRUNC,
	    "nop,nop,nop,kind 30 [bad len missing]" },
};

TEST(tcpopt_decode_malformed)
{
	struct tcpopt o[SEG_MAXOPT];
	uint8_t out[40];
	uint8_t len;
	struct errbuf e;
	size_t i;
	int n, bad;

	for (i = 0; i < sizeof(badcases) / sizeof(badcases[0]); i++) {
		const struct badcase *c = &badcases[i];

		n = tcpopt_decode(c->b, c->len, o, SEG_MAXOPT, &bad);
		T_EQ(n, c->n);
		T_EQ(bad, 1);
		if (n != c->n)
			continue;
		T_EQ(o[c->which].bad, c->why);
		T_STREQ(fmt(o, n, NULL), c->text);
		/* the raw bytes survive: encoding gives the input back,
		 * padded to a word */
		T_EQ(tcpopt_encode(o, n, out, &len, &e), 0);
		T_EQ(len, (c->len + 3) / 4 * 4);
		T_MEMEQ(out, c->b, c->len);
	}
}

TEST(tcpopt_decode_bounded)
{
	uint8_t b[64];
	struct tcpopt o[SEG_MAXOPT];
	size_t len;
	int n, bad;

	/* every prefix of a good option list decodes without reading
	 * further (ASan checks) and says bad only when cut mid-option */
	for (len = 0; len <= sizeof(linux_syn); len++) {
		uint8_t *p = malloc(len ? len : 1);

		memcpy(p, linux_syn, len);
		n = tcpopt_decode(p, len, o, SEG_MAXOPT, &bad);
		T_ASSERT(n >= 0 && n <= 5);
		if (len == 0 || len == 4 || len == 6 || len == 16 ||
		    len == 17 || len == 20)
			T_EQ(bad, 0);
		else
			T_EQ(bad, 1);
		free(p);
	}
	/* 40 NOPs are 40 options; max stops early */
	memset(b, 1, sizeof(b));
	T_EQ(tcpopt_decode(b, 40, o, SEG_MAXOPT, &bad), 40);
	T_EQ(tcpopt_decode(b, 40, o, 3, &bad), 3);
	/* more than 40 bytes is clamped to what a header can hold */
	T_EQ(tcpopt_decode(b, sizeof(b), o, SEG_MAXOPT, &bad), 40);
	/* a long kind-len claiming everything */
	b[0] = 30;
	b[1] = 255;
	n = tcpopt_decode(b, 40, o, SEG_MAXOPT, &bad);
	T_EQ(n, 1);
	T_EQ(o[0].datalen, 38);
	T_EQ(bad, 1);
}

TEST(tcpopt_parse_forms)
{
	struct tcpopt o[SEG_MAXOPT];
	struct errbuf e;
	uint8_t out[40];
	uint8_t len;
	int n;

	n = parse_str("mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7", o,
	    SEG_MAXOPT, &e);
	T_EQ(n, 5);
	T_EQ(tcpopt_encode(o, n, out, &len, &e), 0);
	T_EQ(len, 20);
	T_MEMEQ(out, linux_syn, 20);
	T_EQ(o[0].len, 4);
	T_EQ(o[0].datalen, 2);
	T_EQ(o[0].data[0], 0x05);

	n = parse_str("sack 1:2 5:9", o, SEG_MAXOPT, &e);
	T_EQ(n, 1);
	T_EQ(o[0].nsack, 2);
	T_EQ(o[0].u.sack[1].left, 5);
	T_EQ(o[0].u.sack[1].right, 9);
	T_STREQ(fmt(o, n, NULL), "sack 2 {1:2}{5:9}");

	n = parse_str("sack 2 {1:2}{5:9}", o, SEG_MAXOPT, &e);
	T_EQ(n, 1);
	T_EQ(o[0].nsack, 2);
	T_EQ(o[0].u.sack[0].right, 2);
	T_EQ(o[0].u.sack[1].right, 9);

	n = parse_str("sack {0x10:0x20}", o, SEG_MAXOPT, &e);
	T_EQ(n, 1);
	T_EQ(o[0].u.sack[0].left, 16);

	n = parse_str("kind 30 hex 0a0b, kind 31, eol, ts VAL 3 ECR 4, "
	    "SACKOK", o, SEG_MAXOPT, &e);
	T_EQ(n, 5);
	T_STREQ(fmt(o, n, NULL),
	    "kind 30 hex 0a0b,kind 31,eol,TS val 3 ecr 4,sackOK");
	T_EQ(tcpopt_encode(o, n, out, &len, &e), 0);
	T_EQ(len, 20);
	T_EQ(out[0], 30);
	T_EQ(out[1], 4);
	T_EQ(out[4], 31);
	T_EQ(out[5], 2);
	T_EQ(out[6], 0);

	T_EQ(parse_str("", o, SEG_MAXOPT, &e), 0);
	T_EQ(parse_str("kind 2 hex 0x05b4", o, SEG_MAXOPT, &e), 1);
	T_EQ(o[0].datalen, 2);
	T_EQ(o[0].data[1], 0xb4);
}

struct errcase {
	const char	*text;
	int		 col;
	const char	*word;		/* in the message */
};

static const struct errcase errcases[] = {
	{ "mss", 4, "mss" },
	{ "mss 70000", 5, "65535" },
	{ "mss x", 5, "number" },
	{ "mss 1 2", 7, "unexpected" },
	{ "wscale 256", 8, "255" },
	{ "foo 1", 1, "unknown option" },
	{ "mss 1,", 6, "after" },
	{ ",mss 1", 1, "empty" },
	{ "nop,,nop", 5, "empty" },
	{ "TS val 1", 9, "ecr" },
	{ "TS 1 2", 4, "val" },
	{ "sack", 5, "block" },
	{ "sack 3 {1:2}", 6, "count" },
	{ "sack 1:x", 8, "number" },
	{ "sack 1-2", 6, "L:R" },
	{ "sack 1:2 3:4 5:6 7:8 9:10", 22, "blocks" },
	{ "sack {1:2", 10, "}" },
	{ "kind", 5, "kind" },
	{ "kind 300", 6, "255" },
	{ "kind 30 hex 0a0", 13, "odd" },
	{ "kind 30 hex 0z", 14, "hex digit" },
	{ "kind 30 hex", 12, "hex" },
	{ "nop 1", 5, "unexpected" },
	{ "[", 1, "name" },
};

TEST(tcpopt_parse_errors)
{
	struct tcpopt o[SEG_MAXOPT];
	struct errbuf e;
	size_t i;

	for (i = 0; i < sizeof(errcases) / sizeof(errcases[0]); i++) {
		err_clear(&e);
		T_EQ(parse_str(errcases[i].text, o, SEG_MAXOPT, &e), -1);
		T_EQ(e.col, errcases[i].col);
		if (strstr(e.msg, errcases[i].word) == NULL)
			t_fail(__FILE__, __LINE__, "\"%s\": message \"%s\" "
			    "lacks \"%s\"", errcases[i].text, e.msg,
			    errcases[i].word);
	}
	/* more options than room */
	T_EQ(parse_str("nop,nop,nop", o, 2, &e), -1);
	T_EQ(e.col, 9);
}

/* decode -> format -> parse -> encode gives the same bytes, good or bad */
TEST(tcpopt_roundtrip_text)
{
	static const uint8_t cases[][12] = {
		{ 2, 4, 5, 0xb4, 4, 2, 3, 3, 7, 0, 0, 0 },
		{ 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2 },
		{ 30, 4, 10, 11, 2, 3, 5, 1, 1, 1, 1, 1 },
		{ 2, 4, 5, 0xb4, 0, 9, 9, 9, 0, 0, 0, 0 },
		{ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8 },
		{ 1, 1, 1, 1, 1, 1, 1, 1, 2, 30, 1, 2 },
		{ 8, 10, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0 },
	};
	struct tcpopt o[SEG_MAXOPT], p[SEG_MAXOPT];
	struct errbuf e;
	char text[512];
	uint8_t out[40];
	uint8_t len;
	size_t i;
	int n, m, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = tcpopt_decode(cases[i], 12, o, SEG_MAXOPT, &bad);
		tcpopt_format(text, sizeof(text), o, n, NULL);
		err_clear(&e);
		m = parse_str(text, p, SEG_MAXOPT, &e);
		if (m != n)
			t_fail(__FILE__, __LINE__, "\"%s\": %d options back, "
			    "%d decoded (%s at %d)", text, m, n, e.msg, e.col);
		if (m < 0)
			continue;
		T_EQ(tcpopt_encode(p, m, out, &len, &e), 0);
		T_EQ(len, 12);
		T_MEMEQ(out, cases[i], 12);
	}
}

/* the longest things a 40-byte option area can hold survive the text */
TEST(tcpopt_roundtrip_extremes)
{
	uint8_t b[40], out[40];
	struct tcpopt o[SEG_MAXOPT], p[SEG_MAXOPT];
	struct errbuf e;
	char text[512];
	uint8_t len;
	int n, m, bad, which;

	for (which = 0; which < 3; which++) {
		memset(b, 0xab, sizeof(b));
		if (which == 0)
			b[0] = 0;		/* eol + 39 bytes of junk */
		else if (which == 1) {
			b[0] = 30;		/* one 40-byte option */
			b[1] = 40;
		} else {
			b[0] = 8;		/* runs past, kept as is */
			b[1] = 200;
		}
		n = tcpopt_decode(b, sizeof(b), o, SEG_MAXOPT, &bad);
		tcpopt_format(text, sizeof(text), o, n, NULL);
		m = parse_str(text, p, SEG_MAXOPT, &e);
		T_EQ(m, n);
		if (m != n) {
			t_fail(__FILE__, __LINE__, "%s: %s", text, e.msg);
			continue;
		}
		T_EQ(tcpopt_encode(p, m, out, &len, &e), 0);
		T_EQ(len, 40);
		T_MEMEQ(out, b, 40);
	}
}

TEST(tcpopt_format_truncates)
{
	struct tcpopt o[2];
	char buf[8];
	size_t n;

	memset(o, 0, sizeof(o));
	o[0].kind = TCPOPT_TS;
	o[0].u.ts.val = 123456;
	n = tcpopt_format(buf, sizeof(buf), o, 1, NULL);
	T_EQ(n, 7);
	T_STREQ(buf, "TS val ");
	T_EQ(tcpopt_format(buf, 1, o, 1, NULL), 0);
	T_EQ(buf[0], '\0');
}

TEST(tcpopt_names_table)
{
	const char *want[] = { "mss", "sackOK", "TS", "nop", "wscale",
	    "sack", "eol", "kind" };
	size_t i, j;
	int found;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		found = 0;
		for (j = 0; tcpopt_names[j] != NULL; j++)
			if (strcmp(tcpopt_names[j], want[i]) == 0)
				found = 1;
		if (!found)
			t_fail(__FILE__, __LINE__, "no \"%s\" in names",
			    want[i]);
	}
	T_STREQ(tcpopt_name(TCPOPT_SACKOK), "sackOK");
	T_ASSERT(tcpopt_name(30) == NULL);
	T_EQ(tcpopt_kind("ts"), TCPOPT_TS);
	T_EQ(tcpopt_kind("sackok"), TCPOPT_SACKOK);
	T_EQ(tcpopt_kind("kind"), -1);
}

/* Patterns: "*" where the table allows it, each option's bits apart */
TEST(tcpopt_parse_pat_stars)
{
	struct toklist tl;
	struct tcpopt o[4];
	struct errbuf e;
	uint8_t wild[4];
	char buf[128];

	memset(wild, 0, sizeof(wild));
	T_EQ(lex_line("mss *,nop,TS val 7 ecr *,wscale 3", &tl, &e), 0);
	T_EQ(tcpopt_parse_pat(tl.t, tl.n, o, 4, wild, &e), 4);
	lex_free(&tl);
	T_EQ(wild[0], TCPOPT_WILD1);
	T_EQ(wild[1], 0);
	T_EQ(wild[2], TCPOPT_WILD2);
	T_EQ(wild[3], 0);
	T_EQ(o[2].u.ts.val, 7);
	tcpopt_format_pat(buf, sizeof(buf), o, 4, wild, NULL);
	T_STREQ(buf, "mss *,nop,TS val 7 ecr *,wscale 3");

	/* the list in the message is the table's */
	T_EQ(lex_line("sack *", &tl, &e), 0);
	T_EQ(tcpopt_parse_pat(tl.t, tl.n, o, 4, wild, &e), -1);
	lex_free(&tl);
	T_STREQ(e.msg, "'*' only for mss, wscale, TS val and TS ecr; "
	    "options [...] matches any");
	T_EQ(e.col, 6);
	/* outside patterns a star is no number */
	T_EQ(parse_str("mss *", o, 4, &e), -1);
	T_STREQ(e.msg, "mss: expected a number, not \"*\"");
}

TEST(tcpopt_match_values)
{
	struct tcpopt p, s;

	memset(&p, 0, sizeof(p));
	p.kind = TCPOPT_TS;
	p.u.ts.val = 1;
	p.u.ts.ecr = 2;
	s = p;
	s.u.ts.val = 9;
	T_EQ(tcpopt_match(&p, 0, &s, 0), 0);
	T_EQ(tcpopt_match(&p, TCPOPT_WILD1, &s, 0), 1);
	T_EQ(tcpopt_match(&p, TCPOPT_WILD2, &s, 0), 0);
	/* SACK edges of the segment are taken less the base */
	memset(&p, 0, sizeof(p));
	p.kind = TCPOPT_SACK;
	p.nsack = 1;
	p.u.sack[0].left = 1;
	p.u.sack[0].right = 5;
	s = p;
	s.u.sack[0].left = 101;
	s.u.sack[0].right = 105;
	T_EQ(tcpopt_match(&p, 0, &s, 100), 1);
	T_EQ(tcpopt_match(&p, 0, &s, 0), 0);
	/* a malformed segment option matches no parsed one */
	s.bad = OPTBAD_SIZE;
	T_EQ(tcpopt_match(&p, 0, &s, 100), 0);
}

/* sync fills the bytes from the value; value reads raw bytes back */
TEST(tcpopt_sync_and_value)
{
	struct tcpopt o, v;
	struct errbuf e;

	memset(&o, 0, sizeof(o));
	o.kind = TCPOPT_MSS;
	o.u.mss = 1460;
	T_EQ(tcpopt_sync(&o, &e), 0);
	T_EQ(o.len, 4);
	T_EQ(o.datalen, 2);
	T_EQ(o.data[0], 0x05);
	T_EQ(o.data[1], 0xb4);
	memset(&o, 0, sizeof(o));
	o.kind = TCPOPT_SACK;
	T_EQ(tcpopt_sync(&o, &e), -1);
	T_STREQ(e.msg, "sack needs 1 to 4 blocks, not 0");

	/* "kind 2 hex 05b4" */
	memset(&o, 0, sizeof(o));
	o.kind = TCPOPT_MSS;
	o.raw = 1;
	o.len = 4;
	o.datalen = 2;
	o.data[0] = 0x05;
	o.data[1] = 0xb4;
	T_EQ(tcpopt_value(&o, &v), 0);
	T_EQ(v.raw, 0);
	T_EQ(v.u.mss, 1460);
	o.datalen = 3;		/* wrong size for an MSS */
	T_EQ(tcpopt_value(&o, &v), -1);
	o.kind = 99;		/* not in the table */
	o.datalen = 2;
	T_EQ(tcpopt_value(&o, &v), -1);
}
