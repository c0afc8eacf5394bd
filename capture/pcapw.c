/*
 * capture/pcapw.c - recording frames of both directions into classic pcap
 * files through libpcap: a "dead" DLT_EN10MB handle compiles the BPF filter
 * (matched with pcap_offline_filter) and opens the dump files.  Frames are
 * kept in time order, because our own frames are stamped when sent and
 * captured ones by the kernel, and the two arrive here interleaved: a
 * captured frame goes before ours stamped later (see pcapw_insert).
 * libpcap writes no pcapng: a ".pcapng" file is written block by block
 * (capture/pcapng.c), each frame with its direction and comment.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "config.h"

#include "capture/pcapng.h"
#include "capture/pcapw.h"
#include "core/xmalloc.h"

#define PCAPW_STREAM_MAX	4096	/* frames a stream may hold back */

/* One frame, its header as it goes into the file. */
struct pcapw_frame {
	struct pcap_pkthdr	 h;
	int			 dir;		/* PCAPNG_DIR_* */
	char			*comment;	/* or NULL */
	uint8_t			 data[];
};

struct pcapw {
	pcap_t			*dead;
	struct bpf_program	 prog;
	int			 have_prog;
	char			*filter;	/* "" for none */
	int			 running;

	struct pcapw_frame	**v;		/* sorted by time */
	size_t			 n, cap;
	size_t			 max_bytes, max_frames;
	uint64_t		 held;		/* bytes in v */
	struct pcapw_stats	 st;

	/* A stream (-w). */
	char			*path;
	FILE			*f;
	pcap_dumper_t		*d;
	int			 ng;		/* pcapng: written by hand */
	char			*error;
	struct timeval		 newest;
};

static struct pcapw *pcapw_alloc(char **);
static void pcapw_insert(struct pcapw *, struct pcapw_frame *);
static int pcapw_write(struct pcapw *, const struct timeval *);
static void pcapw_fail(struct pcapw *, const char *);
static void pcapw_frame_free(struct pcapw *, struct pcapw_frame *);
static void pcapw_put(FILE *, pcap_dumper_t *, const struct pcapw_frame *);

/* The application a pcapng file names (shb_userappl). */
#define PCAPW_APPL	PACKAGE_NAME " " PACKAGE_VERSION

/* A recorder with a dead DLT_EN10MB handle and nothing in it. */
static struct pcapw *
pcapw_alloc(char **cause)
{
	struct pcapw	*w;

	w = xcalloc(1, sizeof *w);
	if ((w->dead = pcap_open_dead(DLT_EN10MB, PCAPW_SNAPLEN)) == NULL) {
		*cause = xstrdup("pcap_open_dead failed");
		free(w);
		return (NULL);
	}
	w->running = 1;
	w->max_bytes = PCAPW_MAX_BYTES;
	w->max_frames = PCAPW_MAX_FRAMES;
	w->filter = xstrdup("");
	return (w);
}

/* A new, running in-memory recorder keeping frames that match filter. */
struct pcapw *
pcapw_new(const char *filter, char **cause)
{
	struct pcapw	*w;

	if ((w = pcapw_alloc(cause)) == NULL)
		return (NULL);
	if (filter != NULL && *filter != '\0') {
		if (pcap_compile(w->dead, &w->prog, filter, 1,
		    PCAP_NETMASK_UNKNOWN) != 0) {
			const char *why = pcap_geterr(w->dead);
			const char *pfx = "can't parse filter expression: ";

			if (strncmp(why, pfx, strlen(pfx)) == 0)
				why += strlen(pfx);	/* we say "bad filter" */
			*cause = xasprintf("bad filter \"%s\": %s", filter,
			    why);
			pcapw_free(w);
			return (NULL);
		}
		w->have_prog = 1;
		free(w->filter);
		w->filter = xstrdup(filter);
	}
	return (w);
}

/* A streaming writer to a new pcap file at path. */
struct pcapw *
pcapw_stream(const char *path, char **cause)
{
	struct pcapw	*w;

	if ((w = pcapw_alloc(cause)) == NULL)
		return (NULL);
	w->path = xstrdup(path);
	w->max_frames = PCAPW_STREAM_MAX;
	w->max_bytes = SIZE_MAX;
	if ((w->f = fopen(path, "wb")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		pcapw_free(w);
		return (NULL);
	}
	if (pcapng_path(path)) {
		w->ng = 1;
		errno = 0;
		if (pcapng_write_head(w->f, PCAPW_APPL, DLT_EN10MB,
		    PCAPW_SNAPLEN) != 0 || fflush(w->f) != 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno != 0 ?
			    errno : EIO));
			pcapw_free(w);
			return (NULL);
		}
		return (w);
	}
	if ((w->d = pcap_dump_fopen(w->dead, w->f)) == NULL) {
		*cause = xasprintf("%s: %s", path, pcap_geterr(w->dead));
		fclose(w->f);
		w->f = NULL;
		pcapw_free(w);
		return (NULL);
	}
	if (pcap_dump_flush(w->d) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		pcapw_free(w);
		return (NULL);
	}
	return (w);
}

/* Change a recorder's bounds (0 keeps one). */
void
pcapw_limit(struct pcapw *w, size_t max_bytes, size_t max_frames)
{
	if (max_bytes != 0)
		w->max_bytes = max_bytes;
	if (max_frames != 0)
		w->max_frames = max_frames;
}

/*
 * Put f into the array by time, after every frame not later than it; but
 * a frame we sent goes last (it was stamped when it left, after what came
 * before it), and a captured frame never passes another captured one (the
 * kernel's ring order, as tcpdump writes it): it passes only frames of
 * ours stamped later.  That is the order in which cli/obs/frames.c
 * numbers a session's frames for `decode`.
 */
static void
pcapw_insert(struct pcapw *w, struct pcapw_frame *f)
{
	size_t	i;

	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 256 : w->cap * 2;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	for (i = w->n; i > 0 && f->dir != PCAPNG_DIR_OUT &&
	    timercmp(&w->v[i - 1]->h.ts, &f->h.ts, >); i--)
		if (f->dir == PCAPNG_DIR_IN && w->v[i - 1]->dir == PCAPNG_DIR_IN)
			break;
	memmove(w->v + i + 1, w->v + i, (w->n - i) * sizeof *w->v);
	w->v[i] = f;
	w->n++;
	w->held += f->h.caplen;
	if (f->comment != NULL)
		w->held += strlen(f->comment);
}

/* Free frame f, which w no longer holds. */
static void
pcapw_frame_free(struct pcapw *w, struct pcapw_frame *f)
{
	w->held -= f->h.caplen;
	if (f->comment != NULL)
		w->held -= strlen(f->comment);
	free(f->comment);
	free(f);
}

/* Write frame f to a pcap dumper d, or to pcapng file fp when d is NULL. */
static void
pcapw_put(FILE *fp, pcap_dumper_t *d, const struct pcapw_frame *f)
{
	if (d != NULL)
		pcap_dump((u_char *)d, &f->h, f->data);
	else if (pcapng_write_epb(fp, &f->h.ts, f->data, f->h.caplen,
	    f->h.len, f->dir, f->comment) != 0 && errno == 0)
		errno = EIO;
}

/* Remember a stream's first write error and stop writing. */
static void
pcapw_fail(struct pcapw *w, const char *why)
{
	if (w->error == NULL)
		w->error = xasprintf("%s: %s", w->path, why);
}

/*
 * Write a stream's held frames stamped no later than upto (all of them for
 * NULL) and flush the file; 0 or -1 after a write error.
 */
static int
pcapw_write(struct pcapw *w, const struct timeval *upto)
{
	size_t	i;

	if (w->error != NULL)
		return (-1);
	errno = 0;
	for (i = 0; i < w->n; i++) {
		if (upto != NULL && timercmp(&w->v[i]->h.ts, upto, >) &&
		    w->n - i < w->max_frames)
			break;
		pcapw_put(w->f, w->d, w->v[i]);
		w->st.frames++;
		w->st.bytes += w->v[i]->h.caplen;
		pcapw_frame_free(w, w->v[i]);
	}
	if (i == 0)
		return (0);
	memmove(w->v, w->v + i, (w->n - i) * sizeof *w->v);
	w->n -= i;
	if ((w->d != NULL ? pcap_dump_flush(w->d) : fflush(w->f)) != 0 ||
	    ferror(w->f)) {
		pcapw_fail(w, strerror(errno != 0 ? errno : EIO));
		return (-1);
	}
	return (0);
}

/* Offer one Ethernet frame seen at tv. */
int
pcapw_add(struct pcapw *w, const struct timeval *tv, const uint8_t *frame,
    size_t len)
{
	return (pcapw_add_note(w, tv, frame, len, NULL));
}

/* Offer one Ethernet frame seen at tv, with its direction and comment. */
int
pcapw_add_note(struct pcapw *w, const struct timeval *tv,
    const uint8_t *frame, size_t len, const struct pcapw_note *note)
{
	struct pcapw_frame	*f;
	struct pcap_pkthdr	 h;
	struct timeval		 upto, win;
	size_t			 clen;

	if (!w->running)
		return (0);
	if (w->error != NULL) {
		w->st.drops++;
		return (-1);
	}
	h.ts = *tv;
	h.len = len > UINT32_MAX ? UINT32_MAX : (bpf_u_int32)len;
	h.caplen = len > PCAPW_SNAPLEN ? PCAPW_SNAPLEN : (bpf_u_int32)len;
	if (w->have_prog && pcap_offline_filter(&w->prog, &h, frame) == 0) {
		w->st.filtered++;
		return (0);
	}
	clen = note != NULL && note->comment != NULL ?
	    strlen(note->comment) : 0;
	if (clen > PCAPNG_COMMENT_MAX)
		clen = PCAPNG_COMMENT_MAX;	/* as pcapng_write_epb cuts it */
	if (w->f == NULL && (w->n >= w->max_frames ||
	    w->held + h.caplen + clen > w->max_bytes)) {
		w->st.drops++;
		return (-1);
	}
	f = xmalloc(sizeof *f + h.caplen);
	f->h = h;
	f->dir = note != NULL ? note->dir : PCAPNG_DIR_UNKNOWN;
	f->comment = clen > 0 ? xstrdup(note->comment) : NULL;
	if (f->comment != NULL && strlen(f->comment) > PCAPNG_COMMENT_MAX) {
		clen = PCAPNG_COMMENT_MAX;
		while (clen > 0 && ((unsigned char)f->comment[clen] & 0xc0) ==
		    0x80)
			clen--;
		f->comment[clen] = '\0';
	}
	memcpy(f->data, frame, h.caplen);
	pcapw_insert(w, f);
	if (w->f == NULL) {
		w->st.frames++;
		w->st.bytes += h.caplen;
		return (1);
	}
	if (timercmp(tv, &w->newest, >))
		w->newest = *tv;
	win.tv_sec = PCAPW_REORDER_US / 1000000;
	win.tv_usec = PCAPW_REORDER_US % 1000000;
	timersub(&w->newest, &win, &upto);
	return (pcapw_write(w, &upto) == 0 ? 1 : -1);
}

/* Stop taking frames. */
void
pcapw_stop(struct pcapw *w)
{
	w->running = 0;
}

/* Whether the recorder takes frames. */
int
pcapw_running(const struct pcapw *w)
{
	return (w->running);
}

/* The counters so far. */
void
pcapw_stats(const struct pcapw *w, struct pcapw_stats *st)
{
	*st = w->st;
	st->held = w->f != NULL ? w->n : 0;
}

/* The filter, "" for none. */
const char *
pcapw_filter(const struct pcapw *w)
{
	return (w->filter);
}

/* A stream's path, or NULL for a recorder. */
const char *
pcapw_path(const struct pcapw *w)
{
	return (w->path);
}

/* A stream's first write error, or NULL. */
const char *
pcapw_error(const struct pcapw *w)
{
	return (w->error);
}

/* Write a recorder's frames to a new pcap file at path, in time order. */
long
pcapw_save(const struct pcapw *w, const char *path, char **cause)
{
	pcap_dumper_t	*d;
	FILE		*f;
	struct stat	 sb;
	size_t		 i;
	int		 regular, err;

	if ((f = fopen(path, "wb")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	regular = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
	errno = 0;
	if (pcapng_path(path))
		d = NULL;
	else if ((d = pcap_dump_fopen(w->dead, f)) == NULL) {
		*cause = xasprintf("%s: %s", path, pcap_geterr(w->dead));
		fclose(f);
		goto fail;
	}
	if (d == NULL && pcapng_write_head(f, PCAPW_APPL, DLT_EN10MB,
	    PCAPW_SNAPLEN) != 0 && errno == 0)
		errno = EIO;
	for (i = 0; i < w->n; i++)
		pcapw_put(f, d, w->v[i]);
	if ((d != NULL ? pcap_dump_flush(d) : fflush(f)) != 0 || ferror(f) ||
	    (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS)) {
		err = errno != 0 ? errno : EIO;
		if (d != NULL)
			pcap_dump_close(d);
		else
			fclose(f);
		*cause = xasprintf("%s: %s", path, strerror(err));
		goto fail;
	}
	if (d != NULL)
		pcap_dump_close(d);
	else if (fclose(f) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	return ((long)w->n);
fail:
	if (regular)
		unlink(path);
	return (-1);
}

/* Write out everything a stream holds. */
int
pcapw_flush(struct pcapw *w, char **cause)
{
	if (w->f == NULL)
		return (0);
	if (pcapw_write(w, NULL) != 0) {
		*cause = xstrdup(w->error);
		return (-1);
	}
	return (0);
}

/* Free a recorder, or flush and close a stream. */
void
pcapw_free(struct pcapw *w)
{
	size_t	i;

	if (w == NULL)
		return;
	if (w->d != NULL) {
		pcapw_write(w, NULL);
		pcap_dump_close(w->d);	/* closes w->f */
	} else if (w->f != NULL) {
		if (w->ng)
			pcapw_write(w, NULL);
		fclose(w->f);
	}
	for (i = 0; i < w->n; i++)
		pcapw_frame_free(w, w->v[i]);
	free(w->v);
	if (w->have_prog)
		pcap_freecode(&w->prog);
	pcap_close(w->dead);
	free(w->filter);
	free(w->path);
	free(w->error);
	free(w);
}
