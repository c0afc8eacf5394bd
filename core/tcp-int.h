/*
 * core/tcp-int.h - the engine's internals shared by core/tcp-*.c and
 * core/stack.c: the transmission control block (RFC 9293 §3.3.1) and the
 * stack that holds connections, the output queue and the event queue.
 */
#ifndef TCPX_CORE_TCP_INT_H
#define TCPX_CORE_TCP_INT_H

#include <stdbool.h>

#include "core/bytes.h"
#include "core/cc.h"
#include "core/pmtu.h"
#include "core/reasm.h"
#include "core/seq.h"
#include "core/tcp.h"

/* Timers of one connection (absolute times, TCP_NEVER when off). */
enum tcp_timer {
	TT_REXMT = TCP_TIMER_REXMT,		/* retransmission (RFC 6298) */
	TT_PERSIST = TCP_TIMER_PERSIST,		/* zero-window probes (§3.8.6.1) */
	TT_KEEPALIVE = TCP_TIMER_KEEPALIVE,	/* RFC 1122 §4.2.3.6 */
	TT_DELACK = TCP_TIMER_DELACK,		/* RFC 1122 §4.2.3.2 */
	TT_TIMEWAIT = TCP_TIMER_TIMEWAIT,	/* 2MSL (§3.6.1) */
	TT_FINWAIT2 = TCP_TIMER_FINWAIT2,	/* Linux tcp_fin_timeout */
	TT_N = TCP_NTIMERS
};

struct tcb {
	unsigned	id;
	enum tcp_state	state;
	struct tcp_cfg	*cfg;		/* this connection's settings: shared
					   with the listener that made it until
					   either changes them (tcp_conn_cfg) */
	struct endpoint	local;
	struct endpoint	remote;
	unsigned	listener;	/* id of the listener that made us, or 0 */
	bool		passive;	/* came from a passive OPEN */
	bool		accepted;	/* the user's: accepted, claimed, active */
	bool		in_acceptq;	/* handshake completed, not yet accepted */
	bool		reset;		/* ended by the peer's RST (Linux ECONNRESET) */
	int		error;		/* the errno it ended with (tcp_cause_errno), or 0 */

	/* Send sequence variables (RFC 9293 §3.3.1). */
	uint32_t	iss;
	uint32_t	snd_una;
	uint32_t	snd_nxt;
	uint32_t	snd_max;	/* highest sequence number sent + 1 */
	uint32_t	snd_sml;	/* end of the last small segment sent (Minshall) */
	uint32_t	snd_wnd;	/* scaled */
	uint32_t	max_snd_wnd;	/* RFC 5961 §5.2 MAX.SND.WND */
	uint32_t	snd_wl1;
	uint32_t	snd_wl2;
	uint16_t	peer_mss;	/* from the SYN (RFC 9293 §3.7.1: 536 if absent) */
	uint16_t	snd_mss;	/* what we put in a segment: MSS less option space */
	uint16_t	pmtu;		/* the path MTU snd_mss was set by */
	char		*soft_err;	/* the last ICMP soft error (RFC 1122
					   §4.2.3.9), TCP_SOFTERRLEN bytes from
					   the first one, or NULL */

	/* Receive sequence variables. */
	uint32_t	irs;
	bool		have_irs;	/* irs holds the peer's ISN */
	uint32_t	rcv_nxt;
	uint32_t	rcv_adv;	/* right edge we advertised: RCV.NXT + RCV.WND sent */
	uint32_t	last_ack_sent;	/* RFC 7323 §4.3 Last.ACK.sent */

	/* Options (RFC 7323, RFC 2018). */
	bool		ws_ok;
	uint8_t		snd_shift;	/* peer's shift: applied to windows it sends */
	uint8_t		rcv_shift;	/* ours: applied to windows we send */
	bool		ts_ok;
	uint32_t	ts_recent;
	uint64_t	ts_recent_age;
	uint32_t	ts_offset;	/* our TSval = now in ms + offset */
	bool		sack_ok;

	/* Data: sndbuf holds bytes from snd_una on; rcvbuf awaits RECEIVE. */
	struct bytes	sndbuf;		/* both freed whenever they empty */
	struct bytes	rcvbuf;
	struct reasm	*ooo;		/* held out of order; NULL until the
					   first such segment */
	bool		fin_queued;	/* CLOSE or shutdown: send FIN after the data */
	bool		shut_wr;	/* the write side is shut */
	bool		orphaned;	/* full close: no more RECEIVE */
	bool		close_at_eof;	/* CLOSE as the peer's FIN arrives */
	bool		fin_rcvd;
	uint32_t	fin_seq;	/* sequence number of our FIN, once sent */
	bool		fin_sent;
	bool		ack_now;	/* an ACK is owed now */
	enum tcp_cause	ack_cause;	/* ... because of this */
	int		unacked_segs;	/* full segments received since our last ACK */
	uint32_t	last_seg_seq;	/* the segment that caused the ACK (for SACK order) */

	/* Retransmission (RFC 6298), RTT sampling (Karn), congestion control. */
	uint64_t	rto;
	uint64_t	srtt;
	uint64_t	rttvar;
	bool		rtt_timing;
	uint32_t	rtt_seq;
	uint64_t	rtt_start;
	int		retransmits;
	uint32_t	total_retrans;	/* segments resent over its life */
	uint64_t	unacked_since;	/* when the oldest unacknowledged data was sent (0: none) */
	struct cc	cc;
	struct scoreboard *sb;		/* what the peer SACKed; NULL when
					   nothing (freed when it empties) */
	uint32_t	rexmt_nxt;	/* next hole to fill during recovery */
	int		persist_shift;	/* backoff of zero-window probes */
	bool		sws_force;	/* the SWS override timeout fired: send what fits */

	/* Keepalive and RFC 5961 challenge-ACK limiting. */
	uint64_t	last_rcv;	/* when a segment last arrived */
	int		ka_sent;
	uint64_t	ka_last;	/* when the last keepalive probe went */
	uint64_t	tw_since;	/* when TIME-WAIT was entered */
	uint32_t	chal_count;
	uint64_t	chal_start;

	uint64_t	timer[TT_N];

	/* Where the table (core/tcp-table.c) and the timer heap keep it. */
	struct stack	*st;		/* the stack it belongs to */
	struct tcb	*next, *prev;	/* every TCB, in id order */
	struct tcb	*id_next;	/* in its id hash bucket */
	struct tcb	*tu_next;	/* in its 4-tuple bucket */
	struct tcb	*li_next;	/* a listener: in its local-address bucket */
	struct tcb	*kid_next, *kid_prev;	/* a child its listener has
					   not handed out: in the listener's list */
	struct tcb	*kids;		/* a listener: those children */
	uint32_t	 nsynq, nacceptq;	/* a listener: how many of them
					   are in its SYN and accept queues */
	uint8_t		 qclass;	/* a child: the queue it is counted in
					   (0 none, 1 SYN, 2 accept) */
	struct tcb	*reap_next;	/* queued to be freed */
	bool		in_tu, in_li, in_kids, port_held, reaping;
	bool		released;	/* the owner is done with it (tcp_release) */
	size_t		hidx;		/* 1 + its place in the timer heap, 0: none */
	uint64_t	hkey;		/* its key there: never later than its
					   earliest timer */
};

struct outq {
	struct seg	 seg;
	struct tcp_outinfo info;
	uint8_t		*data;		/* the payload's copy, datacap bytes */
	size_t		 datacap;
	struct outq	*next;
};

#define STACK_OUT_SPARE	64	/* output and event nodes kept for reuse */
#define STACK_OUT_KEEP	2048	/* payload room a spare output node keeps */

struct evq {
	struct tcp_event ev;
	struct evq	*next;
};

/* A received datagram. */
struct dgram {
	struct dgram	*next;
	struct endpoint	 from;
	size_t		 len;
	uint8_t		 data[];
};

/* A bound UDP socket. */
struct udp_sock {
	unsigned	 id;
	struct endpoint	 local;
	struct dgram	*head, *tail;
	int		 queued;
	struct udp_sock	*next;
};

struct stack {
	struct tcp_cfg	 cfg;		/* defaults for new connections */
	struct tcp_cfg	*cfg_last;	/* the last settings copied for a new
					   connection: the next with the same
					   ones shares them (tcp-mem.c) */
	uint64_t	 key[2];	/* secret for ISNs (RFC 6528) and SYN cookies */
	unsigned	 next_id;
	struct tcb_table *tab;		/* every TCB, found by hash (tcp-table.c) */
	struct tcb_heap	*heap;		/* TCBs by earliest timer (tcp-theap.c) */
	struct udp_sock	*udps;
	struct outq	*out_head, **out_tail;
	struct outq	*out_free;	/* spare nodes, at most STACK_OUT_SPARE */
	unsigned	 nout_free;
	struct evq	*ev_head, **ev_tail;
	struct evq	*ev_free;	/* spare nodes, at most STACK_OUT_SPARE */
	unsigned	 nev_free;
	struct tcb	*reap;		/* done with: freed at the next call */
	const struct seg *input;	/* the segment being processed */
	struct pmtu	*pmtu;		/* path MTUs learnt from ICMP */
	/*
	 * The allocation of the last send and receive buffer that emptied
	 * (the largest one): the next buffer to fill starts with it
	 * (tcp-mem.c), so a bulk transfer whose buffer empties again and
	 * again does not allocate and grow it again each time.
	 */
	struct bytes	 spare_snd, spare_rcv;
	unsigned long	 buf_allocs;	/* buffers allocated or grown */
};

/* tcp-table.c: TCBs found by id, by 4-tuple and listeners by address. */
struct tcb_table *tcb_table_new(const uint64_t key[2]);
void		 tcb_table_free(struct tcb_table *);
void		 tcb_table_add(struct tcb_table *, struct tcb *);
void		 tcb_table_state(struct tcb_table *, struct tcb *,
		    enum tcp_state from);
void		 tcb_table_del(struct tcb_table *, struct tcb *);
struct tcb	*tcb_table_id(const struct tcb_table *, unsigned id);
struct tcb	*tcb_table_tuple(const struct tcb_table *, const struct addr *,
		    uint16_t, const struct addr *, uint16_t, bool closed_too);
struct tcb	*tcb_table_listener(const struct tcb_table *,
		    const struct addr *, uint16_t);
bool		 tcb_table_port(const struct tcb_table *, const struct addr *,
		    uint16_t);
struct tcb	*tcb_table_first(const struct tcb_table *);
struct tcb	*tcb_table_last(const struct tcb_table *);
void		 tcb_table_stats(const struct tcb_table *, struct tcp_table_stats *);
void		 tcb_table_freed(struct tcb_table *);
void		 tcb_kid_del(struct tcb *);

/* tcp-theap.c: a binary min-heap of TCBs by their earliest timer. */
struct tcb_heap	*tcb_heap_new(void);
void		 tcb_heap_free(struct tcb_heap *);
void		 tcb_heap_update(struct tcb_heap *, struct tcb *);
void		 tcb_heap_del(struct tcb_heap *, struct tcb *);
uint64_t	 tcb_heap_min(const struct tcb_heap *);
struct tcb	*tcb_heap_pop_due(struct tcb_heap *, uint64_t now);
size_t		 tcb_heap_len(const struct tcb_heap *);

/* stack.c */
void		 stack_free_tcb(struct tcb *);

/* tcp-reap.c */
void		 stack_reap_queue(struct stack *, struct tcb *);
void		 stack_reap(struct stack *);
struct tcb	*stack_tcb(const struct stack *, unsigned id);
struct tcb	*stack_listener(const struct stack *, const struct addr *,
		    uint16_t);
struct tcb	*stack_new_tcb(struct stack *, enum tcp_state,
		    const struct tcp_cfg *, struct tcb *);
struct tcp_event *stack_emit(struct stack *, enum tcp_ev_type,
		    const struct tcb *, size_t, enum tcp_cause, const char *,
		    const char *, ...) __attribute__((format(printf, 7, 8)));
struct tcp_event *stack_emit_n(struct stack *, enum tcp_ev_type,
		    const struct tcb *, size_t, enum tcp_cause, const char *,
		    size_t, const char *);
void		 stack_queue(struct stack *, const struct seg *, unsigned,
		    enum tcp_cause, bool);
uint32_t	 stack_isn(const struct stack *, const struct endpoint *,
		    const struct endpoint *, uint64_t now);

/* tcp-state.c */
struct tcp_event *tcp_set_state(struct stack *, struct tcb *, enum tcp_state,
		    enum tcp_cause, const char *, const char *, ...)
		    __attribute__((format(printf, 6, 7)));
bool		 tcp_synchronized(enum tcp_state);
void		 tcp_discard(struct stack *, const struct tcb *,
		    const struct seg *, enum tcp_cause, const char *,
		    const char *, ...) __attribute__((format(printf, 6, 7)));
uint32_t	 tcp_reopen_iss(const struct tcb *);
uint32_t	 tcp_seq_ours(const struct tcb *, uint32_t);
uint32_t	 tcp_seq_theirs(const struct tcb *, uint32_t);

/* tcp-mem.c: what a TCB allocates only while it needs it. */
size_t		 tcp_ooo_held(const struct tcb *);
struct reasm	*tcp_ooo(struct tcb *);
void		 tcp_rcvbuf_append(struct stack *, struct tcb *, const void *,
		    size_t);
void		 tcp_sndbuf_append(struct stack *, struct tcb *, const void *,
		    size_t);
void		 tcp_rcvbuf_consume(struct stack *, struct tcb *, size_t);
void		 tcp_sndbuf_consume(struct stack *, struct tcb *, size_t);
void		 tcp_spares_free(struct stack *);
struct scoreboard *tcp_sb(struct tcb *);
void		 tcp_sb_trim(struct tcb *);
void		 tcp_sb_drop(struct tcb *);
void		 tcp_soft_err(struct tcb *, const char *, const char *);
void		 tcp_mem_free(struct tcb *);
struct tcp_cfg	*tcp_cfg_copy(struct stack *, const struct tcp_cfg *);
void		 tcp_cfg_unshare(struct tcp_cfg *);
struct tcp_cfg	*tcp_cfg_share(struct tcp_cfg *);
struct tcp_cfg	*tcp_cfg_own(struct tcb *);

/* tcp-icmp.c */
void		 tcp_sync_mss(struct stack *, struct tcb *, uint64_t now);
void		 tcp_icmp_input(struct stack *, struct tcb *, const struct seg *,
		    uint64_t now);
void		 udp_icmp_input(struct stack *, const struct seg *);

/* tcp-output.c */
uint32_t	 tcp_resend_all(struct stack *, struct tcb *, uint64_t now,
		    enum tcp_cause);
void		 tcp_output(struct stack *, struct tcb *, uint64_t now);
void		 tcp_send_ack(struct stack *, struct tcb *, uint64_t now,
		    enum tcp_cause);
void		 tcp_owe_ack(struct tcb *, enum tcp_cause);
void		 tcp_challenge_ack(struct stack *, struct tcb *, uint64_t now,
		    const char *clause, const char *why);
void		 tcp_reset(struct stack *, const struct tcb *, enum tcp_cause);
void		 tcp_send_rst(struct stack *, unsigned, const struct endpoint *,
		    const struct endpoint *, uint32_t seq, uint32_t ack,
		    bool with_ack, enum tcp_cause);
void		 tcp_respond_rst(struct stack *, const struct seg *,
		    enum tcp_cause, const char *clause, const char *why);
uint32_t	 tcp_retransmit(struct stack *, struct tcb *, uint64_t now,
		    enum tcp_cause);
uint32_t	 tcp_send_probe(struct stack *, struct tcb *, uint64_t now,
		    enum tcp_cause);
void		 tcp_send_synack(struct stack *, const struct tcb *,
		    const struct endpoint *, const struct endpoint *,
		    uint32_t iss, uint32_t ack, uint16_t mss);
uint32_t	 tcp_rcv_wnd(const struct tcb *);
size_t		 tcp_ooo_limit(const struct tcb *);
uint16_t	 tcp_our_mss(const struct tcp_cfg *, int family);
uint32_t	 tcp_tsval(const struct tcb *, uint64_t now);
uint64_t	 tcp_rexmt_deadline(const struct tcb *, uint64_t now);

/* tcp-input.c */
void		 tcp_input(struct stack *, struct tcb *, const struct seg *,
		    uint64_t now);

/* tcp-rfc793.c */
void		 tcp_syn_reset_793(struct stack *, struct tcb *,
		    const struct seg *);
bool		 tcp_check_ack_793(struct stack *, struct tcb *,
		    const struct seg *, uint64_t now);

/* tcp-user.c */
void		 tcp_eof_close(struct stack *, struct tcb *, uint64_t now);

/* tcp-listen.c */
void		 tcp_input_listen(struct stack *, struct tcb *,
		    const struct seg *, const struct tcb *, uint64_t now);
void		 tcp_syn_options(struct stack *, struct tcb *, const struct seg *,
		    uint64_t now);
void		 tcp_listen_queues(const struct stack *, const struct tcb *,
		    uint32_t *synq, uint32_t *acceptq);
void		 tcp_acceptq_add(struct tcb *);
void		 tcp_kid_add(struct tcb *l, struct tcb *t);
void		 tcp_kid_sync(struct tcb *t);
void		 tcp_acceptq_claim(struct stack *, struct tcb *, const char *,
		    enum tcp_cause);
void		 tcp_listen_stop(struct stack *, struct tcb *, const char *,
		    enum tcp_cause);

/* udp.c */
void		 udp_input(struct stack *, const struct seg *, uint64_t now);
void		 udp_free_all(struct stack *);

/* tcp-timer.c */
void		 tcp_timer_set(struct tcb *, enum tcp_timer, uint64_t at);
void		 tcp_timer_run(struct stack *, struct tcb *, uint64_t now);
void		 tcp_rtt_sample(struct tcb *, uint64_t rtt);
void		 tcp_drop(struct stack *, struct tcb *, enum tcp_cause,
		    const char *clause, const char *why);
void		 tcp_enter_time_wait(struct stack *, struct tcb *, uint64_t now,
		    enum tcp_cause, const char *clause, const char *why);
void		 tcp_keepalive_reset(struct tcb *, uint64_t now);
void		 tcp_ev_sent(struct tcp_event *, const struct tcb *, uint32_t);

#endif
