/*
 * cli/run/bus.h - the session's one event stream.  Everything that happens
 * on the data path and in the engine is published here, in order, to the
 * subscribers (printers, expect, recording, the diagram's feed, counters):
 * frames on the wire with their bytes, what step mode and faults did to a
 * segment, every engine event with its structured cause, data the
 * application side read, ARP/ND outcomes, capture statistics and the
 * runtime's own errors.  Subscribers keep their own state; nothing about
 * them lives in the runtime.
 */
#ifndef TCPX_CLI_RUN_BUS_H
#define TCPX_CLI_RUN_BUS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "cli/run/gate.h"
#include "core/tcp.h"
#include "core/wire.h"

#define BUS_MAX_SUBS	16

enum run_ev_type {
	RUN_FRAME,	/* a frame on the wire: dir, ts, frame/len, pkt; seg
			   when it is a TCP or UDP segment of ours; meta (out) */
	RUN_GATE,	/* step mode or a fault did gate->act to a segment */
	RUN_ENGINE,	/* an engine event: tev; cause is the inbound segment
			   the engine was processing (NULL: a timer or a user call) */
	RUN_DATA,	/* the application side read data of conn: data/len
			   (UDP: from) */
	RUN_PUMPED,	/* the engine's queues are empty again */
	RUN_NEIGH,	/* ARP/ND: neigh about addr */
	RUN_CAPSTATS,	/* the live capture's counters changed: recv, drop */
	RUN_NOTE,	/* something the runtime did, for the user: text */
	RUN_ERROR,	/* something the runtime could not do: text */
};

enum run_dir {
	RUN_OUT = 0,	/* we sent it */
	RUN_IN = 1,	/* we received it */
};

enum run_neigh {
	NEIGH_ASKED,	/* a request went out (again) */
	NEIGH_GAVE_UP,	/* no answer: count frames given up */
	NEIGH_QUEUE_FULL,	/* a frame for addr was dropped: the queue is full */
};

/* What a RUN_NOTE is about, for subscribers that count (0: nothing special). */
enum run_note {
	NOTE_PLAIN = 0,
	NOTE_REASSEMBLED,	/* IP fragments made a whole datagram */
	NOTE_FRAG_DROPPED,	/* a fragment was refused or a fault dropped it */
	NOTE_FRAG_TIMEOUT,	/* a datagram's fragments did not all come in time */
};

/* One event; only the fields its type names are set. */
struct run_ev {
	enum run_ev_type	 type;
	enum run_dir		 dir;
	const struct timeval	*ts;		/* FRAME: when it was seen or sent;
						   ENGINE: when tcpx heard of it */
	const uint8_t		*frame;		/* FRAME: its bytes */
	size_t			 len;		/* FRAME, DATA: their length */
	const struct pkt	*pkt;		/* FRAME: decoded */
	const struct seg	*seg;		/* FRAME: ours */
	const struct segmeta	*meta;		/* FRAME (out): the engine's why */
	const struct gate_out	*gate;		/* GATE */
	const struct tcp_event	*tev;		/* ENGINE */
	const struct seg	*cause;		/* ENGINE */
	unsigned		 conn;		/* DATA */
	const uint8_t		*data;		/* DATA */
	const struct endpoint	*from;		/* DATA: a datagram's sender */
	enum run_neigh		 neigh;		/* NEIGH */
	const struct addr	*addr;		/* NEIGH */
	unsigned		 count;		/* NEIGH_GAVE_UP: frames given up;
						   NEIGH_QUEUE_FULL: dropped so far */
	unsigned long		 recv, drop;	/* CAPSTATS */
	const char		*text;		/* NOTE, ERROR */
	enum run_note		 note;		/* NOTE: what about */
};

typedef void	bus_fn(void *arg, const struct run_ev *ev);

/* The bit of event type t in a subscriber's set of wanted types. */
#define BUS_TYPE(t)	(1u << (t))
#define BUS_ALL		(~0u)

/* The subscribers, called in the order they subscribed. */
struct bus {
	struct {
		bus_fn	*fn;
		void	*arg;
		unsigned want;		/* BUS_TYPE()s it is handed */
	}		 sub[BUS_MAX_SUBS];
	int		 nsub;
};

/* Subscribe fn(arg, ev) to every event; 0, or -1 when BUS_MAX_SUBS are in. */
int		 bus_subscribe(struct bus *b, bus_fn *fn, void *arg);

/*
 * Hand fn(arg) from now on only the events whose BUS_TYPE() is in want
 * (BUS_ALL: every one, as bus_subscribe() starts): a subscriber says what
 * it would look at, and the rest cost it no call.
 */
void		 bus_want(struct bus *b, bus_fn *fn, void *arg, unsigned want);

/* Take fn(arg) off the bus (nothing when it is not on). */
void		 bus_unsubscribe(struct bus *b, bus_fn *fn, void *arg);

/* Hand ev to every subscriber, in order. */
void		 bus_publish(const struct bus *b, const struct run_ev *ev);

/* Publish a RUN_NOTE or RUN_ERROR of formatted text. */
void		 bus_text(const struct bus *b, enum run_ev_type type,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Publish a RUN_NOTE of formatted text about what. */
void		 bus_note(const struct bus *b, enum run_note what,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
