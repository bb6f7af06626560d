/* trust.h - which received segments may change a TCB
 *
 * A segment whose headers do not add up is shown, annotated, and applied
 * to nothing: a receiving stack would drop it, and a lying field (a data
 * offset past the segment, a total length past the frame) would move the
 * TCB to numbers no peer sent.  Checksums are noted by the TCB, not
 * judged here.
 */
#ifndef TC_TRUST_H
#define TC_TRUST_H

#include <stddef.h>

#include "seg.h"
#include "tcb.h"

/* Decode annotations that make a segment untrustworthy. */
#define TRUST_BROKEN	(SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_BAD_IHL | \
			 SEG_A_BAD_TOTLEN | SEG_A_NOT_TCP | SEG_A_FRAG | \
			 SEG_A_TRUNC_TCP | SEG_A_BAD_DOFF | SEG_A_BAD_LINK | \
			 SEG_A_BAD_EXT | SEG_A_BAD_PLEN)

/* Judges a decoded segment of caplen captured bytes out of wirelen on the
 * wire (both counted from the IP header).  An IP total length beyond a
 * capture that holds the whole frame is a lie, not a short snapshot: it
 * becomes SEG_A_BAD_TOTLEN (the decoder, seeing only caplen, calls it
 * SEG_A_TRUNC).  Returns 1 when s may be applied, 0 when not; why (may be
 * NULL) receives what the annotations alone do not say, or "". */
int	trust_seg(struct seg *s, size_t caplen, size_t wirelen, char *why,
	    size_t whylen);

/* The event of a segment shown but not applied to t: no transition,
 * TN_MALFORMED | TN_NOT_APPLIED and the checksum notes; why as detail. */
void	trust_event(const struct tcb *t, const struct seg *s, const char *why,
	    struct tcb_ev *ev);

#endif
