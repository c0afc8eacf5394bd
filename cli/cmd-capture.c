/*
 * cli/cmd-capture.c - `capture start [FILTER]`, `capture stop`, `capture
 * save FILE` and `capture status`: record the session's frames, both
 * directions, into a pcap that tcpdump, tshark and Wireshark read; and the
 * hook through which every frame reaches the recorder and the -w stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcapw.h"
#include "capture/cap.h"
#include "cli/cmd.h"
#include "cli/session.h"
#include "core/xmalloc.h"

static enum cmd_status cmd_capture(struct session *, int, char **);
static enum cmd_status cmd_capture_start(struct session *, int, char **);
static enum cmd_status cmd_capture_stop(struct session *);
static enum cmd_status cmd_capture_save(struct session *, const char *);
static void cmd_capture_status(struct session *);

const struct cmd_entry cmd_capture_entry = {
	"capture", NULL, "[start [FILTER...] | stop | save FILE | status]", 0, -1,
	0,
	"record frames of both directions and save them as a pcap file",
	"capture start [FILTER...] begins a new recording (discarding the last)\n"
	"of every frame sent and received, or those matching a tcpdump filter\n"
	"such as \"tcp port 7\" or \"udp\". capture stop ends it; capture save\n"
	"FILE writes it (while recording or after) for tcpdump -r, tshark or\n"
	"Wireshark. capture alone shows the state, counts and filter. Up to\n"
	"64 MiB of frames are kept; later ones are counted as dropped.\n"
	"tcpx -w FILE records the whole session instead.",
	cmd_capture
};

/* Record one frame, either direction, for `capture` and -w. */
void
session_record(struct session *s, const struct timeval *tv,
    const uint8_t *frame, size_t len)
{
	if (s->rec != NULL && pcapw_add(s->rec, tv, frame, len) == -1) {
		struct pcapw_stats st;

		pcapw_stats(s->rec, &st);
		if (st.drops == 1)
			say_err(s, "capture: recording full at %llu frames: "
			    "dropping the rest (see capture status)",
			    (unsigned long long)st.frames);
	}
	if (s->wfile != NULL && pcapw_add(s->wfile, tv, frame, len) == -1) {
		say_err(s, "-w %s; no longer writing it",
		    pcapw_error(s->wfile));
		pcapw_free(s->wfile);
		s->wfile = NULL;
	}
}

/* capture start [FILTER...]: begin a new recording. */
static enum cmd_status
cmd_capture_start(struct session *s, int argc, char **argv)
{
	struct pcapw		*w;
	struct pcapw_stats	 st;
	char			*filter, *cause = NULL;
	size_t			 len = 1, off = 0, n;
	int			 i;

	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	filter = xcalloc(1, len);
	for (i = 2; i < argc; i++) {	/* the words, joined by spaces */
		if (i > 2)
			filter[off++] = ' ';
		n = strlen(argv[i]);
		memcpy(filter + off, argv[i], n);
		off += n;
	}
	if ((w = pcapw_new(filter, &cause)) == NULL) {
		say_err(s, "capture: %s", cause);
		free(cause);
		free(filter);
		return (CMD_USAGE);
	}
	if (s->rec != NULL) {
		pcapw_stats(s->rec, &st);
		say(s, "capture: previous recording discarded (%llu frames)",
		    (unsigned long long)st.frames);
		pcapw_free(s->rec);
	}
	s->rec = w;
	if (*filter != '\0')
		say(s, "capture: recording frames matching \"%s\"", filter);
	else
		say(s, "capture: recording every frame");
	free(filter);
	return (CMD_OK);
}

/* capture stop: end the recording, keeping its frames. */
static enum cmd_status
cmd_capture_stop(struct session *s)
{
	struct pcapw_stats	st;

	if (s->rec == NULL || !pcapw_running(s->rec)) {
		say_err(s, "capture: not recording");
		return (CMD_FAIL);
	}
	pcapw_stop(s->rec);
	pcapw_stats(s->rec, &st);
	say(s, "capture: stopped: %llu frames, %llu bytes",
	    (unsigned long long)st.frames, (unsigned long long)st.bytes);
	return (CMD_OK);
}

/* capture save FILE: write the recording as a pcap file. */
static enum cmd_status
cmd_capture_save(struct session *s, const char *path)
{
	char	*cause = NULL;
	long	 n;

	if (s->rec == NULL) {
		say_err(s, "capture: nothing recorded (capture start first)");
		return (CMD_FAIL);
	}
	if ((n = pcapw_save(s->rec, path, &cause)) < 0) {
		say_err(s, "capture: save %s", cause);
		free(cause);
		return (CMD_FAIL);
	}
	say(s, "capture: wrote %ld frame%s to %s", n, n == 1 ? "" : "s", path);
	return (CMD_OK);
}

/* capture [status]: the state, counters and filter. */
static void
cmd_capture_status(struct session *s)
{
	struct pcapw_stats	 st;
	const char		*f;
	char			 how[256];
	unsigned long		 recv, drop;

	if (s->cap != NULL && cap_stats(s->cap, &recv, &drop) == 0)
		say(s, "capture: the session's own capture on %s: %lu frames "
		    "received, %lu dropped (libpcap)", s->ifname, recv, drop);
	if (s->rec == NULL)
		say(s, "capture: off");
	else {
		pcapw_stats(s->rec, &st);
		f = pcapw_filter(s->rec);
		if (*f != '\0')
			snprintf(how, sizeof how, "filter \"%s\"", f);
		else
			snprintf(how, sizeof how, "no filter");
		say(s, "capture: %s, %s: %llu frames, %llu bytes, %llu dropped, "
		    "%llu not matching",
		    pcapw_running(s->rec) ? "recording" : "stopped", how,
		    (unsigned long long)st.frames, (unsigned long long)st.bytes,
		    (unsigned long long)st.drops,
		    (unsigned long long)st.filtered);
	}
	if (s->wfile != NULL) {
		pcapw_stats(s->wfile, &st);
		say(s, "capture: -w %s: %llu frames written, %llu to follow",
		    pcapw_path(s->wfile), (unsigned long long)st.frames,
		    (unsigned long long)st.held);
	}
}

/* capture [start [FILTER...] | stop | save FILE | status] */
static enum cmd_status
cmd_capture(struct session *s, int argc, char **argv)
{
	if (argc == 1 || (strcmp(argv[1], "status") == 0 && argc == 2)) {
		cmd_capture_status(s);
		return (CMD_OK);
	}
	if (strcmp(argv[1], "start") == 0)
		return (cmd_capture_start(s, argc, argv));
	if (strcmp(argv[1], "stop") == 0 && argc == 2)
		return (cmd_capture_stop(s));
	if (strcmp(argv[1], "save") == 0 && argc == 3)
		return (cmd_capture_save(s, argv[2]));
	if (strcmp(argv[1], "start") != 0 && strcmp(argv[1], "stop") != 0 &&
	    strcmp(argv[1], "save") != 0 && strcmp(argv[1], "status") != 0)
		say_err(s, "capture: unknown subcommand \"%s\" (usage: "
		    "capture %s)", argv[1], cmd_capture_entry.usage);
	else
		say_err(s, "usage: capture %s", cmd_capture_entry.usage);
	return (CMD_USAGE);
}
