/* fuzz_labconf.c - libFuzzer harness: a labs.conf through the parser,
 * then every question a confined tcpcraft asks of what it read
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the file's bytes.  A file the parser accepts must answer the
 * questions without reading past what it holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "ipaddr.h"
#include "labconf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ula[16] = { 0xfd, 0x74, 0x63, 0x63, [15] = 1 };
	static struct labconf lc;
	struct ipaddr a6 = ipaddr_v6(ula);
	struct errbuf e;
	FILE *f, *out;
	int i;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size, "r")) ==
	    NULL)
		return 0;
	if (labconf_read(&lc, f, &e) == 0) {
		for (i = 0; i < lc.nlabs; i++) {
			(void)labconf_src_ok(&lc, lc.labs[i].ifname,
			    IPADDR4(0x0a000001));
			(void)labconf_src_ok(&lc, lc.labs[i].ifname, &a6);
			(void)labconf_lab(&lc, lc.labs[i].ifname);
		}
		(void)labconf_flood_ok(&lc, 1000, 1000, &e);
		(void)labconf_probe_ok(&lc, 10, 100000, &e);
		if ((out = fopen("/dev/null", "w")) != NULL) {
			labconf_print(out, &lc);
			fclose(out);
		}
	} else if (strlen(e.msg) == 0)
		abort();	/* an error says what it is */
	fclose(f);
	return 0;
}
