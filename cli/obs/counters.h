/*
 * cli/obs/counters.h - engine events counted by name, a subscriber of the
 * event stream, for `wait event NAME`: a wait succeeds when the count of
 * its name grows.
 */
#ifndef TCPX_CLI_OBS_COUNTERS_H
#define TCPX_CLI_OBS_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

struct session;
struct counters;

/* Counters of s's engine events, subscribed to its bus; free with counters_free(). */
struct counters	*counters_new(struct session *s);

/* Unsubscribe and free (NULL is fine). */
void		 counters_free(struct counters *c);

/* The index of event name n, or -1. */
int		 counters_find(const char *n);

/* Every event name, blank-separated, into buf; buf. */
const char	*counters_list(char *buf, size_t len);

/* How many events of name index i were seen. */
unsigned long	 counters_get(const struct counters *c, int i);

/* When the last event of name index i was seen (monotonic µs), 0: never. */
uint64_t	 counters_when(const struct counters *c, int i);

#endif
