/*
 * cli/view.h - the full-screen curses view of a sequence diagram.
 */
#ifndef TCPX_CLI_VIEW_H
#define TCPX_CLI_VIEW_H

#include <stddef.h>

#include "cli/diagram/diagram.h"

/* What a live session lends its view. */
struct view_session {
	/* Run the session a moment: 1 the diagram grew, 0 not, -1 close. */
	int	 (*tick)(void *arg);
	/* Run a line typed on the view's command line (NULL: none). */
	void	 (*command)(void *arg, const char *line);
	/* Copy the newest output (its last up to len bytes) to buf; the length. */
	size_t	 (*output)(void *arg, char *buf, size_t len);
	/* Extra text for the status bar about conversation conv (timers, drops). */
	void	 (*status)(void *arg, unsigned conv, char *buf, size_t len);
	void	  *arg;
	int	   fd;		/* the terminal to draw on (-1: standard output) */
	int	   typing;	/* open with the command line focused */
};

/*
 * Show conversation conv (0: the first) of d full-screen with o until the
 * user quits; returns 0, or -1 when there is nothing to show or no terminal.
 */
int	view_run(const struct dg *d, const struct dg_opts *o, unsigned conv);

/*
 * As view_run() for a live session (vs not NULL): conv 0 is the newest
 * conversation (or the first to appear), the view follows the newest row
 * until a key moves it (`f` toggles), and `:` opens the command line.
 */
int	view_live(const struct dg *d, const struct dg_opts *o, unsigned conv,
	    const struct view_session *vs);

/* While a typed command runs: redraw the view, laid out again if grew. */
void	view_poke(int grew);

#endif
