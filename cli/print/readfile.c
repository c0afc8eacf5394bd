/*
 * cli/print/readfile.c - tcpx -r FILE: print every packet of a pcap or pcapng
 * file as tcpdump -n -r would (or as JSON lines with --json), each with
 * every field of it below its line with --detail, or only packet N with
 * --packet N.  A pcapng packet's comment (such as tcpx's explanation of
 * why it was sent) follows its line as "    # TEXT" lines; a file without
 * comments prints exactly as tcpdump does.
 *
 * Exit status: 0 when the whole file was read; 1 when it is truncated or
 * corrupt part-way (the packets before the fault are printed first); 2
 * when it cannot be opened or is not a capture file at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cap.h"
#include "capture/pcapng.h"
#include "cli/print/print.h"
#include "cli/print/readfile.h"
#include "cli/tcpx.h"
#include "core/seg.h"
#include "core/tracker.h"
#include "core/wire.h"

#define READFILE_OUTBUF	(1 << 20)

struct readfile {
	struct printer	*pr;
	int		 json;
	char		*out;		/* lines waiting to be written */
	size_t		 used;
	int		 werr;		/* a write to stdout failed */
	struct tracker	*trk;		/* --states, --detail: follow the conversations */
	int		 states;	/* --states: print what trk infers */
	int		 detail;	/* --detail: every field of each packet */
	unsigned long	 only;		/* --packet N: only packet N (0: all) */
	unsigned long	 num;		/* packets read so far */
	int		 unsupported;	/* a link type the decoder does not know */
};

static void	readfile_frame(void *, const struct cap_frame *);
static void	readfile_flush(struct readfile *);
static void	readfile_track(struct readfile *, const struct pkt *,
		    const struct timeval *);
static void	readfile_states(struct readfile *, int);
static void	readfile_detail(struct readfile *, const struct pkt *,
		    const struct cap_frame *);
static void	readfile_comment(struct readfile *, const char *);
static void	readfile_hexdump(struct readfile *, const uint8_t *, size_t);

/* Write the buffered lines to stdout. */
static void
readfile_flush(struct readfile *rf)
{
	if (rf->used > 0 && !rf->werr &&
	    fwrite(rf->out, 1, rf->used, stdout) != rf->used)
		rf->werr = 1;
	rf->used = 0;
}

/* Append one line of text to the output buffer. */
static void
readfile_puts(struct readfile *rf, const char *line)
{
	size_t	n = strlen(line);

	if (READFILE_OUTBUF - rf->used < n + 2)
		readfile_flush(rf);
	memcpy(rf->out + rf->used, line, n);
	rf->used += n;
	rf->out[rf->used++] = '\n';
}

/* Feed a TCP packet to the tracker. */
static void
readfile_track(struct readfile *rf, const struct pkt *p,
    const struct timeval *tv)
{
	struct seg	s;

	if (seg_from_pkt(&s, p) != 0 || s.proto != IPPROTO_TCP_)
		return;
	tracker_input(rf->trk, &s, (uint64_t)tv->tv_sec * 1000000 +
	    (uint64_t)tv->tv_usec);
}

/* Print what the tracker inferred from the last packet (--states). */
static void
readfile_states(struct readfile *rf, int show)
{
	struct trk_event	ev;
	char			line[TRK_WHYLEN + 160];

	while (tracker_event(rf->trk, &ev)) {
		if (!show || ev.type == TRK_EV_CONV)
			continue;
		line[0] = ' ';
		line[1] = ' ';
		line[2] = '*';
		line[3] = ' ';
		trk_event_fmt(&ev, line + 4, sizeof line - 4);
		readfile_puts(rf, line);
	}
}

/*
 * Append every field of packet p below its line, its TCP window scale and
 * relative numbers from the handshake the tracker saw.
 */
static void
readfile_detail(struct readfile *rf, const struct pkt *p,
    const struct cap_frame *f)
{
	struct detail_ctx	 dc;
	const struct trk_conv	*c;
	const struct trk_end	*me, *peer;
	struct seg		 s;
	unsigned		 id;
	int			 end;

	memset(&dc, 0, sizeof dc);
	dc.num = rf->num;
	dc.wscale = DETAIL_WS_UNKNOWN;
	if (seg_from_pkt(&s, p) == 0 && s.proto == IPPROTO_TCP_ &&
	    (id = tracker_find(rf->trk, &s, &end)) != 0 &&
	    (c = tracker_conv(rf->trk, id)) != NULL) {
		me = &c->end[end];
		peer = &c->end[!end];
		if (me->syn_seen && peer->syn_seen)
			dc.wscale = me->wscale >= 0 && peer->wscale >= 0 ?
			    me->wscale : -1;
		dc.rel_seq = me->isn_known;
		dc.seq_base = me->isn;
		dc.rel_ack = peer->isn_known;
		dc.ack_base = peer->isn;
	}
	if (READFILE_OUTBUF - rf->used < PRINT_DETAIL_MAX + 2)
		readfile_flush(rf);
	rf->used += print_detail(p, f->data, &dc, rf->out + rf->used,
	    PRINT_DETAIL_MAX);
	rf->out[rf->used++] = '\n';
	rf->out[rf->used++] = '\n';
}

/* Append a packet's comment, each of its lines as "    # LINE". */
static void
readfile_comment(struct readfile *rf, const char *comment)
{
	char		 line[PCAPNG_COMMENT_MAX + 8];
	const char	*nl;
	size_t		 n;

	for (;;) {
		nl = strchr(comment, '\n');
		n = nl != NULL ? (size_t)(nl - comment) : strlen(comment);
		if (n > PCAPNG_COMMENT_MAX)
			n = PCAPNG_COMMENT_MAX;
		snprintf(line, sizeof line, "    # %.*s", (int)n, comment);
		readfile_puts(rf, line);
		if (nl == NULL)
			break;
		comment = nl + 1;
	}
}

/*
 * Append the n bytes at d as tcpdump's hex_and_ascii_print does, 16 bytes
 * a line: "\t0x0010:  4500 0034 ...  E..4", graphic ASCII or '.'.
 */
static void
readfile_hexdump(struct readfile *rf, const uint8_t *d, size_t n)
{
	char	hex[48], asc[17], line[96];
	size_t	off, i, k, h;

	for (off = 0; off < n; off += 16) {
		k = n - off < 16 ? n - off : 16;
		h = 0;
		for (i = 0; i < k; i++) {
			h += (size_t)snprintf(hex + h, sizeof hex - h,
			    i % 2 == 0 ? " %02x" : "%02x", d[off + i]);
			asc[i] = d[off + i] > 0x20 && d[off + i] <= 0x7e ?
			    (char)d[off + i] : '.';
		}
		asc[k] = '\0';
		snprintf(line, sizeof line, "\t0x%04zx: %-40s  %s", off, hex,
		    asc);
		readfile_puts(rf, line);
	}
}

/* Decode one frame and append its line to the output buffer. */
static void
readfile_frame(void *arg, const struct cap_frame *f)
{
	struct readfile	*rf = arg;
	struct pkt	 p;
	char		*o;
	size_t		 n;

	rf->num++;
	(void)wire_decode(&p, f->dlt, f->data, f->caplen, f->len);
	if (rf->trk != NULL)
		readfile_track(rf, &p, &f->ts);
	if (rf->only != 0 && rf->num != rf->only) {
		if (rf->trk != NULL)
			readfile_states(rf, 0);
		return;
	}
	if (READFILE_OUTBUF - rf->used < PRINT_JSON_MAX + PRINT_TS_MAX + 2)
		readfile_flush(rf);
	o = rf->out + rf->used;
	if (rf->unsupported && !rf->json) {
		/* tcpdump's way with a link type it has no printer for. */
		n = print_ts(&f->ts, o, PRINT_TS_MAX);
		memcpy(o + n, " UNSUPPORTED", 12);
		rf->used += n + 12;
		rf->out[rf->used++] = '\n';
		readfile_hexdump(rf, f->data, f->caplen);
		if (f->comment != NULL)
			readfile_comment(rf, f->comment);
		return;
	}
	if (rf->json)
		n = print_json(&p, &f->ts, o, PRINT_JSON_MAX);
	else {
		n = print_ts(&f->ts, o, PRINT_TS_MAX);
		o[n++] = ' ';
		n += print_pkt(rf->pr, &p, o + n, PRINT_LINE_MAX);
	}
	o[n++] = '\n';
	rf->used += n;
	if (f->comment != NULL && !rf->json)
		readfile_comment(rf, f->comment);
	if (rf->trk != NULL)
		readfile_states(rf, rf->states);
	if (rf->detail)
		readfile_detail(rf, &p, f);
}

/* Open capture file path, or say why not in one line and return NULL. */
struct cap *
readfile_open(const char *path)
{
	struct cap	*c;
	char		*cause = NULL;

	if ((c = cap_open_file(path, &cause)) == NULL) {
		fprintf(stderr, "tcpx: %s: %s\n", path, cause);
		free(cause);
	}
	return (c);
}

/* Print the packets of path; returns an exit status (see above). */
int
readfile_run(const char *path, int json, int states, int detail,
    unsigned long only)
{
	struct readfile	 rf;
	struct cap	*c;
	char		*cause = NULL, name[128];
	int		 rc = EXIT_OK;

	if ((c = readfile_open(path)) == NULL)
		return (EXIT_USAGE);
	memset(&rf, 0, sizeof rf);
	rf.pr = printer_new();
	rf.json = json;
	rf.states = states;
	rf.detail = detail;
	rf.only = only;
	/* Once, on stderr, as tcpdump names the link type when it starts. */
	if ((rf.unsupported = !wire_dlt_known(cap_dlt(c))))
		fprintf(stderr, "tcpx: %s: link-type %s is not one tcpx "
		    "decodes: its packets are shown in hex\n", path,
		    cap_dlt_name(c, name, sizeof name));
	if (states || detail)
		rf.trk = tracker_new(NULL);
	if ((rf.out = malloc(READFILE_OUTBUF)) == NULL) {
		fprintf(stderr, "tcpx: out of memory\n");
		exit(1);
	}
	if (cap_dispatch(c, readfile_frame, &rf, &cause) == -1)
		rc = 1;
	if (rc == EXIT_OK && only > rf.num) {
		fprintf(stderr, "tcpx: %s: --packet %lu: the file has only %lu "
		    "packet%s\n", path, only, rf.num, rf.num == 1 ? "" : "s");
		rc = 1;
	}
	readfile_flush(&rf);
	if (fflush(stdout) != 0)
		rf.werr = 1;
	if (rc != EXIT_OK) {
		fprintf(stderr, "tcpx: %s: %s\n", path, cause);
		free(cause);
	}
	if (rf.werr) {
		fprintf(stderr, "tcpx: write error on standard output\n");
		rc = 1;
	}
	free(rf.out);
	tracker_free(rf.trk);
	printer_free(rf.pr);
	cap_close(c);
	return (rc);
}
