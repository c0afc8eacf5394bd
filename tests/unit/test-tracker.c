/*
 * tests/unit/test-tracker.c - the passive tracker (core/tracker.c) fed with
 * hand-built segment sequences: ordinary open and close from either side,
 * a FIN that acks a FIN, simultaneous close and open, refusal, resets,
 * retransmissions, a capture starting mid-stream, keepalive and zero-window
 * probes, sequence numbers wrapping 2^32, IPv6, many interleaved
 * conversations, timeouts, and the codec's golden kernel frames replayed.
 * The 4-tuple lookup's memory of its last answer never answers stale.
 */
#include <stdlib.h>
#include <string.h>

#include "core/tracker.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"
#include "tests/unit/test-wire-vectors.h"

#define MAXLOG	4096
#define SEC	TCP_SEC

/* A conversation under test: both ends, the tracker, and every event seen. */
struct fix {
	struct tracker	*tr;
	struct endpoint	 ep[2];		/* the test's initiator, responder */
	uint64_t	 now;
	unsigned	 conv;
	struct trk_event log[MAXLOG];
	int		 nlog;
};

static struct fix fx;

/* Start a fixture between two ip:port pairs, with tracker settings c. */
static void
fix_init(struct fix *f, const char *ia, uint16_t ip, const char *ra,
    uint16_t rp, const struct trk_cfg *c)
{
	tracker_free(f->tr);
	memset(f, 0, sizeof *f);
	f->tr = tracker_new(c);
	if (addr_parse(&f->ep[0].addr, ia) != 0 ||
	    addr_parse(&f->ep[1].addr, ra) != 0)
		abort();
	f->ep[0].port = ip;
	f->ep[1].port = rp;
	f->now = 1 * SEC;
}

/* Move every queued event into the fixture's log. */
static void
drain(struct fix *f)
{
	struct trk_event	ev;

	while (tracker_event(f->tr, &ev))
		if (f->nlog < MAXLOG)
			f->log[f->nlog++] = ev;
}

/* A segment from end `from` of the fixture, with no options. */
static struct seg
mkseg(const struct fix *f, int from, uint16_t flags, uint32_t seq,
    uint32_t ack, size_t len, uint16_t win)
{
	return (unitfix_seg(f->ep, from, flags, seq, ack, len, win));
}

/* Add MSS, SACK-permitted, timestamps and window scale to a SYN. */
static void
synopts(struct seg *s, uint16_t mss, uint8_t ws)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS;
	o.len = 4;
	o.u.mss = mss;
	wire_tcpopt_add(&s->th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_SACK_PERM;
	o.len = 2;
	wire_tcpopt_add(&s->th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TIMESTAMP;
	o.len = 10;
	o.u.ts.val = 1;
	wire_tcpopt_add(&s->th, &o);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_WSCALE;
	o.len = 3;
	o.u.wscale = ws;
	wire_tcpopt_add(&s->th, &o);
}

/* Feed s at the fixture's clock (advanced by dt first); log the events. */
static void
feed(struct fix *f, uint64_t dt, const struct seg *s)
{
	f->now += dt;
	f->conv = tracker_input(f->tr, s, f->now);
	drain(f);
}

/* Send a segment from end `from` 1 ms after the last one. */
static void
tx(struct fix *f, int from, uint16_t flags, uint32_t seq, uint32_t ack,
    size_t len)
{
	struct seg	s = mkseg(f, from, flags, seq, ack, len, 1000);

	feed(f, TCP_MS, &s);
}

/* Run the tracker's timers at t; log the events. */
static void
tick(struct fix *f, uint64_t t)
{
	f->now = t;
	tracker_tick(f->tr, t);
	drain(f);
}

/* The states end `end` of conversation conv went through, as "A B C". */
static const char *
trail(const struct fix *f, unsigned conv, int end)
{
	static char	buf[512];
	size_t		n = 0;
	int		i;

	buf[0] = '\0';
	for (i = 0; i < f->nlog; i++) {
		if (f->log[i].type != TRK_EV_STATE || f->log[i].conv != conv ||
		    f->log[i].end != end)
			continue;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
		    n ? " " : "", tcp_state_name(f->log[i].to));
		if (n >= sizeof buf)
			break;
	}
	return (buf);
}

/* How many events of a type concern end `end` (-2: any) of conv. */
static int
count(const struct fix *f, unsigned conv, enum trk_ev_type type, int end)
{
	int	i, n = 0;

	for (i = 0; i < f->nlog; i++)
		if (f->log[i].type == type && f->log[i].conv == conv &&
		    (end == -2 || f->log[i].end == end))
			n++;
	return (n);
}

/* The last logged event of a type, or NULL. */
static const struct trk_event *
last_of(const struct fix *f, enum trk_ev_type type)
{
	int	i;

	for (i = f->nlog - 1; i >= 0; i--)
		if (f->log[i].type == type)
			return (&f->log[i]);
	return (NULL);
}

/* Whether any logged event's why contains needle. */
static int
saw_why(const struct fix *f, const char *needle)
{
	int	i;

	for (i = 0; i < f->nlog; i++)
		if (strstr(f->log[i].why, needle) != NULL)
			return (1);
	return (0);
}

/* The current state of end `end` of the fixture's conversation. */
static int
state(const struct fix *f, int end)
{
	const struct trk_conv	*c = tracker_conv(f->tr, f->conv);

	return (c == NULL ? -1 : (int)c->end[end].state);
}

/* The three-way handshake with ISNs ii and ri, options on both SYNs. */
static void
handshake(struct fix *f, uint32_t ii, uint32_t ri)
{
	struct seg	s;

	s = mkseg(f, TRK_INIT, TH_SYN, ii, 0, 0, 64240);
	synopts(&s, 1460, 7);
	feed(f, TCP_MS, &s);
	s = mkseg(f, TRK_RESP, TH_SYN | TH_ACK, ri, ii + 1, 0, 65160);
	synopts(&s, 1400, 9);
	feed(f, TCP_MS, &s);
	tx(f, TRK_INIT, TH_ACK, ii + 1, ri + 1, 0);
}

/* Open, data both ways, active close by the initiator, then 2MSL. */
static void
test_active_close(void)
{
	struct fix		*f = &fx;
	const struct trk_conv	*c;
	const struct trk_event	*ev;
	uint64_t		 tw;

	fix_init(f, "10.0.0.1", 40000, "10.0.0.2", 80, NULL);
	handshake(f, 1000, 5000);
	c = tracker_conv(f->tr, f->conv);
	ok(c != NULL && f->conv == 1, "active close: conversation 1 exists");
	is_int(c->end[TRK_INIT].isn, 1000, "initiator ISN from its SYN");
	is_int(c->end[TRK_RESP].isn, 5000, "responder ISN from its SYN,ACK");
	is_int(c->end[TRK_INIT].mss, 1460, "initiator MSS");
	is_int(c->end[TRK_RESP].mss, 1400, "responder MSS");
	is_int(c->end[TRK_INIT].wscale, 7, "initiator window scale");
	is_int(c->end[TRK_RESP].wscale, 9, "responder window scale");
	ok(c->end[TRK_INIT].sack_perm && c->end[TRK_INIT].ts,
	    "initiator SACK-permitted and timestamps");
	is_int(c->end[TRK_INIT].wnd, 1000 << 7,
	    "initiator window scaled after the handshake");
	is_int(c->end[TRK_RESP].wnd, 65160, "a SYN's window is never scaled");
	ok(!c->midstream, "not mid-stream");

	tx(f, TRK_INIT, TH_ACK | TH_PUSH, 1001, 5001, 100);
	tx(f, TRK_RESP, TH_ACK, 5001, 1101, 0);
	tx(f, TRK_RESP, TH_ACK | TH_PUSH, 5001, 1101, 300);
	tx(f, TRK_INIT, TH_ACK, 1101, 5301, 0);
	c = tracker_conv(f->tr, f->conv);
	is_int(c->end[TRK_INIT].snd_nxt, 1101, "initiator SND.NXT");
	is_int(c->end[TRK_RESP].snd_nxt, 5301, "responder SND.NXT");
	is_int(c->end[TRK_INIT].ack, 5301, "initiator's highest ACK");
	is_int(c->end[TRK_RESP].ack, 1101, "responder's highest ACK");
	is_int(c->end[TRK_INIT].bytes, 100, "initiator sent 100 bytes");

	tx(f, TRK_INIT, TH_FIN | TH_ACK, 1101, 5301, 0);
	is_int(state(f, TRK_INIT), TCP_FIN_WAIT_1, "FIN sent: FIN-WAIT-1");
	is_int(state(f, TRK_RESP), TCP_ESTABLISHED,
	    "the FIN is in flight: responder still ESTABLISHED");
	ok(tracker_conv(f->tr, f->conv)->end[TRK_RESP].fin_pending,
	    "responder has a FIN pending");
	tx(f, TRK_RESP, TH_ACK, 5301, 1102, 0);
	is_int(state(f, TRK_RESP), TCP_CLOSE_WAIT, "FIN acked: CLOSE-WAIT");
	is_int(state(f, TRK_INIT), TCP_FIN_WAIT_2, "ACK of FIN: FIN-WAIT-2");
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 5301, 1102, 0);
	is_int(state(f, TRK_RESP), TCP_LAST_ACK, "responder FIN: LAST-ACK");
	tx(f, TRK_INIT, TH_ACK, 1102, 5302, 0);
	tw = f->now;
	is_int(state(f, TRK_INIT), TCP_TIME_WAIT, "initiator TIME-WAIT");
	is_int(state(f, TRK_RESP), TCP_CLOSED, "last ACK: responder CLOSED");
	is_int(tracker_deadline(f->tr), tw + 60 * SEC,
	    "deadline is 2MSL (60 s) after TIME-WAIT began");
	tick(f, tw + 60 * SEC - 1);
	is_int(state(f, TRK_INIT), TCP_TIME_WAIT, "still TIME-WAIT 1 us early");
	tick(f, tw + 61 * SEC);
	is_int(state(f, TRK_INIT), TCP_CLOSED, "CLOSED after the 2MSL tick");
	ev = last_of(f, TRK_EV_STATE);
	ok(ev != NULL && ev->time == tw + 60 * SEC && ev->end == TRK_INIT,
	    "the expiry is stamped with the timer's time, not the tick's");
	ok(ev != NULL && strstr(ev->why, "2MSL") != NULL &&
	    strstr(ev->why, "§3.10.8") != NULL,
	    "and says 2MSL, RFC 9293 §3.10.8");
	is_int(tracker_deadline(f->tr), TCP_NEVER, "no deadline left");
	is_str(trail(f, 1, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED",
	    "initiator's states");
	is_str(trail(f, 1, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
	    "responder's states");
	is_int(count(f, 1, TRK_EV_RETRANSMIT, -2), 0, "no retransmissions");
	is_int(count(f, 1, TRK_EV_CONV, -1), 1, "one new-conversation event");
}

/* The responder closes first. */
static void
test_passive_close(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 40001, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 101, 10);
	tx(f, TRK_INIT, TH_ACK, 101, 912, 0);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 912, 0);
	tx(f, TRK_RESP, TH_ACK, 912, 102, 0);
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
	    "responder closes: responder's states");
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
	    "responder closes: initiator's states");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_RESP].fin_seq, 911,
	    "FIN sequence number after 10 data bytes");
}

/*
 * The responder's FIN also acks the initiator's FIN.  The segment's ACK is
 * processed before its FIN (RFC 9293 §3.10.7.4, fifth before eighth), so
 * FIN-WAIT-1 goes to FIN-WAIT-2 at once, and to TIME-WAIT when the
 * initiator's ACK shows it took the FIN.
 */
static void
test_finack(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 40002, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 901, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 102, 0);
	is_int(state(f, TRK_INIT), TCP_FIN_WAIT_2,
	    "FIN,ACK acking our FIN: FIN-WAIT-2 first (the ACK field)");
	is_int(state(f, TRK_RESP), TCP_LAST_ACK,
	    "the FIN,ACK's sender took the FIN: CLOSE-WAIT, then LAST-ACK");
	tx(f, TRK_INIT, TH_ACK, 102, 902, 0);
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
	    "FIN+ACK: initiator never passes CLOSING");
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
	    "FIN+ACK: responder");
	ok(saw_why(f, "its ACK covers it"),
	    "the receipt is justified by the ACK");
}

/*
 * The responder's FIN,ACK is lost before the initiator: the initiator
 * resends its FIN (what that FIN,ACK acknowledged), so the responder's
 * next ACK proves nothing; only the FIN's resend and its ACK do.
 */
static void
test_lost_fin(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 40009, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 901, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 102, 0);	/* lost on the way */
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 901, 0);	/* our FIN again */
	tx(f, TRK_RESP, TH_ACK, 902, 102, 0);		/* its ACK of the resend */
	ok(state(f, TRK_INIT) != TCP_TIME_WAIT,
	    "lost FIN: the ACK after our resent FIN is no proof of the FIN");
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 102, 0);	/* the FIN again */
	tx(f, TRK_RESP, TH_ACK, 902, 102, 0);
	is_int(state(f, TRK_INIT), TCP_TIME_WAIT,
	    "lost FIN: after its resend, a later segment is proof again");
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
	    "lost FIN: initiator");
}

/* Both FINs cross on the wire: both ends pass CLOSING. */
static void
test_simultaneous_close(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 40003, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 901, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 101, 0);	/* does not ack ours */
	tx(f, TRK_INIT, TH_ACK, 102, 902, 0);
	tx(f, TRK_RESP, TH_ACK, 902, 102, 0);
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT",
	    "simultaneous close: initiator");
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT",
	    "simultaneous close: responder");
	ok(saw_why(f, "simultaneous close"),
	    "the event says simultaneous close");
	tick(f, f->now + 60 * SEC);
	is_int(state(f, TRK_INIT), TCP_CLOSED, "both TIME-WAITs expire: init");
	is_int(state(f, TRK_RESP), TCP_CLOSED, "both TIME-WAITs expire: resp");
}

/* Both send a SYN; SYN,ACKs cross. */
static void
test_simultaneous_open(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 5000, "10.0.0.2", 6000, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	tx(f, TRK_RESP, TH_SYN, 900, 0, 0);
	is_int(state(f, TRK_RESP), TCP_SYN_SENT, "second SYN: SYN-SENT too");
	tx(f, TRK_INIT, TH_SYN | TH_ACK, 100, 901, 0);
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 0);
	tx(f, TRK_RESP, TH_ACK, 901, 101, 0);
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT SYN-RECEIVED ESTABLISHED",
	    "simultaneous open: initiator");
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-SENT SYN-RECEIVED ESTABLISHED",
	    "simultaneous open: responder");
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, -2), 0,
	    "a SYN,ACK repeating the SYN's seq is no retransmission");
	ok(!tracker_conv(f->tr, f->conv)->end[TRK_RESP].passive,
	    "the responder turned out to be an active opener");
	ok(saw_why(f, "simultaneous open"), "the event says simultaneous open");
}

/* RST,ACK answering a SYN: connection refused. */
static void
test_refused(void)
{
	struct fix	*f = &fx;

	fix_init(f, "10.0.0.1", 40004, "10.0.0.2", 81, NULL);
	tx(f, TRK_INIT, TH_SYN, 7777, 0, 0);
	tx(f, TRK_RESP, TH_RST | TH_ACK, 0, 7778, 0);
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT CLOSED",
	    "refused: initiator");
	is_str(trail(f, f->conv, TRK_RESP), "LISTEN CLOSED",
	    "refused: responder");
	ok(saw_why(f, "connection refused"),
	    "the event says connection refused");
	is_int(tracker_deadline(f->tr), TCP_NEVER, "no handshake timer left");

	/* An RST that does not ack the SYN is ignored in SYN-SENT. */
	fix_init(f, "10.0.0.1", 40005, "10.0.0.2", 81, NULL);
	tx(f, TRK_INIT, TH_SYN, 7777, 0, 0);
	tx(f, TRK_RESP, TH_RST | TH_ACK, 0, 1234, 0);
	is_int(state(f, TRK_INIT), TCP_SYN_SENT,
	    "RST acking something else: still SYN-SENT (§3.10.7.3)");
}

/* RST in the middle of a connection: exact, in window, out of window. */
static void
test_rst(void)
{
	struct fix		*f = &fx;
	const struct trk_event	*ev;

	fix_init(f, "10.0.0.1", 40006, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_ACK | TH_PUSH, 101, 901, 50);
	tx(f, TRK_RESP, TH_ACK, 901, 151, 0);
	tx(f, TRK_INIT, TH_RST, 5000000, 0, 0);
	ev = last_of(f, TRK_EV_NOTE);
	ok(ev != NULL && ev->end == TRK_RESP &&
	    strstr(ev->why, "outside") != NULL,
	    "an out-of-window RST is reported as ignored");
	is_int(state(f, TRK_RESP), TCP_ESTABLISHED,
	    "out-of-window RST: receiver stays ESTABLISHED");
	is_int(state(f, TRK_INIT), TCP_CLOSED, "its sender is CLOSED");

	fix_init(f, "10.0.0.1", 40007, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_ACK | TH_PUSH, 101, 901, 50);
	tx(f, TRK_RESP, TH_ACK, 901, 151, 0);
	tx(f, TRK_INIT, TH_RST, 160, 0, 0);
	ok(saw_why(f, "challenge ACK"),
	    "in window, not RCV.NXT: challenge ACK");
	is_int(state(f, TRK_RESP), TCP_ESTABLISHED,
	    "in-window RST: receiver stays ESTABLISHED (RFC 5961)");

	fix_init(f, "10.0.0.1", 40008, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_ACK | TH_PUSH, 101, 901, 50);
	tx(f, TRK_RESP, TH_RST | TH_ACK, 901, 151, 0);
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED CLOSED", "RST sender CLOSED");
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED CLOSED",
	    "RST seq = RCV.NXT: receiver CLOSED");
	ok(saw_why(f, "= RCV.NXT, acceptable"),
	    "the event says why acceptable");
	tx(f, TRK_INIT, TH_ACK, 151, 901, 0);
	is_int(count(f, f->conv, TRK_EV_NOTE, TRK_INIT), 1,
	    "a segment from a CLOSED end is noted");
	is_int(state(f, TRK_INIT), TCP_CLOSED, "and does not reopen it");

	/* RST to a passive SYN-RECEIVED returns it to LISTEN. */
	fix_init(f, "10.0.0.1", 40009, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	tx(f, TRK_INIT, TH_RST, 101, 0, 0);
	is_str(trail(f, f->conv, TRK_RESP), "LISTEN SYN-RECEIVED LISTEN",
	    "RST in passive SYN-RECEIVED: back to LISTEN (§3.10.7.4)");
}

/* Each resend says how long after the last sending it came: the backed-off RTO. */
static void
test_resend_gap(void)
{
	struct fix		*f = &fx;
	const struct trk_event	*ev;

	fix_init(f, "10.0.0.1", 40011, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 10);
	f->now += 200 * TCP_MS;
	tx(f, TRK_INIT, TH_ACK, 101, 901, 10);
	f->now += 400 * TCP_MS;
	tx(f, TRK_INIT, TH_ACK, 101, 901, 10);
	ev = last_of(f, TRK_EV_RETRANSMIT);
	ok(ev != NULL && strstr(ev->why, ", 401 ms after it was last sent") !=
	    NULL, "the second resend: 401 ms after the first (%s)",
	    ev != NULL ? ev->why : "");
	tx(f, TRK_INIT, TH_ACK, 103, 901, 8);	/* starts inside: not in the ring */
	ev = last_of(f, TRK_EV_RETRANSMIT);
	ok(ev != NULL && strstr(ev->why, "after it was last sent") == NULL,
	    "a resend starting elsewhere: no gap claimed (%s)",
	    ev != NULL ? ev->why : "");
}

/* A retransmitted SYN and retransmitted data do not change states. */
static void
test_retransmit(void)
{
	struct fix		*f = &fx;
	const struct trk_event	*ev;

	fix_init(f, "10.0.0.1", 40010, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	f->now += SEC;
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	ev = last_of(f, TRK_EV_RETRANSMIT);
	ok(ev != NULL && ev->end == TRK_INIT && ev->seq == 100 &&
	    strstr(ev->why, "retransmission of seq 100") != NULL,
	    "retransmitted SYN reported");
	ok(ev != NULL && strstr(ev->why, ", 1001 ms after it was last sent") !=
	    NULL, "with how long after it was last sent: the RTO that fired "
	    "(%s)", ev != NULL ? ev->why : "");
	ok(ev != NULL && ev->gap_known && ev->gap == 1001000,
	    "and as a field: 1001000 us (%llu)", ev != NULL ?
	    (unsigned long long)ev->gap : 0ULL);
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT", "still just SYN-SENT");
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, TRK_RESP), 1,
	    "retransmitted SYN,ACK reported");
	tx(f, TRK_INIT, TH_ACK, 101, 901, 0);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 20);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 20);
	tx(f, TRK_INIT, TH_ACK, 111, 901, 20);	/* partly new */
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, TRK_INIT), 3,
	    "two data retransmissions (one partial) and the SYN");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_INIT].snd_nxt, 131,
	    "SND.NXT moves with the new part");
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED",
	    "retransmissions change no state");
	tx(f, TRK_INIT, TH_ACK, 131, 901, 0);
	tx(f, TRK_RESP, TH_ACK, 901, 131, 0);
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, -2), 4,
	    "pure ACKs are no retransmissions");
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	ok(f->conv == 1 && state(f, TRK_INIT) == TCP_ESTABLISHED,
	    "a late duplicate of the SYN does not reopen the conversation");
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, TRK_INIT), 4,
	    "it is reported as a retransmission");

	/* A second SYN with a new ISN before any answer. */
	fix_init(f, "10.0.0.1", 40019, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	tx(f, TRK_INIT, TH_SYN, 5555, 0, 0);
	ok(saw_why(f, "new ISN 5555") &&
	    count(f, f->conv, TRK_EV_RETRANSMIT, -2) == 0,
	    "a SYN with a new ISN is noted, not called a retransmission");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_INIT].isn, 5555,
	    "and its ISN is taken");
}

/* The capture starts after the handshake. */
static void
test_midstream(void)
{
	struct fix		*f = &fx;
	const struct trk_conv	*c;

	fix_init(f, "10.0.0.9", 50000, "10.0.0.2", 22, NULL);
	tx(f, TRK_RESP, TH_ACK | TH_PUSH, 300000, 700000, 40);
	c = tracker_conv(f->tr, f->conv);
	ok(c != NULL && c->midstream, "mid-stream conversation");
	ok(c != NULL && c->end[TRK_INIT].ep.port == 22,
	    "the first segment's sender is the initiator");
	is_str(trail(f, f->conv, TRK_INIT), "ESTABLISHED",
	    "presumed ESTABLISHED");
	is_str(trail(f, f->conv, TRK_RESP), "ESTABLISHED", "both of them");
	ok(!c->end[TRK_INIT].isn_known, "no ISN known");
	is_int(c->end[TRK_RESP].snd_nxt, 700000,
	    "the peer's SND.NXT inferred from the ACK");
	tx(f, TRK_INIT, TH_ACK, 700000, 300040, 0);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 700000, 300040, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 300040, 700001, 0);
	tx(f, TRK_INIT, TH_ACK, 700001, 300041, 0);
	is_str(trail(f, f->conv, TRK_INIT),
	    "ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
	    "mid-stream close: the first sender closes passively");
	is_str(trail(f, f->conv, TRK_RESP),
	    "ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
	    "mid-stream close: its peer actively");

	/* A capture that starts at the SYN,ACK. */
	fix_init(f, "10.0.0.1", 40011, "10.0.0.2", 80, NULL);
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	c = tracker_conv(f->tr, f->conv);
	ok(c->end[TRK_INIT].ep.port == 40011,
	    "SYN,ACK first: its receiver is the initiator");
	is_int(c->end[TRK_INIT].isn, 100, "initiator ISN from the ACK field");
	tx(f, TRK_INIT, TH_ACK, 101, 901, 0);
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED",
	    "SYN,ACK first: initiator");
	is_str(trail(f, f->conv, TRK_RESP), "LISTEN SYN-RECEIVED ESTABLISHED",
	    "SYN,ACK first: responder");

	/* The SYN,ACK went uncaptured: the initiator's ACK shows it. */
	fix_init(f, "10.0.0.1", 40020, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 0);
	is_str(trail(f, f->conv, TRK_RESP), "LISTEN SYN-RECEIVED ESTABLISHED",
	    "missing SYN,ACK: responder inferred");
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED",
	    "missing SYN,ACK: initiator");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_RESP].isn, 900,
	    "responder ISN from the ACK field");
}

/* Keepalive probes (RFC 1122 §4.2.3.6) and their answers. */
static void
test_keepalive(void)
{
	struct fix		*f = &fx;
	const struct trk_event	*ev;

	fix_init(f, "10.0.0.1", 40012, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	f->now += 7200 * SEC;
	tx(f, TRK_INIT, TH_ACK, 100, 901, 0);
	ev = last_of(f, TRK_EV_KEEPALIVE);
	ok(ev != NULL && ev->end == TRK_INIT && ev->seq == 100,
	    "keepalive probe seq SND.NXT-1, no data");
	is_int(count(f, f->conv, TRK_EV_KEEPALIVE_ACK, -2), 0,
	    "a probe is not called an answer");
	tx(f, TRK_RESP, TH_ACK, 901, 101, 0);
	ev = last_of(f, TRK_EV_KEEPALIVE_ACK);
	ok(ev != NULL && ev->end == TRK_RESP && strstr(ev->why, "alive"),
	    "its answer is reported as the answer");
	is_int(count(f, f->conv, TRK_EV_KEEPALIVE, TRK_RESP), 0,
	    "an answer is not called a probe");
	tx(f, TRK_INIT, TH_ACK, 100, 901, 1);
	is_int(count(f, f->conv, TRK_EV_KEEPALIVE, TRK_INIT), 2,
	    "a one-garbage-byte probe too");
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, -2), 0,
	    "a probe is no retransmission");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_INIT].snd_nxt, 101,
	    "a probe does not move SND.NXT");
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED",
	    "probes change no state");
}

/* Zero-window probes (RFC 9293 §3.8.6.1). */
static void
test_zero_window(void)
{
	struct fix	*f = &fx;
	struct seg	 s;

	fix_init(f, "10.0.0.1", 40013, "10.0.0.2", 80, NULL);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_ACK, 101, 901, 1000);
	s = mkseg(f, TRK_RESP, TH_ACK, 901, 1101, 0, 0);
	feed(f, TCP_MS, &s);
	tx(f, TRK_INIT, TH_ACK, 1101, 901, 1);
	tx(f, TRK_INIT, TH_ACK, 1101, 901, 1);
	is_int(count(f, f->conv, TRK_EV_ZWP, TRK_INIT), 2,
	    "one-byte probes into a zero window");
	tx(f, TRK_INIT, TH_ACK, 1100, 901, 0);	/* Linux: SND.UNA-1, no data */
	is_int(count(f, f->conv, TRK_EV_ZWP, TRK_INIT), 3,
	    "Linux's probe at SND.UNA-1 too");
	is_int(count(f, f->conv, TRK_EV_KEEPALIVE, -2), 0,
	    "a probe of a zero window is no keepalive");
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, -2), 0,
	    "a repeated probe is not called a retransmission");
	s = mkseg(f, TRK_RESP, TH_ACK, 901, 1101, 0, 500);
	feed(f, TCP_MS, &s);
	tx(f, TRK_INIT, TH_ACK, 1101, 901, 1);
	is_int(count(f, f->conv, TRK_EV_ZWP, TRK_INIT), 3,
	    "no probe once the window opens");
}

/* Sequence numbers wrap across 2^32 through the whole life. */
static void
test_wrap(void)
{
	struct fix		*f = &fx;
	const struct trk_conv	*c;
	uint32_t		 ii = 0xffffff00u, ri = 0xfffffff0u;

	fix_init(f, "10.0.0.1", 40014, "10.0.0.2", 80, NULL);
	handshake(f, ii, ri);
	tx(f, TRK_INIT, TH_ACK, ii + 1, ri + 1, 1000);
	tx(f, TRK_RESP, TH_ACK, ri + 1, ii + 1001, 100);
	tx(f, TRK_INIT, TH_ACK, ii + 1, ri + 101, 1000);
	is_int(count(f, f->conv, TRK_EV_RETRANSMIT, TRK_INIT), 1,
	    "retransmission recognised across the wrap");
	c = tracker_conv(f->tr, f->conv);
	is_int(c->end[TRK_INIT].snd_nxt, (uint32_t)(ii + 1001),
	    "SND.NXT wrapped past 0");
	tx(f, TRK_INIT, TH_FIN | TH_ACK, ii + 1001, ri + 101, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, ri + 101, ii + 1002, 0);
	tx(f, TRK_INIT, TH_ACK, ii + 1002, ri + 102, 0);
	is_str(trail(f, f->conv, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT",
	    "wrap: initiator");
	is_str(trail(f, f->conv, TRK_RESP),
	    "LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
	    "wrap: responder");
	is_int(tracker_conv(f->tr, f->conv)->end[TRK_INIT].fin_seq, 0x2e9,
	    "FIN sequence number after the wrap");
}

/* IPv6 addresses; the formatted event brackets them. */
static void
test_ipv6(void)
{
	struct fix		*f = &fx;
	struct trk_event	 ev;
	char			 buf[512];
	int			 i;

	fix_init(f, "fd00::1", 40015, "fd00::2", 443, NULL);
	handshake(f, 1, 2);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 2, 3, 0);
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT ESTABLISHED FIN-WAIT-1",
	    "IPv6 conversation tracked");
	ok(tracker_conv(f->tr, f->conv)->end[TRK_RESP].ep.addr.family == 6,
	    "with IPv6 endpoints");
	for (i = f->nlog - 1; i >= 0 && f->log[i].type != TRK_EV_STATE; i--)
		;
	ev = f->log[i];
	trk_event_fmt(&ev, buf, sizeof buf);
	is_str(buf, "conv 1 initiator [fd00::1]:40015: ESTABLISHED -> "
	    "FIN-WAIT-1, because sent FIN seq 1: active close "
	    "(RFC 9293 §3.10.4)", "formatted event, its FIN relative to "
	    "its ISN (as tcpdump without -S)");
	/* With abs_seq the responder's FIN (ISN 2) names its absolute 3. */
	tracker_set_abs_seq(f->tr, true);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 3, 3, 0);
	for (i = f->nlog - 1; i >= 0 && (f->log[i].type != TRK_EV_STATE ||
	    f->log[i].end != TRK_RESP); i--)
		;
	ok(i >= 0 && f->log[i].end == TRK_RESP &&
	    strstr(f->log[i].why, "sent FIN seq 3") != NULL,
	    "with abs_seq a note names the absolute number (%s)",
	    i >= 0 ? f->log[i].why : "none");
}

/* Step `step` of an ordinary close of the i-th of many conversations. */
static void
many_step(struct fix *f, int step, int i)
{
	char		ip[32];
	uint32_t	ii = (uint32_t)i * 1000003u, ri = ~ii;
	uint32_t	fin = ii + 1 + (uint32_t)i;

	f->ep[0].port = (uint16_t)(30000 + i);
	snprintf(ip, sizeof ip, "10.1.%d.%d", i / 200, i % 200 + 1);
	addr_parse(&f->ep[1].addr, ip);
	switch (step) {
	case 0:
		tx(f, TRK_INIT, TH_SYN, ii, 0, 0);
		break;
	case 1:
		tx(f, TRK_RESP, TH_SYN | TH_ACK, ri, ii + 1, 0);
		break;
	case 2:
		tx(f, TRK_INIT, TH_ACK, ii + 1, ri + 1, 0);
		break;
	case 3:
		tx(f, TRK_INIT, TH_FIN | TH_ACK, ii + 1, ri + 1, (size_t)i);
		break;
	case 4:
		tx(f, TRK_RESP, TH_ACK, ri + 1, fin + 1, 0);
		break;
	case 5:
		tx(f, TRK_RESP, TH_FIN | TH_ACK, ri + 1, fin + 1, 0);
		break;
	case 6:
		tx(f, TRK_INIT, TH_ACK, fin + 1, ri + 2, 0);
		break;
	}
}

/* Many conversations interleaved segment by segment, then a small table. */
static void
test_many(void)
{
	struct fix		*f = &fx;
	struct trk_cfg		 cfg;
	const struct trk_conv	*c;
	unsigned		 id[40];
	int			 i, step, good = 0, wrong = 0, n = 40;

	fix_init(f, "10.0.0.1", 1, "10.0.0.2", 80, NULL);
	for (step = 0; step < 7; step++) {
		for (i = 0; i < n; i++) {
			many_step(f, step, i);
			if (step == 0)
				id[i] = f->conv;
			else if (f->conv != id[i])
				wrong++;
		}
	}
	is_int(wrong, 0, "every segment found its own conversation");
	for (i = 0; i < n; i++) {
		c = tracker_conv(f->tr, id[i]);
		if (c != NULL && c->end[TRK_INIT].state == TCP_TIME_WAIT &&
		    c->end[TRK_RESP].state == TCP_CLOSED &&
		    strcmp(trail(f, id[i], TRK_RESP), "LISTEN SYN-RECEIVED "
		    "ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED") == 0)
			good++;
	}
	is_int(good, n, "40 interleaved conversations each closed properly");
	is_int(tracker_conv_next(f->tr, 0), 1, "iteration starts at id 1");
	is_int(tracker_conv_next(f->tr, 40), 0, "and ends after id 40");

	/* A table of 4: the oldest finished conversation goes first. */
	trk_cfg_default(&cfg);
	cfg.max_conv = 4;
	fix_init(f, "10.0.0.1", 1, "10.0.0.2", 80, &cfg);
	for (i = 0; i < 4; i++) {
		f->ep[0].port = (uint16_t)(100 + i);
		tx(f, TRK_INIT, TH_SYN, 10, 0, 0);
	}
	f->ep[0].port = 101;
	tx(f, TRK_RESP, TH_RST | TH_ACK, 0, 11, 0);	/* conv 2 refused */
	f->ep[0].port = 104;
	tx(f, TRK_INIT, TH_SYN, 10, 0, 0);
	is_int(f->conv, 5, "a fifth conversation gets id 5");
	ok(tracker_conv(f->tr, 2) == NULL, "the finished one (2) was evicted");
	ok(tracker_conv(f->tr, 1) != NULL, "the oldest live one (1) was kept");
	is_int(count(f, 2, TRK_EV_GONE, -1), 1, "eviction reported");
	f->ep[0].port = 105;
	tx(f, TRK_INIT, TH_SYN, 10, 0, 0);
	ok(tracker_conv(f->tr, 1) == NULL,
	    "with none finished, the least recently active (1) goes");
	f->ep[0].port = 100;
	f->ep[1].port = 80;
	{
		struct seg s = mkseg(f, TRK_INIT, TH_SYN, 10, 0, 0, 1);
		is_int(tracker_find(f->tr, &s, NULL), 0,
		    "an evicted 4-tuple is no longer found");
		f->ep[0].port = 103;
		s = mkseg(f, TRK_RESP, TH_ACK, 10, 0, 0, 1);
		i = -1;
		is_int(tracker_find(f->tr, &s, &i), 4, "lookup by 4-tuple");
		is_int(i, TRK_RESP, "from the responder's side");
	}
}

/*
 * The newest conversation between the fixture's ends as they are now,
 * found by walking every live conversation (what the 4-tuple lookup must
 * answer); *end gets the end that sent from ep[from].
 */
static unsigned
newest_by_walk(const struct fix *f, int from, int *end)
{
	const struct trk_conv	*c;
	unsigned		 id = 0, best = 0;
	int			 e;

	while ((id = tracker_conv_next(f->tr, id)) != 0) {
		c = tracker_conv(f->tr, id);
		for (e = 0; e < 2 && c != NULL; e++)
			if (c->end[e].ep.port == f->ep[from].port &&
			    addr_eq(&c->end[e].ep.addr, &f->ep[from].addr) &&
			    c->end[!e].ep.port == f->ep[!from].port &&
			    addr_eq(&c->end[!e].ep.addr, &f->ep[!from].addr) &&
			    id > best) {
				best = id;
				*end = e;
				break;
			}
	}
	return (best);
}

/*
 * The 4-tuple lookup remembers its last answer while no conversation is
 * made or dropped: in a small table that keeps evicting, with segments,
 * resets, new SYNs on old pairs and timers between lookups of a few
 * pairs either way round, every lookup answers what a walk of all the
 * live conversations does.
 */
static void
test_lookup_memo(void)
{
	struct fix	*f = &fx;
	struct trk_cfg	 cfg;
	struct seg	 s;
	unsigned	 i, bad = 0, found = 0, missed = 0, got, want;
	int		 from, end, wend;

	trk_cfg_default(&cfg);
	cfg.max_conv = 6;
	fix_init(f, "10.0.0.1", 1, "10.0.0.2", 80, &cfg);
	srand(14);
	for (i = 0; i < 20000; i++) {
		f->ep[0].port = (uint16_t)(3000 + rand() % 9);
		from = rand() % 2;
		switch (rand() % 8) {
		case 0:
			tx(f, from, TH_SYN, 10, 0, 0);
			break;
		case 1:
			tx(f, from, TH_RST | TH_ACK, 11, 11, 0);
			break;
		case 2:
			tx(f, from, TH_ACK, 11, 11, 100);
			break;
		case 3:
			tick(f, f->now + (uint64_t)(rand() % 3) * 60 * SEC);
			break;
		default:	/* look up, twice either way */
			break;
		}
		s = mkseg(f, from, TH_ACK, 1, 1, 0, 1);
		end = wend = -1;
		got = tracker_find(f->tr, &s, &end);
		want = newest_by_walk(f, from, &wend);
		if (got != want || (got != 0 && end != wend))
			bad++;
		got = tracker_find(f->tr, &s, &end);
		if (got != want || (got != 0 && end != wend))
			bad++;
		s = mkseg(f, !from, TH_ACK, 1, 1, 0, 1);
		got = tracker_find(f->tr, &s, &end);
		want = newest_by_walk(f, !from, &wend);
		if (got != want || (got != 0 && end != wend))
			bad++;
		if (want != 0)
			found++;
		else
			missed++;
	}
	is_int(bad, 0, "lookups remembered: each as a walk of all answers it");
	ok(found > 1000 && missed > 1000, "of pairs found (%u) and not (%u)",
	    found, missed);
}

/*
 * Lookup by id while a small table keeps evicting: every live id finds its
 * own conversation (ids that share a hash chain included), every evicted
 * one finds nothing.
 */
static void
test_ids(void)
{
	struct fix		*f = &fx;
	struct trk_cfg		 cfg;
	const struct trk_conv	*c;
	unsigned		 id;
	int			 good = 1;

	trk_cfg_default(&cfg);
	cfg.max_conv = 4;
	fix_init(f, "10.0.0.1", 1, "10.0.0.2", 80, &cfg);
	for (id = 1; id <= 40; id++) {
		f->ep[0].port = (uint16_t)(1000 + id);
		tx(f, TRK_INIT, TH_SYN, 10, 0, 0);
		c = tracker_conv(f->tr, id);
		if (f->conv != id || c == NULL || c->id != id ||
		    c->end[TRK_INIT].ep.port != 1000 + id)
			good = 0;
	}
	ok(good, "ids: each new conversation is found by its id");
	for (id = 1; id <= 36; id++)
		if (tracker_conv(f->tr, id) != NULL)
			good = 0;
	for (id = 37; id <= 40; id++) {
		c = tracker_conv(f->tr, id);
		if (c == NULL || c->id != id ||
		    c->end[TRK_INIT].ep.port != 1000 + id)
			good = 0;
	}
	ok(good, "ids: 36 evicted ones are gone, the last 4 are found");
	is_int(tracker_conv_next(f->tr, 0), 37, "ids: iteration starts at 37");
}

/* A SYN that is never answered, and one answered but never acked. */
static void
test_handshake_timeout(void)
{
	struct fix	*f = &fx;
	uint64_t	 t0;

	fix_init(f, "10.0.0.1", 40016, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	t0 = f->now;
	is_int(tracker_deadline(f->tr), t0 + 127 * SEC,
	    "handshake deadline 127 s after the SYN");
	tick(f, t0 + 126 * SEC);
	is_int(state(f, TRK_INIT), TCP_SYN_SENT, "not yet given up");
	tick(f, t0 + 200 * SEC);
	is_int(state(f, TRK_INIT), TCP_CLOSED, "SYN-SENT given up");
	ok(saw_why(f, "handshake incomplete"), "the event says why");

	fix_init(f, "10.0.0.1", 40017, "10.0.0.2", 80, NULL);
	tx(f, TRK_INIT, TH_SYN, 100, 0, 0);
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	/* The next segment, 10 minutes later, runs the timers first. */
	f->now += 600 * SEC;
	tx(f, TRK_RESP, TH_SYN | TH_ACK, 900, 101, 0);
	is_str(trail(f, f->conv, TRK_RESP), "LISTEN SYN-RECEIVED CLOSED",
	    "half-open SYN-RECEIVED given up (timers run by input)");
}

/* TIME-WAIT: a FIN again restarts 2MSL; a new SYN reuses the 4-tuple. */
static void
test_time_wait(void)
{
	struct fix	*f = &fx;
	struct trk_cfg	 cfg;
	unsigned	 first;

	trk_cfg_default(&cfg);
	cfg.time_wait = 2 * SEC;
	fix_init(f, "10.0.0.1", 40018, "10.0.0.2", 80, &cfg);
	handshake(f, 100, 900);
	tx(f, TRK_INIT, TH_FIN | TH_ACK, 101, 901, 0);
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 102, 0);
	tx(f, TRK_INIT, TH_ACK, 102, 902, 0);
	is_int(tracker_deadline(f->tr), f->now + 2 * SEC,
	    "configurable 2MSL: 2 s");
	f->now += SEC;
	tx(f, TRK_RESP, TH_FIN | TH_ACK, 901, 102, 0);
	is_int(tracker_deadline(f->tr), f->now + 2 * SEC,
	    "a retransmitted FIN restarts the 2MSL timer");
	ok(saw_why(f, "2MSL timer restarted"), "and says so");
	first = f->conv;
	tx(f, TRK_INIT, TH_SYN, 100000, 0, 0);
	ok(f->conv != first,
	    "a new SYN on the 4-tuple opens a new conversation");
	is_str(trail(f, first, TRK_INIT),
	    "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED",
	    "and ends the old TIME-WAIT");
	is_str(trail(f, f->conv, TRK_INIT), "SYN-SENT",
	    "new conversation opens");
	ok(tracker_conv(f->tr, first) != NULL, "the old one is still there");
}

/* The codec's golden frames: a real kernel handshake, data and FIN. */
static void
test_kernel_frames(void)
{
	static const char *const names[] = { "syn4", "synack4", "ack4",
		"psh4", "fin4", "syn6", "synack6", "psh6" };
	struct fix		*f = &fx;
	const struct trk_conv	*c;
	const struct wvec	*v;
	struct pkt		 p;
	struct seg		 s;
	unsigned		 id[8];
	size_t			 i;
	int			 bad = 0;

	fix_init(f, "10.0.0.1", 1, "10.0.0.2", 2, NULL);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		v = wvec_get(names[i]);
		id[i] = 0;
		if (wire_decode(&p, v->dlt, v->b, v->len, v->len) != 0 ||
		    seg_from_pkt(&s, &p) != 0)
			bad++;
		else
			feed(f, TCP_MS, &s);
		id[i] = f->conv;
	}
	is_int(bad, 0, "kernel frames decode");
	c = tracker_conv(f->tr, id[0]);
	ok(c != NULL && c->end[TRK_INIT].ep.port == 46692 &&
	    c->end[TRK_RESP].ep.port == 8080, "kernel IPv4 conversation");
	if (c == NULL)
		return;
	is_int(c->end[TRK_INIT].isn, 429397498, "kernel initiator ISN");
	is_int(c->end[TRK_RESP].isn, 1259499318, "kernel responder ISN");
	is_int(c->end[TRK_INIT].mss, 1460, "kernel MSS option");
	is_int(c->end[TRK_INIT].wscale, 10, "kernel window scale option");
	ok(c->end[TRK_RESP].sack_perm && c->end[TRK_RESP].ts,
	    "kernel SACK-permitted and timestamps");
	is_int(c->end[TRK_INIT].wnd, 63 << 10,
	    "kernel window 63 scaled by 2^10");
	is_str(trail(f, id[0], TRK_INIT), "SYN-SENT ESTABLISHED FIN-WAIT-1",
	    "kernel IPv4: initiator");
	is_str(trail(f, id[0], TRK_RESP), "LISTEN SYN-RECEIVED ESTABLISHED",
	    "kernel IPv4: responder, the FIN still in flight");
	is_int(c->end[TRK_RESP].snd_nxt, 1259499325,
	    "responder's uncaptured reply inferred from the FIN's ACK");
	ok(id[4] == id[0] && id[5] != id[0] && id[7] == id[5],
	    "IPv6 frames make a second conversation");
	is_str(trail(f, id[5], TRK_INIT), "SYN-SENT ESTABLISHED",
	    "kernel IPv6: data acking the SYN,ACK establishes the initiator");
	is_str(trail(f, id[5], TRK_RESP), "LISTEN SYN-RECEIVED ESTABLISHED",
	    "kernel IPv6: and the responder");

	/* A lone kernel RST,ACK seq 0 refusing a SYN the capture missed. */
	v = wvec_get("rst4");
	if (wire_decode(&p, v->dlt, v->b, v->len, v->len) == 0 &&
	    seg_from_pkt(&s, &p) == 0)
		feed(f, TCP_MS, &s);
	ok(f->conv != id[0] && f->conv != id[5] &&
	    count(f, f->conv, TRK_EV_CONV, -1) == 1 &&
	    saw_why(f, "likely refusing an uncaptured SYN"),
	    "a lone RST makes a conversation, presumed a refusal");
	is_int(count(f, f->conv, TRK_EV_STATE, -2), 0,
	    "with no state changes: both ends CLOSED");
}

/* Settings, names and empty queues. */
static void
test_api(void)
{
	struct trk_cfg		 c;
	struct tracker		*tr;
	struct trk_event	 ev;

	trk_cfg_default(&c);
	is_int(c.time_wait, 60 * SEC, "default TIME-WAIT 60 s");
	is_int(c.max_conv, 1024, "default table 1024");
	tr = tracker_new(NULL);
	is_int(tracker_event(tr, &ev), 0, "no events at first");
	is_int(tracker_deadline(tr), TCP_NEVER, "no deadline at first");
	ok(tracker_conv(tr, 1) == NULL && tracker_conv(tr, 0) == NULL,
	    "no conversations at first");
	is_str(trk_end_name(TRK_RESP), "responder", "end names");
	tracker_free(tr);
	tracker_free(NULL);
}

int
main(void)
{
	test_api();
	test_active_close();
	test_passive_close();
	test_finack();
	test_lost_fin();
	test_simultaneous_close();
	test_simultaneous_open();
	test_refused();
	test_rst();
	test_retransmit();
	test_resend_gap();
	test_midstream();
	test_keepalive();
	test_zero_window();
	test_wrap();
	test_ipv6();
	test_many();
	test_ids();
	test_lookup_memo();
	test_handshake_timeout();
	test_time_wait();
	test_kernel_frames();
	tracker_free(fx.tr);
	return (done_testing());
}
