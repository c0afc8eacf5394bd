/*
 * cli/cmd-file.c - bulk data: `sendfile PATH` queues a file's bytes on the
 * current connection, `save PATH` writes everything received on it so far.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"

static enum cmd_status cmd_sendfile(struct session *, int, char **);
static enum cmd_status cmd_save(struct session *, int, char **);

const struct cmd_entry cmd_sendfile_entry = {
	"sendfile", NULL, "PATH", 1, 1, 0,
	"send the bytes of a file on the current connection",
	"The whole file is queued at once, so it must fit in the send buffer\n"
	"(set sndbuf). It goes out as the windows allow; `wait state` or\n"
	"`stat` shows the progress.",
	cmd_sendfile
};

const struct cmd_entry cmd_save_entry = {
	"save", NULL, "PATH", 1, 1, 0,
	"write everything received on the current connection to a file",
	NULL,
	cmd_save
};

/* sendfile PATH */
static enum cmd_status
cmd_sendfile(struct session *s, int argc, char **argv)
{
	FILE		*f;
	uint8_t		*buf = NULL;
	size_t		 len = 0, cap = 0, n;
	const char	*cause;
	int		 rc;

	if (s->cur == 0) {
		say_err(s, "sendfile: no connection (use connect first)");
		return (CMD_FAIL);
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		say_err(s, "sendfile: %s: %s", argv[1], strerror(errno));
		return (CMD_FAIL);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				say_err(s, "sendfile: out of memory");
				return (CMD_FAIL);
			}
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		say_err(s, "sendfile: %s: read error", argv[1]);
		fclose(f);
		free(buf);
		return (CMD_FAIL);
	}
	fclose(f);
	rc = tcp_send(s->st, s->cur, buf, len, session_now(s), &cause);
	free(buf);
	if (rc != 0) {
		say_err(s, "sendfile: %s (%zu bytes)", cause, len);
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* save PATH */
static enum cmd_status
cmd_save(struct session *s, int argc, char **argv)
{
	struct view	*v;
	FILE		*f;

	if (s->cur == 0) {
		say_err(s, "save: no connection");
		return (CMD_FAIL);
	}
	v = session_view(s, s->cur);
	if ((f = fopen(argv[1], "wb")) == NULL) {
		say_err(s, "save: %s: %s", argv[1], strerror(errno));
		return (CMD_FAIL);
	}
	if ((v->rx.len > 0 && fwrite(v->rx.d, 1, v->rx.len, f) != v->rx.len) ||
	    fclose(f) != 0) {
		say_err(s, "save: %s: write error", argv[1]);
		return (CMD_FAIL);
	}
	say(s, "* saved %zu bytes received on %u to %s", v->rx.len, s->cur,
	    argv[1]);
	return (CMD_OK);
}
