/*
 * cli/obs/counters.c - engine events by name, for `wait event NAME`: every
 * event the engine emits is counted under the names that describe it, and
 * a wait succeeds when the count for its name grows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/counters.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

static const struct {
	const char	*name;
	int		 type;		/* TEV_* or -1: any */
	const char	*needle;	/* substring of the cause, or NULL */
	const char	*help;
} names[] = {
	{ "state", TEV_STATE, NULL, "any state change" },
	{ "established", TEV_STATE, "-> ESTABLISHED", "" },
	{ "data", TEV_DATA, NULL, "data received" },
	{ "error", TEV_ERROR, NULL, "a connection failed" },
	{ "reset", -1, "reset", "a reset received or sent" },
	{ "refused", TEV_ERROR, "refused", "" },
	{ "retransmission", TEV_NOTE, "retransmission timeout", "an RTO fired" },
	{ "fast-retransmit", TEV_NOTE, "fast retransmit", "" },
	{ "challenge-ack", -1, "challenge ACK", "RFC 5961" },
	{ "keepalive", TEV_NOTE, "keepalive probe", "" },
	{ "window-probe", TEV_NOTE, "window probe", "" },
	{ "syn-cookie", TEV_NOTE, "SYN cookie", "" },
	{ "discard", TEV_DISCARD, NULL, "a segment was dropped" },
	{ "datagram", TEV_DGRAM, NULL, "a UDP datagram" },
	{ "time-wait-expired", TEV_STATE, "TIME-WAIT timer", "" },
};

#define NNAMES	(sizeof names / sizeof names[0])

struct counters {
	struct session	*s;
	unsigned long	 n[NNAMES];
};

static void	counters_event(void *, const struct run_ev *);

/* Counters of s's engine events, subscribed to its bus. */
struct counters *
counters_new(struct session *s)
{
	struct counters	*c = xcalloc(1, sizeof *c);

	c->s = s;
	bus_subscribe(&s->bus, counters_event, c);
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

/* Every event name, space-separated, into buf. */
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

/* Count one engine event under every name that describes it. */
static void
counters_event(void *arg, const struct run_ev *rev)
{
	struct counters		*c = arg;
	const struct tcp_event	*ev = rev->tev;
	size_t			 i;

	if (rev->type != RUN_ENGINE)
		return;
	for (i = 0; i < NNAMES; i++) {
		if (names[i].type != -1 && names[i].type != (int)ev->type)
			continue;
		if (names[i].needle != NULL &&
		    strstr(ev->why, names[i].needle) == NULL)
			continue;
		c->n[i]++;
	}
}
