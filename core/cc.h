/*
 * core/cc.h - congestion control and the sender's SACK scoreboard.
 *
 * NewReno (RFC 5681 slow start, congestion avoidance, fast retransmit on
 * three duplicate ACKs and fast recovery, with RFC 6582's partial-ACK rule)
 * as a pure state machine: the engine reports ACKs, duplicate ACKs and
 * timeouts and asks how much it may have in flight and what to retransmit.
 * The scoreboard remembers what the receiver SACKed (RFC 2018) so that
 * retransmissions skip data it already holds (RFC 6675's idea of "holes").
 */
#ifndef TCPX_CORE_CC_H
#define TCPX_CORE_CC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/reasm.h"

#define CC_MAXBLK	32	/* SACKed ranges remembered per connection */
#define CC_INFINITE_SSTHRESH	UINT32_MAX	/* ssthresh before any loss */

enum cc_phase {
	CC_SLOW_START,
	CC_AVOIDANCE,
	CC_RECOVERY,	/* fast recovery after three duplicate ACKs */
	CC_LOSS,	/* after an RTO, until SND.UNA passes `recover` */
};

struct cc {
	enum cc_phase	phase;
	uint32_t	mss;		/* SMSS */
	uint32_t	cwnd;
	uint32_t	ssthresh;
	uint32_t	acked_ca;	/* bytes acked in congestion avoidance (RFC 5681 §3.1 byte counting) */
	int		dupacks;
	uint32_t	recover;	/* RFC 6582 "recover": highest seq sent when loss was seen */
};

/* What the engine should do after an ACK event. */
enum cc_action {
	CC_NONE,
	CC_RETRANSMIT,	/* retransmit the first unacknowledged (or next hole) segment now */
};

/* Start: IW per RFC 6928 (10 segments, as Linux), ssthresh "arbitrarily high". */
void		cc_init(struct cc *c, uint32_t mss);

/*
 * A new ACK moved SND.UNA forward by acked bytes to ack; snd_max is the
 * highest sequence number sent.  Grows cwnd, or in recovery applies the
 * partial/full ACK rules of RFC 6582 §3.2.
 */
enum cc_action	cc_on_ack(struct cc *c, uint32_t acked, uint32_t ack,
		    uint32_t snd_max);

/*
 * A duplicate ACK (RFC 5681 §2 definition, judged by the engine) with
 * flight bytes outstanding; on the third, enters fast recovery (§3.2 steps
 * 2-3) and asks for a fast retransmit, unless RFC 6582 §3.2 step 2 says
 * the loss was already handled (ack - 1 < recover... see there).
 */
enum cc_action	cc_on_dupack(struct cc *c, uint32_t snd_una, uint32_t snd_max,
		    uint32_t flight);

/*
 * RFC 6675 §5 step 3: the scoreboard says the segment at snd_una is lost
 * (IsLost) before the third duplicate ACK: enter recovery as at it.
 */
enum cc_action	cc_on_sack_lost(struct cc *c, uint32_t snd_una,
		    uint32_t snd_max, uint32_t flight);

/* The retransmission timer expired with flight bytes outstanding (RFC 5681 §3.1 eq. 4). */
void		cc_on_rto(struct cc *c, uint32_t snd_max, uint32_t flight);

/* Bytes the sender may have outstanding now. */
uint32_t	cc_window(const struct cc *c);

/* The name of a phase, for STATUS. */
const char	*cc_phase_name(enum cc_phase p);

/* The sender's record of SACKed data above SND.UNA. */
struct scoreboard {
	struct sack_blk	blk[CC_MAXBLK];	/* disjoint, sorted by left edge */
	int		n;
};

/* Forget everything (e.g. after an RTO, RFC 2018 §8: SACK info is advisory). */
void		sb_clear(struct scoreboard *sb);

/*
 * Record n SACK blocks from an ACK; blocks at or below snd_una, or past
 * snd_max, are ignored.  Returns how many octets were SACKed that were
 * not before (RFC 6675 §2: such an ACK is a duplicate).
 */
uint32_t	sb_update(struct scoreboard *sb, const struct sack_blk *b, int n,
		    uint32_t snd_una, uint32_t snd_max);

/* Drop what SND.UNA has passed. */
void		sb_advance(struct scoreboard *sb, uint32_t snd_una);

/* Whether seq has been SACKed. */
bool		sb_is_sacked(const struct scoreboard *sb, uint32_t seq);

/*
 * The next hole to retransmit at or after from (below snd_max): its start
 * and length (capped at max); returns false when none is left.
 */
bool		sb_next_hole(const struct scoreboard *sb, uint32_t from,
		    uint32_t snd_max, uint32_t max, uint32_t *seq, uint32_t *len);

/* Bytes SACKed in total (for the pipe estimate). */
uint32_t	sb_sacked_bytes(const struct scoreboard *sb);

#endif
