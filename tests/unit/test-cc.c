/*
 * tests/unit/test-cc.c - NewReno congestion control (RFC 5681, RFC 6582,
 * RFC 6928) driven by simulated ACK clocks, and the sender's SACK
 * scoreboard; every scenario also runs with sequence numbers that wrap
 * around 2^32.
 */
#include <stdint.h>

#include "core/cc.h"
#include "tests/tap.h"

#define MSS	1000U
#define WRAPBASE 0xffffe000U	/* 8192 bytes below 2^32 */
#define WRAPFIX	0xffffc4a0U	/* fixtures end 5200 below 2^32 */

static void	rtt(struct cc *, uint32_t *);
static void	ca_fixture(struct cc *, uint32_t *, uint32_t);
static void	test_init(void);
static void	test_slow_start(uint32_t);
static void	test_switch_to_ca(void);
static void	test_ca_growth(uint32_t);
static void	test_recovery(uint32_t);
static void	test_full_ack_variants(void);
static void	test_recover_guard(uint32_t);
static void	test_rto(uint32_t);
static void	test_rto_variants(void);
static void	test_phase_names(void);
static void	test_sb_basic(uint32_t);
static void	test_sb_caps(uint32_t);
static void	test_sb_wrap_edges(void);

/* One round trip: send a full window in MSS segments, ACK each one. */
static void
rtt(struct cc *c, uint32_t *una)
{
	uint32_t	n = cc_window(c) / c->mss, max, i;
	int		actions = 0;

	max = *una + n * c->mss;
	for (i = 0; i < n; i++) {
		*una += c->mss;
		if (cc_on_ack(c, c->mss, *una, max) != CC_NONE)
			actions++;
	}
	if (actions != 0)
		diag("unexpected CC_RETRANSMIT on %d new ACKs", actions);
}

/* Congestion avoidance at cwnd = ssthresh = target, via slow start. */
static void
ca_fixture(struct cc *c, uint32_t *una, uint32_t target)
{
	cc_init(c, MSS);
	c->ssthresh = target;
	while (c->phase == CC_SLOW_START)
		rtt(c, una);
}

/* The initial window and the starting state. */
static void
test_init(void)
{
	struct cc	c;

	cc_init(&c, 1460);
	is_int(c.mss, 1460, "init: SMSS 1460");
	is_int(c.cwnd, 14600, "init: IW for 1460 is 10 segments, 14600");
	is_int(c.ssthresh, CC_INFINITE_SSTHRESH, "init: ssthresh infinite");
	is_int(c.ssthresh, UINT32_MAX, "init: infinite is UINT32_MAX");
	is_int(c.phase, CC_SLOW_START, "init: slow start");
	is_int(c.dupacks, 0, "init: no duplicate ACKs");
	is_int(c.acked_ca, 0, "init: no bytes counted");
	is_int(cc_window(&c), 14600, "init: window is cwnd");

	cc_init(&c, 536);
	is_int(c.cwnd, 5360, "init: IW for 536 is 10 segments, 5360");
	cc_init(&c, 1000);
	is_int(c.cwnd, 10000, "init: IW for 1000 is 10000");
	cc_init(&c, 2000);
	is_int(c.cwnd, 14600, "init: IW for 2000 is capped at 14600");
	cc_init(&c, 9000);
	is_int(c.cwnd, 18000, "init: IW for 9000 is 2 segments, 18000");
	cc_init(&c, 0);
	is_int(c.mss, 536, "init: SMSS 0 falls back to 536");
	is_int(c.cwnd, 5360, "init: IW for the fallback SMSS");
}

/* Slow start doubles cwnd every round trip and adds min(N, SMSS) per ACK. */
static void
test_slow_start(uint32_t una)
{
	struct cc	c;

	cc_init(&c, MSS);
	rtt(&c, &una);
	is_int(c.cwnd, 20000, "ss@%08x: 10000 -> 20000 after one RTT", una);
	rtt(&c, &una);
	is_int(c.cwnd, 40000, "ss@%08x: 40000 after two RTTs", una);
	rtt(&c, &una);
	is_int(c.cwnd, 80000, "ss@%08x: 80000 after three RTTs", una);
	is_int(c.phase, CC_SLOW_START, "ss@%08x: still slow start", una);

	una += 5000;
	is_int(cc_on_ack(&c, 5000, una, una), CC_NONE,
	    "ss@%08x: stretch ACK asks for nothing", una);
	is_int(c.cwnd, 81000, "ss@%08x: a 5000-byte ACK adds one SMSS", una);
	una += 300;
	cc_on_ack(&c, 300, una, una);
	is_int(c.cwnd, 81300, "ss@%08x: a 300-byte ACK adds 300", una);
	cc_on_ack(&c, 0, una, una);
	is_int(c.cwnd, 81300, "ss@%08x: acked 0 changes nothing", una);
	is_int(c.acked_ca, 0, "ss@%08x: no byte counting in slow start", una);
}

/* Slow start hands over to congestion avoidance when cwnd reaches ssthresh. */
static void
test_switch_to_ca(void)
{
	struct cc	c;
	uint32_t	una = 1, max;
	int		i;

	cc_init(&c, MSS);
	c.ssthresh = 25000;
	rtt(&c, &una);
	is_int(c.cwnd, 20000, "switch: 20000 after one RTT");
	is_int(c.phase, CC_SLOW_START, "switch: 20000 < 25000 is slow start");

	max = una + 20000;
	for (i = 0; i < 4; i++) {
		una += MSS;
		cc_on_ack(&c, MSS, una, max);
	}
	is_int(c.cwnd, 24000, "switch: 24000 after 4 more ACKs");
	is_int(c.phase, CC_SLOW_START, "switch: still slow start at 24000");
	una += MSS;
	cc_on_ack(&c, MSS, una, max);
	is_int(c.cwnd, 25000, "switch: 25000 on the 5th ACK");
	is_int(c.phase, CC_AVOIDANCE, "switch: avoidance at ssthresh");
	is_int(c.acked_ca, 0, "switch: counting starts at 0");
	for (i = 0; i < 15; i++) {
		una += MSS;
		cc_on_ack(&c, MSS, una, max);
	}
	is_int(c.cwnd, 25000, "switch: 15 ACKs in avoidance leave cwnd");
	is_int(c.acked_ca, 15000, "switch: 15000 bytes counted");
	for (i = 0; i < 10; i++) {
		una += MSS;
		cc_on_ack(&c, MSS, una, max + 20000);
	}
	is_int(c.cwnd, 26000, "switch: +1 SMSS once 25000 bytes are acked");
	is_int(c.acked_ca, 0, "switch: counter restarts");
}

/* Congestion avoidance grows cwnd by one SMSS per round trip. */
static void
test_ca_growth(uint32_t una)
{
	struct cc	c;
	uint32_t	max;
	int		i;

	ca_fixture(&c, &una, 20000);
	is_int(c.cwnd, 20000, "ca@%08x: fixture at 20000", una);
	is_int(c.phase, CC_AVOIDANCE, "ca@%08x: fixture in avoidance", una);

	max = una + 20000;
	for (i = 0; i < 19; i++) {
		una += MSS;
		cc_on_ack(&c, MSS, una, max);
	}
	is_int(c.cwnd, 20000, "ca@%08x: 19 of 20 ACKs: no growth", una);
	is_int(c.acked_ca, 19000, "ca@%08x: 19000 bytes counted", una);
	una += MSS;
	cc_on_ack(&c, MSS, una, max);
	is_int(c.cwnd, 21000, "ca@%08x: 21000 after one RTT", una);
	rtt(&c, &una);
	is_int(c.cwnd, 22000, "ca@%08x: 22000 after two RTTs", una);
	rtt(&c, &una);
	is_int(c.cwnd, 23000, "ca@%08x: 23000 after three RTTs", una);
	is_int(c.phase, CC_AVOIDANCE, "ca@%08x: still avoidance", una);
}

/* Fast retransmit, fast recovery, partial and full ACKs (RFC 6582). */
static void
test_recovery(uint32_t una)
{
	struct cc	c;
	uint32_t	max, u0;

	ca_fixture(&c, &una, 20000);
	u0 = una;
	max = una + 20000;

	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "fr@%08x: 1st dupack: nothing", u0);
	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "fr@%08x: 2nd dupack: nothing", u0);
	is_int(c.cwnd, 20000, "fr@%08x: cwnd untouched by 2 dupacks", u0);
	is_int(c.dupacks, 2, "fr@%08x: 2 dupacks counted", u0);
	is_int(cc_on_dupack(&c, una, max, 20000), CC_RETRANSMIT,
	    "fr@%08x: 3rd dupack: fast retransmit", u0);
	is_int(c.ssthresh, 10000, "fr@%08x: ssthresh = flight/2", u0);
	is_int(c.cwnd, 13000, "fr@%08x: cwnd = ssthresh + 3*SMSS", u0);
	is_int(c.recover, u0 + 20000, "fr@%08x: recover = snd_max", u0);
	is_int(c.phase, CC_RECOVERY, "fr@%08x: fast recovery", u0);

	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "fr@%08x: 4th dupack: no second retransmit", u0);
	is_int(c.cwnd, 14000, "fr@%08x: 4th dupack inflates to 14000", u0);
	cc_on_dupack(&c, una, max, 20000);
	is_int(cc_window(&c), 15000, "fr@%08x: 5th dupack inflates to 15000",
	    u0);

	una += 5000;
	is_int(cc_on_ack(&c, 5000, una, max), CC_RETRANSMIT,
	    "fr@%08x: partial ACK: retransmit the next segment", u0);
	is_int(c.cwnd, 11000, "fr@%08x: deflate by 5000, add back SMSS", u0);
	is_int(c.phase, CC_RECOVERY, "fr@%08x: partial ACK stays in recovery",
	    u0);
	is_int(c.ssthresh, 10000, "fr@%08x: ssthresh unchanged", u0);
	una += 500;
	is_int(cc_on_ack(&c, 500, una, max), CC_RETRANSMIT,
	    "fr@%08x: small partial ACK: retransmit", u0);
	is_int(c.cwnd, 10500, "fr@%08x: deflate by 500, nothing added", u0);
	cc_on_dupack(&c, una, max, 14500);
	is_int(c.cwnd, 11500, "fr@%08x: dupack after a partial ACK inflates",
	    u0);

	/* Two new segments went out during recovery. */
	max += 2000;
	una = u0 + 20000;
	is_int(cc_on_ack(&c, 14500, una, max), CC_NONE,
	    "fr@%08x: full ACK: nothing to retransmit", u0);
	is_int(c.cwnd, 3000, "fr@%08x: cwnd = min(ssthresh, flight + SMSS)",
	    u0);
	is_int(c.phase, CC_SLOW_START, "fr@%08x: 3000 < ssthresh: slow start",
	    u0);
	is_int(c.dupacks, 0, "fr@%08x: dupacks reset", u0);
	is_int(c.ssthresh, 10000, "fr@%08x: ssthresh kept", u0);
}

/* The full ACK's window for large and empty flights. */
static void
test_full_ack_variants(void)
{
	struct cc	c;
	uint32_t	una = 100, max;
	int		i;

	ca_fixture(&c, &una, 20000);
	max = una + 20000;
	for (i = 0; i < 3; i++)
		cc_on_dupack(&c, una, max, 20000);
	cc_on_ack(&c, 20000, una + 20000, una + 40000);
	is_int(c.cwnd, 10000, "full: flight 20000 gives ssthresh, 10000");
	is_int(c.phase, CC_AVOIDANCE, "full: at ssthresh: avoidance");
	is_int(c.acked_ca, 0, "full: avoidance counts from 0");

	una = 100;
	ca_fixture(&c, &una, 20000);
	max = una + 20000;
	for (i = 0; i < 3; i++)
		cc_on_dupack(&c, una, max, 20000);
	cc_on_ack(&c, 20000, max, max);
	is_int(c.cwnd, 2000, "full: nothing in flight: max(0, SMSS) + SMSS");

	una = 100;
	ca_fixture(&c, &una, 20000);
	max = una + 20000;
	for (i = 0; i < 3; i++)
		cc_on_dupack(&c, una, max, 20000);
	cc_on_ack(&c, 20500, max + 500, max + 500);
	is_int(c.phase, CC_SLOW_START, "full: an ACK past recover is full too");
	is_int(c.cwnd, 2000, "full: and sets cwnd the same way");
}

/* Duplicates not covering more than recover start no fast retransmit. */
static void
test_recover_guard(uint32_t una)
{
	struct cc	c;
	uint32_t	max, u0, rec;
	int		i;

	ca_fixture(&c, &una, 20000);
	u0 = una;
	max = una + 20000;
	for (i = 0; i < 3; i++)
		cc_on_dupack(&c, una, max, 20000);
	rec = c.recover;
	max += 4000;
	una = rec;
	cc_on_ack(&c, 20000, una, max);
	is_int(c.cwnd, 5000, "guard@%08x: full ACK, cwnd 5000", u0);

	/* Duplicates of the exact recover point (RFC 6582 §3.2 step 2). */
	for (i = 0; i < 3; i++)
		is_int(cc_on_dupack(&c, una, max, 4000), CC_NONE,
		    "guard@%08x: dupack %d at recover: nothing", u0, i + 1);
	is_int(c.ssthresh, 10000, "guard@%08x: ssthresh not reset", u0);
	is_int(c.cwnd, 5000, "guard@%08x: cwnd not reset", u0);
	is_int(c.phase, CC_SLOW_START, "guard@%08x: no recovery", u0);
	is_int(c.recover, rec, "guard@%08x: recover kept", u0);
	cc_on_dupack(&c, una, max, 4000);
	is_int(c.phase, CC_SLOW_START, "guard@%08x: 4th dupack: still none",
	    u0);

	/* Past recover, a new loss is a new fast retransmit. */
	una += MSS;
	cc_on_ack(&c, MSS, una, max);
	is_int(c.cwnd, 6000, "guard@%08x: new ACK past recover grows cwnd", u0);
	is_int(c.dupacks, 0, "guard@%08x: new ACK resets dupacks", u0);
	cc_on_dupack(&c, una, max, 3000);
	cc_on_dupack(&c, una, max, 3000);
	is_int(cc_on_dupack(&c, una, max, 3000), CC_RETRANSMIT,
	    "guard@%08x: dupacks past recover: fast retransmit", u0);
	is_int(c.ssthresh, 2000, "guard@%08x: ssthresh max(1500, 2*SMSS)", u0);
	is_int(c.cwnd, 5000, "guard@%08x: cwnd 2000 + 3*SMSS", u0);
	is_int(c.recover, max, "guard@%08x: recover moved to snd_max", u0);
}

/* A timeout: loss window, eq. 4, no fast retransmit below recover. */
static void
test_rto(uint32_t una)
{
	struct cc	c;
	uint32_t	max, u0;
	int		i;

	ca_fixture(&c, &una, 20000);
	u0 = una;
	max = una + 20000;
	cc_on_dupack(&c, una, max, 20000);
	cc_on_rto(&c, max, 20000);
	is_int(c.cwnd, MSS, "rto@%08x: cwnd = 1 SMSS", u0);
	is_int(c.ssthresh, 10000, "rto@%08x: ssthresh = flight/2", u0);
	is_int(c.phase, CC_LOSS, "rto@%08x: loss phase", u0);
	is_int(c.recover, max, "rto@%08x: recover = snd_max", u0);
	is_int(c.dupacks, 0, "rto@%08x: dupacks reset", u0);

	una += MSS;
	is_int(cc_on_ack(&c, MSS, una, max), CC_RETRANSMIT,
	    "rto@%08x: ACK in loss below recover: resend the next segment "
	    "(the flight was lost, RFC 6675 §5.1)", u0);
	is_int(c.cwnd, 2000, "rto@%08x: slow start from LW", u0);
	una += 2000;
	cc_on_ack(&c, 2000, una, max);
	is_int(c.cwnd, 3000, "rto@%08x: 2000-byte ACK adds one SMSS", u0);
	is_int(c.phase, CC_LOSS, "rto@%08x: below recover: still loss", u0);

	/* Duplicates caused by go-back-N retransmissions (RFC 6582 §4). */
	for (i = 0; i < 3; i++)
		is_int(cc_on_dupack(&c, una, max, 3000), CC_NONE,
		    "rto@%08x: dupack %d below recover: nothing", u0, i + 1);
	is_int(c.ssthresh, 10000, "rto@%08x: ssthresh not reset", u0);
	is_int(c.cwnd, 3000, "rto@%08x: cwnd not inflated", u0);
	is_int(c.phase, CC_LOSS, "rto@%08x: still loss", u0);

	/* The same segment times out again: ssthresh is held. */
	cc_on_rto(&c, max, 1000);
	is_int(c.ssthresh, 10000, "rto@%08x: second RTO holds ssthresh", u0);
	is_int(c.cwnd, MSS, "rto@%08x: second RTO: cwnd 1 SMSS", u0);

	is_int(cc_on_ack(&c, max - una, max, max), CC_NONE,
	    "rto@%08x: the ACK of recover resends nothing", u0);
	una = max;
	is_int(c.phase, CC_SLOW_START, "rto@%08x: at recover: slow start",
	    u0);
	is_int(c.cwnd, 2000, "rto@%08x: 17000-byte ACK adds one SMSS", u0);
	for (i = 0; i < 3; i++)
		cc_on_dupack(&c, una, max + 2000, 2000);
	is_int(c.phase, CC_SLOW_START,
	    "rto@%08x: dupacks at recover: no fast retransmit", u0);
}

/* Timeouts from other phases and the 2*SMSS floor. */
static void
test_rto_variants(void)
{
	struct cc	c;
	uint32_t	una = 7, max;
	int		i;

	cc_init(&c, 1460);
	cc_on_rto(&c, una + 14600, 14600);
	is_int(c.ssthresh, 7300, "rto: from slow start: 14600/2");
	is_int(c.cwnd, 1460, "rto: cwnd 1460");

	cc_init(&c, MSS);
	cc_on_rto(&c, una + 3000, 3000);
	is_int(c.ssthresh, 2000, "rto: floor of 2*SMSS");

	cc_init(&c, MSS);
	cc_on_rto(&c, una, 0);
	is_int(c.ssthresh, 2000, "rto: nothing in flight: 2*SMSS");

	ca_fixture(&c, &una, 20000);
	max = una + 20000;
	for (i = 0; i < 6; i++)
		cc_on_dupack(&c, una, max, 20000);
	is_int(c.cwnd, 16000, "rto: recovery inflated to 16000");
	cc_on_rto(&c, max, 16000);
	is_int(c.ssthresh, 8000, "rto: in recovery: eq. 4 again");
	is_int(c.cwnd, MSS, "rto: in recovery: cwnd 1 SMSS");
	is_int(c.phase, CC_LOSS, "rto: recovery gives way to loss");

	cc_init(&c, MSS);
	cc_on_rto(&c, 5000, 6000);
	is_int(c.ssthresh, 3000, "rto: ssthresh 3000 for flight 6000");
	cc_on_ack(&c, 1000, 2000, 5000);
	cc_on_ack(&c, 1000, 3000, 5000);
	is_int(c.cwnd, 3000, "rto: slow start in loss up to ssthresh");
	cc_on_ack(&c, 1000, 4000, 5000);
	is_int(c.acked_ca, 1000, "rto: then byte counting in loss");
	cc_on_ack(&c, 1000, 5000, 5000);
	is_int(c.phase, CC_AVOIDANCE, "rto: leaving loss at ssthresh: CA");
	is_int(c.acked_ca, 2000, "rto: leaving loss keeps the count");
}

/* Phase names for STATUS. */
static void
test_phase_names(void)
{
	is_str(cc_phase_name(CC_SLOW_START), "slow-start", "name: slow start");
	is_str(cc_phase_name(CC_AVOIDANCE), "congestion-avoidance",
	    "name: avoidance");
	is_str(cc_phase_name(CC_RECOVERY), "fast-recovery", "name: recovery");
	is_str(cc_phase_name(CC_LOSS), "loss", "name: loss");
	is_str(cc_phase_name((enum cc_phase)42), "unknown", "name: unknown");
}

/* Merging, ignoring, advancing and holes with SND.UNA at base. */
static void
test_sb_basic(uint32_t b)
{
	struct scoreboard	sb;
	struct sack_blk		blk[4];
	uint32_t		una = b, max = b + 10000, seq = 0, len = 0;

	sb_clear(&sb);
	is_int(sb.n, 0, "sb@%08x: empty", b);
	is_int(sb_sacked_bytes(&sb), 0, "sb@%08x: nothing SACKed", b);
	ok(!sb_next_hole(&sb, una, max, MSS, &seq, &len),
	    "sb@%08x: no SACK, no hole", b);
	ok(!sb_is_sacked(&sb, b + 1), "sb@%08x: empty holds nothing", b);

	blk[0] = (struct sack_blk){ b + 2000, b + 3000 };
	sb_update(&sb, blk, 1, una, max);
	is_int(sb.n, 1, "sb@%08x: one range", b);
	ok(sb_is_sacked(&sb, b + 2000), "sb@%08x: left edge SACKed", b);
	ok(sb_is_sacked(&sb, b + 2999), "sb@%08x: last byte SACKed", b);
	ok(!sb_is_sacked(&sb, b + 3000), "sb@%08x: right edge is not", b);
	ok(!sb_is_sacked(&sb, b + 1999), "sb@%08x: byte before is not", b);
	is_int(sb_sacked_bytes(&sb), 1000, "sb@%08x: 1000 SACKed", b);

	blk[0] = (struct sack_blk){ b + 5000, b + 6000 };
	blk[1] = (struct sack_blk){ b + 4000, b + 4500 };
	sb_update(&sb, blk, 2, una, max);
	is_int(sb.n, 3, "sb@%08x: three ranges", b);
	is_int(sb.blk[0].left, b + 2000, "sb@%08x: sorted [0]", b);
	is_int(sb.blk[1].left, b + 4000, "sb@%08x: sorted [1]", b);
	is_int(sb.blk[2].left, b + 5000, "sb@%08x: sorted [2]", b);

	blk[0] = (struct sack_blk){ b + 3000, b + 4000 };
	sb_update(&sb, blk, 1, una, max);
	is_int(sb.n, 2, "sb@%08x: adjacent ranges merge", b);
	is_int(sb.blk[0].left, b + 2000, "sb@%08x: merged left", b);
	is_int(sb.blk[0].right, b + 4500, "sb@%08x: merged right", b);
	is_int(sb_sacked_bytes(&sb), 3500, "sb@%08x: 3500 SACKed", b);

	blk[0] = (struct sack_blk){ b + 4400, b + 5100 };
	sb_update(&sb, blk, 1, una, max);
	is_int(sb.n, 1, "sb@%08x: overlap bridges into one range", b);
	is_int(sb.blk[0].left, b + 2000, "sb@%08x: bridged left", b);
	is_int(sb.blk[0].right, b + 6000, "sb@%08x: bridged right", b);
	is_int(sb_sacked_bytes(&sb), 4000, "sb@%08x: 4000 SACKed", b);

	blk[0] = (struct sack_blk){ b - 500, b };	/* D-SACK */
	blk[1] = (struct sack_blk){ b + 7000, b + 7000 };	/* empty */
	blk[2] = (struct sack_blk){ b + 8000, b + 7000 };	/* inverted */
	blk[3] = (struct sack_blk){ b + 9000, b + 10001 };	/* unsent */
	sb_update(&sb, blk, 4, una, max);
	is_int(sb.n, 1, "sb@%08x: D-SACK, empty, inverted, unsent ignored",
	    b);
	is_int(sb_sacked_bytes(&sb), 4000, "sb@%08x: still 4000", b);

	blk[0] = (struct sack_blk){ b + 9000, b + 10000 };
	blk[1] = (struct sack_blk){ b - 100, b + 500 };
	sb_update(&sb, blk, 2, una, max);
	is_int(sb.n, 3, "sb@%08x: up to snd_max, and a straddler", b);
	is_int(sb.blk[0].left, b, "sb@%08x: straddler clipped at SND.UNA", b);
	is_int(sb.blk[0].right, b + 500, "sb@%08x: straddler right", b);
	is_int(sb.blk[2].right, b + 10000, "sb@%08x: top range ends at max",
	    b);
	is_int(sb_sacked_bytes(&sb), 5500, "sb@%08x: 5500 SACKed", b);

	ok(sb_next_hole(&sb, una, max, MSS, &seq, &len),
	    "sb@%08x: a hole after SND.UNA's range", b);
	is_int(seq, b + 500, "sb@%08x: hole starts at 500", b);
	is_int(len, 1000, "sb@%08x: hole capped at max", b);
	ok(sb_next_hole(&sb, b + 1500, max, MSS, &seq, &len),
	    "sb@%08x: hole from the middle", b);
	is_int(seq, b + 1500, "sb@%08x: starts at from", b);
	is_int(len, 500, "sb@%08x: ends at the next range", b);
	ok(sb_next_hole(&sb, b + 2000, max, 5000, &seq, &len),
	    "sb@%08x: from inside a range: the next hole", b);
	is_int(seq, b + 6000, "sb@%08x: next hole at 6000", b);
	is_int(len, 3000, "sb@%08x: 3000 long", b);
	ok(sb_next_hole(&sb, b + 6000, b + 7000, 5000, &seq, &len),
	    "sb@%08x: hole clipped at snd_max", b);
	is_int(len, 1000, "sb@%08x: clipped to 1000", b);
	ok(!sb_next_hole(&sb, b + 9000, max, MSS, &seq, &len),
	    "sb@%08x: nothing above the highest SACK", b);
	ok(!sb_next_hole(&sb, b + 9500, max, MSS, &seq, &len),
	    "sb@%08x: none from inside the top range", b);
	ok(!sb_next_hole(&sb, una, max, 0, &seq, &len),
	    "sb@%08x: max 0 gives no hole", b);

	sb_advance(&sb, b + 2500);
	is_int(sb.n, 2, "sb@%08x: advance drops the passed range", b);
	is_int(sb.blk[0].left, b + 2500, "sb@%08x: advance trims", b);
	is_int(sb_sacked_bytes(&sb), 4500, "sb@%08x: 4500 SACKed", b);
	ok(!sb_is_sacked(&sb, b + 2499), "sb@%08x: below SND.UNA is not", b);
	sb_advance(&sb, b + 6000);
	is_int(sb.n, 1, "sb@%08x: advance to a range's right edge", b);
	ok(sb_next_hole(&sb, b + 6000, max, 4000, &seq, &len),
	    "sb@%08x: hole at SND.UNA", b);
	is_int(seq, b + 6000, "sb@%08x: at 6000", b);
	is_int(len, 3000, "sb@%08x: up to the SACK", b);
	sb_advance(&sb, b + 10000);
	is_int(sb.n, 0, "sb@%08x: all acknowledged", b);

	blk[0] = (struct sack_blk){ b + 3000, b + 4000 };
	sb_update(&sb, blk, 1, una, max);
	sb_clear(&sb);
	is_int(sb.n, 0, "sb@%08x: clear", b);
}

/* At most CC_MAXBLK ranges: the highest are dropped. */
static void
test_sb_caps(uint32_t b)
{
	struct scoreboard	sb;
	struct sack_blk		blk;
	uint32_t		max = b + 100000, i;

	sb_clear(&sb);
	for (i = 1; i <= CC_MAXBLK + 1; i++) {
		blk.left = b + 1000 * i + 100;
		blk.right = blk.left + 100;
		sb_update(&sb, &blk, 1, b, max);
	}
	is_int(sb.n, CC_MAXBLK, "cap@%08x: 33 ranges kept as 32", b);
	is_int(sb.blk[CC_MAXBLK - 1].left, b + 32100,
	    "cap@%08x: the 32nd is the highest kept", b);
	ok(!sb_is_sacked(&sb, b + 33100), "cap@%08x: the 33rd dropped", b);
	is_int(sb_sacked_bytes(&sb), 3200, "cap@%08x: 3200 SACKed", b);

	blk = (struct sack_blk){ b + 10, b + 20 };
	sb_update(&sb, &blk, 1, b, max);
	is_int(sb.n, CC_MAXBLK, "cap@%08x: still 32", b);
	is_int(sb.blk[0].left, b + 10, "cap@%08x: low range kept first", b);
	is_int(sb.blk[CC_MAXBLK - 1].left, b + 31100,
	    "cap@%08x: highest range dropped for it", b);
	is_int(sb_sacked_bytes(&sb), 3110, "cap@%08x: 3110 SACKed", b);

	blk = (struct sack_blk){ b + 1200, b + 2100 };
	sb_update(&sb, &blk, 1, b, max);
	is_int(sb.n, CC_MAXBLK - 1, "cap@%08x: a bridge merges two", b);
	is_int(sb.blk[1].left, b + 1100, "cap@%08x: bridged left", b);
	is_int(sb.blk[1].right, b + 2200, "cap@%08x: bridged right", b);
	is_int(sb.blk[2].left, b + 3100, "cap@%08x: next range intact", b);

	blk = (struct sack_blk){ b + 99000, b + 99500 };
	sb_update(&sb, &blk, 1, b, max);
	is_int(sb.n, CC_MAXBLK, "cap@%08x: room for one more at the top", b);
	blk = (struct sack_blk){ b + 99600, b + 99700 };
	sb_update(&sb, &blk, 1, b, max);
	is_int(sb.n, CC_MAXBLK, "cap@%08x: full again", b);
	ok(!sb_is_sacked(&sb, b + 99600),
	    "cap@%08x: a new top range is the one dropped", b);
}

/* Ranges across 2^32 exactly. */
static void
test_sb_wrap_edges(void)
{
	struct scoreboard	sb;
	struct sack_blk		blk[2];
	uint32_t		seq = 0, len = 0;

	sb_clear(&sb);
	blk[0] = (struct sack_blk){ 0xffffff80U, 0x80U };
	blk[1] = (struct sack_blk){ 0x100U, 0x200U };
	sb_update(&sb, blk, 2, 0xffffff00U, 0x1000U);
	is_int(sb.n, 2, "wrap: two ranges");
	ok(sb_is_sacked(&sb, 0xffffffffU), "wrap: 2^32-1 SACKed");
	ok(sb_is_sacked(&sb, 0), "wrap: 0 SACKed");
	ok(!sb_is_sacked(&sb, 0x80U), "wrap: right edge is not");
	is_int(sb_sacked_bytes(&sb), 0x200, "wrap: 512 bytes SACKed");
	ok(sb_next_hole(&sb, 0xffffff00U, 0x1000U, 1000, &seq, &len),
	    "wrap: hole below the wrap");
	is_int(seq, 0xffffff00U, "wrap: hole at SND.UNA");
	is_int(len, 0x80, "wrap: 128 bytes");
	ok(sb_next_hole(&sb, 0xffffffc0U, 0x1000U, 1000, &seq, &len),
	    "wrap: hole after the wrapping range");
	is_int(seq, 0x80U, "wrap: at 0x80");
	is_int(len, 0x80, "wrap: up to 0x100");
	ok(sb_next_hole(&sb, 0x40U, 0x1000U, 1000, &seq, &len),
	    "wrap: from inside the wrapping range, past 2^32");
	is_int(seq, 0x80U, "wrap: skips to its right edge");
	is_int(len, 0x80, "wrap: the hole up to 0x100");

	blk[0] = (struct sack_blk){ 0x80U, 0x100U };
	sb_update(&sb, blk, 1, 0xffffff00U, 0x1000U);
	is_int(sb.n, 1, "wrap: filling the gap merges across 2^32");
	is_int(sb.blk[0].left, 0xffffff80U, "wrap: merged left");
	is_int(sb.blk[0].right, 0x200U, "wrap: merged right");

	sb_advance(&sb, 0x10U);
	is_int(sb.blk[0].left, 0x10U, "wrap: advance past 2^32 trims");
	is_int(sb_sacked_bytes(&sb), 0x1f0, "wrap: 496 bytes SACKed");
}

/*
 * RFC 6675 §5 step 3: a receiver that took a burst in one go sent one
 * duplicate ACK SACKing most of it; the scoreboard's IsLost starts the
 * recovery a third duplicate would have, once.
 */
static void
test_sack_lost(uint32_t una)
{
	struct cc	c;
	uint32_t	max, u0;

	ca_fixture(&c, &una, 20000);
	u0 = una;
	max = una + 20000;
	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "sl@%08x: 1st dupack: nothing by count", u0);
	is_int(cc_on_sack_lost(&c, una, max, 20000), CC_RETRANSMIT,
	    "sl@%08x: IsLost: fast retransmit", u0);
	is_int(c.phase, CC_RECOVERY, "sl@%08x: fast recovery", u0);
	is_int(c.ssthresh, 10000, "sl@%08x: ssthresh = flight/2", u0);
	is_int(c.recover, u0 + 20000, "sl@%08x: recover = snd_max", u0);
	is_int(cc_on_sack_lost(&c, una, max, 20000), CC_NONE,
	    "sl@%08x: IsLost again: no second retransmit", u0);
	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "sl@%08x: a later dupack: none either", u0);
	is_int(cc_on_dupack(&c, una, max, 20000), CC_NONE,
	    "sl@%08x: nor the one that would be the third", u0);
}

int
main(void)
{
	test_init();
	test_slow_start(1);
	test_slow_start(WRAPBASE);
	test_switch_to_ca();
	test_ca_growth(1);
	test_ca_growth(WRAPFIX);
	test_recovery(1);
	test_recovery(WRAPFIX);
	test_sack_lost(1);
	test_sack_lost(WRAPFIX);
	test_full_ack_variants();
	test_recover_guard(1);
	test_recover_guard(WRAPFIX);
	test_rto(1);
	test_rto(WRAPFIX);
	test_rto_variants();
	test_phase_names();
	test_sb_basic(1000);
	test_sb_basic(0xfffff000U);
	test_sb_caps(1);
	test_sb_caps(0xffff8000U);
	test_sb_wrap_edges();
	return (done_testing());
}
