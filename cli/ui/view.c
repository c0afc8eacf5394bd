/*
 * cli/ui/view.c - the curses view of the sequence diagram: it only paints
 * the rows cli/diagram/ lays out (DESIGN.md §3) and moves through them:
 * scroll, page, first/last, conversation by conversation, search, the
 * selected segment's details, time modes, ASCII/Unicode, and resize.  A
 * live view also has the session's newest output and, after `:`, the
 * REPL's command line (cli/ui/view-rl.c) at its foot.  Keys are taken as
 * they come (view_keys()), so a live session's loop never stops for it.
 */
#include <locale.h>
#include <ncurses.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/diagram/diagram.h"
#include "cli/ui/view.h"
#include "cli/ui/view-rl.h"

/* Lines of the session's output shown above the command line, at most. */
#define VIEW_OUTPUT	5
#define VIEW_OUTPUT_TALL 12	/* ... on a tall screen: a lesson's paragraph fits */

struct view {
	const struct dg	*d;
	SCREEN		*scr;
	FILE		*out;		/* the terminal curses draws on */
	int		 follow;	/* keep the newest row selected */
	int		 live;		/* a live session feeds d */
	struct view_hooks h;		/* its hooks (live only) */
	int		 cmdline;	/* `:` opens the command line */
	int		 typing;	/* keys go to the command line */
	int		 asking;	/* keys go to the search text after `/` */
	int		 busy;		/* a typed command runs: keys wait */
	size_t		 asklen;
	char		 ask[64];
	struct dg_opts	 o;
	unsigned	 conv;
	struct dg_ladder *lad;		/* conv's rows, laid out as it grows */
	const struct dg_row *rows;	/* the ladder's */
	size_t		 nrows;
	size_t		 top;		/* first row on screen */
	size_t		 sel;		/* selected row */
	int		 detail;	/* show the selected item's details */
	char		 search[64];
	char		 msg[160];
	char		 status[256];	/* the status bar's text, as last computed */
};

/* The colour pair of a style (0: none). */
static int
view_pair(enum dg_style st)
{
	switch (st) {
	case DG_S_SYN:		return (1);
	case DG_S_FIN:		return (2);
	case DG_S_RST:		return (3);
	case DG_S_RETRANS:	return (4);
	case DG_S_STATE:	return (5);
	case DG_S_PROBE:	return (6);
	case DG_S_SPAN:		return (2);
	case DG_S_HELD:		return (6);
	case DG_S_DROP:		return (3);
	default:		return (0);
	}
}

/* The attributes of a style: colour and weight. */
static attr_t
view_attr(enum dg_style st)
{
	attr_t	a = COLOR_PAIR(view_pair(st));

	if (st == DG_S_HEAD || st == DG_S_STATE)
		a |= A_BOLD;
	if (st == DG_S_ACK || st == DG_S_NOTE || st == DG_S_TIME)
		a |= A_DIM;
	if (st == DG_S_HELD)
		a |= A_BOLD;
	return (a);
}

/*
 * Lay out the current conversation for the screen's width, keeping the
 * selection on the same thing (rows wrap differently at another width):
 * the newest row when following, else the first row of the same item.
 */
static void
view_layout(struct view *v)
{
	enum dg_rowkind	kind = DG_ROW_TITLE;
	size_t		item = 0, i;
	int		had = v->sel < v->nrows;

	if (had) {
		kind = v->rows[v->sel].kind;
		item = v->rows[v->sel].item;
	}
	dg_ladder_free(v->lad);
	v->o.width = (unsigned)(COLS > 20 ? COLS : 20);
	v->lad = dg_ladder_new(v->conv, &v->o);
	(void)dg_ladder_sync(v->lad, v->d, NULL);
	v->rows = dg_ladder_rows(v->lad, &v->nrows);
	if (v->follow && v->nrows > 0) {
		v->sel = v->nrows - 1;
		return;
	}
	if (had && kind != DG_ROW_TITLE && kind != DG_ROW_HEAD &&
	    kind != DG_ROW_GONE) {
		for (i = 0; i < v->nrows; i++) {
			if (v->rows[i].item == item &&
			    v->rows[i].kind != DG_ROW_TITLE &&
			    v->rows[i].kind != DG_ROW_HEAD &&
			    v->rows[i].kind != DG_ROW_GONE) {
				v->sel = i;
				break;
			}
		}
	}
	if (v->sel >= v->nrows)
		v->sel = v->nrows ? v->nrows - 1 : 0;
}

/* Paint one row at screen line y, highlighted when selected. */
static void
view_row(const struct view *v, int y, const struct dg_row *r, int sel)
{
	int	i;

	move(y, 0);
	clrtoeol();
	if (r->kind == DG_ROW_TITLE || r->kind == DG_ROW_HEAD ||
	    r->kind == DG_ROW_GONE || (r->cell[DG_C_BODY].len == 0 && r->cell[DG_C_TIME].len == 0)) {
		attron(view_attr(r->style) | (sel ? A_REVERSE : 0));
		mvaddnstr(y, 0, r->text, -1);
		attroff(view_attr(r->style) | (sel ? A_REVERSE : 0));
		return;
	}
	for (i = 0; i < DG_NCELLS; i++) {
		const struct dg_cell *c = &r->cell[i];
		attr_t a = view_attr(c->style) | (sel && i == DG_C_BODY ?
		    A_REVERSE : 0);
		if (c->len == 0)
			continue;
		attron(a);
		mvaddnstr(y, (int)c->col, r->text + c->off, (int)c->len);
		attroff(a);
	}
	(void)v;
}

/* The details of the selected row's item, into buf. */
static void
view_detail(const struct view *v, char *buf, size_t len)
{
	const struct dg_item	*it;
	const struct dg_row	*r;
	size_t			 n;

	buf[0] = '\0';
	if (v->nrows == 0)
		return;
	r = &v->rows[v->sel];
	it = dg_items(v->d, v->conv, &n);
	if (it == NULL || r->item >= n || r->kind == DG_ROW_TITLE ||
	    r->kind == DG_ROW_HEAD || r->kind == DG_ROW_GONE) {
		snprintf(buf, len, "%s", r->text);
		return;
	}
	it += r->item;
	snprintf(buf, len, "%s%s%s%s%s", it->why[0] ? dg_str(v->d, it->why[0]) :
	    "", it->why[0] && it->why[1] ? " | " : "", it->why[1] ?
	    dg_str(v->d, it->why[1]) : "", it->opts ? "  options: " : "",
	    it->opts ? dg_str(v->d, it->opts) : "");
	if (buf[0] == '\0')
		snprintf(buf, len, "%s", r->text);
}

/* Take terminal escape sequences (colour) and other control bytes out of line. */
static void
view_plain(char *line)
{
	char	*r = line, *w = line;

	while (*r != '\0') {
		if (*r == '\033') {
			r++;
			if (*r == '[') {	/* CSI: up to a final byte @..~ */
				r++;
				while (*r != '\0' && !(*r >= '@' && *r <= '~'))
					r++;
			}
			if (*r != '\0')
				r++;
			continue;
		}
		if ((unsigned char)*r < ' ' || *r == 0x7f) {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/*
 * The newest output of a live session, split into at most max lines into
 * line[] (pointing into buf), plain text; returns how many.
 */
static int
view_output(const struct view *v, char *buf, size_t len,
    const char **line, int max)
{
	size_t	n;
	char	*p;
	int	k = 0, i;

	if (v->h.output == NULL || max <= 0)
		return (0);
	n = v->h.output(v->h.arg, buf, len - 1);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	for (p = buf + n; p > buf && k < max; p--) {
		if (p[-1] == '\n') {
			p[-1] = '\0';
			line[k++] = p;
		}
	}
	if (p == buf && k < max && n > 0 && buf[0] != '\0')
		line[k++] = buf;
	for (i = 0; i < k / 2; i++) {	/* oldest first */
		const char *t = line[i];
		line[i] = line[k - 1 - i];
		line[k - 1 - i] = t;
	}
	for (i = 0; i < k; i++)
		view_plain((char *)line[i]);
	return (k);
}

/* The status bar's text into buf. */
static void
view_status(const struct view *v, char *buf, size_t len)
{
	char	extra[160] = "";

	if (v->h.status != NULL)
		v->h.status(v->h.arg, v->conv, extra, sizeof extra);
	char	id[16] = "-";

	if (v->conv < DG_ORPHAN)
		snprintf(id, sizeof id, "%u", v->conv);
	if (v->conv == 0)
		snprintf(buf, len, " live: no TCP conversation yet%s%s ",
		    extra[0] ? "  " : "", extra);
	else
		snprintf(buf, len, " conversation %s  row %zu/%zu  time %s  %s"
		    "%s%s%s%s ", id, v->nrows ? v->sel + 1 : 0, v->nrows,
		    dg_time_name(v->o.time), v->o.unicode ? "unicode" : "ascii",
		    v->live ? "  live" : "", v->follow ? "  follow" : "",
		    extra[0] ? "  " : "", extra);
}

/* Compute the status bar's text into v->status; whether it changed. */
static int
view_status_update(struct view *v)
{
	char	now[sizeof v->status];

	view_status(v, now, sizeof now);
	if (strcmp(now, v->status) == 0)
		return (0);
	memcpy(v->status, now, sizeof now);
	return (1);
}

/* The key help on the last line when it is not the command line. */
static const char *
view_help(const struct view *v)
{
	if (v->cmdline)
		return ("q back to the prompt  : command  f follow  j/k move  "
		    "PgUp/PgDn  g/G  n/p conversation  Enter details  / search"
		    "  N next  t time  u unicode");
	if (v->live)
		return ("q back to the prompt  f follow  j/k move  PgUp/PgDn  "
		    "g/G  n/p conversation  Enter details  / search  N next  "
		    "t time  u unicode");
	return ("q quit  j/k move  PgUp/PgDn  g/G first/last  n/p "
	    "conversation  Enter details  / search  N next match  t time  "
	    "u unicode");
}

/*
 * Paint the whole screen: the rows, the selected item's details, the
 * status bar (v->status, from view_status_update()), the session's newest
 * output, and the help, a message or the command line.
 */
static void
view_paint(struct view *v)
{
	char		 detail[1024], out[16384];
	const char	*oline[VIEW_OUTPUT_TALL], *note;
	int		 dl = 0, h, y, no, maxo;
	size_t		 i, len = 0;

	if (v->detail) {
		/* The details wrap over up to 4 lines, a blank line above. */
		view_detail(v, detail, sizeof detail);
		len = strlen(detail);
		dl = COLS > 0 ? (int)((len + (size_t)COLS - 1) / (size_t)COLS) : 1;
		if (dl < 1)
			dl = 1;
		if (dl > 4)
			dl = 4;
	}
	/* A quarter of a tall screen, for a lesson's paragraphs. */
	maxo = LINES >= 48 ? VIEW_OUTPUT_TALL : LINES >= 40 ? LINES / 4 :
	    LINES >= 20 ? VIEW_OUTPUT : LINES >= 12 ? 2 : 0;
	no = view_output(v, out, sizeof out, oline, maxo);
	note = v->typing ? vrl_note() : "";
	if (note[0] != '\0' && no == 0 && maxo > 0)
		no = 1;		/* room for the completion listing */
	h = LINES - 2 - no - (dl ? dl + 1 : 0);
	if (h < 1)
		h = 1;
	/* No blank lines below the last row while rows above are hidden. */
	if (v->top + (size_t)h > v->nrows)
		v->top = v->nrows > (size_t)h ? v->nrows - (size_t)h : 0;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)h)
		v->top = v->sel - (size_t)h + 1;
	erase();
	for (y = 0, i = v->top; y < h && i < v->nrows; y++, i++)
		view_row(v, y, &v->rows[i], i == v->sel);
	attron(A_BOLD);
	for (y = 0; y < dl && (size_t)y * (size_t)COLS < len; y++)
		mvaddnstr(LINES - 2 - no - dl + y, 0, detail + (size_t)y *
		    (size_t)COLS, COLS);
	attroff(A_BOLD);
	attron(A_REVERSE);
	mvaddnstr(LINES - 2 - no, 0, v->status, COLS);
	clrtoeol();
	attroff(A_REVERSE);
	for (y = 0; y < no; y++) {
		if (note[0] != '\0' && y == no - 1) {
			attron(A_BOLD);
			mvaddnstr(LINES - 1 - no + y, 0, note, COLS);
			attroff(A_BOLD);
		} else if (y < no)
			mvaddnstr(LINES - 1 - no + y, 0, oline[y], COLS);
	}
	if (v->typing) {
		curs_set(1);
		vrl_draw(LINES - 1);
	} else if (v->asking) {
		mvaddstr(LINES - 1, 0, "/");
		addnstr(v->ask, (int)v->asklen);
		clrtoeol();
		curs_set(1);
	} else {
		curs_set(0);
		mvaddnstr(LINES - 1, 0, v->msg[0] ? v->msg : view_help(v), COLS);
	}
	refresh();
}

/* Select the next row (after the selected one) containing the search text. */
static void
view_find(struct view *v)
{
	size_t	i, k;

	for (k = 1; k <= v->nrows; k++) {
		i = (v->sel + k) % v->nrows;
		if (strstr(v->rows[i].text, v->search) != NULL) {
			v->sel = i;
			v->msg[0] = '\0';
			return;
		}
	}
	snprintf(v->msg, sizeof v->msg, "\"%s\" not found", v->search);
}

/* Move to the next (dir 1) or previous (-1) conversation. */
static void
view_conv(struct view *v, int dir)
{
	unsigned	c, prev = 0, next;

	if (dir > 0) {
		if ((next = dg_conv_next(v->d, v->conv)) == 0)
			return;
		v->conv = next;
	} else {
		for (c = dg_conv_next(v->d, 0); c != 0 && c != v->conv;
		    c = dg_conv_next(v->d, c))
			prev = c;
		if (prev == 0)
			return;
		v->conv = prev;
	}
	v->sel = v->top = 0;
	view_layout(v);
}

/*
 * Bring the rows up to date after d grew, laying out only what is new
 * (a long conversation costs a redraw no more than a short one); in
 * follow mode select the newest row, else keep the selection where it was
 * as the rows of items a live bound let go leave the top.
 */
static void
view_grow(struct view *v)
{
	unsigned	conv = v->conv;
	size_t		n, dropped;

	/* An orphan conversation goes when the wire's adopts it. */
	if (v->conv != 0 && dg_items(v->d, v->conv, &n) == NULL)
		v->conv = 0;
	if (v->follow)
		v->conv = 0;	/* following: the newest conversation */
	if (v->conv == 0 && (v->conv = dg_conv_last(v->d)) == 0)
		return;
	if (v->conv != conv || v->lad == NULL)
		view_layout(v);
	else {
		(void)dg_ladder_sync(v->lad, v->d, &dropped);
		v->rows = dg_ladder_rows(v->lad, &v->nrows);
		v->sel = v->sel > dropped ? v->sel - dropped : 0;
		v->top = v->top > dropped ? v->top - dropped : 0;
		if (v->sel >= v->nrows)
			v->sel = v->nrows ? v->nrows - 1 : 0;
	}
	if (v->follow && v->nrows > 0)
		v->sel = v->nrows - 1;
}

/* Run the line typed on the command line, if one is finished. */
static void
view_line(struct view *v)
{
	char	*line;
	int	 eof;

	line = vrl_take(&eof);
	if (eof)
		v->typing = 0;	/* Ctrl-D on an empty line: back to the keys */
	if (line == NULL)
		return;
	if (line[strspn(line, " \t")] != '\0') {
		v->busy = 1;	/* until view_command_done() */
		v->h.command(v->h.arg, line);
	}
	free(line);
}

/* A key while the search text is typed after `/`. */
static void
view_search_key(struct view *v, int ch)
{
	switch (ch) {
	case '\n': case '\r': case KEY_ENTER:
		v->asking = 0;
		curs_set(0);
		if (v->asklen == 0)
			break;
		memcpy(v->search, v->ask, v->asklen);
		v->search[v->asklen] = '\0';
		view_find(v);
		break;
	case 27:
		v->asking = 0;
		curs_set(0);
		break;
	case KEY_BACKSPACE: case 127: case 8:
		if (v->asklen > 0)
			v->asklen--;
		break;
	default:
		if (ch >= ' ' && ch < 256 && ch != 127 &&
		    v->asklen < sizeof v->ask - 1)
			v->ask[v->asklen++] = (char)ch;
		break;
	}
}

/* A key on the command line. */
static void
view_type(struct view *v, int ch)
{
	int	page = LINES > 4 ? LINES - 4 : 1;

	switch (ch) {
	case 27:
		v->typing = 0;
		break;
	case KEY_NPAGE:
		v->follow = 0;
		v->sel = v->sel + (size_t)page < v->nrows ?
		    v->sel + (size_t)page : (v->nrows ? v->nrows - 1 : 0);
		break;
	case KEY_PPAGE:
		v->follow = 0;
		v->sel = v->sel > (size_t)page ? v->sel - (size_t)page : 0;
		break;
	default:
		if (vrl_key(ch))
			view_line(v);
		break;
	}
}

/* A navigation key; 1 to close the view. */
static int
view_key(struct view *v, int ch)
{
	int	page = LINES > 4 ? LINES - 4 : 1;

	if (ch != '/' && ch != 'N')
		v->msg[0] = '\0';
	if (ch != KEY_RESIZE && ch != 'f' && ch != ':' && ch != 27)
		v->follow = 0;
	switch (ch) {
	case 'q':
		return (1);
	case 27:
		/* A stray Esc (or one of a key's sequence) never closes the view. */
		snprintf(v->msg, sizeof v->msg, "q %s (Esc does not)%s",
		    v->live ? "goes back to the prompt" : "quits",
		    v->cmdline ? "; : is the command line" : "");
		break;
	case ':':
		v->typing = v->cmdline;
		break;
	case 'f':
		v->follow = !v->follow;
		view_grow(v);
		break;
	case 'j': case KEY_DOWN:
		if (v->sel + 1 < v->nrows)
			v->sel++;
		break;
	case 'k': case KEY_UP:
		if (v->sel > 0)
			v->sel--;
		break;
	case ' ': case KEY_NPAGE:
		v->sel = v->sel + (size_t)page < v->nrows ?
		    v->sel + (size_t)page : (v->nrows ? v->nrows - 1 : 0);
		break;
	case 'b': case KEY_PPAGE:
		v->sel = v->sel > (size_t)page ? v->sel - (size_t)page : 0;
		break;
	case 'g': case KEY_HOME:
		v->sel = 0;
		break;
	case 'G': case KEY_END:
		v->sel = v->nrows ? v->nrows - 1 : 0;
		break;
	case 'n':
		view_conv(v, 1);
		break;
	case 'p':
		view_conv(v, -1);
		break;
	case '\n': case KEY_ENTER:
		v->detail = !v->detail;
		break;
	case '/':
		v->asking = 1;
		v->asklen = 0;
		break;
	case 'N':
		if (v->search[0] != '\0')
			view_find(v);
		break;
	case 't':
		v->o.time = (enum dg_time)((v->o.time + 1) % 3);
		view_layout(v);
		break;
	case 'u':
		v->o.unicode = !v->o.unicode;
		view_layout(v);
		break;
	}
	return (0);
}

/* Start curses on terminal fd (-1: standard output), colours and all; NULL if it cannot. */
static SCREEN *
view_start(int fd, FILE **out)
{
	SCREEN	*scr;
	int	 tfd;

	setlocale(LC_CTYPE, "");	/* main did; the view may start alone */
	if ((tfd = dup(fd == -1 ? STDOUT_FILENO : fd)) == -1)
		return (NULL);
	if ((*out = fdopen(tfd, "w")) == NULL) {
		close(tfd);
		return (NULL);
	}
	if ((scr = newterm(NULL, *out, stdin)) == NULL) {
		fclose(*out);
		return (NULL);
	}
	set_term(scr);
	set_escdelay(25);	/* Esc leaves the command line at once */
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(0);		/* keys are read as they come, never waited for */
	if (has_colors() && getenv("NO_COLOR") == NULL) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_YELLOW, -1);
		init_pair(3, COLOR_RED, -1);
		init_pair(4, COLOR_MAGENTA, -1);
		init_pair(5, COLOR_CYAN, -1);
		init_pair(6, COLOR_BLUE, -1);
	}
	return (scr);
}

/* Start curses and show conversation conv of d. */
struct view *
view_new(const struct dg *d, const struct dg_opts *o, unsigned conv, int live,
    const struct view_hooks *h, int fd, int typing)
{
	struct view	*v = calloc(1, sizeof *v);

	if (v == NULL)
		return (NULL);
	v->d = d;
	v->o = *o;
	v->live = live;
	if (h != NULL)
		v->h = *h;
	v->follow = live && conv == 0;	/* unless a conversation was asked for */
	v->conv = conv ? conv : live ? dg_conv_last(d) : dg_conv_next(d, 0);
	if ((v->conv == 0 && !live) ||
	    (v->scr = view_start(fd, &v->out)) == NULL) {
		free(v);
		return (NULL);
	}
	if (v->h.command != NULL && vrl_open("tcpx> ", LINES - 1) == 0) {
		v->cmdline = 1;
		v->typing = typing;
	}
	view_layout(v);
	(void)view_status_update(v);
	view_paint(v);
	return (v);
}

/* End curses and free the view. */
void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	if (v->cmdline)
		vrl_close();
	/* Keys still coming (the rest of an escape sequence) are the view's. */
	flushinp();
	endwin();
	if (isatty(STDIN_FILENO))
		(void)tcflush(STDIN_FILENO, TCIFLUSH);
	delscreen(v->scr);
	fclose(v->out);
	dg_ladder_free(v->lad);
	free(v);
}

/* Act on the keys that are waiting; 1 when the user closed the view. */
int
view_keys(struct view *v)
{
	int	ch, any = 0;

	while (!v->busy && (ch = getch()) != ERR) {
		any = 1;
		if (ch == KEY_RESIZE) {
			if (v->cmdline)
				vrl_move(LINES - 1);
			view_layout(v);
		} else if (v->asking)
			view_search_key(v, ch);
		else if (v->typing)
			view_type(v, ch);
		else if (view_key(v, ch))
			return (1);
	}
	if (any) {
		(void)view_status_update(v);
		view_paint(v);
	}
	return (0);
}

/* The diagram grew, or time passed: lay out again and paint if changed. */
void
view_update(struct view *v, int grew)
{
	if (grew)
		view_grow(v);
	if (view_status_update(v) || grew)
		view_paint(v);
}

/* The command typed on the command line has finished. */
void
view_command_done(struct view *v)
{
	v->busy = 0;
	vrl_next();
	view_grow(v);
	(void)view_status_update(v);
	view_paint(v);
}

/* Show conversation conv of d until the user quits (nothing else runs). */
int
view_run(const struct dg *d, const struct dg_opts *o, unsigned conv)
{
	struct view	*v;
	struct pollfd	 pfd;

	if ((v = view_new(d, o, conv, 0, NULL, -1, 0)) == NULL)
		return (-1);
	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	while (!view_keys(v))
		(void)poll(&pfd, 1, -1);
	view_free(v);
	return (0);
}
