/* loop.c - one thread, one poll(): the backend's fd, timers, signals, and
 * the caller's fd (readline's stdin) */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "sess.h"

static int sigpipe_fd[2] = { -1, -1 };
static volatile sig_atomic_t got_int, got_term;

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGINT)
		got_int = 1;
	else
		got_term = 1;
	if (sigpipe_fd[1] >= 0)
		(void)!write(sigpipe_fd[1], &c, 1);
	errno = saved;
}

void
loop_signals(void)
{
	struct sigaction sa;

	if (pipe(sigpipe_fd) == 0) {
		fcntl(sigpipe_fd[0], F_SETFL, O_NONBLOCK);
		fcntl(sigpipe_fd[1], F_SETFL, O_NONBLOCK);
		fcntl(sigpipe_fd[0], F_SETFD, FD_CLOEXEC);
		fcntl(sigpipe_fd[1], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
loop_interrupted(void)
{
	int v = got_int;

	got_int = 0;
	return v;
}

int
loop_terminated(void)
{
	return got_term;
}

static void
drain_sigpipe(void)
{
	char buf[64];

	while (sigpipe_fd[0] >= 0 && read(sigpipe_fd[0], buf, sizeof(buf)) > 0)
		;
}

int
loop_once(struct session *s, int extra_fd, int max_ms)
{
	struct pollfd pfd[3];
	int n = 0, i_sig = -1, i_x = -1, fd;

	if ((fd = s->be->pollfd(s)) >= 0) {
		pfd[n].fd = fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	if (sigpipe_fd[0] >= 0) {
		pfd[n].fd = sigpipe_fd[0];
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		i_sig = n++;
	}
	if (extra_fd >= 0) {
		pfd[n].fd = extra_fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		i_x = n++;
	}
	/* the backend lets time pass: poll, or a virtual clock's jump */
	if (s->be->wait(s, pfd, (nfds_t)n, max_ms) < 0 && errno != EINTR)
		return 0;
	if (i_sig >= 0 && (pfd[i_sig].revents & POLLIN))
		drain_sigpipe();
	s->be->dispatch(s);
	rx_timers(s);
	expect_on_time(s);
	return i_x >= 0 && (pfd[i_x].revents & (POLLIN | POLLHUP | POLLERR));
}

enum pend_result
loop_finish(struct session *s)
{
	while (s->pend.kind != P_NONE) {
		loop_once(s, -1, 200);
		if (loop_interrupted()) {
			if (s->interactive)
				out_printf("\n");	/* after the echoed ^C */
			pend_cancel(s, "Ctrl-C");
		}
		if (loop_terminated())
			pend_cancel(s, "terminated");
	}
	return s->pend.result;
}
