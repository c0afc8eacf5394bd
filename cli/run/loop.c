/*
 * cli/run/loop.c - the one event loop: poll() over the capture, the
 * descriptors the front end registers and a self-pipe for signals,
 * sleeping until the earliest deadline of the data path and the hooks.
 * Output to a file or pipe is flushed before each sleep, and every 20 ms
 * when there is no sleep, so lines arrive as they happen without a write
 * per line.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/cap.h"
#include "cli/run/loop.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

#define LOOP_MAX_FDS	8	/* descriptors the front end may watch */
#define LOOP_MAX_HOOKS	8
#define LOOP_MAX_IDLE	4
#define LOOP_FLUSH_US	20000	/* µs a busy loop lets lines wait in stdio */

struct loop_fd {
	int		 fd;		/* -1: a free slot */
	bool		 on;
	loop_fd_fn	*fn;
	void		*arg;
};

struct loop_hook {
	loop_hook_fn	*fn;		/* NULL: a free slot */
	void		*arg;
};

struct loop_idle {
	loop_idle_fn	*fn;		/* NULL: a free slot */
	void		*arg;
};

struct loop {
	int		 sigpipe[2];	/* the handler writes each signal here */
	struct loop_fd	 fds[LOOP_MAX_FDS];
	struct loop_hook hooks[LOOP_MAX_HOOKS];
	struct loop_idle idle[LOOP_MAX_IDLE];
	loop_sig_fn	*on_signal;
	void		*sig_arg;
	uint64_t	 flushed;	/* stdout was last flushed */
};

static const int loop_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
#define LOOP_NSIGS	(sizeof loop_sigs / sizeof loop_sigs[0])

static int loop_sigfd = -1;	/* the handler's end of the self-pipe */

/* Pass a caught signal to the loop through the self-pipe. */
static void
loop_sighandler(int sig)
{
	unsigned char	c = (unsigned char)sig;
	int		saved = errno;

	if (loop_sigfd != -1)
		(void)write(loop_sigfd, &c, 1);	/* full: a wake-up is queued already */
	errno = saved;
}

/* Set up the loop of s: its self-pipe and signal handlers. */
int
loop_init(struct session *s, char **cause)
{
	struct loop		*l = xcalloc(1, sizeof *l);
	struct sigaction	 sa;
	size_t			 i;

	for (i = 0; i < LOOP_MAX_FDS; i++)
		l->fds[i].fd = -1;
	if (pipe2(l->sigpipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		free(l);
		return (-1);
	}
	s->loop = l;
	loop_sigfd = l->sigpipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sighandler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < LOOP_NSIGS; i++)
		sigaction(loop_sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return (0);
}

/* Tear the loop down: signals back to their defaults. */
void
loop_done(struct session *s)
{
	struct loop	*l = s->loop;
	size_t		 i;

	if (l == NULL)
		return;
	for (i = 0; i < LOOP_NSIGS; i++)
		signal(loop_sigs[i], SIG_DFL);
	loop_sigfd = -1;
	close(l->sigpipe[0]);
	close(l->sigpipe[1]);
	free(l);
	s->loop = NULL;
}

/* Watch fd: fn(arg) when readable. */
struct loop_fd *
loop_fd_add(struct session *s, int fd, loop_fd_fn *fn, void *arg)
{
	size_t	i;

	for (i = 0; i < LOOP_MAX_FDS; i++) {
		if (s->loop->fds[i].fd != -1)
			continue;
		s->loop->fds[i].fd = fd;
		s->loop->fds[i].on = true;
		s->loop->fds[i].fn = fn;
		s->loop->fds[i].arg = arg;
		return (&s->loop->fds[i]);
	}
	abort();	/* a fixed few: the terminal, a script, a view */
}

/* Watch the descriptor (on) or leave it alone for now. */
void
loop_fd_on(struct loop_fd *lf, bool on)
{
	if (lf != NULL)
		lf->on = on;
}

/* Stop watching and forget the descriptor. */
void
loop_fd_del(struct session *s, struct loop_fd *lf)
{
	(void)s;
	if (lf != NULL)
		lf->fd = -1;
}

/* Call fn(arg, now) after every turn. */
struct loop_hook *
loop_hook_add(struct session *s, loop_hook_fn *fn, void *arg)
{
	size_t	i;

	for (i = 0; i < LOOP_MAX_HOOKS; i++) {
		if (s->loop->hooks[i].fn != NULL)
			continue;
		s->loop->hooks[i].fn = fn;
		s->loop->hooks[i].arg = arg;
		return (&s->loop->hooks[i]);
	}
	abort();	/* a fixed few: the command queue, a view, a batch */
}

/* Forget a hook. */
void
loop_hook_del(struct session *s, struct loop_hook *h)
{
	(void)s;
	if (h != NULL)
		h->fn = NULL;
}

/* Call fn(arg) in idle moments until it returns false. */
struct loop_idle *
loop_idle_add(struct session *s, loop_idle_fn *fn, void *arg)
{
	size_t	i;

	for (i = 0; i < LOOP_MAX_IDLE; i++) {
		if (s->loop->idle[i].fn != NULL)
			continue;
		s->loop->idle[i].fn = fn;
		s->loop->idle[i].arg = arg;
		return (&s->loop->idle[i]);
	}
	abort();	/* a fixed few: the frames kept for decode */
}

/* Forget idle work. */
void
loop_idle_del(struct session *s, struct loop_idle *i)
{
	(void)s;
	if (i != NULL)
		i->fn = NULL;
}

/* One step of each idle work; whether any did something and has more. */
static bool
loop_idle(struct session *s)
{
	struct loop_idle	*w;
	bool			 more = false;
	size_t			 i;

	for (i = 0; i < LOOP_MAX_IDLE; i++) {
		w = &s->loop->idle[i];
		if (w->fn == NULL)
			continue;
		if (w->fn(w->arg))
			more = true;
		else
			w->fn = NULL;
	}
	return (more);
}

/* Who hears of signals. */
void
loop_on_signal(struct session *s, loop_sig_fn *fn, void *arg)
{
	s->loop->on_signal = fn;
	s->loop->sig_arg = arg;
}

/* Read the signals the self-pipe holds and hand them on. */
static void
loop_signals(struct session *s)
{
	struct loop	*l = s->loop;
	unsigned char	 buf[64];
	ssize_t		 n, i;

	while ((n = read(l->sigpipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			if (l->on_signal != NULL)
				l->on_signal(l->sig_arg, buf[i]);
			else if (buf[i] != SIGCHLD)
				s->quit = 1;
		}
	}
}

/* Run the hooks; the earliest time one of them wants a turn. */
static uint64_t
loop_hooks(struct session *s, uint64_t now)
{
	struct loop_hook	*h;
	uint64_t		 wake = UINT64_MAX, w;
	size_t			 i;

	for (i = 0; i < LOOP_MAX_HOOKS && !s->quit; i++) {
		h = &s->loop->hooks[i];
		if (h->fn != NULL && (w = h->fn(h->arg, now)) < wake)
			wake = w;
	}
	return (wake);
}

/* One turn: sleep until something happens or deadline, then handle it. */
void
loop_once(struct session *s, uint64_t deadline)
{
	struct loop	*l = s->loop;
	struct pollfd	 pfd[LOOP_MAX_FDS + 2];
	struct loop_fd	*who[LOOP_MAX_FDS + 2];
	uint64_t	 now = now_us(), wake, w;
	int		 n = 0, i, timeout;

	/* The hooks first: a command they run may arm a timer (a send). */
	wake = loop_hooks(s, now);
	if (s->quit)
		return;
	if (deadline < wake)
		wake = deadline;
	if ((w = path_deadline(s)) < wake)
		wake = w;
	if (wake <= now)
		timeout = 0;
	else if (wake - now > 60 * TCP_SEC)
		timeout = 60 * 1000;
	else
		timeout = (int)((wake - now + 999) / 1000);
	/*
	 * Before sleeping: lines wait in stdio until now.  A loop that never
	 * sleeps (a flood keeps the capture busy) flushes every
	 * LOOP_FLUSH_US, so an answer at the prompt still comes at once.
	 */
	if (timeout > 0 || now - l->flushed >= LOOP_FLUSH_US) {
		fflush(stdout);
		l->flushed = now;
	}
	/*
	 * While the transmit thread still sends, a short sleep: what it sent
	 * wakes the capture, and what it could not send is told soon.
	 */
	if (timeout > 1 && path_leaving(s))
		timeout = 1;
	/* Instead of a sleep, a step of idle work, then a look for events. */
	if (timeout > 0 && loop_idle(s))
		timeout = 0;

	pfd[n].fd = l->sigpipe[0];
	pfd[n].events = POLLIN;
	who[n++] = NULL;
	pfd[n].fd = s->cap != NULL ? cap_fd(s->cap) : -1;	/* offline: none */
	pfd[n].events = POLLIN;
	who[n++] = NULL;
	for (i = 0; i < LOOP_MAX_FDS; i++) {
		if (l->fds[i].fd == -1 || !l->fds[i].on)
			continue;
		pfd[n].fd = l->fds[i].fd;
		pfd[n].events = POLLIN;
		who[n++] = &l->fds[i];
	}
	for (i = 0; i < n; i++)
		pfd[i].revents = 0;
	if (poll(pfd, (nfds_t)n, timeout) < 0) {
		if (errno == EINTR)
			return;
		bus_text(&s->bus, RUN_ERROR, "poll: %s", strerror(errno));
		s->quit = 1;
		return;
	}
	if (pfd[0].revents & POLLIN)
		loop_signals(s);
	if (pfd[1].revents & (POLLIN | POLLERR | POLLHUP))
		path_capture(s);
	for (i = 2; i < n && !s->quit; i++) {
		/* A callback may have switched a descriptor off meanwhile. */
		if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    who[i]->fd == pfd[i].fd && who[i]->on)
			who[i]->fn(who[i]->arg);
	}
	if (path_deadline(s) <= now_us())
		path_timers(s);
}

/* Whether the capture has frames waiting to be taken now. */
bool
loop_backlog(struct session *s)
{
	struct pollfd	pfd;

	if (s->cap == NULL || (pfd.fd = cap_fd(s->cap)) < 0)
		return (false);
	pfd.events = POLLIN;
	pfd.revents = 0;
	return (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN) != 0);
}

/* Run until session_quit(). */
int
loop_run(struct session *s)
{
	while (!s->quit)
		loop_once(s, UINT64_MAX);
	return (0);
}
