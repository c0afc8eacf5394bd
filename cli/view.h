/*
 * cli/view.h - the full-screen curses view of a sequence diagram.
 */
#ifndef TCPX_CLI_VIEW_H
#define TCPX_CLI_VIEW_H

#include "cli/diagram.h"

/*
 * Show conversation conv (0: the first) of d full-screen with o until the
 * user quits; returns 0, or -1 when there is nothing to show or no terminal.
 */
int	view_run(const struct dg *d, const struct dg_opts *o, unsigned conv);

/*
 * As view_run() for a live session, drawn on the terminal fd (-1: standard
 * output): conv 0 is the newest conversation (or the first to appear),
 * and tick(arg), called between keys, runs the session and returns 1
 * when d grew, 0 when not, -1 to close the view (the session ends).  `f` toggles following the newest row (on at the
 * start).
 */
int	view_live(const struct dg *d, const struct dg_opts *o, unsigned conv,
	    int (*tick)(void *), void *arg, int fd);

#endif
