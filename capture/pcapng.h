/*
 * capture/pcapng.h - the pcapng file format (draft-ietf-opsawg-pcapng):
 * writing a section (Section Header Block), one interface (Interface
 * Description Block) and Enhanced Packet Blocks that carry a packet
 * comment (opt_comment) and the direction (epb_flags); and reading back
 * the comments of a file's packets, one packet block after another, beside
 * libpcap reading the same file (libpcap does not hand comments over).
 */
#ifndef TCPX_CAPTURE_PCAPNG_H
#define TCPX_CAPTURE_PCAPNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#define PCAPNG_COMMENT_MAX	2048	/* bytes of a comment written or read */
#define PCAPNG_OPTIONS_MAX	65536	/* a block's options read for comments */
#define PCAPNG_BLOCK_MAX	(16 * 1024 * 1024)	/* as libpcap's bound */

/* epb_flags' direction (draft-ietf-opsawg-pcapng §4.3.1). */
#define PCAPNG_DIR_UNKNOWN	0
#define PCAPNG_DIR_IN		1
#define PCAPNG_DIR_OUT		2

struct pcapng_notes;

/* Whether path names a pcapng file: it ends in ".pcapng" (any case). */
int		 pcapng_path(const char *path);

/*
 * Write a Section Header Block naming the application appl and one
 * Interface Description Block (linktype, snaplen, microsecond
 * timestamps) to f; 0, or -1 with errno set.
 */
int		 pcapng_write_head(FILE *f, const char *appl, int linktype,
		    uint32_t snaplen);

/*
 * Write an Enhanced Packet Block for interface 0: caplen bytes of data
 * (len on the wire) seen at tv, with direction dir (PCAPNG_DIR_*) and
 * comment (NULL or "": none; UTF-8, cut to PCAPNG_COMMENT_MAX at a
 * character's start) as options; 0, or -1 with errno set.
 */
int		 pcapng_write_epb(FILE *f, const struct timeval *tv,
		    const uint8_t *data, uint32_t caplen, uint32_t len, int dir,
		    const char *comment);

/*
 * The comments of the pcapng file at path, read packet block by packet
 * block; NULL when path is not a regular file beginning with a Section
 * Header Block, or cannot be opened.  Close with pcapng_notes_close().
 */
struct pcapng_notes *pcapng_notes_open(const char *path);

/*
 * The comment of the next packet block (Enhanced, Simple or the obsolete
 * Packet Block), or NULL when it has none.  Several comments are joined by
 * newlines; the text is valid UTF-8 without control characters other
 * than newline (anything else is '?'), at most PCAPNG_COMMENT_MAX bytes.
 * Valid until the next call.  After the end of the file or a malformed
 * block every call returns NULL.
 */
const char	*pcapng_notes_next(struct pcapng_notes *n);

/* Whether any comment was found so far. */
int		 pcapng_notes_seen(const struct pcapng_notes *n);

/* Close n (NULL is fine). */
void		 pcapng_notes_close(struct pcapng_notes *n);

/*
 * Copy the len bytes at src to dst (room for dstlen bytes and a NUL) as
 * pcapng_notes_next() gives comments: invalid UTF-8 and control
 * characters except newline become '?', "\r\n" becomes "\n", trailing NULs
 * go; cut at a character's start.  Returns the length written.
 */
size_t		 pcapng_clean(char *dst, size_t dstlen, const uint8_t *src,
		    size_t len);

#endif
