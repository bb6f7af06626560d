/* out.h - the output format: text, --json or --tap, chosen once at start
 *
 * Every line of text goes through out_printf (below) to the format's
 * text op; a packet, a state change, an expect's result, an error, a
 * script's syntax error and a script's end go to ops of their own.  An op
 * left NULL is done the text way, through the format's text op (--tap
 * makes every line a "# " diagnostic, so it needs only that).
 *
 * The format is an observer too (out_obs): it hears about segments,
 * state changes, expects and scripts' ends like teaching or record do.
 */
#ifndef TC_OUT_H
#define TC_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "obs.h"

struct errbuf;
struct session;
struct pkt_rec;
struct out;

/* Every line the user sees goes through here (out.c), so lines that
 * arrive while the user types are printed above the prompt, in the
 * format chosen (out_use). */
void	out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line made already (a packet line, a message built elsewhere) */
void	out_puts(const char *text);
void	out_error(const char *where, const char *line, const struct errbuf *e);
/* The terminal's prompt, around each line of text (rlout.c). */
void	out_set_hooks(void (*before)(void), void (*after)(void));
void	out_packet(struct session *s, const struct pkt_rec *r);
size_t	out_notes(char *buf, size_t cap, const struct pkt_rec *r,
	    const struct session *s);

struct out_ops {
	const char	*name;
	void	(*text)(struct out *o, const char *text);
	void	(*packet)(struct out *o, struct session *s,
		    const struct pkt_rec *r);
	void	(*state)(struct out *o, uint64_t t_us, const char *conn,
		    const char *from, const char *to, const char *why);
	void	(*expect)(struct out *o, struct session *s,
		    const struct obs_expect *x);
	/* where: "FILE:LINE" or NULL; line: the command typed, for the
	 * caret (NULL: none); col 0: no column */
	void	(*error)(struct out *o, const char *where, const char *line,
		    int col, const char *msg);
	/* a script's syntax error (already on stderr): NULL, nothing more */
	void	(*diag)(struct out *o, const char *msg);
	void	(*script_end)(struct out *o, const char *file, int status);
};

/* A format's state starts with this. */
struct out {
	const struct out_ops *ops;
	/* text on a terminal: the prompt taken down before a line and put
	 * back after it (rlout.c); other formats ignore them */
	void	(*before)(void);
	void	(*after)(void);
};

/* Formats: text (out.c), --json (json.c), --tap (tap.c).  NULL: out of
 * memory.  out_free frees any of them. */
struct out	*out_text_new(void);
void		 out_free(struct out *o);

/* From now on all output goes to o (NULL: plain stdout); o stays alive
 * while it is in use. */
void	out_use(struct out *o);

/* Scripts whose stdout is no terminal (main.c): stdout fully buffered,
 * a line no longer a write of its own.  out_flush writes out what is
 * buffered; the loop calls it before any wait that may block and before
 * a line on stderr, so what a peer, a test or a reader of both streams
 * sees comes in the order it happened. */
void	out_buffer(int on);
void	out_flush(void);
/* After a line: written out now unless out_buffer is on. */
void	out_line_end(void);

/* A script's syntax error, which is also on stderr. */
void	out_diag(const char *msg);

/* The observer that hands events to a format (its arg: the struct out). */
extern const struct obs_ops out_obs;

#endif
