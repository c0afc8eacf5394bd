/*
 * tests/unit/unitfix.h - small fixtures shared by unit tests outside the
 * engine's (tests/unit/tcpfix.h): a TCP segment between two endpoints,
 * an engine's event (a state change) published on a session's bus, and the heap
 * malloc has handed out.  Header-only.
 */
#ifndef TCPX_TESTS_UNIT_UNITFIX_H
#define TCPX_TESTS_UNIT_UNITFIX_H

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "cli/run/bus.h"
#include "core/seg.h"
#include "core/tcp.h"

/* A segment from ep[from] to ep[!from], with len bytes of zeros (at most 2048). */
static inline struct seg
unitfix_seg(const struct endpoint ep[2], int from, uint16_t flags,
    uint32_t seq, uint32_t ack, size_t len, uint16_t win)
{
	static const uint8_t	payload[2048];
	struct seg		s;

	memset(&s, 0, sizeof s);
	s.proto = IPPROTO_TCP_;
	s.src = ep[from].addr;
	s.dst = ep[!from].addr;
	s.th.sport = ep[from].port;
	s.th.dport = ep[!from].port;
	s.th.flags = flags;
	s.th.seq = seq;
	s.th.ack = ack;
	s.th.win = win;
	s.th.doff = 5;
	s.data = payload;
	s.len = len < sizeof payload ? len : sizeof payload;
	return (s);
}

/*
 * Publish on b an engine event of type for connection conn (from -> to,
 * by cause), heard at *tv (NULL: none), with the engine's sentence why
 * (NULL: none), caused by segment seg (NULL: a user call or a timer).
 */
static inline void
unitfix_engine(struct bus *b, enum tcp_ev_type type, unsigned conn,
    enum tcp_state from, enum tcp_state to, enum tcp_cause cause,
    const struct timeval *tv, const char *why, const struct seg *seg)
{
	struct tcp_event	t;
	struct run_ev		r;

	memset(&t, 0, sizeof t);
	t.type = type;
	t.conn = conn;
	t.from = from;
	t.to = to;
	t.cause = cause;
	if (why != NULL)
		snprintf(t.why, sizeof t.why, "%s", why);
	memset(&r, 0, sizeof r);
	r.type = RUN_ENGINE;
	r.tev = &t;
	r.ts = tv;
	r.cause = seg;
	bus_publish(b, &r);
}

/*
 * Publish on b connection conn's change from -> to, by cause, heard at
 * *tv, the engine's sentence why (NULL: none).
 */
static inline void
unitfix_state(struct bus *b, unsigned conn, enum tcp_state from,
    enum tcp_state to, enum tcp_cause cause, const struct timeval *tv,
    const char *why)
{
	unitfix_engine(b, TEV_STATE, conn, from, to, cause, tv, why, NULL);
}

/* Bytes malloc has handed out and not had back (0: it does not say). */
static inline size_t
unitfix_heap_used(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	return (mallinfo2().uordblks);
#else
	return (0);
#endif
}

#endif
