/*
 * cli/ui/complete.h - completion at the prompt: what the command table
 * (cli/cmd/cmd.h) does not say about a command's arguments, kept beside it
 * and keyed by command name, checked against the table by
 * tests/unit/test-complete.c.
 */
#ifndef TCPX_CLI_UI_COMPLETE_H
#define TCPX_CLI_UI_COMPLETE_H

#include <stddef.h>

struct cmd_ctx;
struct cmd_entry;

/* Whether command name has completion rules (even "no arguments"). */
int		 complete_known(const char *name);

/*
 * The name the completion rules mention that table does not have, or
 * NULL: for tests, to catch a stale entry after a rename.
 */
const char	*complete_stale(const struct cmd_entry *const *table);

/*
 * The completions of text, the word being typed after the words in
 * line[0..point) (point: where text starts), for commands run in x: a
 * NULL-terminated array of malloc'd strings (free with complete_free), or
 * NULL with *files set when a file name is wanted there.  Candidates come
 * from the command table and live sources: connection ids, state names,
 * settings, held segments.
 */
char		**complete_words(struct cmd_ctx *x, const char *line,
		    size_t point, const char *text, int *files);
void		  complete_free(char **);

/* Install tcpx's completion for the readline prompt, commands run in x. */
void		  complete_init(struct cmd_ctx *x);

#endif
