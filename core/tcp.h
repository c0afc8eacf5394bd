/*
 * core/tcp.h - the sans-IO TCP engine (RFC 9293) and the stack around it.
 *
 * Segments and `now` (microseconds, any epoch) go in; segments, events and
 * the next deadline come out.  No sockets, no clock, no globals: the caller
 * does all I/O and owns time, so every timer runs in virtual time in tests.
 *
 *	stack_input(st, seg, now)	a segment arrived for one of our addresses
 *	stack_tick(st, now)		run the timers that are due
 *	stack_output(st, &seg, ...)	take the next segment to send, and why
 *	stack_event(st, &ev)		take the next event (state change, data...)
 *	stack_deadline(st)		when stack_tick must run next
 *
 * User calls (RFC 9293 §3.10: OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS)
 * are tcp_listen/tcp_connect, tcp_send, tcp_recv, tcp_close, tcp_abort and
 * tcp_status.  Connections are named by a small id that stays valid after
 * they close, so callers never hold a dangling pointer.  A user call that
 * fails says why in the caller's err (errlen bytes, cut to fit; TCP_ERRLEN
 * is enough; NULL and 0 when the reason is not wanted).
 */
#ifndef TCPX_CORE_TCP_H
#define TCPX_CORE_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/seg.h"

#define TCP_NEVER	UINT64_MAX	/* no deadline */
#define TCP_SEC		1000000ULL	/* microseconds per second */
#define TCP_MS		1000ULL
#define TCP_ERRLEN	80	/* enough for any message a user call writes */
#define TCP_MIN_SND_MSS	48	/* the least MSS we send with (Linux's floor) */

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
	uint16_t	mss;		/* MSS we advertise (RFC 9293 §3.7.1); 0: from mtu */
	uint16_t	mtu;
	uint32_t	rcv_buf;	/* receive buffer: the most window we offer */
	uint32_t	snd_buf;	/* send buffer: the most SEND may queue */
	bool		opt_wscale;	/* offer window scaling (RFC 7323 §2) */
	uint8_t		wscale;		/* our shift */
	bool		opt_ts;		/* offer timestamps, PAWS (RFC 7323 §3, §5) */
	bool		opt_sack;	/* offer SACK (RFC 2018) */
	uint64_t	rto_init;	/* initial RTO (RFC 6298 §2.1: 1 s) */
	uint64_t	rto_min;	/* Linux TCP_RTO_MIN: 200 ms */
	uint64_t	rto_max;	/* Linux TCP_RTO_MAX: 120 s */
	uint32_t	syn_retries;	/* SYN retransmissions before giving up (6) */
	uint32_t	synack_retries;	/* SYN-ACK retransmissions (5) */
	uint32_t	retries2;	/* data retransmissions before giving up (15) */
	uint64_t	user_timeout;	/* RFC 5482; 0: off */
	uint64_t	time_wait;	/* TIME-WAIT duration (Linux: 60 s) */
	uint64_t	fin_wait2;	/* orphaned FIN-WAIT-2 timeout (Linux: 60 s) */
	bool		keepalive;	/* RFC 1122 §4.2.3.6, off by default */
	uint64_t	ka_idle;	/* 7200 s */
	uint64_t	ka_intvl;	/* 75 s */
	uint32_t	ka_probes;	/* 9 */
	bool		delack;		/* delayed ACK (RFC 1122 §4.2.3.2) */
	uint64_t	delack_time;	/* 40 ms */
	bool		nagle;		/* RFC 896 */
	uint32_t	syncookies;	/* 0 off, 1 when the SYN queue is full, 2 always */
	uint32_t	syn_backlog;	/* SYN queue per listener */
	uint32_t	backlog;	/* accept queue per listener */
	uint32_t	chal_limit;	/* challenge ACKs per connection per 5 s (RFC 5961 §7) */
	bool		rfc5961;	/* RFC 5961 §3-§5 checks; off: RFC 793 §3.9 */
	bool		synfin_drop;	/* drop SYN+FIN at a listener (Linux) */
	bool		tw_reuse;	/* reuse a 4-tuple in TIME-WAIT for a new OPEN */
	uint32_t	reasm_limit;	/* out-of-order memory per connection
					   (bytes and a cost per block), also
					   bounded by rcv_buf */
	uint64_t	frag_time;	/* IPv4 reassembly timeout (Linux ipfrag_time: 30 s) */
	uint64_t	frag6_time;	/* IPv6 reassembly timeout (RFC 8200 §4.5: 60 s) */
	uint32_t	frag_mem;	/* bytes of fragments kept (Linux: 4 MB) */
	uint64_t	pmtu_expires;	/* a learnt path MTU is forgotten after (600 s) */
	bool		udp_unreach;	/* ICMP port unreachable for closed UDP ports */
	uint32_t	isn;		/* fixed ISN; 0: RFC 6528 */
	uint8_t		ttl;		/* IPv4 TTL / IPv6 hop limit we send (MUST-49) */
	uint8_t		tos;		/* DS field / traffic class we send (MUST-48) */
	uint16_t	port_lo;	/* ephemeral port range (32768-60999) */
	uint16_t	port_hi;
	bool		abs_seq;	/* sentences print absolute sequence
					   numbers (tcpdump -S); off: relative
					   to ISS/IRS */
};

enum tcp_knob_type {
	KNOB_BOOL,
	KNOB_UINT,
	KNOB_TIME,	/* microseconds, written as 200ms, 60s, 2m */
};

/* One tunable of struct tcp_cfg, by name. */
struct tcp_knob {
	const char		*name;
	enum tcp_knob_type	 type;
	size_t			 off;
	size_t			 size;
	unsigned long long	 lo;
	unsigned long long	 hi;
	const char		*help;
};

enum tcp_ev_type {
	TEV_STATE,	/* from -> to, with why */
	TEV_DATA,	/* len new bytes are readable */
	TEV_ERROR,	/* the connection failed: why (reset, timeout...) */
	TEV_NOTE,	/* something worth telling the user (RST sent...) */
	TEV_DISCARD,	/* a segment was dropped: why, and the RFC clause */
	TEV_DGRAM,	/* a datagram of len bytes arrived for UDP socket conn */
	TEV_FREED,	/* connection conn is gone: its id names nothing now */
};

/*
 * The rule or timer behind an event or an output segment, one per rule
 * (names from tcp_cause_name).  The RFC clause travels beside it.
 */
enum tcp_cause {
	TCP_CAUSE_NONE = 0,
	/* User calls (RFC 9293 §3.10) and what they do. */
	TCP_CAUSE_USER_OPEN,		/* OPEN; our first SYN */
	TCP_CAUSE_USER_CLOSE,		/* CLOSE (full close) */
	TCP_CAUSE_USER_SHUTDOWN,	/* shutdown of the write side */
	TCP_CAUSE_USER_ABORT,		/* ABORT */
	TCP_CAUSE_USER_ACCEPT,		/* accept took a connection */
	TCP_CAUSE_USER_RECEIVE,		/* RECEIVE opened the window: an ACK */
	TCP_CAUSE_TW_REUSE,		/* OPEN reused a 4-tuple in TIME-WAIT */
	TCP_CAUSE_LISTENER_CLOSED,	/* a child ended with its listener */
	TCP_CAUSE_SEND,			/* new data or our FIN */
	/* Segments that arrived (RFC 9293 §3.10.7). */
	TCP_CAUSE_SYN_RCVD,		/* a SYN: SYN-RECEIVED, our SYN-ACK */
	TCP_CAUSE_SYNACK_RCVD,		/* an acceptable SYN-ACK */
	TCP_CAUSE_ACK_OF_SYN,		/* the ACK of our SYN-ACK */
	TCP_CAUSE_DATA_RCVD,		/* data arrived; its ACK */
	TCP_CAUSE_FIN_RCVD,		/* the peer's FIN; its ACK */
	TCP_CAUSE_ACK_OF_FIN,		/* the ACK of our FIN */
	TCP_CAUSE_RST_RCVD,		/* an acceptable RST */
	TCP_CAUSE_REFUSED,		/* an RST answered our SYN */
	TCP_CAUSE_RST_IGNORED,		/* an RST that is only dropped */
	TCP_CAUSE_NO_CONNECTION,	/* no connection: RST in reply */
	TCP_CAUSE_BAD_ACK,		/* unacceptable ACK, unsynchronized */
	TCP_CAUSE_NO_ACK,		/* no ACK bit where one is needed */
	TCP_CAUSE_NO_SYN,		/* no SYN where one is needed */
	TCP_CAUSE_GROUP_ADDR,		/* to or from broadcast or multicast */
	TCP_CAUSE_PAWS,			/* TSval older than TS.Recent */
	TCP_CAUSE_OUT_OF_WINDOW,	/* outside the receive window */
	TCP_CAUSE_DUPLICATE,		/* all of it received before */
	TCP_CAUSE_DUP_SYN,		/* the peer resent its SYN */
	TCP_CAUSE_DATA_AFTER_FIN,	/* data after the peer's FIN */
	TCP_CAUSE_DATA_AFTER_CLOSE,	/* data after our full CLOSE: RST */
	TCP_CAUSE_KEEPALIVE_ANSWER,	/* the peer's keepalive; our ACK */
	TCP_CAUSE_TW_NEW_SYN,		/* a new SYN ended TIME-WAIT */
	TCP_CAUSE_CHALLENGE_ACK,	/* RFC 5961 challenge ACK */
	TCP_CAUSE_CHALLENGE_ACK_LIMIT,	/* ... not sent: the limit */
	TCP_CAUSE_SYN_RESET,		/* RFC 793: a SYN in the window resets */
	TCP_CAUSE_SYN_FIN,		/* SYN+FIN to a listener dropped */
	TCP_CAUSE_FAST_RETRANSMIT,	/* three duplicate ACKs */
	TCP_CAUSE_PARTIAL_ACK,		/* NewReno partial ACK: next hole */
	/* Listener queues. */
	TCP_CAUSE_SYN_COOKIE,		/* a SYN cookie sent or returned */
	TCP_CAUSE_SYN_QUEUE_FULL,	/* a SYN dropped */
	TCP_CAUSE_ACCEPT_QUEUE_FULL,	/* a SYN or handshake ACK dropped */
	/* Timers. */
	TCP_CAUSE_RTO,			/* retransmission timeout */
	TCP_CAUSE_RTO_GIVEUP,		/* ... after the last retransmission */
	TCP_CAUSE_USER_TIMEOUT,		/* RFC 5482 */
	TCP_CAUSE_WINDOW_PROBE,		/* zero-window probe */
	TCP_CAUSE_KEEPALIVE_PROBE,	/* RFC 1122 §4.2.3.6 */
	TCP_CAUSE_KEEPALIVE_GIVEUP,	/* ... unanswered: RST */
	TCP_CAUSE_DELAYED_ACK,		/* RFC 1122 §4.2.3.2 */
	TCP_CAUSE_TIME_WAIT_EXPIRED,	/* 2MSL */
	TCP_CAUSE_FIN_WAIT2_TIMEOUT,	/* Linux tcp_fin_timeout */
	/* UDP. */
	TCP_CAUSE_DATAGRAM,		/* a datagram arrived, or we sent one */
	TCP_CAUSE_CLOSED_PORT,		/* a datagram for no socket */
	TCP_CAUSE_UDP_QUEUE_FULL,	/* a datagram dropped */
	/* ICMP errors (RFC 9293 §3.9.2.2, RFC 5927, RFC 1191, RFC 8201). */
	TCP_CAUSE_ICMP_REFUSED,		/* port or protocol unreachable ended an open */
	TCP_CAUSE_ICMP_SOFT,		/* a soft error, kept for the report */
	TCP_CAUSE_ICMP_STALE,		/* quotes no segment in flight: ignored */
	TCP_CAUSE_PMTU,			/* the path MTU fell: smaller segments */
	TCP_CAUSE_ICMP_UDP,		/* an error about a datagram we sent */
	TCP_CAUSE_FREED,		/* CLOSED and done with: TEV_FREED */
	TCP_NCAUSES
};

#define TCP_WHYLEN	192
#define TCP_SOFTERRLEN	112	/* an ICMP soft error kept for the user */

/*
 * An event.  why is a sentence for people; programs read cause, clause,
 * the sequence numbers and count instead.
 */
struct tcp_event {
	enum tcp_ev_type type;
	unsigned	conn;		/* connection id (0: none, e.g. RST for no connection) */
	enum tcp_state	from;
	enum tcp_state	to;
	size_t		len;
	enum tcp_cause	cause;		/* the rule or timer */
	const char	*clause;	/* static "RFC 5961 §4.2"; NULL: none */
	bool		has_seq;	/* seq, ack: of the segment that caused
					   it, or of the one resent or probed */
	uint32_t	seq;
	uint32_t	ack;
	int		count;		/* the retransmission, probe or
					   challenge ACK number; duplicate
					   ACKs for a fast retransmit; 0 */
	uint64_t	elapsed;	/* a timer's event: how long it ran
					   (µs): TIME-WAIT's length, the time
					   since the previous keepalive probe
					   (the first: since the peer was
					   last heard); 0: none */
	char		why[TCP_WHYLEN];	/* the cause and the RFC clause */
};

/* Why the engine sent a segment (stack_output). */
struct tcp_outinfo {
	unsigned	conn;		/* its connection or UDP socket; for a
					   SYN cookie's SYN-ACK the listener;
					   0: none (RST for no connection) */
	enum tcp_cause	cause;		/* the rule or timer that sent it */
	bool		rexmit;		/* it resends sequence space */
};

/* What STATUS reports (RFC 9293 §3.10.6), and more for `stat`. */
struct tcp_status {
	unsigned	conn;
	enum tcp_state	state;
	struct endpoint	local;
	struct endpoint	remote;
	unsigned	listener;	/* the listener it came from, or 0 */
	uint32_t	iss, irs;
	uint32_t	snd_una, snd_nxt, snd_max, snd_wnd, max_snd_wnd;
	uint32_t	rcv_nxt, rcv_wnd;
	uint16_t	snd_mss;	/* segment size we send (after option overhead) */
	uint16_t	peer_mss;
	uint16_t	pmtu;		/* path MTU it sends by (RFC 1191, RFC 8201) */
	char		soft_err[TCP_SOFTERRLEN];	/* the last ICMP soft error, or "" */
	int		snd_wscale;	/* -1: not negotiated */
	int		rcv_wscale;
	bool		ts_ok, sack_ok;
	uint32_t	ts_recent;
	uint32_t	cwnd, ssthresh;
	const char	*cc_phase;
	uint64_t	rto;
	uint64_t	srtt, rttvar;
	size_t		unsent;		/* queued by SEND, not yet transmitted */
	size_t		unacked;	/* transmitted, not yet acknowledged */
	size_t		readable;	/* received, not yet taken by RECEIVE */
	size_t		ooo;		/* held out of order */
	size_t		ooo_blocks;	/* ... in this many disjoint blocks */
	size_t		ooo_mem;	/* ... charged this much memory (bytes
					   and a cost per block, core/reasm.h) */
	size_t		ooo_limit;	/* ... of at most this much (rcv_buf
					   less readable, at most reasm_limit) */
	uint64_t	ooo_prunes;	/* times held blocks were pruned for a
					   lower segment (Linux OfoPruned) */
	uint64_t	ooo_pruned_blocks;
	uint64_t	ooo_pruned_bytes;
	uint64_t	ooo_dropped;	/* out-of-order segments dropped for
					   want of room (Linux TCPOFODrop) */
	uint64_t	ooo_dropped_bytes;
	int		retransmits;	/* consecutive, of the segment at snd_una */
	uint32_t	total_retrans;	/* segments resent over its life (Linux tcpi_total_retrans) */
	uint16_t	adv_mss;	/* the MSS we announce (Linux tcpi_advmss) */
	int		ka_sent;	/* keepalive probes unanswered */
	bool		fin_sent, fin_rcvd, shut_wr, orphaned;
	int		error;		/* the errno it failed with (SO_ERROR), or 0 */
	uint32_t	synq;		/* a listener's half-open children (SYN queue) */
	uint32_t	acceptq;	/* ... and its children not yet accepted */
	uint64_t	timer[6];	/* absolute expiry or TCP_NEVER, by TCP_TIMER_* */
	struct tcp_cfg	cfg;
};

/* Timers, as reported in tcp_status.timer[] (names from tcp_timer_name). */
#define TCP_TIMER_REXMT		0
#define TCP_TIMER_PERSIST	1
#define TCP_TIMER_KEEPALIVE	2
#define TCP_TIMER_DELACK	3
#define TCP_TIMER_TIMEWAIT	4
#define TCP_TIMER_FINWAIT2	5
#define TCP_NTIMERS		6

struct stack;

/* Fill c with Linux-like defaults. */
void	tcp_cfg_default(struct tcp_cfg *c);

/* The table of tunables and its length. */
const struct tcp_knob *tcp_knobs(size_t *n);

/* The tunable called name, or NULL. */
const struct tcp_knob *tcp_knob_find(const char *name);

/* Say in err that no tunable is called name (naming the one meant, if a typo). */
void	tcp_knob_unknown(const char *name, char *err, size_t len);

/* Set a tunable from text ("on", "200ms", "1460"); 0, or -1 with err. */
int	tcp_knob_set(struct tcp_cfg *c, const char *name, const char *text,
	    char *err, size_t len);

/* Format a tunable's value in c into buf; returns buf. */
char	*tcp_knob_get(const struct tcp_knob *k, const struct tcp_cfg *c,
	    char *buf, size_t len);

/* Parse a duration ("200ms", "2m") of lo to hi µs into *out; 0, or -1 with err. */
int	tcp_time_parse(const char *what, const char *text, unsigned long long lo,
	    unsigned long long hi, unsigned long long *out, char *err, size_t len);

/* Format a duration in µs in the largest exact unit ("60s", "200ms"); buf. */
char	*tcp_time_format(unsigned long long us, char *buf, size_t len);

/* The stack's defaults for new connections (may be changed in place). */
struct tcp_cfg *stack_cfg(struct stack *st);

/* Connection conn's own settings (may be changed in place), or NULL. */
struct tcp_cfg *tcp_conn_cfg(struct stack *st, unsigned conn);

/* Connection conn's settings changed at now: re-arm the timers they govern. */
void	tcp_cfg_changed(struct stack *st, unsigned conn, uint64_t now);

/* The name of timer i (TCP_TIMER_*). */
const char *tcp_timer_name(int i);

/* A new stack with configuration c; seed keys the ISN and port choices. */
struct stack *stack_new(const struct tcp_cfg *c, uint64_t seed);

/* The MTU of the path to dst at now: learnt from ICMP (RFC 1191, RFC 8201), else the link's. */
uint16_t stack_path_mtu(const struct stack *st, const struct addr *dst,
	    uint64_t now);

/* Free st and every connection in it. */
void	stack_free(struct stack *st);

/*
 * How many times a connection's send or receive buffer was allocated or
 * grown since st was made (a buffer that empties is freed, but the stack
 * keeps the last one's storage for the next to fill): for tests.
 */
unsigned long stack_buf_allocs(const struct stack *st);

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
 * (cap bytes; out->data points there), and why it is sent into *info
 * (info may be NULL).  Returns 1, or 0 when none is queued.
 */
int	stack_output(struct stack *st, struct seg *out, uint8_t *buf,
	    size_t cap, struct tcp_outinfo *info);

/* Take the next event into *ev; returns 1, or 0 when none is queued. */
int	stack_event(struct stack *st, struct tcp_event *ev);

/*
 * OPEN, active (RFC 9293 §3.10.1): connect from local (port 0 picks an
 * ephemeral port) to remote.  Returns the connection id, or 0 with a reason
 * in err (errlen bytes; TCP_ERRLEN is enough).
 */
unsigned tcp_connect(struct stack *st, const struct endpoint *local,
	    const struct endpoint *remote, uint64_t now, char *err,
	    size_t errlen);

/* OPEN, active, with settings c for this connection instead of the stack's. */
unsigned tcp_connect_cfg(struct stack *st, const struct endpoint *local,
	    const struct endpoint *remote, const struct tcp_cfg *c, uint64_t now,
	    char *err, size_t errlen);

/* OPEN, passive: listen on local.  Returns the listener's id, or 0 with err. */
unsigned tcp_listen(struct stack *st, const struct endpoint *local,
	    char *err, size_t errlen);

/*
 * The connection a segment belongs to, in either direction: its id, or 0;
 * *ours is set when we are the sender.
 */
unsigned stack_find(const struct stack *st, const struct seg *s, int *ours);

/*
 * Segment s's sequence number as messages print it: relative to its
 * connection's ISS (ours) or IRS (the peer's), or absolute when the
 * connection has abs_seq set, has no such ISN yet, or there is none.
 */
uint32_t stack_seq_show(const struct stack *st, const struct seg *s);

/* Whether a TCP connection or listener (proto 6) or UDP socket (17) uses a:port. */
bool	stack_port_used(const struct stack *st, uint8_t proto,
	    const struct addr *a, uint16_t port);

/* Iterate connections: the first id after `after` (0 starts), or 0 at the end. */
unsigned stack_conn_next(const struct stack *st, unsigned after);

/* The same newest first: the id before `before` (0 starts), or 0 at the end. */
unsigned stack_conn_prev(const struct stack *st, unsigned before);

/*
 * Take the oldest connection from a listener's accept queue (one that
 * completed its handshake; it may have been reset since, and is then
 * CLOSED, as Linux's accept() returns it); its id, or 0 when none.  A
 * child the user closed, shut or aborted by its id is no longer queued.
 */
unsigned tcp_accept(struct stack *st, unsigned listener);

/* SEND (§3.10.2): queue len bytes; returns 0, or -1 with err. */
int	tcp_send(struct stack *st, unsigned conn, const void *buf, size_t len,
	    uint64_t now, char *err, size_t errlen);

/* RECEIVE (§3.10.3): take up to len readable bytes; returns how many. */
size_t	tcp_recv(struct stack *st, unsigned conn, void *buf, size_t len,
	    uint64_t now);

/*
 * CLOSE (§3.10.4) as a full close: FIN after the queued data, and the
 * connection is orphaned (no more RECEIVE: data arriving later, or unread
 * data now, is answered with RST as Linux does, RFC 2525 §2.17).  Closing
 * a listener resets the connections it has not handed out (Linux).
 */
int	tcp_close(struct stack *st, unsigned conn, uint64_t now, char *err,
	    size_t errlen);

/*
 * CLOSE at the end of the peer's stream, as a program that closes when
 * read() returns 0: at once in CLOSE-WAIT, else as the peer's FIN arrives,
 * so that our FIN carries the ACK of theirs in one segment.
 */
int	tcp_close_at_eof(struct stack *st, unsigned conn, uint64_t now,
	    char *err, size_t errlen);

/* Shutdown of the write side: FIN after the queued data; receiving goes on. */
int	tcp_shutdown(struct stack *st, unsigned conn, uint64_t now, char *err,
	    size_t errlen);

/*
 * ABORT (§3.10.5): send RST if synchronized and drop the connection; a
 * listener's connections not yet accepted are reset with it (Linux).
 */
int	tcp_abort(struct stack *st, unsigned conn, uint64_t now, char *err,
	    size_t errlen);

/* STATUS (§3.10.6): fill *out; returns 0, or -1 when conn does not exist. */
int	tcp_status(const struct stack *st, unsigned conn, struct tcp_status *out);

/* The RFC name of a state ("SYN-SENT"...). */
const char *tcp_state_name(enum tcp_state s);

/*
 * The errno a socket reports for a connection that failed by cause:
 * ECONNRESET, ECONNREFUSED, ETIMEDOUT...; 0 for a cause that is no error.
 */
int	tcp_cause_errno(enum tcp_cause c);

/* The short stable name of a cause ("rto", "fast-retransmit"...). */
const char *tcp_cause_name(enum tcp_cause c);

/* Parse a state name (RFC spelling; case, '-' and '_' are not significant); -1 if unknown. */
int	tcp_state_parse(const char *name);

/*
 * The owner is done with connection conn (it read what it wanted): free it
 * once it is CLOSED, with a TEV_FREED event.  Children
 * a listener never handed out (dropped in SYN-RECEIVED, discarded with
 * their listener) need no release: nobody can read them, they are freed
 * as they close.  Freeing happens at the start of the next call into the
 * stack (stack_input, stack_tick, an OPEN or a release), so that events
 * about a connection that just closed can still look it up.  0, or -1
 * when conn does not exist.
 */
int	tcp_release(struct stack *st, unsigned conn);

/* What the connection table holds, for `stat conns` and tests. */
struct tcp_table_stats {
	size_t		live;		/* TCBs that exist (any state) */
	size_t		closed;		/* ... of them CLOSED, not yet freed */
	uint64_t	created;	/* TCBs made so far */
	uint64_t	freed;		/* TCBs freed so far */
	size_t		buckets;	/* id hash buckets (the others alike) */
	uint64_t	probes;		/* TCBs looked at by lookups so far */
	uint64_t	lookups;	/* lookups so far */
	size_t		timers;		/* TCBs in the timer heap */
};

/* Fill *out with what the connection table holds. */
void	stack_table_stats(const struct stack *st, struct tcp_table_stats *out);

/* UDP (RFC 768): bind local (port 0: ephemeral); its id, or 0 with err. */
unsigned udp_bind(struct stack *st, const struct endpoint *local, char *err,
	    size_t errlen);

/* Send a datagram from socket id to remote; 0, or -1 with err. */
int	udp_sendto(struct stack *st, unsigned id, const struct endpoint *remote,
	    const void *buf, size_t len, char *err, size_t errlen);

/* Take the oldest datagram of socket id; its length, or -1 when none is queued. */
ssize_t	udp_recvfrom(struct stack *st, unsigned id, void *buf, size_t cap,
	    struct endpoint *from);

/* Iterate UDP sockets: the first id after `after` (0 starts), or 0 at the end. */
unsigned udp_next(const struct stack *st, unsigned after);

/* Close a UDP socket. */
void	udp_close(struct stack *st, unsigned id);

/* Whether id names a UDP socket; its local endpoint (0, or -1). */
int	udp_is_socket(const struct stack *st, unsigned id);
int	udp_local(const struct stack *st, unsigned id, struct endpoint *out);

#endif
