/*
 * cli/obs/lines.c - the session's printed lines: every frame as tcpdump
 * prints it (or a TCP segment in packetdrill notation, numbers relative to
 * its connection's ISNs; absolute in both with the abs_seq setting),
 * coloured on a terminal; engine events as `*` lines; held segments,
 * faults, data received, notes and errors.  `set lines` leaves out the
 * packet and data lines (events), or the events too (none).  Notes,
 * discards and ARP/ND give-ups, which a flood of forged segments can
 * make one per frame, print at most HUSH_BURST of a kind a second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/colour.h"
#include "cli/obs/hush.h"
#include "cli/obs/lines.h"
#include "cli/obs/out.h"
#include "cli/print/print.h"
#include "cli/run/arpq.h"
#include "cli/run/clock.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/pdn.h"
#include "core/xmalloc.h"

struct lines {
	struct session	*s;
	struct printer	*pr;
	enum lines_level level;
	int		 verbose;
	int		 notation;	/* 1: packetdrill notation */
	int		 told_resend;	/* held resends explained */
	struct hush	 hush;		/* flood lines left out */
};

/* Kinds of line hush counts apart: an engine event's, an ARP/ND one. */
#define LINES_KEY(type, cause, conn) \
	(((uint64_t)(type) << 48) | ((uint64_t)(cause) << 32) | (conn))
#define LINES_KEY_NEIGH	LINES_KEY(0xff, 0, 0)

static void	lines_event(void *, const struct run_ev *);
static void	lines_hushed(struct lines *, const struct hush_sum *);
static void	lines_want(struct lines *);

static const char *dir_names[] = { "outbound", "inbound" };
static const char *level_names[] = { "all", "events", "none" };

/* A printer of the events of s, subscribed to its bus. */
struct lines *
lines_new(struct session *s, int quiet, int verbose)
{
	struct lines	*l = xcalloc(1, sizeof *l);

	l->s = s;
	l->pr = printer_new();
	l->level = quiet ? LINES_EVENTS : LINES_ALL;
	l->verbose = verbose;
	bus_subscribe(&s->bus, lines_event, l);
	lines_want(l);
	return (l);
}

/* Unsubscribe and free; first say what was left out and not yet summed up. */
void
lines_free(struct lines *l)
{
	struct hush_sum	sum;

	if (l == NULL)
		return;
	while (hush_any(&l->hush, now_us(), &sum))
		lines_hushed(l, &sum);
	bus_unsubscribe(&l->s->bus, lines_event, l);
	printer_free(l->pr);
	free(l);
}

/* How segments print: 0 as tcpdump does, 1 in packetdrill notation. */
void
lines_set_notation(struct lines *l, int packetdrill)
{
	l->notation = packetdrill;
}

/* Whether segments print in packetdrill notation. */
int
lines_notation(const struct lines *l)
{
	return (l->notation);
}

/*
 * Take from the bus only what prints at l's level: packet and data lines
 * at `all`, engine events but at `none`, the rest always (the bulk paths
 * then cost the printer no call per segment).
 */
static void
lines_want(struct lines *l)
{
	unsigned	want = BUS_ALL & ~BUS_TYPE(RUN_CAPSTATS);

	if (l->level != LINES_ALL)
		want &= ~(BUS_TYPE(RUN_FRAME) | BUS_TYPE(RUN_DATA));
	if (l->level == LINES_NONE)
		want &= ~BUS_TYPE(RUN_ENGINE);
	bus_want(&l->s->bus, lines_event, l, want);
}

/* How much prints from now on. */
void
lines_set_level(struct lines *l, enum lines_level level)
{
	l->level = level;
	lines_want(l);
}

/* How much prints. */
enum lines_level
lines_level(const struct lines *l)
{
	return (l->level);
}

/* The level called name, or -1. */
int
lines_level_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (strcmp(level_names[i], name) == 0)
			return ((int)i);
	return (-1);
}

/* The name of level. */
const char *
lines_level_name(enum lines_level level)
{
	return (level_names[level]);
}

/*
 * A TCP segment in packetdrill notation, numbers relative to its
 * connection's ISNs: "10.0.0.1:40000 > 10.0.0.2:7 S 0:0(0) win 65535 <...>".
 */
static void
lines_pdn(struct lines *l, const struct pkt *p, char *buf, size_t len)
{
	struct seg		seg;
	struct tcp_status	ts;
	uint32_t		sb = 0, ab = 0;
	unsigned		id;
	int			ours;
	char			a[64], b[64];
	size_t			n;

	seg_from_pkt(&seg, p);
	if ((id = stack_find(l->s->st, &seg, &ours)) != 0 &&
	    tcp_status(l->s->st, id, &ts) == 0 && !ts.cfg.abs_seq) {
		sb = ours ? ts.iss : ts.irs;
		ab = ours ? ts.irs : ts.iss;
		/* The peer's SYN is printed before the engine learns its ISN. */
		if (!ours && (seg.th.flags & TH_SYN))
			sb = seg.th.seq;
	}
	n = (size_t)snprintf(buf, len, "%s%s%s:%u > %s%s%s:%u ",
	    seg.src.family == 6 ? "[" : "", addr_fmt(&seg.src, a, sizeof a),
	    seg.src.family == 6 ? "]" : "", seg.th.sport,
	    seg.dst.family == 6 ? "[" : "", addr_fmt(&seg.dst, b, sizeof b),
	    seg.dst.family == 6 ? "]" : "", seg.th.dport);
	if (n < len)
		pdn_format(&seg, sb, ab, 0, buf + n, len - n);
}

/*
 * Whether p is the kernels' own IPv6 chatter, not about our addresses:
 * router and multicast listener messages, duplicate address probes.
 */
static int
lines_chatter(const struct lines *l, const struct pkt *p)
{
	const struct session	*s = l->s;

	if (!(p->layers & PKT_ICMP6))
		return (0);
	switch (p->icmp.type) {
	case 130: case 131: case 132: case 133: case 134: case 143:
		return (1);
	case 135: case 136:	/* NS/NA: chatter unless it involves our address */
		if (!s->have6)
			return (1);
		if (memcmp(p->ip6.dst, s->my6.a, 16) == 0 ||
		    memcmp(p->ip6.src, s->my6.a, 16) == 0)
			return (0);
		return (p->icmp.body == NULL || p->icmp.body_len < 16 ||
		    memcmp(p->icmp.body, s->my6.a, 16) != 0);
	}
	return (0);
}

/*
 * Whether the n-th drop is said: the 1st, 10th, 100th..., so that a flood
 * against a bound says so without a line per frame.
 */
static int
lines_decade(unsigned long n)
{
	while (n >= 10 && n % 10 == 0)
		n /= 10;
	return (n == 1);
}

/* One packet line: direction marker, timestamp, tcpdump-style text. */
static void
lines_frame(struct lines *l, const struct run_ev *ev)
{
	const struct pkt	*p = ev->pkt;
	char			 ts[PRINT_TS_MAX], line[PRINT_LINE_MAX];
	const char		*c;
	int			 rexmit;

	if (l->level != LINES_ALL || (ev->dir == RUN_IN && !l->verbose &&
	    lines_chatter(l, p)))
		return;
	print_ts(ev->ts, ts, sizeof ts);
	printer_set_absolute(l->pr, stack_cfg(l->s->st)->abs_seq);
	print_pkt(l->pr, p, line, sizeof line);	/* keeps relative numbering */
	if (l->notation && (p->layers & PKT_TCP) && p->err[0] == '\0')
		lines_pdn(l, p, line, sizeof line);
	rexmit = ev->dir == RUN_OUT && ev->meta != NULL && ev->meta->rexmit;
	c = colour_pkt(p, rexmit);
	say("%s%c %s %s%s", c, ev->dir == RUN_OUT ? '>' : '<', ts, line,
	    colour_end(c));
}

/* Print held segment seg as it would go on the wire. */
void
lines_held(struct lines *l, char dir, unsigned num, const struct seg *seg)
{
	static uint8_t	 frame[65536 + 128];
	char		*cause, line[PRINT_LINE_MAX];
	struct pkt	 p;
	long		 n;

	if ((n = path_frame(l->s, seg, frame, sizeof frame, &cause)) < 0) {
		say("%c #%u held (cannot be framed: %s)", dir, num, cause);
		free(cause);
		return;
	}
	wire_decode(&p, WIRE_DLT_EN10MB, frame, (size_t)n, (size_t)n);
	printer_set_absolute(l->pr, stack_cfg(l->s->st)->abs_seq);
	print_pkt(l->pr, &p, line, sizeof line);
	say("%c #%u held: %s  (step, edit, drop)", dir, num, line);
}

/*
 * A line for what step mode or a fault did to a segment; its sequence
 * number relative to its connection's ISN, as the packet lines print it.
 */
static void
lines_gate(struct lines *l, const struct gate_out *g)
{
	const char	*d = dir_names[g->dir];
	uint32_t	 seq;

	/* Most segments just pass: no line, and no search for their TCB. */
	if (g->act == GATE_PASS || g->act == GATE_RELEASED)
		return;
	seq = stack_seq_show(l->s->st, g->seg);
	switch (g->act) {
	case GATE_HELD:
		lines_held(l, g->dir == GATE_OUT ? '>' : '<', g->g->num, g->seg);
		if (g->dir == GATE_OUT && g->meta != NULL && g->meta->rexmit &&
		    !gate_freeze(l->s->gate) && !l->told_resend) {
			say("* #%u is a resend: the engine's retransmission timer "
			    "keeps running while segments are held; `step freeze "
			    "on` stops its clock meanwhile", g->g->num);
			l->told_resend = 1;
		}
		break;
	case GATE_DROPPED:
		say("* #%u dropped: the %s never sees it", g->g->num,
		    g->dir == GATE_OUT ? "peer" : "engine");
		break;
	case GATE_FAULT_DROP:
		say("* fault: %s segment seq %u dropped (%d more)", d, seq,
		    g->left);
		break;
	case GATE_FAULT_DUP:
		say("* fault: %s segment seq %u duplicated (%d more)", d, seq,
		    g->left);
		break;
	case GATE_FAULT_CORRUPT:
		say("* fault: %s segment seq %u corrupted (%d more)", d, seq,
		    g->left);
		break;
	case GATE_FAULT_DELAY:
		say("* fault: %s segment seq %u delayed by %llu ms (%d more)", d,
		    seq, (unsigned long long)(g->delay / 1000), g->left);
		break;
	case GATE_FAULT_REORDER:
		say("* fault: %s segment seq %u held back until the next one "
		    "has passed (%d more)", d, seq, g->left);
		break;
	case GATE_OVERTAKEN:
		say("* fault: %s segment released after the one that overtook "
		    "it", d);
		break;
	case GATE_FULL:
		if (lines_decade((unsigned long)g->left))
			say_err("%s segment seq %u dropped: %d segments are held "
			    "already (step, drop, or step off; %d dropped so far, "
			    "see stat path)", d, seq, GATE_MAX_HELD, g->left);
		break;
	case GATE_PASS:
	case GATE_RELEASED:
		break;
	}
}

/* Say that sum->held lines of its kind were left out. */
static void
lines_hushed(struct lines *l, const struct hush_sum *sum)
{
	unsigned	conn = (unsigned)(sum->key & 0xffffffffu);
	unsigned	cause = (unsigned)((sum->key >> 32) & 0xffffu);
	char		id[16];
	const char	*sp = sum->held == 1 ? "" : "s";

	if (sum->key == LINES_KEY_NEIGH) {
		say_err("%lu more ARP/ND give-up line%s left out in %.1f s "
		    "(at most %d a second; see stat path)", sum->held, sp,
		    sum->span / 1e6, HUSH_BURST);
		return;
	}
	if (l->level == LINES_NONE)
		return;
	if (conn != 0) {
		session_id(l->s, conn, id, sizeof id);
		say("* %s: %lu more line%s like the last (%s) left out in %.1f s "
		    "(at most %d a second of one kind; see stat)", id,
		    sum->held, sp, tcp_cause_name((enum tcp_cause)cause),
		    sum->span / 1e6, HUSH_BURST);
	} else
		say("* %lu more line%s like the last (%s) left out in %.1f s "
		    "(at most %d a second of one kind; see stat)", sum->held,
		    sp, tcp_cause_name((enum tcp_cause)cause), sum->span / 1e6,
		    HUSH_BURST);
}

/* Whether a line of kind key prints now; first any summary it displaces. */
static int
lines_allow(struct lines *l, uint64_t key)
{
	struct hush_sum	sum;
	bool		flushed, ok;

	ok = hush_allow(&l->hush, key, now_us(), &sum, &flushed);
	if (flushed)
		lines_hushed(l, &sum);
	return (ok);
}

/* Print the summaries of kinds whose second is over. */
static void
lines_hush_due(struct lines *l)
{
	struct hush_sum	sum;

	if (l->hush.pending == 0)
		return;
	while (hush_due(&l->hush, now_us(), &sum))
		lines_hushed(l, &sum);
}

/* Lines left out so far because a kind passed HUSH_BURST a second. */
unsigned long
lines_left_out(const struct lines *l)
{
	return (l->hush.total);
}

/*
 * A `*` line for an engine event, stamped as packet lines are:
 * "* 21:01:22.261608 c1: SYN-SENT -> ESTABLISHED (...)".
 */
static void
lines_engine(struct lines *l, const struct tcp_event *ev,
    const struct timeval *tv)
{
	const char	*c;
	char		 id[16], ts[PRINT_TS_MAX];

	if (l->level == LINES_NONE)
		return;
	if ((ev->type == TEV_DISCARD || ev->type == TEV_NOTE) &&
	    !lines_allow(l, LINES_KEY(ev->type, ev->cause, ev->conn)))
		return;
	session_id(l->s, ev->conn, id, sizeof id);
	if (tv != NULL)
		print_ts(tv, ts, sizeof ts);
	else
		ts[0] = '\0';
	switch (ev->type) {
	case TEV_STATE:
		c = colour_state();
		say("%s* %s %s: %s -> %s (%s)%s", c, ts, id,
		    tcp_state_name(ev->from), tcp_state_name(ev->to), ev->why,
		    colour_end(c));
		break;
	case TEV_DISCARD:
		if (ev->conn)
			say("* %s %s: %s", ts, id, ev->why);
		else
			say("* %s %s", ts, ev->why);
		break;
	case TEV_ERROR:
		say("* %s %s: error: %s", ts, id, ev->why);
		break;
	case TEV_NOTE:
		c = ev->conn && (ev->cause == TCP_CAUSE_RTO ||
		    ev->cause == TCP_CAUSE_FAST_RETRANSMIT) ? colour_rexmit() : "";
		if (ev->conn)
			say("%s* %s %s: %s%s", c, ts, id, ev->why, colour_end(c));
		else
			say("* %s %s", ts, ev->why);
		break;
	case TEV_DATA:
	case TEV_DGRAM:
		break;		/* the data follows as RUN_DATA */
	case TEV_FREED:
		break;		/* bookkeeping: `conns all` keeps its history */
	}
}

/* A line of data received. */
static void
lines_data(struct lines *l, const struct run_ev *ev)
{
	char	id[16], a[64], label[96];

	if (l->level != LINES_ALL)
		return;
	session_id(l->s, ev->conn, id, sizeof id);
	if (ev->from != NULL) {
		snprintf(label, sizeof label, "%s from %s.%u", id,
		    addr_fmt(&ev->from->addr, a, sizeof a), ev->from->port);
		say_data(label, ev->data, ev->len);
	} else
		say_data(id, ev->data, ev->len);
}

/* A line for an ARP/ND outcome worth telling. */
static void
lines_neigh(struct lines *l, const struct run_ev *ev)
{
	char	a[64];

	if (ev->neigh == NEIGH_GAVE_UP && ev->count > 0 &&
	    lines_allow(l, LINES_KEY_NEIGH))
		say_err("%s: no ARP/ND answer after %d s: %u frame%s not sent "
		    "(is the peer reachable?)", addr_fmt(ev->addr, a, sizeof a),
		    (int)(ARPQ_GIVEUP / TCP_SEC), ev->count,
		    ev->count == 1 ? "" : "s");
	else if (ev->neigh == NEIGH_QUEUE_FULL && lines_decade(ev->count))
		say_err("%s: frame dropped: the ARP/ND queue is full (%u dropped "
		    "so far, see stat path)", addr_fmt(ev->addr, a, sizeof a),
		    ev->count);
}

/* Print one event of the stream. */
static void
lines_event(void *arg, const struct run_ev *ev)
{
	struct lines	*l = arg;

	switch (ev->type) {
	case RUN_FRAME:
		lines_frame(l, ev);
		break;
	case RUN_GATE:
		lines_gate(l, ev->gate);
		break;
	case RUN_ENGINE:
		lines_engine(l, ev->tev, ev->ts);
		break;
	case RUN_DATA:
		lines_data(l, ev);
		break;
	case RUN_NEIGH:
		lines_neigh(l, ev);
		break;
	case RUN_NOTE:
		say("* %s", ev->text);
		break;
	case RUN_ERROR:
		say_err("%s", ev->text);
		break;
	case RUN_PUMPED:
		lines_hush_due(l);
		break;
	case RUN_CAPSTATS:
		break;
	}
}
