/*
 * cli/cmd-listen.c - passive OPEN: `listen PORT [manual]` on our addresses,
 * and `accept` to take a connection from a listener's accept queue.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"
#include "craft/guard.h"

static enum cmd_status cmd_listen(struct session *, int, char **);
static enum cmd_status cmd_accept(struct session *, int, char **);

const struct cmd_entry cmd_listen_entry = {
	"listen", NULL, "PORT [manual]", 1, 2, 0,
	"listen on PORT (passive OPEN) on our IPv4 and IPv6 addresses",
	"Connections that complete the handshake are accepted at once and\n"
	"become the current connection, unless `manual` is given: then they\n"
	"wait in the accept queue (its size: set backlog) until `accept`.\n"
	"The SYN queue (set syn_backlog) and SYN cookies (set syncookies)\n"
	"work as on Linux.",
	cmd_listen
};

const struct cmd_entry cmd_accept_entry = {
	"accept", NULL, "", 0, 0, 0,
	"take the oldest connection from the accept queues",
	NULL,
	cmd_accept
};

/* listen PORT [manual] */
static enum cmd_status
cmd_listen(struct session *s, int argc, char **argv)
{
	struct endpoint	 l;
	const char	*cause;
	char		*ecause = NULL, *end;
	unsigned long	 port;
	unsigned	 id;
	int		 fam, n = 0, manual = 0;

	port = strtoul(argv[1], &end, 10);
	if (*end != '\0' || port == 0 || port > 65535) {
		say_err(s, "listen: bad port \"%s\": 1-65535", argv[1]);
		return (CMD_USAGE);
	}
	if (argc == 3) {
		if (strcmp(argv[2], "manual") != 0) {
			say_err(s, "listen: unexpected \"%s\": expected manual "
			    "(usage: listen %s)", argv[2], cmd_listen_entry.usage);
			return (CMD_USAGE);
		}
		manual = 1;
	}
	if (s->guard != NULL &&
	    guard_add_port(s->guard, (uint16_t)port, &ecause) != 0) {
		say_err(s, "listen: %s", ecause);
		free(ecause);
		return (CMD_FAIL);
	}
	for (fam = 4; fam <= 6; fam += 2) {
		if (session_addr(s, fam) == NULL)
			continue;
		memset(&l, 0, sizeof l);
		l.addr = *session_addr(s, fam);
		l.port = (uint16_t)port;
		if ((id = tcp_listen(s->st, &l, &cause)) == 0) {
			say_err(s, "listen: port %lu (IPv%d): %s", port, fam,
			    cause);
			return (CMD_FAIL);
		}
		session_view(s, id)->autoaccept = !manual;
		n++;
	}
	session_pump(s);
	return (n > 0 ? CMD_OK : CMD_FAIL);
}

/* accept */
static enum cmd_status
cmd_accept(struct session *s, int argc, char **argv)
{
	struct view	*v;
	unsigned	 id;

	for (v = s->views; v != NULL; v = v->next) {
		if ((id = tcp_accept(s->st, v->id)) != 0) {
			session_accepted(s, id);
			session_pump(s);	/* the engine's note, if any */
			return (CMD_OK);
		}
	}
	say_err(s, "accept: no connection is waiting in an accept queue");
	return (CMD_FAIL);
}
