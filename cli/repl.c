/*
 * cli/repl.c - the interactive prompt (`tcpx>`) on readline's callback
 * interface, with a history file and completion (cli/complete.c), and the
 * batch runner for -c, -f and piped input: both run every command through
 * cmd_run().  A command runs outside readline's callback, with the prompt
 * taken down, so that it may lend readline to the diagram view.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cmd.h"
#include "cli/complete.h"
#include "cli/session.h"
#include "core/xmalloc.h"

#define REPL_HISTORY	1000	/* lines kept in the history file */

static int		 repl_history_added;	/* lines added this session */
static int		 repl_got;		/* readline finished a line */
static char		*repl_pending;		/* it (NULL: end of input) */

/* Whether line goes into the history: not blank, not a repeat of the last. */
static int
repl_history_wanted(const char *line)
{
	HIST_ENTRY	*last;

	if (line[strspn(line, " \t")] == '\0')
		return (0);
	last = history_get(history_base + history_length - 1);
	return (last == NULL || strcmp(last->line, line) != 0);
}

/* Add line to the history, unless it is blank or repeats the last one. */
void
repl_remember(const char *line)
{
	if (repl_history_wanted(line)) {
		add_history(line);
		repl_history_added++;
	}
}

/* Called by readline with each complete line (NULL at end of input). */
static void
repl_line(char *line)
{
	rl_callback_handler_remove();	/* back after the command */
	repl_pending = line;
	repl_got = 1;
}

/* loop_until()'s test: readline has finished a line. */
static int
repl_ready(struct session *s, void *arg)
{
	(void)s;
	(void)arg;
	return (repl_got);
}

/* Run the line readline finished, then show the prompt again. */
static void
repl_exec(struct session *s)
{
	char	*line = repl_pending;

	repl_got = 0;
	repl_pending = NULL;
	if (line == NULL) {
		printf("\n");
		s->quit = 1;
		return;
	}
	repl_remember(line);
	s->in_wait = 1;
	cmd_run(s, line);
	s->in_wait = 0;
	free(line);
	fflush(stdout);
	if (!s->quit)
		rl_callback_handler_install("tcpx> ", repl_line);
}

/*
 * The history file: $TCPX_HISTORY, or ~/.tcpx_history; NULL when
 * TCPX_HISTORY is empty (no history kept) or there is no home.
 */
static char *
repl_history_path(void)
{
	const char	*e, *home;

	if ((e = getenv("TCPX_HISTORY")) != NULL)
		return (*e != '\0' ? xstrdup(e) : NULL);
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return (NULL);
	return (xasprintf("%s/.tcpx_history", home));
}

/* Load the history file, if any, keeping the last REPL_HISTORY lines. */
static void
repl_history_load(const char *path)
{
	using_history();
	stifle_history(REPL_HISTORY);
	if (path != NULL)
		read_history(path);	/* none yet is fine */
}

/* Add this session's lines to the history file and trim it. */
static void
repl_history_save(struct session *s, const char *path)
{
	int	n = repl_history_added, rc;

	if (path == NULL || n <= 0)
		return;
	if (n > history_length)
		n = history_length;	/* the oldest were stifled away */
	/* Append, so that sessions running side by side all keep theirs. */
	if (access(path, F_OK) == 0)
		rc = append_history(n, path);
	else
		rc = write_history(path);
	if (rc != 0) {
		say_err(s, "history %s: %s", path, strerror(rc));
		return;
	}
	history_truncate_file(path, REPL_HISTORY);
}

/* Run the interactive prompt until quit, Ctrl-D, Ctrl-C or SIGTERM. */
int
repl_run(struct session *s)
{
	char	*hist = repl_history_path();

	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	rl_change_environment = 0;	/* no stale LINES/COLUMNS for curses */
	rl_readline_name = "tcpx";	/* for $if tcpx in ~/.inputrc */
	complete_init(s);
	repl_history_load(hist);
	say(s, "tcpx %s: type \"help\" for commands, \"quit\" to leave",
	    PACKAGE_VERSION);
	if (s->o->tui) {
		s->in_wait = 1;
		diagram_tui(s);
		s->in_wait = 0;
	}
	if (!s->quit)
		rl_callback_handler_install("tcpx> ", repl_line);
	while (!s->quit)
		if (loop_until(s, repl_ready, NULL, TCP_NEVER) == 1)
			repl_exec(s);
	rl_callback_handler_remove();
	repl_history_save(s, hist);
	free(hist);
	return (EXIT_OK);
}

/* Run a list of commands, stopping at the first failure; returns the exit status. */
static int
batch_list(struct session *s, char **list)
{
	char		**p;
	enum cmd_status	  rc;

	for (p = list; *p != NULL && !s->quit; p++) {
		rc = cmd_run(s, *p);
		if (rc != CMD_OK)
			return (rc == CMD_USAGE ? EXIT_USAGE : EXIT_WAIT);
		if (loop_signal) {
			loop_signal = 0;
			say_err(s, "interrupted");
			return (EXIT_WAIT);
		}
	}
	return (EXIT_OK);
}

/* Run the -c string; returns the exit status. */
int
batch_string(struct session *s, const char *cmds)
{
	char	**list = cmd_split(cmds);
	int	  rc = batch_list(s, list);

	cmd_free_list(list);
	return (rc);
}

/* Run the commands of a file ("-" for stdin), one or more per line. */
int
batch_file(struct session *s, const char *path)
{
	FILE	*f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char	*line = NULL, **list;
	size_t	 cap = 0;
	ssize_t	 n;
	int	 rc = EXIT_OK, lineno = 0;

	if (f == NULL) {
		say_err(s, "%s: %s", path, strerror(errno));
		return (EXIT_USAGE);
	}
	while (rc == EXIT_OK && !s->quit && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		s->lineno = lineno;
		/* A backslash at the end of a line continues the command. */
		while (n >= 2 && line[n - 1] == '\n' && line[n - 2] == '\\') {
			char	*more = NULL;
			size_t	 mcap = 0;
			ssize_t	 m;
			if ((m = getline(&more, &mcap, f)) == -1) {
				free(more);
				break;
			}
			lineno++;
			line = realloc(line, (size_t)n + (size_t)m + 1);
			if (line == NULL)
				return (EXIT_USAGE);
			memcpy(line + n, more, (size_t)m + 1);
			n += m;
			cap = (size_t)n + 1;
			free(more);
		}
		s->script = path;
		s->lineno = lineno;
		if (line[strspn(line, " \t")] == '#')
			continue;	/* a comment line, ';' and all */
		list = cmd_split(line);
		rc = batch_list(s, list);
		cmd_free_list(list);
	}
	s->script = NULL;
	free(line);
	if (f != stdin)
		fclose(f);
	return (rc);
}
