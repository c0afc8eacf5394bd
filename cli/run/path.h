/*
 * cli/run/path.h - the session's data path.  Inbound: a captured frame is
 * published, decoded, answered by ARP/ND or (a segment of ours) passed
 * through the gate to the engine.  Outbound: what the engine queues goes
 * through the gate, is framed, waits in the ARP queue if its next hop is
 * unknown, is injected and published with its wire copy.
 */
#ifndef TCPX_CLI_RUN_PATH_H
#define TCPX_CLI_RUN_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

struct session;
struct segmeta;

/*
 * Read and handle every captured frame that is ready.  What they make us
 * send may still be leaving from the transmit thread when this returns.
 */
void		 path_capture(struct session *s);

/*
 * Wait until every frame path_capture() handed to the transmit thread
 * has left, its refusals reported: before a command runs.
 */
void		 path_settle(struct session *s);

/*
 * At the end of a session: settle, then read the answers a veth peer gave
 * those frames (path_capture() read them at once when it sent them itself).
 */
void		 path_drain(struct session *s);

/* Whether frames are still leaving from the transmit thread (no wait). */
int		 path_leaving(struct session *s);

/*
 * Take an Ethernet frame of len bytes as if the capture saw it now: the
 * way an offline session gets input (the fuzzers and tests; a live
 * session's frames come from path_capture()).
 */
void		 path_feed(struct session *s, const uint8_t *frame, size_t len);

/* Move everything the engine queued: segments to the gate, events to the bus. */
void		 session_pump(struct session *s);

/* Run what is due: engine timers, delayed segments, ARP repeats and give-ups. */
void		 path_timers(struct session *s);

/* The earliest monotonic time path_timers() has work, or UINT64_MAX. */
uint64_t	 path_deadline(const struct session *s);

/*
 * Send a finished frame (crafted: its destination MAC is filled in here),
 * now or once next hop dst is resolved; in fragments of frag bytes of
 * data when frag > 0, or as the path's MTU needs.
 */
void		 path_send_frame(struct session *s, const struct addr *dst,
		    uint8_t *frame, size_t len, size_t frag);

/* How many frames the link refused so far: a command that sends compares. */
unsigned long	 path_failures(const struct session *s);

/* Start resolving a (nothing when known or being resolved). */
void		 path_resolve(struct session *s, const struct addr *a);

/* Whether a is still being resolved (frames wait for it). */
int		 path_resolving(const struct session *s, const struct addr *a);

/* Let held segment #num (0: the oldest) go; 0, or -1 when none is held. */
int		 session_release(struct session *s, unsigned num);

/* Drop held segment #num (0: the oldest); 0, or -1 when none is held. */
int		 session_drop(struct session *s, unsigned num);

/* `step freeze on|off`: the engine's clock stops while anything is held. */
void		 session_freeze(struct session *s, int on);

/*
 * Frame seg as it would go on the wire now (the next hop's MAC, or zeros)
 * into buf; its length, or -1 with *cause (malloc'd).
 */
long		 path_frame(const struct session *s, const struct seg *seg,
		    uint8_t *buf, size_t len, char **cause);

#endif
