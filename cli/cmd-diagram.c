/*
 * cli/cmd-diagram.c - `diagram`: the sequence diagram of the session's own
 * conversations, every segment we sent or received since the start, full
 * screen and live (the engine keeps running under the view) or as text;
 * or of a capture file.  The layout is cli/diagram-layout.c's, the view
 * cli/view.c's (DESIGN.md §3).
 */
#include <sys/mman.h>
#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/cap.h"
#include "cli/cmd.h"
#include "cli/diagram/diagram.h"
#include "cli/session.h"
#include "cli/tcpx.h"
#include "cli/view.h"

/* A long session stops adding to its diagram here (about 100 MB). */
#define DIAGRAM_MAX_SEGS	500000

/* Lines printed while the view was up that are shown after it, at most. */
#define DIAGRAM_TAIL	40

static enum cmd_status cmd_diagram(struct session *, int, char **);

const struct cmd_entry cmd_diagram_entry = {
	"diagram", NULL, "[--text] [N | FILE] [time=MODE] [width=N] [unicode]",
	0, 5, 0,
	"the sequence diagram of this session's conversations, or of a pcap",
	"diagram opens a full-screen view of the ladder: one arrow per segment\n"
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
	cmd_diagram
};

/* Add a segment we sent (out) or received to the session's diagram. */
void
session_diagram(struct session *s, int out, const struct seg *seg)
{
	struct timeval	tv;
	unsigned	id;
	int		ours;

	if (s->dg_segs >= DIAGRAM_MAX_SEGS) {
		if (s->dg_segs++ == DIAGRAM_MAX_SEGS)
			say_err(s, "diagram: %d segments recorded; later ones "
			    "are left out", DIAGRAM_MAX_SEGS);
		return;
	}
	if (s->dg == NULL)
		s->dg = dg_new();
	gettimeofday(&tv, NULL);
	if ((id = dg_add_seg(s->dg, seg, (uint64_t)tv.tv_sec * 1000000 +
	    (uint64_t)tv.tv_usec, out ? DG_DIR_OUT : DG_DIR_IN)) != 0) {
		s->dg_segs++;
		if (out && s->dg_mark != 0)
			dg_mark_last(s->dg, id, s->dg_mark);
		if (out && s->dg_rexmit != 0 &&
		    stack_find(s->st, seg, &ours) == s->dg_rexmit) {
			/* The engine knows what the wire cannot: why it resent. */
			dg_mark_last(s->dg, id, DG_M_RETRANS);
			dg_note_last(s->dg, id, s->dg_rexmit_why);
			s->dg_rexmit = 0;
		}
	}
}

/* The wall clock in microseconds, as the diagram's times are. */
static uint64_t
diagram_now(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec);
}

/* The engine moved connection conn to state to (why): our lifeline says so. */
void
session_diagram_state(struct session *s, unsigned conn, enum tcp_state to,
    const char *why)
{
	struct tcp_status	ts;

	if (tcp_status(s->st, conn, &ts) != 0 || ts.remote.port == 0)
		return;		/* a listener: no conversation */
	if (s->dg == NULL)
		s->dg = dg_new();
	dg_local_state(s->dg, &ts.local, &ts.remote, to, why, diagram_now(),
	    s->dg_cause);
	s->dg_segs++;
}

/* The engine's states that no segment went with: rows of their own. */
void
session_diagram_flush(struct session *s)
{
	if (s->dg != NULL)
		dg_local_flush(s->dg);
}

/* The engine resends for connection conn: its next segment is marked so. */
void
session_diagram_rexmit(struct session *s, unsigned conn, const char *why)
{
	s->dg_rexmit = conn;
	snprintf(s->dg_rexmit_why, sizeof s->dg_rexmit_why, "%s", why);
}

/* Held segment e is drawn as a pending arrow (step's number, or delayed). */
void
session_diagram_hold(struct session *s, const struct held *e)
{
	if (s->dg == NULL)
		s->dg = dg_new();
	dg_hold(s->dg, (uint64_t)(uintptr_t)e, &e->seg, diagram_now(),
	    e->dir == HOLD_OUT ? DG_DIR_OUT : DG_DIR_IN, e->num);
	s->dg_segs++;
}

/* Held segment e went (dropped: marked so) or was released. */
void
session_diagram_unhold(struct session *s, const struct held *e, int dropped)
{
	if (s->dg == NULL)
		return;
	dg_unhold(s->dg, (uint64_t)(uintptr_t)e, dropped);
	s->dg_segs++;
}

/* A fault dropped seg: an arrow that never arrives. */
void
session_diagram_dropped(struct session *s, int dir, const struct seg *seg)
{
	if (s->dg == NULL)
		s->dg = dg_new();
	dg_offwire(s->dg, seg, diagram_now(), dir == HOLD_OUT ? DG_DIR_OUT :
	    DG_DIR_IN, 0, DG_M_DROPPED);
	s->dg_segs++;
}

/*
 * Held segment e is let go edited: going out, its wire copy is marked
 * (s->dg_mark, until the caller clears it); coming in, the wire shows the
 * original, so what the engine got is drawn beside it.
 */
void
session_diagram_edited(struct session *s, const struct held *e)
{
	if (e->dir == HOLD_OUT) {
		s->dg_mark = DG_M_EDITED;
		return;
	}
	if (s->dg == NULL)
		s->dg = dg_new();
	dg_offwire(s->dg, &e->seg, diagram_now(), DG_DIR_IN, e->num,
	    DG_M_EDITED);
	s->dg_segs++;
}

/* The open view's side of the session: one view at a time. */
static struct {
	int		 open;
	int		 mem;		/* the output meanwhile, a memory file */
	unsigned long	 seen;		/* dg_segs at the last redraw */
	uint64_t	 painted;	/* when that was */
} dgl;

/* Run the session for a moment under the view: 1 the diagram grew, -1 quit. */
static int
diagram_tick(void *arg)
{
	struct session	*s = arg;
	unsigned long	 before = s->dg_segs;
	int		 was = s->in_wait;

	s->in_wait = 1;		/* the view, not readline, reads the keys */
	loop_until(s, NULL, NULL, now_us() + 30 * TCP_MS);
	s->in_wait = was;
	if (s->quit)
		return (-1);
	return (s->dg_segs != before);
}

/* While a typed command waits in the loop: redraw at most 30 times a second. */
static void
diagram_watch(struct session *s)
{
	uint64_t	now = now_us();

	if (now - dgl.painted < 33 * TCP_MS)
		return;
	view_poke(s->dg_segs != dgl.seen);
	dgl.seen = s->dg_segs;
	dgl.painted = now;
}

/* Run a line typed on the view's command line, echoed into the output. */
static void
diagram_command(void *arg, const char *line)
{
	struct session	*s = arg;
	char		*copy = strdup(line);
	int		 was = s->in_wait;

	if (copy == NULL)
		return;
	repl_remember(line);
	printf("tcpx> %s\n", line);
	fflush(stdout);
	dgl.seen = s->dg_segs;
	dgl.painted = now_us();
	s->watch = diagram_watch;
	s->in_wait = 1;
	cmd_run(s, copy);
	s->in_wait = was;
	s->watch = NULL;
	fflush(stdout);
	free(copy);
}

/* The newest output, up to len bytes of it, into buf; its length. */
static size_t
diagram_output(void *arg, char *buf, size_t len)
{
	off_t	end, from;
	ssize_t	n;

	(void)arg;
	fflush(stdout);
	if ((end = lseek(dgl.mem, 0, SEEK_END)) <= 0)
		return (0);
	from = end > (off_t)len ? end - (off_t)len : 0;
	n = pread(dgl.mem, buf, (size_t)(end - from), from);
	return (n > 0 ? (size_t)n : 0);
}

/*
 * What is left of 2MSL for each end of conversation conv in TIME-WAIT into
 * buf: ours from the engine's timer, the peer's from the tracker's.
 */
static void
diagram_timewait(struct session *s, unsigned conv, char *buf, size_t len)
{
	struct endpoint		 ep[2];
	struct tcp_status	 ts;
	struct seg		 probe;
	enum tcp_state		 st;
	uint64_t		 at, now = diagram_now();
	unsigned		 id;
	int			 e, local, ours;
	size_t			 o = 0;

	buf[0] = '\0';
	if (s->dg == NULL || dg_conv_ends(s->dg, conv, ep) != 0)
		return;
	local = dg_conv_local(s->dg, conv);
	for (e = 0; e < 2; e++) {
		if (e == local) {
			memset(&probe, 0, sizeof probe);
			probe.src = ep[!e].addr;
			probe.th.sport = ep[!e].port;
			probe.dst = ep[e].addr;
			probe.th.dport = ep[e].port;
			if ((id = stack_find(s->st, &probe, &ours)) == 0 ||
			    tcp_status(s->st, id, &ts) != 0 ||
			    ts.state != TCP_TIME_WAIT ||
			    ts.timer[TCP_TIMER_TIMEWAIT] == TCP_NEVER)
				continue;
			at = ts.timer[TCP_TIMER_TIMEWAIT];
			now = session_now(s);
		} else if (dg_conv_timer(s->dg, conv, e, &st, &at) != 0 ||
		    st != TCP_TIME_WAIT || at == TCP_NEVER)
			continue;
		else
			now = diagram_now();
		o += (size_t)snprintf(buf + o, len - o, "%sTIME-WAIT %s %.1f s",
		    o > 0 ? ", " : "", e == local ? "us" : "peer",
		    at > now ? (double)(at - now) / 1e6 : 0.0);
		if (o >= len)
			return;
	}
}

/* The status bar: 2MSL countdowns, and the capture's drops (it keeps up). */
static void
diagram_status(void *arg, unsigned conv, char *buf, size_t len)
{
	struct session	*s = arg;
	unsigned long	 recv, drop;
	char		 tw[96];

	diagram_timewait(s, conv, tw, sizeof tw);
	if (s->cap != NULL && cap_stats(s->cap, &recv, &drop) == 0)
		snprintf(buf, len, "%s%ssegments %lu  pcap %lu drops %lu", tw,
		    tw[0] ? "  " : "", s->dg_segs, recv, drop);
	else
		snprintf(buf, len, "%s%ssegments %lu", tw, tw[0] ? "  " : "",
		    s->dg_segs);
}

/* Print the last DIAGRAM_TAIL lines of the output kept while the view was up. */
static void
diagram_tail(int mem)
{
	char	*buf;
	off_t	 len, i, start;
	int	 nl = 0;

	len = lseek(mem, 0, SEEK_END);
	if (len <= 0 || (buf = malloc((size_t)len)) == NULL)
		return;
	if (pread(mem, buf, (size_t)len, 0) == len) {
		for (start = len; start > 0; start--)
			if (buf[start - 1] == '\n' && ++nl > DIAGRAM_TAIL)
				break;
		for (i = nl = 0; i < start; i++)
			nl += buf[i] == '\n';
		if (nl > 0)
			printf("(%d earlier lines while the diagram was open)\n",
			    nl);
		fwrite(buf + start, 1, (size_t)(len - start), stdout);
	}
	free(buf);
}

/*
 * Show the view with the session's output going to a memory file meanwhile
 * (it would tear the screen; the view shows its newest lines); afterwards
 * print its last lines.  typing: the command line has the keys at first.
 */
static enum cmd_status
diagram_live(struct session *s, const struct dg_opts *o, unsigned conv,
    int typing)
{
	struct view_session	 vs;
	int			 saved, rc;

	fflush(stdout);
	if ((dgl.mem = memfd_create("tcpx-diagram", 0)) == -1 ||
	    (saved = dup(STDOUT_FILENO)) == -1) {
		if (dgl.mem != -1)
			close(dgl.mem);
		say_err(s, "diagram: cannot set the output aside");
		return (CMD_FAIL);
	}
	memset(&vs, 0, sizeof vs);
	vs.tick = diagram_tick;
	vs.command = s->interactive ? diagram_command : NULL;
	vs.output = diagram_output;
	vs.status = diagram_status;
	vs.arg = s;
	vs.fd = saved;
	vs.typing = typing;
	dup2(dgl.mem, STDOUT_FILENO);
	dgl.open = 1;
	rc = view_live(s->dg, o, conv, &vs);
	dgl.open = 0;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	diagram_tail(dgl.mem);
	close(dgl.mem);
	if (rc != 0) {
		say_err(s, "diagram: needs a terminal; use diagram --text");
		return (CMD_FAIL);
	}
	return (CMD_OK);
}

/* Open the view of the session's newest conversation, the command line focused. */
void
diagram_tui(struct session *s)
{
	struct dg_opts	o;

	memset(&o, 0, sizeof o);
	if (s->dg == NULL)
		s->dg = dg_new();
	diagram_live(s, &o, 0, 1);
}

/* Take one time=, width= or unicode word into o; -1 if it is not one. */
static int
diagram_opt(struct session *s, const char *w, struct dg_opts *o)
{
	char		*end;
	unsigned long	 n;

	if (strcmp(w, "unicode") == 0)
		o->unicode = 1;
	else if (strncmp(w, "time=", 5) == 0) {
		if (dg_time_parse(w + 5, &o->time) != 0) {
			say_err(s, "diagram: %s: time is relative, absolute "
			    "or delta", w);
			return (-2);
		}
	} else if (strncmp(w, "width=", 6) == 0) {
		n = strtoul(w + 6, &end, 10);
		if (w[6] < '0' || w[6] > '9' || *end != '\0' || n < 20 ||
		    n > 10000) {
			say_err(s, "diagram: %s: width is 20 to 10000", w);
			return (-2);
		}
		o->width = (unsigned)n;
	} else
		return (-1);
	return (0);
}

/* diagram [--text] [N | FILE] [time=MODE] [width=N] [unicode] */
static enum cmd_status
cmd_diagram(struct session *s, int argc, char **argv)
{
	struct dg_opts	 o;
	const char	*file = NULL;
	unsigned	 conv = 0;
	int		 text = 0, i, r;
	char		*end;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--text") == 0) {
			text = 1;
			continue;
		}
		if ((r = diagram_opt(s, argv[i], &o)) == -2)
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
			say_err(s, "diagram: unexpected \"%s\"", argv[i]);
			return (CMD_USAGE);
		}
		file = argv[i];
	}
	if (file != NULL) {
		if (dgl.open && !text) {
			say_err(s, "diagram: the view is open already; use "
			    "diagram --text FILE");
			return (CMD_FAIL);
		}
		fflush(stdout);
		r = readfile_diagram(file, &o, 0, !text);
		fflush(stderr);
		return (r == 0 ? CMD_OK : CMD_FAIL);
	}
	if (s->dg == NULL && text) {
		say_err(s, "diagram: no TCP segment sent or received yet");
		return (CMD_FAIL);
	}
	if (conv != 0 && (s->dg == NULL ||
	    dg_items(s->dg, conv, &(size_t){ 0 }) == NULL)) {
		say_err(s, "diagram: no conversation %u in this session", conv);
		return (CMD_FAIL);
	}
	if (!text) {
		if (dgl.open) {
			say_err(s, "diagram: the view is open already (Esc, "
			    "then q, returns to the prompt)");
			return (CMD_FAIL);
		}
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			say_err(s, "diagram: needs a terminal; use diagram "
			    "--text");
			return (CMD_FAIL);
		}
		if (s->dg == NULL)
			s->dg = dg_new();
		return (diagram_live(s, &o, conv, 0));
	}
	if (o.width == 0)
		o.width = 100;
	fflush(stdout);
	if (dg_text(s->dg, conv, &o, stdout) != 0) {
		say_err(s, "diagram: nothing to show");
		return (CMD_FAIL);
	}
	fflush(stdout);
	return (CMD_OK);
}
