/*
 * cli/obs/conns.h - what the user has of each connection and UDP socket, a
 * subscriber of the event stream: the data received (the last recv_keep
 * bytes, for `recv`, `wait recv`, `save`; all of it streamed to a file
 * when `save PATH follow|next` asked before it came), the states passed since the last `wait state`, the
 * states entered with when and why (`history`), which listeners accept at
 * once (and close once the peer has), the current connection, and accepts.
 */
#ifndef TCPX_CLI_OBS_CONNS_H
#define TCPX_CLI_OBS_CONNS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "cli/obs/rxring.h"
#include "core/tcp.h"

struct session;
struct conns;
struct rxsave;

#define CONNS_HIST_MAX	64	/* states kept per connection for `history` */
#define CONNS_HELD	16	/* CLOSED connections the engine keeps whole
				   (`tcb`, `recv`, `send` errors) before the
				   oldest is released and freed */
#define CONNS_KEPT	1000	/* freed connections whose final state and
				   history `conns all` and `history` keep */
#define CONNS_KEEP_DEFAULT (16U << 20)	/* recv_keep: bytes of each stream
				   kept for recv, wait recv and save */
#define CONNS_KEEP_MAX	(1U << 30)	/* the most recv_keep may be */

/* Where a view is in its life. */
enum conn_phase {
	CONN_LIVE = 0,	/* the engine has it, not CLOSED */
	CONN_HELD,	/* CLOSED, still in the engine (one of CONNS_HELD) */
	CONN_GONE,	/* freed by the engine: history only */
};

/* A state a connection entered: when, and the engine's cause (TEV_STATE). */
struct conn_hist {
	int64_t		 us;		/* when tcpx heard of it: wall clock, us */
	const char	*why;		/* the sentence, with its RFC clause (one
					   copy shared by every entry saying it) */
	uint8_t		 from, to;	/* enum tcp_state */
	uint16_t	 cause;		/* enum tcp_cause */
};

/*
 * What a connection received, made when its first byte comes (or when a
 * save or a reader asks): an idle connection has none.
 */
struct conn_rx {
	struct rxring	 ring;		/* the last recv_keep bytes received */
	uint64_t	 mark;		/* where the next `wait recv` starts looking
					   (stream offsets, as the ring's) */
	uint64_t	 recv_mark;	/* what `recv` has shown */
	struct rxsave	*save;		/* the file all it receives goes to */
};

/* Where a connection was, noted as it reached CLOSED (for history). */
struct conn_end {
	struct endpoint	 local, remote;
};

/*
 * What the user has of one connection or socket.  An idle connection's
 * view is this and its history, no more (issue 14: memory per idle
 * connection): what it received and where it ended are made as needed.
 */
struct conn_view {
	unsigned	 id;
	enum conn_phase	 phase;
	struct conn_rx	*rx;		/* NULL: nothing received, no save */
	struct conn_end	*end;		/* set as it reaches CLOSED, or NULL */
	uint32_t	 entered[TCP_NSTATES];	/* when each state was last
					   entered: a count of state changes */
	uint32_t	 changes;	/* state changes so far */
	uint32_t	 waited;	/* `wait state` is done with changes up to this */
	uint8_t		 autoaccept;	/* a listener: accept its connections at once */
	uint8_t		 autoclose;	/* a listener: close its connections once
					   their peer has closed (CLOSE-WAIT) */
	uint8_t		 unresolved;	/* ARP/ND gave up on its peer's address */
	uint8_t		 last;		/* enum tcp_state: the last it entered */
	unsigned long	 closed;	/* the how-many-th to reach CLOSED (0: not) */
	struct conn_hist *hist;		/* a ring of the last CONNS_HIST_MAX */
	uint8_t		 hist_len, hist_cap, hist_first;
	unsigned long	 hist_dropped;	/* older states no longer kept */
	struct conn_view *qnext;	/* in the held or the kept queue */
	struct conn_view *hnext;	/* in its hash bucket */
	struct conn_view *next, *prev;	/* newest first */
};

/* What conns holds, for `stat conns`. */
struct conns_stats {
	size_t		 views;		/* views of every kind */
	size_t		 held;		/* CLOSED ones the engine still has */
	size_t		 kept;		/* freed ones kept for history */
	unsigned long	 forgotten;	/* freed ones no longer kept */
	unsigned long	 released;	/* connections conns released */
	unsigned long	 lookups;	/* views looked up by id ... */
	unsigned long	 probes;	/* ... and the views those looked at */
	size_t		 buckets;	/* of the hash by id */
	size_t		 whys;		/* distinct sentences the histories share */
};

/* The views of s's connections, subscribed to its bus; free with conns_free(). */
struct conns	*conns_new(struct session *s);

/* Unsubscribe and free every view (NULL is fine). */
void		 conns_free(struct conns *c);

/* The view of connection id, created on first use. */
struct conn_view *conns_get(struct conns *c, unsigned id);

/* The view of connection id, or NULL when it has none. */
struct conn_view *conns_find(struct conns *c, unsigned id);

/*
 * What v received (its ring, marks and save), made empty on first use, so
 * that a reader of an idle connection may write its marks.
 */
struct conn_rx	*conns_rx(struct conn_view *v);

/* The wall-clock time of history entry h, as a timeval. */
struct timeval	 conns_hist_tv(const struct conn_hist *h);

/* The i-th state v entered of those kept (0 the oldest), or NULL. */
const struct conn_hist *conns_hist(const struct conn_view *v, size_t i);

/* Why connection id is CLOSED (its last state change's cause), or NULL. */
const char	*conns_end_why(struct conns *c, unsigned id);

/* The view after prev (NULL: the newest), or NULL. */
struct conn_view *conns_next(struct conns *c, struct conn_view *prev);

/* The current connection or socket (0: none), and making id current. */
unsigned	 conns_cur(const struct conns *c);
void		 conns_use(struct conns *c, unsigned id);

/* Connection id was taken from an accept queue: make it current, say so. */
void		 conns_accepted(struct conns *c, unsigned id);

/* Whether connections accepted at once go unannounced (set lines none). */
void		 conns_set_quiet(struct conns *c, int quiet);

/* Whether a connection was accepted that no `wait accept` took yet. */
int		 conns_accept_new(const struct conns *c);

/* A `wait accept` took the oldest such connection. */
void		 conns_accept_taken(struct conns *c);

/* The freed connection kept after prev (NULL: the oldest kept), or NULL. */
struct conn_view *conns_kept_next(struct conns *c, struct conn_view *prev);

/* Fill *out with what conns holds. */
void		 conns_stats(const struct conns *c, struct conns_stats *out);

/* How many connections have reached CLOSED so far. */
unsigned long	 conns_closed(const struct conns *c);

/* Keep the last max bytes each connection receives (recv_keep), trimming
 * what is kept already. */
void		 conns_set_keep(struct conns *c, size_t max);

/* How many bytes of each connection's stream are kept (recv_keep). */
size_t		 conns_keep(const struct conns *c);

/*
 * Write all that connection id receives from now on to f (opened on path,
 * holding written bytes already) until no more can come; id 0: the next
 * connection to reach ESTABLISHED, from its first byte.  conns owns f: it
 * closes it then, saying how many bytes it saved, or at once when no more
 * can come already.  A save of the same connection (or of the next one)
 * that was following is ended first.
 */
void		 conns_follow(struct conns *c, unsigned id, FILE *f,
		    const char *path, uint64_t written);

/* The file connection id's data goes to (id 0: the next one's), or NULL. */
const char	*conns_following(struct conns *c, unsigned id);

#endif
