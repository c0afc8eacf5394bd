/*
 * cli/obs/record.h - recording the session's frames, a subscriber of the
 * event stream: `capture start` keeps frames of both directions in memory
 * (capture/pcapw.h) until `capture save`, and -w FILE streams the whole
 * session to a pcap file; in a pcapng file each frame carries the
 * engine's explanation of it as its comment.
 */
#ifndef TCPX_CLI_OBS_RECORD_H
#define TCPX_CLI_OBS_RECORD_H

struct session;
struct pcapw;
struct record;

/*
 * The recorder of s's frames, subscribed to its bus, writing every frame
 * to the -w stream wfile too (which it then owns) when it is not NULL.
 * Free with record_free().
 */
struct record	*record_new(struct session *s, struct pcapw *wfile);

/* Unsubscribe, finish the -w file (an error is said), free (NULL is fine). */
void		 record_free(struct record *r);

/* The `capture` recording (running or stopped), or NULL. */
struct pcapw	*record_capture(const struct record *r);

/* Replace the `capture` recording by w (NULL: none); the old one is freed. */
void		 record_set_capture(struct record *r, struct pcapw *w);

/*
 * Record the inbound frame held for the events it causes (a `capture`
 * command calls this before it reads or saves the recording).
 */
void		 record_sync(struct record *r);

/* The -w stream, or NULL (none, or it failed). */
struct pcapw	*record_stream(const struct record *r);

#endif
