/* obs.c - the observers of a session: one call per event, each observer
 * that cares is told, in the order registered
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>

#include "obs.h"
#include "sess.h"

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

/* Every observer with callback F: F(arg, s, ...).  A session with no
 * list (set up but not started) has nobody to tell. */
#define EACH(s, F, ...) do {						\
	const struct obs *o_ = (s)->obs;				\
	int i_;								\
									\
	for (i_ = 0; o_ != NULL && i_ < o_->n; i_++)			\
		if (o_->ops[i_]->F != NULL)				\
			o_->ops[i_]->F(o_->arg[i_], (s), __VA_ARGS__);	\
} while (0)

/* Every observer sees the line: record keeps it even when a quiz takes
 * it as an answer. */
int
obs_line(struct session *s, const char *raw, const char *line)
{
	const struct obs *o = s->obs;
	int i, taken = 0;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->line != NULL &&
		    o->ops[i]->line(o->arg[i], s, raw, line))
			taken = 1;
	return taken;
}

void
obs_command(struct session *s, const struct cmd *c, const char *text)
{
	struct obs_cmd oc = { c, text, 0 };

	EACH(s, command, &oc);
}

void
obs_command_done(struct session *s, const struct cmd *c, int rc)
{
	struct obs_cmd oc = { c, NULL, rc };

	EACH(s, command_done, &oc);
}

void
obs_sender(struct session *s, const struct cmd *c, const char *text)
{
	struct obs_cmd oc = { c, text, 0 };

	EACH(s, sender, &oc);
}

void
obs_sending(struct session *s, struct conn *c, const struct seg *g)
{
	EACH(s, sending, c, g);
}

void
obs_segment(struct session *s, struct conn *c, const struct pkt_rec *r)
{
	EACH(s, segment, c, r);
}

void
obs_state(struct session *s, uint64_t t_us, const struct conn *c,
    enum tcb_state from, enum tcb_state to, const char *why)
{
	EACH(s, state, t_us, c, from, to, why);
}

void
obs_expect(struct session *s, const char *pattern, int ok,
    const char *reason, long packet)
{
	struct obs_expect x = { s->where, pattern, ok, reason, packet };

	EACH(s, expect, &x);
}

void
obs_script_end(struct session *s, const char *file, int status)
{
	EACH(s, script_end, file, status);
}

void
obs_tick(struct session *s)
{
	EACH(s, tick, sess_now(s));
}

void
obs_end(struct session *s)
{
	const struct obs *o = s->obs;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->end != NULL)
			o->ops[i]->end(o->arg[i], s);
}

uint64_t
obs_deadline(const struct session *s)
{
	const struct obs *o = s->obs;
	uint64_t t = 0, d;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->deadline != NULL &&
		    (d = o->ops[i]->deadline(o->arg[i], s)) != 0 &&
		    (t == 0 || d < t))
			t = d;
	return t;
}

/* The first observer with a prompt to show has it. */
const char *
obs_prompt(struct session *s)
{
	const struct obs *o = s->obs;
	const char *p;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->prompt != NULL &&
		    (p = o->ops[i]->prompt(o->arg[i], s)) != NULL)
			return p;
	return NULL;
}

/* The first #N an observer gives the line; each may rewrite it. */
size_t
obs_show(struct session *s, const struct pkt_rec *r, char *line, size_t cap)
{
	const struct obs *o = s->obs;
	size_t n, no = 0;
	int i;

	for (i = 0; o != NULL && i < o->n; i++)
		if (o->ops[i]->show != NULL &&
		    (n = o->ops[i]->show(o->arg[i], s, r, line, cap)) > 0 &&
		    no == 0)
			no = n;
	return no;
}
