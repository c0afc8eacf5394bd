/*
 * cli/cmd/cmd-file.c - bulk data: `sendfile PATH` queues a file's bytes on the
 * current connection, `save PATH` writes everything received on it so far.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"

static enum cmd_status cmd_sendfile(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_save(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_sendfile_entry = {
	.name = "sendfile",
	.usage = "PATH",
	.min_args = 1,
	.max_args = 1,
	.help = "send the bytes of a file on the current connection",
	.detail = "The whole file is queued at once, so it must fit in the send buffer\n"
	    "(set sndbuf). It goes out as the windows allow; `wait state` or\n"
	    "`stat` shows the progress.",
	.exec = cmd_sendfile,
};

const struct cmd_entry cmd_save_entry = {
	.name = "save",
	.usage = "PATH",
	.min_args = 1,
	.max_args = 1,
	.help = "write everything received on the current connection to a file",
	.exec = cmd_save,
};

/* sendfile PATH */
static enum cmd_status
cmd_sendfile(struct cmd_ctx *c, int argc, char **argv)
{
	struct session	*s = c->s;
	unsigned	 cur = conns_cur(c->o->conns);
	FILE		*f;
	uint8_t		*buf = NULL;
	size_t		 len = 0, cap = 0, n;
	char		 err[TCP_ERRLEN];
	int		 rc;

	if (cur == 0) {
		say_err("sendfile: no connection (use connect first)");
		return (CMD_FAIL);
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		say_err("sendfile: %s: %s", argv[1], strerror(errno));
		return (CMD_FAIL);
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				say_err("sendfile: out of memory");
				return (CMD_FAIL);
			}
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		say_err("sendfile: %s: read error", argv[1]);
		fclose(f);
		free(buf);
		return (CMD_FAIL);
	}
	fclose(f);
	rc = tcp_send(s->st, cur, buf, len, session_now(s), err, sizeof err);
	free(buf);
	if (rc != 0) {
		say_err("sendfile: %s (%zu bytes)", err, len);
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* save PATH */
static enum cmd_status
cmd_save(struct cmd_ctx *c, int argc, char **argv)
{
	struct conn_view *v;
	unsigned	 cur = conns_cur(c->o->conns);
	FILE		*f;
	char		 id[16];

	if (cur == 0) {
		say_err("save: no connection");
		return (CMD_FAIL);
	}
	v = conns_get(c->o->conns, cur);
	if ((f = fopen(argv[1], "wb")) == NULL) {
		say_err("save: %s: %s", argv[1], strerror(errno));
		return (CMD_FAIL);
	}
	if ((v->rx.len > 0 && fwrite(v->rx.d, 1, v->rx.len, f) != v->rx.len) ||
	    fclose(f) != 0) {
		say_err("save: %s: write error", argv[1]);
		return (CMD_FAIL);
	}
	say("* saved %zu bytes received on %s to %s", v->rx.len,
	    session_id(c->s, cur, id, sizeof id), argv[1]);
	return (CMD_OK);
}
