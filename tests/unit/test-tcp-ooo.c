/*
 * tests/unit/test-tcp-ooo.c - an out-of-order flood through the engine in
 * virtual time (issue 13): 100,000 one-byte segments with gaps at every
 * other byte of the window's first 100,000: 25,000 ascending from the
 * middle (each lands last: dropped once the queue is full), 50,000
 * descending from the top (those below what is held land first: the
 * blocks above them are pruned, as Linux's tcp_prune_ofo_queue) and
 * 25,000 shuffled.  The queue's memory stays under its bound (the
 * receive buffer; core/reasm.h), its blocks under bound / 129, every ACK
 * acknowledges RCV.NXT with SACK blocks inside the window, the counters in
 * tcp_status show the drops and the prunes, and afterwards the real stream
 * is delivered byte-exact.
 */
#include "core/reasm.h"
#include "core/wire.h"
#include "tests/unit/tcpfix.h"

#define FLOOD		100000
#define HALF		(FLOOD / 2)	/* offsets 1, 3, ... 2 * HALF - 1 */
#define PHASE_A		(FLOOD / 4)	/* ascending from HALF */
#define PHASE_B		(PHASE_A + HALF)	/* descending from the top */

static uint8_t	pat(uint32_t);
static void	established(struct fix *, const struct tcp_cfg *);
static bool	acks_ok(struct fix *, uint32_t, uint32_t, char *, size_t);
static void	test_flood(void);

/* The byte of the peer's stream at offset x. */
static uint8_t
pat(uint32_t x)
{
	return ((uint8_t)(x * 131 + 17 + (x >> 8)));
}

/* ESTABLISHED with MSS 1460, SACK, timestamps and window scale 7. */
static void
established(struct fix *f, const struct tcp_cfg *c)
{
	struct seg		 s;
	const struct tcp_opt	*o;

	fix_syn_sent(f, c);
	s = fix_seg(f, TH_SYN | TH_ACK, f->snd, f->iss + 1, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_opt_sackok(&s);
	o = wire_tcpopt_find(&f->out.th, TCPOPT_TIMESTAMP);
	fix_opt_ts(&s, f->peer_tsval, o != NULL ? o->u.ts.val : 0);
	fix_opt_ws(&s, 7);
	fix_put(f, &s);
	f->snd++;
	f->peer_ts = true;
	fix_drain(f);
	fix_ev_clear(f);
	fix_reached(f, TCP_ESTABLISHED, "ESTABLISHED with SACK");
}

/*
 * Take every queued segment: each must be an ACK of rcv with SACK blocks
 * in [rcv, edge); true, or false with why.
 */
static bool
acks_ok(struct fix *f, uint32_t rcv, uint32_t edge, char *why, size_t len)
{
	const struct tcp_opt	*o;
	int			 i;

	while (fix_take(f)) {
		if (!(f->out.th.flags & TH_ACK) || f->out.th.ack != rcv ||
		    f->out.len != 0) {
			snprintf(why, len, "a segment acks %u, not %u",
			    f->out.th.ack, rcv);
			return (false);
		}
		o = wire_tcpopt_find(&f->out.th, TCPOPT_SACK);
		for (i = 0; o != NULL && i < o->u.sack.n; i++) {
			if (!seq_lt(rcv, o->u.sack.blk[i].left) ||
			    !seq_lt(o->u.sack.blk[i].left,
			    o->u.sack.blk[i].right) ||
			    seq_gt(o->u.sack.blk[i].right, edge)) {
				snprintf(why, len, "SACK block [%u,%u) outside "
				    "(%u,%u]", o->u.sack.blk[i].left,
				    o->u.sack.blk[i].right, rcv, edge);
				return (false);
			}
		}
	}
	return (true);
}

/* The flood, the bound, the counters, and the stream afterwards. */
static void
test_flood(void)
{
	static uint8_t		 got[2 * HALF + 1];
	struct fix		 f;
	struct tcp_cfg		 c;
	struct tcp_status	 ts;
	struct seg		 s;
	uint8_t			 b, chunk[1448];
	uint32_t		 irs, x, k, n, seed = 7;
	size_t			 maxblk, worst_blk = 0, worst_mem = 0, r;
	bool			 under = true, acks = true;
	char			 why[128] = "";
	int			 i;

	tcp_cfg_default(&c);
	c.delack = false;
	established(&f, &c);
	irs = f.snd;
	maxblk = c.rcv_buf / (REASM_BLK_COST + 1);

	for (i = 0; i < FLOOD; i++) {
		if (i < PHASE_A)
			k = HALF / 2 + (uint32_t)i;
		else if (i < PHASE_B)
			k = (uint32_t)(PHASE_B - 1 - i);
		else
			k = (seed = seed * 1103515245 + 12345) % HALF;
		x = 1 + 2 * k;		/* every other byte: all gaps */
		b = pat(x);
		s = fix_seg(&f, TH_ACK, irs + x, f.rcv, &b, 1);
		fix_put(&f, &s);
		if (acks && !acks_ok(&f, irs, irs + c.rcv_buf, why,
		    sizeof why))
			acks = false;
		fix_ev_clear(&f);
		ts = fix_status(&f);
		if (ts.ooo_mem > worst_mem)
			worst_mem = ts.ooo_mem;
		if (i == PHASE_B - 1) {
			ok(ts.ooo_prunes > 0 && ts.ooo_pruned_blocks > 0 &&
			    ts.ooo_pruned_bytes == ts.ooo_pruned_blocks,
			    "descending: those landing first pruned the blocks "
			    "above them: %llu blocks in %llu passes",
			    (unsigned long long)ts.ooo_pruned_blocks,
			    (unsigned long long)ts.ooo_prunes);
		}
		if (ts.ooo_blocks > worst_blk)
			worst_blk = ts.ooo_blocks;
		if (ts.ooo_mem > ts.ooo_limit || ts.ooo_limit > c.rcv_buf ||
		    ts.ooo_blocks > maxblk)
			under = false;
		if (i == PHASE_A - 1) {
			ok(ts.ooo_dropped == (uint64_t)PHASE_A - maxblk &&
			    ts.ooo_prunes == 0,
			    "ascending: %zu held, %llu dropped once the queue "
			    "was full (each would land last: nothing pruned)",
			    ts.ooo_blocks,
			    (unsigned long long)ts.ooo_dropped);
		}
	}
	ts = fix_status(&f);
	ok(under, "flood: memory at most %zu of %u, blocks at most %zu "
	    "(bound %zu)", worst_mem, c.rcv_buf, worst_blk, maxblk);
	ok(acks, "flood: every ACK acknowledges RCV.NXT, SACK inside the "
	    "window%s%s", why[0] ? ": " : "", why);
	ok(ts.ooo_dropped + ts.ooo_pruned_blocks + ts.ooo_blocks <= FLOOD &&
	    ts.ooo_dropped + ts.ooo_pruned_blocks + ts.ooo_blocks >= HALF,
	    "flood: %llu dropped + %llu pruned (in %llu passes) + %zu held: "
	    "no more than were sent (duplicates are the rest), at least one "
	    "per offset", (unsigned long long)ts.ooo_dropped,
	    (unsigned long long)ts.ooo_pruned_blocks,
	    (unsigned long long)ts.ooo_prunes, ts.ooo_blocks);
	ok(ts.ooo == ts.ooo_blocks && ts.ooo_blocks > maxblk / 2 &&
	    ts.ooo_mem == ts.ooo + ts.ooo_blocks * REASM_BLK_COST,
	    "flood: %zu one-byte blocks still held, %zu bytes of memory",
	    ts.ooo_blocks, ts.ooo_mem);
	ok(ts.state == TCP_ESTABLISHED && ts.rcv_nxt == irs &&
	    ts.readable == 0, "flood: still ESTABLISHED, RCV.NXT unmoved");

	/* The real stream in order: held bytes join it byte-exact. */
	for (x = 0; x < 2 * HALF + 1; x += n) {
		n = 2 * HALF + 1 - x < sizeof chunk ? 2 * HALF + 1 - x :
		    sizeof chunk;
		for (k = 0; k < n; k++)
			chunk[k] = pat(x + k);
		s = fix_seg(&f, TH_ACK, irs + x, f.rcv, chunk, n);
		fix_put(&f, &s);
		fix_drain(&f);
		fix_ev_clear(&f);
	}
	ts = fix_status(&f);
	ok(ts.rcv_nxt == irs + 2 * HALF + 1 && ts.ooo == 0 &&
	    ts.ooo_blocks == 0 && ts.ooo_mem == 0,
	    "stream: RCV.NXT at +%u, nothing left out of order",
	    ts.rcv_nxt - irs);
	r = tcp_recv(f.st, f.conn, got, sizeof got, f.now);
	for (x = 0; x < r && got[x] == pat(x); x++)
		;
	ok(r == sizeof got && x == r, "stream: %zu bytes read, byte-exact "
	    "(first difference at %u)", r, x);
	fix_free(&f);
}

int
main(void)
{
	test_flood();
	return (done_testing());
}
