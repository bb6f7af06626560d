/* test_segspec.c - segment notation: parsing, errors with columns, matching */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "errbuf.h"
#include "lex.h"
#include "print.h"
#include "seg.h"
#include "wire.h"
#include "segspec.h"
#include "t.h"

/* Lexes and parses line; returns segspec_parse's result. */
static int
sp_line(const char *line, int mode, struct segspec *sp, struct errbuf *e)
{
	struct toklist tl;
	int rc;

	err_clear(e);
	if (lex_line(line, &tl, e) == -1) {
		memset(sp, 0, sizeof(*sp));
		return -2;
	}
	rc = segspec_parse(tl.t, tl.n, mode, sp, e);
	lex_free(&tl);
	return rc;
}

/* Expects line to fail with exactly msg at col. */
static void
sp_err(const char *line, int mode, const char *msg, int col)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line(line, mode, &sp, &e), -1);
	T_STREQ(e.msg, msg);
	T_EQ(e.col, col);
	T_ASSERT(sp.data == NULL);
	segspec_free(&sp);
}

TEST(segspec_bare_flags)
{
	static const struct { const char *s; uint8_t fl; } c[] = {
		{ "S", TH_SYN }, { "S.", TH_SYN | TH_ACK }, { ".", TH_ACK },
		{ "P.", TH_PSH | TH_ACK }, { "F.", TH_FIN | TH_ACK },
		{ "FP.", TH_FIN | TH_PSH | TH_ACK }, { "R", TH_RST },
		{ "R.", TH_RST | TH_ACK }, { "SEW", TH_SYN | TH_ECE | TH_CWR },
		{ "SA", TH_SYN | TH_ACK }, { "U.", TH_URG | TH_ACK },
	};
	struct segspec sp;
	struct errbuf e;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		T_EQ(sp_line(c[i].s, SPM_SEND, &sp, &e), 0);
		T_EQ(sp.set, SP_BIT(SP_FLAGS));
		T_EQ(sp.v[SP_FLAGS].lo, c[i].fl);
		T_EQ(sp.col[SP_FLAGS], 1);
		segspec_free(&sp);
	}
	/* after another field too: "send "hi" P." */
	T_EQ(sp_line("\"hi\" P.", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_PSH | TH_ACK);
	T_EQ(sp.col[SP_FLAGS], 6);
	segspec_free(&sp);
	/* pattern: any flags */
	T_EQ(sp_line("*", SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(sp.wild & SP_BIT(SP_FLAGS));
	segspec_free(&sp);
	sp_err("*", SPM_SEND, "wildcards only in expect patterns", 1);
	/* "none" is "expect none", not a flag string, unless in Flags [] */
	sp_err("none", SPM_PATTERN, "unknown field 'none'", 1);
}

TEST(segspec_flags_field)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("win 5 flags S.", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN | TH_ACK);
	T_EQ(sp.col[SP_FLAGS], 7);
	segspec_free(&sp);
	T_EQ(sp_line("Flags [R.], seq 1", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_RST | TH_ACK);
	T_EQ(sp.col[SP_FLAGS], 1);
	segspec_free(&sp);
	T_EQ(sp_line("flags [none]", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.set, SP_BIT(SP_FLAGS));
	T_EQ(sp.v[SP_FLAGS].lo, 0);
	segspec_free(&sp);
	T_EQ(sp_line("Flags [*]", SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(sp.wild & SP_BIT(SP_FLAGS));
	segspec_free(&sp);
	T_EQ(sp_line("Flags [...]", SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(sp.wild & SP_BIT(SP_FLAGS));
	segspec_free(&sp);
	sp_err("flags [...]", SPM_SEND, "wildcards only in expect patterns", 8);
	sp_err("flags SX", SPM_SEND,
	    "'X' is not a flag (F S R P U E W or . for ACK)", 8);
	sp_err("Flags [S. R]", SPM_SEND,
	    "Flags [...] takes one word of flags, like [S.]", 7);
	sp_err("flags", SPM_SEND, "flags needs flags, like S. or [S.]", 1);
	sp_err("S. flags R", SPM_SEND, "flags given twice (first at column 1)",
	    4);
	sp_err("S. R", SPM_SEND, "flags given twice (first at column 1)", 4);
}

TEST(segspec_numbers)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("seq 100, ack 0xffffffff, win 65535, urg 7, ttl 255, "
	    "tos 0x10, id 0xbeef, iplen 40, ihl 15, ver 6, proto 17, "
	    "frag 8191, sport 40000, dport 0x50, doff 15, res 15, "
	    "cksum 0x1234, ipsum 99", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_SEQ].lo, 100);
	T_EQ(sp.v[SP_SEQ].hi, 100);
	T_EQ(sp.v[SP_ACK].lo, 0xffffffffu);
	T_EQ(sp.v[SP_WIN].lo, 65535);
	T_EQ(sp.v[SP_URG].lo, 7);
	T_EQ(sp.v[SP_TTL].lo, 255);
	T_EQ(sp.v[SP_TOS].lo, 0x10);
	T_EQ(sp.v[SP_ID].lo, 0xbeef);
	T_EQ(sp.v[SP_IPLEN].lo, 40);
	T_EQ(sp.v[SP_IHL].lo, 15);
	T_EQ(sp.v[SP_VER].lo, 6);
	T_EQ(sp.v[SP_PROTO].lo, 17);
	T_EQ(sp.v[SP_FRAG].lo, 8191);
	T_EQ(sp.v[SP_SPORT].lo, 40000);
	T_EQ(sp.v[SP_DPORT].lo, 80);
	T_EQ(sp.v[SP_DOFF].lo, 15);
	T_EQ(sp.v[SP_RES].lo, 15);
	T_EQ(sp.v[SP_SUM].lo, 0x1234);
	T_EQ(sp.v[SP_IPSUM].lo, 99);
	T_EQ(sp.sum_bad, 0);
	T_EQ(sp.set, SP_BIT(SP_SEQ) | SP_BIT(SP_ACK) | SP_BIT(SP_WIN) |
	    SP_BIT(SP_URG) | SP_BIT(SP_TTL) | SP_BIT(SP_TOS) | SP_BIT(SP_ID) |
	    SP_BIT(SP_IPLEN) | SP_BIT(SP_IHL) | SP_BIT(SP_VER) |
	    SP_BIT(SP_PROTO) | SP_BIT(SP_FRAG) | SP_BIT(SP_SPORT) |
	    SP_BIT(SP_DPORT) | SP_BIT(SP_DOFF) | SP_BIT(SP_RES) |
	    SP_BIT(SP_SUM) | SP_BIT(SP_IPSUM));
	T_EQ(sp.wild, 0);
	T_EQ(sp.col[SP_SEQ], 1);
	T_EQ(sp.col[SP_ACK], 10);
	T_EQ(sp.col[SP_WIN], 26);
	segspec_free(&sp);

	/* aliases and case */
	T_EQ(sp_line("window 5 SEQ 3 offset 2", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_WIN].lo, 5);
	T_EQ(sp.v[SP_SEQ].lo, 3);
	T_EQ(sp.v[SP_FRAG].lo, 2);
	segspec_free(&sp);
}

TEST(segspec_number_errors)
{
	sp_err("ttl 256", SPM_SEND, "ttl 256 out of range (0..255)", 5);
	sp_err("win 65536", SPM_SEND, "win 65536 out of range (0..65535)", 5);
	sp_err("S. sport 70000", SPM_SEND,
	    "sport 70000 out of range (0..65535)", 10);
	sp_err("doff 16", SPM_SEND, "doff 16 out of range (0..15)", 6);
	sp_err("ihl 16", SPM_SEND, "ihl 16 out of range (0..15)", 5);
	sp_err("res 16", SPM_SEND, "res 16 out of range (0..15)", 5);
	sp_err("frag 8192", SPM_SEND, "frag 8192 out of range (0..8191)", 6);
	sp_err("length 65496", SPM_SEND,
	    "length 65496 out of range (0..65495)", 8);
	/* too large is out of range, not "not a number" (issue 15) */
	sp_err("seq 4294967296", SPM_SEND,
	    "seq 4294967296 out of range (0..4294967295)", 5);
	sp_err("seq 99999999999", SPM_SEND,
	    "seq 99999999999 out of range (0..4294967295)", 5);
	sp_err("ack 0x100000000", SPM_SEND,
	    "ack 0x100000000 out of range (0..4294967295)", 5);
	sp_err("win 99999999999", SPM_SEND,
	    "win 99999999999 out of range (0..65535)", 5);
	sp_err("ttl 99999999999999999999999", SPM_SEND,
	    "ttl 99999999999999999999999 out of range (0..255)", 5);
	sp_err("S. sport 99999999999", SPM_SEND,
	    "sport 99999999999 out of range (0..65535)", 10);
	sp_err("seq 1:99999999999", SPM_SEND,
	    "seq 1:99999999999 out of range (0..4294967295)", 5);
	sp_err("win 1..99999999999", SPM_PATTERN,
	    "win 99999999999 out of range (0..65535)", 5);
	sp_err("bytes:99999999999", SPM_SEND,
	    "bytes:99999999999 out of range (0..65495)", 7);
	sp_err("seq 99999999999x", SPM_SEND,
	    "seq: '99999999999x' is not a number", 5);
	/* a long number is quoted cut, not whole */
	sp_err("seq 1234567890123456789012345678901234567890", SPM_SEND,
	    "seq 12345678901234567890123456789012... out of range "
	    "(0..4294967295)", 5);
	sp_err("seq 12x", SPM_SEND, "seq: '12x' is not a number", 5);
	sp_err("seq -1", SPM_SEND, "seq: '-1' is not a number", 5);
	sp_err("ack 0x", SPM_SEND, "ack: '0x' is not a number", 5);
	sp_err("S. seq", SPM_SEND, "seq needs a number", 4);
	sp_err("seq, ack 1", SPM_SEND, "seq needs a number", 1);
	sp_err("seq ack 1", SPM_SEND, "seq needs a number", 1);
	sp_err("win 1 win 2", SPM_SEND, "win given twice (first at column 1)",
	    7);
	sp_err("cksum", SPM_SEND, "cksum needs a number or 'bad'", 1);
	sp_err("cksum good", SPM_SEND, "cksum: 'good' is not a number", 7);
	sp_err("ttl 1:2", SPM_SEND, "ttl: '1:2' is not a number", 5);
	sp_err("seq 1:x", SPM_SEND, "seq: '1:x' is not a number", 5);
}

TEST(segspec_unknown_field)
{
	sp_err("S. xyz 5", SPM_SEND, "unknown field 'xyz'", 4);
	sp_err("S. wni 5", SPM_SEND,
	    "unknown field 'wni' (did you mean 'win'?)", 4);
	sp_err("seq 1 optoins [mss 5]", SPM_SEND,
	    "unknown field 'optoins' (did you mean 'options'?)", 7);
	sp_err("ttll 5", SPM_SEND, "unknown field 'ttll' (did you mean 'ttl'?)",
	    1);
	sp_err("hello", SPM_SEND, "unknown field 'hello'", 1);
	sp_err("S. ; R", SPM_SEND, "unexpected ';'", 4);
	sp_err("[S]", SPM_SEND, "unexpected '['", 1);
}

/* Issue 17: a single-quoted payload is a common habit from the shell. */
TEST(segspec_single_quotes)
{
	sp_err("'hi'", SPM_SEND,
	    "single quotes are not quotes here: use \"hi\"", 1);
	sp_err("seq 5 'hello world' ack 1", SPM_SEND,
	    "single quotes are not quotes here: use \"hello world\"", 7);
	sp_err("'say \"x\"'", SPM_SEND,
	    "single quotes are not quotes here: use \"say \\\"x\\\"\"", 1);
	sp_err("P. 'it", SPM_PATTERN,
	    "single quotes are not quotes here: use \"it\"", 4);
}

/* Words the position takes besides fields are suggested too. */
TEST(segspec_suggest_keywords)
{
	static const char *const kw[] = { "within", "as", NULL };
	struct toklist tl;
	struct segspec sp;
	struct errbuf e;

	T_EQ(lex_line("S witin 2s", &tl, &e), 0);
	T_EQ(segspec_parse_kw(tl.t, tl.n, SPM_PATTERN, kw, &sp, &e), -1);
	T_STREQ(e.msg, "unknown field 'witin' (did you mean 'within'?)");
	T_EQ(e.col, 3);
	lex_free(&tl);
	/* without the keywords, the nearest field */
	sp_err("S wn 2", SPM_PATTERN,
	    "unknown field 'wn' (did you mean 'win'?)", 3);
	/* ties are all named */
	sp_err("S sprt 1", SPM_PATTERN,
	    "unknown field 'sprt' (did you mean 'sport'?)", 3);
	sp_err("S fd 1", SPM_PATTERN,
	    "unknown field 'fd' (did you mean 'id' or 'df'?)", 3);
	/* a garbage word is quoted cut */
	sp_err("S xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    SPM_PATTERN,
	    "unknown field 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'", 3);
}

TEST(segspec_wild_in_send)
{
	sp_err("win *", SPM_SEND, "wildcards only in expect patterns", 5);
	sp_err("S. seq 1..5", SPM_SEND, "wildcards only in expect patterns", 8);
	sp_err("df *", SPM_SEND, "wildcards only in expect patterns", 4);
	sp_err("options [...]", SPM_SEND,
	    "options [...] only in expect patterns", 10);
	sp_err("options *", SPM_SEND, "wildcards only in expect patterns", 9);
	sp_err("options [mss *]", SPM_SEND,
	    "wildcards only in expect patterns", 14);
}

TEST(segspec_bits_addrs_sums)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("df mf 0 rf 1 src 10.0.0.1 dst 255.255.255.255 "
	    "cksum bad ipsum bad", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_DF].lo, 1);
	T_EQ(sp.v[SP_MF].lo, 0);
	T_EQ(sp.v[SP_RF].lo, 1);
	T_EQ(sp.v[SP_SRC].lo, 0x0a000001u);
	T_EQ(sp.v[SP_DST].lo, 0xffffffffu);
	T_EQ(sp.sum_bad, 1);
	T_EQ(sp.ipsum_bad, 1);
	T_ASSERT(sp.set & SP_BIT(SP_SUM));
	T_ASSERT(sp.set & SP_BIT(SP_IPSUM));
	T_EQ(sp.col[SP_DF], 1);
	T_EQ(sp.col[SP_MF], 4);
	T_EQ(sp.col[SP_SRC], 14);
	segspec_free(&sp);
	/* a bare df at the end */
	T_EQ(sp_line("S df", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_DF].lo, 1);
	segspec_free(&sp);
	sp_err("df 2", SPM_SEND, "df 2 out of range (0..1)", 4);
	sp_err("src 10.0.0", SPM_SEND,
	    "src: '10.0.0' is not an address (A.B.C.D or IPv6)", 5);
	sp_err("dst 1.2.3.256", SPM_SEND,
	    "dst: '1.2.3.256' is not an address (A.B.C.D or IPv6)", 5);
	sp_err("dst 1.2.3.4.5", SPM_SEND,
	    "dst: '1.2.3.4.5' is not an address (A.B.C.D or IPv6)", 5);
	sp_err("src", SPM_SEND, "src needs an address (A.B.C.D or IPv6)",
	    1);
}

TEST(segspec_raw_opts)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("optbytes hex:020405B4 ipopts hex:01010100",
	    SPM_SEND, &sp, &e), 0);
	T_EQ(sp.optrawlen, 4);
	T_MEMEQ(sp.optraw, "\x02\x04\x05\xb4", 4);
	T_EQ(sp.ipoptlen, 4);
	T_MEMEQ(sp.ipopt, "\x01\x01\x01\x00", 4);
	T_ASSERT(sp.set & SP_BIT(SP_OPTBYTES));
	T_ASSERT(sp.set & SP_BIT(SP_IPOPTS));
	T_ASSERT(!(sp.set & SP_BIT(SP_DATA)));
	segspec_free(&sp);
	sp_err("ipopts hex:010101", SPM_SEND,
	    "ipopts: IP options need a multiple of 4 bytes (got 3): "
	    "pad with 00 (eol) or 01 (nop)", 8);
	sp_err("optbytes hex:0303", SPM_SEND,
	    "optbytes: TCP options need a multiple of 4 bytes (got 2): "
	    "pad with 00 (eol) or 01 (nop)", 10);
	sp_err("ipopts hex:"
	    "0101010101010101010101010101010101010101"
	    "010101010101010101010101010101010101010101010101", SPM_SEND,
	    "ipopts: 44 bytes, at most 40", 8);
	sp_err("ipopts 0101", SPM_SEND,
	    "ipopts needs hex:.., like hex:01010100", 1);
	sp_err("optbytes hex:01z1", SPM_SEND,
	    "optbytes: 'z' is not a hex digit", 16);
}

TEST(segspec_payloads)
{
	struct segspec sp;
	struct errbuf e;
	struct token t;
	uint8_t *buf;
	size_t len, i;

	T_EQ(sp_line("\"GET /\\r\\n\"", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.set, SP_BIT(SP_DATA));
	T_EQ(sp.datalen, 7);
	T_MEMEQ(sp.data, "GET /\r\n", 7);
	T_EQ(sp.col[SP_DATA], 1);
	segspec_free(&sp);
	T_ASSERT(sp.data == NULL);

	T_EQ(sp_line("seq 1 hex:414243", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.datalen, 3);
	T_MEMEQ(sp.data, "ABC", 3);
	T_EQ(sp.col[SP_DATA], 7);
	segspec_free(&sp);

	/* payloads concatenate, and may contain NUL */
	T_EQ(sp_line("\"a\\0b\" hex:00ff \"\"", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.datalen, 5);
	T_MEMEQ(sp.data, "a\0b\0\xff", 5);
	segspec_free(&sp);

	T_EQ(sp_line("bytes:40", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.datalen, 40);
	T_MEMEQ(sp.data, "abcdefghijklmnopqrstuvwxyz0123456789abcd", 40);
	segspec_free(&sp);

	/* an empty payload is set, with a buffer */
	T_EQ(sp_line("\"\"", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.set, SP_BIT(SP_DATA));
	T_EQ(sp.datalen, 0);
	T_ASSERT(sp.data != NULL);
	segspec_free(&sp);

	/* payload_parse alone: not a payload is 0, not an error */
	t.kind = TOK_WORD;
	t.col = 3;
	t.text = (char *)"seq";
	t.len = 3;
	T_EQ(payload_parse(&t, &buf, &len, NULL), 0);
	t.kind = TOK_LBRACK;
	t.text = (char *)"[";
	t.len = 1;
	T_EQ(payload_parse(&t, &buf, &len, NULL), 0);
	t.kind = TOK_WORD;
	t.text = (char *)"bytes:0";
	t.len = 7;
	T_EQ(payload_parse(&t, &buf, &len, NULL), 1);
	T_EQ(len, 0);
	free(buf);
	t.text = (char *)"bytes:65495";
	t.len = 11;
	T_EQ(payload_parse(&t, &buf, &len, NULL), 1);
	T_EQ(len, 65495);
	T_EQ(buf[65494], 'k');	/* 65494 % 36 == 10 */
	/* the pattern is filled by doubling copies: every byte in place */
	for (i = 0; i < len && buf[i] ==
	    (uint8_t)"abcdefghijklmnopqrstuvwxyz0123456789"[i % 36]; i++)
		;
	T_EQ(i, 65495);
	free(buf);

	sp_err("hex:414", SPM_SEND, "hex: odd number of hex digits (3)", 1);
	sp_err("S. hex:41g2", SPM_SEND, "hex: 'g' is not a hex digit", 10);
	sp_err("hex:0x41", SPM_SEND, "hex: 'x' is not a hex digit", 6);
	sp_err("bytes:65496", SPM_SEND, "bytes:65496 out of range (0..65495)",
	    7);
	sp_err("bytes:", SPM_SEND, "bytes: needs a count, not ''", 7);
	sp_err("bytes:ten", SPM_SEND, "bytes: needs a count, not 'ten'", 7);
	sp_err("file:", SPM_SEND, "file: needs a path", 1);
}

/* A reader standing in for the edge (payfile.c): the files are named
 * "a" (3 bytes), "big" (1 MiB) and "none" (an error). */
static int
fake_read(const char *path, int col, uint8_t **buf, size_t *len, void *arg,
    struct errbuf *e)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(path, "none") == 0)
		return err_set(e, col, "file:%s: No such file or directory",
		    path);
	*len = strcmp(path, "big") == 0 ? 1024 * 1024 : 3;
	if ((*buf = malloc(*len)) == NULL)
		return err_set(e, col, "out of memory");
	memset(*buf, 'x', *len);
	if (*len == 3)
		memcpy(*buf, "abc", 3);
	return 0;
}

/* The core reads no file: it keeps the path and where its bytes go, and
 * segspec_load puts them there, then checks what needs the length. */
TEST(segspec_file_payload)
{
	struct segspec sp;
	struct errbuf e;
	int calls = 0;

	T_EQ(sp_line("P. \"<\" file:a \">\" file:a", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.nfiles, 2);
	T_STREQ(sp.files[0].path, "a");
	T_EQ(sp.files[0].col, 8);
	T_EQ(sp.datalen, 2);
	T_EQ(sp.col[SP_DATA], 4);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), 0);
	T_EQ(calls, 2);
	T_EQ(sp.nfiles, 0);
	T_EQ(sp.datalen, 8);
	T_MEMEQ(sp.data, "<abc>abc", 8);
	/* done once: a second load reads nothing */
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), 0);
	T_EQ(calls, 2);
	segspec_free(&sp);

	/* a file alone is a payload as any other */
	T_EQ(sp_line("file:a", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.set, SP_BIT(SP_DATA));
	T_ASSERT(sp.data != NULL);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), 0);
	T_MEMEQ(sp.data, "abc", 3);
	segspec_free(&sp);

	/* the reader's message passes through */
	T_EQ(sp_line("P. file:none", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), -1);
	T_STREQ(e.msg, "file:none: No such file or directory");
	T_EQ(e.col, 4);
	T_EQ(sp.nfiles, 0);
	segspec_free(&sp);

	/* 1 MiB in all is fine, one byte more is not */
	T_EQ(sp_line("P. file:big", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), 0);
	T_EQ(sp.datalen, 1024 * 1024);
	segspec_free(&sp);
	T_EQ(sp_line("P. \"x\" file:big", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), -1);
	T_STREQ(e.msg, "payload larger than 1 MiB");
	T_EQ(e.col, 8);
	segspec_free(&sp);

	/* length and seq N:M are checked once the bytes are there */
	T_EQ(sp_line("P. length 5 file:a", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), -1);
	T_STREQ(e.msg, "length 5 but the payload has 3 bytes");
	T_EQ(e.col, 4);
	segspec_free(&sp);
	T_EQ(sp_line("P. seq 1:4 file:a", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), 0);
	segspec_free(&sp);
	T_EQ(sp_line("P. seq 1:3 file:a", SPM_SEND, &sp, &e), 0);
	T_EQ(segspec_load(&sp, fake_read, &calls, &e), -1);
	T_STREQ(e.msg, "seq 1:3 covers 2 bytes but length is 3");
	segspec_free(&sp);
}

TEST(segspec_options)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("S options [mss 1460,sackOK,TS val 1 ecr 0,nop,"
	    "wscale 7]", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.nopt, 5);
	T_EQ(sp.opt[0].kind, TCPOPT_MSS);
	T_EQ(sp.opt[0].u.mss, 1460);
	T_EQ(sp.opt[1].kind, TCPOPT_SACKOK);
	T_EQ(sp.opt[2].kind, TCPOPT_TS);
	T_EQ(sp.opt[2].u.ts.val, 1);
	T_EQ(sp.opt[3].kind, TCPOPT_NOP);
	T_EQ(sp.opt[4].u.wscale, 7);
	T_EQ(sp.col[SP_OPTS], 3);
	T_EQ(sp.opts_any, 0);
	T_ASSERT(sp.set & SP_BIT(SP_OPTS));
	segspec_free(&sp);

	/* [] is "no options", set */
	T_EQ(sp_line(". options [] win 3", SPM_SEND, &sp, &e), 0);
	T_ASSERT(sp.set & SP_BIT(SP_OPTS));
	T_EQ(sp.nopt, 0);
	T_EQ(sp.v[SP_WIN].lo, 3);
	segspec_free(&sp);

	T_EQ(sp_line("S. options [...]", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.opts_any, 1);
	T_ASSERT(sp.wild & SP_BIT(SP_OPTS));
	segspec_free(&sp);

	/* wildcards for the values a kernel picks */
	T_EQ(sp_line("S. options [mss *,TS val * ecr 5,wscale *]",
	    SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.nopt, 3);
	T_EQ(sp.optwild[0], TCPOPT_WILD1);
	T_EQ(sp.optwild[1], TCPOPT_WILD1);
	T_EQ(sp.opt[1].u.ts.ecr, 5);
	T_EQ(sp.optwild[2], TCPOPT_WILD1);
	segspec_free(&sp);
	T_EQ(sp_line("options [TS val 7 ecr *]", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.optwild[0], TCPOPT_WILD2);
	segspec_free(&sp);

	sp_err("options [sack *]", SPM_PATTERN,
	    "'*' only for mss, wscale, TS val and TS ecr; options [...] "
	    "matches any", 15);
	sp_err("options mss 1460", SPM_SEND,
	    "options needs [ ... ], like [mss 1460,sackOK]", 1);
	sp_err("options [mss 1460", SPM_SEND, "options: missing ']'", 9);
	sp_err("options [mss 1460] options []", SPM_SEND,
	    "options given twice (first at column 1)", 20);
	/* tcpopt_parse's own errors pass through with their column */
	T_EQ(sp_line("S options [mss 1460,bogus 3]", SPM_SEND, &sp, &e), -1);
	T_EQ(e.col, 21);
}

TEST(segspec_length_and_seq_range)
{
	struct segspec sp;
	struct errbuf e;

	/* send: length alone is that many pattern bytes */
	T_EQ(sp_line("P. length 5", SPM_SEND, &sp, &e), 0);
	T_ASSERT(sp.set & SP_BIT(SP_DATA));
	T_EQ(sp.datalen, 5);
	T_MEMEQ(sp.data, "abcde", 5);
	T_EQ(sp.col[SP_DATA], 4);
	segspec_free(&sp);
	/* pattern: length is only compared */
	T_EQ(sp_line("P. length 5", SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(!(sp.set & SP_BIT(SP_DATA)));
	T_EQ(sp.v[SP_LEN].lo, 5);
	segspec_free(&sp);

	/* seq N:M as tcpdump prints it */
	T_EQ(sp_line("seq 1:6, length 5 \"hello\"", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_SEQ].lo, 1);
	T_EQ(sp.seq_end_set, 1);
	T_EQ(sp.seq_end, 6);
	T_EQ(sp.datalen, 5);
	segspec_free(&sp);
	/* across the wrap */
	T_EQ(sp_line("seq 4294967295:3 length 4", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_SEQ].lo, 0xffffffffu);
	T_EQ(sp.seq_end, 3);
	segspec_free(&sp);
	/* send: seq N:M alone gives M-N bytes */
	T_EQ(sp_line("P. seq 10:13", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.datalen, 3);
	segspec_free(&sp);

	sp_err("seq 1:6 length 4", SPM_PATTERN,
	    "seq 1:6 covers 5 bytes but length is 4", 1);
	sp_err("seq 1:6 \"abc\"", SPM_SEND,
	    "seq 1:6 covers 5 bytes but length is 3", 1);
	sp_err("length 3 \"hello\"", SPM_SEND,
	    "length 3 but the payload has 5 bytes", 1);
	sp_err("\"hello\" length 3..4", SPM_PATTERN,
	    "length 3 but the payload has 5 bytes", 9);
	sp_err("seq 1:*", SPM_PATTERN, "seq N:M takes plain numbers", 5);
	sp_err("seq 0:70000", SPM_SEND,
	    "seq 0:70000 covers 70000 bytes (at most 65495)", 1);
}

TEST(segspec_pasted_line)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("0.000412 Out IP 127.0.0.1.41234 > 127.0.0.1.20000: "
	    "Flags [S], seq 0, win 65535, options [mss 1460], length 0",
	    SPM_SEND, &sp, &e), 0);
	T_EQ(sp.set, SP_BIT(SP_FLAGS) | SP_BIT(SP_SEQ) | SP_BIT(SP_WIN) |
	    SP_BIT(SP_OPTS) | SP_BIT(SP_LEN) | SP_BIT(SP_DATA));
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN);
	T_EQ(sp.col[SP_FLAGS], 52);
	T_EQ(sp.v[SP_SEQ].lo, 0);
	T_EQ(sp.v[SP_WIN].lo, 65535);
	T_EQ(sp.nopt, 1);
	T_EQ(sp.opt[0].u.mss, 1460);
	T_EQ(sp.datalen, 0);
	segspec_free(&sp);

	/* a received data segment with its preview, as a pattern */
	T_EQ(sp_line("1.250000 In IP 127.0.0.1.20000 > 127.0.0.1.41234: "
	    "Flags [P.], seq 1:6, ack 6, win 512, options [nop,nop,TS val "
	    "12 ecr 34], length 5 \"hello\" # note", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_PSH | TH_ACK);
	T_EQ(sp.seq_end, 6);
	T_EQ(sp.v[SP_ACK].lo, 6);
	T_EQ(sp.nopt, 3);
	T_EQ(sp.datalen, 5);
	T_MEMEQ(sp.data, "hello", 5);
	segspec_free(&sp);

	/* tcpdump's own, with a wall-clock time and "-i any" */
	T_EQ(sp_line("12:34:56.789012 lo In IP 10.0.0.1.80 > 10.0.0.2.5555: "
	    "Flags [R.], seq 0, ack 1, win 0, length 0", SPM_PATTERN, &sp,
	    &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_RST | TH_ACK);
	T_EQ(sp.v[SP_ACK].lo, 1);
	segspec_free(&sp);

	/* tcpdump without -n: names for hosts and ports */
	T_EQ(sp_line("IP localhost.http > localhost.41234: Flags [S.], "
	    "seq 5", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN | TH_ACK);
	T_EQ(sp.v[SP_SEQ].lo, 5);
	segspec_free(&sp);

	/* the prefix is skipped only at the start */
	sp_err("S. IP", SPM_SEND, "unknown field 'IP' (did you mean 'id'?)", 4);
}

TEST(segspec_patterns)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("S. seq * ack 1 win 1000..2000 ttl 64 src 127.0.0.1..127.0.0.9",
	    SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(sp.wild & SP_BIT(SP_SEQ));
	T_ASSERT(sp.set & SP_BIT(SP_SEQ));
	T_ASSERT(!(sp.wild & SP_BIT(SP_ACK)));
	T_EQ(sp.v[SP_WIN].lo, 1000);
	T_EQ(sp.v[SP_WIN].hi, 2000);
	T_EQ(sp.v[SP_SRC].lo, 0x7f000001u);
	T_EQ(sp.v[SP_SRC].hi, 0x7f000009u);
	segspec_free(&sp);
	T_EQ(sp_line("df * cksum *", SPM_PATTERN, &sp, &e), 0);
	T_ASSERT(sp.wild & SP_BIT(SP_DF));
	T_ASSERT(sp.wild & SP_BIT(SP_SUM));
	segspec_free(&sp);
	sp_err("win 9..3", SPM_PATTERN, "win: range 9..3 is empty", 5);
	sp_err("win 1..70000", SPM_PATTERN,
	    "win 70000 out of range (0..65535)", 5);
	sp_err("win 1..", SPM_PATTERN, "win: '' is not a number", 5);
}

/* A received segment: the peer's ISN is 0xfffffff0, ours 0xfffffffe, so
 * relative 0x10 and 2 are past the wrap. */
static void
mkseg(struct seg *s, const char *data)
{
	seg_init(s);
	s->saddr.v4 = 0x7f000001;
	s->daddr.v4 = 0x7f000001;
	s->sport = 20000;
	s->dport = 41234;
	s->flags = TH_PSH | TH_ACK;
	s->seq = 0xfffffff0u + 1;
	s->ack = 0xfffffffeu + 3;
	s->win = 512;
	s->frag = IP_DF;
	s->data = (const uint8_t *)data;
	s->datalen = (uint32_t)strlen(data);
}

static int
m(const char *pat, const struct seg *s, const struct print_ctx *pc,
    char *why, size_t len)
{
	struct segspec sp;
	struct errbuf e;
	int r;

	if (sp_line(pat, SPM_PATTERN, &sp, &e) != 0) {
		t_fail(__FILE__, __LINE__, "%s: %s", pat, e.msg);
		return -1;
	}
	r = segspec_match(&sp, s, pc, why, len);
	segspec_free(&sp);
	return r;
}

TEST(segspec_match_relative_wrap)
{
	struct print_ctx pc = { 1, 0xfffffff0u, 0xfffffffeu, 0 };
	struct print_ctx abs = { 0, 0, 0, 0 };
	struct seg s;
	char why[128];

	mkseg(&s, "hello");
	T_EQ(m("P. seq 1:6 ack 3 win 512 length 5 \"hello\"", &s, &pc, why,
	    sizeof(why)), 1);
	T_STREQ(why, "");
	T_EQ(m("P. seq 1 ack 1", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "ack 3, expected 1");
	T_EQ(m("seq 2", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "seq 1, expected 2");
	T_EQ(m("seq 1:5", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "seq 1:6, expected 1:5");
	/* ranges are relative too */
	T_EQ(m("seq 0..3 ack 2..3", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("ack 4..9", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "ack 3, expected 4..9");
	/* absolute: the raw numbers */
	T_EQ(m("seq 4294967281 ack 1", &s, &abs, why, sizeof(why)), 1);
	T_EQ(m("seq 1", &s, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "seq 4294967281, expected 1");
	T_EQ(m("seq *", &s, &pc, why, sizeof(why)), 1);
	/* "*" is any: nothing to compare */
	T_EQ(m("* seq * ack * win *", &s, &pc, why, sizeof(why)), 1);
}

TEST(segspec_match_why)
{
	struct print_ctx pc = { 1, 0xfffffff0u, 0xfffffffeu, 0 };
	struct seg s;
	char why[128];

	mkseg(&s, "xy");
	T_EQ(m("R.", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "flags [P.], expected [R.]");
	T_EQ(m("P. length 3", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "length 2, expected 3");
	T_EQ(m("\"xz\"", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "payload differs at byte 1: 'y', expected 'z'");
	T_EQ(m("hex:780a", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "payload differs at byte 1: 'y', expected 0x0a");
	T_EQ(m("\"xyz\"", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "length 2, expected 3");
	T_EQ(m("win 100", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "win 512, expected 100");
	T_EQ(m("df 0", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "df 1, expected 0");
	T_EQ(m("df mf 0 rf 0 frag 0 ttl 64 ver 4 ihl 5 doff 5 proto 6",
	    &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("src 127.0.0.2", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "src 127.0.0.1, expected 127.0.0.2");
	T_EQ(m("sport 20000 dport 41235", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "dport 41234, expected 41235");
	s.sum = 0x1a2b;
	T_EQ(m("cksum 0x1a2c", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "cksum 0x1a2b, expected 0x1a2c");
	T_EQ(m("cksum bad", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "cksum 0x1a2b, expected bad");
	s.anno |= SEG_A_SUM_BAD;
	T_EQ(m("cksum bad", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("ipsum bad", &s, &pc, why, sizeof(why)), 0);
	s.anno |= SEG_A_IPSUM_BAD;
	T_EQ(m("ipsum bad", &s, &pc, why, sizeof(why)), 1);
	/* the first differing field in print order wins */
	T_EQ(m("S. seq 9", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "flags [P.], expected [S.]");
	/* a short why buffer is truncated, not overrun */
	T_EQ(m("R.", &s, &pc, why, 8), 0);
	T_STREQ(why, "flags [");
}

TEST(segspec_match_options)
{
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct seg s;
	char why[256];

	mkseg(&s, "");
	s.flags = TH_SYN | TH_ACK;
	s.nopt = 6;
	s.opt[0].kind = TCPOPT_MSS;
	s.opt[0].u.mss = 65495;
	s.opt[1].kind = TCPOPT_SACKOK;
	s.opt[2].kind = TCPOPT_TS;
	s.opt[2].u.ts.val = 123456;
	s.opt[2].u.ts.ecr = 7;
	s.opt[3].kind = TCPOPT_NOP;
	s.opt[4].kind = TCPOPT_WSCALE;
	s.opt[4].u.wscale = 7;
	s.opt[5].kind = TCPOPT_SACK;
	s.opt[5].nsack = 1;
	s.opt[5].u.sack[0].left = 5000 + 10;
	s.opt[5].u.sack[0].right = 5000 + 20;

	/* NOPs are padding: the pattern need not list them */
	T_EQ(m("S. options [mss 65495,sackOK,TS val 123456 ecr 7,wscale 7,"
	    "sack 10:20]", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("S. options [mss 65495,sackOK,TS val * ecr 7,nop,wscale *,"
	    "sack 10:20]", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("S. options [...]", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("S. options [mss 65495,sackOK,TS val * ecr 8,wscale 7,"
	    "sack 10:20]", &s, &pc, why, sizeof(why)), 0);
	T_ASSERT(strstr(why, "expected [mss 65495,sackOK,TS val * ecr 8,"
	    "wscale 7,sack") != NULL);
	T_ASSERT(strncmp(why, "options [mss 65495,sackOK,TS val 123456 ecr 7,"
	    "nop,wscale 7,sack", 60) == 0);
	/* SACK edges are relative to our ISN */
	T_EQ(m("options [mss *,sackOK,TS val * ecr *,wscale 7,sack 11:20]",
	    &s, &pc, why, sizeof(why)), 0);
	T_EQ(m("options [mss 1460]", &s, &pc, why, sizeof(why)), 0);
	T_EQ(m("options []", &s, &pc, why, sizeof(why)), 0);
	s.nopt = 0;
	T_EQ(m("options []", &s, &pc, why, sizeof(why)), 1);
	T_EQ(m("options [mss 1460]", &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "options [], expected [mss 1460]");
}

TEST(segspec_match_raw)
{
	struct seg s;
	char why[128];

	mkseg(&s, "");
	s.optlen = 4;
	memcpy(s.optbytes, "\x02\x04\x05\xb4", 4);
	T_EQ(m("optbytes hex:020405b4", &s, NULL, why, sizeof(why)), 1);
	T_EQ(m("optbytes hex:020405b5", &s, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "optbytes hex:020405b4, expected hex:020405b5");
	T_EQ(m("ipopts hex:", &s, NULL, why, sizeof(why)), 1);
	T_EQ(m("ipopts hex:01010100", &s, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "ipopts hex:, expected hex:01010100");
}

TEST(segspec_fields_list)
{
	const struct segfield *f, *g;
	char buf[512];
	size_t i;
	int seen_win = 0, seen_opts = 0;

	for (i = 0; segfield_name(i, SF_SPEC) != NULL; i++) {
		if (strcmp(segfield_name(i, SF_SPEC), "win") == 0)
			seen_win = 1;
		if (strcmp(segfield_name(i, SF_SPEC), "options") == 0)
			seen_opts = 1;
	}
	T_ASSERT(i >= 28);
	T_ASSERT(seen_win && seen_opts);
	/* the table fits arrays indexed by row; a name or an alias names
	 * one row only, and every notation field has its row */
	for (f = segfields; f->name != NULL; f++) {
		T_ASSERT(f - segfields < SEGFIELD_MAX);
		T_ASSERT(segfield_of(f->field) == f);
		T_ASSERT(f->use != 0);
		for (g = segfields; g < f; g++)
			if (strcasecmp(g->name, f->name) == 0)
				t_fail(__FILE__, __LINE__, "%s twice", f->name);
		if (f->alias != NULL && segfield_lookup(f->alias,
		    strlen(f->alias), SF_SPEC | SF_VAR) != f)
			t_fail(__FILE__, __LINE__, "alias %s", f->alias);
	}
	for (i = 0; i < SP_DATA; i++)
		T_ASSERT(segfield_of((int)i) != NULL &&
		    (segfield_of((int)i)->use & SF_SPEC));
	T_ASSERT(segfield_of(SP_DATA) == NULL);
	T_ASSERT(segfield_lookup("Window", 6, SF_SPEC) == segfield_of(SP_WIN));
	T_ASSERT(segfield_lookup("len", 3, SF_VAR) == segfield_of(SP_LEN));
	T_ASSERT(segfield_lookup("rawseq", 6, SF_SPEC) == NULL);
	T_ASSERT(segfield_lookup("options", 7, SF_VAR) == NULL);
	T_ASSERT(segfield_lookup("seq", 2, SF_SPEC) == NULL);
	segfield_names(buf, sizeof(buf), SF_VAR, " ");
	T_ASSERT(strncmp(buf, "flags seq ack win urg length ttl ", 33) == 0);
	T_ASSERT(strstr(buf, " options") == NULL);
	T_ASSERT(strstr(buf, " sport dport ") != NULL);
	T_ASSERT(strstr(buf, " rawseq rawack mss wscale tsval tsecr") != NULL);
}

/* The manual page at path, from the line ".Ss sect" to the next .Ss,
 * with its words one a line; NULL if it cannot be read.  The pages live
 * two directories above this source file. */
static char *
man_section(const char *page, const char *sect)
{
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash != NULL ? (int)(slash - __FILE__) : 0;
	char path[512], line[512], *out, *w, *sp;
	size_t len = 0, cap = 65536;
	int in = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s%s../../man/%s", dir, __FILE__,
	    dir ? "/" : "", page);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if ((out = calloc(1, cap)) == NULL) {
		fclose(f);
		return NULL;
	}
	out[len++] = '\n';
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, ".Ss ", 4) == 0) {
			line[strcspn(line, "\n")] = '\0';
			in = strcmp(line + 4, sect) == 0;
			continue;
		}
		for (w = strtok_r(line, " \t\n", &sp); in && w != NULL;
		    w = strtok_r(NULL, " \t\n", &sp))
			if (len + strlen(w) + 2 < cap)
				len += (size_t)snprintf(out + len, cap - len,
				    "%s\n", w);
	}
	fclose(f);
	return out;
}

/* A word of the section: a whole line of man_section's */
static int
has_word(const char *sect, const char *w)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "\n%s\n", w);
	return strstr(sect, buf) != NULL;
}

/* The manual lists every field and alias of the table, so it cannot
 * drift from it: the notation in tcpcraft(1) FIELDS, the values of
 * $NAME.FIELD in tcpcraft-script(5) Named values. */
TEST(segspec_fields_in_manual)
{
	const struct segfield *f;
	char *fields, *named;

	fields = man_section("tcpcraft.1", "Fields");
	named = man_section("tcpcraft-script.5", "Named values");
	T_ASSERT(fields != NULL && named != NULL);
	for (f = segfields; fields != NULL && named != NULL &&
	    f->name != NULL; f++) {
		if ((f->use & SF_SPEC) && !has_word(fields, f->name))
			t_fail(__FILE__, __LINE__, "tcpcraft.1 Fields lacks "
			    "%s", f->name);
		if ((f->use & SF_SPEC) && f->alias != NULL &&
		    !has_word(fields, f->alias))
			t_fail(__FILE__, __LINE__, "tcpcraft.1 Fields lacks "
			    "the alias %s", f->alias);
		if ((f->use & SF_VAR) && !has_word(named, f->name))
			t_fail(__FILE__, __LINE__, "tcpcraft-script.5 Named "
			    "values lacks %s", f->name);
	}
	free(fields);
	free(named);
}

/* Every field with a value is compared, and named when it differs: a
 * row the matcher forgot would match anything */
TEST(segspec_match_every_field)
{
	const struct segfield *f;
	struct segspec p;
	struct seg s;
	uint32_t v;
	char why[128];
	size_t n;

	for (f = segfields; f->name != NULL; f++) {
		if (!(f->use & SF_SPEC) || f->kind == VK_OPTS ||
		    f->kind == VK_HEX || f->kind == VK_EXT)
			continue;
		/* a segment of the field's IP version */
		if (f->use & SF_V6)
			seg_init6(&s);
		else
			seg_init(&s);
		if (!(f->use & SF_V6)) {
			s.saddr.v4 = 0x7f000001;
			s.daddr.v4 = 0x7f000002;
		}
		s.sport = 20000;
		s.dport = 40001;
		s.flags = TH_ACK;
		s.flow = 0x12345;
		memset(&p, 0, sizeof(p));
		T_EQ(segfield_get(f, &s, NULL, &v), 0);
		p.set = SP_BIT(f->field);
		p.v[f->field].lo = p.v[f->field].hi = v;
		T_EQ(segspec_match(&p, &s, NULL, why, sizeof(why)), 1);
		p.v[f->field].lo = p.v[f->field].hi = v == f->max ? 0 : v + 1;
		n = strlen(f->name);
		if (segspec_match(&p, &s, NULL, why, sizeof(why)) != 0 ||
		    strncmp(why, f->name, n) != 0 || why[n] != ' ')
			t_fail(__FILE__, __LINE__, "%s: \"%s\"", f->name,
			    why);
	}
}

/* The getter reads what the printed line shows; options by kind */
TEST(segspec_field_get)
{
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct seg g;
	uint32_t v = 7;
	char buf[32];

	seg_init(&g);
	g.seq = 1005;
	g.ack = 5001;
	g.saddr.v4 = 0x7f000001;
	g.flags = TH_SYN | TH_ACK;
	g.frag = IP_DF | 3;
	g.nopt = 2;
	g.opt[0].kind = TCPOPT_MSS;
	g.opt[0].u.mss = 1460;
	g.opt[1].kind = TCPOPT_MSS;
	g.opt[1].u.mss = 536;
	T_EQ(segfield_get(segfield_of(SP_SEQ), &g, &pc, &v), 0);
	T_EQ(v, 5);
	T_EQ(segfield_get(segfield_of(SP_SEQ), &g, NULL, &v), 0);
	T_EQ(v, 1005);
	T_EQ(segfield_get(segfield_of(SP_RAWACK), &g, &pc, &v), 0);
	T_EQ(v, 5001);
	T_EQ(segfield_get(segfield_of(SP_DF), &g, &pc, &v), 0);
	T_EQ(v, 1);
	T_EQ(segfield_get(segfield_of(SP_FRAG), &g, &pc, &v), 0);
	T_EQ(v, 3);
	T_EQ(segfield_get(segfield_of(SP_MSS), &g, &pc, &v), 0);
	T_EQ(v, 536);	/* the last one, as a receiver takes it */
	T_EQ(segfield_get(segfield_of(SP_TSVAL), &g, &pc, &v), -1);
	T_EQ(segfield_get(segfield_of(SP_OPTS), &g, &pc, &v), -1);
	T_STREQ(segfield_format(segfield_of(SP_SRC), g.saddr.v4, buf,
	    sizeof(buf)), "127.0.0.1");
	T_STREQ(segfield_format(segfield_of(SP_FLAGS), g.flags, buf,
	    sizeof(buf)), "S.");
	T_STREQ(segfield_format(segfield_of(SP_TOS), 16, buf, sizeof(buf)),
	    "16");
}

/* seq and rawseq read one place, with and without the base */
static int
same_place(int a, int b)
{
	return (a == SP_SEQ && b == SP_RAWSEQ) ||
	    (a == SP_ACK && b == SP_RAWACK);
}

/* What segfield_put writes, segfield_get reads back, and nothing else
 * moves: each field has its own place in the segment */
TEST(segspec_field_put)
{
	const struct segfield *f, *o;
	struct seg g, before;
	uint32_t v, w, x;

	for (f = segfields; f->name != NULL; f++) {
		/* IPv6 rows on an IPv6 segment, the others on IPv4 */
		if (f->use & SF_V6)
			seg_init6(&g);
		else
			seg_init(&g);
		g.frag = IP_DF;
		v = f->max == 1 ? 0 : f->max - 1;	/* df: clears it */
		if (segfield_put(f, &g, v) == -1) {
			T_ASSERT(f->kind == VK_OPTS || f->kind == VK_HEX ||
			    f->kind == VK_EXT || f->field == SP_LEN ||
			    !(f->use & SF_SPEC));
			continue;
		}
		T_EQ(segfield_get(f, &g, NULL, &w), 0);
		if (w != v)
			t_fail(__FILE__, __LINE__, "%s: put %u, got %u",
			    f->name, v, w);
		if (f->use & SF_V6)
			seg_init6(&before);
		else
			seg_init(&before);
		before.frag = IP_DF;
		for (o = segfields; o->name != NULL; o++)
			if (o != f && !same_place(f->field, o->field) &&
			    segfield_get(o, &before, NULL, &w) == 0 &&
			    segfield_get(o, &g, NULL, &x) == 0 && w != x)
				t_fail(__FILE__, __LINE__, "%s moved %s",
				    f->name, o->name);
	}
}

/* What the shell prints parses back and matches the segment it showed */
TEST(segspec_print_roundtrip)
{
	struct print_ctx pc = { 1, 0xfffffff0u, 0xfffffffeu, 1 };
	struct segspec sp;
	struct errbuf e;
	struct seg s;
	char line[512], why[256];

	mkseg(&s, "hi\r\n");
	s.nopt = 3;
	s.opt[0].kind = TCPOPT_NOP;
	s.opt[1].kind = TCPOPT_NOP;
	s.opt[2].kind = TCPOPT_TS;
	s.opt[2].u.ts.val = 99;
	s.opt[2].u.ts.ecr = 7;
	print_seg(line, sizeof(line), &s, &pc);
	T_EQ(sp_line(line, SPM_PATTERN, &sp, &e), 0);
	T_EQ(segspec_match(&sp, &s, &pc, why, sizeof(why)), 1);
	T_STREQ(why, "");
	T_EQ(sp.datalen, 4);
	segspec_free(&sp);
	/* and as a send, it sets the same fields */
	T_EQ(sp_line(line, SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_PSH | TH_ACK);
	T_EQ(sp.v[SP_SEQ].lo, 1);
	T_EQ(sp.v[SP_ACK].lo, 3);
	T_MEMEQ(sp.data, "hi\r\n", 4);
	segspec_free(&sp);

	/* a SYN-ACK, absolute */
	pc.relative = 0;
	mkseg(&s, "");
	s.flags = TH_SYN | TH_ACK;
	s.nopt = 1;
	s.opt[0].kind = TCPOPT_MSS;
	s.opt[0].u.mss = 65495;
	print_seg(line, sizeof(line), &s, &pc);
	T_EQ(sp_line(line, SPM_PATTERN, &sp, &e), 0);
	T_EQ(segspec_match(&sp, &s, &pc, why, sizeof(why)), 1);
	s.ack++;
	T_EQ(segspec_match(&sp, &s, &pc, why, sizeof(why)), 0);
	T_STREQ(why, "ack 2, expected 1");
	segspec_free(&sp);
}

/* ---- IPv6 ---- */

static void
seg6(struct seg *g)
{
	static const uint8_t one[16] = { [15] = 1 };

	seg_init6(g);
	g->saddr = ipaddr_v6(one);
	g->daddr = ipaddr_v6(one);
	g->sport = 40000;
	g->dport = 20000;
	g->flags = TH_SYN;
}

/* Builds g from line as build.c does: every row through segspec_put */
static int
put_line(const char *line, struct seg *g, struct errbuf *e)
{
	const struct segfield *f;
	struct segspec sp;
	int rc = 0;

	if (sp_line(line, SPM_SEND, &sp, e) != 0)
		return -2;
	for (f = segfields; f->name != NULL && rc != -1; f++)
		if ((f->use & SF_SPEC) && (sp.set & SP_BIT(f->field)))
			rc = segspec_put(&sp, f, g, e);
	segspec_free(&sp);
	return rc == -1 ? -1 : 0;
}

TEST(segspec_ip6_fields)
{
	struct segspec sp;
	struct errbuf e;
	struct seg g;

	T_EQ(sp_line("S tc 0xb8 flow 0x12345 hlim 1 plen 20 nxt 6 "
	    "src [2001:db8::1] dst fe80::2", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_TC].lo, 0xb8);
	T_EQ(sp.v[SP_FLOW].lo, 0x12345);
	T_EQ(sp.v[SP_HLIM].lo, 1);
	T_EQ(sp.v[SP_PLEN].lo, 20);
	T_EQ(sp.v[SP_NXT].lo, 6);
	T_EQ(sp.addr6[0].af, AF_INET6);
	T_EQ(sp.addr6[0].v6[0], 0x20);
	T_EQ(sp.addr6[1].v6[0], 0xfe);
	T_EQ(sp.col[SP_FLOW], 11);
	segspec_free(&sp);
	sp_err("flow 0x100000", SPM_SEND, "flow 0x100000 out of range "
	    "(0..1048575)", 6);
	sp_err("src ::1::2", SPM_SEND, "src: '::1::2' is not an IPv6 "
	    "address", 5);
	sp_err("hlim 256", SPM_SEND, "hlim 256 out of range (0..255)", 6);
	/* aliases as tcpdump -v names them */
	T_EQ(sp_line("class 4 flowlabel 5 hoplimit 6", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.v[SP_TC].lo, 4);
	T_EQ(sp.v[SP_FLOW].lo, 5);
	T_EQ(sp.v[SP_HLIM].lo, 6);
	segspec_free(&sp);

	/* applied through the table, fixing what they fix */
	seg6(&g);
	T_EQ(put_line("tc 0xb8 flow 0x12345 hlim 1 plen 3 nxt 17 "
	    "dst 2001:db8::9", &g, &e), 0);
	T_EQ(g.tos, 0xb8);
	T_EQ(g.flow, 0x12345);
	T_EQ(g.ttl, 1);
	T_EQ(g.plen, 3);
	T_EQ(g.nxt, 17);
	T_ASSERT(g.fixed & SEG_FIX_PLEN);
	T_ASSERT(g.fixed & SEG_FIX_NXT);
	T_EQ(g.daddr.v6[15], 9);
	T_EQ(g.daddr.af, AF_INET6);
}

/* A field of the other IP version is an error at its column */
TEST(segspec_ip6_family_errors)
{
	struct errbuf e;
	struct seg g;

	seg6(&g);
	T_EQ(put_line("S. ttl 5", &g, &e), -1);
	T_STREQ(e.msg, "ttl is an IPv4 field; this segment is IPv6 (its hop "
	    "limit is hlim)");
	T_EQ(e.col, 4);
	T_EQ(put_line("S id 7", &g, &e), -1);
	T_STREQ(e.msg, "id is an IPv4 field; this segment is IPv6");
	T_EQ(e.col, 3);
	T_EQ(put_line("S ipopts hex:01010100", &g, &e), -1);
	T_EQ(e.col, 3);
	T_EQ(put_line("S src 10.0.0.1", &g, &e), -1);
	T_STREQ(e.msg, "src 10.0.0.1 is an IPv4 address; this segment is "
	    "IPv6");
	T_EQ(e.col, 3);
	seg_init(&g);
	T_EQ(put_line("S win 5 hlim 5", &g, &e), -1);
	T_STREQ(e.msg, "hlim is an IPv6 field; this segment is IPv4 (its "
	    "time to live is ttl)");
	T_EQ(e.col, 9);
	T_EQ(put_line("S ext hbh", &g, &e), -1);
	T_STREQ(e.msg, "ext is an IPv6 field; this segment is IPv4");
	T_EQ(e.col, 3);
	T_EQ(put_line("S dst ::1", &g, &e), -1);
	T_STREQ(e.msg, "dst ::1 is an IPv6 address; this segment is IPv4");
	/* both versions' */
	T_EQ(put_line("S ver 6 proto 17 src 10.0.0.1", &g, &e), 0);
	T_EQ(g.ver, 6);
	T_ASSERT(g.fixed & SEG_FIX_VER);
	T_EQ(g.saddr.v4, 0x0a000001);
}

TEST(segspec_ip6_ext)
{
	struct segspec sp;
	struct errbuf e;
	struct seg g;
	uint8_t out[512];
	size_t len;

	T_EQ(sp_line("S ext hbh ext dst len 16 ext rthdr type 4 segleft 2 "
	    "ext frag off 3 mf id 7 win 9", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.next, 4);
	T_EQ(sp.ext[0].type, IP6_NXT_HOPOPTS);
	T_EQ(sp.ext[0].len, 0);
	T_EQ(sp.ext[1].type, IP6_NXT_DSTOPTS);
	T_EQ(sp.ext[1].len, 16);
	T_EQ(sp.ext[2].rtype, 4);
	T_EQ(sp.ext[2].segleft, 2);
	T_EQ(sp.ext[3].fragoff, 3);
	T_EQ(sp.ext[3].mf, 1);
	T_EQ(sp.ext[3].ident, 7);
	T_EQ(sp.extgiven[3], SPX_OFF | SPX_MF | SPX_ID);
	T_EQ(sp.extcol[1], 11);
	T_EQ(sp.v[SP_WIN].lo, 9);
	segspec_free(&sp);
	/* mf takes an optional 0|1; the long names work */
	T_EQ(sp_line("ext fragment mf 0 id 1 ext hop-by-hop", SPM_SEND, &sp,
	    &e), 0);
	T_EQ(sp.ext[0].mf, 0);
	T_EQ(sp.ext[1].type, IP6_NXT_HOPOPTS);
	segspec_free(&sp);
	sp_err("S ext", SPM_SEND, "ext needs a header: hbh, dst, rthdr or "
	    "frag", 3);
	sp_err("S ext udp", SPM_SEND, "ext: 'udp' is no extension header "
	    "(hbh, dst, rthdr, frag)", 7);
	sp_err("S ext dst len 12", SPM_SEND, "ext dst len 12: a multiple of "
	    "8 from 8 to 2048 bytes", 15);
	sp_err("S ext dst len 4096", SPM_SEND, "ext dst len 4096 out of range "
	    "(0..2048)", 15);
	sp_err("S ext frag off 8192", SPM_SEND, "ext frag off 8192 out of "
	    "range (0..8191)", 16);
	sp_err("S ext frag id x", SPM_SEND, "ext frag id: 'x' is not a "
	    "number", 15);
	sp_err("S ext frag id", SPM_SEND, "ext frag id needs a number", 12);
	sp_err("S ext frag id 1 id 2", SPM_SEND, "ext frag: id given twice",
	    17);
	/* a word of another kind is the notation's again: IPv4's len is
	 * the payload length */
	T_EQ(sp_line("S ext frag len 2", SPM_SEND, &sp, &e), 0);
	T_EQ(sp.datalen, 2);
	segspec_free(&sp);
	sp_err("ext hbh ext hbh ext hbh ext hbh ext hbh ext hbh ext hbh "
	    "ext hbh ext hbh", SPM_SEND, "more than 8 extension headers", 65);

	/* sent through ip6.c: the bytes in order */
	seg6(&g);
	T_EQ(put_line("S ext hbh ext frag mf id 7", &g, &e), 0);
	T_EQ(g.next, 2);
	T_EQ(wire_encode(&g, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 40 + 8 + 8 + 20);
	T_EQ(out[6], IP6_NXT_HOPOPTS);
	T_EQ(out[40], IP6_NXT_FRAG);
	T_EQ(out[48], 6);
	T_EQ(out[51], 1);
	T_EQ(out[55], 7);
}

TEST(segspec_ip6_match)
{
	static const uint8_t two[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	uint8_t out[512];
	struct errbuf e;
	struct seg g, d;
	char why[256];
	size_t len;

	seg6(&g);
	g.tos = 0xb8;
	g.flow = 0x12345;
	g.ttl = 63;
	g.daddr = ipaddr_v6(two);
	g.next = 2;
	g.ext[0].type = IP6_NXT_DSTOPTS;
	g.ext[1].type = IP6_NXT_FRAG;
	g.ext[1].ident = 7;
	T_EQ(wire_encode(&g, out, sizeof(out), &len, &e), 0);
	T_EQ(wire_decode(out, len, &d), 0);
	T_EQ(m("S hlim 63 tc 0xb8 flow 0x12345 plen 36 nxt 60 src ::1 "
	    "dst 2001:db8::2 ext dst ext frag id 7", &d, NULL, why,
	    sizeof(why)), 1);
	T_EQ(m("S hlim 1..255 flow * src * ext dst ext frag", &d, NULL, why,
	    sizeof(why)), 1);
	T_EQ(m("S hlim 64", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "hlim 63, expected 64");
	T_EQ(m("S flow 0x12346", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "flow 0x12345, expected 0x12346");
	T_EQ(m("S dst ::1", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "dst 2001:db8::2, expected ::1");
	T_EQ(m("S src 127.0.0.1", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "src ::1, expected 127.0.0.1");
	T_EQ(m("S ext hbh ext frag", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "ext dst frag, expected hbh frag");
	T_EQ(m("S ext dst ext frag id 8", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "ext frag id 7, expected 8");
	T_EQ(m("S ttl 63", &d, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "ttl is an IPv4 field; this segment is IPv6 (its hop "
	    "limit is hlim)");
	T_EQ(m("S ttl *", &d, NULL, why, sizeof(why)), 0);
	/* an IPv4 segment: the IPv6 fields cannot match, its own can */
	seg_init(&g);
	g.saddr.v4 = 0x7f000001;
	T_EQ(m("src 127.0.0.1", &g, NULL, why, sizeof(why)), 1);
	T_EQ(m("src ::1", &g, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "src 127.0.0.1, expected ::1");
	T_EQ(m("tc 0", &g, NULL, why, sizeof(why)), 0);
	T_STREQ(why, "tc is an IPv6 field; this segment is IPv4 (its type of "
	    "service is tos)");
}

/* A line the shell printed for an IPv6 segment parses back */
TEST(segspec_ip6_paste)
{
	struct segspec sp;
	struct errbuf e;

	T_EQ(sp_line("IP6 ::1.40000 > ::1.20000: Flags [S], seq 0, win 65535, "
	    "length 0", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN);
	segspec_free(&sp);
	T_EQ(sp_line("1.5 In IP6 2001:db8::1.80 > ::1.20000: S. ack 1",
	    SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN | TH_ACK);
	segspec_free(&sp);
	T_EQ(sp_line("IP6 ::1 > ::1: HBH DSTOPT frag (0|24) 40000 > 20000: "
	    "Flags [S], seq 1000", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_SEQ].lo, 1000);
	segspec_free(&sp);
	T_EQ(sp_line("IP6 ::1 > ::1: RT6 (len=0, type=0 [Deprecated], "
	    "segleft=0) 40000 > 20000: Flags [S]", SPM_PATTERN, &sp, &e), 0);
	T_EQ(sp.v[SP_FLAGS].lo, TH_SYN);
	segspec_free(&sp);
}
