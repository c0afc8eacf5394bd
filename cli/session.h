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
#include "cli/tcpx.h"

struct cap;
struct inj;
struct neigh;
struct guard;
struct printer;

/* What the user has seen of one connection. */
struct view {
	unsigned	 id;
	struct bytes	 rx;		/* everything received, for `wait recv` */
	size_t		 mark;		/* where the next `wait recv` starts looking */
	int		 autoaccept;	/* a listener: accept its connections at once */
	struct view	*next;
};

/* A segment waiting for its next hop's MAC address. */
struct pending {
	struct seg	 seg;
	uint8_t		*data;
	uint64_t	 since;
	struct pending	*next;
};

struct session {
	const struct opts *o;
	int		 interactive;	/* a prompt on a terminal, not a batch */
	int		 quit;
	int		 in_wait;	/* a command is waiting in the loop */
	int		 child_running;	/* lab exec: wake often to reap it */

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
	struct view	*views;
	struct pending	*pend;
	uint64_t	 arp_next;	/* when to repeat ARP/ND requests */
};

/* Monotonic time in microseconds. */
uint64_t	 now_us(void);

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

/* The view of connection id, created on first use. */
struct view	*session_view(struct session *, unsigned id);

/* Connection id was taken from an accept queue: make it current, say so. */
void		 session_accepted(struct session *, unsigned id);

/* Move everything the engine has queued: segments to the wire, events to the user. */
void		 session_pump(struct session *);

/* Read every captured frame that is ready. */
void		 session_capture(struct session *);

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
/* Batch runs of -c and -f ("-" is stdin): stop at the first failure. */
int		 batch_string(struct session *, const char *);
int		 batch_file(struct session *, const char *);

/* Set by the SIGINT/SIGTERM/SIGHUP handler. */
extern volatile int loop_signal;

#endif
