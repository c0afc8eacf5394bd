/*
 * cli/run/ident.c - who and when the session is, for every part of the
 * runtime and above it: our addresses, connection ids as the user writes
 * them, the engine's clock, and quitting.
 */
#include <stdio.h>

#include "cli/run/session.h"

/* Make loop_run() return. */
void
session_quit(struct session *s)
{
	s->quit = 1;
}

/*
 * The engine's time: monotonic time less what `step freeze` stopped, as
 * the packet path's current turn read it (clock_turn_begin).
 */
uint64_t
session_now(const struct session *s)
{
	return (eclock_now(&s->clock, turn_now_us()));
}

/* Our address of family, or NULL if we have none. */
const struct addr *
session_addr(const struct session *s, int family)
{
	if (family == 4)
		return (s->have4 ? &s->my4 : NULL);
	return (s->have6 ? &s->my6 : NULL);
}

/* "c3" for a TCP connection, "u5" for a UDP socket. */
const char *
session_id(const struct session *s, unsigned id, char *buf, size_t len)
{
	snprintf(buf, len, "%c%u", udp_is_socket(s->st, id) ? 'u' : 'c', id);
	return (buf);
}
