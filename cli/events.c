/*
 * cli/events.c - engine events by name, for `wait event NAME`: every event
 * the engine emits is counted under the names that describe it, and a wait
 * succeeds when the count for its name grows.
 */
#include <stdio.h>
#include <string.h>

#include "cli/session.h"

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

/* The index of event name n, or -1. */
int
events_find(const char *n)
{
	size_t	i;

	for (i = 0; i < NNAMES; i++)
		if (strcmp(names[i].name, n) == 0)
			return ((int)i);
	return (-1);
}

/* Every event name, space-separated, into buf. */
const char *
events_list(char *buf, size_t len)
{
	size_t	i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < NNAMES && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
		    names[i].name);
	return (buf);
}

/* Count one engine event under every name that describes it. */
void
events_count(struct session *s, const struct tcp_event *ev)
{
	size_t	i;

	for (i = 0; i < NNAMES && i < EVENTS_MAX; i++) {
		if (names[i].type != -1 && names[i].type != (int)ev->type)
			continue;
		if (names[i].needle != NULL &&
		    strstr(ev->why, names[i].needle) == NULL)
			continue;
		s->evcount[i]++;
	}
}
