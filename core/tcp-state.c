/*
 * core/tcp-state.c - the eleven connection states of RFC 9293 §3.3.2, their
 * names, and the one function through which every state change goes.
 */
#include <ctype.h>
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

/* Report that segment s was discarded by t (NULL: no connection), and why. */
void
tcp_discard(struct stack *st, const struct tcb *t, const struct seg *s,
    const char *fmt, ...)
{
	char	why[TCP_WHYLEN];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	stack_emit(st, TEV_DISCARD, t, s->len, "discarded seq %u ack %u: %s",
	    s->th.seq, s->th.ack, why);
}

/* Whether a state is synchronized (RFC 9293 §3.5.2: ESTABLISHED and after). */
bool
tcp_synchronized(enum tcp_state s)
{
	return (s >= TCP_ESTABLISHED);
}

/*
 * Move t to state to and emit a TEV_STATE event saying why (the segment or
 * timer that caused it and the RFC clause).  Entering CLOSED stops timers.
 */
void
tcp_set_state(struct stack *st, struct tcb *t, enum tcp_state to,
    const char *fmt, ...)
{
	enum tcp_state	 from = t->state;
	char		 why[TCP_WHYLEN];
	va_list		 ap;
	int		 i;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	t->state = to;
	if (to == TCP_CLOSED)
		for (i = 0; i < TT_N; i++)
			t->timer[i] = TCP_NEVER;
	stack_emit(st, TEV_STATE, t, 0, "%s", why)->from = from;
}
