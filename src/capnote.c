/* capnote.c - a comment per captured packet naming what sent it
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "capnote.h"
#include "capture.h"
#include "obs.h"
#include "pcapng.h"
#include "pktlog.h"
#include "sess.h"
#include "session.h"

/* Remembers what sends now (a command up to its ';' or '#', autoack, a
 * replayed segment) for the comments of the packets it sends. */
static void
set_cmd(struct session *s, const char *text)
{
	size_t i, n = 0;
	int inq = 0;

	for (i = 0; text[i] != '\0' && n + 1 < sizeof(s->cmdtext); i++) {
		if (inq && text[i] == '\\' && text[i + 1] != '\0') {
			if (n + 2 >= sizeof(s->cmdtext))
				break;
			s->cmdtext[n++] = text[i++];
		} else if (text[i] == '"')
			inq = !inq;
		else if (!inq && (text[i] == ';' || text[i] == '#'))
			break;
		s->cmdtext[n++] = text[i];
	}
	while (n > 0 && (s->cmdtext[n - 1] == ' ' || s->cmdtext[n - 1] == '\t'))
		n--;
	s->cmdtext[n] = '\0';
}

void
capnote_write(struct session *s, const struct pkt_rec *r)
{
	char note[400];
	const char *who = r->conn[0] != '\0' ? r->conn : "-";
	int newest = s->nlog > 0 && r == sess_log_at(s, s->nlog - 1);

	switch (r->dir) {
	case DIR_OUT:
		/* only the packet being sent now belongs to the command now
		 * running; earlier ones (capture's catch-up) do not */
		if (newest && s->cmdtext[0] != '\0')
			snprintf(note, sizeof(note), "%s: %s%s%s%s", who,
			    s->cmdtext, s->where ? " (" : "",
			    s->where ? s->where : "", s->where ? ")" : "");
		else
			snprintf(note, sizeof(note), "%s: sent by tcpcraft",
			    who);
		break;
	case DIR_KERNEL:
		snprintf(note, sizeof(note), "%s: sent by the local kernel",
		    who);
		break;
	default:
		snprintf(note, sizeof(note), "%s: from the peer", who);
		break;
	}
	capture_write_note(s->cap, &r->ts, r->pkt, r->len,
	    r->dir == DIR_IN ? PCAPNG_DIR_IN : PCAPNG_DIR_OUT, note);
}

/* ----- capture as an observer ----- */

static void
obs_sender_cb(void *arg, struct session *s, const struct obs_cmd *oc)
{
	set_cmd(s, oc->text);
}

static void
obs_segment_cb(void *arg, struct session *s, struct conn *c,
    const struct pkt_rec *r)
{
	if (s->cap != NULL)
		capnote_write(s, r);
}

static void
obs_end_cb(void *arg, struct session *s)
{
	if (s->cap != NULL)
		capture_close(s->cap);
	s->cap = NULL;
}

const struct obs_ops capnote_obs = {
	.name = "capture",
	.sender = obs_sender_cb,
	.sent = obs_segment_cb,
	.received = obs_segment_cb,
	.end = obs_end_cb,
};
