/*
 * capture/pcapw.h - recording frames of both directions into classic pcap
 * files (DLT_EN10MB, microsecond timestamps) through libpcap, or into
 * pcapng files (capture/pcapng.h) that keep each frame's direction and
 * comment, when the file's name ends in ".pcapng": an in-memory recorder
 * with an optional BPF filter and a size bound, saved on demand
 * (`capture`), and a streaming writer that follows a session to the end (-w).
 */
#ifndef TCPX_CAPTURE_PCAPW_H
#define TCPX_CAPTURE_PCAPW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#define PCAPW_SNAPLEN		262144
#define PCAPW_MAX_BYTES		(64 * 1024 * 1024)	/* recorder default */
#define PCAPW_MAX_FRAMES	(1024 * 1024)		/* recorder default */
#define PCAPW_REORDER_US	500000	/* a stream holds frames this long */

struct pcapw;

/* What pcapng keeps of a frame beside its bytes. */
struct pcapw_note {
	int		 dir;		/* PCAPNG_DIR_* */
	const char	*comment;	/* UTF-8, or NULL; cut to PCAPNG_COMMENT_MAX */
};

/* What a recorder or stream has seen so far. */
struct pcapw_stats {
	uint64_t	 frames;	/* recorded (or, for a stream, written) */
	uint64_t	 bytes;		/* captured bytes of those frames */
	uint64_t	 drops;		/* refused: the recorder was full */
	uint64_t	 filtered;	/* did not match the filter */
	uint64_t	 held;		/* a stream's frames not yet written */
};

/*
 * A new, running in-memory recorder keeping the frames that match filter
 * (NULL or "" for all), at most PCAPW_MAX_BYTES of frame data and
 * PCAPW_MAX_FRAMES frames.  NULL with *cause (malloc'd, caller frees) such
 * as `bad filter "tcp port": syntax error`.  Free with pcapw_free().
 */
struct pcapw	*pcapw_new(const char *filter, char **cause);

/*
 * A streaming writer to a new pcap file at path (pcapng when it ends in
 * ".pcapng"): frames are written in time order, at most PCAPW_REORDER_US
 * behind the newest, and all of them by pcapw_flush() and pcapw_free().  NULL with *cause (malloc'd) "PATH:
 * reason" when the file cannot be created.
 */
struct pcapw	*pcapw_stream(const char *path, char **cause);

/* Change a recorder's bounds (0 keeps one); frames kept so far stay. */
void		 pcapw_limit(struct pcapw *, size_t max_bytes, size_t max_frames);

/*
 * Offer one Ethernet frame seen at tv; frames are kept in time order
 * whatever order they are offered in.  Returns 1 if kept, 0 if the
 * filter refused it or the recorder is stopped, -1 if dropped because the
 * recorder is full or (a stream) the file could not be written: then
 * pcapw_error() says why and the stream writes nothing more.
 */
int		 pcapw_add(struct pcapw *, const struct timeval *tv,
		    const uint8_t *frame, size_t len);

/* As pcapw_add(), with the direction and comment pcapng keeps (NULL: none). */
int		 pcapw_add_note(struct pcapw *, const struct timeval *tv,
		    const uint8_t *frame, size_t len,
		    const struct pcapw_note *note);

/* Stop or restart taking frames (a stopped recorder keeps what it has). */
void		 pcapw_stop(struct pcapw *);
int		 pcapw_running(const struct pcapw *);

/* The counters so far. */
void		 pcapw_stats(const struct pcapw *, struct pcapw_stats *);

/* The filter ("" for none) or, for a stream, the file's path. */
const char	*pcapw_filter(const struct pcapw *);
const char	*pcapw_path(const struct pcapw *);

/* A stream's first write error ("PATH: reason"), or NULL. */
const char	*pcapw_error(const struct pcapw *);

/*
 * Write a recorder's frames to a new pcap file at path, in time order
 * (pcapng, with directions and comments, when path ends in ".pcapng").
 * Returns the number of frames written, or -1 with *cause (malloc'd)
 * "PATH: reason"; a failed save leaves no partial file behind.
 */
long		 pcapw_save(const struct pcapw *, const char *path, char **cause);

/* Write out everything a stream holds; 0, or -1 with *cause (malloc'd). */
int		 pcapw_flush(struct pcapw *, char **cause);

/* Free a recorder, or flush and close a stream (NULL is fine). */
void		 pcapw_free(struct pcapw *);

#endif
