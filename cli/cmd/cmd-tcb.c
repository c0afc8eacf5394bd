/*
 * cli/cmd/cmd-tcb.c - looking inside connections: `stat` prints the whole
 * transmission control block (RFC 9293 §3.3.1) with congestion control and
 * the armed timers; `stat path` what the data path holds and what its
 * bounds dropped; `history` the states a connection went through (RFC 9293
 * §3.3.2), how long it stayed in each and why it moved on; `use N` picks
 * the current connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cap.h"
#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/frames.h"
#include "cli/obs/hush.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/print/print.h"
#include "cli/run/arpq.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/ipfrag.h"
#include "core/cc.h"
#include "craft/inject.h"

static enum cmd_status cmd_stat(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_use(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_history(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_stat_entry = {
	.name = "stat",
	.usage = "[ID | path | conns]",
	.max_args = 1,
	.help = "print the whole TCB of the current connection (or of ID)",
	.detail = "Sequence variables are absolute, with the offset from the initial\n"
	    "sequence number in brackets. Timers show the time left.\n"
	    "stat path: what the data path holds and what its bounds dropped:\n"
	    "segments held by step or delayed by a fault, frames waiting for\n"
	    "ARP/ND, IP fragments waiting for reassembly and what was dropped\n"
	    "of them, the capture's counters (and how much of its ring was\n"
	    "written ahead while idle), injection's (frames, system calls,\n"
	    "refusals, and the transmit thread that sends what captured\n"
	    "frames made us send when tcpx may run on two CPUs), the frames\n"
	    "kept for decode (and\n"
	    "how much of their buffer is mapped and touched), the diagram's\n"
	    "size (it draws at most 1000 new conversations a second) and the\n"
	    "event lines left out: notes, discards and ARP/ND give-ups print\n"
	    "at most 10 of one kind a second; a line then says how many more\n"
	    "there were.\n"
	    "stat conns: connections the engine has (CLOSED ones not yet freed\n"
	    "among them), made and freed so far, hash lookups and the entries\n"
	    "they looked at, and the history: CLOSED ones held whole, freed\n"
	    "ones kept (the last 1000) and older ones forgotten.\n"
	    "A listener's stat also shows its SYN queue (half-open connections)\n"
	    "and accept queue, each with its bound, and when it sends SYN cookies.\n"
	    "When data arrived out of order: the out-of-order queue's bytes and\n"
	    "blocks, the memory they are charged (128 bytes a block besides the\n"
	    "data) against its bound (rcv_buf less what is readable, at most\n"
	    "reasm_limit), and what the bound pruned and dropped.",
	.exec = cmd_stat,
};

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = "[ID]",
	.max_args = 1,
	.help = "the states the current connection (or ID) went through, and for how long",
	.detail = "One line per state entered: when (as event lines print it), how long\n"
	    "it stayed there (the last: still in it, for how long so far) and the\n"
	    "engine's reason for entering it, with its RFC clause. Works after\n"
	    "the connection is CLOSED too. The last 64 states of a connection\n"
	    "are kept; the line above them counts older ones.",
	.exec = cmd_history,
};

const struct cmd_entry cmd_use_entry = {
	.name = "use",
	.usage = "ID",
	.min_args = 1,
	.max_args = 1,
	.help = "make connection (or UDP socket) ID, e.g. c2, the current one",
	.exec = cmd_use,
};

/* stat path: the data path's queues, their bounds and their drops. */
static enum cmd_status
stat_path(struct cmd_ctx *c)
{
	struct session		*s = c->s;
	struct gate_stats	 gs;
	struct arpq_stats	 as;
	struct ipdefrag_stats	 fs;
	struct frames_stats	 frs;
	struct inj_stats	 is;
	uint64_t		 items;
	unsigned long		 recv, drop, gone;
	size_t			 ring, warm;
	int			 i;

	gate_stats(s->gate, &gs);
	arpq_stats(s->arpq, &as);
	say("gate: %lu held or delayed (at most %d), %lu dropped for want of "
	    "room", gs.held, GATE_MAX_HELD, gs.full_drops);
	say("arp/nd: %lu frames waiting for %lu addresses (at most %d per "
	    "address, %d addresses), %lu sent once resolved, %lu dropped "
	    "full, %lu given up after %d s, %lu dropped as their connection "
	    "closed", as.waiting, as.addrs, ARPQ_PER_ADDR, ARPQ_ADDRS, as.sent,
	    as.full, as.expired, (int)(ARPQ_GIVEUP / TCP_SEC), as.orphaned);
	if (s->cap != NULL && cap_stats(s->cap, &recv, &drop) == 0) {
		cap_ring(s->cap, &ring, &warm);
		say("capture: %lu frames received, %lu dropped by the kernel "
		    "(libpcap, on %s); its ring: %zu bytes, %zu written ahead",
		    recv, drop, s->ifname, ring, warm);
	}
	if (s->inj != NULL) {
		inj_stats(s->inj, &is);
		say("inject: %llu frames in %llu system calls, %llu refused; "
		    "transmit thread: %s, %llu batches sent by it, %llu flushes "
		    "waited for it", (unsigned long long)is.frames,
		    (unsigned long long)is.calls,
		    (unsigned long long)is.refused, is.thread > 0 ? "running" :
		    is.thread < 0 ? "none" : "not started",
		    (unsigned long long)is.handed,
		    (unsigned long long)is.waited);
	}
	for (i = 0; i < 2; i++) {
		ipdefrag_stats(s->defrag[i], &fs);
		say("ipv%d fragments: %lu datagrams waiting (%lu bytes, at most "
		    "%u), %lu reassembled; dropped: %lu overlapping, %lu "
		    "duplicate, %lu of discarded datagrams, %lu malformed, %lu "
		    "past 65535, %lu too many; %lu datagrams timed out, %lu "
		    "evicted", i ? 6 : 4, fs.held, fs.bytes,
		    stack_cfg(s->st)->frag_mem, fs.done, fs.drops[IPDF_OVERLAP],
		    fs.drops[IPDF_DUP], fs.drops[IPDF_DEAD], fs.drops[IPDF_BAD],
		    fs.drops[IPDF_TOO_BIG], fs.drops[IPDF_TOO_MANY],
		    fs.drops[IPDF_TIMEOUT], fs.drops[IPDF_EVICTED]);
	}
	frames_stats(c->o->frames, &frs);
	say("decode: %lu frames kept (%zu bytes; at most %d frames, %lu "
	    "bytes); their buffer: %zu bytes mapped, %zu touched",
	    frs.kept, frs.bytes, FRAMES_KEEP, FRAMES_MEM, frs.mapped,
	    frs.touched);
	say("diagram: %lu things recorded (at most %d), %lu segments left out "
	    "(they began more than %d conversations a second)",
	    dgfeed_count(c->o->dg), DGFEED_MAX_SEGS,
	    dgfeed_flood_left(c->o->dg), DGFEED_NEW_RATE);
	if ((gone = dgfeed_dropped(c->o->dg, &items)) > 0)
		say("diagram: %lu older conversations dropped (%llu things), "
		    "the newest %d kept", gone, (unsigned long long)items,
		    DGFEED_KEEP_CONVS);
	if (dgfeed_trimmed(c->o->dg) > 0)
		say("diagram: %llu older things of long conversations left "
		    "out, the newest %u of each kept (set diagram_keep)",
		    (unsigned long long)dgfeed_trimmed(c->o->dg),
		    dgfeed_keep_items(c->o->dg));
	say("lines: %lu left out, more than %d of one kind in a second "
	    "(notes, discards, ARP/ND give-ups)", lines_left_out(c->o->lines),
	    HUSH_BURST);
	return (CMD_OK);
}

/* A listener's queues, their bounds, and when it sends SYN cookies. */
static void
stat_listen(const struct tcp_status *ts)
{
	static const char *const cookies[] = { "off", "when the SYN queue "
	    "is full", "always" };

	say("  SYN queue %u of %u (syn_backlog)  accept queue %u of %u "
	    "(backlog)  SYN cookies %s", ts->synq, ts->cfg.syn_backlog,
	    ts->acceptq, ts->cfg.backlog, cookies[ts->cfg.syncookies > 2 ? 2 :
	    ts->cfg.syncookies]);
}

/* The out-of-order queue's line of `stat`: its blocks, memory and bound. */
static void
stat_ooo(const struct tcp_status *ts)
{
	say("  out-of-order queue: %zu bytes in %zu blocks, memory %zu of %zu"
	    "  pruned %llu blocks (%llu bytes) in %llu passes  dropped %llu "
	    "segments (%llu bytes)", ts->ooo, ts->ooo_blocks, ts->ooo_mem,
	    ts->ooo_limit, (unsigned long long)ts->ooo_pruned_blocks,
	    (unsigned long long)ts->ooo_pruned_bytes,
	    (unsigned long long)ts->ooo_prunes,
	    (unsigned long long)ts->ooo_dropped,
	    (unsigned long long)ts->ooo_dropped_bytes);
}

/* stat [ID | path] */
static enum cmd_status
cmd_stat(struct cmd_ctx *c, int argc, char **argv)
{
	struct session		*s = c->s;
	struct tcp_status	ts;
	unsigned		id = conns_cur(c->o->conns);
	char			la[64], ra[64], tl[256];
	uint64_t		now = session_now(s);
	size_t			o = 0;
	int			i;

	if (argc == 2 && strcmp(argv[1], "path") == 0)
		return (stat_path(c));
	if (argc == 2 && strcmp(argv[1], "conns") == 0)
		return (cmd_stat_conns(c));
	if (argc == 2 && (id = cmd_conn_arg(c, "stat", argv[1])) == 0)
		return (CMD_USAGE);
	if (id == 0 || tcp_status(s->st, id, &ts) != 0) {
		say_err("stat: no connection (use connect or listen first)");
		return (CMD_FAIL);
	}
	addr_fmt(&ts.local.addr, la, sizeof la);
	addr_fmt(&ts.remote.addr, ra, sizeof ra);
	if (ts.remote.port == 0)	/* a listener: any peer, as netstat's *.* */
		say("c%u %s  %s.%u > *.*", ts.conn, tcp_state_name(ts.state),
		    la, ts.local.port);
	else
		say("c%u %s  %s.%u > %s.%u%s", ts.conn,
		    tcp_state_name(ts.state), la, ts.local.port, ra,
		    ts.remote.port, ts.listener ? "  (passive)" : "");
	if (ts.state == TCP_LISTEN)
		stat_listen(&ts);
	say("  ISS %u  SND.UNA %u [+%u]  SND.NXT %u [+%u]  SND.MAX %u",
	    ts.iss, ts.snd_una, ts.snd_una - ts.iss, ts.snd_nxt,
	    ts.snd_nxt - ts.iss, ts.snd_max);
	say("  SND.WND %u  MAX.SND.WND %u  IRS %u  RCV.NXT %u [+%u]  "
	    "RCV.WND %u", ts.snd_wnd, ts.max_snd_wnd, ts.irs, ts.rcv_nxt,
	    ts.rcv_nxt - ts.irs, ts.rcv_wnd);
	say("  MSS %u (peer %u)  wscale %d/%d (ours/peer's)  timestamps %s"
	    "  SACK %s", ts.snd_mss, ts.peer_mss, ts.rcv_wscale,
	    ts.snd_wscale, ts.ts_ok ? "on" : "off", ts.sack_ok ? "on" : "off");
	if (ts.pmtu != 0 && ts.pmtu < stack_cfg(s->st)->mtu)
		say("  path MTU %u, learnt from ICMP (the link's is %u; "
		    "forgotten after pmtu.expires)", ts.pmtu,
		    stack_cfg(s->st)->mtu);
	if (ts.soft_err[0] != '\0')
		say("  last soft error: %s", ts.soft_err);
	if (ts.ssthresh == CC_INFINITE_SSTHRESH)
		snprintf(ra, sizeof ra, "infinite");
	else
		snprintf(ra, sizeof ra, "%u", ts.ssthresh);
	say("  cwnd %u  ssthresh %s  (%s)  SRTT %.1f ms  RTTVAR %.1f ms  "
	    "RTO %llu ms", ts.cwnd, ra, ts.cc_phase,
	    ts.srtt / 1000.0, ts.rttvar / 1000.0,
	    (unsigned long long)(ts.rto / TCP_MS));
	say("  queued %zu  unacked %zu  readable %zu  out-of-order %zu  "
	    "retransmits %d  keepalive probes %d", ts.unsent, ts.unacked,
	    ts.readable, ts.ooo, ts.retransmits, ts.ka_sent);
	if (ts.ooo_blocks != 0 || ts.ooo_prunes != 0 || ts.ooo_dropped != 0)
		stat_ooo(&ts);
	for (i = 0; i < TCP_NTIMERS; i++) {
		if (ts.timer[i] == TCP_NEVER)
			continue;
		o += (size_t)snprintf(tl + o, sizeof tl - o, "%s%s %.3f s",
		    o ? ", " : "", tcp_timer_name(i), ts.timer[i] > now ?
		    (ts.timer[i] - now) / 1e6 : 0.0);
		if (o >= sizeof tl)
			break;
	}
	say("  timers: %s", o ? tl : "none armed");
	return (CMD_OK);
}

/* use N */
static enum cmd_status
cmd_use(struct cmd_ctx *c, int argc, char **argv)
{
	unsigned	id;

	if ((id = cmd_conn_arg(c, "use", argv[1])) == 0)
		return (CMD_USAGE);
	conns_use(c->o->conns, id);
	return (CMD_OK);
}

/* "1.000842 s" for d, microseconds exact. */
static void
history_secs(const struct timeval *d, char *buf, size_t len)
{
	snprintf(buf, len, "%lld.%06ld s", (long long)d->tv_sec,
	    (long)d->tv_usec);
}

/* history [ID]: each state entered, when, for how long, and why. */
static enum cmd_status
cmd_history(struct cmd_ctx *c, int argc, char **argv)
{
	const struct conn_hist	*h, *next;
	struct conn_view	*v;
	struct tcp_status	 ts;
	struct timeval		 now, d, t, tn;
	unsigned long		 n;
	unsigned		 id = conns_cur(c->o->conns);
	const char		*p;
	char			*end, when[PRINT_TS_MAX], dur[64], la[64], ra[64];
	size_t			 i;

	if (argc == 2) {
		p = argv[1] + (argv[1][0] == 'c' || argv[1][0] == 'u');
		n = strtoul(p, &end, 10);
		if (*p < '0' || *p > '9' || *end != '\0' || n == 0 ||
		    n > 100000000UL) {
			say_err("history: bad connection \"%s\": expected an "
			    "id such as c2 (see conns)", argv[1]);
			return (CMD_USAGE);
		}
		id = (unsigned)n;
	} else if (id == 0) {
		say_err("history: no connection (use connect or listen first)");
		return (CMD_FAIL);
	}
	if (udp_is_socket(c->s->st, id)) {
		say_err("history: u%u is a UDP socket, which has no states", id);
		return (CMD_FAIL);
	}
	/* u names a UDP socket only, as everywhere (cmd_conn_arg). */
	if ((v = conns_find(c->o->conns, id)) == NULL ||
	    (argc == 2 && argv[1][0] == 'u')) {
		say_err("history: no connection \"%s\" (see conns)",
		    argc == 2 ? argv[1] : "current");
		return (CMD_FAIL);
	}
	if (v->hist_len == 0) {
		say_err("history: c%u has changed no state (see conns)", id);
		return (CMD_FAIL);
	}
	if (tcp_status(c->s->st, id, &ts) == 0 && ts.remote.port != 0) {
		addr_fmt(&ts.local.addr, la, sizeof la);
		addr_fmt(&ts.remote.addr, ra, sizeof ra);
		say("c%u %s.%u > %s.%u: %u state%s", id, la, ts.local.port,
		    ra, ts.remote.port, v->hist_len, v->hist_len == 1 ? "" :
		    "s");
	} else if (v->phase == CONN_GONE && v->end != NULL &&
	    v->end->remote.port != 0) {
		addr_fmt(&v->end->local.addr, la, sizeof la);
		addr_fmt(&v->end->remote.addr, ra, sizeof ra);
		say("c%u %s.%u > %s.%u (freed): %u state%s", id, la,
		    v->end->local.port, ra, v->end->remote.port, v->hist_len,
		    v->hist_len == 1 ? "" : "s");
	} else
		say("c%u: %u state%s", id, v->hist_len, v->hist_len == 1 ?
		    "" : "s");
	if (v->hist_dropped != 0)
		say("  (%lu earlier state%s not kept: the last %d are)",
		    v->hist_dropped, v->hist_dropped == 1 ? "" : "s",
		    CONNS_HIST_MAX);
	gettimeofday(&now, NULL);
	for (i = 0; i < v->hist_len; i++) {
		h = conns_hist(v, i);
		t = conns_hist_tv(h);
		print_ts(&t, when, sizeof when);
		if ((next = conns_hist(v, i + 1)) != NULL) {
			tn = conns_hist_tv(next);
			timersub(&tn, &t, &d);
			history_secs(&d, dur, sizeof dur);
		} else {
			if (timercmp(&now, &t, <))
				now = t;
			timersub(&now, &t, &d);
			snprintf(dur, sizeof dur, "still in it, for %.1f s",
			    (double)d.tv_sec + d.tv_usec / 1e6);
		}
		say("  %s  %-12s %-24s %s", when, tcp_state_name(h->to), dur,
		    h->why);
	}
	return (CMD_OK);
}
