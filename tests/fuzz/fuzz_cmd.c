/* fuzz_cmd.c - libFuzzer harness: a typed line through the lexer, the
 * command parser and the segment notation, then what the shell does with
 * a parsed segment: build it from a TCB, encode, decode, match
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the line as typed.  Everything runs as in the shell but the
 * reading of "file:" payloads, which the parser keeps as paths for the
 * edge (payfile.c) to read: the harness never reads them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "lex.h"
#include "print.h"
#include "segspec.h"
#include "tcb.h"
#include "wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXLINE	4096

/* Sends the parsed overrides as the shell would, and matches the result
 * against the same tokens read as a pattern. */
static void
build_and_match(const struct cmd *c, const struct segspec *pat, int relative,
    int six)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	static uint8_t buf[WIRE_MAXPKT];
	static const enum seg_kind kinds[] = { SK_SYN, SK_SYNACK, SK_ACK,
	    SK_FIN, SK_RST, SK_DATA };
	struct tcpopt syn[1];
	struct build_env env;
	struct print_ctx pc;
	struct errbuf e;
	struct conn cn;
	struct tcb_ev ev;
	struct seg seg, dec;
	char departs[160], why[256], line[1024];
	size_t len;
	enum seg_kind k;

	memset(&cn, 0, sizeof(cn));
	/* a connection of either IP version: the IPv6 fields and ext
	 * headers are errors on IPv4, the IPv4 ones on IPv6 */
	cn.laddr = six ? ipaddr_v6(lo6) : ipaddr_v4(0x7f000001);
	cn.raddr = cn.laddr;
	cn.lport = 40000;
	cn.rport = 26000;
	tcb_init(&cn.tcb, TCB_CLIENT, 0xfffffff0u, 65535, 1460, 1000000);
	memset(&env, 0, sizeof(env));
	memset(syn, 0, sizeof(syn));
	syn[0].kind = TCPOPT_MSS;
	syn[0].len = 4;
	syn[0].u.mss = 1460;
	env.relative = relative;
	env.ip_id = 1;
	env.ttl = 64;
	env.df = 1;
	env.ts_val = 12345;
	env.synopts = syn;
	env.nsynopts = 1;
	k = c->id >= C_SYN && c->id <= C_SEND ? kinds[c->id - C_SYN] : SK_ACK;
	if (k == SK_SYNACK) {
		cn.tcb.state = TCB_SYN_RECEIVED;
		cn.tcb.irs = 77;
		cn.tcb.have_irs = 1;
		cn.tcb.rcv_nxt = 78;
	}
	err_clear(&e);
	if (build_segment(k, &cn, c->have_spec ? &c->spec : NULL, NULL, 0,
	    &env, &seg, departs, sizeof(departs), &e) != 0)
		return;
	if (wire_encode(&seg, buf, sizeof(buf), &len, &e) != 0)
		return;
	(void)build_needs_link(&seg, buf, len);
	tcb_on_send(&cn.tcb, &seg, 1, &ev);
	wire_decode(buf, len, &dec);
	tcb_print_ctx(&cn.tcb, 1, relative, &pc);
	pc.payload = 1;
	print_seg(line, sizeof(line), &dec, &pc);
	print_line_v(line, sizeof(line), &dec, &pc, NULL);
	print_anno(line, sizeof(line), &dec);
	if (pat != NULL)
		(void)segspec_match(pat, &dec, &pc, why, sizeof(why));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[MAXLINE + 1];
	struct toklist tl = { 0 };
	struct segspec pat;
	struct errbuf e;
	struct cmd c;
	int i, start, havepat;

	if (size > MAXLINE)
		size = MAXLINE;
	memcpy(line, data, size);
	line[size] = '\0';

	err_clear(&e);
	if (lex_line(line, &tl, &e) != 0) {
		lex_free(&tl);
		return 0;
	}
	for (start = 0; start <= tl.n; start = i + 1) {
		for (i = start; i < tl.n && tl.t[i].kind != TOK_SEMI; i++)
			;
		if (i == start)
			continue;
		if (cmd_parse(tl.t + start, i - start, line, &c, &e) == 0 &&
		    c.id >= C_SYN && c.id <= C_SEND) {
			/* the same words as a pattern, as a printed line
			 * pasted after expect */
			havepat = segspec_parse(tl.t + start + 1,
			    i - start - 1, SPM_PATTERN, &pat, &e) == 0;
			build_and_match(&c, havepat ? &pat : NULL,
			    (line[0] & 1) == 0, 0);
			build_and_match(&c, havepat ? &pat : NULL,
			    (line[0] & 1) == 0, 1);
			segspec_free(&pat);
		} else if (c.id == C_EXPECT && c.have_spec) {
			build_and_match(&c, &c.spec, 1, 0);
			build_and_match(&c, &c.spec, 1, 1);
		}
		cmd_free(&c);
	}
	lex_free(&tl);
	return 0;
}
