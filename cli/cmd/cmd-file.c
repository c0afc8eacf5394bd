/*
 * cli/cmd/cmd-file.c - bulk data: `sendfile PATH` queues a file's bytes on the
 * current connection, `save PATH` writes everything received on it so far.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/sendstream.h"
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
	.detail = "The file goes into the send buffer (set sndbuf) as it drains, read\n"
	    "64 KB at a time: that is the most a command holds, whatever the\n"
	    "file (/dev/urandom too). The command returns when the last byte is\n"
	    "queued; it goes out as the windows allow (`stat` shows the\n"
	    "progress). Ctrl-C stops it, saying how many bytes were queued.",
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
	unsigned	 cur = conns_cur(c->o->conns);

	(void)argc;
	if (cur == 0) {
		say_err("sendfile: no connection (use connect first)");
		return (CMD_FAIL);
	}
	return (sendstream_start(c, "sendfile", cur, argv[1], 0));
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
