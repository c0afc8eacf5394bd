/*
 * core/tcp-int.h - the engine's internals shared by core/tcp-*.c and
 * core/stack.c: the transmission control block (RFC 9293 §3.3.1) and the
 * stack that holds connections, the output queue and the event queue.
 */
#ifndef TCPX_CORE_TCP_INT_H
#define TCPX_CORE_TCP_INT_H

#include <stdbool.h>

#include "core/bytes.h"
#include "core/seq.h"
#include "core/tcp.h"


/* Timers of one connection (absolute times, TCP_NEVER when off). */
enum tcp_timer {
	TT_REXMT,	/* retransmission (RFC 6298) */
	TT_TIMEWAIT,	/* 2MSL (RFC 9293 §3.6.1) */
	TT_FINWAIT2,	/* Linux tcp_fin_timeout */
	TT_N
};

struct tcb {
	unsigned	id;
	enum tcp_state	state;
	struct endpoint	local;
	struct endpoint	remote;
	unsigned	listener;	/* id of the listener that made us, or 0 */
	bool		passive;	/* came from a passive OPEN */

	/* Send sequence variables (RFC 9293 §3.3.1). */
	uint32_t	iss;
	uint32_t	snd_una;
	uint32_t	snd_nxt;
	uint32_t	snd_max;	/* highest sequence number sent + 1 */
	uint32_t	snd_wnd;
	uint32_t	snd_wl1;
	uint32_t	snd_wl2;
	uint16_t	snd_mss;	/* peer's MSS (RFC 9293 §3.7.1: 536 if absent) */

	/* Receive sequence variables. */
	uint32_t	irs;
	uint32_t	rcv_nxt;

	/* Data: sndbuf holds bytes from snd_una on; rcvbuf awaits RECEIVE. */
	struct bytes	sndbuf;
	struct bytes	rcvbuf;
	bool		fin_queued;	/* user CLOSE: send FIN after the data */
	bool		fin_rcvd;
	uint32_t	fin_seq;	/* sequence number of our FIN, once sent */
	bool		fin_sent;
	bool		ack_now;	/* an ACK is owed */

	/* Retransmission (RFC 6298) and RTT sampling (Karn's algorithm). */
	uint64_t	rto;
	uint64_t	srtt;
	uint64_t	rttvar;
	bool		rtt_timing;
	uint32_t	rtt_seq;
	uint64_t	rtt_start;
	int		retransmits;
	bool		recovering;	/* after an RTO, until SND.UNA passes recover */
	uint32_t	recover;	/* SND.MAX when the RTO fired (RFC 6582 idea) */

	uint64_t	timer[TT_N];
	struct tcb	*next;
};

struct outq {
	struct seg	 seg;
	uint8_t		*data;
	struct outq	*next;
};

struct evq {
	struct tcp_event ev;
	struct evq	*next;
};

struct stack {
	struct tcp_cfg	 cfg;
	uint64_t	 key[2];	/* secret for ISNs (RFC 6528) */
	unsigned	 next_id;
	struct tcb	*tcbs;
	struct outq	*out_head, **out_tail;
	struct evq	*ev_head, **ev_tail;
};

/* stack.c */
struct tcb	*stack_tcb(const struct stack *, unsigned id);
struct tcb	*stack_new_tcb(struct stack *, enum tcp_state);
struct tcp_event *stack_emit(struct stack *, enum tcp_ev_type, const struct tcb *,
		    size_t, const char *, ...) __attribute__((format(printf, 5, 6)));
void		 stack_queue(struct stack *, const struct seg *);
uint32_t	 stack_isn(const struct stack *, const struct endpoint *,
		    const struct endpoint *, uint64_t now);

/* tcp-state.c */
void		 tcp_set_state(struct stack *, struct tcb *, enum tcp_state,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
bool		 tcp_synchronized(enum tcp_state);

/* tcp-output.c */
void		 tcp_output(struct stack *, struct tcb *, uint64_t now);
void		 tcp_send_ack(struct stack *, struct tcb *);
void		 tcp_send_rst(struct stack *, const struct endpoint *,
		    const struct endpoint *, uint32_t seq, uint32_t ack,
		    bool with_ack);
void		 tcp_respond_rst(struct stack *, const struct seg *,
		    const char *why);
void		 tcp_retransmit(struct stack *, struct tcb *, uint64_t now);
uint32_t	 tcp_rcv_wnd(const struct tcb *, const struct stack *);

/* tcp-input.c */
void		 tcp_input(struct stack *, struct tcb *, const struct seg *,
		    uint64_t now);
void		 tcp_input_listen(struct stack *, struct tcb *,
		    const struct seg *, uint64_t now);

/* tcp-timer.c */
void		 tcp_timer_set(struct tcb *, enum tcp_timer, uint64_t at);
void		 tcp_timer_run(struct stack *, struct tcb *, uint64_t now);
void		 tcp_rtt_sample(const struct stack *, struct tcb *, uint64_t rtt);
void		 tcp_drop(struct stack *, struct tcb *, const char *why);

#endif
