/*
 * cli/obs/frames.h - the session's numbered frames, a subscriber of the
 * event stream: every frame on the wire, either direction, gets the next
 * number (1 is the session's first, as in a -w file of the session), and
 * the newest FRAMES_KEEP of them (at most FRAMES_MEM bytes) are kept for
 * `decode N`; older ones are counted, not kept.
 */
#ifndef TCPX_CLI_OBS_FRAMES_H
#define TCPX_CLI_OBS_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "cli/run/bus.h"

#define FRAMES_KEEP	10000
#define FRAMES_MEM	(16UL << 20)
#define FRAMES_BIG	(256UL << 10)	/* larger frames get their own
					   allocation, the rest share one
					   buffer of up to FRAMES_MEM +
					   FRAMES_BIG */
#define FRAMES_BUF0	(1UL << 20)	/* that buffer's first size */
#define FRAMES_WARM	(64UL << 10)	/* bytes of it touched per idle step */
#define FRAMES_PEND	1024		/* frames of ours waiting for a number */

struct session;
struct frames;

/* One kept frame. */
struct frame_rec {
	unsigned long	 id;		/* in the order the bus brought it */
	unsigned long	 num;		/* in time order, as -w writes it
					   (0: not yet given) */
	enum run_dir	 dir;
	int		 dlt;		/* WIRE_DLT_* of its bytes */
	struct timeval	 ts;
	uint8_t		*data;		/* owned by the ring */
	size_t		 len;
	uint64_t	 pos;		/* the ring's own: where in its buffer
					   (a frame of more than FRAMES_BIG:
					   UINT64_MAX, data allocated) */
};

/* The ring of s's frames, subscribed to its bus; free with frames_free(). */
struct frames	*frames_new(struct session *s);

/* Unsubscribe and free (NULL is fine). */
void		 frames_free(struct frames *f);

/* Frame num if it is still kept, else NULL; valid until the next frame. */
const struct frame_rec *frames_get(struct frames *f, unsigned long num);

/* The number of the newest frame (0: none yet). */
unsigned long	 frames_last(struct frames *f);

/*
 * Frame id (the order the bus brought frames in: frames_last_id() right
 * after a frame is that frame's) if still kept, else NULL; for a
 * subscriber that must name a frame before it has its number.
 */
const struct frame_rec *frames_get_id(const struct frames *f,
		    unsigned long id);

/* The id of the newest frame taken in (0: none yet). */
unsigned long	 frames_last_id(const struct frames *f);

/*
 * The size of the buffer the kept frames share: FRAMES_BUF0, doubled (to
 * FRAMES_MEM + FRAMES_BIG where twice that would pass it) only when the
 * frames kept need more.
 */
size_t		 frames_buffer(const struct frames *f);

/* What the frames kept for decode hold, for `stat path`. */
struct frames_stats {
	unsigned long	 kept;		/* frames kept */
	size_t		 bytes;		/* ... their bytes */
	size_t		 mapped;	/* the buffer they share, as mapped */
	size_t		 touched;	/* ... and of it touched (used or warmed) */
};

/* Fill *st. */
void		 frames_stats(const struct frames *f, struct frames_stats *st);

/* The number of the oldest kept frame (0: none kept). */
unsigned long	 frames_first(struct frames *f);

/*
 * The number of the newest kept frame going dir (RUN_IN, RUN_OUT, or -1
 * for either) whose decoded layers include every PKT_* bit of layers;
 * 0 when no kept frame is such.
 */
unsigned long	 frames_newest(struct frames *f, int dir,
		    unsigned layers);

#endif
