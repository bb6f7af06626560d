/* teach.h - the teaching commands in a session: ladder, explain,
 * predict, quiz, peer
 *
 * Glue between the pure modules (ladder.c, explain.c, quiz.c) and the
 * session: commands and settings, and an observer of the session's
 * events (obs.h) for the rest.
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
struct obs_ops;

/* settings explain, quiz, ascii: their rows of the settings table
 * (settings.c) */
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

/* the handlers of ladder [FILE] and peer [netns NAME] (exec.c) */
int	teach_ladder(struct session *s, struct cmd *c, struct errbuf *e);
int	teach_peer(struct session *s, struct cmd *c, struct errbuf *e);

/* The observer (obs.h):
 *   sender, sending  "send ... ?" and "predict CMD": the next segment that
 *                    leaves gets a prediction, judged by the peer's next
 *                    segment (received) or a second of silence (tick)
 *   received         after an arriving segment was printed and applied:
 *                    why (explain), the verdict, the quiz's question
 *   show             hides quizzed fields of an arriving line
 *   line             a typed line that answers a quiz question
 *   prompt           the question's prompt while it waits
 *   end              the quiz's score, at a terminal */
extern const struct obs_ops teach_obs;

#endif
