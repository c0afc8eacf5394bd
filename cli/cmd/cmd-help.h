/*
 * cli/cmd/cmd-help.h - what the command table does not say about a
 * command, kept beside `help` and keyed by command name: the group it is
 * listed under and its examples; checked against the table by
 * tests/unit/test-complete.c.
 */
#ifndef TCPX_CLI_CMD_HELP_H
#define TCPX_CLI_CMD_HELP_H

struct cmd_entry;

/* The group `help` lists command name under, or NULL if it has none. */
const char	*help_group(const char *name);

/* Examples of command name for `help CMD` beyond its detail text, or NULL. */
const char	*help_example(const char *name);

/* A name the groups mention that table does not have, or NULL. */
const char	*help_stale(const struct cmd_entry *const *table);

#endif
