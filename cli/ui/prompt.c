/*
 * cli/ui/prompt.c - the interactive prompt (`tcpx>`) on readline's callback
 * interface, fed by the session's loop when the terminal has a key, with a
 * history file and completion (cli/ui/complete.c).  A finished line goes to
 * the command queue with the prompt taken down; it comes back when the
 * queue is idle and no view has the keys (cli/ui/front.c decides).
 * Keys are read PROMPT_READ bytes at a time and handed to readline from
 * that buffer (rl_getc_function), so a long paste costs one read() per
 * chunk, not a poll(), pselect() and read() per byte; a line that passes
 * CMD_MAXLINE is dropped up to its newline, with one error line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/cmd/cmdq.h"
#include "cli/cmd/lesson.h"
#include "cli/obs/out.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "cli/ui/complete.h"
#include "cli/ui/ui.h"
#include "core/xmalloc.h"

#define PROMPT		"tcpx> "
#define PROMPT_READ	4096	/* terminal bytes read at a time */

/* Readline's state is global, and so is the one prompt. */
static struct prompt {
	struct ui	*u;
	struct loop_fd	*fd;		/* the terminal */
	int		 shown;		/* the handler is installed */
	int		 got;		/* readline finished a line: */
	char		*line;		/* it (NULL: end of input) */
	int		 asked;		/* Ctrl-C once: the next one quits */
	int		 toolong;	/* dropping a line past CMD_MAXLINE */
	struct loop_hook *hook;		/* runs keys left in the buffer */
	unsigned char	 in[PROMPT_READ];	/* read, not yet given readline */
	size_t		 pos, len;
	int		 eof;
} prompt;

/* rl_getc_function: the next byte read (reading more when none is left). */
static int
prompt_getc(FILE *f)
{
	ssize_t	n;

	(void)f;
	while (prompt.pos == prompt.len && !prompt.eof) {
		if ((n = read(STDIN_FILENO, prompt.in, sizeof prompt.in)) > 0) {
			prompt.pos = 0;
			prompt.len = (size_t)n;
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN))
			prompt.eof = 1;
	}
	if (prompt.pos == prompt.len)
		return (EOF);
	return (prompt.in[prompt.pos++]);
}

/* rl_input_available_hook: whether a byte read is waiting. */
static int
prompt_avail(void)
{
	return (prompt.pos < prompt.len);
}

/*
 * Drop the rest of a line that passed CMD_MAXLINE, up to its newline, and
 * then say so; whether the line's end was found.
 */
static int
prompt_skip_long(void)
{
	unsigned char	*nl;

	nl = memchr(prompt.in + prompt.pos, '\n', prompt.len - prompt.pos);
	if (nl == NULL)
		nl = memchr(prompt.in + prompt.pos, '\r', prompt.len - prompt.pos);
	if (nl == NULL) {
		prompt.pos = prompt.len;
		return (0);
	}
	prompt.pos = (size_t)(nl - prompt.in) + 1;
	prompt.toolong = 0;
	say_err("line longer than %d bytes: dropped", CMD_MAXLINE);
	return (1);
}

/* Give readline the bytes read while the prompt takes keys and no line is done. */
static void
prompt_feed(void)
{
	while (prompt.shown && !prompt.got && prompt.pos < prompt.len) {
		if (prompt.toolong) {
			prompt_skip_long();
			continue;
		}
		rl_callback_read_char();
		if (!prompt.got && rl_end > CMD_MAXLINE) {
			rl_replace_line("", 0);
			rl_point = rl_end = 0;
			prompt.toolong = 1;
		}
	}
	/* At the end of input readline hears EOF, once per call. */
	if (prompt.eof && prompt.pos == prompt.len && prompt.shown &&
	    !prompt.got)
		rl_callback_read_char();
}

/* Output is coming: take the prompt line down while it is shown. */
static void
prompt_out_begin(void *arg)
{
	(void)arg;
	if (prompt.shown)
		rl_clear_visible_line();
}

/* Output went: draw the prompt and the half-typed line again. */
static void
prompt_out_end(void *arg)
{
	(void)arg;
	if (prompt.shown) {
		rl_on_new_line();
		rl_redisplay();
	}
}

/* Take the prompt down: its line runs, or a view has the keys. */
static void
prompt_hide(void)
{
	if (prompt.shown)
		rl_callback_handler_remove();
	prompt.shown = 0;
	loop_fd_on(prompt.fd, false);
}

/* Called by readline with each complete line (NULL at end of input). */
static void
prompt_line(char *line)
{
	prompt_hide();
	prompt.got = 1;
	prompt.line = line;
}

/*
 * The terminal has a key for readline.  A finished line runs after
 * readline's callback has returned, so that a command may lend readline
 * to the diagram view's command line.
 */
static void
prompt_key(void *arg)
{
	struct ui	*u = prompt.u;
	char		*line;
	ssize_t		 n;

	(void)arg;
	if (prompt.shown && prompt.pos == prompt.len && !prompt.eof) {
		if ((n = read(STDIN_FILENO, prompt.in, sizeof prompt.in)) < 0 &&
		    (errno == EINTR || errno == EAGAIN))
			return;
		prompt.pos = 0;
		prompt.len = n > 0 ? (size_t)n : 0;
		prompt.eof = n <= 0;
	}
	prompt_feed();
	if (!prompt.got)
		return;
	prompt.asked = 0;	/* a line was entered: ask again next time */
	line = prompt.line;
	prompt.got = 0;
	prompt.line = NULL;
	if (line == NULL) {
		printf("\n");
		session_quit(u->s);
		return;
	}
	/* An empty line goes on with a lesson that waits at a pause. */
	if (line[strspn(line, " \t")] == '\0' && lesson_paused(&u->ctx)) {
		free(line);
		lesson_resume(&u->ctx);
		return;
	}
	history_remember(line);
	cmdq_append(u->q, line, 0, NULL, 0);	/* its end puts the prompt back */
	free(line);
	fflush(stdout);
}

/* After each turn of the loop: keys read ahead go on when the prompt is back. */
static uint64_t
prompt_hook(void *arg, uint64_t now)
{
	(void)now;
	if (!prompt.shown || prompt.got || prompt.pos == prompt.len)
		return (UINT64_MAX);
	prompt_key(arg);
	return (prompt.shown && prompt.pos < prompt.len ? 0 : UINT64_MAX);
}

/*
 * Ctrl-C at the idle prompt: the first clears the line and asks; a second
 * one before any line is entered quits.  Returns 1 when the session should
 * end.  Nothing is timed: "again" means at this same idle prompt.
 */
int
prompt_sigint(struct ui *u)
{
	(void)u;
	if (prompt.asked || !prompt.shown)
		return (1);
	prompt.asked = 1;
	rl_callback_sigcleanup();	/* a half-read key sequence or search */
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	say("press Ctrl-C again or type quit to leave");
	fflush(stdout);
	return (0);
}

/* Ctrl-C stopped a command: it does not count as the first of two. */
void
prompt_sigint_used(struct ui *u)
{
	(void)u;
	prompt.asked = 0;
}

/* Take the prompt down: a view takes the keys. */
void
prompt_pause(struct ui *u)
{
	(void)u;
	if (prompt.fd != NULL)
		prompt_hide();
}

/* Put the prompt up again when nothing runs (the view has closed). */
void
prompt_resume(struct ui *u)
{
	if (prompt.fd == NULL || prompt.shown || u->s->quit || !cmdq_idle(u->q))
		return;
	fflush(stdout);
	rl_callback_handler_install(PROMPT, prompt_line);
	prompt.shown = 1;
	loop_fd_on(prompt.fd, true);
}

/* Start the prompt on the terminal. */
int
prompt_start(struct ui *u)
{
	struct out_hooks	h = { prompt_out_begin, prompt_out_end, NULL };

	prompt.u = u;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	rl_change_environment = 0;	/* no stale LINES/COLUMNS for curses */
	rl_readline_name = "tcpx";	/* for $if tcpx in ~/.inputrc */
	rl_getc_function = prompt_getc;
	rl_input_available_hook = prompt_avail;
	complete_init(&u->ctx);
	history_load();
	out_set_hooks(&h, 1);
	prompt.fd = loop_fd_add(u->s, STDIN_FILENO, prompt_key, NULL);
	prompt.hook = loop_hook_add(u->s, prompt_hook, NULL);
	loop_fd_on(prompt.fd, false);
	say("tcpx %s: type \"help\" for commands, \"quit\" to leave",
	    PACKAGE_VERSION);
	prompt_resume(u);
	return (0);
}

/* Take the prompt down for good and save the history. */
void
prompt_stop(struct ui *u)
{
	prompt_hide();
	loop_fd_del(u->s, prompt.fd);
	prompt.fd = NULL;
	loop_hook_del(u->s, prompt.hook);
	prompt.hook = NULL;
	out_set_hooks(NULL, 1);
	history_save();
}
