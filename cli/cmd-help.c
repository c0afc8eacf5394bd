/*
 * cli/cmd-help.c - `help [CMD]` and `quit`, both answered from the command
 * table.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"

static enum cmd_status cmd_help(struct session *, int, char **);
static enum cmd_status cmd_quit(struct session *, int, char **);

const struct cmd_entry cmd_help_entry = {
	"help", "?", "[CMD]", 0, 1, 0,
	"list the commands, or explain one",
	NULL,
	cmd_help
};

const struct cmd_entry cmd_quit_entry = {
	"quit", NULL, "", 0, 0, 0,
	"leave tcpx (the lab is torn down)",
	"Connections vanish with tcpx without a RST: the peer sees silence.\n"
	"Ctrl-D at the prompt, Ctrl-C and SIGTERM quit as well.",
	cmd_quit
};

/* help [CMD] */
static enum cmd_status
cmd_help(struct session *s, int argc, char **argv)
{
	const struct cmd_entry	*const *e, *ce;
	char			 err[256], usage[128];

	if (argc == 1) {
		for (e = cmd_table; *e != NULL; e++) {
			snprintf(usage, sizeof usage, "%s %s", (*e)->name,
			    (*e)->usage);
			say(s, "  %-34s %s", usage, (*e)->help);
		}
		say(s, "Commands may be abbreviated; `help CMD` says more.");
		return (CMD_OK);
	}
	if ((ce = cmd_find(argv[1], err, sizeof err)) == NULL) {
		say_err(s, "help: %s", err);
		return (CMD_USAGE);
	}
	say(s, "usage: %s %s", ce->name, ce->usage);
	if (ce->alias != NULL)
		say(s, "alias: %s", ce->alias);
	say(s, "%s", ce->help);
	if (ce->detail != NULL)
		say(s, "%s", ce->detail);
	return (CMD_OK);
}

/* quit */
static enum cmd_status
cmd_quit(struct session *s, int argc, char **argv)
{
	s->quit = 1;
	return (CMD_OK);
}
