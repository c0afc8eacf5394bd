/*
 * cli/session.h - one tcpx session: the network side (lab or interface),
 * the engine, what the user sees of each connection, and the single-threaded
 * poll() loop that ties them together.
 */
#ifndef TCPX_CLI_SESSION_H
#define TCPX_CLI_SESSION_H

#include <stdarg.h>
#include <stdint.h>

#include "core/tcp.h"
#include "core/bytes.h"
#include "lab/lab.h"
#include "cli/hold.h"
#include "core/pdn.h"
#include "cli/tcpx.h"

struct cap;
struct inj;
struct neigh;
struct guard;
struct printer;
struct pcapw;

/* What the user has seen of one connection. */
struct view {
	unsigned	 id;
	struct bytes	 rx;		/* everything received, for `wait recv` */
	size_t		 mark;		/* where the next `wait recv` starts looking */
	size_t		 recv_mark;	/* what `recv` has shown */
	unsigned	 visited;	/* states passed through since the last wait */
	int		 autoaccept;	/* a listener: accept its connections at once */
	struct view	*next;
};

/* A segment waiting for its next hop's MAC address. */
struct pending {
	struct seg	 seg;
	uint8_t		*data;
	uint64_t	 since;
	bool		 corrupt;	/* a fault asked for a corrupted frame */
	struct pending	*next;
};

#define EVENTS_MAX	32	/* event names known to `wait event` */
#define EXP_RING	64	/* segments kept per direction for `expect` */

/* A segment seen on the wire, kept for a later `expect`. */
struct seen_seg {
	struct seg	 seg;
	uint8_t		 data[PDN_MAXPAYLOAD];
};

/* An `expect` in progress, and what it may still match. */
struct expectation {
	struct seen_seg	 ring[2][EXP_RING];
	int		 head[2];	/* oldest kept */
	int		 count[2];
	struct pdn_spec	 spec;
	int		 dir;		/* 0 inbound, 1 outbound */
	int		 active;
	int		 matched;
	int		 seen;		/* segments compared */
	unsigned	 conn;		/* bases from this connection (0: absolute) */
	char		 why[160];	/* the last mismatch */
	char		 last[256];	/* the last segment seen, in notation */
};

struct dg;

struct session {
	const struct opts *o;
	int		 interactive;	/* a prompt on a terminal, not a batch */
	int		 quit;
	int		 in_wait;	/* a command is waiting in the loop */
	int		 child_running;	/* lab exec: wake often to reap it */
	int		 busy;		/* work is waiting: poll without sleeping */
	const char	*script;	/* -f FILE being run, for error messages */
	int		 lineno;	/* its current line */

	struct lab	 lab;
	struct cap	*cap;
	struct inj	*inj;
	struct neigh	*nb;
	struct guard	*guard;
	struct printer	*pr;
	char		 ifname[32];
	uint8_t		 mac[6];
	struct addr	 my4, my6;
	int		 have4, have6;

	struct tcp_cfg	 cfg;
	struct stack	*st;
	unsigned	 cur;		/* the current connection */
	unsigned	 accepted;	/* connections accepted so far */
	unsigned	 accept_waited;	/* of them, seen by `wait accept` */
	struct view	*views;
	struct pending	*pend;
	uint64_t	 arp_next;	/* when to repeat ARP/ND requests */
	struct holdq	 hold;		/* step mode and faults (cli/hold.c) */
	struct expectation exp;		/* cli/cmd-craft.c */
	int		 notation;	/* 0 tcpdump lines, 1 packetdrill notation */
	unsigned long	 evcount[EVENTS_MAX];	/* engine events by name (cli/events.c) */
	struct pcapw	*rec, *wfile;	/* `capture` recording, -w stream */
	struct dg	*dg;		/* the session's ladder (cli/cmd-diagram.c) */
	unsigned long	 dg_segs;	/* segments it holds; grows = redraw */
	int		 dg_mark;	/* DG_M_* for the next segment sent */
	unsigned	 dg_rexmit;	/* its next segment is the engine's resend */
	const struct seg *dg_cause;	/* the inbound segment the engine has */
	char		 dg_rexmit_why[TCP_WHYLEN];	/* and why */
	/* Called on every turn of the loop while set (the open view). */
	void		 (*watch)(struct session *);
};

/* Monotonic time in microseconds. */
uint64_t	 now_us(void);

/* The engine's time: now_us() less the time `step freeze` stopped it. */
uint64_t	 session_now(const struct session *);

/* Frame and inject a segment (corrupted on purpose when asked), or hold it for ARP. */
void		 net_send_seg(struct session *, const struct seg *, bool corrupt);

/* Find a's MAC address now (ARP/ND, up to three tries); 0, or -1. */
int		 session_resolve(struct session *, const struct addr *,
		    uint8_t mac[6]);

/* Send a finished frame (crafted by the user): inject, record, print. */
void		 net_send_raw(struct session *, const uint8_t *, size_t);

/* See a segment go by (out: ours) for `expect`. */
void		 session_observe(struct session *, int out, const struct seg *);

/* Show a held segment as a numbered line (dir '>' or '<'). */
void		 net_show_seg(struct session *, char dir, unsigned num,
		    const struct seg *);

/* Print a line for the user, keeping the prompt intact. */
void		 say(struct session *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Print an error line (to stderr in batch mode). */
void		 say_err(struct session *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Show n received bytes, escaped, after a label such as "conn 1". */
void		 say_data(struct session *, const char *, const uint8_t *, size_t);
/* Bracket output written straight to stdout (e.g. by a child process). */
void		 say_begin(struct session *);
void		 say_end(struct session *);

/*
 * Parse a connection or UDP socket id ("c3", "u5" or "3"); the id, or 0
 * with an error naming cmd and the argument.
 */
unsigned	 session_conn_arg(struct session *, const char *cmd,
		    const char *arg);

/* "c3" for a TCP connection, "u5" for a UDP socket: into buf, returned. */
const char	*session_id(const struct session *, unsigned id, char *buf,
		    size_t len);

/* The view of connection id, created on first use. */
struct view	*session_view(struct session *, unsigned id);

/* Connection id was taken from an accept queue: make it current, say so. */
void		 session_accepted(struct session *, unsigned id);

/* Move everything the engine has queued: segments to the wire, events to the user. */
void		 session_pump(struct session *);

/* Read every captured frame that is ready. */
void		 session_capture(struct session *);

/* Add a segment we sent (out) or received to the session's diagram. */
void		 session_diagram(struct session *, int out, const struct seg *);

/*
 * What the user did to a segment, for the diagram (cli/cmd-diagram.c):
 * e is now held (step or a fault's delay), e is gone (released, or
 * dropped), or a fault dropped seg going in direction dir.
 */
struct held;
void		 session_diagram_hold(struct session *, const struct held *e);
void		 session_diagram_unhold(struct session *, const struct held *e,
		    int dropped);
void		 session_diagram_dropped(struct session *, int dir,
		    const struct seg *);

/*
 * The engine moved connection conn to state to (why): our lifeline in the
 * diagram says so, on s->dg_cause (the inbound segment being processed),
 * or on the next segment it sends, or (session_diagram_flush(), at the end
 * of a pump) on a row of its own.
 */
void		 session_diagram_state(struct session *, unsigned conn,
		    enum tcp_state to, const char *why);
void		 session_diagram_flush(struct session *);

/* The engine said (why) that connection conn resends: mark its next segment. */
void		 session_diagram_rexmit(struct session *, unsigned conn,
		    const char *why);

/* Held segment e goes out edited: mark its wire copy, or (in) what the engine got. */
void		 session_diagram_edited(struct session *, const struct held *e);

/* Record one frame, either direction, for `capture` and -w. */
void		 session_record(struct session *, const struct timeval *,
		    const uint8_t *, size_t);

/* Run the timers that are due and retry address resolution. */
void		 session_timers(struct session *);

/* The earliest time the loop must wake for the engine or ARP. */
uint64_t	 session_deadline(const struct session *);

/* Our address of the family of a, or NULL if we have none. */
const struct addr *session_addr(const struct session *, int family);

/*
 * Run the loop until done(s, arg) is true (returns 1), the deadline passes
 * (0), or the user interrupts or quits (-1).  stdin is read only by the
 * top-level prompt, never while a command waits.
 */
int		 loop_until(struct session *, int (*done)(struct session *, void *),
		    void *, uint64_t deadline);

/* The prompt (cli/repl.c): run until quit; returns an exit status. */
int		 repl_run(struct session *);

/* Add a typed line to the prompt's history (blank lines and repeats not). */
void		 repl_remember(const char *);

/* Open the diagram view with its command line focused (--tui). */
void		 diagram_tui(struct session *);
/* Batch runs of -c and -f ("-" is stdin): stop at the first failure. */
int		 batch_string(struct session *, const char *);
int		 batch_file(struct session *, const char *);

/* Event names for `wait event` (cli/events.c). */
int		 events_find(const char *);
const char	*events_list(char *, size_t);
void		 events_count(struct session *, const struct tcp_event *);

/* Set by the SIGINT/SIGTERM/SIGHUP handler. */
extern volatile int loop_signal;

#endif
