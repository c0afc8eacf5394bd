/*
 * cli/run/session.h - the session runtime: the network side (the lab, or
 * an interface with the host's own address guarded by nftables), the
 * engine, the data path between them with its gate and ARP queue, the
 * clocks and the one poll() loop.  It knows nothing of readline, curses
 * or commands: what happens is published on s->bus (cli/run/bus.h), and
 * the front end registers its descriptors and hooks with the loop
 * (cli/run/loop.h).
 *
 *	session_new(opts, &cause)	set everything up
 *	loop_run(s)			until session_quit()
 *	session_free(s)			tear it all down, on every way out
 */
#ifndef TCPX_CLI_RUN_SESSION_H
#define TCPX_CLI_RUN_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/run/bus.h"
#include "cli/run/clock.h"
#include "cli/run/gate.h"
#include "core/bigmem.h"
#include "core/tcp.h"
#include "lab/lab.h"

struct arpq;
struct cap;
struct guard;
struct inj;
struct ipdefrag;
struct loop;
struct neigh;

/* Where the session lives. */
struct session_opts {
	int		 lab;		/* --lab: 1, --lab=router: 2 (0: none) */
	const char	*iface;		/* -i IFACE: a host interface */
	const char	*src;		/* -s: our IPv4 address there */
	const char	*src6;		/* -s: our IPv6 address there */
	const char	*user;		/* -Z USER: become USER after set-up */
	int		 offline;	/* no network at all: the lab's addresses,
					   frames sent go nowhere, none come
					   (the fuzzers; no root needed) */
};

struct session {
	struct session_opts o;
	int		 quit;

	struct lab	 lab;
	struct cap	*cap;
	struct inj	*inj;
	struct neigh	*nb;
	struct guard	*guard;		/* -i: nftables keeps the kernel off our ports */
	char		 ifname[32];
	uint8_t		 mac[6];
	struct addr	 my4, my6;
	int		 have4, have6;

	struct tcp_cfg	 cfg;
	struct stack	*st;
	struct gate	*gate;		/* step mode and faults */
	struct arpq	*arpq;		/* frames waiting for ARP/ND */
	struct eclock	 clock;		/* the engine's, stopped by step freeze */
	struct bus	 bus;
	struct loop	*loop;
	const struct seg *input;	/* the inbound segment the engine is taking */
	unsigned long	 cap_recv, cap_drop;	/* last published (RUN_CAPSTATS) */
	uint64_t	 cap_next;	/* when to read the capture's counters again */
	struct ipdefrag	*defrag[2];	/* fragments to us: [0] IPv4, [1] IPv6 */
	uint16_t	 ip_id;		/* next IPv4 Identification we fragment with */
	uint32_t	 frag6_id;	/* next IPv6 Fragment header Identification */
	size_t		 frag_next;	/* fragment the UDP datagrams sent now at this size */
	unsigned long	 send_fail;	/* frames the link refused (a command's failure) */
	unsigned	 out_hold;	/* entry points of path.c running: frames wait */
	bool		 out_async;	/* path_capture() handed frames to the thread
					   since path_drain() last read the answers */
	struct bigmem_heap heap;	/* malloc's heap, touched while idle */
};

/* Set everything up; the session, or NULL with *cause (the caller frees it). */
struct session	*session_new(const struct session_opts *o, char **cause);

/* Undo everything, in reverse; safe on a partial set-up (NULL is fine). */
void		 session_free(struct session *s);

/* Make loop_run() return. */
void		 session_quit(struct session *s);

/* The engine's time (µs): monotonic time less what `step freeze` stopped. */
uint64_t	 session_now(const struct session *s);

/* Our address of family (4 or 6), or NULL if we have none. */
const struct addr *session_addr(const struct session *s, int family);

/* "c3" for a TCP connection, "u5" for a UDP socket: into buf, returned. */
const char	*session_id(const struct session *s, unsigned id, char *buf,
		    size_t len);

#endif
