/*
 * cli/cmd.h - the command table: every command tcpx understands, with its
 * usage and help, from which help, completion and the man page's list come.
 */
#ifndef TCPX_CLI_CMD_H
#define TCPX_CLI_CMD_H

struct session;

enum cmd_status {
	CMD_OK = 0,	/* succeeded */
	CMD_FAIL = 1,	/* ran but failed (a wait timed out, the engine refused) */
	CMD_USAGE = 2,	/* could not be understood */
};

#define CMD_MAXARGS	32

struct cmd_entry {
	const char	*name;
	const char	*alias;		/* or NULL */
	const char	*usage;		/* arguments, e.g. "HOST:PORT" */
	int		 min_args;
	int		 max_args;	/* -1: any number */
	int		 raw;		/* one argument: the rest of the line, with \-escapes */
	const char	*help;		/* one line */
	const char	*detail;	/* more, for `help CMD`; or NULL */
	enum cmd_status	(*exec)(struct session *, int, char **);
};

extern const struct cmd_entry cmd_connect_entry, cmd_listen_entry,
    cmd_accept_entry, cmd_send_entry, cmd_recv_entry, cmd_sendfile_entry, cmd_save_entry, cmd_shutdown_entry, cmd_close_entry,
    cmd_abort_entry, cmd_conns_entry, cmd_stat_entry, cmd_use_entry,
    cmd_set_entry, cmd_show_entry, cmd_udp_entry, cmd_wait_entry,
    cmd_step_entry, cmd_held_entry, cmd_edit_entry, cmd_drop_entry,
    cmd_fault_entry, cmd_craft_entry, cmd_expect_entry, cmd_flood_entry,
    cmd_sleep_entry, cmd_echo_entry, cmd_lab_entry,
    cmd_capture_entry, cmd_diagram_entry, cmd_help_entry, cmd_quit_entry;

/* Every command, NULL-terminated, in the order help lists them. */
extern const struct cmd_entry *const cmd_table[];

/* Run one command line; returns its status (errors already reported). */
enum cmd_status	 cmd_run(struct session *, const char *line);

/*
 * Find a command by name, alias or unique prefix; NULL with a message in
 * err (len bytes) such as "ambiguous command: c, could be: close, connect".
 */
const struct cmd_entry *cmd_find(const char *name, char *err, size_t len);

/*
 * Split a -c string into commands at unquoted, unescaped ';'.  Returns a
 * NULL-terminated array of malloc'd strings (free with cmd_free_list).
 */
char		**cmd_split(const char *s);
void		  cmd_free_list(char **);

/* Parse a time limit in whole seconds (1-86400); the value, or -1 with an error. */
long		  cmd_seconds(struct session *, const char *cmd, const char *arg);

/* Decode \r \n \t \\ \" \; \xHH in s into out (as long as s); returns the length. */
size_t		  cmd_unescape(const char *s, char *out);

#endif
