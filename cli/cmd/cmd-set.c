/*
 * cli/cmd/cmd-set.c - `set KNOB VALUE` and `show [KNOB]`: the engine's
 * tunables (core/knobs.c), for new connections and the current one; the
 * display's own settings (notation, lines); how much of each stream is
 * kept (recv_keep); and `show segment N`, which is
 * `decode N` (cmd-decode.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/cmd-decode.h"
#include "cli/obs/conns.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/nearest.h"

static enum cmd_status set_lines(struct cmd_ctx *, const char *);
static enum cmd_status set_recv_keep(struct cmd_ctx *, const char *);
static enum cmd_status cmd_set(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_show(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.usage = "KNOB VALUE",
	.min_args = 2,
	.max_args = 2,
	.help = "change a setting for new connections and the current one",
	.detail = "Booleans take on/off, times take units (200ms, 60s, 2m), others\n"
	    "numbers (decimal, or hex after 0x). A value outside the setting's\n"
	    "range is refused, the range said in its unit (0s-86400s).\n"
	    "`show` lists every setting with its value and meaning.\n"
	    "Examples: set time_wait 5s; set keepalive on; set keepalive.idle 2s;\n"
	    "set delack off; set syncookies 2; set wscale off;\n"
	    "set rfc5961 off (RFC 793: an in-window RST or SYN resets, no\n"
	    "challenge ACKs); set synfin_drop off (answer a SYN+FIN).\n"
	    "set notation packetdrill prints segments as craft and expect take them.\n"
	    "set lines events prints engine events but no packet or data lines\n"
	    "(as -q); set lines none prints neither (nor the accepts of a\n"
	    "listener), for thousands of connections; set lines all is the default.\n"
	    "set recv_keep N: each connection keeps the last N bytes it received\n"
	    "for recv, wait recv and save (16777216 by default, 0 keeps none);\n"
	    "older ones are counted, and save PATH next saves all of a stream.\n"
	    "set diagram_keep N: the diagram keeps the newest N items (arrows,\n"
	    "states, notes) of each conversation, 10000 by default; older ones\n"
	    "are counted on a row at its top.",
	.exec = cmd_set,
};

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "[KNOB] | segment [N | #N]",
	.max_args = 2,
	.help = "show settings: value for new connections (and the current one)",
	.detail = "show segment N is decode N: every field of frame N (see "
	    "decode).",
	.exec = cmd_show,
};

/* set lines all|events|none: how much of the event stream prints. */
static enum cmd_status
set_lines(struct cmd_ctx *c, const char *value)
{
	int	level;

	if ((level = lines_level_find(value)) < 0) {
		say_err("set: lines is all, events or none, not \"%s\"", value);
		return (CMD_USAGE);
	}
	lines_set_level(c->o->lines, (enum lines_level)level);
	conns_set_quiet(c->o->conns, level == LINES_NONE);
	return (CMD_OK);
}

/* set recv_keep N: the bytes of each stream kept for recv and save. */
static enum cmd_status
set_recv_keep(struct cmd_ctx *c, const char *value)
{
	unsigned long long	 n;
	char			*end;

	errno = 0;
	n = strtoull(value, &end, 0);
	if (value[0] == '\0' || value[0] == '-' || *end != '\0' ||
	    errno != 0 || n > CONNS_KEEP_MAX) {
		say_err("set: recv_keep is a number of bytes, 0-%u, not \"%s\"",
		    CONNS_KEEP_MAX, value);
		return (CMD_USAGE);
	}
	conns_set_keep(c->o->conns, (size_t)n);
	return (CMD_OK);
}

/* set diagram_keep N: items the live diagram keeps of each conversation. */
static enum cmd_status
set_diagram_keep(struct cmd_ctx *c, const char *value)
{
	char		*end;
	unsigned long	 n;

	n = strtoul(value, &end, 10);
	if (value[0] < '0' || value[0] > '9' || *end != '\0' ||
	    n < DGFEED_KEEP_MIN || n > DGFEED_KEEP_MAX) {
		say_err("set: diagram_keep is a number from %d to %d, not "
		    "\"%s\"", DGFEED_KEEP_MIN, DGFEED_KEEP_MAX, value);
		return (CMD_USAGE);
	}
	dgfeed_set_keep_items(c->o->dg, (unsigned)n);
	return (CMD_OK);
}

/* set KNOB VALUE */
static enum cmd_status
cmd_set(struct cmd_ctx *c, int argc, char **argv)
{
	struct session	*s = c->s;
	struct tcp_cfg	*cc;
	unsigned	 cur = conns_cur(c->o->conns);
	char		 err[160];

	if (strcmp(argv[1], "notation") == 0) {
		/* A setting of the display, not of the engine. */
		if (strcmp(argv[2], "tcpdump") == 0)
			lines_set_notation(c->o->lines, 0);
		else if (strcmp(argv[2], "packetdrill") == 0)
			lines_set_notation(c->o->lines, 1);
		else {
			say_err("set: notation is tcpdump or packetdrill, not "
			    "\"%s\"", argv[2]);
			return (CMD_USAGE);
		}
		return (CMD_OK);
	}
	if (strcmp(argv[1], "lines") == 0)
		return (set_lines(c, argv[2]));
	if (strcmp(argv[1], "recv_keep") == 0)
		return (set_recv_keep(c, argv[2]));
	if (strcmp(argv[1], "diagram_keep") == 0)
		return (set_diagram_keep(c, argv[2]));
	if (tcp_knob_find(argv[1]) == NULL &&
	    nearest_word(argv[1], "notation") != NULL) {
		say_err("set: unknown setting \"%s\" (did you mean "
		    "\"notation\"? see show)", argv[1]);
		return (CMD_USAGE);
	}
	if (tcp_knob_set(stack_cfg(s->st), argv[1], argv[2], err,
	    sizeof err) != 0) {
		say_err("set: %s", err);
		return (CMD_USAGE);
	}
	if (cur != 0 && (cc = tcp_conn_cfg(s->st, cur)) != NULL) {
		tcp_knob_set(cc, argv[1], argv[2], err, sizeof err);
		tcp_cfg_changed(s->st, cur, session_now(s));
		session_pump(s);
	}
	return (CMD_OK);
}

/* show [KNOB] */
static enum cmd_status
cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	struct session		*s = c->s;
	const struct tcp_knob	*k;
	unsigned		 cur = conns_cur(c->o->conns);
	struct tcp_cfg		*conn = cur ? tcp_conn_cfg(s->st, cur) : NULL;
	char			 v[32], cv[32], col[48], err[160];
	size_t			 i, n;

	if (argc >= 2 && strcmp(argv[1], "segment") == 0)
		return (cmd_decode_run(c, argc - 1, argv + 1));
	if (argc == 3) {
		say_err("show: unexpected \"%s\" (show KNOB, or show segment "
		    "N)", argv[2]);
		return (CMD_USAGE);
	}
	k = tcp_knobs(&n);
	if (argc == 1 || strcmp(argv[1], "notation") == 0)
		say("  %-18s %-8s  how segments print: tcpdump or packetdrill "
		    "(as craft and expect take them)", "notation", lines_notation(c->o->lines) ?
		    "packetdrill" : "tcpdump");
	if (argc == 1 || strcmp(argv[1], "lines") == 0)
		say("  %-18s %-8s  what prints: all, events (no packet or data "
		    "lines) or none", "lines", lines_level_name(lines_level(
		    c->o->lines)));
	if (argc == 1 || strcmp(argv[1], "recv_keep") == 0)
		say("  %-18s %-8zu  bytes of each stream kept for recv, wait "
		    "recv and save (save PATH next: all)", "recv_keep",
		    conns_keep(c->o->conns));
	if (argc == 1 || strcmp(argv[1], "diagram_keep") == 0)
		say("  %-18s %-8u  items the diagram keeps of a conversation, "
		    "the newest (older ones counted)", "diagram_keep",
		    dgfeed_keep_items(c->o->dg));
	if (argc == 2 && (strcmp(argv[1], "notation") == 0 ||
	    strcmp(argv[1], "lines") == 0 ||
	    strcmp(argv[1], "recv_keep") == 0 ||
	    strcmp(argv[1], "diagram_keep") == 0))
		return (CMD_OK);
	if (argc == 2 && tcp_knob_find(argv[1]) == NULL) {
		tcp_knob_unknown(argv[1], err, sizeof err);
		say_err("show: %s", err);
		return (CMD_USAGE);
	}
	for (i = 0; i < n; i++) {
		if (argc == 2 && strcasecmp(k[i].name, argv[1]) != 0)
			continue;
		tcp_knob_get(&k[i], stack_cfg(s->st), v, sizeof v);
		col[0] = '\0';
		if (conn != NULL) {
			tcp_knob_get(&k[i], conn, cv, sizeof cv);
			if (strcmp(v, cv) != 0)
				snprintf(col, sizeof col, " (c%u: %s)",
				    cur, cv);
		}
		say("  %-18s %-8s%s  %s", k[i].name, v, col, k[i].help);
	}
	return (CMD_OK);
}
