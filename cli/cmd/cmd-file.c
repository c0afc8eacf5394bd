/*
 * cli/cmd/cmd-file.c - bulk data: `sendfile PATH` queues a file's bytes on the
 * current connection, `save PATH` writes what it received so far (the last
 * recv_keep bytes), `save PATH follow` that and all that comes after, and
 * `save PATH next` all that the next connection receives.
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
	    "progress), and at most a window's worth of it waits unsent (at\n"
	    "least 256 KB). Ctrl-C stops it, saying how many bytes were queued.",
	.exec = cmd_sendfile,
};

const struct cmd_entry cmd_save_entry = {
	.name = "save",
	.usage = "PATH [follow | next]",
	.min_args = 1,
	.max_args = 2,
	.help = "write everything received on the current connection to a file",
	.detail = "A connection keeps the last recv_keep bytes it received (16 MB\n"
	    "unless `set recv_keep N` says otherwise): save PATH writes what is\n"
	    "kept, and fails, saying which bytes are missing, when older ones\n"
	    "are no longer kept.\n"
	    "save PATH follow: the same, then every byte received after it is\n"
	    "written as it comes, until no more can come (the peer's FIN, or a\n"
	    "reset); it then says how many bytes the file holds.\n"
	    "save PATH next: all that the next connection to be established\n"
	    "(accepted or connected) receives, from its first byte: ask before\n"
	    "the data comes to save a stream of any length.",
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

/* Write what r keeps of its stream to f: 0, or -1 on a write error. */
static int
save_kept(const struct rxring *r, FILE *f)
{
	const uint8_t	*p;
	uint64_t	 off;
	size_t		 n;

	for (off = rxring_first(r); (n = rxring_span(r, off,
	    &p)) > 0; off += n)
		if (fwrite(p, 1, n, f) != n)
			return (-1);
	return (0);
}

/* save PATH [follow | next] */
static enum cmd_status
cmd_save(struct cmd_ctx *c, int argc, char **argv)
{
	struct conn_rx	*rx;
	unsigned	 cur = conns_cur(c->o->conns);
	uint64_t	 first, kept;
	FILE		*f;
	char		 id[16];
	int		 follow = 0, next = 0;

	if (argc == 3) {
		if (strcmp(argv[2], "follow") == 0)
			follow = 1;
		else if (strcmp(argv[2], "next") == 0)
			next = 1;
		else {
			say_err("save: unexpected \"%s\": expected follow or "
			    "next (usage: save %s)", argv[2],
			    cmd_save_entry.usage);
			return (CMD_USAGE);
		}
	}
	if (cur == 0 && !next) {
		say_err("save: no connection (save PATH next saves the next "
		    "one's data)");
		return (CMD_FAIL);
	}
	if ((f = fopen(argv[1], "wb")) == NULL) {
		say_err("save: %s: %s", argv[1], strerror(errno));
		return (CMD_FAIL);
	}
	if (next) {
		conns_follow(c->o->conns, 0, f, argv[1], 0);
		say("* the next connection's data goes to %s", argv[1]);
		return (CMD_OK);
	}
	rx = conns_rx(conns_get(c->o->conns, cur));
	session_id(c->s, cur, id, sizeof id);
	first = rxring_first(&rx->ring);
	kept = rx->ring.total - first;
	if (save_kept(&rx->ring, f) != 0 || (!follow && fclose(f) != 0)) {
		if (follow)
			fclose(f);
		say_err("save: %s: write error", argv[1]);
		return (CMD_FAIL);
	}
	if (follow) {
		say("* %s: %llu bytes saved to %s; what it receives from now on "
		    "follows", id, (unsigned long long)kept, argv[1]);
		conns_follow(c->o->conns, cur, f, argv[1], kept);
	} else
		say("* saved %llu bytes received on %s to %s",
		    (unsigned long long)kept, id, argv[1]);
	if (first == 0)
		return (CMD_OK);
	say_err("save: %s: bytes @0 to @%llu received on %s are no longer "
	    "kept (recv_keep %zu bytes keeps the last ones): it holds the "
	    "last %llu of %llu bytes; save PATH next, asked before the data "
	    "comes, saves all of a stream", argv[1],
	    (unsigned long long)first - 1, id, conns_keep(c->o->conns),
	    (unsigned long long)kept, (unsigned long long)rx->ring.total);
	return (CMD_FAIL);
}
