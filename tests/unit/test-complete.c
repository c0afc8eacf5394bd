/*
 * tests/unit/test-complete.c - the tables beside the command table: every
 * command in cmd_table has a help group and completion rules, neither
 * table names a command that is gone, and completion offers what a user
 * expects (subcommands, states, settings, connection ids) from the live
 * sources.  Linked with tcpx's libraries; no root, no network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd-help.h"
#include "cli/cmd/cmd-table.h"
#include "cli/run/gate.h"
#include "cli/run/session.h"
#include "cli/ui/complete.h"
#include "tests/tap.h"


/* The completions of the last word of line, joined by blanks ("FILE" for files). */
static const char *
comp(struct session *s, const char *line)
{
	struct cmd_ctx	 x;
	static char	 out[4096];
	const char	*text = strrchr(line, ' ');
	char		**v, **p;
	size_t		 o = 0;
	int		 files;

	text = text != NULL ? text + 1 : line;
	memset(&x, 0, sizeof x);
	x.s = s;
	x.table = cmd_table;
	v = complete_words(&x, line, (size_t)(text - line), text, &files);
	out[0] = '\0';
	if (files)
		return ("FILE");
	for (p = v; *p != NULL && o < sizeof out; p++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s",
		    p == v ? "" : " ", *p);
	complete_free(v);
	return (out);
}

/* Whether word is one of the blank-separated words of list. */
static int
has(const char *list, const char *word)
{
	size_t	n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return (1);
	return (0);
}

int
main(void)
{
	const struct cmd_entry	*const *e;
	struct session		 s;
	struct tcp_cfg		 cfg;
	struct endpoint		 l, r;
	struct gate_out		 out[2 * GATE_OUT_MAX];
	struct seg		 seg;
	const char		*stale;
	unsigned		 id;
	size_t			 n;

	for (e = cmd_table; *e != NULL; e++) {
		ok(help_group((*e)->name) != NULL, "%s has a help group",
		    (*e)->name);
		ok(complete_known((*e)->name), "%s has completion rules",
		    (*e)->name);
		ok(help_example((*e)->name) != NULL || ((*e)->detail != NULL &&
		    (strstr((*e)->detail, "xample") != NULL ||
		    strstr((*e)->detail, "e.g.") != NULL)),
		    "help %s gives examples", (*e)->name);
	}
	stale = help_stale(cmd_table);
	ok(stale == NULL, "the help groups name only real commands (%s)",
	    stale ? stale : "ok");
	stale = complete_stale(cmd_table);
	ok(stale == NULL, "the completion rules name only real commands (%s)",
	    stale ? stale : "ok");

	/* Completion without a session: the static sources. */
	is_str(comp(NULL, "step fr"), "freeze", "step fr -> freeze");
	is_str(comp(NULL, "wait state TIME"), "TIME-WAIT",
	    "wait state TIME -> TIME-WAIT");
	is_str(comp(NULL, "wait state FIN-WAIT-"), "FIN-WAIT-1 FIN-WAIT-2",
	    "wait state FIN-WAIT- -> both FIN-WAITs");
	is_str(comp(NULL, "wa state SYN-R"), "SYN-RECEIVED",
	    "an abbreviated command completes too");
	is_str(comp(NULL, "wait r"), "recv", "wait r -> recv");
	is_str(comp(NULL, "wait event retr"), "retransmission",
	    "wait event retr -> retransmission");
	ok(has(comp(NULL, "set keepal"), "keepalive"), "set keepal -> keepalive");
	ok(has(comp(NULL, "set keepal"), "keepalive.idle"),
	    "set keepal -> keepalive.idle");
	ok(has(comp(NULL, "set no"), "notation"), "set no -> notation");
	is_str(comp(NULL, "set notation p"), "packetdrill",
	    "set notation p -> packetdrill");
	ok(has(comp(NULL, "set li"), "lines"), "set li -> lines");
	ok(has(comp(NULL, "set diag"), "diagram_keep"),
	    "set diag -> diagram_keep");
	is_str(comp(NULL, "set lines "), "all events none",
	    "set lines: its three levels");
	is_str(comp(NULL, "set keepalive o"), "on off",
	    "a boolean setting's values");
	is_str(comp(NULL, "show time_w"), "time_wait", "show time_w -> time_wait");
	is_str(comp(NULL, "connect 10.0.0.2:7 ms"), "mss=",
	    "connect SETTING=: mss=");
	is_str(comp(NULL, "connect 10.0.0.2:7 timestamps=of"), "timestamps=off",
	    "connect SETTING=VALUE: timestamps=off");
	is_str(comp(NULL, "fault d"), "drop dup delay", "fault kinds");
	is_str(comp(NULL, "fault h"), "hold", "fault hold");
	is_str(comp(NULL, "fault drop 2 o"), "out", "fault direction");
	is_str(comp(NULL, "edit 1 w"), "win=", "edit fields");
	is_str(comp(NULL, "capture s"), "start stop save status",
	    "capture subcommands");
	is_str(comp(NULL, "capture save x"), "FILE", "capture save FILE");
	is_str(comp(NULL, "sendfile x"), "FILE", "sendfile PATH");
	ok(has(comp(NULL, "set recv_"), "recv_keep"), "set recv_ -> recv_keep");
	is_str(comp(NULL, "save x "), "follow next", "save PATH follow|next");
	is_str(comp(NULL, "udp "), "bind send", "udp subcommands");
	is_str(comp(NULL, "help con"), "connect conns", "help CMD: command names");
	is_str(comp(NULL, "qu"), "quit", "a command name");
	ok(has(comp(NULL, "sta"), "status"), "aliases complete as names");
	is_str(comp(NULL, "quit "), "", "quit takes nothing");
	is_str(comp(NULL, "frobnicate "), "", "an unknown command: nothing");
	is_str(comp(NULL, "wait \"state\" TIME"), "TIME-WAIT",
	    "a quoted subcommand is the subcommand");

	/* With a session: ids, held segments and the lab's hosts are live. */
	memset(&s, 0, sizeof s);
	tcp_cfg_default(&cfg);
	s.st = stack_new(&cfg, 1);
	s.gate = gate_new();
	is_str(comp(&s, "stat c"), "", "stat c: no connections yet");
	memset(&l, 0, sizeof l);
	memset(&r, 0, sizeof r);
	addr_parse(&l.addr, "10.0.0.1");
	addr_parse(&r.addr, "10.0.0.2");
	r.port = 7;
	id = tcp_connect_cfg(s.st, &l, &r, &cfg, 0, NULL, 0);
	ok(id != 0, "a connection in the engine (c%u)", id);
	is_str(comp(&s, "stat c"), "c1", "stat c -> c1");
	is_str(comp(&s, "close "), "c1", "close -> c1");
	is_str(comp(&s, "close c1 "), "at-eof", "close c1 -> at-eof");
	ok(has(comp(&s, "step o"), "on") && has(comp(&s, "step o"), "off") &&
	    has(comp(&s, "step o"), "out"), "step o -> on off out");
	is_str(comp(&s, "connect 10"), "", "no lab: no host to offer");
	s.lab.up = 1;
	is_str(comp(&s, "connect 10"), "10.0.0.2:", "the lab's peer, IPv4");
	is_str(comp(&s, "connect ["), "[fd00::2]:", "the lab's peer, IPv6");
	is_str(comp(&s, "drop "), "", "nothing held: no numbers");
	memset(&seg, 0, sizeof seg);
	gate_set_step(s.gate, GATE_OUT, true);
	n = gate_offer(s.gate, GATE_OUT, &seg, NULL, 0, out);
	n += gate_offer(s.gate, GATE_OUT, &seg, NULL, 0, out + n);
	ok(n == 2 && out[0].act == GATE_HELD, "two segments held");
	is_str(comp(&s, "drop "), "1 2", "drop -> the held numbers");
	gate_free(s.gate);
	stack_free(s.st);
	return (done_testing());
}
