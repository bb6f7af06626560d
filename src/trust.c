/* trust.c - which received segments may change a TCB
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "seg.h"
#include "tcb.h"
#include "trust.h"

int
trust_seg(struct seg *s, size_t caplen, size_t wirelen, char *why,
    size_t whylen)
{
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	/* The frame was captured whole, yet the IP header claims more:
	 * the bytes the TCB would count as received were never sent. */
	if ((s->anno & SEG_A_TRUNC) && caplen >= wirelen) {
		s->anno = (s->anno & ~(uint32_t)SEG_A_TRUNC) |
		    (SEG_IS6(s) ? SEG_A_BAD_PLEN : SEG_A_BAD_TOTLEN);
		if (why != NULL)
			snprintf(why, whylen, "%s %u, %zu bytes on the wire",
			    SEG_IS6(s) ? "payload length" : "total length",
			    SEG_IS6(s) ? s->plen : s->tot_len, wirelen);
	}
	return (s->anno & TRUST_BROKEN) == 0;
}

void
trust_event(const struct tcb *t, const struct seg *s, const char *why,
    struct tcb_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->from = ev->to = t->state;
	ev->notes = TN_MALFORMED | TN_NOT_APPLIED;
	if (s->anno & (SEG_A_SUM_BAD | SEG_A_IPSUM_BAD))
		ev->notes |= TN_BAD_CKSUM;
	if (s->anno & SEG_A_SUM_PART)
		ev->notes |= TN_PART_CKSUM;
	if (why != NULL)
		snprintf(ev->detail, sizeof(ev->detail), "%s", why);
}
