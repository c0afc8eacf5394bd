/*
 * cli/ui/live.c - the diagram view inside a running session: the view takes
 * the keys from the session's loop, redraws at most 30 times a second as
 * the diagram grows (and only once the capture is drained, or twice a
 * second under a flood that never lets it be), and runs the lines typed on its command line through
 * the command queue.  Meanwhile the session's output goes to a memory file
 * (it would tear the screen); the view shows its newest lines, and the
 * prompt gets the last DIAGRAM_TAIL of them when the view closes.
 */
#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/cap.h"
#include "cli/cmd/cmdq.h"
#include "cli/diagram/diagram.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "cli/ui/ui.h"
#include "cli/ui/view.h"
#include "core/xmalloc.h"

#define DIAGRAM_TAIL	40		/* lines printed after the view, at most */
#define LIVE_FRAME	(33 * TCP_MS)	/* at most ~30 redraws a second */
#define LIVE_LATE	(500 * TCP_MS)	/* at least 2 while the capture is busy */

struct live {
	struct view	 *v;
	struct dg	 *own;		/* a file's diagram, freed with the view */
	int		  mem;		/* the output meanwhile, a memory file */
	int		  saved;	/* the terminal's standard output */
	unsigned long	  seen;		/* the diagram's count when last drawn */
	uint64_t	  painted;	/* when that was */
	int		  running;	/* a typed command runs: keys wait */
	struct loop_fd	 *fd;
	struct loop_hook *hook;
};

/* Run a line typed on the view's command line, echoed into the output. */
static void
live_command(void *arg, const char *line)
{
	struct ui	*u = arg;

	history_remember(line);
	printf("tcpx> %s\n", line);
	fflush(stdout);
	u->live->running = 1;
	loop_fd_on(u->live->fd, false);
	cmdq_append(u->q, line, 0, NULL, 0);
}

/* The newest output, up to len bytes of it, into buf; its length. */
static size_t
live_output(void *arg, char *buf, size_t len)
{
	struct ui	*u = arg;
	off_t		 end, from;
	ssize_t		 n;

	fflush(stdout);
	if ((end = lseek(u->live->mem, 0, SEEK_END)) <= 0)
		return (0);
	from = end > (off_t)len ? end - (off_t)len : 0;
	n = pread(u->live->mem, buf, (size_t)(end - from), from);
	return (n > 0 ? (size_t)n : 0);
}

/*
 * The status bar: 2MSL countdowns, the capture's drops (it keeps up), and
 * the flood's segments the diagram counted instead of drawing (more than
 * DGFEED_NEW_RATE new conversations a second).
 */
static void
live_status(void *arg, unsigned conv, char *buf, size_t len)
{
	struct ui	*u = arg;
	unsigned long	 recv, drop, segs = dgfeed_count(u->o->dg);
	unsigned long	 left = dgfeed_flood_left(u->o->dg);
	char		 tw[96], lo[48];

	dgfeed_timewait(u->o->dg, conv, tw, sizeof tw);
	lo[0] = '\0';
	if (left > 0)
		snprintf(lo, sizeof lo, "  left out %lu", left);
	if (u->s->cap != NULL && cap_stats(u->s->cap, &recv, &drop) == 0)
		snprintf(buf, len, "%s%ssegments %lu  pcap %lu drops %lu%s", tw,
		    tw[0] ? "  " : "", segs, recv, drop, lo);
	else
		snprintf(buf, len, "%s%ssegments %lu%s", tw, tw[0] ? "  " : "",
		    segs, lo);
}

/* Print the last DIAGRAM_TAIL lines of the output kept while the view was up. */
static void
live_tail(int mem)
{
	char	*buf;
	off_t	 len, i, start;
	int	 nl = 0;

	len = lseek(mem, 0, SEEK_END);
	if (len <= 0 || (buf = malloc((size_t)len)) == NULL)
		return;
	if (pread(mem, buf, (size_t)len, 0) == len) {
		for (start = len; start > 0; start--)
			if (buf[start - 1] == '\n' && ++nl > DIAGRAM_TAIL)
				break;
		for (i = nl = 0; i < start; i++)
			nl += buf[i] == '\n';
		if (nl > 0)
			printf("(%d earlier lines while the diagram was open)\n",
			    nl);
		fwrite(buf + start, 1, (size_t)(len - start), stdout);
	}
	free(buf);
}

/* Close the view: the terminal's output back, the last lines printed. */
void
live_close(struct ui *u)
{
	struct live	*l = u->live;

	if (l == NULL)
		return;
	loop_fd_del(u->s, l->fd);
	loop_hook_del(u->s, l->hook);
	view_free(l->v);
	fflush(stdout);
	dup2(l->saved, STDOUT_FILENO);
	close(l->saved);
	live_tail(l->mem);
	close(l->mem);
	dg_free(l->own);
	free(l);
	u->live = NULL;
	if (u->view_closed != NULL)
		u->view_closed(u);
}

/* The terminal has keys for the view. */
static void
live_keys(void *arg)
{
	struct ui	*u = arg;

	if (u->live != NULL && !u->live->running && view_keys(u->live->v))
		live_close(u);
}

/*
 * After every turn of the loop: redraw when the diagram grew or a frame
 * passed; but the capture first: while frames wait to be taken the screen
 * waits too (up to LIVE_LATE), so that a flood is not lost to drawing.
 */
static uint64_t
live_hook(void *arg, uint64_t now)
{
	struct ui	*u = arg;
	struct live	*l = u->live;
	unsigned long	 count = dgfeed_count(u->o->dg);

	if (l == NULL)
		return (UINT64_MAX);
	if (now >= l->painted + LIVE_FRAME && now < l->painted + LIVE_LATE &&
	    loop_backlog(u->s))
		return (now + TCP_MS);	/* after the frames waiting */
	if (now >= l->painted + LIVE_FRAME) {
		view_update(l->v, count != l->seen);
		l->seen = count;
		l->painted = now;
		live_keys(u);	/* a resize comes as a key */
		if (u->live == NULL)
			return (UINT64_MAX);
	}
	return (l->painted + LIVE_FRAME);
}

/* A command typed in the view has ended: the keys are the view's again. */
void
live_command_done(struct ui *u)
{
	struct live	*l = u->live;

	if (l == NULL)
		return;
	l->running = 0;
	l->seen = dgfeed_count(u->o->dg);
	view_command_done(l->v);
	loop_fd_on(l->fd, true);
	live_keys(u);		/* keys typed meanwhile */
}

/* Whether the view is open. */
int
live_is_open(const struct ui *u)
{
	return (u->live != NULL);
}

/* Open the diagram view of d (NULL: the session's own, live). */
int
live_open(struct ui *u, struct dg *d, int own, unsigned conv,
    const struct dg_opts *o, int typing)
{
	struct view_hooks	 h;
	struct live		*l;
	int			 live = d == NULL;

	if (u->live != NULL) {
		say_err("diagram: the view is open already (Esc, then q, returns "
		    "to the prompt)");
		return (-1);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		say_err("diagram: needs a terminal; use diagram --text");
		return (-1);
	}
	l = xcalloc(1, sizeof *l);
	fflush(stdout);
	if ((l->mem = memfd_create("tcpx-diagram", 0)) == -1 ||
	    (l->saved = dup(STDOUT_FILENO)) == -1) {
		if (l->mem != -1)
			close(l->mem);
		free(l);
		say_err("diagram: cannot set the output aside");
		return (-1);
	}
	memset(&h, 0, sizeof h);
	h.command = u->interactive ? live_command : NULL;
	h.output = live_output;
	h.status = live_status;
	h.arg = u;
	u->live = l;		/* the hooks read it */
	dup2(l->mem, STDOUT_FILENO);
	if (d == NULL)
		d = dgfeed_model(u->o->dg, 1);
	if ((l->v = view_new(d, o, conv, live, &h, l->saved, typing)) == NULL) {
		dup2(l->saved, STDOUT_FILENO);
		close(l->saved);
		close(l->mem);
		free(l);
		u->live = NULL;
		say_err("diagram: needs a terminal; use diagram --text");
		return (-1);
	}
	if (own)
		l->own = d;
	l->seen = dgfeed_count(u->o->dg);
	l->painted = now_us();
	l->fd = loop_fd_add(u->s, STDIN_FILENO, live_keys, u);
	l->hook = loop_hook_add(u->s, live_hook, u);
	return (0);
}
