/* obs.c - the observers of a session: one call per event, each observer
 * that cares is told, in the order registered
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list knows its session and passes it on: this file needs nothing
 * of the session but the pointer, so everything can tell the observers
 * without obs.c knowing any of them (or session.h).
 */
#include <stddef.h>
#include <string.h>

#include "obs.h"

void
obs_init(struct obs *o, struct session *s)
{
	memset(o, 0, sizeof(*o));
	o->s = s;
}

int
obs_add(struct obs *o, const struct obs_ops *ops, void *arg)
{
	if (o->n == OBS_MAX)
		return -1;
	o->ops[o->n] = ops;
	o->arg[o->n] = arg;
	o->n++;
	return 0;
}

/* Every observer with callback F: F(arg, session, ...). */
#define EACH(o, F, ...) do {						\
	int i_;								\
									\
	for (i_ = 0; (o) != NULL && i_ < (o)->n; i_++)			\
		if ((o)->ops[i_]->F != NULL)				\
			(o)->ops[i_]->F((o)->arg[i_], (o)->s,		\
			    __VA_ARGS__);				\
} while (0)

/* Every observer sees the line (record keeps it even when a quiz takes
 * it as an answer); 1 when one of them took it. */
int
obs_line(struct obs *o, const char *raw, const char *line)
{
	int i, taken = 0;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->line != NULL &&
		    o->ops[i]->line(o->arg[i], o->s, raw, line))
			taken = 1;
	return taken;
}

void
obs_command(struct obs *o, const struct cmd *c, const char *text)
{
	struct obs_cmd oc = { c, text, 0 };

	EACH(o, command, &oc);
}

void
obs_command_done(struct obs *o, const struct cmd *c, int rc)
{
	struct obs_cmd oc = { c, NULL, rc };

	EACH(o, command_done, &oc);
}

void
obs_sender(struct obs *o, const struct cmd *c, const char *text)
{
	struct obs_cmd oc = { c, text, 0 };

	EACH(o, sender, &oc);
}

void
obs_sending(struct obs *o, struct conn *c, const struct seg *g)
{
	EACH(o, sending, c, g);
}

void
obs_sent(struct obs *o, struct conn *c, const struct pkt_rec *r)
{
	EACH(o, sent, c, r);
}

void
obs_received(struct obs *o, struct conn *c, const struct pkt_rec *r)
{
	EACH(o, received, c, r);
}

void
obs_state(struct obs *o, uint64_t t_us, const struct conn *c,
    enum tcb_state from, enum tcb_state to, const char *why)
{
	EACH(o, state, t_us, c, from, to, why);
}

void
obs_expect(struct obs *o, const char *where, const char *pattern, int ok,
    const char *reason, long packet)
{
	struct obs_expect x = { where, pattern, ok, reason, packet };

	EACH(o, expect, &x);
}

void
obs_script_end(struct obs *o, const char *file, int status)
{
	EACH(o, script_end, file, status);
}

void
obs_tick(struct obs *o, uint64_t now)
{
	EACH(o, tick, now);
}

void
obs_end(struct obs *o)
{
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->end != NULL)
			o->ops[i]->end(o->arg[i], o->s);
}

uint64_t
obs_deadline(const struct obs *o)
{
	uint64_t t = 0, d;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->deadline != NULL &&
		    (d = o->ops[i]->deadline(o->arg[i], o->s)) != 0 &&
		    (t == 0 || d < t))
			t = d;
	return t;
}

/* The first observer with a prompt to show has it. */
const char *
obs_prompt(struct obs *o)
{
	const char *p;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->prompt != NULL &&
		    (p = o->ops[i]->prompt(o->arg[i], o->s)) != NULL)
			return p;
	return NULL;
}

/* Each observer may rewrite the line; the first #N given is the line's. */
size_t
obs_show(struct obs *o, const struct pkt_rec *r, char *line, size_t cap)
{
	size_t n, no = 0;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->show != NULL &&
		    (n = o->ops[i]->show(o->arg[i], o->s, r, line, cap)) > 0 &&
		    no == 0)
			no = n;
	return no;
}
