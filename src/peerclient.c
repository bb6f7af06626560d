/* peerclient.c - the "client" built-in peer: a kernel client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking sockets and one connection: this is a lab partner, not a load
 * generator.  Every attempt is bounded in count and time.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "peerclient.h"

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A connected socket, or -1 after PEERCLIENT_TRY_MS of refusals. */
static int
dial(const struct ipaddr *addr, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	long waited;
	int fd;

	len = ipaddr_sockaddr(addr, (uint16_t)port, &ss);
	for (waited = 0; waited < PEERCLIENT_TRY_MS;
	    waited += PEERCLIENT_RETRY_MS) {
		if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) == -1)
			return -1;
		/* connect() itself waits for the SYN,ACK, resending the SYN
		 * as the kernel does: the shell's user may be slow */
		if (connect(fd, (struct sockaddr *)&ss, len) == 0)
			return fd;
		close(fd);
		if (errno != ECONNREFUSED && errno != EINTR)
			return -1;
		pause_ms(PEERCLIENT_RETRY_MS);
	}
	return -1;
}

void
peerclient_run(const struct ipaddr *addr, unsigned port)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if ((fd = dial(addr, port)) != -1) {
		(void)send(fd, PEERCLIENT_HELLO, strlen(PEERCLIENT_HELLO),
		    MSG_NOSIGNAL);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
				break;
		close(fd);
	}
	for (;;)
		pause();
}
