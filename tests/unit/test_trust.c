/* test_trust.c - which received segments may change a TCB */
#include <string.h>

#include "seg.h"
#include "t.h"
#include "tcb.h"
#include "trust.h"

TEST(trust_lying_total_length)
{
	struct seg s;
	char why[96];

	/* the frame was captured whole: the length field lies */
	seg_init(&s);
	s.tot_len = 1500;
	s.anno = SEG_A_TRUNC | SEG_A_SUM_UNCHK;
	T_EQ(trust_seg(&s, 42, 42, why, sizeof(why)), 0);
	T_EQ(s.anno, SEG_A_BAD_TOTLEN | SEG_A_SUM_UNCHK);
	T_STREQ(why, "total length 1500, 42 bytes on the wire");
	/* cut by the snapshot length: the sender did nothing wrong */
	seg_init(&s);
	s.tot_len = 1500;
	s.anno = SEG_A_TRUNC | SEG_A_SUM_UNCHK;
	T_EQ(trust_seg(&s, 96, 1500, why, sizeof(why)), 1);
	T_EQ(s.anno, SEG_A_TRUNC | SEG_A_SUM_UNCHK);
	T_STREQ(why, "");
}

TEST(trust_broken_headers)
{
	static const uint32_t broken[] = { SEG_A_BAD_IHL, SEG_A_BAD_TOTLEN,
	    SEG_A_FRAG, SEG_A_TRUNC_TCP, SEG_A_BAD_DOFF, SEG_A_NOT_TCP };
	static const uint32_t fine[] = { 0, SEG_A_BAD_OPT, SEG_A_SUM_BAD,
	    SEG_A_IPSUM_BAD, SEG_A_SUM_PART, SEG_A_SUM_UNCHK };
	struct seg s;
	size_t i;

	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		seg_init(&s);
		s.anno = broken[i];
		T_EQ(trust_seg(&s, 60, 60, NULL, 0), 0);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		seg_init(&s);
		s.anno = fine[i];
		T_EQ(trust_seg(&s, 60, 60, NULL, 0), 1);
	}
}

TEST(trust_event_changes_nothing)
{
	struct tcb t, before;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 1000, 65535, 1460, 1000000);
	t.state = TCB_ESTABLISHED;
	before = t;
	seg_init(&s);
	s.anno = SEG_A_BAD_DOFF | SEG_A_SUM_BAD;
	trust_event(&t, &s, "", &ev);
	T_MEMEQ(&t, &before, sizeof(t));
	T_EQ(ev.from, TCB_ESTABLISHED);
	T_EQ(ev.to, TCB_ESTABLISHED);
	T_EQ(ev.notes, TN_MALFORMED | TN_NOT_APPLIED | TN_BAD_CKSUM);
	T_STREQ(ev.detail, "");
	T_STREQ(tcb_note_word(TN_NOT_APPLIED), "not applied");
}

/* IPv6: a payload length past a frame captured whole lies; a malformed
 * extension chain and a payload length short of it change no TCB. */
TEST(trust_ipv6_payload_length_and_chain)
{
	static const uint32_t broken[] = { SEG_A_BAD_EXT, SEG_A_BAD_PLEN,
	    SEG_A_FRAG, SEG_A_NOT_TCP };
	struct seg s;
	char why[96];
	size_t i;

	seg_init6(&s);
	s.plen = 1460;
	s.anno = SEG_A_TRUNC | SEG_A_SUM_UNCHK;
	T_EQ(trust_seg(&s, 72, 72, why, sizeof(why)), 0);
	T_EQ(s.anno, SEG_A_BAD_PLEN | SEG_A_SUM_UNCHK);
	T_STREQ(why, "payload length 1460, 72 bytes on the wire");
	/* cut by the snapshot length */
	seg_init6(&s);
	s.plen = 1460;
	s.anno = SEG_A_TRUNC | SEG_A_SUM_UNCHK;
	T_EQ(trust_seg(&s, 96, 1500, why, sizeof(why)), 1);
	T_EQ(s.anno, SEG_A_TRUNC | SEG_A_SUM_UNCHK);
	T_STREQ(why, "");
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		seg_init6(&s);
		s.anno = broken[i];
		T_EQ(trust_seg(&s, 80, 80, NULL, 0), 0);
	}
	seg_init6(&s);
	s.anno = SEG_A_SUM_PART;
	T_EQ(trust_seg(&s, 80, 80, NULL, 0), 1);
}
