/* test_quiz.c - quiz mode's pure parts: the arithmetic behind a value,
 * the score, masking and parsing */
#include <string.h>

#include "cmdtab.h"
#include "quiz.h"
#include "t.h"

/* #1 our SYN, #2 the peer's SYN-ACK, #3 our ACK, #4 our "hello",
 * #5 the peer's ACK, #6 the peer's echo, #7 our FIN, #8 the peer's FIN */
static const struct quiz_seg conv[] = {
	{ 1, 1, 0, 0, 0, TH_SYN, 65535 },
	{ 2, 0, 0, 1, 0, TH_SYN | TH_ACK, 65483 },
	{ 3, 1, 1, 1, 0, TH_ACK, 65535 },
	{ 4, 1, 1, 1, 5, TH_ACK | TH_PSH, 65535 },
	{ 5, 0, 1, 6, 0, TH_ACK, 65478 },
	{ 6, 0, 1, 6, 5, TH_ACK | TH_PSH, 65478 },
	{ 7, 1, 6, 6, 0, TH_ACK | TH_FIN, 65535 },
	{ 8, 0, 6, 7, 0, TH_ACK | TH_FIN, 65478 },
};

static const char *
why(unsigned bit, size_t at)
{
	static char buf[384];

	quiz_explain(buf, sizeof(buf), bit, &conv[at], conv, at);
	return buf;
}

TEST(quiz_explain_ack)
{
	T_STREQ(why(QZ_ACK, 1), "ack = our #1's seq 0 + 1 for its SYN = 1: "
	    "the next byte the peer expects from us");
	T_STREQ(why(QZ_ACK, 4), "ack = our #4's seq 1 + its 5 bytes = 6: "
	    "the next byte the peer expects from us");
	/* the echo acknowledges the same bytes: the same segment explains */
	T_STREQ(why(QZ_ACK, 5), "ack = our #4's seq 1 + its 5 bytes = 6: "
	    "the next byte the peer expects from us");
	T_STREQ(why(QZ_ACK, 7), "ack = our #7's seq 6 + 1 for its FIN = 7: "
	    "the next byte the peer expects from us");
}

TEST(quiz_explain_ack_without_a_match)
{
	struct quiz_seg g = { 3, 0, 1, 4, 0, TH_ACK, 100 };
	char buf[256];

	/* no segment of ours ends at 4 (a partial ack, or its start lost) */
	quiz_explain(buf, sizeof(buf), QZ_ACK, &g, conv, 1);
	T_STREQ(buf, "ack = 4: the next byte the peer expects from us (1 for "
	    "our SYN + the 3 bytes of ours it holds in order)");
}

TEST(quiz_explain_seq)
{
	struct quiz_seg again = { 9, 0, 1, 6, 5, TH_ACK | TH_PSH, 65478 };

	T_STREQ(why(QZ_SEQ, 1), "seq = 0: the peer's ISN, where its relative "
	    "numbers start");
	T_STREQ(why(QZ_SEQ, 4), "seq = the peer's #2's seq 0 + 1 for its SYN "
	    "= 1");
	T_STREQ(why(QZ_SEQ, 7), "seq = the peer's #6's seq 1 + its 5 bytes "
	    "= 6");
	/* a resend: the same number as the first time */
	{
		char buf[256];

		quiz_explain(buf, sizeof(buf), QZ_SEQ, &again, conv, 8);
		T_STREQ(buf, "seq = 1, as in the peer's #6: it sends the "
		    "same again");
	}
}

TEST(quiz_explain_seq_after_a_pure_ack)
{
	/* the peer's ACK #5 took no sequence number; nothing before it of
	 * the peer's ends at 1 but the SYN-ACK, which explains it */
	struct quiz_seg ack = { 6, 0, 1, 6, 0, TH_ACK, 65478 };
	char buf[256];

	quiz_explain(buf, sizeof(buf), QZ_SEQ, &ack, conv, 5);
	T_STREQ(buf, "seq = the peer's #2's seq 0 + 1 for its SYN = 1");
	/* without the SYN-ACK in view: the ACK before it */
	quiz_explain(buf, sizeof(buf), QZ_SEQ, &ack, conv + 4, 1);
	T_STREQ(buf, "seq = 1, as in the peer's #5: a segment with no data, "
	    "SYN or FIN takes no sequence number");
}

TEST(quiz_explain_length_and_win)
{
	T_STREQ(why(QZ_LEN, 5), "length = 6 - 1 = 5: the data bytes, seq 1:6");
	T_STREQ(why(QZ_LEN, 7), "length = 0: no data (its FIN takes a "
	    "sequence number but no length)");
	T_STREQ(why(QZ_LEN, 4), "length = 0: no data");
	T_STREQ(why(QZ_WIN, 1), "win = 65483: the room the peer advertises "
	    "in its receive buffer, the 16-bit field as sent (a SYN's window "
	    "is never scaled)");
	T_STREQ(why(QZ_WIN, 4), "win = 65478: the room the peer advertises "
	    "in its receive buffer, the 16-bit field as sent (its window "
	    "scale, if any, multiplies it); the peer's #2 said 65483 (-5)");
	T_STREQ(why(QZ_WIN, 5), "win = 65478: the room the peer advertises "
	    "in its receive buffer, the 16-bit field as sent (its window "
	    "scale, if any, multiplies it); the same as in the peer's #5");
}

TEST(quiz_explain_truncates_safely)
{
	char buf[12];

	T_EQ(quiz_explain(buf, sizeof(buf), QZ_ACK, &conv[4], conv, 4), 11);
	T_STREQ(buf, "ack = our #");
	T_EQ(quiz_explain(buf, 0, QZ_ACK, &conv[4], conv, 4), 0);
}

TEST(quiz_score)
{
	struct quiz_score sc = { 0, 0, 0 };
	char buf[64];

	quiz_score_str(&sc, buf, sizeof(buf));
	T_STREQ(buf, "score 0 of 0");
	sc.right = 3;
	sc.wrong = 1;
	quiz_score_str(&sc, buf, sizeof(buf));
	T_STREQ(buf, "score 3 of 4");
	/* revealed answers are neither right nor a miss */
	sc.revealed = 2;
	quiz_score_str(&sc, buf, sizeof(buf));
	T_STREQ(buf, "score 3 of 4 (2 revealed, not scored)");
}

TEST(quiz_answers)
{
	uint32_t v;

	T_EQ(quiz_parse_answer(" 42 ", &v), 0);
	T_EQ(v, 42);
	T_EQ(quiz_parse_answer("4294967295", &v), 0);
	T_EQ(quiz_parse_answer("4294967296", &v), -1);
	T_EQ(quiz_parse_answer("?", &v), -1);
	T_EQ(quiz_parse_answer("ack", &v), -1);
	T_EQ(quiz_parse_answer("", &v), -1);
}

/* The names are the field table's, aliases and all */
TEST(quiz_fields_from_table)
{
	const struct set_def *sd = set_lookup("quiz");
	struct print_ctx pc = { 1, 1000, 5000, 0 };
	struct seg g;
	char buf[64];

	T_EQ(quiz_parse_fields("window,len"), QZ_WIN | QZ_LEN);
	T_EQ(quiz_parse_fields("length, seq"), QZ_LEN | QZ_SEQ);
	T_EQ(quiz_parse_fields("urg"), -1);
	T_EQ(quiz_parse_fields("bogus"), -1);
	quiz_fields_str(QZ_ALL, buf, sizeof(buf));
	T_STREQ(buf, "seq,ack,win,length");
	T_STREQ(quiz_field_name(QZ_LEN), "length");
	/* what "help set" says the quiz hides */
	T_ASSERT(sd != NULL && strstr(sd->brief, buf) != NULL);
	seg_init(&g);
	g.seq = 1003;
	g.ack = 5007;
	g.win = 512;
	g.datalen = 9;
	T_EQ(quiz_value(&g, &pc, QZ_SEQ), 3);
	T_EQ(quiz_value(&g, &pc, QZ_ACK), 7);
	T_EQ(quiz_value(&g, &pc, QZ_WIN), 512);
	T_EQ(quiz_value(&g, &pc, QZ_LEN), 9);
}
