/*
 * cli/ui/front.c - a live session from start to end: the -w file, the
 * runtime (lab or interface), its subscribers, the command queue, and the
 * prompt or the batch; then the one loop until quit, and the teardown on
 * every way out (including signals, which the loop turns into events).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/pcapw.h"
#include "cli/cmd/cmd-table.h"
#include "cli/cmd/cmdq.h"
#include "cli/cmd/cmd-pkt.h"
#include "cli/cmd/lesson.h"
#include "cli/diagram/diagram.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/loop.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "cli/tcpx.h"
#include "cli/ui/ui.h"
#include "core/xmalloc.h"

/* cmd_ui: open the diagram view for a command; it takes the keys. */
static int
front_view_open(void *arg, struct dg *d, int own, unsigned conv,
    const struct dg_opts *o, int typing)
{
	struct ui	*u = arg;

	if (u->interactive)
		prompt_pause(u);	/* readline's handler goes to the view */
	if (live_open(u, d, own, conv, o, typing) != 0) {
		if (u->interactive)
			prompt_resume(u);
		return (-1);
	}
	return (0);
}

/* The view closed: the prompt has the keys again. */
static void
front_view_closed(struct ui *u)
{
	if (u->interactive)
		prompt_resume(u);
}

/* cmd_ui: whether the view is open. */
static int
front_view_is_open(void *arg)
{
	return (live_is_open(arg));
}

/* A command ended: the view or the prompt gets the keys back, or the batch goes on. */
static void
front_done(void *arg, enum cmd_status rc)
{
	struct ui	*u = arg;

	if (!u->interactive)
		batch_next(u, rc);
	else if (live_is_open(u))
		live_command_done(u);
	else
		prompt_resume(u);
}

/*
 * A signal: at the prompt Ctrl-C stops a waiting command (and in the view
 * does nothing else); at an idle prompt the first asks and the second
 * quits, so one stray key does not tear the lab down; in a batch any
 * signal stops the batch with status 1; SIGTERM and SIGHUP always quit.
 * SIGCHLD only wakes the loop (a `lab exec` child ended).
 */
static void
front_signal(void *arg, int sig)
{
	struct ui	*u = arg;

	if (sig == SIGCHLD)
		return;
	if (sig == SIGINT && u->interactive) {
		if (cmdq_interrupt(u->q)) {
			prompt_sigint_used(u);
			return;
		}
		if (live_is_open(u) || !prompt_sigint(u))
			return;
		session_quit(u->s);
		return;
	}
	if (!u->interactive) {
		u->status = EXIT_WAIT;
		if (!cmdq_waiting(u->q))
			say_err("interrupted");
	}
	session_quit(u->s);
	cmdq_interrupt(u->q);
}

/* Set up the network side and run the prompt or the batch; an exit status. */
int
front_run(const struct opts *op)
{
	struct session_opts	 so;
	struct obs_opts		 oo;
	struct dg_opts		 dgo;
	struct ui		 u;
	struct pcapw		*wfile = NULL;
	char			*cause = NULL;

	memset(&u, 0, sizeof u);
	if (op->writefile != NULL &&	/* -w: before the lab, to the end */
	    (wfile = pcapw_stream(op->writefile, &cause)) == NULL) {
		fprintf(stderr, "tcpx: -w %s\n", cause);
		free(cause);
		return (EXIT_USAGE);
	}
	memset(&so, 0, sizeof so);
	so.lab = op->lab;
	so.iface = op->iface;
	so.src = op->src;
	so.src6 = op->src6;
	so.user = op->user;
	if ((u.s = session_new(&so, &cause)) == NULL) {
		fprintf(stderr, "tcpx: %s\n", cause);
		free(cause);
		pcapw_free(wfile);
		return (EXIT_USAGE);
	}
	memset(&oo, 0, sizeof oo);
	oo.quiet = op->quiet;
	oo.verbose = op->verbose;
	oo.wfile = wfile;
	u.o = obs_new(u.s, &oo);
	u.interactive = op->commands == NULL && op->file == NULL &&
	    isatty(STDIN_FILENO);
	u.ctx.s = u.s;
	u.ctx.o = u.o;
	u.ctx.table = cmd_table;
	u.ctx.interactive = u.interactive;
	u.ctx.ui.view_open = front_view_open;
	u.ctx.ui.view_is_open = front_view_is_open;
	u.ctx.ui.arg = &u;
	u.view_closed = front_view_closed;
	u.q = cmdq_new(&u.ctx);
	cmdq_on_done(u.q, front_done, &u);
	loop_on_signal(u.s, front_signal, &u);

	if (u.interactive) {
		prompt_start(&u);
		if (op->lesson != NULL) {	/* --lesson NAME: at the prompt */
			char *line = xasprintf("lesson %s", op->lesson);

			cmdq_append(u.q, line, 0, NULL, 0);
			free(line);
		}
		if (op->tui) {
			memset(&dgo, 0, sizeof dgo);
			front_view_open(&u, NULL, 0, 0, &dgo, 1);
			/* The keys are not on screen while the line has them. */
			say("--tui: type commands below; Esc gives the keys to "
			    "the view (j/k, Enter, /), : takes them back, q leaves "
			    "it");
		}
	} else if (batch_start(&u, op->commands, op->commands != NULL ?
	    NULL : op->file != NULL ? op->file : "-") != 0)
		session_quit(u.s);
	loop_run(u.s);
	path_drain(u.s);	/* the answers to what we sent last */

	u.view_closed = NULL;
	live_close(&u);
	if (u.interactive)
		prompt_stop(&u);
	cmdq_free(u.q);
	lesson_state_free(u.ctx.lessons);
	measures_free(u.ctx.measures);
	pkt_state_free(u.ctx.pkt);
	batch_stop(&u);
	obs_free(u.o);
	session_free(u.s);
	fflush(stdout);
	return (u.status);
}
