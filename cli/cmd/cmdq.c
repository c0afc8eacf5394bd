/*
 * cli/cmd/cmdq.c - the command queue: commands run one after another; one
 * that waits is checked after every turn of the session's loop (a loop
 * hook) until its test is met, its deadline passes or the user interrupts
 * it, and then finished.  The front end hears each command's status.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmdq.h"
#include "cli/obs/out.h"
#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

/* A command waiting to run. */
struct cmdq_item {
	char			*line;
	char			*file;		/* where it came from, or NULL */
	int			 lineno;
	unsigned		 group;		/* a failure drops the group's rest (0: none) */
	struct cmdq_item	*next;
};

struct cmdq {
	struct cmd_ctx		*c;
	struct cmdq_item	*head;
	struct cmdq_item	**tail;
	struct cmdq_item	*cur;		/* running or waiting */
	int			 running;	/* inside cmdq_run() */
	struct {
		int		 on;
		cmd_check_fn	*check;
		cmd_finish_fn	*finish;
		void		*arg;
		uint64_t	 deadline;
		uint64_t	 wake;	/* when it asked to be checked again */
	}			 wait;
	cmdq_done_fn		*done;
	void			*done_arg;
	struct loop_hook	*hook;
};

static void	cmdq_run(struct cmdq *);
static uint64_t	cmdq_hook(void *, uint64_t);

/* A queue for the commands of c. */
struct cmdq *
cmdq_new(struct cmd_ctx *c)
{
	struct cmdq	*q = xcalloc(1, sizeof *q);

	q->c = c;
	q->tail = &q->head;
	c->q = q;
	if (c->s != NULL)
		q->hook = loop_hook_add(c->s, cmdq_hook, q);
	return (q);
}

/* Free an item. */
static void
cmdq_item_free(struct cmdq_item *it)
{
	if (it != NULL) {
		free(it->line);
		free(it->file);
		free(it);
	}
}

/* Drop the commands queued and not yet started. */
void
cmdq_clear(struct cmdq *q)
{
	struct cmdq_item	*it;

	while ((it = q->head) != NULL) {
		q->head = it->next;
		cmdq_item_free(it);
	}
	q->tail = &q->head;
}

/* End a waiting command (interrupted), drop the rest, free. */
void
cmdq_free(struct cmdq *q)
{
	if (q == NULL)
		return;
	q->done = NULL;
	cmdq_clear(q);
	cmdq_interrupt(q);
	cmdq_item_free(q->cur);
	if (q->c->s != NULL)
		loop_hook_del(q->c->s, q->hook);
	free(q);
}

/* Who hears of each command's end. */
void
cmdq_on_done(struct cmdq *q, cmdq_done_fn *fn, void *arg)
{
	q->done = fn;
	q->done_arg = arg;
}

/* Whether nothing runs, waits or is queued. */
int
cmdq_idle(const struct cmdq *q)
{
	return (q->cur == NULL && q->head == NULL);
}

/* Whether a command is waiting. */
int
cmdq_waiting(const struct cmdq *q)
{
	return (q->wait.on);
}

/* Queue one command. */
static void
cmdq_push(struct cmdq *q, const char *line, const char *file, int lineno)
{
	struct cmdq_item	*it = xcalloc(1, sizeof *it);

	it->line = xstrdup(line);
	it->file = file != NULL ? xstrdup(file) : NULL;
	it->lineno = lineno;
	*q->tail = it;
	q->tail = &it->next;
}

/* Put n lines first in the queue, in order, as group (0: none); run them. */
void
cmdq_insert(struct cmdq *q, char *const *lines, const int *linenos, size_t n,
    const char *file, unsigned group)
{
	struct cmdq_item	*first = NULL, **pp = &first, *it;
	size_t			 i;

	for (i = 0; i < n; i++) {
		it = xcalloc(1, sizeof *it);
		it->line = xstrdup(lines[i]);
		it->file = file != NULL ? xstrdup(file) : NULL;
		it->lineno = linenos != NULL ? linenos[i] : 0;
		it->group = group;
		*pp = it;
		pp = &it->next;
	}
	if (first == NULL)
		return;
	*pp = q->head;
	if (q->head == NULL)
		q->tail = pp;
	q->head = first;
	cmdq_run(q);
}

/* Drop the queued commands of group (not 0). */
void
cmdq_drop_group(struct cmdq *q, unsigned group)
{
	struct cmdq_item	**pp = &q->head, *it;

	if (group == 0)
		return;
	while ((it = *pp) != NULL) {
		if (it->group != group) {
			pp = &it->next;
			continue;
		}
		*pp = it->next;
		cmdq_item_free(it);
	}
	q->tail = pp;
}

/* The group of the command running or waiting (0: none). */
unsigned
cmdq_group(const struct cmdq *q)
{
	return (q->cur != NULL ? q->cur->group : 0);
}

/* Queue line (split at ';' when split) and run what can run now. */
void
cmdq_append(struct cmdq *q, const char *line, int split, const char *file,
    int lineno)
{
	char	**list, **p, *cause = NULL;

	if (!split)
		cmdq_push(q, line, file, lineno);
	else if ((list = cmd_split(line, &cause)) == NULL) {
		/* Nothing of it runs: a half-quoted line is not guessed at. */
		out_where(file, lineno);
		say_err("%s", cause);
		out_where(NULL, 0);
		free(cause);
		if (q->done != NULL)
			q->done(q->done_arg, CMD_USAGE);
		return;
	} else {
		for (p = list; *p != NULL; p++)
			cmdq_push(q, *p, file, lineno);
		cmd_free_list(list);
	}
	cmdq_run(q);
}

/* The current command ended with status rc: say so, forget it. */
static void
cmdq_end(struct cmdq *q, enum cmd_status rc)
{
	/* A group (a lesson) stops at its first failure, as a script does. */
	if (rc != CMD_OK && q->cur != NULL)
		cmdq_drop_group(q, q->cur->group);
	cmdq_item_free(q->cur);
	q->cur = NULL;
	if (q->done != NULL)
		q->done(q->done_arg, rc);
	out_where(NULL, 0);
}

/* End the waiting command as how says; its final status. */
static enum cmd_status
cmdq_finish(struct cmdq *q, enum cmd_end how)
{
	enum cmd_status	rc;
	void		*arg = q->wait.arg;

	q->wait.on = 0;
	rc = q->wait.finish(q->c, arg, how);
	free(arg);
	if (rc == CMD_WAIT)
		rc = CMD_FAIL;	/* a finish cannot wait again */
	return (rc);
}

/* Whether the waiting command is done; ends it when it is. */
static int
cmdq_check(struct cmdq *q, uint64_t now)
{
	enum cmd_end	how;

	q->wait.wake = q->wait.deadline;
	if (q->wait.check(q->c, q->wait.arg, &q->wait.wake))
		how = CMD_END_DONE;
	else if (now >= q->wait.deadline)
		how = CMD_END_TIMEOUT;
	else
		return (0);
	cmdq_end(q, cmdq_finish(q, how));
	return (1);
}

/* Run queued commands until one waits or none is left. */
static void
cmdq_run(struct cmdq *q)
{
	struct cmdq_item	*it;
	enum cmd_status		 rc;

	if (q->running)
		return;		/* the outer call goes on with the queue */
	q->running = 1;
	while (q->cur == NULL && (it = q->head) != NULL &&
	    (q->c->s == NULL || !q->c->s->quit)) {
		if ((q->head = it->next) == NULL)
			q->tail = &q->head;
		q->cur = it;
		out_where(it->file, it->lineno);
		rc = cmd_run(q->c, it->line);
		if (rc != CMD_WAIT)
			cmdq_end(q, rc);
		else if (!q->wait.on)
			cmdq_end(q, CMD_FAIL);	/* CMD_WAIT without cmd_await() */
		else
			cmdq_check(q, now_us());	/* met at once? */
	}
	q->running = 0;
}

/* After every turn of the loop: check the waiting command, run the rest. */
static uint64_t
cmdq_hook(void *arg, uint64_t now)
{
	struct cmdq	*q = arg;

	if (!q->wait.on || cmdq_check(q, now))
		cmdq_run(q);
	return (q->wait.on ? q->wait.wake : UINT64_MAX);
}

/* Go on with the current command when check() is met. */
enum cmd_status
cmd_await(struct cmd_ctx *c, cmd_check_fn *check, cmd_finish_fn *finish,
    void *arg, uint64_t deadline)
{
	struct cmdq	*q = c->q;

	q->wait.on = 1;
	q->wait.check = check;
	q->wait.finish = finish;
	q->wait.arg = arg;
	q->wait.deadline = deadline;
	return (CMD_WAIT);
}

/* Ctrl-C: the waiting command ends interrupted. */
int
cmdq_interrupt(struct cmdq *q)
{
	if (!q->wait.on)
		return (0);
	cmdq_end(q, cmdq_finish(q, CMD_END_INTERRUPT));
	return (1);
}
