/*
 * cli/cmd/cmd-conns.c - conns: the STATUS of every connection and socket
 * (RFC 9293 §3.10.6), and with `all` the history of the freed ones that
 * is kept (cli/obs/conns.h: the last CONNS_KEPT), and `stat conns`: what
 * the connection table and the views hold.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"

#define CONNS_CLOSED_SHOWN 3	/* CLOSED connections conns shows (all: every one) */

static enum cmd_status cmd_conns(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_conns_entry = {
	.name = "conns",
	.alias = "status",
	.usage = "[all]",
	.max_args = 1,
	.help = "list connections and sockets: id, state, 4-tuple, queues, timers",
	.detail = "The current one is marked *. `stat ID` shows one in full.\n"
	    "Of the CLOSED connections only the 3 closed last (and the current\n"
	    "one) are listed, with a line saying how many are hidden;\n"
	    "`conns all` lists every one tcpx still has.\n"
	    "Finished connections do not pile up: the last 16 to close stay\n"
	    "whole (stat, recv and history work on them), then each is freed.\n"
	    "Of freed ones the last 1000 keep their 4-tuple, final state and\n"
	    "states (`history ID`); `conns all` lists them first, marked\n"
	    "\"freed\", and says how many older ones were forgotten.\n"
	    "`stat conns` counts live, freed, kept and forgotten connections.",
	.exec = cmd_conns,
};

/* The armed timers of ts as "rexmt 0.2s, time-wait 58.1s". */
static void
timers_text(const struct tcp_status *ts, uint64_t now, char *buf, size_t len)
{
	size_t	o = 0;
	int	i;

	buf[0] = '\0';
	for (i = 0; i < TCP_NTIMERS && o < len; i++) {
		if (ts->timer[i] == TCP_NEVER)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s %.1fs", o ? ", " :
		    " [", tcp_timer_name(i), ts->timer[i] > now ?
		    (ts->timer[i] - now) / 1e6 : 0.0);
	}
	if (o > 0 && o < len - 1)
		snprintf(buf + o, len - o, "]");
}

/*
 * conns all: the freed connections kept, oldest first, each with its
 * 4-tuple, final state and the states it went through; a line first when
 * older ones were forgotten.  Returns how many were listed.
 */
static size_t
conns_all_kept(struct cmd_ctx *c)
{
	struct conn_view	*v = NULL;
	struct conns_stats	 cs;
	const struct conn_hist	*h;
	struct conn_end		 e;
	char			 la[64], ra[64], path[256];
	size_t			 n = 0, i, o;

	conns_stats(c->o->conns, &cs);
	if (cs.forgotten > 0)
		say("  (%lu older freed connection%s forgotten: the last %d "
		    "are kept)", cs.forgotten, cs.forgotten == 1 ? "" : "s",
		    CONNS_KEPT);
	while ((v = conns_kept_next(c->o->conns, v)) != NULL) {
		o = 0;
		path[0] = '\0';
		for (i = 0; i < v->hist_len && o < sizeof path; i++) {
			h = conns_hist(v, i);
			o += (size_t)snprintf(path + o, sizeof path - o, "%s%s",
			    i ? " " : "", tcp_state_name(h->to));
		}
		if (v->end != NULL)
			e = *v->end;
		else
			memset(&e, 0, sizeof e);
		addr_fmt(&e.local.addr, la, sizeof la);
		addr_fmt(&e.remote.addr, ra, sizeof ra);
		if (e.remote.port == 0)
			say(" c%u %s %s.%u freed (%s)", v->id,
			    tcp_state_name(v->last), la, e.local.port, path);
		else
			say(" c%u %s %s.%u > %s.%u freed (%s)", v->id,
			    tcp_state_name(v->last), la, e.local.port, ra,
			    e.remote.port, path);
		n++;
	}
	return (n);
}

/* stat conns: what the connection table and the views hold. */
enum cmd_status
cmd_stat_conns(struct cmd_ctx *c)
{
	struct tcp_table_stats	ts;
	struct conns_stats	cs;

	stack_table_stats(c->s->st, &ts);
	conns_stats(c->o->conns, &cs);
	say("engine: %zu connections (%zu of them CLOSED, not yet freed), "
	    "%llu made, %llu freed; %zu with a timer armed",
	    ts.live, ts.closed, (unsigned long long)ts.created,
	    (unsigned long long)ts.freed, ts.timers);
	say("lookups: %llu by hash, %llu entries looked at (%.2f each), %zu "
	    "buckets", (unsigned long long)ts.lookups,
	    (unsigned long long)ts.probes, ts.lookups ?
	    (double)ts.probes / (double)ts.lookups : 0.0, ts.buckets);
	say("history: %zu CLOSED held whole (at most %d), %zu freed kept "
	    "(at most %d), %lu forgotten, %lu released", cs.held, CONNS_HELD,
	    cs.kept, CONNS_KEPT, cs.forgotten, cs.released);
	return (CMD_OK);
}

/* conns */
static enum cmd_status
cmd_conns(struct cmd_ctx *c, int argc, char **argv)
{
	struct session		*s = c->s;
	struct tcp_status	ts;
	struct endpoint		ul;
	unsigned		id = 0, cur = conns_cur(c->o->conns);
	unsigned long		closed = conns_closed(c->o->conns), hidden = 0;
	size_t			kept = 0;
	char			la[64], ra[64], tm[256];
	int			n = 0, all = 0;

	if (argc == 2) {
		if (strcmp(argv[1], "all") != 0) {
			say_err("conns: unexpected \"%s\" (usage: conns %s)",
			    argv[1], cmd_conns_entry.usage);
			return (CMD_USAGE);
		}
		all = 1;
		kept = conns_all_kept(c);
	}
	while ((id = stack_conn_next(s->st, id)) != 0) {
		if (tcp_status(s->st, id, &ts) != 0)
			continue;
		/* Old CLOSED ones would bury the live ones: show the last few. */
		if (!all && ts.state == TCP_CLOSED && id != cur &&
		    conns_get(c->o->conns, id)->closed + CONNS_CLOSED_SHOWN <=
		    closed) {
			hidden++;
			continue;
		}
		addr_fmt(&ts.local.addr, la, sizeof la);
		addr_fmt(&ts.remote.addr, ra, sizeof ra);
		n++;
		if (ts.state == TCP_LISTEN) {
			say("%sc%u LISTEN %s.%u", id == conns_cur(c->o->conns) ? "*" : " ",
			    ts.conn, la, ts.local.port);
			continue;
		}
		timers_text(&ts, session_now(s), tm, sizeof tm);
		say("%sc%u %s %s.%u > %s.%u snd.una +%u snd.nxt +%u "
		    "snd.wnd %u rcv.nxt +%u rcv.wnd %u cwnd %u unacked %zu "
		    "unsent %zu%s", id == conns_cur(c->o->conns) ? "*" : " ", ts.conn,
		    tcp_state_name(ts.state), la, ts.local.port, ra,
		    ts.remote.port, ts.snd_una - ts.iss, ts.snd_nxt - ts.iss,
		    ts.snd_wnd, ts.rcv_nxt - ts.irs, ts.rcv_wnd, ts.cwnd,
		    ts.unacked, ts.unsent, tm);
	}
	for (id = udp_next(s->st, 0); id != 0; id = udp_next(s->st, id)) {
		if (udp_local(s->st, id, &ul) != 0)
			continue;
		say("%su%u UDP %s.%u", id == conns_cur(c->o->conns) ? "*" : " ", id,
		    addr_fmt(&ul.addr, la, sizeof la), ul.port);
		n++;
	}
	if (n == 0 && hidden == 0 && kept == 0)
		say("no connections");
	if (hidden > 0)
		say("  (%lu older CLOSED connection%s hidden: conns all lists "
		    "them)", hidden, hidden == 1 ? "" : "s");
	return (CMD_OK);
}
