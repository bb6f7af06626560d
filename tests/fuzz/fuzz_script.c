/* fuzz_script.c - libFuzzer harness: the script reader
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a whole script file.  It is parsed as tcpcraft -f parses it
 * before running anything; nothing runs (the parser keeps "file:"
 * payloads as paths: nothing reads them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXSCRIPT	(64 * 1024)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size > MAXSCRIPT)
		size = MAXSCRIPT;
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	(void)script_parse_text("fuzz", text, size);
	free(text);
	return 0;
}
