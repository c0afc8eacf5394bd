/*
 * cli/cmd/cmd.h - commands: the entry each command file exports (name,
 * usage, argument counts, help, exec), the context they run in, parsing
 * and dispatch, and how a command waits: it returns CMD_WAIT from
 * cmd_await() and the command queue (cmdq) calls it back from the session's
 * one loop, as tmux's CMD_RETURN_WAIT does; no command runs a loop of its
 * own.  The table itself is in cmd-table.c (cmd_table[]).
 */
#ifndef TCPX_CLI_CMD_CMD_H
#define TCPX_CLI_CMD_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct cmd_ctx;
struct cmdq;
struct dg;
struct lesson_state;
struct measures;
struct dg_opts;
struct obs;
struct pkt_state;
struct session;

enum cmd_status {
	CMD_OK = 0,	/* succeeded */
	CMD_FAIL = 1,	/* ran but failed (a wait timed out, the engine refused) */
	CMD_USAGE = 2,	/* could not be understood */
	CMD_WAIT = 3,	/* waits: cmd_await() said how it goes on */
};

#define CMD_MAXARGS	32
#define CMD_MAXLINE	65536	/* longest command line, in bytes */

struct cmd_entry {
	const char	*name;
	const char	*alias;		/* or NULL */
	const char	*usage;		/* arguments, e.g. "HOST:PORT" */
	int		 min_args;
	int		 max_args;	/* -1: any number */
	int		 raw;		/* one argument: the rest of the line, with \-escapes */
	const char	*help;		/* one line */
	const char	*detail;	/* more, for `help CMD`; or NULL */
	enum cmd_status	(*exec)(struct cmd_ctx *, int, char **);
};

/* What the front end lends the commands. */
struct cmd_ui {
	/*
	 * Open the diagram view of d (NULL: the session's own, live) at
	 * conversation conv (0: the newest) with o, its command line focused
	 * when typing; d is freed with the view when own.  0, or -1 (said why;
	 * d is then the caller's).
	 */
	int		(*view_open)(void *arg, struct dg *d, int own,
			    unsigned conv, const struct dg_opts *o, int typing);
	/* Whether the view is open. */
	int		(*view_is_open)(void *arg);
	void		 *arg;
};

/* Everything a command may use. */
struct cmd_ctx {
	struct session		*s;
	struct obs		*o;
	struct cmdq		*q;
	const struct cmd_entry	*const *table;	/* for help and dispatch */
	struct cmd_ui		 ui;
	int			 interactive;	/* a prompt, not a batch */
	struct lesson_state	*lessons;	/* cmd-lesson.c's, or NULL */
	struct measures		*measures;	/* cmd-measure.c's, or NULL */
	struct pkt_state	*pkt;		/* cmd-pkt.c's script, or NULL */
};

/* How a wait ended. */
enum cmd_end {
	CMD_END_DONE,		/* the check was met */
	CMD_END_TIMEOUT,	/* the deadline passed */
	CMD_END_INTERRUPT,	/* the user pressed Ctrl-C, or the session ends */
};

/*
 * A waiting command's test, run after every turn of the loop: whether it
 * is done; *wake may be lowered to when it wants to run again without an
 * event (it starts as the deadline).
 */
typedef int	cmd_check_fn(struct cmd_ctx *, void *arg, uint64_t *wake);

/* How a waiting command ends: its final status (errors said). */
typedef enum cmd_status cmd_finish_fn(struct cmd_ctx *, void *arg,
		    enum cmd_end);

/*
 * From a command's exec: go on when check() is met, deadline (monotonic
 * µs; UINT64_MAX: none) passes or the user interrupts, then finish()
 * gives the status; arg (malloc'd, or NULL) is freed after finish().
 * Returns CMD_WAIT, for exec to return.
 */
enum cmd_status	 cmd_await(struct cmd_ctx *, cmd_check_fn *check,
		    cmd_finish_fn *finish, void *arg, uint64_t deadline);

/* Run one command line (no ';' splitting); its status, errors said. */
enum cmd_status	 cmd_run(struct cmd_ctx *, const char *line);

/*
 * Find a command of table by name, alias or unique prefix; NULL with
 * *cause (the caller frees it) such as "ambiguous command: c, could be:
 * close, connect".
 */
const struct cmd_entry *cmd_find(const struct cmd_entry *const *table,
		    const char *name, char **cause);

/*
 * Split a -c string into commands at unquoted, unescaped ';' and
 * newlines (a quote after a letter or digit is an apostrophe, not a
 * quote).  Returns a NULL-terminated array of malloc'd strings (free
 * with cmd_free_list), or NULL with *cause when a quote is left open.
 */
char		**cmd_split(const char *s, char **cause);
void		  cmd_free_list(char **);

/* Parse a time limit in whole seconds (1-86400); the value, or -1 (said). */
long		  cmd_seconds(const char *cmd, const char *arg);

/*
 * Decode \r \n \t \\ \" \; \xHH in s into out (as long as s); the length,
 * or -1 with *cause naming a bad escape (\x without two hex digits).
 */
ssize_t		  cmd_unescape(const char *s, char *out, char **cause);

/*
 * A connection or UDP socket id ("c3", "u5" or "3") that exists; the id,
 * or 0 with an error naming cmd and the argument.
 */
unsigned	  cmd_conn_arg(struct cmd_ctx *, const char *cmd,
		    const char *arg);

/*
 * The TCP connection a command acts on: the id in arg when given, else the
 * current one; 0 with an error said (naming what is wrong: no connection,
 * none current, a UDP socket) and what to do.
 */
unsigned	  cmd_conn_of(struct cmd_ctx *, const char *cmd,
		    const char *arg);

/* stat conns: what the connection table and its history hold (cmd-conns.c). */
enum cmd_status	  cmd_stat_conns(struct cmd_ctx *);

/* As cmd_conn_of, but a UDP socket will do too (recv). */
unsigned	  cmd_sock_of(struct cmd_ctx *, const char *cmd,
		    const char *arg);

/*
 * "did you mean \"WORD\"? " when a word of the blank-separated list is a
 * typo away from word, else "" (a static buffer, valid until the next call).
 */
const char	 *cmd_did_you_mean(const char *word, const char *list);

/* Whether word looks like a connection id ("c3", "u4"). */
int		  cmd_is_id(const char *word);

#endif
