/* teach.h - the teaching commands in a session: ladder, explain,
 * predict, quiz, peer
 *
 * Glue between the pure modules (ladder.c, explain.c, quiz.c) and the
 * session; the hooks are called from the send and receive paths, the
 * printer, the REPL and the settings.
 */
#ifndef TC_TEACH_H
#define TC_TEACH_H

#include <stdint.h>
#include <stdio.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "seg.h"

struct session;
struct conn;
struct pkt_rec;

/* settings explain, quiz, ascii: their rows of the settings table (sess.c) */
int	teach_set_explain(struct session *s, const struct set_def *d,
	    const char *val, struct errbuf *e);
int	teach_set_quiz(struct session *s, const struct set_def *d,
	    const char *val, struct errbuf *e);
int	teach_set_ascii(struct session *s, const struct set_def *d,
	    const char *val, struct errbuf *e);
void	teach_show_explain(struct session *s, const struct set_def *d,
	    char *buf, size_t cap);
void	teach_show_quiz(struct session *s, const struct set_def *d,
	    char *buf, size_t cap);
void	teach_show_ascii(struct session *s, const struct set_def *d,
	    char *buf, size_t cap);
void	teach_free(struct session *s);

/* the handlers of ladder [FILE] and peer [netns NAME] (exec.c) */
int	teach_ladder(struct session *s, struct cmd *c, struct errbuf *e);
int	teach_peer(struct session *s, struct cmd *c, struct errbuf *e);

/* "send ... ?" and "predict CMD": the next segment that leaves gets a
 * prediction, judged by the peer's next segment or a second of silence */
void	teach_arm_predict(struct session *s, int on);
void	teach_before_send(struct session *s, struct conn *c,
	    const struct seg *g);
/* After an arriving segment (log index idx) was printed and applied. */
void	teach_after_recv(struct session *s, struct conn *c, size_t idx);
/* The printer's hook: hides quizzed fields of an arriving line; returns
 * the #N the line shows (a question's line, or its reveal), else 0. */
size_t	teach_mask_line(struct session *s, const struct pkt_rec *r,
	    char *line, size_t cap);
/* A typed line: 1 when it answered a quiz question (not a command). */
int	teach_line(struct session *s, const char *line);
/* The prompt while a question waits, or NULL. */
const char	*teach_prompt(struct session *s);
void	teach_timers(struct session *s);
uint64_t	teach_next_timer(const struct session *s);	/* 0: none */

#endif
