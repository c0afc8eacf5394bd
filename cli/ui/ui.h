/*
 * cli/ui/ui.h - the front end of a live session: the prompt (readline on
 * its callback interface), the batch (-c, -f, a pipe) and the live
 * diagram view, all fed by the session's one loop; which of them has the
 * keys; and what they lend the commands (struct cmd_ui).
 */
#ifndef TCPX_CLI_UI_UI_H
#define TCPX_CLI_UI_UI_H

#include "cli/cmd/cmd.h"

struct batch;
struct dg;
struct dg_opts;
struct live;
struct loop_fd;
struct obs;
struct prompt;
struct session;

struct ui {
	struct session	*s;
	struct obs	*o;
	struct cmd_ctx	 ctx;
	struct cmdq	*q;
	int		 interactive;	/* the prompt, not a batch */
	int		 status;	/* the exit status so far */
	struct prompt	*prompt;
	struct batch	*batch;
	struct live	*live;		/* the open diagram view, or NULL */
	/* The view closed: the prompt may come back (cli/ui/front.c). */
	void		(*view_closed)(struct ui *);
};

/* The prompt (cli/ui/prompt.c): start it on the terminal; 0 or -1. */
int		 prompt_start(struct ui *u);

/* Put the prompt up again when nothing runs (no view has the keys). */
void		 prompt_resume(struct ui *u);

/* Take the prompt down: a view takes the keys. */
void		 prompt_pause(struct ui *u);

/* Ctrl-C at the idle prompt: 1 to quit (the second), 0 when it asked. */
int		 prompt_sigint(struct ui *u);

/* Ctrl-C stopped a command: the next one at the prompt asks again. */
void		 prompt_sigint_used(struct ui *u);

/* Take the prompt down for good and save the history. */
void		 prompt_stop(struct ui *u);

/* The history (cli/ui/history.c): load it, save this session's lines. */
void		 history_load(void);
void		 history_save(void);

/* Add a typed line to the history (blank lines and repeats not). */
void		 history_remember(const char *line);

/*
 * The batch (cli/ui/batch.c): run the -c string cmds, or the commands of
 * file ("-": standard input), read line by line through the loop; 0, or
 * -1 when the file cannot be opened (said).
 */
int		 batch_start(struct ui *u, const char *cmds, const char *file);

/* A batch command ended with rc: stop at a failure, else go on. */
void		 batch_next(struct ui *u, enum cmd_status rc);

/* Free what the batch holds. */
void		 batch_stop(struct ui *u);

/*
 * The live view (cli/ui/live.c): open the diagram view of d (NULL: the
 * session's own, live) at conversation conv; d is freed with the view
 * when own.  typing: the command line has the keys first.  0, or -1
 * (said why).
 */
int		 live_open(struct ui *u, struct dg *d, int own, unsigned conv,
		    const struct dg_opts *o, int typing);

/* Whether the view is open. */
int		 live_is_open(const struct ui *u);

/* A command typed in the view has ended. */
void		 live_command_done(struct ui *u);

/* Close the view (the session ends). */
void		 live_close(struct ui *u);

#endif
