/*
 * cli/cmd/cmd-help.c - `help [CMD]` and `quit`, both answered from the command
 * table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/cmd-help.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"

static enum cmd_status cmd_help(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_quit(struct cmd_ctx *, int, char **);

/* The groups `help` lists the commands in, in order; keyed by command name. */
static const struct help_group {
	const char	*title;
	const char	*names;		/* blank-separated, in listing order */
} help_groups[] = {
	{ "connections", "connect listen accept use conns stat history" },
	{ "data", "send sendfile recv save udp wait" },
	{ "closing", "shutdown close abort" },
	{ "stepping and faults", "step held edit drop fault" },
	{ "crafting and scripts", "craft expect flood sleep echo pkt" },
	{ "lessons and measuring", "lesson say pause mark measure report" },
	{ "settings", "set show" },
	{ "lab and capture", "lab capture decode diagram" },
	{ "other", "help quit" },
};
#define NGROUPS	(sizeof help_groups / sizeof help_groups[0])

/* Examples for `help CMD`, for the commands whose detail text has none. */
static const struct help_example {
	const char	*name;
	const char	*lines;		/* commands, separated by "; " */
} help_examples[] = {
	{ "listen", "listen 8080; listen 8080 manual; wait accept" },
	{ "accept", "listen 8080 manual; wait state SYN-RECEIVED; accept" },
	{ "recv", "recv; recv c2" },
	{ "sendfile", "sendfile /etc/services" },
	{ "save", "save /tmp/received.bin" },
	{ "shutdown", "shutdown; wait state FIN-WAIT-2" },
	{ "close", "close; wait state TIME-WAIT; close c2" },
	{ "abort", "abort; abort c2" },
	{ "conns", "conns" },
	{ "stat", "stat; stat c2" },
	{ "history", "history; history c2" },
	{ "use", "use c2; use u3" },
	{ "show", "show; show time_wait; show notation" },
	{ "udp", "udp bind 5353; udp send 10.0.0.2:7 hello; wait recv hello" },
	{ "wait", "wait state ESTABLISHED 5; wait recv \"200 OK\"; "
	    "wait event retransmission 30" },
	{ "step", "step on; connect 10.0.0.2:7; held; step; step 2; "
	    "step freeze on; step off" },
	{ "held", "step on; send hi; held" },
	{ "drop", "drop; drop 3" },
	{ "fault", "fault drop 2; fault dup in; fault delay 1 out 500ms; "
	    "fault clear" },
	{ "sleep", "sleep 500ms; sleep 2s" },
	{ "echo", "echo --- now closing ---" },
	{ "pkt", "pkt load tests/pkt/rto.pkt; pkt step; pkt step 5; "
	    "pkt status; pkt diagram width=90; pkt run; pkt close" },
	{ "lesson", "lesson teardown" },
	{ "say", "say Each side shuts its own direction." },
	{ "pause", "pause" },
	{ "mark", "mark start" },
	{ "measure", "measure tw between fin end : TIME-WAIT : 2MSL" },
	{ "report", "report" },
	{ "lab", "lab exec ss -tan; lab sh 'ss -tan | wc -l'" },
	{ "capture", "capture start tcp port 7; capture stop; "
	    "capture save /tmp/s.pcap; capture save /tmp/lesson.pcapng" },
	{ "decode", "decode; decode 3; decode list 20; step on; decode #1; "
	    "show segment 3" },
	{ "diagram", "diagram; diagram --text 1 width=90; diagram /tmp/s.pcap" },
	{ "help", "help; help wait; help w" },
	{ "quit", "quit" },
};
#define NEXAMPLES	(sizeof help_examples / sizeof help_examples[0])

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.usage = "[CMD]",
	.max_args = 1,
	.help = "list the commands, or explain one",
	.exec = cmd_help,
};

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.usage = "",
	.max_args = 0,
	.help = "leave tcpx (the lab is torn down)",
	.detail = "Connections vanish with tcpx without a RST: the peer sees silence.\n"
	    "Ctrl-D at the prompt, Ctrl-C and SIGTERM quit as well.",
	.exec = cmd_quit,
};

/* Whether word (len bytes) is one of the blank-separated names in list. */
static int
help_in(const char *list, const char *word, size_t len)
{
	const char	*p;
	size_t		 n;

	for (p = list; *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == len && strncmp(p, word, len) == 0)
			return (1);
	}
	return (0);
}

/* The group `help` lists command name under, or NULL if it has none. */
const char *
help_group(const char *name)
{
	size_t	i;

	for (i = 0; i < NGROUPS; i++)
		if (help_in(help_groups[i].names, name, strlen(name)))
			return (help_groups[i].title);
	return (NULL);
}

/* Examples of command name beyond its detail text, or NULL. */
const char *
help_example(const char *name)
{
	size_t	i;

	for (i = 0; i < NEXAMPLES; i++)
		if (strcmp(help_examples[i].name, name) == 0)
			return (help_examples[i].lines);
	return (NULL);
}

/* A command the groups name that cmd_table does not have, or NULL. */
const char *
help_stale(const struct cmd_entry *const *table)
{
	static char		 word[64];
	const struct cmd_entry	*const *e;
	const char		*p;
	size_t			 i, n;

	for (i = 0; i < NGROUPS; i++) {
		for (p = help_groups[i].names; *p != '\0'; p += n) {
			p += strspn(p, " ");
			n = strcspn(p, " ");
			if (n == 0 || n >= sizeof word)
				continue;
			memcpy(word, p, n);
			word[n] = '\0';
			for (e = table; *e != NULL; e++)
				if (strcmp((*e)->name, word) == 0)
					break;
			if (*e == NULL)
				return (word);
		}
	}
	return (NULL);
}

/* Print one command's line of the listing. */
static void
help_line(const struct cmd_entry *ce)
{
	char	usage[128];

	snprintf(usage, sizeof usage, "%s %s", ce->name, ce->usage);
	if (strlen(usage) <= 34)
		say("  %-34s %s", usage, ce->help);
	else {
		/* A long usage gets a line of its own. */
		say("  %s", usage);
		say("  %-34s %s", "", ce->help);
	}
}

/* List the commands by group; any the groups miss come last. */
static void
help_list(const struct cmd_entry *const *table)
{
	const struct cmd_entry	*const *e;
	const char		*p;
	size_t			 i, n;
	int			 missing = 0;

	for (i = 0; i < NGROUPS; i++) {
		say("%s:", help_groups[i].title);
		for (p = help_groups[i].names; *p != '\0'; p += n) {
			p += strspn(p, " ");
			n = strcspn(p, " ");
			for (e = table; *e != NULL; e++)
				if (strlen((*e)->name) == n &&
				    strncmp((*e)->name, p, n) == 0)
					help_line(*e);
		}
	}
	for (e = table; *e != NULL; e++) {
		if (help_group((*e)->name) != NULL)
			continue;
		if (!missing++)
			say("ungrouped:");
		help_line(*e);
	}
	say("Commands may be abbreviated; `help CMD` gives usage and "
	    "examples.");
	say("Tab completes commands, ids, states, settings and files.");
}

/* help [CMD] */
static enum cmd_status
cmd_help(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_entry	*ce;
	const char		*ex;
	char			*cause;

	if (argc == 1) {
		help_list(c->table);
		return (CMD_OK);
	}
	if ((ce = cmd_find(c->table, argv[1], &cause)) == NULL) {
		say_err("help: %s", cause);
		free(cause);
		return (CMD_USAGE);
	}
	say("usage: %s %s", ce->name, ce->usage);
	if (ce->alias != NULL)
		say("alias: %s", ce->alias);
	say("%s", ce->help);
	if (ce->detail != NULL)
		say("%s", ce->detail);
	if ((ex = help_example(ce->name)) != NULL)
		say("Example: %s", ex);
	return (CMD_OK);
}

/* quit */
static enum cmd_status
cmd_quit(struct cmd_ctx *c, int argc, char **argv)
{
	session_quit(c->s);
	return (CMD_OK);
}
