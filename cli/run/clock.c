/*
 * cli/run/clock.c - monotonic and wall time, and the engine's clock that
 * `step freeze` stops (pure arithmetic on the monotonic time it is given).
 */
#include <sys/time.h>
#include <time.h>

#include "cli/run/clock.h"

static uint64_t	clock_skipped;	/* µs clock_skip() moved both clocks on */
static unsigned long clock_nreads;	/* now_us() and wall_us() calls */

/*
 * A turn's reading of the clocks (clock_turn_begin): each clock is read
 * the first time the turn asks for it, and the turn sees that reading.
 */
static struct {
	unsigned	depth;		/* turns begun and not ended */
	bool		have_mono, have_wall;
	uint64_t	mono, wall;
} turn;

/* Monotonic time in microseconds. */
uint64_t
now_us(void)
{
	struct timespec	ts;

	clock_nreads++;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000 +
	    clock_skipped);
}

/* The wall clock in microseconds since the epoch. */
uint64_t
wall_us(void)
{
	struct timeval	tv;

	clock_nreads++;
	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec +
	    clock_skipped);
}

/* How many times the clocks were read (now_us() and wall_us()), for tests. */
unsigned long
clock_reads(void)
{
	return (clock_nreads);
}

/* Move the monotonic and wall clocks us microseconds on (offline sessions). */
void
clock_skip(uint64_t us)
{
	clock_skipped += us;
	turn.mono += us;	/* a turn's reading moves with them */
	turn.wall += us;
}

/* A turn begins (they nest): its clocks are read afresh when first asked. */
void
clock_turn_begin(void)
{
	if (turn.depth++ == 0)
		turn.have_mono = turn.have_wall = false;
}

/* A turn ends: outside every turn, each question reads the clock. */
void
clock_turn_end(void)
{
	if (turn.depth > 0 && --turn.depth == 0)
		turn.have_mono = turn.have_wall = false;
}

/* The turn's clocks are read afresh from now on (a new frame, a long call). */
void
clock_turn_fresh(void)
{
	turn.have_mono = turn.have_wall = false;
}

/*
 * Clock read as the current turn read it: *v, read once a turn (*have
 * says whether it was); outside turns, read now.
 */
static uint64_t
turn_read(uint64_t (*read)(void), uint64_t *v, bool *have)
{
	if (turn.depth == 0)
		return (read());
	if (!*have) {
		*v = read();
		*have = true;
	}
	return (*v);
}

/* Monotonic time as the current turn read it (outside turns: now_us()). */
uint64_t
turn_now_us(void)
{
	return (turn_read(now_us, &turn.mono, &turn.have_mono));
}

/* The wall clock as the current turn read it (outside turns: wall_us()). */
uint64_t
turn_wall_us(void)
{
	return (turn_read(wall_us, &turn.wall, &turn.have_wall));
}

/* Back to the real clocks (between offline sessions: none may be running). */
void
clock_unskip(void)
{
	clock_skipped = 0;
	turn.have_mono = turn.have_wall = false;
}

/* The engine's time when the monotonic clock reads mono. */
uint64_t
eclock_now(const struct eclock *c, uint64_t mono)
{
	if (c->frozen_at != 0)
		mono = c->frozen_at;
	return (mono - c->frozen_total);
}

/* Stop (on) or restart the engine's clock at monotonic time mono. */
void
eclock_freeze(struct eclock *c, bool on, uint64_t mono)
{
	if (on && c->frozen_at == 0)
		c->frozen_at = mono;
	else if (!on && c->frozen_at != 0) {
		c->frozen_total += mono - c->frozen_at;
		c->frozen_at = 0;
	}
}

/* The monotonic time at which the engine's clock reads t (it runs). */
uint64_t
eclock_to_mono(const struct eclock *c, uint64_t t)
{
	return (t + c->frozen_total);
}
