/*
 * cli/ui/history.c - the command history the prompt and the view's command
 * line share (readline's, which is global): $TCPX_HISTORY or
 * ~/.tcpx_history, bounded to HISTORY_MAX lines, appended to so that
 * sessions running side by side all keep theirs.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/obs/out.h"
#include "cli/ui/ui.h"
#include "core/xmalloc.h"

#define HISTORY_MAX	1000	/* lines kept in the history file */

static struct {
	char	*path;		/* the history file, or NULL */
	int	 added;		/* lines added this session */
} hist;

/* Whether line goes into the history: not blank, not a repeat of the last. */
static int
history_wanted(const char *line)
{
	HIST_ENTRY	*last;

	if (line[strspn(line, " \t")] == '\0')
		return (0);
	last = history_get(history_base + history_length - 1);
	return (last == NULL || strcmp(last->line, line) != 0);
}

/* Add a typed line to the history, unless it is blank or repeats the last. */
void
history_remember(const char *line)
{
	if (history_wanted(line)) {
		add_history(line);
		hist.added++;
	}
}

/*
 * The history file: $TCPX_HISTORY, or ~/.tcpx_history; NULL when
 * TCPX_HISTORY is empty (no history kept) or there is no home.
 */
static char *
history_path(void)
{
	const char	*e, *home;

	if ((e = getenv("TCPX_HISTORY")) != NULL)
		return (*e != '\0' ? xstrdup(e) : NULL);
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return (NULL);
	return (xasprintf("%s/.tcpx_history", home));
}

/* Load the history file, if any, keeping the last HISTORY_MAX lines. */
void
history_load(void)
{
	hist.path = history_path();
	using_history();
	stifle_history(HISTORY_MAX);
	if (hist.path != NULL)
		read_history(hist.path);	/* none yet is fine */
}

/* Add this session's lines to the history file and trim it. */
void
history_save(void)
{
	int	n = hist.added, rc;

	if (hist.path != NULL && n > 0) {
		if (n > history_length)
			n = history_length;	/* the oldest were stifled away */
		/* Append, so that sessions side by side all keep theirs. */
		if (access(hist.path, F_OK) == 0)
			rc = append_history(n, hist.path);
		else
			rc = write_history(hist.path);
		if (rc != 0)
			say_err("history %s: %s", hist.path, strerror(rc));
		else
			history_truncate_file(hist.path, HISTORY_MAX);
	}
	free(hist.path);
	hist.path = NULL;
}
