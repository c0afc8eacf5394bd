/*
 * cli/repl.c - the interactive prompt (`tcpx>`) on readline's callback
 * interface, with history and command-name completion from the command
 * table, and the batch runner for -c, -f and piped input: both run every
 * command through cmd_run().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cmd.h"
#include "cli/session.h"

static struct session *repl_session;

/* Called by readline with each complete line (NULL at end of input). */
static void
repl_line(char *line)
{
	struct session	*s = repl_session;

	if (line == NULL) {
		printf("\n");
		s->quit = 1;
		return;
	}
	if (*line != '\0')
		add_history(line);
	s->in_wait = 1;
	cmd_run(s, line);
	s->in_wait = 0;
	free(line);
	fflush(stdout);
}

/* Generate command names that start with the text typed so far. */
static char *
repl_complete_name(const char *text, int state)
{
	static int	i;
	static size_t	len;
	const char	*name;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	/* Names, then aliases (i counts both lists). */
	while (cmd_table[i / 2] != NULL) {
		name = i % 2 ? cmd_table[i / 2]->alias : cmd_table[i / 2]->name;
		i++;
		if (name != NULL && strncmp(name, text, len) == 0)
			return (strdup(name));
	}
	return (NULL);
}

/* Complete command names at the start of the line only. */
static char **
repl_complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	if (start != 0)
		return (NULL);
	return (rl_completion_matches(text, repl_complete_name));
}

/* Run the interactive prompt until quit, Ctrl-D, Ctrl-C or SIGTERM. */
int
repl_run(struct session *s)
{
	repl_session = s;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	rl_readline_name = "tcpx";
	rl_attempted_completion_function = repl_complete;
	say(s, "tcpx %s: type \"help\" for commands, \"quit\" to leave",
	    PACKAGE_VERSION);
	rl_callback_handler_install("tcpx> ", repl_line);
	loop_until(s, NULL, NULL, TCP_NEVER);
	rl_callback_handler_remove();
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
