/*
 * cli/cmd-conn.c - the commands that drive a connection through the
 * engine's user calls (RFC 9293 §3.10): connect (OPEN), send (SEND),
 * close (CLOSE), abort (ABORT) and status (STATUS).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"
#include "craft/guard.h"

#define CONNECT_WAIT	10	/* default seconds connect waits for the handshake */

static enum cmd_status cmd_connect(struct session *, int, char **);
static enum cmd_status cmd_send(struct session *, int, char **);
static enum cmd_status cmd_close(struct session *, int, char **);
static enum cmd_status cmd_abort(struct session *, int, char **);
static enum cmd_status cmd_shutdown(struct session *, int, char **);
static enum cmd_status cmd_status(struct session *, int, char **);

const struct cmd_entry cmd_connect_entry = {
	"connect", NULL, "HOST:PORT [SECONDS]", 1, 2, 0,
	"open a connection (active OPEN) and wait for the handshake",
	"Sends a SYN from our address to HOST:PORT (IPv6 as [ADDR]:PORT) and\n"
	"waits up to SECONDS (default 10) for ESTABLISHED. On a reset or a\n"
	"timeout the attempt is given up and the command fails. The new\n"
	"connection becomes the current one for send, close, abort and wait.",
	cmd_connect
};

const struct cmd_entry cmd_send_entry = {
	"send", NULL, "TEXT", 1, 1, 1,
	"send TEXT on the current connection (\\r \\n \\t \\xHH \\; escapes)",
	"Everything after the command name is sent, less trailing blanks;\n"
	"no newline is added. Escapes: \\r \\n \\t \\0 \\\\ \\; \\xHH.\n"
	"Example: send GET / HTTP/1.0\\r\\n\\r\\n",
	cmd_send
};

const struct cmd_entry cmd_close_entry = {
	"close", NULL, "", 0, 0, 0,
	"close the current connection (full CLOSE: FIN after queued data)",
	"ESTABLISHED goes to FIN-WAIT-1 and CLOSE-WAIT to LAST-ACK; the FIN\n"
	"follows any data still queued. As with close() on Linux, data that\n"
	"arrives afterwards is answered with RST, and FIN-WAIT-2 times out\n"
	"(set fin_wait2). `shutdown` closes only the write side. Use\n"
	"`wait state TIME-WAIT` to watch the rest of the teardown.",
	cmd_close
};

const struct cmd_entry cmd_shutdown_entry = {
	"shutdown", NULL, "", 0, 0, 0,
	"shut the write side (FIN after queued data); keep receiving",
	"A half-close, as shutdown(SHUT_WR): we send FIN, the peer may go on\n"
	"sending until it closes too.",
	cmd_shutdown
};

const struct cmd_entry cmd_abort_entry = {
	"abort", NULL, "", 0, 0, 0,
	"abort the current connection (ABORT: send RST, forget it)",
	"In a synchronized state a RST <SEQ=SND.NXT> is sent, as SO_LINGER\n"
	"with a zero timeout does on a real socket; the connection is CLOSED\n"
	"at once, without TIME-WAIT.",
	cmd_abort
};

const struct cmd_entry cmd_status_entry = {
	"status", NULL, "", 0, 0, 0,
	"show every connection: state, sequence variables, queues",
	NULL,
	cmd_status
};

/* The current connection's status, or NULL with an error printed. */
static int
current(struct session *s, const char *cmd, struct tcp_status *ts)
{
	if (s->cur == 0 || tcp_status(s->st, s->cur, ts) != 0) {
		say_err(s, "%s: no connection (use connect first)", cmd);
		return (-1);
	}
	return (0);
}

/* Whether connection (arg) has left SYN-SENT/SYN-RECEIVED. */
static int
connect_done(struct session *s, void *arg)
{
	struct tcp_status	ts;

	if (tcp_status(s->st, *(unsigned *)arg, &ts) != 0)
		return (1);
	return (ts.state != TCP_SYN_SENT && ts.state != TCP_SYN_RECEIVED);
}

/* connect HOST:PORT [SECONDS] */
static enum cmd_status
cmd_connect(struct session *s, int argc, char **argv)
{
	struct endpoint		 remote, local;
	struct tcp_status	 ts;
	const struct addr	*mine;
	const char		*cause;
	char			*ecause = NULL, *end;
	long			 secs = CONNECT_WAIT;
	unsigned		 id;
	int			 rc;

	if (endpoint_parse(&remote, argv[1], &cause) != 0) {
		say_err(s, "connect: bad address \"%s\": %s", argv[1], cause);
		return (CMD_USAGE);
	}
	if (argc > 2) {
		secs = strtol(argv[2], &end, 10);
		if (*end != '\0' || secs <= 0 || secs > 86400) {
			say_err(s, "connect: bad timeout \"%s\": seconds "
			    "1-86400", argv[2]);
			return (CMD_USAGE);
		}
	}
	if ((mine = session_addr(s, remote.addr.family)) == NULL) {
		say_err(s, "connect: we have no IPv%d address (add -s ADDR)",
		    remote.addr.family);
		return (CMD_USAGE);
	}
	memset(&local, 0, sizeof local);
	local.addr = *mine;
	id = tcp_connect(s->st, &local, &remote, session_now(s), &cause);
	if (id == 0) {
		say_err(s, "connect: %s", cause);
		return (CMD_FAIL);
	}
	tcp_status(s->st, id, &ts);
	if (s->guard != NULL &&
	    guard_add_port(s->guard, ts.local.port, &ecause) != 0) {
		say_err(s, "connect: %s", ecause);
		free(ecause);
		tcp_abort(s->st, id, session_now(s), &cause);
		session_pump(s);
		return (CMD_FAIL);
	}
	s->cur = id;
	session_view(s, id);
	session_pump(s);
	if (s->hold.step[HOLD_OUT] || s->hold.step[HOLD_IN]) {
		say(s, "* stepping: the handshake goes one `step` at a time");
		return (CMD_OK);
	}
	rc = loop_until(s, connect_done, &id, now_us() +
	    (uint64_t)secs * TCP_SEC);
	tcp_status(s->st, id, &ts);
	if (ts.state == TCP_ESTABLISHED || ts.state == TCP_CLOSE_WAIT)
		return (CMD_OK);
	if (rc == 0 || rc == -1) {
		say_err(s, "connect: %s to %s: still %s, giving up",
		    rc == 0 ? "no answer within the time limit" : "interrupted",
		    argv[1], tcp_state_name(ts.state));
		tcp_abort(s->st, id, session_now(s), &cause);
		session_pump(s);
	} else
		say_err(s, "connect: %s failed: connection is %s", argv[1],
		    tcp_state_name(ts.state));
	return (CMD_FAIL);
}

/* send TEXT */
static enum cmd_status
cmd_send(struct session *s, int argc, char **argv)
{
	struct tcp_status	 ts;
	const char		*cause;
	char			*buf;
	size_t			 n;
	int			 rc;

	if (current(s, "send", &ts) != 0)
		return (CMD_FAIL);
	if (argc < 2) {
		say_err(s, "usage: send TEXT");
		return (CMD_USAGE);
	}
	buf = malloc(strlen(argv[1]) + 1);
	if (buf == NULL)
		return (CMD_FAIL);
	n = cmd_unescape(argv[1], buf);
	rc = tcp_send(s->st, s->cur, buf, n, session_now(s), &cause);
	free(buf);
	if (rc != 0) {
		say_err(s, "send: %s (connection %u is %s)", cause, s->cur,
		    tcp_state_name(ts.state));
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* close */
static enum cmd_status
cmd_close(struct session *s, int argc, char **argv)
{
	struct tcp_status	 ts;
	const char		*cause;

	if (current(s, "close", &ts) != 0)
		return (CMD_FAIL);
	if (tcp_close(s->st, s->cur, session_now(s), &cause) != 0) {
		say_err(s, "close: %s (connection %u is %s)", cause, s->cur,
		    tcp_state_name(ts.state));
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* shutdown */
static enum cmd_status
cmd_shutdown(struct session *s, int argc, char **argv)
{
	struct tcp_status	 ts;
	const char		*cause;

	if (current(s, "shutdown", &ts) != 0)
		return (CMD_FAIL);
	if (tcp_shutdown(s->st, s->cur, session_now(s), &cause) != 0) {
		say_err(s, "shutdown: %s (connection %u is %s)", cause, s->cur,
		    tcp_state_name(ts.state));
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* abort */
static enum cmd_status
cmd_abort(struct session *s, int argc, char **argv)
{
	struct tcp_status	 ts;
	const char		*cause;

	if (current(s, "abort", &ts) != 0)
		return (CMD_FAIL);
	if (tcp_abort(s->st, s->cur, session_now(s), &cause) != 0) {
		say_err(s, "abort: %s", cause);
		return (CMD_FAIL);
	}
	session_pump(s);
	return (CMD_OK);
}

/* status */
static enum cmd_status
cmd_status(struct session *s, int argc, char **argv)
{
	struct tcp_status	ts;
	unsigned		id = 0;
	char			la[64], ra[64];
	int			n = 0;

	while ((id = stack_conn_next(s->st, id)) != 0) {
		if (tcp_status(s->st, id, &ts) != 0)
			continue;
		addr_fmt(&ts.local.addr, la, sizeof la);
		addr_fmt(&ts.remote.addr, ra, sizeof ra);
		if (ts.state == TCP_LISTEN) {
			say(s, "%s%u LISTEN %s.%u", id == s->cur ? "*" : " ",
			    ts.conn, la, ts.local.port);
			n++;
			continue;
		}
		say(s, "%s%u %s %s.%u > %s.%u snd.una +%u snd.nxt +%u "
		    "snd.wnd %u rcv.nxt +%u rcv.wnd %u cwnd %u unacked %zu "
		    "unsent %zu", id == s->cur ? "*" : " ", ts.conn,
		    tcp_state_name(ts.state), la, ts.local.port, ra,
		    ts.remote.port, ts.snd_una - ts.iss, ts.snd_nxt - ts.iss,
		    ts.snd_wnd, ts.rcv_nxt - ts.irs, ts.rcv_wnd, ts.cwnd,
		    ts.unacked, ts.unsent);
		n++;
	}
	if (n == 0)
		say(s, "no connections");
	return (CMD_OK);
}
