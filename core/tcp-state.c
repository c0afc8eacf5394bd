/*
 * core/tcp-state.c - the eleven connection states of RFC 9293 §3.3.2, their
 * names, the names of causes, and the one function through which every
 * state change goes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/tcp-int.h"

static const char *state_names[TCP_NSTATES] = {
	"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",
	"TIME-WAIT"
};

/* The RFC name of a state. */
const char *
tcp_state_name(enum tcp_state s)
{
	if ((unsigned)s >= TCP_NSTATES)
		return ("?");
	return (state_names[s]);
}

/* Parse a state name, ignoring case and '-'/'_'; -1 if unknown. */
int
tcp_state_parse(const char *name)
{
	char	a[32], b[32];
	size_t	i, j;
	int	s;

	for (i = j = 0; name[i] != '\0' && j < sizeof a - 1; i++)
		if (name[i] != '-' && name[i] != '_')
			a[j++] = (char)toupper((unsigned char)name[i]);
	a[j] = '\0';
	for (s = 0; s < TCP_NSTATES; s++) {
		for (i = j = 0; state_names[s][i] != '\0'; i++)
			if (state_names[s][i] != '-')
				b[j++] = state_names[s][i];
		b[j] = '\0';
		if (strcmp(a, b) == 0)
			return (s);
	}
	return (-1);
}

static const char *timer_names[TCP_NTIMERS] = {
	"retransmission", "persist", "keepalive", "delayed-ack", "time-wait",
	"fin-wait-2"
};

/* The name of timer i (TCP_TIMER_*). */
const char *
tcp_timer_name(int i)
{
	if (i < 0 || i >= TCP_NTIMERS)
		return ("?");
	return (timer_names[i]);
}

static const char *cause_names[TCP_NCAUSES] = {
	[TCP_CAUSE_NONE] = "none",
	[TCP_CAUSE_USER_OPEN] = "open",
	[TCP_CAUSE_USER_CLOSE] = "close",
	[TCP_CAUSE_USER_SHUTDOWN] = "shutdown",
	[TCP_CAUSE_USER_ABORT] = "abort",
	[TCP_CAUSE_USER_ACCEPT] = "accept",
	[TCP_CAUSE_USER_RECEIVE] = "receive",
	[TCP_CAUSE_TW_REUSE] = "time-wait-reuse",
	[TCP_CAUSE_LISTENER_CLOSED] = "listener-closed",
	[TCP_CAUSE_SEND] = "send",
	[TCP_CAUSE_SYN_RCVD] = "syn",
	[TCP_CAUSE_SYNACK_RCVD] = "syn-ack",
	[TCP_CAUSE_ACK_OF_SYN] = "ack-of-syn",
	[TCP_CAUSE_DATA_RCVD] = "data",
	[TCP_CAUSE_FIN_RCVD] = "fin",
	[TCP_CAUSE_ACK_OF_FIN] = "ack-of-fin",
	[TCP_CAUSE_RST_RCVD] = "rst",
	[TCP_CAUSE_REFUSED] = "refused",
	[TCP_CAUSE_RST_IGNORED] = "rst-ignored",
	[TCP_CAUSE_NO_CONNECTION] = "no-connection",
	[TCP_CAUSE_BAD_ACK] = "bad-ack",
	[TCP_CAUSE_NO_ACK] = "no-ack",
	[TCP_CAUSE_NO_SYN] = "no-syn",
	[TCP_CAUSE_GROUP_ADDR] = "group-address",
	[TCP_CAUSE_PAWS] = "paws",
	[TCP_CAUSE_OUT_OF_WINDOW] = "out-of-window",
	[TCP_CAUSE_DUPLICATE] = "duplicate",
	[TCP_CAUSE_DUP_SYN] = "duplicate-syn",
	[TCP_CAUSE_DATA_AFTER_FIN] = "data-after-fin",
	[TCP_CAUSE_DATA_AFTER_CLOSE] = "data-after-close",
	[TCP_CAUSE_KEEPALIVE_ANSWER] = "keepalive-answer",
	[TCP_CAUSE_TW_NEW_SYN] = "time-wait-syn",
	[TCP_CAUSE_CHALLENGE_ACK] = "challenge-ack",
	[TCP_CAUSE_CHALLENGE_ACK_LIMIT] = "challenge-ack-limit",
	[TCP_CAUSE_SYN_RESET] = "syn-reset",
	[TCP_CAUSE_SYN_FIN] = "syn-fin",
	[TCP_CAUSE_FAST_RETRANSMIT] = "fast-retransmit",
	[TCP_CAUSE_PARTIAL_ACK] = "partial-ack",
	[TCP_CAUSE_SYN_COOKIE] = "syn-cookie",
	[TCP_CAUSE_SYN_QUEUE_FULL] = "syn-queue-full",
	[TCP_CAUSE_ACCEPT_QUEUE_FULL] = "accept-queue-full",
	[TCP_CAUSE_RTO] = "rto",
	[TCP_CAUSE_RTO_GIVEUP] = "rto-giveup",
	[TCP_CAUSE_USER_TIMEOUT] = "user-timeout",
	[TCP_CAUSE_WINDOW_PROBE] = "window-probe",
	[TCP_CAUSE_KEEPALIVE_PROBE] = "keepalive-probe",
	[TCP_CAUSE_KEEPALIVE_GIVEUP] = "keepalive-giveup",
	[TCP_CAUSE_DELAYED_ACK] = "delayed-ack",
	[TCP_CAUSE_TIME_WAIT_EXPIRED] = "time-wait-expired",
	[TCP_CAUSE_FIN_WAIT2_TIMEOUT] = "fin-wait-2-timeout",
	[TCP_CAUSE_DATAGRAM] = "datagram",
	[TCP_CAUSE_CLOSED_PORT] = "closed-port",
	[TCP_CAUSE_UDP_QUEUE_FULL] = "udp-queue-full",
	[TCP_CAUSE_ICMP_REFUSED] = "icmp-refused",
	[TCP_CAUSE_ICMP_SOFT] = "icmp-soft-error",
	[TCP_CAUSE_ICMP_STALE] = "icmp-stale",
	[TCP_CAUSE_PMTU] = "pmtu",
	[TCP_CAUSE_ICMP_UDP] = "icmp-udp",
	[TCP_CAUSE_FREED] = "freed",
};

/* The errno a socket reports for a connection that failed by cause. */
int
tcp_cause_errno(enum tcp_cause c)
{
	switch (c) {
	case TCP_CAUSE_RST_RCVD:
	case TCP_CAUSE_SYN_RESET:
	case TCP_CAUSE_DATA_AFTER_CLOSE:
	case TCP_CAUSE_USER_ABORT:
	case TCP_CAUSE_LISTENER_CLOSED:
		return (ECONNRESET);
	case TCP_CAUSE_REFUSED:
	case TCP_CAUSE_ICMP_REFUSED:
		return (ECONNREFUSED);
	case TCP_CAUSE_RTO_GIVEUP:
	case TCP_CAUSE_USER_TIMEOUT:
	case TCP_CAUSE_KEEPALIVE_GIVEUP:
		return (ETIMEDOUT);
	default:
		return (0);
	}
}

/* The short stable name of a cause. */
const char *
tcp_cause_name(enum tcp_cause c)
{
	if ((unsigned)c >= TCP_NCAUSES || cause_names[c] == NULL)
		return ("?");
	return (cause_names[c]);
}

/*
 * A number of our sequence space (SND.*, the peer's SEG.ACK) as a sentence
 * prints it: relative to ISS, as tcpdump prints packets without -S, or
 * absolute when abs_seq is set or there is no ISS (no connection, LISTEN).
 */
uint32_t
tcp_seq_ours(const struct tcb *t, uint32_t seq)
{
	if (t == NULL || t->cfg->abs_seq || t->state == TCP_LISTEN)
		return (seq);
	return (seq - t->iss);
}

/*
 * A number of the peer's sequence space (its SEG.SEQ, RCV.*) as a sentence
 * prints it: relative to IRS once the peer's SYN has told it, else
 * absolute (as abs_seq makes it always).
 */
uint32_t
tcp_seq_theirs(const struct tcb *t, uint32_t seq)
{
	if (t == NULL || t->cfg->abs_seq || !t->have_irs)
		return (seq);
	return (seq - t->irs);
}

/*
 * Report that segment s was discarded by t (NULL: no connection), by which
 * rule and RFC clause (or NULL), and why.
 */
void
tcp_discard(struct stack *st, const struct tcb *t, const struct seg *s,
    enum tcp_cause cause, const char *clause, const char *fmt, ...)
{
	struct tcp_event	*ev;
	char			 why[TCP_WHYLEN];
	va_list			 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	ev = stack_emit(st, TEV_DISCARD, t, s->len, cause, clause,
	    "discarded seq %u ack %u: %s", tcp_seq_theirs(t, s->th.seq),
	    tcp_seq_ours(t, s->th.ack), why);
	ev->has_seq = true;
	ev->seq = s->th.seq;
	ev->ack = s->th.ack;
}

/* Whether a state is synchronized (RFC 9293 §3.5.2: ESTABLISHED and after). */
bool
tcp_synchronized(enum tcp_state s)
{
	return (s >= TCP_ESTABLISHED);
}

/*
 * Move t to state to and emit a TEV_STATE event saying why: the rule or
 * timer that caused it, its RFC clause (or NULL) and a sentence.  Entering
 * CLOSED stops timers.  Returns the event, for fields the caller adds.
 */
struct tcp_event *
tcp_set_state(struct stack *st, struct tcb *t, enum tcp_state to,
    enum tcp_cause cause, const char *clause, const char *fmt, ...)
{
	enum tcp_state		 from = t->state;
	char			 why[TCP_WHYLEN];
	va_list			 ap;
	int			 i;
	struct tcp_event	*ev;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	t->state = to;
	tcb_table_state(st->tab, t, from);
	tcp_kid_sync(t);
	if (to == TCP_CLOSED)
		for (i = 0; i < TT_N; i++)
			t->timer[i] = TCP_NEVER;
	ev = stack_emit(st, TEV_STATE, t, 0, cause, clause, "%s", why);
	ev->from = from;
	if (to == TCP_CLOSED)
		stack_reap_queue(st, t);
	return (ev);
}

/*
 * The ISS of a connection that reopens old's 4-tuple from TIME-WAIT: above
 * every sequence number old used (RFC 9293 §3.6.1 MAY-2, RFC 1122
 * §4.2.2.13), and by more than a 64 KB window so that none of old's
 * segments still in flight can fall into the new window: old SND.MAX +
 * 65535 + 2, as Linux (tcp_timewait_state_process, tcp_twsk_unique).
 */
uint32_t
tcp_reopen_iss(const struct tcb *old)
{
	return (old->snd_max + 65535 + 2);
}
