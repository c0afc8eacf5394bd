/*
 * core/tcp.h - the sans-IO TCP engine (RFC 9293) and the stack around it.
 *
 * Segments and `now` (microseconds, any epoch) go in; segments, events and
 * the next deadline come out.  No sockets, no clock, no globals: the caller
 * does all I/O and owns time, so every timer runs in virtual time in tests.
 *
 *	stack_input(st, seg, now)	a segment arrived for one of our addresses
 *	stack_tick(st, now)		run the timers that are due
 *	stack_output(st, &seg, ...)	take the next segment to transmit
 *	stack_event(st, &ev)		take the next event (state change, data...)
 *	stack_deadline(st)		when stack_tick must run next
 *
 * User calls (RFC 9293 §3.10: OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS)
 * are tcp_listen/tcp_connect, tcp_send, tcp_recv, tcp_close, tcp_abort and
 * tcp_status.  Connections are named by a small id that stays valid after
 * they close, so callers never hold a dangling pointer.
 */
#ifndef TCPX_CORE_TCP_H
#define TCPX_CORE_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

#define TCP_NEVER	UINT64_MAX	/* no deadline */
#define TCP_SEC		1000000ULL	/* microseconds per second */
#define TCP_MS		1000ULL

/* The eleven states of RFC 9293 §3.3.2. */
enum tcp_state {
	TCP_CLOSED = 0,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RECEIVED,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
	TCP_NSTATES
};

/* Tunables; defaults follow Linux (tcp_cfg_default). Times in microseconds. */
struct tcp_cfg {
	uint16_t	mss;		/* MSS we advertise (RFC 9293 §3.7.1) */
	uint32_t	rcv_buf;	/* receive buffer: the window we offer */
	uint64_t	rto_init;	/* initial RTO (RFC 6298 §2.1: 1 s) */
	uint64_t	rto_min;	/* Linux TCP_RTO_MIN: 200 ms */
	uint64_t	rto_max;	/* Linux TCP_RTO_MAX: 120 s */
	uint64_t	time_wait;	/* TIME-WAIT duration (Linux: 60 s) */
	uint64_t	fin_wait2;	/* orphaned FIN-WAIT-2 timeout (Linux: 60 s) */
	int		syn_retries;	/* SYN retransmissions before giving up (6) */
	int		retries2;	/* data retransmissions before giving up (15) */
	uint16_t	port_lo;	/* ephemeral port range (32768-60999) */
	uint16_t	port_hi;
};

enum tcp_ev_type {
	TEV_STATE,	/* from -> to, with why */
	TEV_DATA,	/* len new bytes are readable */
	TEV_ERROR,	/* the connection failed: why (reset, timeout...) */
	TEV_NOTE,	/* something worth telling the user (RST sent...) */
};

#define TCP_WHYLEN	192

struct tcp_event {
	enum tcp_ev_type type;
	unsigned	conn;		/* connection id (0: none, e.g. RST for no connection) */
	enum tcp_state	from;
	enum tcp_state	to;
	size_t		len;
	char		why[TCP_WHYLEN];	/* the cause and the RFC clause */
};

/* What STATUS reports (RFC 9293 §3.10.6). */
struct tcp_status {
	unsigned	conn;
	enum tcp_state	state;
	struct endpoint	local;
	struct endpoint	remote;
	uint32_t	iss, irs;
	uint32_t	snd_una, snd_nxt, snd_wnd;
	uint32_t	rcv_nxt, rcv_wnd;
	uint16_t	snd_mss;
	uint64_t	rto;
	uint64_t	srtt;
	size_t		unsent;		/* queued by SEND, not yet transmitted */
	size_t		unacked;	/* transmitted, not yet acknowledged */
	size_t		readable;	/* received, not yet taken by RECEIVE */
	int		retransmits;	/* consecutive, of the segment at snd_una */
};

struct stack;

/* Fill c with Linux-like defaults. */
void	tcp_cfg_default(struct tcp_cfg *c);

/* A new stack with configuration c; seed keys the ISN and port choices. */
struct stack *stack_new(const struct tcp_cfg *c, uint64_t seed);

/* Free st and every connection in it. */
void	stack_free(struct stack *st);

/*
 * A segment addressed to us arrived: demultiplex it to its connection (or
 * listener) and process it (RFC 9293 §3.10.7).
 */
void	stack_input(struct stack *st, const struct seg *s, uint64_t now);

/* Run every timer due at now (retransmission, TIME-WAIT, FIN-WAIT-2...). */
void	stack_tick(struct stack *st, uint64_t now);

/* The earliest time stack_tick must be called, or TCP_NEVER. */
uint64_t stack_deadline(const struct stack *st);

/*
 * Take the next segment to transmit into *out, its payload copied into buf
 * (cap bytes; out->data points there).  Returns 1, or 0 when none is queued.
 */
int	stack_output(struct stack *st, struct seg *out, uint8_t *buf, size_t cap);

/* Take the next event into *ev; returns 1, or 0 when none is queued. */
int	stack_event(struct stack *st, struct tcp_event *ev);

/*
 * OPEN, active (RFC 9293 §3.10.1): connect from local (port 0 picks an
 * ephemeral port) to remote.  Returns the connection id, or 0 with *cause.
 */
unsigned tcp_connect(struct stack *st, const struct endpoint *local,
	    const struct endpoint *remote, uint64_t now, const char **cause);

/* OPEN, passive: listen on local.  Returns the listener's id, or 0 with *cause. */
unsigned tcp_listen(struct stack *st, const struct endpoint *local,
	    const char **cause);

/* Iterate connections: the first id after `after` (0 starts), or 0 at the end. */
unsigned stack_conn_next(const struct stack *st, unsigned after);

/* The id of the newest connection a listener accepted after `after`, or 0. */
unsigned tcp_accepted(const struct stack *st, unsigned listener, unsigned after);

/* SEND (§3.10.2): queue len bytes; returns 0, or -1 with *cause. */
int	tcp_send(struct stack *st, unsigned conn, const void *buf, size_t len,
	    uint64_t now, const char **cause);

/* RECEIVE (§3.10.3): take up to len readable bytes; returns how many. */
size_t	tcp_recv(struct stack *st, unsigned conn, void *buf, size_t len,
	    uint64_t now);

/* CLOSE (§3.10.4): no more data from us; returns 0, or -1 with *cause. */
int	tcp_close(struct stack *st, unsigned conn, uint64_t now,
	    const char **cause);

/* ABORT (§3.10.5): send RST if synchronized and drop the connection. */
int	tcp_abort(struct stack *st, unsigned conn, uint64_t now,
	    const char **cause);

/* STATUS (§3.10.6): fill *out; returns 0, or -1 when conn does not exist. */
int	tcp_status(const struct stack *st, unsigned conn, struct tcp_status *out);

/* The RFC name of a state ("SYN-SENT"...). */
const char *tcp_state_name(enum tcp_state s);

/* Parse a state name (RFC spelling; case, '-' and '_' are not significant); -1 if unknown. */
int	tcp_state_parse(const char *name);

#endif
