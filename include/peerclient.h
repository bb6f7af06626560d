/* peerclient.h - the "client" built-in peer: a kernel client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The other built-in peers listen; this one calls connect() to
 * 127.0.0.1:PORT (or the address of client:ADDR:PORT, ::1 too), where the shell is expected to "listen", so the server
 * side of the handshake can be typed against a real kernel client.
 */
#ifndef TC_PEERCLIENT_H
#define TC_PEERCLIENT_H

#include "ipaddr.h"

/* Runs in the peer's child process and never returns.  Until a connection
 * succeeds it retries every PEERCLIENT_RETRY_MS (a refused SYN means the
 * shell does not listen yet), for at most PEERCLIENT_TRY_MS.  Connected,
 * it writes PEERCLIENT_HELLO, echoes what it reads, and closes when the
 * shell closes; then it idles until killed. */
#define PEERCLIENT_RETRY_MS	100
#define PEERCLIENT_TRY_MS	60000
#define PEERCLIENT_HELLO	"hi from the kernel client\r\n"

void	peerclient_run(const struct ipaddr *addr, unsigned port)
	    __attribute__((noreturn));

#endif
