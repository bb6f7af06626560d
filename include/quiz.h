/* quiz.h - quiz mode: hide fields of arriving segments, check answers
 *
 * The line of an arriving segment is printed with the chosen fields as
 * "?"; the student types each value before it is revealed, and is told
 * the arithmetic that makes it.  Pure: the strings and numbers only, the
 * asking is teach.c's.
 */
#ifndef TC_QUIZ_H
#define TC_QUIZ_H

#include <stddef.h>
#include <stdint.h>

#include "print.h"
#include "seg.h"

#define QZ_SEQ	0x01
#define QZ_ACK	0x02
#define QZ_WIN	0x04
#define QZ_LEN	0x08
#define QZ_ALL	0x0f

/* "on" (ack), "off", or a list "seq,ack,win,length".  Returns the mask
 * (0: off), or -1 for a word it does not know. */
int		 quiz_parse_fields(const char *val);
/* "seq,ack" */
size_t		 quiz_fields_str(unsigned mask, char *buf, size_t cap);
const char	*quiz_field_name(unsigned bit);
/* A segment of the conversation as the quiz reasons about it, with the
 * numbers as the line prints them (relative to each side's ISN). */
struct quiz_seg {
	size_t		no;		/* #N, as `log` numbers it */
	int		ours;		/* sent by us, else by the peer */
	uint32_t	seq, ack;
	uint32_t	len;		/* data bytes */
	uint8_t		flags;		/* TH_* */
	uint16_t	win;
};

/* The arithmetic behind the value of field bit of g, an arriving
 * segment, from the segments before it on its connection (before[0..n),
 * oldest first): "ack = our #7's seq 1 + its 5 bytes = 6".  Returns the
 * length written (always NUL-terminated). */
size_t		 quiz_explain(char *buf, size_t cap, unsigned bit,
		    const struct quiz_seg *g, const struct quiz_seg *before,
		    size_t n);

/* Answers checked right or wrong; revealed ones ("?") are not scored. */
struct quiz_score {
	unsigned	right, wrong, revealed;
};
/* "score 3 of 4 (1 revealed)" */
size_t		 quiz_score_str(const struct quiz_score *sc, char *buf,
		    size_t cap);
/* Replaces the values of the fields in mask on a print_seg line with
 * "?" (in place, line has room for cap bytes); returns the fields that
 * were on the line and are now hidden. */
unsigned	 quiz_mask(char *line, size_t cap, unsigned mask);
/* The value of a field as the line would show it. */
uint32_t	 quiz_value(const struct seg *g, const struct print_ctx *pc,
		    unsigned bit);
/* A typed answer: a decimal number.  Returns 0, or -1. */
int		 quiz_parse_answer(const char *text, uint32_t *v);

#endif
