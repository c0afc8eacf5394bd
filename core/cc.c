/*
 * core/cc.c - NewReno congestion control and the sender's SACK scoreboard.
 *
 * RFC 5681 §3.1 (slow start, congestion avoidance with RFC 3465 byte
 * counting, the loss window after a timeout), §3.2 (fast retransmit and
 * fast recovery), RFC 6582 §3.2 (NewReno partial and full ACKs, the
 * "recover" guard against a second fast retransmit), RFC 6928 (initial
 * window), RFC 2018/2883 (what SACK blocks are believed).  Pure: no I/O, no
 * clock; every sequence comparison goes through core/seq.h.
 */
#include <stddef.h>
#include <string.h>

#include "core/cc.h"
#include "core/seq.h"

#define CC_DEFAULT_MSS	536		/* RFC 9293 §3.7.1 default SMSS */
#define CC_MAXCWND	(1U << 30)	/* RFC 7323's largest window */
#define CC_DUPTHRESH	3		/* RFC 5681 §3.2: the third duplicate */

static uint32_t	cc_grow(uint32_t, uint32_t);
static uint32_t	cc_loss_ssthresh(const struct cc *, uint32_t);
static void	cc_open_phase(struct cc *);
static void	cc_increase(struct cc *, uint32_t);
static enum cc_action cc_recovery_ack(struct cc *, uint32_t, uint32_t,
		    uint32_t);
static bool	cc_loss_handled(const struct cc *, uint32_t);
static void	sb_insert(struct scoreboard *, uint32_t, uint32_t);

/* cwnd plus n, never past CC_MAXCWND. */
static uint32_t
cc_grow(uint32_t cwnd, uint32_t n)
{
	if (cwnd >= CC_MAXCWND || n >= CC_MAXCWND - cwnd)
		return (CC_MAXCWND);
	return (cwnd + n);
}

/* RFC 5681 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS). */
static uint32_t
cc_loss_ssthresh(const struct cc *c, uint32_t flight)
{
	uint32_t	half = flight / 2, floor = 2 * c->mss;

	return (half > floor ? half : floor);
}

/* Slow start below ssthresh, avoidance at or above it (RFC 5681 §3.1). */
static void
cc_open_phase(struct cc *c)
{
	c->phase = c->cwnd < c->ssthresh ? CC_SLOW_START : CC_AVOIDANCE;
}

/* Open the window for acked newly acknowledged bytes (RFC 5681 §3.1). */
static void
cc_increase(struct cc *c, uint32_t acked)
{
	if (c->cwnd < c->ssthresh) {
		/* Slow start: "cwnd += min (N, SMSS)" (eq. 2). */
		c->cwnd = cc_grow(c->cwnd, acked < c->mss ? acked : c->mss);
		return;
	}

	/*
	 * Congestion avoidance with byte counting: once a whole cwnd of
	 * bytes has been acknowledged, cwnd grows by one SMSS (RFC 3465
	 * §2.1), so at most one SMSS per RTT as §3.1 requires.
	 */
	c->acked_ca = acked > UINT32_MAX - c->acked_ca ? UINT32_MAX :
	    c->acked_ca + acked;
	if (c->acked_ca >= c->cwnd) {
		c->acked_ca -= c->cwnd;
		c->cwnd = cc_grow(c->cwnd, c->mss);
	}
}

/* A new ACK during fast recovery: RFC 6582 §3.2 step 3, full or partial. */
static enum cc_action
cc_recovery_ack(struct cc *c, uint32_t acked, uint32_t ack, uint32_t snd_max)
{
	uint32_t	flight;

	if (seq_geq(ack, c->recover)) {
		/*
		 * Full acknowledgment: option (1), "min (ssthresh,
		 * max (FlightSize, SMSS) + SMSS)", so that leaving recovery
		 * with little in flight cannot send a burst.
		 */
		flight = seq_gt(snd_max, ack) ? snd_max - ack : 0;
		if (flight < c->mss)
			flight = c->mss;
		flight = cc_grow(flight, c->mss);
		c->cwnd = flight < c->ssthresh ? flight : c->ssthresh;
		c->dupacks = 0;
		c->acked_ca = 0;
		cc_open_phase(c);
		return (CC_NONE);
	}

	/*
	 * Partial acknowledgment: retransmit the first unacknowledged
	 * segment, deflate cwnd by the amount acknowledged and add back one
	 * SMSS if at least one SMSS was acknowledged.  cwnd is kept at one
	 * SMSS or more so that the sender never stalls.
	 */
	c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
	if (acked >= c->mss)
		c->cwnd = cc_grow(c->cwnd, c->mss);
	if (c->cwnd < c->mss)
		c->cwnd = c->mss;
	c->dupacks = 0;
	return (CC_RETRANSMIT);
}

/*
 * Whether the loss that duplicate ACKs at snd_una report has already been
 * handled, so that no fast retransmit may follow (RFC 6582 §3.2 step 2:
 * the cumulative ACK does not cover more than recover).
 */
static bool
cc_loss_handled(const struct cc *c, uint32_t snd_una)
{
	/* After a timeout, until SND.UNA reaches recover. */
	if (c->phase == CC_LOSS)
		return (true);

	/*
	 * Leaving recovery (or the loss phase) needs SND.UNA >= recover, so
	 * outside them SND.UNA is never below recover and "not more than
	 * recover" can only mean equal to it.  An equality test also stays
	 * right for the initial value and long after recover was set.
	 */
	return (snd_una == c->recover);
}

/* Start: IW per RFC 6928 (10 segments, as Linux), ssthresh infinite. */
void
cc_init(struct cc *c, uint32_t mss)
{
	uint32_t	iw;

	memset(c, 0, sizeof *c);
	if (mss == 0)
		mss = CC_DEFAULT_MSS;
	if (mss > CC_MAXCWND / 10)
		mss = CC_MAXCWND / 10;
	c->mss = mss;

	/* RFC 6928 §2: IW = min (10*MSS, max (2*MSS, 14600)). */
	iw = 2 * mss > 14600 ? 2 * mss : 14600;
	c->cwnd = 10 * mss < iw ? 10 * mss : iw;
	c->ssthresh = CC_INFINITE_SSTHRESH;
	c->phase = CC_SLOW_START;
}

/* A new ACK moved SND.UNA forward by acked bytes to ack. */
enum cc_action
cc_on_ack(struct cc *c, uint32_t acked, uint32_t ack, uint32_t snd_max)
{
	if (acked == 0)
		return (CC_NONE);

	switch (c->phase) {
	case CC_RECOVERY:
		return (cc_recovery_ack(c, acked, ack, snd_max));
	case CC_LOSS:
		/*
		 * After a timeout the sender slow-starts from the loss window;
		 * RFC 6582's partial-ACK rule applies to fast recovery only.
		 */
		c->dupacks = 0;
		cc_increase(c, acked);
		if (seq_geq(ack, c->recover)) {
			cc_open_phase(c);
			return (CC_NONE);
		}
		/*
		 * Below recover the rest of the flight was lost with it: resend
		 * the next segment now, not one per timeout (RFC 6675 §5.1
		 * after an RTO: all unSACKed data is lost; BSD's go-back-N).
		 */
		return (CC_RETRANSMIT);
	case CC_SLOW_START:
	case CC_AVOIDANCE:
		break;
	}
	c->dupacks = 0;
	cc_increase(c, acked);
	cc_open_phase(c);
	return (CC_NONE);
}

static enum cc_action	cc_fast_retransmit(struct cc *, uint32_t, uint32_t,
			    uint32_t);

/* A duplicate ACK with flight bytes outstanding (RFC 5681/6582 §3.2). */
enum cc_action
cc_on_dupack(struct cc *c, uint32_t snd_una, uint32_t snd_max,
    uint32_t flight)
{
	if (c->dupacks < CC_DUPTHRESH + 1)
		c->dupacks++;

	switch (c->phase) {
	case CC_RECOVERY:
		/* §3.2 step 4: each further duplicate adds one SMSS. */
		c->cwnd = cc_grow(c->cwnd, c->mss);
		return (CC_NONE);
	case CC_LOSS:
	case CC_SLOW_START:
	case CC_AVOIDANCE:
		break;
	}
	if (c->dupacks != CC_DUPTHRESH)
		return (CC_NONE);
	return (cc_fast_retransmit(c, snd_una, snd_max, flight));
}

/*
 * RFC 6675 §5 step 3: fewer than DupThresh duplicate ACKs came, but the
 * scoreboard says IsLost(HighACK + 1) (more than DupThresh - 1 segments
 * SACKed above SND.UNA): enter loss recovery as at the third duplicate.
 * A receiver that takes a burst in one go (Linux, its socket busy) may
 * send one or two duplicates for it, each SACKing several segments.
 */
enum cc_action
cc_on_sack_lost(struct cc *c, uint32_t snd_una, uint32_t snd_max,
    uint32_t flight)
{
	if (c->phase == CC_RECOVERY || c->dupacks >= CC_DUPTHRESH)
		return (CC_NONE);
	c->dupacks = CC_DUPTHRESH;	/* a later third duplicate is no new loss */
	return (cc_fast_retransmit(c, snd_una, snd_max, flight));
}

/* Enter fast recovery for the loss at snd_una, unless it is handled. */
static enum cc_action
cc_fast_retransmit(struct cc *c, uint32_t snd_una, uint32_t snd_max,
    uint32_t flight)
{
	/* RFC 6582 §3.2 step 2: no second fast retransmit for one loss. */
	if (cc_loss_handled(c, snd_una))
		return (CC_NONE);

	/*
	 * Fast retransmit (RFC 5681 §3.2 step 2-3, RFC 6582 §3.2 step 2):
	 * remember the highest sequence sent, halve, retransmit, and inflate
	 * cwnd by the three segments that have left the network.
	 */
	c->recover = snd_max;
	c->ssthresh = cc_loss_ssthresh(c, flight);
	c->cwnd = cc_grow(c->ssthresh, 3 * c->mss);
	c->acked_ca = 0;
	c->phase = CC_RECOVERY;
	return (CC_RETRANSMIT);
}

/* The retransmission timer expired with flight bytes out (RFC 5681 §3.1). */
void
cc_on_rto(struct cc *c, uint32_t snd_max, uint32_t flight)
{
	/*
	 * Eq. 4, unless this is another timeout before SND.UNA reached the
	 * recover point of the last one: then the segment was already
	 * resent by the timer and "the value of ssthresh is held constant".
	 */
	if (c->phase != CC_LOSS)
		c->ssthresh = cc_loss_ssthresh(c, flight);
	c->cwnd = c->mss;	/* the loss window, LW = 1 SMSS */
	c->recover = snd_max;	/* RFC 6582 §3.2 step 4 */
	c->dupacks = 0;
	c->acked_ca = 0;
	c->phase = CC_LOSS;
}

/* Bytes the sender may have outstanding now. */
uint32_t
cc_window(const struct cc *c)
{
	return (c->cwnd);
}

/* The name of a phase, for STATUS. */
const char *
cc_phase_name(enum cc_phase p)
{
	switch (p) {
	case CC_SLOW_START:
		return ("slow-start");
	case CC_AVOIDANCE:
		return ("congestion-avoidance");
	case CC_RECOVERY:
		return ("fast-recovery");
	case CC_LOSS:
		return ("loss");
	}
	return ("unknown");
}

/* Forget everything SACKed. */
void
sb_clear(struct scoreboard *sb)
{
	sb->n = 0;
}

/* Add [left, right) to the scoreboard, merging and keeping CC_MAXBLK ranges. */
static void
sb_insert(struct scoreboard *sb, uint32_t left, uint32_t right)
{
	struct sack_blk	out[CC_MAXBLK + 1];
	int		i, n = 0, placed = 0;

	for (i = 0; i < sb->n; i++) {
		const struct sack_blk *e = &sb->blk[i];

		if (seq_lt(e->right, left)) {
			/* Wholly below, not even adjacent. */
			out[n++] = *e;
		} else if (seq_gt(e->left, right)) {
			/* Wholly above: the new range goes first. */
			if (!placed) {
				out[n].left = left;
				out[n++].right = right;
				placed = 1;
			}
			out[n++] = *e;
		} else {
			/* Overlapping or adjacent: absorb it. */
			if (seq_lt(e->left, left))
				left = e->left;
			if (seq_gt(e->right, right))
				right = e->right;
		}
	}
	if (!placed) {
		out[n].left = left;
		out[n++].right = right;
	}

	/* Full: forget the highest ranges (the least useful to a sender). */
	if (n > CC_MAXBLK)
		n = CC_MAXBLK;
	memcpy(sb->blk, out, n * sizeof out[0]);
	sb->n = n;
}

/* How many octets the scoreboard holds as SACKed. */
static uint32_t
sb_octets(const struct scoreboard *sb)
{
	uint32_t	n = 0;
	int		i;

	for (i = 0; i < sb->n; i++)
		n += sb->blk[i].right - sb->blk[i].left;
	return (n);
}

/* Record n SACK blocks from an ACK (RFC 2018 §4, RFC 2883 §4). */
uint32_t
sb_update(struct scoreboard *sb, const struct sack_blk *b, int n,
    uint32_t snd_una, uint32_t snd_max)
{
	int		i;
	uint32_t	left, right, before;

	sb_advance(sb, snd_una);
	before = sb_octets(sb);
	for (i = 0; i < n; i++) {
		left = b[i].left;
		right = b[i].right;
		if (!seq_lt(left, right))
			continue;	/* empty or inverted */
		if (seq_leq(right, snd_una))
			continue;	/* old, or a D-SACK below SND.UNA */
		if (seq_gt(right, snd_max))
			continue;	/* SACKs data never sent */
		if (seq_lt(left, snd_una))
			left = snd_una;	/* the rest is acknowledged */
		sb_insert(sb, left, right);
	}
	return (sb_octets(sb) > before ? sb_octets(sb) - before : 0);
}

/* Drop what SND.UNA has passed. */
void
sb_advance(struct scoreboard *sb, uint32_t snd_una)
{
	int	i, n = 0;

	for (i = 0; i < sb->n; i++) {
		if (seq_leq(sb->blk[i].right, snd_una))
			continue;
		sb->blk[n] = sb->blk[i];
		if (seq_lt(sb->blk[n].left, snd_una))
			sb->blk[n].left = snd_una;
		n++;
	}
	sb->n = n;
}

/* Whether seq has been SACKed. */
bool
sb_is_sacked(const struct scoreboard *sb, uint32_t seq)
{
	int	i;

	for (i = 0; i < sb->n; i++)
		if (seq_in(seq, sb->blk[i].left, sb->blk[i].right))
			return (true);
	return (false);
}

/*
 * The next hole at or after from: unSACKed bytes below the highest SACKed
 * byte (and below snd_max), at most max of them.  Data above the highest
 * SACK is not known to be lost, so it is never a hole.
 */
bool
sb_next_hole(const struct scoreboard *sb, uint32_t from, uint32_t snd_max,
    uint32_t max, uint32_t *seq, uint32_t *len)
{
	const struct sack_blk	*e;
	uint32_t		 cur = from, end;
	int			 i;

	for (i = 0; i < sb->n; i++) {
		e = &sb->blk[i];
		if (seq_leq(e->right, cur))
			continue;	/* wholly before the cursor */
		if (seq_leq(e->left, cur)) {
			cur = e->right;	/* the cursor is SACKed: skip */
			continue;
		}
		end = e->left;
		if (seq_gt(end, snd_max))
			end = snd_max;
		if (!seq_lt(cur, end) || max == 0)
			return (false);
		*seq = cur;
		*len = end - cur < max ? end - cur : max;
		return (true);
	}
	return (false);
}

/* Bytes SACKed in total. */
uint32_t
sb_sacked_bytes(const struct scoreboard *sb)
{
	uint32_t	sum = 0;
	int		i;

	for (i = 0; i < sb->n; i++)
		sum += sb->blk[i].right - sb->blk[i].left;
	return (sum);
}
