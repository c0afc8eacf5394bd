/*
 * cli/cmd/cmd-lesson.c - lessons: a script of ordinary commands with
 * explanations (`say`), pauses (`pause`) and measurements (`mark`,
 * `measure`, `report`, in cmd-measure.c).  `lesson NAME` runs
 * lessons/NAME.tcpx a part at a time: each part runs as one group of
 * commands (a failure ends the lesson, as a script stops), and at a pause
 * the prompt comes back, so the user can look around; an empty line goes
 * on.  In a batch or with --auto the pauses do not stop.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/cmdq.h"
#include "cli/cmd/i18n.h"
#include "cli/cmd/lesson.h"
#include "cli/diagram/diagram.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

#define LESSON_MAXBYTES	(256 * 1024)	/* a lesson file, at most */
#define LESSON_MAXLINES	4096		/* its command lines, at most */
#define LESSON_WRAP	76		/* `say` wraps its text at this column */
#define LESSON_LADDERS	3		/* conversations drawn at the end, at most */
#define LESSON_LADDER_W	100		/* ... in this many columns */

static enum cmd_status cmd_lesson(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_say(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_pause(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.usage = "[NAME | FILE] [--auto] | next | stop",
	.max_args = 2,
	.help = "list the lessons, or run one: a question answered by an experiment",
	.detail = "lesson: the lessons, one line each (lessons/NAME.tcpx).\n"
	    "lesson NAME (or a FILE of your own): explain, run the experiment a\n"
	    "part at a time, and end with what was measured beside the textbook's\n"
	    "answer and the kernel's setting. At each pause the prompt comes back:\n"
	    "look around with any command, then an empty line (or lesson next)\n"
	    "goes on; lesson stop ends it. --auto (and -f, -c) run through.\n"
	    "A lesson is a script: commands, plus say TEXT, pause, mark, measure\n"
	    "and report; read and copy them. With LANG=zh_CN.UTF-8 lessons speak\n"
	    "Simplified Chinese (po/zh_CN.po; man tcpx-lessons, LANGUAGES).",
	.exec = cmd_lesson,
};

const struct cmd_entry cmd_say_entry = {
	.name = "say",
	.usage = "TEXT",
	.max_args = 1,
	.raw = 1,
	.help = "print a paragraph of explanation, wrapped (lessons)",
	.exec = cmd_say,
};

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = "",
	.max_args = 0,
	.help = "in a lesson: stop here until an empty line (not in a batch)",
	.exec = cmd_pause,
};

/* A lesson being run. */
struct lesson {
	char		*name;
	char		*path;
	char		**lines;	/* its command lines */
	int		*linenos;	/* ... and where they are in path */
	size_t		 n;
	size_t		 next;		/* the first line not yet queued */
	unsigned	 group;		/* its commands' group in the queue */
	int		 through;	/* pauses do not stop (--auto, a batch) */
	int		 paused;
	unsigned	 conv0;		/* the diagram's last conversation before it */
};

/* What the lesson commands keep. */
struct lesson_state {
	struct lesson	*cur;
	unsigned	 groups;	/* the last group number given */
};

/* The directories lessons are looked for in, in order. */
static const char *const lesson_dirs[] = { LESSON_SRCDIR, LESSON_DIR };

/* The context's lesson state, made on first use. */
static struct lesson_state *
lesson_state(struct cmd_ctx *c)
{
	if (c->lessons == NULL)
		c->lessons = xcalloc(1, sizeof *c->lessons);
	return (c->lessons);
}

/* Free a lesson. */
static void
lesson_free(struct lesson *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	free(l->linenos);
	free(l->name);
	free(l->path);
	free(l);
}

/* Free what the lesson commands keep (NULL is fine). */
void
lesson_state_free(struct lesson_state *st)
{
	if (st == NULL)
		return;
	lesson_free(st->cur);
	free(st);
}

/* The path of lesson name (a file when it has a '/' or ends in .tcpx), or NULL. */
static char *
lesson_find(const char *name)
{
	char	*p;
	size_t	 i;

	if (strchr(name, '/') != NULL || (strlen(name) > 5 &&
	    strcmp(name + strlen(name) - 5, ".tcpx") == 0))
		return (access(name, R_OK) == 0 ? xstrdup(name) : NULL);
	for (i = 0; i < sizeof lesson_dirs / sizeof lesson_dirs[0]; i++) {
		p = xasprintf("%s/%s.tcpx", lesson_dirs[i], name);
		if (access(p, R_OK) == 0)
			return (p);
		free(p);
	}
	return (NULL);
}

/* The value of header field key ("# key: value") in text, into buf; 0 or -1. */
static int
lesson_header(const char *text, const char *key, char *buf, size_t len)
{
	const char	*p = text, *e;
	size_t		 k = strlen(key), n;

	while (*p == '#') {
		e = strchr(p, '\n');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > k + 3 && strncmp(p + 2, key, k) == 0 && p[2 + k] == ':') {
			p += 3 + k;
			n -= 3 + k;
			while (n > 0 && *p == ' ')
				p++, n--;
			snprintf(buf, len, "%.*s", (int)n, p);
			return (0);
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	return (-1);
}

/* Read path: its text, NUL-terminated, or NULL with *why. */
static char *
lesson_read(const char *path, const char **why)
{
	FILE	*f;
	char	*text;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		*why = strerror(errno);
		return (NULL);
	}
	text = xmalloc(LESSON_MAXBYTES + 1);
	n = fread(text, 1, LESSON_MAXBYTES + 1, f);
	fclose(f);
	if (n > LESSON_MAXBYTES) {
		free(text);
		*why = "longer than 256 KiB";
		return (NULL);
	}
	text[n] = '\0';
	return (text);
}

/*
 * Split text into command lines: comments and blank lines go, a line
 * ending in a backslash goes on with the next.  0, or -1 with *why.
 */
static int
lesson_parse(struct lesson *l, char *text, const char **why)
{
	char	*p, *next = text, *line = NULL, *t;
	int	 lineno = 0, start = 0;
	size_t	 len;

	l->lines = xcalloc(LESSON_MAXLINES, sizeof *l->lines);
	l->linenos = xcalloc(LESSON_MAXLINES, sizeof *l->linenos);
	while ((p = strsep(&next, "\n")) != NULL) {
		lineno++;
		if (line == NULL) {
			while (isspace((unsigned char)*p))
				p++;
			if (*p == '\0' || *p == '#')
				continue;
			start = lineno;
		}
		t = xasprintf("%s%s", line != NULL ? line : "", p);
		free(line);
		line = t;
		if ((len = strlen(line)) > 0 && line[len - 1] == '\\') {
			line[len - 1] = ' ';	/* it goes on */
			continue;
		}
		if (l->n == LESSON_MAXLINES) {
			free(line);
			*why = "more than 4096 command lines";
			return (-1);
		}
		l->linenos[l->n] = start;
		l->lines[l->n++] = line;
		line = NULL;
	}
	if (line != NULL) {
		if (l->n == LESSON_MAXLINES) {
			free(line);
			*why = "more than 4096 command lines";
			return (-1);
		}
		l->linenos[l->n] = start;
		l->lines[l->n++] = line;
	}
	return (0);
}

/* Whether a command line is `pause`. */
static int
lesson_is_pause(const char *line)
{
	return (strncmp(line, "pause", 5) == 0 && (line[5] == '\0' ||
	    isspace((unsigned char)line[5])));
}

/*
 * Queue the lesson's next part: up to and including its next pause (or
 * everything when it runs through), and after the last line the end.
 */
static void
lesson_queue(struct cmd_ctx *c, struct lesson *l)
{
	char	**part;
	int	 *nos;
	size_t	  from = l->next, n;

	while (l->next < l->n) {
		if (lesson_is_pause(l->lines[l->next++]) && !l->through)
			break;
	}
	l->paused = 0;
	n = l->next - from;
	part = xcalloc(n + 1, sizeof *part);
	nos = xcalloc(n + 1, sizeof *nos);
	memcpy(part, l->lines + from, n * sizeof *part);
	memcpy(nos, l->linenos + from, n * sizeof *nos);
	if (l->next == l->n) {
		part[n] = (char *)"lesson end";
		nos[n++] = 0;
	}
	cmdq_insert(c->q, part, nos, n, l->path, l->group);
	free(part);
	free(nos);
}

/* List the lessons: name and the question each answers. */
static enum cmd_status
lesson_list(void)
{
	struct dirent	*de;
	DIR		*d;
	char		*path, *text, q[400];
	const char	*why;
	size_t		 i, n, shown = 0;

	for (i = 0; i < sizeof lesson_dirs / sizeof lesson_dirs[0]; i++) {
		if ((d = opendir(lesson_dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			n = strlen(de->d_name);
			if (n < 6 || strcmp(de->d_name + n - 5, ".tcpx") != 0)
				continue;
			path = xasprintf("%s/%s", lesson_dirs[i], de->d_name);
			if ((text = lesson_read(path, &why)) != NULL &&
			    lesson_header(text, "question", q, sizeof q) == 0)
				say("  %-16.*s %s", (int)(n - 5), de->d_name, q);
			free(text);
			free(path);
			shown++;
		}
		closedir(d);
		if (shown > 0)
			break;	/* the first directory that has lessons */
	}
	if (shown == 0) {
		say_err("lesson: no lessons found (in %s or %s)",
		    lesson_dirs[0], lesson_dirs[1]);
		return (CMD_FAIL);
	}
	say("%s", _("(lesson NAME runs one)"));
	return (CMD_OK);
}

/* The diagram's newest conversation so far, 0 when none. */
static unsigned
lesson_last_conv(struct cmd_ctx *c)
{
	struct dg	*d = dgfeed_model(c->o->dg, 0);
	unsigned	 id, last = 0;

	if (d == NULL)
		return (0);
	for (id = dg_conv_next(d, 0); id != 0; id = dg_conv_next(d, id))
		last = id;
	return (last);
}

/*
 * At the end of lesson l: its conversations drawn as ladders (the first
 * LESSON_LADDERS of them), unless the live view shows them already.
 */
static void
lesson_ladders(struct cmd_ctx *c, const struct lesson *l)
{
	struct dg	*d = dgfeed_model(c->o->dg, 0);
	struct dg_opts	 o;
	unsigned	 id, shown = 0, more = 0;

	if (d == NULL || (c->ui.view_is_open != NULL &&
	    c->ui.view_is_open(c->ui.arg)))
		return;
	memset(&o, 0, sizeof o);
	o.width = LESSON_LADDER_W;
	for (id = dg_conv_next(d, l->conv0); id != 0;
	    id = dg_conv_next(d, id)) {
		if (shown == LESSON_LADDERS) {
			more++;
			continue;
		}
		if (shown++ == 0)
			say("%s", _("== the lesson's conversations as ladders "
			    "(diagram --text N draws one again)"));
		fflush(stdout);
		(void)dg_text(d, id, &o, stdout);
		fflush(stdout);
	}
	if (more > 0)
		say(_("(and %u more: diagram --text N draws any of them)"),
		    more);
}

/* Start lesson name (or a file); through: do not stop at pauses. */
static enum cmd_status
lesson_start(struct cmd_ctx *c, const char *name, int through)
{
	struct lesson_state	*st = lesson_state(c);
	struct lesson		*l;
	char			*path, *text, buf[400];
	const char		*why = NULL, *slash;

	if (st->cur != NULL) {
		say_err("lesson: %s is running (lesson stop ends it)",
		    st->cur->name);
		return (CMD_FAIL);
	}
	if ((path = lesson_find(name)) == NULL) {
		say_err("lesson: no lesson \"%s\" (lesson lists them)", name);
		return (CMD_USAGE);
	}
	if ((text = lesson_read(path, &why)) == NULL) {
		say_err("lesson: %s: %s", path, why);
		free(path);
		return (CMD_FAIL);
	}
	if (lesson_header(text, "lab", buf, sizeof buf) == 0 &&
	    strcmp(buf, "router") == 0 && c->s->o.lab != 2) {
		say_err("lesson: %s needs the lab's router: start tcpx with "
		    "--lab=router", name);
		free(text);
		free(path);
		return (CMD_FAIL);
	}
	l = xcalloc(1, sizeof *l);
	l->path = path;
	slash = strrchr(path, '/');
	l->name = xstrdup(slash != NULL ? slash + 1 : path);
	if (strlen(l->name) > 5 &&
	    strcmp(l->name + strlen(l->name) - 5, ".tcpx") == 0)
		l->name[strlen(l->name) - 5] = '\0';
	l->through = through || !c->interactive;
	if (lesson_parse(l, text, &why) != 0) {
		say_err("lesson: %s: %s", path, why);
		free(text);
		lesson_free(l);
		return (CMD_FAIL);
	}
	if (lesson_header(text, "question", buf, sizeof buf) == 0)
		say("== lesson %s: %s", l->name, buf);
	free(text);
	l->conv0 = lesson_last_conv(c);
	l->group = ++st->groups;
	st->cur = l;
	lesson_queue(c, l);
	return (CMD_OK);
}

/* lesson [NAME | FILE] [--auto] | next | stop | end */
static enum cmd_status
cmd_lesson(struct cmd_ctx *c, int argc, char **argv)
{
	struct lesson_state	*st = lesson_state(c);
	int			 through = 0;

	if (argc == 1)
		return (lesson_list());
	if (strcmp(argv[1], "stop") == 0 || strcmp(argv[1], "end") == 0) {
		if (st->cur == NULL) {
			if (argv[1][0] == 's')
				say_err("lesson stop: no lesson is running");
			return (argv[1][0] == 's' ? CMD_FAIL : CMD_OK);
		}
		cmdq_drop_group(c->q, st->cur->group);
		if (argv[1][0] == 's')
			say(_("== end of lesson %s (stopped)"), st->cur->name);
		else {
			lesson_ladders(c, st->cur);
			say(_("== end of lesson %s"), st->cur->name);
		}
		lesson_free(st->cur);
		st->cur = NULL;
		return (CMD_OK);
	}
	if (strcmp(argv[1], "next") == 0)
		return (lesson_resume(c) == 0 ? CMD_OK : CMD_FAIL);
	if (argc == 3) {
		if (strcmp(argv[2], "--auto") != 0) {
			say_err("lesson: unexpected \"%s\" (usage: lesson %s)",
			    argv[2], cmd_lesson_entry.usage);
			return (CMD_USAGE);
		}
		through = 1;
	}
	return (lesson_start(c, argv[1], through));
}

/* Whether a lesson waits at a pause. */
int
lesson_paused(const struct cmd_ctx *c)
{
	return (c->lessons != NULL && c->lessons->cur != NULL &&
	    c->lessons->cur->paused);
}

/* Go on with the paused lesson: 0, or -1 when none is paused. */
int
lesson_resume(struct cmd_ctx *c)
{
	struct lesson_state	*st = lesson_state(c);

	if (st->cur == NULL || !st->cur->paused) {
		say_err("lesson next: no lesson waits at a pause");
		return (-1);
	}
	lesson_queue(c, st->cur);
	return (0);
}

/*
 * say TEXT: a paragraph in the user's language (the catalogue's, else as
 * written), wrapped at LESSON_WRAP columns: at blanks, and between Chinese
 * characters (two columns each).
 */
static enum cmd_status
cmd_say(struct cmd_ctx *c, int argc, char **argv)
{
	const char	*text = argc > 1 ? argv[1] : "", *p;
	char		*key = xmalloc(strlen(text) + 1);
	size_t		 n;

	(void)c;
	tr_key(text, key, strlen(text) + 1);	/* blanks collapsed */
	p = tr_collapsed(key);
	if (*p == '\0')
		say("%s", "");
	while (*p != '\0') {
		n = utf8_line(p, LESSON_WRAP, NULL);
		say("%.*s", (int)n, p);
		p += n;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	free(key);
	return (CMD_OK);
}

/* pause: a lesson's part ends here; the prompt comes back until Enter. */
static enum cmd_status
cmd_pause(struct cmd_ctx *c, int argc, char **argv)
{
	struct lesson	*l = c->lessons != NULL ? c->lessons->cur : NULL;

	(void)argc;
	(void)argv;
	if (l == NULL || l->through)
		return (CMD_OK);
	l->paused = 1;
	say("%s", _("-- press Enter to go on (any command first, to look "
	    "around; lesson stop ends the lesson) --"));
	return (CMD_OK);
}
