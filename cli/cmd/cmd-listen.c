/*
 * cli/cmd/cmd-listen.c - passive OPEN: `listen PORT [manual | autoclose]` on
 * our addresses, and `accept` to take a connection from a listener's accept
 * queue.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "craft/guard.h"

static enum cmd_status cmd_listen(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_accept(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_listen_entry = {
	.name = "listen",
	.usage = "PORT [manual | autoclose]",
	.min_args = 1,
	.max_args = 2,
	.help = "listen on PORT (passive OPEN) on our IPv4 and IPv6 addresses",
	.detail = "One listener per address family, each with its id (c1 on IPv4,\n"
	    "c2 on IPv6), as the command says.\n"
	    "Connections that complete the handshake are accepted at once and\n"
	    "become the current connection, unless `manual` is given: then they\n"
	    "wait in the accept queue (its size: set backlog) until `accept`.\n"
	    "With `autoclose` each connection is also closed as soon as its\n"
	    "peer has closed (CLOSE-WAIT -> LAST-ACK at once), as a server that\n"
	    "reads to the end and closes: the peer, which closed first, ends in\n"
	    "TIME-WAIT, however many connections it makes.\n"
	    "The SYN queue (set syn_backlog) and SYN cookies (set syncookies)\n"
	    "work as on Linux.",
	.exec = cmd_listen,
};

const struct cmd_entry cmd_accept_entry = {
	.name = "accept",
	.usage = "",
	.max_args = 0,
	.help = "take the oldest connection from the accept queues",
	.exec = cmd_accept,
};

/* listen PORT [manual | autoclose] */
static enum cmd_status
cmd_listen(struct cmd_ctx *c, int argc, char **argv)
{
	struct session	*s = c->s;
	struct endpoint	 l;
	char		 err[TCP_ERRLEN], *ecause = NULL, *end;
	unsigned long	 port;
	unsigned	 id, ids[2];
	char		 a[2][64];
	int		 fam, n = 0, manual = 0, autoclose = 0;

	port = strtoul(argv[1], &end, 10);
	if (*end != '\0' || port == 0 || port > 65535) {
		say_err("listen: bad port \"%s\": 1-65535", argv[1]);
		return (CMD_USAGE);
	}
	if (argc == 3) {
		if (strcmp(argv[2], "manual") == 0)
			manual = 1;
		else if (strcmp(argv[2], "autoclose") == 0)
			autoclose = 1;
		else {
			say_err("listen: unexpected \"%s\": expected manual or "
			    "autoclose (usage: listen %s)", argv[2],
			    cmd_listen_entry.usage);
			return (CMD_USAGE);
		}
	}
	if (s->guard != NULL &&
	    guard_add_port(s->guard, (uint16_t)port, &ecause) != 0) {
		say_err("listen: %s", ecause);
		free(ecause);
		return (CMD_FAIL);
	}
	for (fam = 4; fam <= 6; fam += 2) {
		if (session_addr(s, fam) == NULL)
			continue;
		memset(&l, 0, sizeof l);
		l.addr = *session_addr(s, fam);
		l.port = (uint16_t)port;
		if ((id = tcp_listen(s->st, &l, err, sizeof err)) == 0) {
			say_err("listen: port %lu (IPv%d): %s", port, fam,
			    err);
			return (CMD_FAIL);
		}
		conns_get(c->o->conns, id)->autoaccept = !manual;
		conns_get(c->o->conns, id)->autoclose = autoclose;
		addr_fmt(&l.addr, a[n], sizeof a[n]);
		ids[n++] = id;
	}
	session_pump(s);
	/* One listener per address family: say that there are two ids. */
	if (n == 2)
		say("* listening on port %lu: c%u on %s, c%u on %s%s", port,
		    ids[0], a[0], ids[1], a[1], manual ? " (accept takes "
		    "connections)" : autoclose ? " (each connection closed "
		    "once its peer has closed)" : "");
	else if (n == 1)
		say("* listening on port %lu: c%u on %s%s", port, ids[0], a[0],
		    manual ? " (accept takes connections)" : autoclose ?
		    " (each connection closed once its peer has closed)" : "");
	return (n > 0 ? CMD_OK : CMD_FAIL);
}

/* accept */
static enum cmd_status
cmd_accept(struct cmd_ctx *c, int argc, char **argv)
{
	struct conn_view	*v = NULL;
	unsigned		 id;

	while ((v = conns_next(c->o->conns, v)) != NULL) {
		if ((id = tcp_accept(c->s->st, v->id)) != 0) {
			conns_accepted(c->o->conns, id);
			session_pump(c->s);	/* the engine's note, if any */
			return (CMD_OK);
		}
	}
	say_err("accept: no connection is waiting in an accept queue");
	return (CMD_FAIL);
}
