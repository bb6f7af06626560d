/* payfile.h - file:PATH payloads, read by the edge when the command runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef TC_PAYFILE_H
#define TC_PAYFILE_H

#include "errbuf.h"
#include "segspec.h"

/* Reads the files of sp's file: payloads into their places (segspec_load).
 * Returns 0, or -1 with "file:PATH: No such file or directory", "file:PATH:
 * larger than 1 MiB", "payload larger than 1 MiB" or the length check's
 * message in e. */
int	payfile_load(struct segspec *sp, struct errbuf *e);

#endif
