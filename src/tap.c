/* tap.c - --tap: several scripts as TAP test points
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "offline.h"
#include "out.h"
#include "script.h"
#include "sess_init.h"
#include "session.h"
#include "tap.h"

struct tap_out {
	struct out	o;
	char		first_fail[1024];	/* "FILE:LINE: ..." */
};

/* "FILE:LINE:" at the start of a line: a failure or a syntax error. */
static int
is_where(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] != ':' && p[i] != ' ')
		i++;
	if (i == 0 || i + 1 >= n || p[i] != ':' ||
	    !isdigit((unsigned char)p[i + 1]))
		return 0;
	for (i++; i < n && isdigit((unsigned char)p[i]); i++)
		;
	return i < n && p[i] == ':';
}

/* Every line a "# " diagnostic; the first failure is kept for the YAML
 * block. */
static void
tap_text(struct out *o, const char *text)
{
	struct tap_out *to = (struct tap_out *)o;
	const char *p = text, *nl;
	size_t n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		printf("# %.*s\n", (int)n, p);
		if (to->first_fail[0] == '\0' && is_where(p, n))
			snprintf(to->first_fail, sizeof(to->first_fail), "%.*s",
			    (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
	fflush(stdout);
}

/* A script's syntax error: a diagnostic too. */
static void
tap_diag(struct out *o, const char *msg)
{
	out_printf("%s\n", msg);
}

/* What is not text is printed as text: as diagnostics. */
static const struct out_ops tap_ops = {
	.name = "tap",
	.text = tap_text,
	.diag = tap_diag,
};

struct out *
tap_out_new(void)
{
	struct tap_out *to;

	if ((to = calloc(1, sizeof(*to))) == NULL)
		return NULL;
	to->o.ops = &tap_ops;
	return &to->o;
}

/* YAML single-quoted: ' doubles */
static void
yaml_str(const char *s)
{
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			putchar('\'');
		putchar(*s);
	}
	putchar('\'');
}

/* A fresh session that keeps the peers (and the offline capture,
 * rewound) of the last one, and its lab addresses (--src: an IPv6 one
 * is adopted again, DAD and all, at its first use). */
static int
fresh(struct session *s, const char *labif, int seeded, uint64_t seed)
{
	pid_t peers[8];
	struct offline *off = s->off;
	struct obs *obs = s->obs;
	struct ipaddr src6 = s->lab_src6;
	uint32_t src = s->lab_src;
	int n = s->npeers, step = s->step;

	memcpy(peers, s->peers, sizeof(peers));
	s->npeers = 0;
	s->off = NULL;
	sess_free(s);
	if (sess_init(s, labif, seeded, seed) != 0)
		return -1;
	memcpy(s->peers, peers, sizeof(peers));
	s->npeers = n;
	s->obs = obs;
	s->step = step;
	s->lab_src = src;
	s->lab_src6 = src6;
	if (off != NULL) {
		offline_rewind(off);
		sess_offline(s, off);
	}
	return 0;
}

/* The scripts one after the other, each a TAP test point: a task, and
 * each script a task above it. */
struct tap_task {
	struct task		 t;	/* first: the loop's handle */
	struct tap_out		*to;
	const char *const	*files;
	int			 n, i, worst;
	const char		*labif;
	int			 seeded;
	uint64_t		 seed;
};

/* The test point of files[i], which ended with st. */
static void
tap_point(struct session *s, struct tap_task *tt, int st)
{
	char *first_fail = tt->to->first_fail;

	if (st == 0 && s->failed)
		st = 1;
	if (st > tt->worst)
		tt->worst = st;
	printf("%sok %d - %s\n", st == 0 ? "" : "not ", tt->i + 1,
	    tt->files[tt->i]);
	if (st != 0) {
		printf("  ---\n  message: ");
		yaml_str(first_fail[0] != '\0' ? first_fail :
		    st == 2 ? "syntax error" : "failed");
		printf("\n  exit: %d\n  ...\n", st);
	}
	fflush(stdout);
}

static int
tap_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct tap_task *tt = (struct tap_task *)t;
	struct task *below;

	if (why == LW_START) {
		printf("TAP version 13\n1..%d\n", tt->n);
		fflush(stdout);
	} else {
		tap_point(s, tt, t->child_rc);
		if (loop_terminated())
			goto done;
		tt->i++;
	}
	for (; tt->i < tt->n; tt->i++) {
		if (tt->i > 0) {
			/* a fresh session under the same loop */
			below = s->task;
			if (fresh(s, tt->labif, tt->seeded, tt->seed) != 0) {
				printf("Bail out! out of memory\n");
				t->rc = 2;
				return TASK_DONE;
			}
			s->task = below;
		}
		tt->to->first_fail[0] = '\0';
		if (script_start_file(s, tt->files[tt->i]) == 0)
			return TASK_WAIT;
		tap_point(s, tt, 2);
		if (loop_terminated())
			break;
	}
done:
	t->rc = tt->worst;
	return TASK_DONE;
}

static void
tap_task_drop(struct task *t)
{
	free(t);
}

struct task *
tap_task(struct session *s, struct out *o, const char *const *files, int n,
    const char *labif, int seeded, uint64_t seed)
{
	struct tap_task *tt;

	(void)s;
	if ((tt = calloc(1, sizeof(*tt))) == NULL)
		return NULL;
	tt->t.run = tap_task_run;
	tt->t.drop = tap_task_drop;
	tt->to = (struct tap_out *)o;
	tt->files = files;
	tt->n = n;
	tt->labif = labif;
	tt->seeded = seeded;
	tt->seed = seed;
	return &tt->t;
}
