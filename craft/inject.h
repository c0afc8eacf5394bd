/*
 * craft/inject.h - building frames from engine segments and injecting them
 * at the link layer with libnet: one at a time, or queued and sent in
 * batches (the engine's output of one turn of the loop).
 */
#ifndef TCPX_CRAFT_INJECT_H
#define TCPX_CRAFT_INJECT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/seg.h"

struct inj;

/* Open link-layer injection on ifname; NULL with *cause (malloc'd) on failure. */
struct inj	*inj_open(const char *ifname, char **cause);

/* The interface's MAC address. */
void		 inj_mac(const struct inj *j, uint8_t mac[6]);

/* Send one complete link-layer frame; 0, or -1 with *cause (malloc'd). */
int		 inj_send(struct inj *j, const uint8_t *frame, size_t len,
		    char **cause);

/*
 * Frames inj_queue() gathers for one sendmmsg(), and their bytes (a
 * larger frame is sent by itself).
 */
#define INJ_BATCH	64
#define INJ_BATCH_BYTES	(256 * 1024)

/* Told of a queued frame the link refused; cause is inj's, for the call. */
typedef void	 inj_fail_fn(void *arg, const char *cause);

/*
 * Queue a copy of one complete link-layer frame; it goes with the next
 * inj_flush(), which inj_queue() calls itself when the batch is full
 * (fail(arg, cause) is told of each frame the link refuses).
 */
void		 inj_queue(struct inj *j, const uint8_t *frame, size_t len,
		    inj_fail_fn *fail, void *arg);

/* How many frames are queued for the next inj_flush(). */
size_t		 inj_queued(const struct inj *j);

/*
 * Send every queued frame, in order after those handed to the transmit
 * thread, with one sendmmsg() per batch (in async mode, the thread's);
 * each one refused is reported to fail(arg, cause).  Returns how many
 * were reported.
 */
size_t		 inj_flush(struct inj *j, inj_fail_fn *fail, void *arg);

/*
 * While on, inj_flush() (and the flush inj_queue() makes when the batch
 * is full) hands a batch of INJ_ASYNC_MIN small frames or more
 * (INJ_ASYNC_FRAME bytes each on average at most: a bulk receive's ACKs)
 * to a transmit thread and returns at once: the kernel's work for them
 * (over a veth, the peer's answer, its next segments) runs on another CPU
 * while the caller goes on.  Other batches are sent at once, as when off:
 * fewer frames cost less to send than to wake the thread for (a new
 * connection's SYN-ACK took 65 us instead of 32 from the thread), and for
 * frames that carry data the peer's kernel copies it and wakes its
 * reader, which on two CPUs needs the CPU the thread would take (a first
 * 4 MB sent went 25% slower from the thread).  Frames still leave in the
 * order queued; the refused are reported by a later inj_flush(),
 * inj_settle() or inj_pending().  A process that may run on one CPU only
 * has no thread.
 */
#define INJ_ASYNC_MIN	8
#define INJ_ASYNC_FRAME	128
void		 inj_async(struct inj *j, int on);

/*
 * Wait until the frames handed to the transmit thread have left; each one
 * refused is reported to fail(arg, cause).  Returns how many were.
 */
size_t		 inj_settle(struct inj *j, inj_fail_fn *fail, void *arg);

/*
 * Whether frames handed to the transmit thread are still on their way
 * (no waiting); once they have all left, the refused are reported to
 * fail as by inj_settle().
 */
int		 inj_pending(struct inj *j, inj_fail_fn *fail, void *arg);

/* What injection did so far (stat path). */
struct inj_stats {
	uint64_t	 frames;	/* handed to the kernel, refused among them */
	uint64_t	 calls;		/* sendto() and sendmmsg() calls */
	uint64_t	 handed;	/* batches the transmit thread sent */
	uint64_t	 waited;	/* flushes that waited for it to finish */
	uint64_t	 refused;	/* frames the link refused */
	int		 thread;	/* 1: running, 0: not yet, -1: none (one
					   CPU, or no thread could be had) */
};

/* Fill st with what j did so far. */
void		 inj_stats(const struct inj *j, struct inj_stats *st);

/* Close j (NULL is fine); the transmit thread's frames leave first. */
void		 inj_close(struct inj *j);

/*
 * Build the Ethernet frame for s from smac to dmac into buf (cap bytes);
 * checksums and lengths computed.  Returns its length, or -1 with *cause
 * (malloc'd; nothing is allocated on success).  Needs no privileges.
 */
ssize_t		 craft_seg_frame(const struct seg *s, const uint8_t smac[6],
		    const uint8_t dmac[6], uint8_t *buf, size_t cap,
		    char **cause);

#endif
