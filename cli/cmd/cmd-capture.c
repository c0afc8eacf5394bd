/*
 * cli/cmd/cmd-capture.c - `capture start [FILTER]`, `capture stop`, `capture
 * save FILE` and `capture status`: record the session's frames, both
 * directions, into a pcap that tcpdump, tshark and Wireshark read, or a
 * pcapng whose packet comments explain each frame (the recording itself is
 * cli/obs/record.c's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcapw.h"
#include "capture/cap.h"
#include "cli/cmd/cmd.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/obs/record.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

static enum cmd_status cmd_capture(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_capture_start(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_capture_stop(struct cmd_ctx *);
static enum cmd_status cmd_capture_save(struct cmd_ctx *, const char *);
static void cmd_capture_status(struct cmd_ctx *);

const struct cmd_entry cmd_capture_entry = {
	.name = "capture",
	.usage = "[start [FILTER...] | stop | save FILE | status]",
	.max_args = -1,
	.help = "record frames of both directions and save them as a pcap file",
	.detail = "capture start [FILTER...] begins a new recording (discarding the last)\n"
	    "of every frame sent and received, or those matching a tcpdump filter\n"
	    "such as \"tcp port 7\" or \"udp\". capture stop ends it; capture save\n"
	    "FILE writes it (while recording or after) for tcpdump -r, tshark or\n"
	    "Wireshark; a FILE ending in .pcapng is pcapng with each frame's\n"
	    "explanation as its packet comment (why we sent it, or what it did:\n"
	    "states, discards, with their RFC clause), which Wireshark, tcpx -r\n"
	    "and tcpx -r --diagram show. capture alone shows the state, counts\n"
	    "and filter. Up to 64 MiB of frames are kept; later ones are counted\n"
	    "as dropped. tcpx -w FILE records the whole session instead.",
	.exec = cmd_capture,
};

/* capture start [FILTER...]: begin a new recording. */
static enum cmd_status
cmd_capture_start(struct cmd_ctx *c, int argc, char **argv)
{
	struct pcapw		*w, *old = record_capture(c->o->rec);
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
		say_err("capture: %s", cause);
		free(cause);
		free(filter);
		return (CMD_USAGE);
	}
	if (old != NULL) {
		pcapw_stats(old, &st);
		say("capture: previous recording discarded (%llu frames)",
		    (unsigned long long)st.frames);
	}
	record_set_capture(c->o->rec, w);
	if (*filter != '\0')
		say("capture: recording frames matching \"%s\"", filter);
	else
		say("capture: recording every frame");
	free(filter);
	return (CMD_OK);
}

/* capture stop: end the recording, keeping its frames. */
static enum cmd_status
cmd_capture_stop(struct cmd_ctx *c)
{
	struct pcapw		*rec = record_capture(c->o->rec);
	struct pcapw_stats	 st;

	if (rec == NULL || !pcapw_running(rec)) {
		say_err("capture: not recording");
		return (CMD_FAIL);
	}
	record_sync(c->o->rec);
	pcapw_stop(rec);
	pcapw_stats(rec, &st);
	say("capture: stopped: %llu frames, %llu bytes",
	    (unsigned long long)st.frames, (unsigned long long)st.bytes);
	return (CMD_OK);
}

/* capture save FILE: write the recording as a pcap file. */
static enum cmd_status
cmd_capture_save(struct cmd_ctx *c, const char *path)
{
	struct pcapw	*rec = record_capture(c->o->rec);
	char		*cause = NULL;
	long		 n;

	if (rec == NULL) {
		say_err("capture: nothing recorded (capture start first)");
		return (CMD_FAIL);
	}
	record_sync(c->o->rec);
	if ((n = pcapw_save(rec, path, &cause)) < 0) {
		say_err("capture: save %s", cause);
		free(cause);
		return (CMD_FAIL);
	}
	say("capture: wrote %ld frame%s to %s", n, n == 1 ? "" : "s", path);
	return (CMD_OK);
}

/* capture [status]: the state, counters and filter. */
static void
cmd_capture_status(struct cmd_ctx *c)
{
	struct session		*s = c->s;
	struct pcapw		*rec = record_capture(c->o->rec);
	struct pcapw		*wfile = record_stream(c->o->rec);
	struct pcapw_stats	 st;
	const char		*f;
	char			 how[256];
	unsigned long		 recv, drop;

	record_sync(c->o->rec);
	if (s->cap != NULL && cap_stats(s->cap, &recv, &drop) == 0)
		say("capture: the session's own capture on %s: %lu frames "
		    "received, %lu dropped (libpcap)", s->ifname, recv, drop);
	if (rec == NULL)
		say("capture: off");
	else {
		pcapw_stats(rec, &st);
		f = pcapw_filter(rec);
		if (*f != '\0')
			snprintf(how, sizeof how, "filter \"%s\"", f);
		else
			snprintf(how, sizeof how, "no filter");
		say("capture: %s, %s: %llu frames, %llu bytes, %llu dropped, "
		    "%llu not matching",
		    pcapw_running(rec) ? "recording" : "stopped", how,
		    (unsigned long long)st.frames, (unsigned long long)st.bytes,
		    (unsigned long long)st.drops,
		    (unsigned long long)st.filtered);
	}
	if (wfile != NULL) {
		pcapw_stats(wfile, &st);
		say("capture: -w %s: %llu frames written, %llu to follow",
		    pcapw_path(wfile), (unsigned long long)st.frames,
		    (unsigned long long)st.held);
	}
}

/* capture [start [FILTER...] | stop | save FILE | status] */
static enum cmd_status
cmd_capture(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc == 1 || (strcmp(argv[1], "status") == 0 && argc == 2)) {
		cmd_capture_status(c);
		return (CMD_OK);
	}
	if (strcmp(argv[1], "start") == 0)
		return (cmd_capture_start(c, argc, argv));
	if (strcmp(argv[1], "stop") == 0 && argc == 2)
		return (cmd_capture_stop(c));
	if (strcmp(argv[1], "save") == 0 && argc == 3)
		return (cmd_capture_save(c, argv[2]));
	if (strcmp(argv[1], "start") != 0 && strcmp(argv[1], "stop") != 0 &&
	    strcmp(argv[1], "save") != 0 && strcmp(argv[1], "status") != 0)
		say_err("capture: unknown subcommand \"%s\" (%susage: "
		    "capture %s)", argv[1], cmd_did_you_mean(argv[1],
		    "start stop save status"), cmd_capture_entry.usage);
	else
		say_err("usage: capture %s", cmd_capture_entry.usage);
	return (CMD_USAGE);
}
