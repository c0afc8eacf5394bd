/*
 * tests/fuzz/fuzz-cmd.c - libFuzzer target for the command parser: the
 * input is a -c string or a script.  It is split into commands
 * (cmd_split), each is unescaped (cmd_unescape) and its first word looked
 * up (cmd_find); the two commands that only print, help and echo, also
 * run through cmd_run, which splits words and checks the argument count.
 * Linked with tcpx's libraries, as test-complete is; run with
 * -close_fd_mask=3 to keep their output quiet.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd-table.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One -c string through the splitter, the unescaper and the table. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cmd_ctx		 x = { .table = cmd_table };
	const struct cmd_entry		*ce;
	char				*text, *out, **list, **c, *cause;
	char				 name[64];
	size_t				 n, w, len;

	if (size > 8192)
		return (0);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);

	/* Unescaping never grows the text. */
	out = malloc(len + 1);
	cause = NULL;
	if (cmd_unescape(text, out, &cause) > (ssize_t)len)
		abort();
	free(cause);
	free(out);

	cause = NULL;
	if ((list = cmd_split(text, &cause)) == NULL) {
		if (cause == NULL)
			abort();	/* a refusal always says why */
		free(cause);
		free(text);
		return (0);
	}
	for (c = list; *c != NULL; c++) {
		if (strlen(*c) > len)
			abort();	/* a piece is never longer than the whole */
		out = malloc(strlen(*c) + 1);
		cause = NULL;
		cmd_unescape(*c, out, &cause);
		free(cause);
		free(out);

		for (n = 0; isspace((unsigned char)(*c)[n]); n++)
			;
		w = strcspn(*c + n, " \t\n\r\f\v");
		if (w == 0 || w >= sizeof name)
			continue;
		memcpy(name, *c + n, w);
		name[w] = '\0';
		cause = NULL;
		ce = cmd_find(cmd_table, name, &cause);
		if ((ce == NULL) != (cause != NULL))
			abort();	/* a cause exactly when no command is found */
		free(cause);
		if (ce == &cmd_help_entry || ce == &cmd_echo_entry)
			cmd_run(&x, *c);
	}
	cmd_free_list(list);
	free(text);
	return (0);
}
