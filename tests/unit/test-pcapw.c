/*
 * tests/unit/test-pcapw.c - the pcap recorder and -w stream (no root):
 * frames of both directions kept in time order (a captured frame passes
 * only frames of ours stamped later, never another captured one, as
 * cli/obs/frames.c numbers them), BPF filters, bounds and
 * drops, files read back through libpcap byte for byte, and the errors
 * that name a bad filter or an unwritable path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture/pcapng.h"
#include "capture/pcapw.h"
#include "tests/tap.h"

#define MAXF	16

/* A frame read back from a file. */
struct rframe {
	struct timeval	 ts;
	size_t		 caplen, len;
	uint8_t		 data[2048];
};

static size_t mkframe(uint8_t *, int, uint16_t, size_t);
static int readback(const char *, struct rframe *, int, int *);

/*
 * An Ethernet/IPv4 frame of proto (6 TCP, 17 UDP) from port sport with
 * pad bytes of payload; checksums are not needed by BPF.
 */
static size_t
mkframe(uint8_t *b, int proto, uint16_t sport, size_t pad)
{
	size_t	l4 = proto == 6 ? 20 : 8, n = 14 + 20 + l4 + pad, ip = n - 14;

	memset(b, 0, n);
	memcpy(b, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00", 14);
	b[14] = 0x45;
	b[16] = (uint8_t)(ip >> 8);
	b[17] = (uint8_t)ip;
	b[22] = 64;
	b[23] = (uint8_t)proto;
	memcpy(b + 26, "\x0a\0\0\x01\x0a\0\0\x02", 8);
	b[34] = (uint8_t)(sport >> 8);
	b[35] = (uint8_t)sport;
	b[37] = 7;
	if (proto == 6)
		b[46] = 0x50;	/* data offset 5 */
	else {
		b[38] = (uint8_t)((8 + pad) >> 8);
		b[39] = (uint8_t)(8 + pad);
	}
	memset(b + 14 + 20 + l4, 'a' + sport % 26, pad);
	return (n);
}

/* Read up to max frames of path into out; the count, or -1. */
static int
readback(const char *path, struct rframe *out, int max, int *dlt)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*d;
	pcap_t			*p;
	int			 n = 0;

	if ((p = pcap_open_offline(path, errbuf)) == NULL) {
		diag("%s", errbuf);
		return (-1);
	}
	*dlt = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &d) == 1 && n < max) {
		out[n].ts = h->ts;
		out[n].caplen = h->caplen;
		out[n].len = h->len;
		memcpy(out[n].data, d, h->caplen < sizeof out[n].data ?
		    h->caplen : sizeof out[n].data);
		n++;
	}
	pcap_close(p);
	return (n);
}

int
main(void)
{
	struct pcapw		*w;
	struct pcapw_stats	 st;
	struct rframe		 r[MAXF];
	struct timeval		 tv[4] = { { 100, 500 }, { 100, 200 },
				    { 100, 900 }, { 99, 999999 } };
	uint8_t			 f[4][512];
	size_t			 fl[4];
	char			 dir[] = "/tmp/test-pcapw.XXXXXX", path[256];
	char			*cause = NULL;
	long			 n;
	int			 i, dlt, ordered;

	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return (1);
	}

	/* A recorder keeps frames sorted by time whatever the offer order. */
	fl[0] = mkframe(f[0], 6, 1000, 3);
	fl[1] = mkframe(f[1], 6, 1001, 0);
	fl[2] = mkframe(f[2], 17, 53, 5);
	fl[3] = mkframe(f[3], 6, 1003, 300);
	w = pcapw_new(NULL, &cause);
	ok(w != NULL, "recorder without a filter");
	is_str(pcapw_filter(w), "", "no filter reads as \"\"");
	ok(pcapw_running(w), "a new recorder is running");
	for (i = 0; i < 4; i++)
		is_int(pcapw_add(w, &tv[i], f[i], fl[i]), 1, "frame %d kept", i);
	pcapw_stats(w, &st);
	is_int(st.frames, 4, "4 frames recorded");
	is_int(st.bytes, fl[0] + fl[1] + fl[2] + fl[3], "bytes counted");
	is_int(st.drops, 0, "nothing dropped");
	snprintf(path, sizeof path, "%s/all.pcap", dir);
	n = pcapw_save(w, path, &cause);
	is_int(n, 4, "save writes 4 frames");
	is_int(readback(path, r, MAXF, &dlt), 4, "file reads back: 4 frames");
	is_int(dlt, DLT_EN10MB, "link type Ethernet");
	ordered = 1;
	for (i = 1; i < 4; i++)
		ordered &= !timercmp(&r[i - 1].ts, &r[i].ts, >);
	ok(ordered, "frames in time order");
	{
		int want[4] = { 3, 1, 0, 2 };	/* by time */

		for (i = 0; i < 4; i++) {
			int	k = want[i];

			ok(r[i].ts.tv_sec == tv[k].tv_sec &&
			    r[i].ts.tv_usec == tv[k].tv_usec &&
			    r[i].caplen == fl[k] && r[i].len == fl[k] &&
			    memcmp(r[i].data, f[k], fl[k]) == 0,
			    "frame %d: bytes and timestamp of offered frame %d",
			    i, k);
		}
	}

	/* Stop keeps the frames and refuses new ones; save works after. */
	pcapw_stop(w);
	ok(!pcapw_running(w), "stopped");
	is_int(pcapw_add(w, &tv[0], f[0], fl[0]), 0, "a stopped recorder refuses");
	pcapw_stats(w, &st);
	is_int(st.frames, 4, "still 4 frames after stop");
	snprintf(path, sizeof path, "%s/again.pcap", dir);
	is_int(pcapw_save(w, path, &cause), 4, "save after stop");
	is_int(readback(path, r, MAXF, &dlt), 4, "and it reads back");

	/* Unwritable paths: one line naming the file, no file left. */
	cause = NULL;
	is_int(pcapw_save(w, "/nonexistent/x.pcap", &cause), -1,
	    "save into a missing directory fails");
	is_str(cause, "/nonexistent/x.pcap: No such file or directory",
	    "error names the path and the reason");
	ok(cause != NULL && strchr(cause, '\n') == NULL, "one line");
	free(cause);
	if (access("/dev/full", W_OK) == 0) {
		cause = NULL;
		is_int(pcapw_save(w, "/dev/full", &cause), -1,
		    "save to a full device fails");
		is_str(cause, "/dev/full: No space left on device",
		    "error says the device is full");
		free(cause);
		ok(access("/dev/full", F_OK) == 0, "/dev/full not removed");
	}
	pcapw_free(w);

	/* A filter keeps only matches and counts the rest. */
	w = pcapw_new("udp", &cause);
	ok(w != NULL, "recorder with filter udp");
	is_str(pcapw_filter(w), "udp", "filter reported");
	for (i = 0; i < 4; i++)
		pcapw_add(w, &tv[i], f[i], fl[i]);
	pcapw_stats(w, &st);
	is_int(st.frames, 1, "udp: 1 frame kept");
	is_int(st.filtered, 3, "udp: 3 TCP frames not matching");
	snprintf(path, sizeof path, "%s/udp.pcap", dir);
	is_int(pcapw_save(w, path, &cause), 1, "save writes 1 frame");
	is_int(readback(path, r, MAXF, &dlt), 1, "1 frame read back");
	ok(memcmp(r[0].data, f[2], fl[2]) == 0, "it is the UDP frame");
	pcapw_free(w);
	w = pcapw_new("tcp src port 1001", &cause);
	for (i = 0; i < 4; i++)
		pcapw_add(w, &tv[i], f[i], fl[i]);
	pcapw_stats(w, &st);
	is_int(st.frames, 1, "tcp src port 1001: 1 frame kept");
	pcapw_free(w);

	/* Bad filters: the filter and libpcap's reason, one line. */
	cause = NULL;
	w = pcapw_new("tcp port", &cause);
	ok(w == NULL, "\"tcp port\" is refused");
	is_str(cause, "bad filter \"tcp port\": syntax error",
	    "error names the filter and libpcap's reason");
	ok(cause != NULL && strchr(cause, '\n') == NULL, "one line");
	free(cause);
	cause = NULL;
	ok(pcapw_new("nosuchprimitive", &cause) == NULL && cause != NULL,
	    "unknown primitive refused");
	free(cause);

	/* Bounds: frames and bytes; the rest counted as drops. */
	w = pcapw_new(NULL, &cause);
	pcapw_limit(w, 0, 2);
	for (i = 0; i < 4; i++)
		pcapw_add(w, &tv[i], f[i], fl[i]);
	pcapw_stats(w, &st);
	is_int(st.frames, 2, "frame bound 2: 2 kept");
	is_int(st.drops, 2, "frame bound 2: 2 dropped");
	is_int(pcapw_add(w, &tv[0], f[0], fl[0]), -1, "full: add says dropped");
	pcapw_free(w);
	w = pcapw_new(NULL, &cause);
	pcapw_limit(w, fl[0] + fl[1], 0);
	for (i = 0; i < 4; i++)
		pcapw_add(w, &tv[i], f[i], fl[i]);
	pcapw_stats(w, &st);
	is_int(st.frames, 2, "byte bound: first 2 frames kept");
	is_int(st.bytes, fl[0] + fl[1], "byte bound: bytes within it");
	is_int(st.drops, 2, "byte bound: 2 dropped");
	pcapw_free(w);

	/* Oversized frames are cut at the snap length, their length kept. */
	{
		static uint8_t big[PCAPW_SNAPLEN + 100];
		struct timeval t = { 5, 0 };

		memcpy(big, f[0], fl[0]);
		w = pcapw_new(NULL, &cause);
		pcapw_add(w, &t, big, sizeof big);
		pcapw_stats(w, &st);
		is_int(st.bytes, PCAPW_SNAPLEN, "caplen cut at the snap length");
		pcapw_free(w);
	}

	/* The -w stream: unwritable path, then order and the reorder window. */
	cause = NULL;
	ok(pcapw_stream("/nonexistent/w.pcap", &cause) == NULL,
	    "stream into a missing directory fails");
	is_str(cause, "/nonexistent/w.pcap: No such file or directory",
	    "stream error names the path");
	free(cause);
	snprintf(path, sizeof path, "%s/stream.pcap", dir);
	w = pcapw_stream(path, &cause);
	ok(w != NULL, "stream opened");
	is_str(pcapw_path(w), path, "stream path reported");
	is_int(readback(path, r, MAXF, &dlt), 0,
	    "a new stream is a valid empty pcap at once");
	for (i = 0; i < 4; i++)
		is_int(pcapw_add(w, &tv[i], f[i], fl[i]), 1, "streamed %d", i);
	pcapw_stats(w, &st);
	is_int(st.frames + st.held, 4, "4 frames written or held");
	{
		struct timeval later = { 102, 0 };

		pcapw_add(w, &later, f[1], fl[1]);	/* > window after all */
	}
	is_int(readback(path, r, MAXF, &dlt), 4,
	    "frames older than the window are on disk while running");
	ordered = 1;
	for (i = 1; i < 4; i++)
		ordered &= !timercmp(&r[i - 1].ts, &r[i].ts, >);
	ok(ordered && r[0].ts.tv_sec == 99 && r[3].ts.tv_usec == 900,
	    "stream wrote them in time order");
	pcapw_stats(w, &st);
	is_int(st.held, 1, "the newest frame is still held");
	is_int(pcapw_flush(w, &cause), 0, "flush");
	is_int(readback(path, r, MAXF, &dlt), 5, "after flush: all 5 on disk");
	pcapw_free(w);
	is_int(readback(path, r, MAXF, &dlt), 5, "after close: 5 frames");
	if (access("/dev/full", W_OK) == 0) {
		cause = NULL;
		w = pcapw_stream("/dev/full", &cause);
		ok(w == NULL && cause != NULL &&
		    strcmp(cause, "/dev/full: No space left on device") == 0,
		    "stream to a full device fails at once: %s",
		    cause ? cause : "(null)");
		free(cause);
		pcapw_free(w);
	}

	/*
	 * Directions: ours go last; a captured frame passes ours stamped
	 * later, not another captured one, and follows ours stamped the same.
	 * test-frames.c numbers the same offers in the same order.
	 */
	{
		static const struct { int dir; long us; } in[] = {
			{ PCAPNG_DIR_IN, 10 }, { PCAPNG_DIR_OUT, 20 },
			{ PCAPNG_DIR_IN, 15 }, { PCAPNG_DIR_OUT, 30 },
			{ PCAPNG_DIR_IN, 20 }, { PCAPNG_DIR_IN, 12 } };
		static const long want[] = { 10, 15, 20, 20, 12, 30 };
		struct pcapw_note note;
		struct timeval	 t;
		char		 got[128], exp[128];
		size_t		 k, gl = 0, el = 0;

		w = pcapw_new(NULL, &cause);
		memset(&note, 0, sizeof note);
		for (k = 0; k < 6; k++) {
			t.tv_sec = 200;
			t.tv_usec = in[k].us;
			note.dir = in[k].dir;
			pcapw_add_note(w, &t, f[k % 4], fl[k % 4], &note);
		}
		snprintf(path, sizeof path, "%s/dirs.pcap", dir);
		is_int(pcapw_save(w, path, &cause), 6, "6 frames of both "
		    "directions saved");
		n = readback(path, r, MAXF, &dlt);
		for (k = 0; k < 6; k++) {
			gl += (size_t)snprintf(got + gl, sizeof got - gl, " %ld",
			    k < (size_t)n ? (long)r[k].ts.tv_usec : -1L);
			el += (size_t)snprintf(exp + el, sizeof exp - el, " %ld",
			    want[k]);
		}
		is_str(got, exp, "captured frames pass only ours stamped later");
		pcapw_free(w);
	}

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		diag("could not remove %s", dir);
	return (done_testing());
}
