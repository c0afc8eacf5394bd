/*
 * cli/loop.c - the one event loop: poll() over the capture descriptor,
 * stdin (readline's callback interface, at the prompt only) and the
 * engine's earliest deadline, so timers fire and packets print while the
 * user is typing or a command waits.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include "capture/cap.h"
#include "cli/session.h"

volatile int loop_signal;

/* Run the loop until done() is true (1), the deadline passes (0), or an interrupt or quit (-1). */
int
loop_until(struct session *s, int (*done)(struct session *, void *),
    void *arg, uint64_t deadline)
{
	struct pollfd	pfd[2];
	uint64_t	now, wake;
	int		n, timeout, sig, prompt;

	for (;;) {
		if (done != NULL && done(s, arg))
			return (1);
		if ((sig = loop_signal) != 0) {
			loop_signal = 0;
			/* Ctrl-C interrupts a wait at the prompt; anything else quits. */
			if (!(sig == SIGINT && s->interactive && s->in_wait))
				s->quit = 1;
			return (-1);
		}
		if (s->quit)
			return (-1);
		now = now_us();
		if (now >= deadline)
			return (0);
		wake = session_deadline(s);
		if (deadline < wake)
			wake = deadline;
		if (s->child_running && wake > now + 20 * TCP_MS)
			wake = now + 20 * TCP_MS;
		if (s->watch != NULL && wake > now + 30 * TCP_MS)
			wake = now + 30 * TCP_MS;	/* the view redraws */
		if (wake <= now || s->busy)
			timeout = 0;
		else if (wake - now > 60 * TCP_SEC)
			timeout = 60 * 1000;
		else
			timeout = (int)((wake - now + 999) / 1000);

		if (timeout > 0)
			fflush(stdout);	/* before sleeping: say() leaves it to us */
		pfd[0].fd = cap_fd(s->cap);
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		n = 1;
		prompt = s->interactive && !s->in_wait;
		if (prompt) {
			pfd[1].fd = STDIN_FILENO;
			pfd[1].events = POLLIN;
			pfd[1].revents = 0;
			n = 2;
		}
		if (poll(pfd, (nfds_t)n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			say_err(s, "poll: %s", strerror(errno));
			s->quit = 1;
			return (-1);
		}
		if (pfd[0].revents & (POLLIN | POLLERR | POLLHUP))
			session_capture(s);
		if (prompt && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
			rl_callback_read_char();
		if (session_deadline(s) <= now_us())
			session_timers(s);
		if (s->watch != NULL)
			s->watch(s);
	}
}
