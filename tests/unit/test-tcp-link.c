/*
 * tests/unit/test-tcp-link.c - two engines joined by a seeded in-memory
 * link that loses (10%), reorders (25%), duplicates (5%) and corrupts (3%)
 * frames, in virtual time: for each of 200 seeds (per configuration: Linux
 * defaults, and no options with MSS 536) both directions must
 * arrive byte-exact and the connection must close cleanly (DESIGN.md §6).
 *
 * Corruption is modelled on real bytes: each segment is encoded by the wire
 * codec (IPv4, real checksums), a corrupted frame has one byte flipped
 * anywhere (IP header, TCP header, options or payload), and the receiving
 * side decodes the frame and drops it unless both checksums verify - as a
 * kernel does before TCP sees a segment.  The engine itself has no checksum
 * to check, so this is the only faithful model of corruption; a one-byte
 * change always breaks the one's-complement sum (RFC 1071), which the test
 * also asserts, so no corrupted frame can reach an engine unnoticed.
 */
#include "tests/unit/tcpfix.h"

#define NSEEDS		200
#define NBYTES		(48 * 1024)	/* each way, per seed */
#define LOSS_PCT	10
#define REORDER_PCT	25
#define DUP_PCT		5
#define CORRUPT_PCT	3
#define DELAY		(5 * TCP_MS)	/* one-way delay */
#define JITTER		(20 * TCP_MS)	/* extra delay of a reordered frame */
#define MAXFRAME	1600
#define MAXQ		4096
#define TLIMIT		(3600 * TCP_SEC)	/* virtual time per seed */

struct frame {
	uint64_t	at;		/* delivery time */
	uint64_t	order;		/* FIFO among equal times */
	size_t		len;
	bool		corrupt;
	uint8_t		b[MAXFRAME];
};

/* One direction of the link. */
struct dir {
	struct frame	*q[MAXQ];
	int		 n;
};

struct counts {
	unsigned long	frames, lost, dup, reordered, corrupted;
	unsigned long	corrupt_caught, corrupt_passed, build_err;
	unsigned long	events, resends, no_cause, bad_resend;
};

static uint64_t	prng;
static uint64_t	order_n;
static struct counts cnt;

/* xorshift64*: the link's only source of chance. */
static uint64_t
rnd(void)
{
	prng ^= prng >> 12;
	prng ^= prng << 25;
	prng ^= prng >> 27;
	return (prng * 2685821657736338717ULL);
}

/* True with probability pct percent. */
static bool
chance(int pct)
{
	return ((int)(rnd() % 100) < pct);
}

/* Queue one copy of a frame for delivery. */
static void
dir_push(struct dir *d, const uint8_t *b, size_t len, uint64_t now,
    bool corrupt)
{
	struct frame	*f;

	if (d->n >= MAXQ)
		return;		/* a full link drops: another loss */
	f = malloc(sizeof *f);
	memcpy(f->b, b, len);
	f->len = len;
	f->order = order_n++;
	f->at = now + DELAY;
	f->corrupt = false;
	if (chance(REORDER_PCT)) {
		f->at += 1 + rnd() % JITTER;
		cnt.reordered++;
	}
	if (corrupt) {
		f->b[rnd() % len] ^= (uint8_t)(1 + rnd() % 255);
		f->corrupt = true;
		cnt.corrupted++;
	}
	d->q[d->n++] = f;
}

/* Encode everything st has to send and put it on the link, impaired. */
static void
link_send(struct stack *st, struct dir *d, uint64_t now)
{
	static uint8_t		data[65536];
	uint8_t			b[MAXFRAME];
	struct seg		s;
	struct tcp_outinfo	oi;
	struct pkt		p;
	char			err[WIRE_ERRLEN];
	ssize_t			len;

	while (stack_output(st, &s, data, sizeof data, &oi)) {
		cnt.frames++;
		cnt.no_cause += oi.cause == TCP_CAUSE_NONE ||
		    oi.cause >= TCP_NCAUSES || (oi.conn == 0 &&
		    oi.cause != TCP_CAUSE_NO_CONNECTION &&
		    oi.cause != TCP_CAUSE_BAD_ACK);
		cnt.resends += oi.rexmit;
		cnt.bad_resend += oi.rexmit && oi.cause != TCP_CAUSE_RTO &&
		    oi.cause != TCP_CAUSE_FAST_RETRANSMIT &&
		    oi.cause != TCP_CAUSE_PARTIAL_ACK &&
		    oi.cause != TCP_CAUSE_DUP_SYN;
		seg_to_pkt(&s, &p, NULL, NULL);
		if ((len = wire_build(&p, 0, b, sizeof b, err,
		    sizeof err)) < 0) {
			cnt.build_err++;
			continue;
		}
		if (chance(LOSS_PCT)) {
			cnt.lost++;
			continue;
		}
		dir_push(d, b, (size_t)len, now, chance(CORRUPT_PCT));
		if (chance(DUP_PCT)) {
			cnt.dup++;
			dir_push(d, b, (size_t)len, now, false);
		}
	}
}

/* The earliest delivery time on d, or TCP_NEVER. */
static uint64_t
dir_next(const struct dir *d)
{
	uint64_t	t = TCP_NEVER;
	int		i;

	for (i = 0; i < d->n; i++)
		if (d->q[i]->at < t)
			t = d->q[i]->at;
	return (t);
}

/*
 * Deliver the frames due at now to st, oldest first: decode, verify the
 * checksums as the receiving kernel would, hand the segment over.
 */
static void
dir_deliver(struct dir *d, struct stack *st, uint64_t now)
{
	struct frame	*f;
	struct pkt	 p;
	struct seg	 s;
	int		 i, best;
	bool		 good;

	for (;;) {
		best = -1;
		for (i = 0; i < d->n; i++)
			if (d->q[i]->at <= now && (best < 0 ||
			    d->q[i]->at < d->q[best]->at ||
			    (d->q[i]->at == d->q[best]->at &&
			    d->q[i]->order < d->q[best]->order)))
				best = i;
		if (best < 0)
			return;
		f = d->q[best];
		d->q[best] = d->q[--d->n];
		good = wire_decode(&p, WIRE_DLT_RAW, f->b, f->len,
		    f->len) == 0 &&
		    (p.layers & PKT_IP4) && (p.layers & PKT_TCP) &&
		    p.ip4.cksum_ok == CK_OK && p.tcp.cksum_ok == CK_OK &&
		    seg_from_pkt(&s, &p) == 0;
		if (f->corrupt)
			good ? cnt.corrupt_passed++ : cnt.corrupt_caught++;
		if (good)
			stack_input(st, &s, now);
		free(f);
	}
}

/* Free what is still in flight. */
static void
dir_clear(struct dir *d)
{
	while (d->n > 0)
		free(d->q[--d->n]);
}

/* One side's application: send all, read all, close once all is read. */
struct app {
	struct stack	*st;
	unsigned	 conn;
	const uint8_t	*out;
	uint8_t		*in;
	size_t		 sent, got;
	bool		 closed;
	bool		 error;
	char		 why[TCP_WHYLEN];
};

/* Run the application's part at now. */
static void
app_step(struct app *a, uint64_t now)
{
	struct tcp_status	 st;
	char			 err[TCP_ERRLEN];
	size_t			 n;

	if (a->conn == 0 || tcp_status(a->st, a->conn, &st) != 0)
		return;
	if ((st.state == TCP_ESTABLISHED || st.state == TCP_CLOSE_WAIT) &&
	    a->sent < NBYTES) {
		n = NBYTES - a->sent > 5000 ? 5000 : NBYTES - a->sent;
		if (tcp_send(a->st, a->conn, a->out + a->sent, n, now,
		    err, sizeof err) == 0)
			a->sent += n;
	}
	while ((n = tcp_recv(a->st, a->conn, a->in + a->got, NBYTES - a->got,
	    now)) > 0)
		a->got += n;
	if (!a->closed && a->sent == NBYTES && a->got == NBYTES) {
		tcp_close(a->st, a->conn, now, err, sizeof err);
		a->closed = true;
	}
}

/* Note error events of the application's connection. */
static void
app_events(struct app *a)
{
	struct tcp_event	ev;

	while (stack_event(a->st, &ev)) {
		cnt.events++;
		cnt.no_cause += ev.cause == TCP_CAUSE_NONE ||
		    ev.cause >= TCP_NCAUSES;
		if (ev.type == TEV_ERROR && !a->error &&
		    (a->conn == 0 || ev.conn == a->conn)) {
			a->error = true;
			snprintf(a->why, sizeof a->why, "%s", ev.why);
		}
	}
}

/* Whether a connection is done: TIME-WAIT or CLOSED. */
static bool
app_done(const struct app *a)
{
	struct tcp_status	st;

	if (a->conn == 0 || tcp_status(a->st, a->conn, &st) != 0)
		return (false);
	return (st.state == TCP_TIME_WAIT || st.state == TCP_CLOSED);
}

struct result {
	bool		ab, ba, closed, clean;
	uint64_t	vtime;
	char		what[640];
};

/* One seed: a connects to b's listener; both send NBYTES, then close. */
static void
run_seed(uint64_t seed, const struct tcp_cfg *c, struct result *r)
{
	static uint8_t	 pa[NBYTES], pb[NBYTES], ra[NBYTES], rb[NBYTES];
	struct app	 a, b;
	struct dir	 ab, ba;
	struct endpoint	 la, lb;
	char		 err[TCP_ERRLEN];
	unsigned	 lis;
	uint64_t	 now = 0, t, d;
	size_t		 i;
	int		 iter;

	prng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < NBYTES; i++) {
		pa[i] = (uint8_t)rnd();
		pb[i] = (uint8_t)rnd();
	}
	memset(ra, 0, sizeof ra);
	memset(rb, 0, sizeof rb);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&ab, 0, sizeof ab);
	memset(&ba, 0, sizeof ba);
	a.st = stack_new(c, seed);
	b.st = stack_new(c, seed ^ 0x5555);
	a.out = pa;
	a.in = ra;
	b.out = pb;
	b.in = rb;
	addr_parse(&la.addr, FIX_LOCAL);
	addr_parse(&lb.addr, FIX_REMOTE);
	la.port = 0;
	lb.port = 80;
	lis = tcp_listen(b.st, &lb, err, sizeof err);
	a.conn = tcp_connect(a.st, &la, &lb, now, err, sizeof err);

	for (iter = 0; iter < 2000000 && now < TLIMIT; iter++) {
		if (b.conn == 0)
			b.conn = tcp_accept(b.st, lis);
		app_step(&a, now);
		app_step(&b, now);
		app_events(&a);
		app_events(&b);
		link_send(a.st, &ab, now);
		link_send(b.st, &ba, now);
		if (app_done(&a) && app_done(&b) && a.closed && b.closed)
			break;
		t = dir_next(&ab);
		if ((d = dir_next(&ba)) < t)
			t = d;
		if ((d = stack_deadline(a.st)) < t)
			t = d;
		if ((d = stack_deadline(b.st)) < t)
			t = d;
		if (t == TCP_NEVER)
			break;
		if (t > now)
			now = t;
		dir_deliver(&ab, b.st, now);
		dir_deliver(&ba, a.st, now);
		stack_tick(a.st, now);
		stack_tick(b.st, now);
	}
	app_events(&a);
	app_events(&b);
	r->ab = b.got == NBYTES && memcmp(rb, pa, NBYTES) == 0;
	r->ba = a.got == NBYTES && memcmp(ra, pb, NBYTES) == 0;
	r->closed = app_done(&a) && app_done(&b);
	r->clean = !a.error && !b.error;
	r->vtime = now;
	{
		struct tcp_status sa, sb;
		memset(&sa, 0, sizeof sa);
		memset(&sb, 0, sizeof sb);
		tcp_status(a.st, a.conn, &sa);
		if (b.conn != 0)
			tcp_status(b.st, b.conn, &sb);
		snprintf(r->what, sizeof r->what, "a %s got %zu/%d, b %s got "
		    "%zu/%d, %.1f s virtual%s%s%s%s", tcp_state_name(sa.state),
		    a.got, NBYTES, b.conn ? tcp_state_name(sb.state) : "-",
		    b.got, NBYTES, (double)now / TCP_SEC,
		    a.error ? "; a: " : "", a.error ? a.why : "",
		    b.error ? "; b: " : "", b.error ? b.why : "");
	}
	dir_clear(&ab);
	dir_clear(&ba);
	stack_free(a.st);
	stack_free(b.st);
}

/* Run NSEEDS seeds of one configuration; one check per property. */
static void
run_seeds(const char *name, const struct tcp_cfg *c, uint64_t first)
{
	struct result	r;
	uint64_t	seed;
	int		bad_ab = 0, bad_ba = 0, bad_close = 0, bad_clean = 0;
	int		shown = 0;
	double		vmax = 0;

	for (seed = first; seed < first + NSEEDS; seed++) {
		run_seed(seed, c, &r);
		bad_ab += !r.ab;
		bad_ba += !r.ba;
		bad_close += !r.closed;
		bad_clean += !r.clean;
		if (!(r.ab && r.ba && r.closed && r.clean) && shown++ < 8)
			diag("%s seed %llu: %s", name, (unsigned long long)seed,
			    r.what);
		if ((double)r.vtime / TCP_SEC > vmax)
			vmax = (double)r.vtime / TCP_SEC;
	}
	ok(bad_ab == 0, "link, %s: %d seeds, %d bytes a->b byte-exact "
	    "(%d failed)", name, NSEEDS, NBYTES, bad_ab);
	ok(bad_ba == 0, "link, %s: %d seeds, %d bytes b->a byte-exact "
	    "(%d failed)", name, NSEEDS, NBYTES, bad_ba);
	ok(bad_close == 0, "link, %s: both ends reach TIME-WAIT or CLOSED "
	    "(%d failed)", name, bad_close);
	ok(bad_clean == 0, "link, %s: no reset or timeout on either end "
	    "(%d failed)", name, bad_clean);
	diag("%s: longest run %.1f s of virtual time", name, vmax);
}

int
main(void)
{
	struct tcp_cfg	full, plain;

	/* Linux defaults: wscale, timestamps, SACK, delayed ACKs. */
	tcp_cfg_default(&full);
	/* Plain TCP: no options, no delayed ACKs, MSS 536. */
	fix_cfg_plain(&plain);
	plain.mss = 536;
	run_seeds("Linux defaults", &full, 1);
	run_seeds("no options, MSS 536", &plain, 1001);

	diag("frames %lu: lost %lu, duplicated %lu, reordered %lu, corrupted "
	    "%lu", cnt.frames, cnt.lost, cnt.dup, cnt.reordered, cnt.corrupted);
	is_int(cnt.build_err, 0, "link: every segment encodes");
	ok(cnt.lost * 100 > cnt.frames * (LOSS_PCT - 2) &&
	    cnt.lost * 100 < cnt.frames * (LOSS_PCT + 2),
	    "link: about %d%% of frames lost", LOSS_PCT);
	ok(cnt.dup * 100 > (cnt.frames - cnt.lost) * (DUP_PCT - 2) &&
	    cnt.dup * 100 < (cnt.frames - cnt.lost) * (DUP_PCT + 2),
	    "link: about %d%% duplicated", DUP_PCT);
	ok(cnt.reordered * 100 > (cnt.frames - cnt.lost) * (REORDER_PCT - 3),
	    "link: about %d%% delayed out of order", REORDER_PCT);
	ok(cnt.corrupted > 0 && cnt.corrupt_passed == 0,
	    "link: every corrupted frame (%lu) failed its checksum and was "
	    "dropped before the engine", cnt.corrupted);
	ok(cnt.no_cause == 0, "link: every event (%lu) and segment has a "
	    "cause, every segment but a reset in reply its connection (%lu "
	    "without)", cnt.events, cnt.no_cause);
	ok(cnt.resends > 0 && cnt.bad_resend == 0, "link: every resend (%lu) "
	    "is an RTO, fast retransmit, partial ACK or duplicate SYN's (%lu "
	    "not)", cnt.resends, cnt.bad_resend);
	return (done_testing());
}
