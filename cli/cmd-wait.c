/*
 * cli/cmd-wait.c - `wait state NAME [SECONDS]` and `wait recv TEXT
 * [SECONDS]`: run the loop until the current connection reaches a state or
 * has received some text, failing with what was seen instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"

#define WAIT_DEFAULT	10	/* seconds */

static enum cmd_status cmd_wait(struct session *, int, char **);

const struct cmd_entry cmd_wait_entry = {
	"wait", NULL, "state NAME [S] | recv TEXT [S] | accept [S] | event NAME [S]",
	1, 3, 0,
	"wait for a state, for received text, or for a connection to a listener",
	"wait state NAME: until the connection is in state NAME, or has passed\n"
	"  through it since the last wait (RFC names:\n"
	"  CLOSED LISTEN SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1\n"
	"  FIN-WAIT-2 CLOSE-WAIT CLOSING LAST-ACK TIME-WAIT).\n"
	"wait recv TEXT: until the data received since the last successful\n"
	"  `wait recv` contains TEXT (quote it if it has blanks; escapes work).\n"
	"wait accept: until a listener hands over a connection that no earlier\n"
	"  `wait accept` saw (it is the current one).\n"
	"wait event NAME: until the engine reports such an event: state,\n"
	"  established, data, error, reset, refused, retransmission,\n"
	"  fast-retransmit, challenge-ack, keepalive, window-probe, syn-cookie,\n"
	"  discard, datagram, time-wait-expired.\n"
	"SECONDS defaults to 10. A failed wait says what was seen instead and\n"
	"makes a batch (-c, -f) stop with exit status 1.",
	cmd_wait
};

struct wait_arg {
	unsigned	 conn;
	int		 state;		/* wait state: the target */
	const char	*text;		/* wait recv: the needle */
	size_t		 len;
	const char	*found;
};

/* Whether no more data can arrive on a connection in state st. */
static int
wait_no_more_data(enum tcp_state st)
{
	return (st == TCP_CLOSED || st == TCP_CLOSE_WAIT ||
	    st == TCP_LAST_ACK || st == TCP_CLOSING || st == TCP_TIME_WAIT);
}

/* Whether the awaited state is reached or can no longer be. */
static int
wait_state_done(struct session *s, void *arg)
{
	struct wait_arg		*w = arg;
	struct tcp_status	 ts;

	if (session_view(s, w->conn)->visited & (1U << w->state))
		return (1);	/* reached, perhaps already left again */
	if (tcp_status(s->st, w->conn, &ts) != 0)
		return (1);
	return ((int)ts.state == w->state || ts.state == TCP_CLOSED);
}

/* Whether the awaited text is in, or can no longer come. */
static int
wait_recv_done(struct session *s, void *arg)
{
	struct wait_arg		*w = arg;
	struct view		*v = session_view(s, w->conn);
	struct tcp_status	 ts;

	w->found = v->rx.len > v->mark ? memmem(v->rx.d + v->mark,
	    v->rx.len - v->mark, w->text, w->len) : NULL;
	if (w->found != NULL)
		return (1);
	if (udp_is_socket(s->st, w->conn))
		return (0);	/* a datagram may always come */
	if (tcp_status(s->st, w->conn, &ts) != 0)
		return (1);
	return (wait_no_more_data(ts.state));
}

/* Show up to 60 bytes of what was received, escaped, for an error. */
static void
wait_seen(const struct bytes *b, size_t from, char *out, size_t len)
{
	size_t	i, o = 0;

	for (i = from; i < b->len && i - from < 60 && o + 5 < len; i++) {
		uint8_t c = b->d[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", c);
	}
	out[o] = '\0';
}

/* Whether a connection was accepted that no earlier `wait accept` took. */
static int
wait_accept_done(struct session *s, void *arg)
{
	(void)arg;
	return (s->accepted > s->accept_waited);
}

/* Whether the count of the awaited event name has grown. */
static int
wait_event_done(struct session *s, void *arg)
{
	unsigned long	*w = arg;

	return (s->evcount[w[0]] > w[1]);
}

/* wait event NAME [SECONDS] */
static enum cmd_status
cmd_wait_event(struct session *s, int argc, char **argv)
{
	unsigned long	 w[2];
	long		 secs = WAIT_DEFAULT;
	char		 list[512];
	int		 i;

	if (argc < 3 || (i = events_find(argv[2])) < 0) {
		say_err(s, "wait event: unknown event \"%s\" (one of: %s)",
		    argc < 3 ? "" : argv[2], events_list(list, sizeof list));
		return (CMD_USAGE);
	}
	if (argc == 4) {
		if ((secs = cmd_seconds(s, "wait", argv[3])) < 0)
			return (CMD_USAGE);
	}
	w[0] = (unsigned long)i;
	w[1] = s->evcount[i];
	if (loop_until(s, wait_event_done, w, now_us() + (uint64_t)secs *
	    TCP_SEC) == 1)
		return (CMD_OK);
	say_err(s, "wait: no %s event within the time limit", argv[2]);
	return (CMD_FAIL);
}

/* wait accept [SECONDS] */
static enum cmd_status
cmd_wait_accept(struct session *s, int argc, char **argv)
{
	long		 secs = WAIT_DEFAULT;

	if (argc == 3) {
		if ((secs = cmd_seconds(s, "wait", argv[2])) < 0)
			return (CMD_USAGE);
	}
	if (loop_until(s, wait_accept_done, NULL,
	    now_us() + (uint64_t)secs * TCP_SEC) == 1) {
		s->accept_waited++;
		return (CMD_OK);
	}
	say_err(s, "wait: no connection was accepted within the time limit");
	return (CMD_FAIL);
}

/* wait state NAME [SECONDS] | wait recv TEXT [SECONDS] | wait accept [SECONDS] */
static enum cmd_status
cmd_wait(struct session *s, int argc, char **argv)
{
	struct wait_arg		 w;
	struct tcp_status	 ts;
	struct view		*v;
	long			 secs = WAIT_DEFAULT;
	char			 seen[400];
	int			 rc;

	memset(&w, 0, sizeof w);
	if (strcmp(argv[1], "accept") == 0 && argc <= 3)
		return (cmd_wait_accept(s, argc, argv));
	if (strcmp(argv[1], "event") == 0)
		return (cmd_wait_event(s, argc, argv));
	if (strcmp(argv[1], "state") != 0 && strcmp(argv[1], "recv") != 0 &&
	    strcmp(argv[1], "accept") != 0) {
		say_err(s, "wait: unknown subcommand \"%s\" (usage: wait %s)",
		    argv[1], cmd_wait_entry.usage);
		return (CMD_USAGE);
	}
	if ((strcmp(argv[1], "state") != 0 && strcmp(argv[1], "recv") != 0) ||
	    argc < 3) {
		say_err(s, "usage: wait %s", cmd_wait_entry.usage);
		return (CMD_USAGE);
	}
	if (argc == 4) {
		if ((secs = cmd_seconds(s, "wait", argv[3])) < 0)
			return (CMD_USAGE);
	}
	/* A bad state name is a usage error, connection or not. */
	if (strcmp(argv[1], "state") == 0 &&
	    (w.state = tcp_state_parse(argv[2])) < 0) {
		say_err(s, "wait: unknown state \"%s\" (RFC names: "
		    "ESTABLISHED, FIN-WAIT-1, TIME-WAIT, CLOSED...)", argv[2]);
		return (CMD_USAGE);
	}
	if (s->cur == 0 || (tcp_status(s->st, s->cur, &ts) != 0 &&
	    !udp_is_socket(s->st, s->cur))) {
		say_err(s, "wait: no connection (use connect first)");
		return (CMD_FAIL);
	}
	w.conn = s->cur;
	if (strcmp(argv[1], "state") == 0) {
		if (udp_is_socket(s->st, s->cur)) {
			say_err(s, "wait state: the current socket is UDP, "
			    "which has no states");
			return (CMD_USAGE);
		}
		rc = loop_until(s, wait_state_done, &w,
		    now_us() + (uint64_t)secs * TCP_SEC);
		tcp_status(s->st, w.conn, &ts);
		if ((int)ts.state == w.state ||
		    (session_view(s, w.conn)->visited & (1U << w.state))) {
			/* Forget what was passed; the current state still counts. */
			session_view(s, w.conn)->visited = 1U << ts.state;
			return (CMD_OK);
		}
		if (rc == -1)
			say_err(s, "wait: interrupted before connection %u "
			    "reached %s: it is %s", w.conn,
			    tcp_state_name(w.state), tcp_state_name(ts.state));
		else
			say_err(s, "wait: connection %u did not reach %s%s: "
			    "it is %s", w.conn, tcp_state_name(w.state),
			    ts.state == TCP_CLOSED ? "" : " within the time limit",
			    tcp_state_name(ts.state));
		return (CMD_FAIL);
	}
	w.text = argv[2];
	w.len = strlen(argv[2]);
	rc = loop_until(s, wait_recv_done, &w,
	    now_us() + (uint64_t)secs * TCP_SEC);
	v = session_view(s, w.conn);
	if (w.found != NULL) {
		v->mark = (size_t)((const uint8_t *)w.found - v->rx.d) + w.len;
		return (CMD_OK);
	}
	if (tcp_status(s->st, w.conn, &ts) != 0)
		ts.state = TCP_NSTATES;		/* UDP */
	wait_seen(&v->rx, v->mark, seen, sizeof seen);
	say_err(s, "wait: \"%s\" not received %s: got %zu bytes%s%s%s "
	    "(%s %u%s%s)", w.text, rc == -1 ? "(interrupted)" :
	    ts.state != TCP_NSTATES && wait_no_more_data(ts.state) ?
	    "and no more can come" : "within the time limit",
	    v->rx.len - v->mark, v->rx.len > v->mark ? " \"" : "", seen,
	    v->rx.len > v->mark ? "\"" : "", ts.state == TCP_NSTATES ?
	    "UDP socket" : "connection", w.conn, ts.state == TCP_NSTATES ?
	    "" : " is ", ts.state == TCP_NSTATES ? "" :
	    tcp_state_name(ts.state));
	return (CMD_FAIL);
}
