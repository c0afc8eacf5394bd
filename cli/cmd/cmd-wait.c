/*
 * cli/cmd/cmd-wait.c - `wait state NAME [SECONDS]` and `wait recv TEXT
 * [SECONDS]`, `wait accept` and `wait event NAME`: the command waits in the
 * session's loop until the current connection reaches a state, has received
 * some text, a listener hands over a connection, or the engine reports an
 * event; it fails with what was seen instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/counters.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

#define WAIT_DEFAULT	10	/* seconds */

static enum cmd_status cmd_wait(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_wait_entry = {
	.name = "wait",
	.usage = "state NAME [S] | recv TEXT [S] | accept [S] | event NAME [S]",
	.min_args = 1,
	.max_args = 3,
	.help = "wait for a state, for received text, or for a connection to a listener",
	.detail = "wait state NAME: until the connection is in state NAME, or has passed\n"
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
	    "SECONDS defaults to 10. A failed wait says what was seen instead (a\n"
	    "connection that closed: why) and makes a batch (-c, -f) stop with\n"
	    "exit status 1.",
	.exec = cmd_wait,
};

struct wait_arg {
	unsigned	 conn;
	int		 state;		/* wait state: the target */
	char		*text;		/* wait recv: the needle (its own copy) */
	size_t		 len;
	int		 found;		/* ... it is in, at stream offset at */
	uint64_t	 at;
	uint64_t	 looked;	/* ... no match starts before this */
	int		 event;		/* wait event: the name's index */
	unsigned long	 count;		/* and its count when the wait began */
	char		 name[32];
};

/* Whether no more data can arrive on a connection in state st. */
static int
wait_no_more_data(enum tcp_state st)
{
	return (st == TCP_CLOSED || st == TCP_CLOSE_WAIT ||
	    st == TCP_LAST_ACK || st == TCP_CLOSING || st == TCP_TIME_WAIT);
}

/* Whether the connection entered state st since the last state wait. */
static int
wait_passed(const struct conn_view *v, int st)
{
	return (st >= 0 && st < TCP_NSTATES && v->entered[st] > v->waited);
}

/* Whether the awaited state is reached or can no longer be. */
static int
wait_state_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct wait_arg		*w = arg;
	struct tcp_status	 ts;

	(void)wake;
	if (wait_passed(conns_get(c->o->conns, w->conn), w->state))
		return (1);	/* reached, perhaps already left again */
	if (tcp_status(c->s->st, w->conn, &ts) != 0)
		return (1);
	return ((int)ts.state == w->state || ts.state == TCP_CLOSED);
}

/* The state wait ended: reached, or say what the connection is instead. */
static enum cmd_status
wait_state_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct wait_arg		*w = arg;
	struct conn_view	*v = conns_get(c->o->conns, w->conn);
	struct tcp_status	 ts;
	const char		*why;
	char			 id[16];

	tcp_status(c->s->st, w->conn, &ts);
	session_id(c->s, w->conn, id, sizeof id);
	if ((int)ts.state == w->state || wait_passed(v, w->state)) {
		/*
		 * The next wait looks at what came after this state only:
		 * states entered since (the loop may run late) still count.
		 */
		if (v->entered[w->state] > v->waited)
			v->waited = v->entered[w->state];
		return (CMD_OK);
	}
	if (how == CMD_END_INTERRUPT)
		say_err("wait: interrupted before %s reached %s: "
		    "it is %s", id, tcp_state_name(w->state),
		    tcp_state_name(ts.state));
	else if ((why = conns_end_why(c->o->conns, w->conn)) != NULL)
		say_err("wait: %s did not reach %s: it is %s: %s", id,
		    tcp_state_name(w->state), tcp_state_name(ts.state), why);
	else
		say_err("wait: %s did not reach %s%s: it is %s",
		    id, tcp_state_name(w->state), ts.state == TCP_CLOSED ?
		    "" : " within the time limit", tcp_state_name(ts.state));
	free(w->text);
	return (CMD_FAIL);
}

/*
 * Whether the awaited text is in, or can no longer come.  Each look starts
 * where the last one left off (less the text's length), so a wait during
 * a bulk transfer costs the bytes once, not once per turn of the loop.
 */
static int
wait_recv_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct wait_arg		*w = arg;
	struct conn_rx		*rx = conns_rx(conns_get(c->o->conns, w->conn));
	struct tcp_status	 ts;
	uint64_t		 from = w->looked > rx->mark ? w->looked : rx->mark;

	(void)wake;
	if (w->len == 0) {	/* the empty text: any new byte */
		w->found = rx->ring.total > rx->mark;
		w->at = rx->mark;
	} else
		w->found = rxring_find(&rx->ring, from, w->text, w->len,
		    &w->at) == 0;
	if (w->found)
		return (1);
	if (w->len > 0 && rx->ring.total >= w->len)
		w->looked = rx->ring.total - (w->len - 1);
	if (udp_is_socket(c->s->st, w->conn))
		return (0);	/* a datagram may always come */
	if (tcp_status(c->s->st, w->conn, &ts) != 0)
		return (1);
	return (wait_no_more_data(ts.state));
}

/* Show up to 60 bytes of what was received from from, escaped, for an error. */
static void
wait_seen(const struct rxring *r, uint64_t from, char *out, size_t len)
{
	uint8_t	buf[60];
	size_t	i, n, o = 0;

	if (from < rxring_first(r))
		from = rxring_first(r);
	n = rxring_read(r, from, buf, sizeof buf);
	for (i = 0; i < n && o + 5 < len; i++) {
		uint8_t ch = buf[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", ch);
	}
	out[o] = '\0';
}

/* The recv wait ended: found, or say what came instead. */
static enum cmd_status
wait_recv_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct wait_arg		*w = arg;
	struct conn_rx		*rx = conns_rx(conns_get(c->o->conns, w->conn));
	struct tcp_status	 ts;
	uint64_t		 first = rxring_first(&rx->ring);
	char			 seen[400], id[16], lost[96];

	if (!w->found)	/* it may have come with the last turn */
		wait_recv_done(c, w, NULL);
	if (w->found) {
		rx->mark = w->at + w->len;
		free(w->text);
		return (CMD_OK);
	}
	if (tcp_status(c->s->st, w->conn, &ts) != 0)
		ts.state = TCP_NSTATES;		/* UDP */
	wait_seen(&rx->ring, rx->mark, seen, sizeof seen);
	lost[0] = '\0';
	if (first > rx->mark)
		snprintf(lost, sizeof lost, ", the first %llu no longer kept "
		    "(recv_keep)", (unsigned long long)(first - rx->mark));
	say_err("wait: \"%s\" not received %s: got %llu bytes%s%s%s%s "
	    "(%s%s%s)", w->text, how == CMD_END_INTERRUPT ?
	    "(interrupted)" : ts.state != TCP_NSTATES &&
	    wait_no_more_data(ts.state) ? "and no more can come" :
	    "within the time limit", (unsigned long long)(rx->ring.total -
	    rx->mark), lost, rx->ring.total > rx->mark ? " \"" : "", seen,
	    rx->ring.total > rx->mark ? "\"" : "", session_id(c->s, w->conn, id,
	    sizeof id), ts.state == TCP_NSTATES ? "" : " is ",
	    ts.state == TCP_NSTATES ? "" : tcp_state_name(ts.state));
	free(w->text);
	return (CMD_FAIL);
}

/* Whether a connection was accepted that no earlier `wait accept` took. */
static int
wait_accept_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	(void)arg;
	(void)wake;
	return (conns_accept_new(c->o->conns));
}

/* The accept wait ended. */
static enum cmd_status
wait_accept_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	(void)arg;
	(void)how;
	if (conns_accept_new(c->o->conns)) {
		conns_accept_taken(c->o->conns);
		return (CMD_OK);
	}
	say_err("wait: no connection was accepted within the time limit");
	return (CMD_FAIL);
}

/* Whether the count of the awaited event name has grown. */
static int
wait_event_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct wait_arg	*w = arg;

	(void)wake;
	return (counters_get(c->o->counters, w->event) > w->count);
}

/* The event wait ended. */
static enum cmd_status
wait_event_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct wait_arg	*w = arg;

	(void)how;
	if (wait_event_done(c, w, NULL))
		return (CMD_OK);
	say_err("wait: no %s event within the time limit", w->name);
	return (CMD_FAIL);
}

/* wait event NAME [SECONDS] */
static enum cmd_status
cmd_wait_event(struct cmd_ctx *c, int argc, char **argv)
{
	struct wait_arg	*w;
	long		 secs = WAIT_DEFAULT;
	char		 list[512];
	int		 i;

	if (argc < 3 || (i = counters_find(argv[2])) < 0) {
		say_err("wait event: unknown event \"%s\" (one of: %s)",
		    argc < 3 ? "" : argv[2], counters_list(list, sizeof list));
		return (CMD_USAGE);
	}
	if (argc == 4 && (secs = cmd_seconds("wait", argv[3])) < 0)
		return (CMD_USAGE);
	w = xcalloc(1, sizeof *w);
	w->event = i;
	w->count = counters_get(c->o->counters, i);
	snprintf(w->name, sizeof w->name, "%s", argv[2]);
	return (cmd_await(c, wait_event_done, wait_event_finish, w,
	    now_us() + (uint64_t)secs * TCP_SEC));
}

/* wait accept [SECONDS] */
static enum cmd_status
cmd_wait_accept(struct cmd_ctx *c, int argc, char **argv)
{
	long	secs = WAIT_DEFAULT;

	if (argc == 3 && (secs = cmd_seconds("wait", argv[2])) < 0)
		return (CMD_USAGE);
	return (cmd_await(c, wait_accept_done, wait_accept_finish, NULL,
	    now_us() + (uint64_t)secs * TCP_SEC));
}

/* wait state NAME [S] | recv TEXT [S] | accept [S] | event NAME [S] */
static enum cmd_status
cmd_wait(struct cmd_ctx *c, int argc, char **argv)
{
	struct session		*s = c->s;
	struct wait_arg		*w;
	struct tcp_status	 ts;
	long			 secs = WAIT_DEFAULT;
	unsigned		 cur = conns_cur(c->o->conns);
	int			 state = -1;

	if (strcmp(argv[1], "accept") == 0 && argc <= 3)
		return (cmd_wait_accept(c, argc, argv));
	if (strcmp(argv[1], "event") == 0)
		return (cmd_wait_event(c, argc, argv));
	if (strcmp(argv[1], "state") != 0 && strcmp(argv[1], "recv") != 0 &&
	    strcmp(argv[1], "accept") != 0) {
		say_err("wait: unknown subcommand \"%s\" (%susage: wait %s)",
		    argv[1], cmd_did_you_mean(argv[1], "state recv accept event"),
		    cmd_wait_entry.usage);
		return (CMD_USAGE);
	}
	if ((strcmp(argv[1], "state") != 0 && strcmp(argv[1], "recv") != 0) ||
	    argc < 3) {
		say_err("usage: wait %s", cmd_wait_entry.usage);
		return (CMD_USAGE);
	}
	if (argc == 4 && (secs = cmd_seconds("wait", argv[3])) < 0)
		return (CMD_USAGE);
	/* A bad state name is a usage error, connection or not. */
	if (strcmp(argv[1], "state") == 0 &&
	    (state = tcp_state_parse(argv[2])) < 0) {
		say_err("wait: unknown state \"%s\" (RFC names: "
		    "ESTABLISHED, FIN-WAIT-1, TIME-WAIT, CLOSED...)", argv[2]);
		return (CMD_USAGE);
	}
	if (cur == 0 || (tcp_status(s->st, cur, &ts) != 0 &&
	    !udp_is_socket(s->st, cur))) {
		say_err("wait: no connection (use connect first)");
		return (CMD_FAIL);
	}
	if (state >= 0 && udp_is_socket(s->st, cur)) {
		say_err("wait state: the current socket is UDP, which has no "
		    "states");
		return (CMD_USAGE);
	}
	w = xcalloc(1, sizeof *w);
	w->conn = cur;
	w->state = state;
	if (state >= 0)
		return (cmd_await(c, wait_state_done, wait_state_finish, w,
		    now_us() + (uint64_t)secs * TCP_SEC));
	w->text = xstrdup(argv[2]);
	w->len = strlen(argv[2]);
	return (cmd_await(c, wait_recv_done, wait_recv_finish, w,
	    now_us() + (uint64_t)secs * TCP_SEC));
}
