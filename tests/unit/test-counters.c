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
#include "tests/unit/unitfix.h"

/*
 * What every_event() counts under each name, as the scan of every name
 * for every event counted it (the counts of the code before issue 14).
 */
#define EVERY_EVENT	"state 1947 established 177 data 1947 error 1947 " \
	"reset 1397 refused 66 retransmission 33 fast-retransmit 33 " \
	"challenge-ack 231 keepalive 33 window-probe 33 syn-cookie 33 " \
	"discard 1947 datagram 1947 time-wait-expired 33 icmp 792 pmtu 33 " \
	"reassembled 0 fragment-timeout 0 resend 0"

static struct session	 s;
static struct counters	*ctr;

/* Publish an engine event of type with cause, entering state to. */
static void
ev(enum tcp_ev_type type, enum tcp_cause cause, enum tcp_state from,
    enum tcp_state to)
{
	unitfix_engine(&s.bus, type, 1, from, to, cause, NULL,
	    "a sentence nobody reads: reset refused keepalive probe", NULL);
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

/*
 * Every engine event there is: each type, each cause, entering each state
 * from three; what each name counted, as "name count" pairs into buf.
 */
static void
every_event(char *buf, size_t len)
{
	struct counters	*c = counters_new(&s);
	char		 list[512], *name, *save = NULL;
	size_t		 o = 0;
	int		 t, cause, from, to;
	static const int froms[] = { TCP_LISTEN, TCP_SYN_SENT, TCP_ESTABLISHED };

	for (t = TEV_STATE; t <= TEV_FREED; t++)
		for (cause = TCP_CAUSE_NONE; cause <= TCP_CAUSE_FREED; cause++)
			for (from = 0; from < 3; from++)
				for (to = TCP_CLOSED; to <= TCP_TIME_WAIT; to++)
					ev((enum tcp_ev_type)t,
					    (enum tcp_cause)cause,
					    (enum tcp_state)froms[from],
					    (enum tcp_state)to);
	counters_list(list, sizeof list);
	buf[0] = '\0';
	for (name = strtok_r(list, " ", &save); name != NULL && o < len;
	    name = strtok_r(NULL, " ", &save))
		o += (size_t)snprintf(buf + o, len - o, "%s%s %lu", o ? " " : "",
		    name, counters_get(c, counters_find(name)));
	counters_free(c);
}

int
main(void)
{
	char		list[512], all[1024];
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
	every_event(all, sizeof all);
	is_str(all, EVERY_EVENT, "every type, cause and state: each name "
	    "counts what it always did (looking only at its type's names)");
	return (done_testing());
}
