/*
 * cli/complete.h - what the command table (cli/cmd.h) does not say about a
 * command, kept beside it and keyed by command name: the group `help`
 * lists it under (cli/cmd-help.c), and how its arguments complete at the
 * prompt (cli/complete.c).  Both are checked against cmd_table by
 * tests/unit/test-complete.c.
 */
#ifndef TCPX_CLI_COMPLETE_H
#define TCPX_CLI_COMPLETE_H

#include <stddef.h>

struct session;

/* The group `help` lists command name under, or NULL if it has none. */
const char	*help_group(const char *name);

/* Examples of command name for `help CMD` beyond its detail text, or NULL. */
const char	*help_example(const char *name);

/* Whether command name has completion rules (even "no arguments"). */
int		 complete_known(const char *name);

/*
 * The names the group and completion tables mention that cmd_table does
 * not have, or NULL: for tests, to catch a stale entry after a rename.
 */
const char	*help_stale(void);
const char	*complete_stale(void);

/*
 * The completions of text, the word being typed after the words in
 * line[0..point) (point: where text starts): a
 * NULL-terminated array of malloc'd strings (free with complete_free), or
 * NULL with *files set when a file name is wanted there.  Candidates come
 * from the command table and live sources: connection ids, state names,
 * settings, held segments.
 */
char		**complete_words(struct session *, const char *line,
		    size_t point, const char *text, int *files);
void		  complete_free(char **);

/* Install tcpx's completion for the readline prompt of session s. */
void		  complete_init(struct session *);

#endif
