/*
 * cli/cmd/cmd-diagram.c - `diagram`: the sequence diagram of the session's own
 * conversations, every segment we sent or received since the start, full
 * screen and live (the engine keeps running under the view) or as text;
 * or of a capture file.  The layout is cli/diagram/'s; the front end lends
 * the view (cli/ui/view.c), which a live session's loop feeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/diagram/diagram.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"

static enum cmd_status cmd_diagram(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_diagram_entry = {
	.name = "diagram",
	.usage = "[--text] [N | FILE] [time=MODE] [width=N] [unicode]",
	.max_args = 5,
	.help = "the sequence diagram of this session's conversations, or of a pcap",
	.detail = "diagram opens a full-screen view of the ladder: one arrow per segment\n"
	    "we sent or received, both sides' states beside their lifelines (ours\n"
	    "as the engine entered them, the peer's as the tracker infers). The\n"
	    "engine keeps running under it, so retransmissions, keepalives and the\n"
	    "end of TIME-WAIT appear as they happen; f follows the newest\n"
	    "conversation and row. : opens a command line at its foot (history,\n"
	    "Tab completion): step, craft, send or close there and watch the\n"
	    "arrows appear; Esc gives the keys back to the view, q returns to the\n"
	    "prompt (the last lines printed meanwhile are shown then). tcpx --tui\n"
	    "starts in it. Held segments are dotted arrows, dropped ones end in x.\n"
	    "N picks a conversation (default: the newest). --text prints the same\n"
	    "rows for scripts. A FILE argument shows a pcap or pcapng instead.\n"
	    "time= is relative, absolute or delta; width= the columns for --text;\n"
	    "unicode draws with box characters.",
	.exec = cmd_diagram,
};

/* A batch's diagram waits for its view to close. */
static int
diagram_closed(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	(void)arg;
	(void)wake;
	return (!c->ui.view_is_open(c->ui.arg));
}

/* The view was closed. */
static enum cmd_status
diagram_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	(void)c;
	(void)arg;
	return (how == CMD_END_DONE ? CMD_OK : CMD_FAIL);
}

/*
 * Open the view (d NULL: the session's own, live); at the prompt the
 * command ends at once and the view has the keys until q; a batch waits
 * for it to close.
 */
static enum cmd_status
diagram_open(struct cmd_ctx *c, struct dg *d, unsigned conv,
    const struct dg_opts *o)
{
	if (c->ui.view_open == NULL) {
		say_err("diagram: needs a terminal; use diagram --text");
		dg_free(d);
		return (CMD_FAIL);
	}
	if (c->ui.view_open(c->ui.arg, d, d != NULL, conv, o, 0) != 0) {
		dg_free(d);
		return (CMD_FAIL);
	}
	if (c->interactive)
		return (CMD_OK);
	return (cmd_await(c, diagram_closed, diagram_finish, NULL, UINT64_MAX));
}

/* Take one time=, width= or unicode word into o; -1 if it is not one. */
static int
diagram_opt(const char *w, struct dg_opts *o)
{
	char		*end;
	unsigned long	 n;

	if (strcmp(w, "unicode") == 0)
		o->unicode = 1;
	else if (strncmp(w, "time=", 5) == 0) {
		if (dg_time_parse(w + 5, &o->time) != 0) {
			say_err("diagram: %s: time is relative, absolute "
			    "or delta", w);
			return (-2);
		}
	} else if (strncmp(w, "width=", 6) == 0) {
		n = strtoul(w + 6, &end, 10);
		if (w[6] < '0' || w[6] > '9' || *end != '\0' || n < 20 ||
		    n > 10000) {
			say_err("diagram: %s: width is 20 to 10000", w);
			return (-2);
		}
		o->width = (unsigned)n;
	} else
		return (-1);
	return (0);
}

/* diagram [--text] [N | FILE] [time=MODE] [width=N] [unicode] */
static enum cmd_status
cmd_diagram(struct cmd_ctx *c, int argc, char **argv)
{
	struct dg_opts	 o;
	struct dg	*dg, *fd = NULL;
	const char	*file = NULL;
	char		*cause = NULL;
	unsigned	 conv = 0;
	int		 text = 0, i, r;
	char		*end;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--text") == 0) {
			text = 1;
			continue;
		}
		if ((r = diagram_opt(argv[i], &o)) == -2)
			return (CMD_USAGE);
		if (r == 0)
			continue;
		if (argv[i][0] >= '1' && argv[i][0] <= '9' && conv == 0 &&
		    file == NULL) {
			conv = (unsigned)strtoul(argv[i], &end, 10);
			if (*end == '\0')
				continue;
		}
		if (file != NULL || conv != 0) {
			say_err("diagram: unexpected \"%s\"", argv[i]);
			return (CMD_USAGE);
		}
		file = argv[i];
	}
	dg = dgfeed_model(c->o->dg, 0);
	if (file != NULL) {
		fflush(stdout);
		if (text)
			r = dg_file_text(file, &o, 0, stdout, &cause);
		else
			fd = dg_file_load(file, 0, &r, &cause);
		if (cause != NULL) {
			say_err("diagram: %s", cause);
			free(cause);
		}
		if (text || fd == NULL)
			return (r == 0 ? CMD_OK : CMD_FAIL);
		return (diagram_open(c, fd, 0, &o));
	}
	if (dg == NULL && text) {
		say_err("diagram: no TCP segment sent or received yet");
		return (CMD_FAIL);
	}
	if (conv != 0 && (dg == NULL ||
	    dg_items(dg, conv, &(size_t){ 0 }) == NULL)) {
		say_err("diagram: no conversation %u in this session", conv);
		return (CMD_FAIL);
	}
	if (!text)
		return (diagram_open(c, NULL, conv, &o));
	if (o.width == 0)
		o.width = 100;
	fflush(stdout);
	if (dg_text(dg, conv, &o, stdout) != 0) {
		say_err("diagram: nothing to show");
		return (CMD_FAIL);
	}
	fflush(stdout);
	return (CMD_OK);
}
