/*
 * cli/obs/counters.c - engine events by name, for `wait event NAME`: every
 * event the engine emits is counted under the names whose test it meets
 * (its type, its structured cause, the state it enters), and so are the
 * runtime's notes about IP fragments and the segments on the wire that the
 * engine marked as resent; a wait succeeds when the count for its name
 * grows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/counters.h"
#include "cli/run/clock.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

/* Whether ev is an ICMP error reaching a connection or a UDP socket. */
static int
counters_icmp(const struct tcp_event *ev)
{
	switch (ev->cause) {
	case TCP_CAUSE_ICMP_REFUSED:
	case TCP_CAUSE_ICMP_SOFT:
	case TCP_CAUSE_PMTU:
	case TCP_CAUSE_ICMP_UDP:
		return (ev->type != TEV_DISCARD);
	default:
		return (0);
	}
}

/* Whether ev refused our open: an RST, or ICMP port unreachable. */
static int
counters_refused(const struct tcp_event *ev)
{
	return (ev->cause == TCP_CAUSE_REFUSED ||
	    ev->cause == TCP_CAUSE_ICMP_REFUSED);
}

/*
 * Whether ev is a reset we received or sent, once per reset: a connection
 * a reset drops gives an error and then its state change (tcp_drop), and
 * only the state change counts.
 */
static int
counters_reset(const struct tcp_event *ev)
{
	if (ev->type == TEV_ERROR)
		return (0);
	switch (ev->cause) {
	case TCP_CAUSE_RST_RCVD:	/* received */
	case TCP_CAUSE_REFUSED:
	case TCP_CAUSE_NO_CONNECTION:	/* sent in reply */
	case TCP_CAUSE_BAD_ACK:
	case TCP_CAUSE_DATA_AFTER_CLOSE:
	case TCP_CAUSE_KEEPALIVE_GIVEUP:
	case TCP_CAUSE_LISTENER_CLOSED:
		return (1);
	case TCP_CAUSE_USER_ABORT:	/* RST sent when synchronized */
		return (ev->type == TEV_STATE && ev->from != TCP_LISTEN &&
		    ev->from != TCP_SYN_SENT);
	default:
		return (0);
	}
}

/* The names, with the test an event must meet to count under each. */
static const struct {
	const char	*name;
	int		 type;		/* TEV_*, -1: any, -2: a runtime note,
					   -3: a segment we sent */
	int		 cause;		/* TCP_CAUSE_* or -1: any (-2: NOTE_*) */
	int		 to;		/* TEV_STATE: the state entered, or -1 */
	int		(*test)(const struct tcp_event *);	/* or NULL */
	const char	*help;
} names[] = {
	{ "state", TEV_STATE, -1, -1, NULL, "any state change" },
	{ "established", TEV_STATE, -1, TCP_ESTABLISHED, NULL,
	    "a connection reached ESTABLISHED" },
	{ "data", TEV_DATA, -1, -1, NULL, "data received" },
	{ "error", TEV_ERROR, -1, -1, NULL, "a connection failed" },
	{ "reset", -1, -1, -1, counters_reset, "a reset received or sent" },
	{ "refused", TEV_ERROR, -1, -1, counters_refused,
	    "an RST or ICMP port unreachable answered our SYN" },
	{ "retransmission", TEV_NOTE, TCP_CAUSE_RTO, -1, NULL, "an RTO fired" },
	{ "fast-retransmit", TEV_NOTE, TCP_CAUSE_FAST_RETRANSMIT, -1, NULL,
	    "three duplicate ACKs" },
	{ "challenge-ack", -1, TCP_CAUSE_CHALLENGE_ACK, -1, NULL, "RFC 5961" },
	{ "keepalive", TEV_NOTE, TCP_CAUSE_KEEPALIVE_PROBE, -1, NULL,
	    "a keepalive probe sent" },
	{ "window-probe", TEV_NOTE, TCP_CAUSE_WINDOW_PROBE, -1, NULL,
	    "a zero-window probe sent" },
	{ "syn-cookie", TEV_NOTE, TCP_CAUSE_SYN_COOKIE, -1, NULL,
	    "a SYN cookie sent or taken back" },
	{ "discard", TEV_DISCARD, -1, -1, NULL, "a segment was dropped" },
	{ "datagram", TEV_DGRAM, -1, -1, NULL, "a UDP datagram" },
	{ "time-wait-expired", TEV_STATE, TCP_CAUSE_TIME_WAIT_EXPIRED, -1,
	    NULL, "2MSL ended TIME-WAIT" },
	{ "icmp", -1, -1, -1, counters_icmp,
	    "an ICMP error reached a connection or UDP socket" },
	{ "pmtu", TEV_NOTE, TCP_CAUSE_PMTU, -1, NULL,
	    "ICMP lowered a path MTU" },
	{ "reassembled", -2, NOTE_REASSEMBLED, -1, NULL,
	    "IP fragments made a whole datagram" },
	{ "fragment-timeout", -2, NOTE_FRAG_TIMEOUT, -1, NULL,
	    "a datagram's fragments did not all come in time" },
	{ "resend", -3, -1, -1, NULL,
	    "a segment sent again, for any reason (on the wire)" },
};

#define NNAMES	(sizeof names / sizeof names[0])
#define NTEV	(TEV_FREED + 1)		/* engine event types */

struct counters {
	struct session	*s;
	unsigned long	 n[NNAMES];
	uint64_t	 when[NNAMES];	/* monotonic time of the last one */
	/* The names an engine event of each type may count under, in order
	   (its type's and any type's): the rest are not looked at. */
	uint8_t		 cand[NTEV][NNAMES];
	uint8_t		 ncand[NTEV];
};

static void	counters_event(void *, const struct run_ev *);

/* Counters of s's engine events, subscribed to its bus. */
struct counters *
counters_new(struct session *s)
{
	struct counters	*c = xcalloc(1, sizeof *c);
	size_t		 t, i;

	c->s = s;
	for (t = 0; t < NTEV; t++)
		for (i = 0; i < NNAMES; i++)
			if (names[i].type == -1 || names[i].type == (int)t)
				c->cand[t][c->ncand[t]++] = (uint8_t)i;
	bus_subscribe(&s->bus, counters_event, c);
	bus_want(&s->bus, counters_event, c, BUS_TYPE(RUN_FRAME) |
	    BUS_TYPE(RUN_NOTE) | BUS_TYPE(RUN_ENGINE));
	return (c);
}

/* Unsubscribe and free. */
void
counters_free(struct counters *c)
{
	if (c == NULL)
		return;
	bus_unsubscribe(&c->s->bus, counters_event, c);
	free(c);
}

/* How many events of name index i were seen. */
unsigned long
counters_get(const struct counters *c, int i)
{
	return (i >= 0 && (size_t)i < NNAMES ? c->n[i] : 0);
}

/* When the last event of name index i was seen (monotonic), 0: never. */
uint64_t
counters_when(const struct counters *c, int i)
{
	return (i >= 0 && (size_t)i < NNAMES ? c->when[i] : 0);
}

/* The index of event name n, or -1. */
int
counters_find(const char *n)
{
	size_t	i;

	for (i = 0; i < NNAMES; i++)
		if (strcmp(names[i].name, n) == 0)
			return ((int)i);
	return (-1);
}

/* Every event name, blank-separated, into buf. */
const char *
counters_list(char *buf, size_t len)
{
	size_t	i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < NNAMES && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
		    names[i].name);
	return (buf);
}

/* Count one engine event under every name whose test it meets. */
static void
counters_event(void *arg, const struct run_ev *rev)
{
	struct counters		*c = arg;
	const struct tcp_event	*ev = rev->tev;
	uint64_t		 now = 0;	/* read once, when one counts */
	size_t			 i, k;

	if (rev->type == RUN_FRAME) {
		/* The engine said it resends sequence space (type -3). */
		if (rev->dir != RUN_OUT || rev->seg == NULL ||
		    rev->meta == NULL || !rev->meta->rexmit)
			return;
		for (i = 0; i < NNAMES; i++)
			if (names[i].type == -3) {
				c->n[i]++;
				c->when[i] = now != 0 ? now : (now = turn_now_us());
			}
		return;
	}
	if (rev->type == RUN_NOTE && rev->note != NOTE_PLAIN) {
		/* The runtime's own events (type -2): fragments. */
		for (i = 0; i < NNAMES; i++)
			if (names[i].type == -2 && names[i].cause ==
			    (int)rev->note) {
				c->n[i]++;
				c->when[i] = now != 0 ? now : (now = turn_now_us());
			}
		return;
	}
	if (rev->type != RUN_ENGINE || (unsigned)ev->type >= NTEV)
		return;
	for (k = 0; k < c->ncand[ev->type]; k++) {
		i = c->cand[ev->type][k];
		if (names[i].cause != -1 && names[i].cause != (int)ev->cause)
			continue;
		if (names[i].to != -1 && names[i].to != (int)ev->to)
			continue;
		if (names[i].test != NULL && !names[i].test(ev))
			continue;
		c->n[i]++;
		c->when[i] = now != 0 ? now : (now = turn_now_us());
	}
}
