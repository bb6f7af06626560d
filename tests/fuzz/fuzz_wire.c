/* fuzz_wire.c - libFuzzer harness: the packet decoder and its printers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one selector byte, then a captured frame.  The selector picks the
 * link type (as a live sniffer or a pcap file would hand it over) and the
 * numbering the printers use.  Every decoded segment is printed all three
 * ways, applied to a TCB as the receive path would, and encoded again, so
 * a field value the decoder lets through cannot upset a later stage.
 * The same bytes go to the ICMP error decoder and its printers.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "errbuf.h"
#include "icmp.h"
#include "print.h"
#include "seg.h"
#include "tcb.h"
#include "tcpopt.h"
#include "wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int dlts[] = {
	-1,			/* wire_decode on the bare packet */
	WIRE_DLT_NULL, WIRE_DLT_EN10MB, WIRE_DLT_RAW, WIRE_DLT_RAW_ALT,
	WIRE_LINKTYPE_RAW, WIRE_DLT_LINUX_SLL, WIRE_DLT_LINUX_SLL2,
};

static FILE *
sink(void)
{
	static FILE *f;

	if (f == NULL)
		f = fopen("/dev/null", "w");
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[WIRE_MAXPKT];
	struct print_ctx pc;
	struct optctx oc;
	struct errbuf e;
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;
	struct icmp_msg im;
	char line[1024];
	size_t ipoff = 0, outlen;
	uint8_t sel;
	int dlt, rc;

	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	dlt = dlts[(sel & 0x0f) % (sizeof(dlts) / sizeof(dlts[0]))];
	if (dlt < 0)
		rc = wire_decode(data, size, &s);
	else
		rc = wire_decode_link(dlt, data, size, &s, &ipoff);
	(void)rc;

	memset(&pc, 0, sizeof(pc));
	pc.relative = sel >> 4 & 1;
	pc.payload = sel >> 5 & 1;
	pc.seq_base = s.seq - 1;
	pc.ack_base = s.ack - 7;
	print_seg(line, sizeof(line), &s, &pc);
	print_line(line, sizeof(line), &s, &pc, NULL);
	print_line_v(line, sizeof(line), &s, &pc, NULL);
	print_line_v(line, 1 + sel % 64, &s, &pc, NULL);
	print_anno(line, sizeof(line), &s);
	/* a small buffer: truncation is part of the contract */
	print_seg(line, 1 + sel % 32, &s, &pc);
	print_anno(line, 1 + sel % 16, &s);
	oc.relative = pc.relative;
	oc.sack_base = pc.ack_base;
	tcpopt_format(line, sizeof(line), s.opt, s.nopt, &oc);
	if (sink() != NULL) {
		print_tree(sink(), &s, &pc);
		/* the dump reads bytes, not fields: a little is enough */
		print_hex(sink(), data, size < 40 ? size : 40);
	}

	/* The receive path: whatever arrived, in whatever state. */
	tcb_init(&t, sel & 0x40 ? TCB_SERVER : TCB_CLIENT, 1000, 65535, 1460,
	    1000000);
	tcb_on_recv(&t, &s, 1, &ev);
	tcb_on_recv(&t, &s, 2, &ev);
	if (sink() != NULL)
		tcb_print_at(sink(), &t, pc.relative, 3);

	/* An ICMP error: the bare packet and what follows the link header,
	 * decoded, worded (in a small buffer too) and judged against the
	 * TCB the frame just moved; a need-frag applied to it. */
	if (icmp_decode(dlt < 0 ? data : data + ipoff, dlt < 0 ? size :
	    (ipoff <= size ? size - ipoff : 0), &im) == 0) {
		icmp_line(line, sizeof(line), &im);
		icmp_line(line, 1 + sel % 32, &im);
		icmp_anno(line, sizeof(line), &im);
		(void)icmp_kind_word(&im);
		(void)icmp_kind_match(&im, 1 + sel % 11, -1);
		if (icmp_acceptable(&im, &t, line, sizeof(line)) &&
		    im.mtu != 0) {
			icmp_pmtu_apply(&t, &im);
			(void)tcb_send_mss(&t);
		}
	}

	/* "show" decodes again what the log holds; a decoded segment that
	 * is sent back (pasted) must encode or fail cleanly. */
	if (rc == 0 && (sel & 0x80)) {
		err_clear(&e);
		s.fixed = SEG_FIX_IHL | SEG_FIX_TOTLEN | SEG_FIX_DOFF |
		    SEG_FIX_IPSUM | SEG_FIX_TCPSUM | SEG_FIX_PLEN |
		    SEG_FIX_NXT;
		if (wire_encode(&s, out, sizeof(out), &outlen, &e) == 0)
			wire_decode(out, outlen, &s);
	}
	return 0;
}
