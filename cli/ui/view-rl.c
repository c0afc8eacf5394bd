/*
 * cli/ui/view-rl.c - the command line at the foot of the curses view: the
 * REPL's own readline (key bindings, history, completion) on its callback
 * interface, fed with the keys curses reads and drawn by curses instead of
 * writing to the terminal.  Readline's state is global, so there is one.
 */
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli/ui/view-rl.h"

static struct {
	int			 open;
	unsigned char		 q[16];		/* bytes for readline to read */
	int			 head, n;
	char			*line;		/* a finished line, not yet taken */
	int			 eof;		/* Ctrl-D on an empty line */
	int			 row;		/* the screen line drawn on */
	char			 note[256];	/* a completion listing */
	FILE			*null;		/* readline's own output goes here */
	/* What readline had before, put back by vrl_close(). */
	rl_getc_func_t		*getc_fn;
	rl_hook_func_t		*avail_fn;
	rl_voidfunc_t		*redisplay_fn;
	rl_vintfunc_t		*prep_fn;
	rl_voidfunc_t		*deprep_fn;
	rl_compdisp_func_t	*matches_fn;
	FILE			*out;
	int			 catch_sig, catch_winch;
} vrl;

/* Queue the bytes of s for readline. */
static void
vrl_queue(const char *s, size_t len)
{
	while (len-- > 0 && vrl.n < (int)sizeof vrl.q)
		vrl.q[(vrl.head + vrl.n++) % sizeof vrl.q] = (unsigned char)*s++;
}

/* The bytes a terminal sends for curses key ch, queued for readline; 0 if none. */
static int
vrl_key_bytes(int ch)
{
	static const struct { int key; const char *seq; } map[] = {
		{ KEY_UP, "\033[A" }, { KEY_DOWN, "\033[B" },
		{ KEY_RIGHT, "\033[C" }, { KEY_LEFT, "\033[D" },
		{ KEY_HOME, "\033[H" }, { KEY_END, "\033[F" },
		{ KEY_DC, "\033[3~" }, { KEY_BACKSPACE, "\177" },
		{ KEY_ENTER, "\r" },
	};
	char	c;
	size_t	i;

	if (ch >= 0 && ch < 256) {
		c = (char)ch;
		vrl_queue(&c, 1);
		return (1);
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].key == ch) {
			vrl_queue(map[i].seq, strlen(map[i].seq));
			return (1);
		}
	}
	return (0);
}

/* rl_getc_function: the next queued byte (waiting for a key if none). */
static int
vrl_getc(FILE *f)
{
	int	c;

	(void)f;
	while (vrl.n == 0) {
		if ((c = getch()) != ERR)
			vrl_key_bytes(c);
	}
	c = vrl.q[vrl.head];
	vrl.head = (vrl.head + 1) % (int)sizeof vrl.q;
	vrl.n--;
	return (c);
}

/* rl_input_available_hook: whether a byte is queued. */
static int
vrl_avail(void)
{
	return (vrl.n > 0);
}

/* Readline must leave the terminal's modes to curses. */
static void
vrl_prep(int meta)
{
	(void)meta;
}

/* The other half of vrl_prep(). */
static void
vrl_deprep(void)
{
}

/* rl_redisplay_function: draw the prompt and line, scrolled to show the cursor. */
static void
vrl_redisplay(void)
{
	vrl_draw(vrl.row);
	refresh();
}

/* rl_completion_display_matches_hook: the matches go on one line, not the terminal. */
static void
vrl_matches(char **m, int n, int longest)
{
	size_t	o = 0;
	int	i;

	(void)longest;
	vrl.note[0] = '\0';
	for (i = 1; i <= n && o + 2 < sizeof vrl.note; i++)
		o += (size_t)snprintf(vrl.note + o, sizeof vrl.note - o, "%s%s",
		    i > 1 ? "  " : "", m[i]);
	if (o >= sizeof vrl.note)
		o = sizeof vrl.note - 1;
	vrl.note[o] = '\0';
	vrl_redisplay();
}

/* Readline's callback with a finished line (NULL: Ctrl-D on an empty line). */
static void
vrl_done(char *line)
{
	free(vrl.line);
	vrl.line = line;
	vrl.eof = line == NULL;
}

/* Open the command line with prompt, drawn on screen line row; 0 or -1. */
int
vrl_open(const char *prompt, int row)
{
	if (vrl.open)
		return (-1);
	if ((vrl.null = fopen("/dev/null", "w")) == NULL)
		return (-1);
	vrl.getc_fn = rl_getc_function;
	vrl.avail_fn = rl_input_available_hook;
	vrl.redisplay_fn = rl_redisplay_function;
	vrl.prep_fn = rl_prep_term_function;
	vrl.deprep_fn = rl_deprep_term_function;
	vrl.matches_fn = rl_completion_display_matches_hook;
	vrl.out = rl_outstream != NULL ? rl_outstream : stdout;	/* NULL: unused yet */
	vrl.catch_sig = rl_catch_signals;
	vrl.catch_winch = rl_catch_sigwinch;
	rl_getc_function = vrl_getc;
	rl_input_available_hook = vrl_avail;
	rl_redisplay_function = vrl_redisplay;
	rl_prep_term_function = vrl_prep;
	rl_deprep_term_function = vrl_deprep;
	rl_completion_display_matches_hook = vrl_matches;
	rl_outstream = vrl.null;	/* bells and newlines: not on the screen */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;		/* resizing is curses' business */
	vrl.row = row;
	vrl.n = vrl.head = 0;
	vrl.note[0] = '\0';
	vrl.open = 1;
	rl_callback_handler_install(prompt, vrl_done);
	return (0);
}

/* Move the command line to screen line row (after a resize). */
void
vrl_move(int row)
{
	vrl.row = row;
}

/*
 * Give readline curses key ch; 1 if it took it.  A finished line is then
 * waiting for vrl_take().
 */
int
vrl_key(int ch)
{
	vrl.note[0] = '\0';
	if (!vrl.open || !vrl_key_bytes(ch))
		return (0);
	while (vrl.n > 0 && vrl.line == NULL && !vrl.eof)
		rl_callback_read_char();
	vrl.n = 0;		/* the rest of a line's bytes are dropped */
	return (1);
}

/* The finished line, if any, for the caller to free; *eof set on Ctrl-D. */
char *
vrl_take(int *eof)
{
	char	*line = vrl.line;

	*eof = vrl.eof;
	vrl.line = NULL;
	vrl.eof = 0;
	return (line);
}

/* After a line's command ran (and put it in the history): Up starts from it. */
void
vrl_next(void)
{
	using_history();
}

/* The completion listing to show above the line ("" for none). */
const char *
vrl_note(void)
{
	return (vrl.note);
}

/* Paint the prompt and the line being edited on screen line row, cursor at the point. */
void
vrl_draw(int row)
{
	const char	*p = rl_display_prompt != NULL ? rl_display_prompt : "";
	char		 full[1024];
	size_t		 x, off = 0;
	int		 cols = COLS > 1 ? COLS : 1;

	if (!vrl.open)
		return;
	snprintf(full, sizeof full, "%s%s", p, rl_line_buffer != NULL ?
	    rl_line_buffer : "");
	x = strlen(p) + (size_t)rl_point;
	if (x >= sizeof full)
		x = sizeof full - 1;
	if (x >= (size_t)cols - 1)
		off = x - (size_t)cols + 2;	/* scrolled: the cursor stays on screen */
	move(row, 0);
	clrtoeol();
	addnstr(full + off, cols - 1);
	move(row, (int)(x - off));
}

/* Close the command line and give readline back its own hooks. */
void
vrl_close(void)
{
	if (!vrl.open)
		return;
	rl_callback_handler_remove();
	rl_getc_function = vrl.getc_fn;
	rl_input_available_hook = vrl.avail_fn;
	rl_redisplay_function = vrl.redisplay_fn;
	rl_prep_term_function = vrl.prep_fn;
	rl_deprep_term_function = vrl.deprep_fn;
	rl_completion_display_matches_hook = vrl.matches_fn;
	rl_outstream = vrl.out;
	rl_catch_signals = vrl.catch_sig;
	rl_catch_sigwinch = vrl.catch_winch;
	fclose(vrl.null);
	free(vrl.line);
	vrl.line = NULL;
	vrl.open = 0;
}
