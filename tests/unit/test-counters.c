/*
 * tests/unit/test-counters.c - the names `wait event` takes, counted from
 * the event stream by each event's type, structured cause and the state
 * it enters (cli/obs/counters.c), never from its sentence; and the
 * segments on the wire the engine marked as resent.
 */
#include <string.h>

#include "cli/obs/counters.h"
#include "cli/run/session.h"
#include "tests/tap.h"

static struct session	 s;
static struct counters	*ctr;

/* Publish an engine event of type with cause, entering state to. */
static void
ev(enum tcp_ev_type type, enum tcp_cause cause, enum tcp_state from,
    enum tcp_state to)
{
	struct tcp_event	t;
	struct run_ev		r;

	memset(&t, 0, sizeof t);
	t.type = type;
	t.cause = cause;
	t.from = from;
	t.to = to;
	t.conn = 1;
	strcpy(t.why, "a sentence nobody reads: reset refused keepalive probe");
	memset(&r, 0, sizeof r);
	r.type = RUN_ENGINE;
	r.tev = &t;
	bus_publish(&s.bus, &r);
}

/* Publish a TCP segment on the wire, in direction dir, resent or not. */
static void
frame(enum run_dir dir, bool rexmit)
{
	struct seg	sg;
	struct segmeta	m;
	struct run_ev	r;

	memset(&sg, 0, sizeof sg);
	memset(&m, 0, sizeof m);
	m.conn = 1;
	m.rexmit = rexmit;
	memset(&r, 0, sizeof r);
	r.type = RUN_FRAME;
	r.dir = dir;
	r.seg = &sg;
	r.meta = dir == RUN_OUT ? &m : NULL;
	bus_publish(&s.bus, &r);
}

/* The count of event name n. */
static unsigned long
n(const char *name)
{
	return (counters_get(ctr, counters_find(name)));
}

int
main(void)
{
	char		list[512];
	unsigned long	st;

	ctr = counters_new(&s);
	ok(counters_find("explosion") == -1, "an unknown name is not found");
	ok(strstr(counters_list(list, sizeof list), "time-wait-expired") !=
	    NULL, "the list names every event");

	ev(TEV_NOTE, TCP_CAUSE_DELAYED_ACK, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ok(n("reset") == 0 && n("refused") == 0 && n("keepalive") == 0,
	    "the sentence counts for nothing: a delayed ACK is none of them");
	ev(TEV_STATE, TCP_CAUSE_SYNACK_RCVD, TCP_SYN_SENT, TCP_ESTABLISHED);
	ok(n("state") == 1 && n("established") == 1,
	    "a state change into ESTABLISHED: state and established");
	ev(TEV_STATE, TCP_CAUSE_FIN_RCVD, TCP_ESTABLISHED, TCP_CLOSE_WAIT);
	ok(n("state") == 2 && n("established") == 1,
	    "into CLOSE-WAIT: state only");
	ev(TEV_ERROR, TCP_CAUSE_REFUSED, TCP_SYN_SENT, TCP_SYN_SENT);
	ev(TEV_STATE, TCP_CAUSE_REFUSED, TCP_SYN_SENT, TCP_CLOSED);
	ok(n("error") == 1 && n("refused") == 1 && n("reset") == 1,
	    "refused (an error, then CLOSED): error, refused, one reset");
	ev(TEV_ERROR, TCP_CAUSE_RST_RCVD, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ev(TEV_STATE, TCP_CAUSE_RST_RCVD, TCP_ESTABLISHED, TCP_CLOSED);
	is_int(n("reset"), 2, "a reset received: one reset, not two");
	ev(TEV_NOTE, TCP_CAUSE_NO_CONNECTION, TCP_CLOSED, TCP_CLOSED);
	is_int(n("reset"), 3, "an RST we sent for no connection is a reset");
	ev(TEV_STATE, TCP_CAUSE_USER_ABORT, TCP_ESTABLISHED, TCP_CLOSED);
	is_int(n("reset"), 4, "ABORT when synchronized sends an RST");
	ev(TEV_STATE, TCP_CAUSE_USER_ABORT, TCP_SYN_SENT, TCP_CLOSED);
	is_int(n("reset"), 4, "ABORT in SYN-SENT sends none");
	ev(TEV_NOTE, TCP_CAUSE_RTO, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ok(n("retransmission") == 1 && n("fast-retransmit") == 0,
	    "an RTO: retransmission");
	ev(TEV_NOTE, TCP_CAUSE_FAST_RETRANSMIT, TCP_ESTABLISHED,
	    TCP_ESTABLISHED);
	ok(n("retransmission") == 1 && n("fast-retransmit") == 1,
	    "three duplicate ACKs: fast-retransmit");
	ev(TEV_NOTE, TCP_CAUSE_KEEPALIVE_PROBE, TCP_ESTABLISHED,
	    TCP_ESTABLISHED);
	ev(TEV_NOTE, TCP_CAUSE_KEEPALIVE_ANSWER, TCP_ESTABLISHED,
	    TCP_ESTABLISHED);
	is_int(n("keepalive"), 1, "a probe counts, the answer to one does not");
	ev(TEV_NOTE, TCP_CAUSE_CHALLENGE_ACK, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ev(TEV_DISCARD, TCP_CAUSE_CHALLENGE_ACK_LIMIT, TCP_ESTABLISHED,
	    TCP_ESTABLISHED);
	ok(n("challenge-ack") == 1 && n("discard") == 1,
	    "a challenge ACK; one held back by the limit is a discard");
	ev(TEV_NOTE, TCP_CAUSE_WINDOW_PROBE, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ev(TEV_NOTE, TCP_CAUSE_SYN_COOKIE, TCP_LISTEN, TCP_LISTEN);
	ok(n("window-probe") == 1 && n("syn-cookie") == 1,
	    "window probe and SYN cookie");
	ev(TEV_DATA, TCP_CAUSE_DATA_RCVD, TCP_ESTABLISHED, TCP_ESTABLISHED);
	ev(TEV_DGRAM, TCP_CAUSE_DATAGRAM, TCP_CLOSED, TCP_CLOSED);
	ok(n("data") == 1 && n("datagram") == 1, "data and a datagram");
	ev(TEV_STATE, TCP_CAUSE_TIME_WAIT_EXPIRED, TCP_TIME_WAIT, TCP_CLOSED);
	ev(TEV_STATE, TCP_CAUSE_FIN_WAIT2_TIMEOUT, TCP_FIN_WAIT_2, TCP_CLOSED);
	is_int(n("time-wait-expired"), 1, "only 2MSL ends TIME-WAIT");
	st = n("state");
	frame(RUN_OUT, false);
	frame(RUN_IN, false);
	is_int(n("resend"), 0, "a first transmission, and what we receive, "
	    "are no resend");
	frame(RUN_OUT, true);
	ev(TEV_NOTE, TCP_CAUSE_RTO, TCP_ESTABLISHED, TCP_ESTABLISHED);
	is_int(n("resend"), 1, "a segment the engine marked as resent is one, "
	    "the RTO's note is not");
	is_int(n("state"), st, "and a frame is no engine event");
	counters_free(ctr);
	return (done_testing());
}
