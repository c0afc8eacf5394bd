/*
 * tests/fuzz/fuzz-cmd.c - libFuzzer target for the command line: the
 * input is a -c string or a script, run as a batch through the path -c
 * takes (cmd_split, then the command queue and cmd_run, every command's
 * own parser and exec) in an offline session (no network, no root: frames
 * sent are published and go nowhere, none come in).  A command that waits
 * gets one turn of the loop and is then interrupted, as Ctrl-C does.
 * Commands that touch files, processes or interfaces (sendfile, send
 * @FILE, save, capture, lab, lesson, measure, flood, diagram FILE) are
 * skipped.  Each input gets a fresh session, so inputs do not leak into
 * each other.  The splitter and the unescaper are checked on their own
 * too.  Run with -close_fd_mask=3 to keep the commands' output quiet.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli/cmd/cmd-table.h"
#include "cli/cmd/cmdq.h"
#include "cli/cmd/cmd-pkt.h"
#include "cli/cmd/lesson.h"
#include "cli/obs/obs.h"
#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"

#define FUZZ_CMDS	16	/* commands run per input, at most */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Whether the command line may run here: nothing outside the process. */
static int
fuzz_allowed(const struct cmd_entry *ce, const char *line)
{
	static const char *const deny[] = { "sendfile", "save", "capture",
	    "lab", "lesson", "measure", "flood", "diagram", NULL };
	const char *const	*d;

	for (d = deny; *d != NULL; d++) {
		if (strcmp(ce->name, *d) == 0)
			return (0);
	}
	return (ce != &cmd_send_entry || strchr(line, '@') == NULL);
}

/* The first word of line, looked up; NULL when none or unknown. */
static const struct cmd_entry *
fuzz_find(const char *line)
{
	const struct cmd_entry	*ce;
	char			 name[64], *cause = NULL;
	size_t			 n, w;

	for (n = 0; isspace((unsigned char)line[n]); n++)
		;
	w = strcspn(line + n, " \t\n\r\f\v");
	if (w == 0 || w >= sizeof name)
		return (NULL);
	memcpy(name, line + n, w);
	name[w] = '\0';
	ce = cmd_find(cmd_table, name, &cause);
	if ((ce == NULL) != (cause != NULL))
		abort();	/* a cause exactly when no command is found */
	free(cause);
	return (ce);
}

/* Run the allowed commands of list as a batch in an offline session. */
static void
fuzz_batch(char **list)
{
	struct session_opts	 so = { .offline = 1 };
	struct obs_opts		 oo = { .quiet = 0 };
	struct cmd_ctx		 ctx = { .table = cmd_table };
	const struct cmd_entry	*ce;
	struct session		*s;
	struct obs		*o;
	struct cmdq		*q;
	char			*cause = NULL, **c;
	int			 n = 0;

	if ((s = session_new(&so, &cause)) == NULL)
		abort();	/* offline needs nothing that can fail */
	o = obs_new(s, &oo);
	ctx.s = s;
	ctx.o = o;
	q = cmdq_new(&ctx);
	for (c = list; *c != NULL && n < FUZZ_CMDS && !s->quit; c++) {
		if ((ce = fuzz_find(*c)) == NULL || !fuzz_allowed(ce, *c))
			continue;
		n++;
		cmdq_append(q, *c, 0, NULL, 0);
		if (cmdq_waiting(q)) {
			loop_once(s, now_us());	/* one turn, no sleep */
			cmdq_interrupt(q);
		}
	}
	cmdq_free(q);
	measures_free(ctx.measures);	/* `report` makes it, as front_run frees */
	pkt_state_free(ctx.pkt);
	obs_free(o);
	session_free(s);
}

/* One -c string through the splitter and unescaper, then run as a batch. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text, *out, **list, **c, *cause;
	size_t	 len;
	ssize_t	 n;

	if (size > 8192)
		return (0);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);

	/* Unescaping never grows the text; a refusal is a \\x, said. */
	out = malloc(len + 1);
	cause = NULL;
	n = cmd_unescape(text, out, &cause);
	if (n > (ssize_t)len || (n < 0 && (cause == NULL ||
	    strstr(text, "\\x") == NULL)))
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
	}
	fuzz_batch(list);
	cmd_free_list(list);
	free(text);
	return (0);
}
