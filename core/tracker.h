/*
 * core/tracker.h - the passive tracker: from observed segments alone (a
 * live capture or an offline pcap) it infers the RFC 9293 §3.3.2 state of
 * both endpoints of every conversation over time, and says why each state
 * changed.  It also recognises retransmissions, keepalive probes (RFC 1122
 * §4.2.3.6) and zero-window probes (RFC 9293 §3.8.6.1).
 *
 *	tracker_input(tr, seg, now)	a segment was observed at now
 *	tracker_tick(tr, now)		run the timers that are due
 *	tracker_deadline(tr)		when tracker_tick must run next
 *	tracker_event(tr, &ev)		take the next event
 *	tracker_conv(tr, id)		both endpoints of a conversation
 *
 * Pure like the rest of core/: no I/O, no clock, no globals; times are
 * microseconds on any epoch, passed in by the caller.
 *
 * A conversation is one TCP 4-tuple seen from both directions.  Its
 * initiator (end TRK_INIT) is the side that sent the first SYN; when the
 * capture starts mid-stream it is the side that sent the first segment,
 * except that the receiver of a first SYN,ACK is taken as the initiator
 * whose SYN went uncaptured.  The other side is the responder (TRK_RESP).
 *
 * What the wire shows, and so what the tracker infers:
 *  - a side changes state when it *sends* a segment (SYN, SYN,ACK, the ACK
 *    of its peer's SYN, FIN, RST), and when a segment it *receives* is
 *    observed (the ACK of its SYN or of its FIN, an acceptable RST);
 *  - the receipt of a FIN is only certain once the receiver's ACK covers it
 *    (or its peer sends a later segment): until then it is "in flight"
 *    (trk_end.fin_pending).  A receiver that resends what the FIN's
 *    segment acknowledged shows that segment lost (trk_end.fin_lost):
 *    later segments then prove nothing until the FIN comes again.  That is what tells a simultaneous close (the
 *    FINs cross: FIN-WAIT-1 -> CLOSING) from an ordinary one (CLOSE-WAIT);
 *  - a responder is presumed LISTEN from the first SYN sent to it;
 *  - a capture that starts mid-stream presumes both sides ESTABLISHED.
 * Conversations live in a table of cfg.max_conv entries; when it is full
 * the oldest finished one (else the least recently active) is evicted.
 *
 * Memory: tracker_new() returns a tracker the caller frees with
 * tracker_free().  tracker_conv() returns a pointer into the tracker, valid
 * until the next tracker_input() or tracker_tick().
 */
#ifndef TCPX_CORE_TRACKER_H
#define TCPX_CORE_TRACKER_H

/* Segments per end whose last sending time is kept, for retransmissions. */
#define TRK_SENT	16

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"
#include "core/tcp.h"

#define TRK_INIT	0	/* the initiator's end of a conversation */
#define TRK_RESP	1	/* the responder's end */
#define TRK_WHYLEN	192
#define TRK_MAXEV	65536	/* queued events kept; older ones are dropped */

/* Settings; times in microseconds. */
struct trk_cfg {
	uint64_t	time_wait;	/* 2*MSL, TIME-WAIT's length: 60 s */
	uint64_t	handshake;	/* SYN-SENT/-RECEIVED give up: 127 s */
	unsigned	max_conv;	/* conversations kept: 1024 */
	bool		abs_seq;	/* notes print absolute sequence
					   numbers; off: relative to the ISNs */
};

enum trk_ev_type {
	TRK_EV_CONV,		/* a new conversation (end -1) */
	TRK_EV_STATE,		/* an endpoint went from -> to */
	TRK_EV_RETRANSMIT,	/* an endpoint resent sequence space */
	TRK_EV_KEEPALIVE,	/* a keepalive probe */
	TRK_EV_KEEPALIVE_ACK,	/* the ACK that answers one */
	TRK_EV_ZWP,		/* a zero-window probe */
	TRK_EV_NOTE,		/* ignored RST, stray segment... */
	TRK_EV_GONE,		/* a conversation was evicted (end -1) */
};

/* One thing the tracker inferred. */
struct trk_event {
	enum trk_ev_type type;
	unsigned	conv;		/* conversation id */
	int		end;		/* TRK_INIT, TRK_RESP; -1: the conv */
	struct endpoint	who;		/* that end (-1: the initiator) */
	enum tcp_state	from;		/* TRK_EV_STATE: the old state */
	enum tcp_state	to;		/* new state (others: current) */
	uint64_t	time;		/* segment observed, or timer expired */
	uint32_t	seq;		/* the segment's seq (timers: 0) */
	bool		gap_known;	/* TRK_EV_RETRANSMIT: how long after */
	uint64_t	gap;		/* its last sending (µs) it came */
	char		why[TRK_WHYLEN];	/* cause, RFC clause */
};

/* One endpoint of a conversation, as far as the wire shows it. */
struct trk_end {
	struct endpoint	ep;
	enum tcp_state	state;
	bool		passive;	/* presumed to have come from LISTEN */
	bool		syn_seen;	/* its SYN seen: options valid */
	bool		isn_known;	/* from its SYN, or an ACK of it */
	uint32_t	isn;
	bool		nxt_known;
	uint32_t	snd_nxt;	/* highest seq+len sent or acked */
	bool		ack_known;
	uint32_t	ack;		/* highest acknowledgment it sent */
	bool		win_known;
	uint16_t	win;		/* window field of its last segment */
	uint32_t	wnd;		/* the same, scaled (RFC 7323 §2.3) */
	uint16_t	mss;		/* MSS option of its SYN; 0: absent */
	int		wscale;		/* its SYN's wscale; -1: absent */
	bool		sack_perm;	/* SYN had SACK-permitted */
	bool		ts;		/* SYN had timestamps (RFC 7323) */
	bool		fin_sent;
	uint32_t	fin_seq;	/* sequence number of its FIN */
	bool		fin_rcvd;	/* it has received its peer's FIN */
	bool		fin_pending;	/* peer's FIN seen, not yet taken */
	bool		fin_lost;	/* ...and it resent what that FIN's
					   segment acknowledged: it never got it */
	bool		fin_acked;	/* its FIN segment had an ACK, fin_ack */
	uint32_t	fin_ack;
	bool		ka_pending;	/* its keepalive probe is unanswered */
	uint64_t	deadline;	/* its timer, or TCP_NEVER */
	uint64_t	segs;		/* segments it sent */
	uint64_t	bytes;		/* payload bytes sent, resent too */
	uint64_t	retrans;	/* retransmissions it sent */
	struct {
		uint32_t	seq;	/* a segment's first sequence number */
		uint64_t	at;	/* when it was last sent */
	}		sent[TRK_SENT];	/* its newest segments, a ring */
	unsigned	nsent;	/* how many have been recorded */
};

/* A conversation: one 4-tuple, both directions. */
struct trk_conv {
	unsigned	id;		/* 1, 2, ...; never reused */
	bool		midstream;	/* the capture missed its opening */
	uint64_t	first;		/* when its first segment was seen */
	uint64_t	last;		/* and of its latest */
	struct trk_end	end[2];		/* TRK_INIT, TRK_RESP */
};

struct tracker;

/* Fill c with the defaults: 60 s TIME-WAIT, 127 s handshake, 1024 kept. */
void	trk_cfg_default(struct trk_cfg *c);

/* A new tracker with settings c (NULL: defaults); free with tracker_free(). */
struct tracker *tracker_new(const struct trk_cfg *c);

/* Notes print absolute sequence numbers (on) or relative ones (off). */
void	tracker_set_abs_seq(struct tracker *tr, bool on);

/* Free tr, its conversations and queued events. */
void	tracker_free(struct tracker *tr);

/*
 * A TCP segment s was observed at now: run the timers due before it, then
 * infer what it tells about its conversation.  Returns the conversation's id.
 */
unsigned tracker_input(struct tracker *tr, const struct seg *s, uint64_t now);

/* Run every timer due at now (TIME-WAIT expiry, handshake give-up). */
void	tracker_tick(struct tracker *tr, uint64_t now);

/* The earliest time tracker_tick must be called, or TCP_NEVER. */
uint64_t tracker_deadline(const struct tracker *tr);

/* Take the oldest queued event into *ev; returns 1, or 0 when none is. */
int	tracker_event(struct tracker *tr, struct trk_event *ev);

/* Events dropped because more than TRK_MAXEV were queued. */
uint64_t tracker_dropped(const struct tracker *tr);

/* The conversation with this id, or NULL (unknown or evicted). */
const struct trk_conv *tracker_conv(const struct tracker *tr, unsigned id);

/* Iterate conversations: the first id after `after` (0 starts), or 0. */
unsigned tracker_conv_next(const struct tracker *tr, unsigned after);

/*
 * The id of the newest conversation on s's 4-tuple (either direction), or 0;
 * *end, when not NULL, gets the end that sent s.
 */
unsigned tracker_find(const struct tracker *tr, const struct seg *s, int *end);

/* "initiator" or "responder". */
const char *trk_end_name(int end);

/*
 * Format ev on one line ("conv 3 responder 10.0.0.2:80: SYN-RECEIVED ->
 * ESTABLISHED, because ...") into buf of len bytes; returns buf.
 */
char	*trk_event_fmt(const struct trk_event *ev, char *buf, size_t len);

#endif
