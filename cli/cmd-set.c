/*
 * cli/cmd-set.c - `set KNOB VALUE` and `show [KNOB]`: the engine's
 * tunables (core/knobs.c), for new connections and the current one.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"

static enum cmd_status cmd_set(struct session *, int, char **);
static enum cmd_status cmd_show(struct session *, int, char **);

const struct cmd_entry cmd_set_entry = {
	"set", NULL, "KNOB VALUE", 2, 2, 0,
	"change a setting for new connections and the current one",
	"Booleans take on/off, times take units (200ms, 60s, 2m), others\n"
	"numbers. `show` lists every setting with its value and meaning.\n"
	"Examples: set time_wait 5s; set keepalive on; set keepalive.idle 2s;\n"
	"set delack off; set syncookies 2; set wscale off.\n"
	"set notation packetdrill prints segments as craft and expect take them.",
	cmd_set
};

const struct cmd_entry cmd_show_entry = {
	"show", NULL, "[KNOB]", 0, 1, 0,
	"show settings: value for new connections (and the current one)",
	NULL,
	cmd_show
};

/* set KNOB VALUE */
static enum cmd_status
cmd_set(struct session *s, int argc, char **argv)
{
	struct tcp_cfg	*c;
	char		 err[160];

	if (strcmp(argv[1], "notation") == 0) {
		/* A setting of the display, not of the engine. */
		if (strcmp(argv[2], "tcpdump") == 0)
			s->notation = 0;
		else if (strcmp(argv[2], "packetdrill") == 0)
			s->notation = 1;
		else {
			say_err(s, "set: notation is tcpdump or packetdrill, not "
			    "\"%s\"", argv[2]);
			return (CMD_USAGE);
		}
		return (CMD_OK);
	}
	if (tcp_knob_set(stack_cfg(s->st), argv[1], argv[2], err,
	    sizeof err) != 0) {
		say_err(s, "set: %s", err);
		return (CMD_USAGE);
	}
	if (s->cur != 0 && (c = tcp_conn_cfg(s->st, s->cur)) != NULL) {
		tcp_knob_set(c, argv[1], argv[2], err, sizeof err);
		tcp_cfg_changed(s->st, s->cur, session_now(s));
		session_pump(s);
	}
	return (CMD_OK);
}

/* show [KNOB] */
static enum cmd_status
cmd_show(struct session *s, int argc, char **argv)
{
	const struct tcp_knob	*k;
	struct tcp_cfg		*conn = s->cur ? tcp_conn_cfg(s->st, s->cur) : NULL;
	char			 v[32], cv[32], col[48];
	size_t			 i, n;

	k = tcp_knobs(&n);
	if (argc == 1 || strcmp(argv[1], "notation") == 0)
		say(s, "  %-18s %-8s  how segments print: tcpdump or packetdrill "
		    "(as craft and expect take them)", "notation", s->notation ?
		    "packetdrill" : "tcpdump");
	if (argc == 2 && strcmp(argv[1], "notation") == 0)
		return (CMD_OK);
	if (argc == 2 && tcp_knob_find(argv[1]) == NULL) {
		say_err(s, "show: unknown setting \"%s\"", argv[1]);
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
				    s->cur, cv);
		}
		say(s, "  %-18s %-8s%s  %s", k[i].name, v, col, k[i].help);
	}
	return (CMD_OK);
}
