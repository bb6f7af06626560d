/* pdstep.h - tcpcraft --packetdrill --step: the prompt between lines
 *
 * Before each line of a script the line is shown and the user answers:
 * Enter runs it, c runs the rest, q stops; the commands that only look
 * (tcb, conns, use, show, hex, log, stream, ladder, help, peer) run in
 * the run's session.  After the run, the same prompt until q.
 */
#ifndef TC_PDSTEP_H
#define TC_PDSTEP_H

struct session;

#define PDSTEP_RUN	0	/* run the line */
#define PDSTEP_REST	1	/* run it and the rest without asking */
#define PDSTEP_QUIT	2	/* stop */

/* Shows line (1-based) of the script text src (NULL: the run is over)
 * and reads answers from stdin until one of PDSTEP_*; the end of input
 * is PDSTEP_REST. */
int	pdstep_prompt(struct session *s, const char *path, const char *src,
	    int line);

#endif
