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

#endif
