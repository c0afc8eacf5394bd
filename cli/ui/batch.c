/*
 * cli/ui/batch.c - the batch runs of -c, -f FILE and piped input: commands
 * run through the same command queue as the prompt's, stopping at the
 * first failure.  A script is read through the session's loop a line at a
 * time, when the queue is idle, so a slow producer on a pipe never stalls
 * the endpoint: segments are answered and timers fire while tcpx waits
 * for the next line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd/cmdq.h"
#include "cli/obs/out.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "cli/tcpx.h"
#include "cli/ui/ui.h"
#include "core/xmalloc.h"

#define BATCH_READ	65536	/* bytes read at a time */

struct batch {
	int		 fd;		/* the script, or -1 for -c */
	struct loop_fd	*lf;
	char		*path;		/* its name in errors ("-": standard input) */
	char		*buf;		/* read, not yet run */
	size_t		 len;
	size_t		 cap;
	int		 lineno;	/* lines taken so far */
	size_t		 last;		/* the bytes of the line taken last */
	int		 eof;
};

static void	batch_pump(struct ui *);

/* Stop the batch with exit status rc. */
static void
batch_fail(struct ui *u, int rc)
{
	u->status = rc;
	cmdq_clear(u->q);
	session_quit(u->s);
}

/*
 * The next whole line of the script (a backslash at its end continues it)
 * into a malloc'd string, the lines it took added to b->lineno; NULL when
 * no whole line is read yet.
 */
static char *
batch_line(struct batch *b)
{
	char	*line, *nl;
	size_t	 from = 0, n;
	int	 lines = 0;

	for (;;) {
		nl = b->len > from ? memchr(b->buf + from, '\n', b->len - from) :
		    NULL;
		if (nl == NULL) {
			if (!b->eof || b->len == 0)
				return (NULL);	/* more to come, or nothing left */
			n = b->len;		/* the last line has no newline */
			lines++;
			break;
		}
		lines++;
		n = (size_t)(nl - b->buf) + 1;
		if (n - from < 2 || nl[-1] != '\\')
			break;
		from = n;		/* a backslash: it goes on */
		if (from == b->len) {
			if (!b->eof)
				return (NULL);
			break;
		}
	}
	line = xmalloc(n + 1);
	b->last = n;
	memcpy(line, b->buf, n);
	line[n] = '\0';
	memmove(b->buf, b->buf + n, b->len - n);
	b->len -= n;
	b->lineno += lines;
	return (line);
}

/* The script has bytes: read them, then run what whole lines there are. */
static void
batch_read(void *arg)
{
	struct ui	*u = arg;
	struct batch	*b = u->batch;
	ssize_t		 n;

	if (b->cap - b->len < BATCH_READ) {
		b->cap = b->len + BATCH_READ;
		b->buf = xrealloc(b->buf, b->cap);
	}
	n = read(b->fd, b->buf + b->len, BATCH_READ);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		say_err("%s: %s", b->path, strerror(errno));
		batch_fail(u, EXIT_USAGE);
		return;
	}
	if (n == 0)
		b->eof = 1;
	b->len += (size_t)n;
	loop_fd_on(b->lf, false);
	batch_pump(u);
}

/* Run the script's next lines while the queue is idle; read when it needs more. */
static void
batch_pump(struct ui *u)
{
	struct batch	*b = u->batch;
	char		*line, *nul;
	size_t		 len;

	while (!u->s->quit && cmdq_idle(u->q)) {
		if (b->fd == -1) {
			session_quit(u->s);	/* -c: every command ran */
			return;
		}
		if ((line = batch_line(b)) == NULL) {
			if (b->eof) {
				session_quit(u->s);
				return;
			}
			if (b->len > CMD_MAXLINE) {
				out_where(b->path, b->lineno + 1);
				say_err("line longer than %d bytes", CMD_MAXLINE);
				out_where(NULL, 0);
				batch_fail(u, EXIT_USAGE);
				return;
			}
			loop_fd_on(b->lf, true);
			return;
		}
		/* A NUL would end the line early, silently: refuse it. */
		len = strlen(line);
		if ((nul = memchr(line, '\0', b->last)) != NULL) {
			out_where(b->path, b->lineno);
			say_err("NUL byte at column %zu, after \"%s%.20s\"",
			    len + 1, len > 20 ? "..." : "",
			    len > 20 ? line + len - 20 : line);
			out_where(NULL, 0);
			free(line);
			batch_fail(u, EXIT_USAGE);
			return;
		}
		/* A comment line is skipped, ';' and all. */
		if (line[strspn(line, " \t")] != '#')
			cmdq_append(u->q, line, 1, b->path, b->lineno);
		free(line);
	}
}

/* A batch command ended with rc: stop at a failure, else go on. */
void
batch_next(struct ui *u, enum cmd_status rc)
{
	if (rc != CMD_OK) {
		batch_fail(u, rc == CMD_USAGE ? EXIT_USAGE : EXIT_WAIT);
		return;
	}
	batch_pump(u);
}

/* Run the -c string cmds, or the commands of file ("-": standard input). */
int
batch_start(struct ui *u, const char *cmds, const char *file)
{
	struct batch	*b = xcalloc(1, sizeof *b);

	u->batch = b;
	b->fd = -1;
	out_set_hooks(NULL, 0);
	if (cmds != NULL) {
		cmdq_append(u->q, cmds, 1, NULL, 0);
		batch_pump(u);
		return (0);
	}
	b->path = xstrdup(file);
	if (strcmp(file, "-") == 0)
		b->fd = STDIN_FILENO;
	else if ((b->fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		say_err("%s: %s", file, strerror(errno));
		u->status = EXIT_USAGE;
		return (-1);
	}
	b->lf = loop_fd_add(u->s, b->fd, batch_read, u);
	loop_fd_on(b->lf, true);
	return (0);
}

/* Free what the batch holds. */
void
batch_stop(struct ui *u)
{
	struct batch	*b = u->batch;

	if (b == NULL)
		return;
	if (b->lf != NULL)
		loop_fd_del(u->s, b->lf);
	if (b->fd > STDIN_FILENO)
		close(b->fd);
	free(b->path);
	free(b->buf);
	free(b);
	u->batch = NULL;
}
