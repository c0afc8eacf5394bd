/*
 * cli/ui/view.h - the full-screen curses view of a sequence diagram.  It
 * runs on events, not a loop of its own: the caller hands it the keys as
 * they arrive (view_keys()) and tells it when the diagram grew or time
 * passed (view_update()); a live session's loop does both.
 */
#ifndef TCPX_CLI_UI_VIEW_H
#define TCPX_CLI_UI_VIEW_H

#include <stddef.h>

#include "cli/diagram/diagram.h"

/* What a live session lends its view. */
struct view_hooks {
	/* Run a line typed on the view's command line (NULL: no command line). */
	void	 (*command)(void *arg, const char *line);
	/* Copy the newest output (its last up to len bytes) to buf; the length. */
	size_t	 (*output)(void *arg, char *buf, size_t len);
	/* Extra text for the status bar about conversation conv (timers, drops). */
	void	 (*status)(void *arg, unsigned conv, char *buf, size_t len);
	void	  *arg;
};

struct view;

/*
 * Start curses on terminal fd (-1: standard output) showing conversation
 * conv of d with o (0: the first; live: the newest, followed until a key
 * moves the selection); h (may be NULL) gives a live session's output,
 * status and command line, focused at once when typing.  NULL when there
 * is no terminal, or nothing to show.  Free with view_free().
 */
struct view	*view_new(const struct dg *d, const struct dg_opts *o,
		    unsigned conv, int live, const struct view_hooks *h, int fd,
		    int typing);

/* End curses and free the view (NULL is fine). */
void		 view_free(struct view *v);

/* Act on the keys that are waiting (never blocks); 1 when the user closed the view. */
int		 view_keys(struct view *v);

/* The diagram grew (grew), or time passed: lay out again and paint if changed. */
void		 view_update(struct view *v, int grew);

/* The command typed on the command line has finished: history and layout follow. */
void		 view_command_done(struct view *v);

/*
 * Show conversation conv of d full-screen with o until the user quits;
 * returns 0, or -1 when there is nothing to show or no terminal.  For a
 * finished diagram (tcpx -r FILE --diagram): nothing else runs meanwhile.
 */
int		 view_run(const struct dg *d, const struct dg_opts *o,
		    unsigned conv);

#endif
