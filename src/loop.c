/* loop.c - one thread, one poll(): the backend's fd, timers, signals, and
 * the waiting task's fd (readline's stdin, a peer's pipe)
 *
 * Everything that waits is a task on the session's stack: the session
 * itself (main's start-up, then the shell, the scripts, --tap or
 * --serve), a typed line, a script's runner, a pending expect or wait,
 * a line's settle, a --step prompt, replay, probe, flood, ARP, a peer's
 * start-up.  loop_run, called once from main, drives the top task: it
 * resumes it, or turns the loop once for what it waits for.  A task that
 * waits for another pushes it and is resumed when it ends, so nothing
 * re-enters the loop: packetdrill's and redis ae's shape, with the
 * deadlines of the tasks instead of a timer heap. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "cmdtab.h"
#include "expect.h"
#include "loop.h"
#include "out.h"
#include "rx.h"
#include "sess.h"
#include "session.h"

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

/* One turn: the backend lets time pass (at most max_us, -1: no bound),
 * then what arrived, the timers and the pending expect (none of them
 * when quiet: the session is over).  1 when extra_fd is readable.  Only
 * wait_turn turns it. */
static int
loop_once(struct session *s, int extra_fd, int64_t max_us, int quiet)
{
	struct pollfd pfd[3];
	int n = 0, i_sig = -1, i_x = -1, fd;

	if (!quiet && (fd = s->be->pollfd(s)) >= 0) {
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
	/* what was printed is out, and the guard deletes put off are
	 * done, before we may sleep (out_buffer, sess_guard_flush) */
	if (max_us != 0) {
		sess_guard_flush(s);
		out_flush();
	}
	/* the backend lets time pass: poll, or a virtual clock's jump */
	if (s->be->wait(s, pfd, (nfds_t)n, max_us) < 0 && errno != EINTR)
		return 0;
	if (i_sig >= 0 && (pfd[i_sig].revents & POLLIN))
		drain_sigpipe();
	if (!quiet) {
		s->be->dispatch(s);
		rx_timers(s);
		expect_on_time(s);
	}
	return i_x >= 0 && (pfd[i_x].revents & (POLLIN | POLLHUP | POLLERR));
}

/* Has w ended?  Else one turn of the loop, and has it ended now?
 * LW_NONE: not yet. */
static enum loop_end
wait_turn(struct session *s, const struct loop_wait *w)
{
	uint64_t now, left;
	int64_t us;

	if (w->done != NULL && w->done(s, w->arg))
		return LW_DONE;
	us = w->tick_ms >= 0 ? (int64_t)w->tick_ms * 1000 : -1;
	if (w->deadline != 0) {
		if ((now = sess_now(s)) >= w->deadline)
			return LW_TIMEOUT;
		left = w->deadline - now;
		if (us < 0 || left < (uint64_t)us)
			us = (int64_t)left;
	}
	if (loop_once(s, w->fd, us, (w->ends & LW_QUIET) != 0))
		return LW_FD;
	if ((w->ends & LW_ON_INTR) && loop_interrupted())
		return LW_INTR;
	if ((w->ends & LW_ON_TERM) && loop_terminated())
		return LW_TERM;
	if (w->ends & LW_ONE_TURN)
		return LW_TIMEOUT;
	return LW_NONE;
}

void
loop_push(struct session *s, struct task *t)
{
	t->below = s->task;
	t->resume = LW_START;
	t->child_rc = 0;
	t->rc = 0;
	s->task = t;
}

/* The top task: resumed, or its wait turns the loop once.  1 when it
 * ended (its result in *rc), and it is no longer on the stack. */
static int
task_turn(struct session *s, int *rc)
{
	struct task *t = s->task, *below;
	enum loop_end why;

	if ((why = t->resume) != LW_NONE)
		t->resume = LW_NONE;
	else if ((why = wait_turn(s, &t->w)) == LW_NONE)
		return 0;
	if (t->run(s, t, why) != TASK_DONE)
		return 0;
	/* what it pushed has ended with it */
	below = t->below;
	s->task = below;
	*rc = t->rc;
	if (below != NULL) {
		below->child_rc = t->rc;
		below->resume = LW_CHILD;
	}
	if (t->drop != NULL)
		t->drop(t);
	return 1;
}

int
loop_run(struct session *s)
{
	int rc = 0;

	while (s->task != NULL)
		(void)task_turn(s, &rc);
	return rc;
}

static int
pend_over(struct session *s, void *arg)
{
	(void)arg;
	return s->pend.kind == P_NONE;
}

static int
finish_run(struct session *s, struct task *t, enum loop_end why)
{
	switch (why) {
	case LW_START:
		/* 200 ms a turn, as before the wait had a shape of its own */
		t->w = (struct loop_wait){ -1, 0, 200, LW_ON_INTR | LW_ON_TERM,
		    pend_over, NULL };
		return TASK_WAIT;
	case LW_DONE:
		t->rc = s->pend.result == PR_OK ? EXEC_OK : EXEC_FAIL;
		return TASK_DONE;
	case LW_INTR:
		if (s->interactive)
			out_printf("\n");	/* after the echoed ^C */
		pend_cancel(s, "Ctrl-C");
		break;
	default:
		break;
	}
	if (loop_terminated())
		pend_cancel(s, "terminated");
	return TASK_WAIT;
}

void
loop_finish_task(struct task *t)
{
	memset(t, 0, sizeof(*t));
	t->run = finish_run;
}
