/*
 * craft/flood-mt.h - a flood at full speed from several threads, one per
 * CPU by default: each sender thread has its own packet socket and
 * transmit ring (craft/flood-tx.c) and takes the next run of frame
 * numbers from a shared counter, so that frames 0 .. count-1 each go out
 * once.  The caller's loop goes on meanwhile: it watches a descriptor
 * that becomes readable when every sender has finished, and may stop
 * them at any time.
 */
#ifndef TCPX_CRAFT_FLOOD_MT_H
#define TCPX_CRAFT_FLOOD_MT_H

#include <stdint.h>

#define FLOOD_THREADS_MAX	64

struct flood;
struct flood_mt;

/*
 * Send frames 0 .. count-1 of f on ifname from threads senders (fewer
 * when count needs fewer); f must outlive the flood.  NULL with *cause
 * (malloc'd) when a socket cannot be had.  Senders start at once.
 */
struct flood_mt	*flood_mt_start(const struct flood *f, const char *ifname,
		    uint64_t count, int threads, char **cause);

/* How many sender threads run (or ran). */
int		 flood_mt_threads(const struct flood_mt *mt);

/* Whether every sender uses a transmit ring. */
int		 flood_mt_ring(const struct flood_mt *mt);

/* Frames sent so far. */
uint64_t	 flood_mt_sent(struct flood_mt *mt);

/* A descriptor that is readable once every sender has finished. */
int		 flood_mt_fd(const struct flood_mt *mt);

/* Whether every sender has finished (all frames out, or an error). */
int		 flood_mt_done(struct flood_mt *mt);

/*
 * Stop the senders, wait for them and free mt: the frames sent; *cause
 * (malloc'd) is set when a sender failed, else left alone.
 */
uint64_t	 flood_mt_stop(struct flood_mt *mt, char **cause);

#endif
