/*
 * cli/cmd/cmdq.h - the queue of commands to run: lines from the prompt, a
 * script or -c go in; each command runs in turn, and one that waits is
 * called back from the session's loop (a hook) until it ends.  After each
 * command the front end hears its status.
 */
#ifndef TCPX_CLI_CMD_CMDQ_H
#define TCPX_CLI_CMD_CMDQ_H

#include "cli/cmd/cmd.h"

struct cmdq;

/* Called after each command with its final status. */
typedef void	cmdq_done_fn(void *arg, enum cmd_status);

/* A queue for the commands of c (c->q is set); free with cmdq_free(). */
struct cmdq	*cmdq_new(struct cmd_ctx *c);

/* End a waiting command (interrupted), drop the rest, free (NULL is fine). */
void		 cmdq_free(struct cmdq *q);

/*
 * Queue line and run what can run now: split at ';' when split (a script,
 * -c), else one command (the prompt); file and line name where it came
 * from in errors (file NULL: nowhere).
 */
void		 cmdq_append(struct cmdq *q, const char *line, int split,
		    const char *file, int lineno);

/* Whether nothing runs, waits or is queued. */
int		 cmdq_idle(const struct cmdq *q);

/* Whether a command is waiting. */
int		 cmdq_waiting(const struct cmdq *q);

/* Who hears of each command's end. */
void		 cmdq_on_done(struct cmdq *q, cmdq_done_fn *fn, void *arg);

/*
 * Put n lines (linenos: where in file they are, or NULL) first in the
 * queue, in order, as group (0: none): a failure among them drops the
 * group's rest.  Runs what can run now.
 */
void		 cmdq_insert(struct cmdq *q, char *const *lines,
		    const int *linenos, size_t n, const char *file,
		    unsigned group);

/* Drop the queued commands of group (0: nothing). */
void		 cmdq_drop_group(struct cmdq *q, unsigned group);

/* The group of the command running or waiting (0: none). */
unsigned	 cmdq_group(const struct cmdq *q);

/* Ctrl-C: the waiting command ends interrupted; 1, or 0 when none waits. */
int		 cmdq_interrupt(struct cmdq *q);

/* Drop the commands queued and not yet started. */
void		 cmdq_clear(struct cmdq *q);

#endif
