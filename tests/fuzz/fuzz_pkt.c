/* fuzz_pkt.c - libFuzzer harness: the packetdrill script reader
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a whole .pkt file, read as tcpcraft --packetdrill reads it
 * before anything runs; each event read is printed back (packets in the
 * script's notation), so that the printer sees what the reader made.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdscript.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXSCRIPT	(64 * 1024)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pd_script sc;
	struct pd_err e;
	char *text, buf[512];
	int i;

	if (size > MAXSCRIPT)
		size = MAXSCRIPT;
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (pd_script_parse(text, &sc, &e) == 0)
		for (i = 0; i < sc.nev; i++)
			if (sc.ev[i].kind == PDE_PACKET)
				(void)pd_packet_str(&sc.ev[i].pkt, buf,
				    sizeof(buf));
	pd_script_free(&sc);
	free(text);
	return 0;
}
