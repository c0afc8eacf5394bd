/*
 * cli/run/clock.c - monotonic and wall time, and the engine's clock that
 * `step freeze` stops (pure arithmetic on the monotonic time it is given).
 */
#include <sys/time.h>
#include <time.h>

#include "cli/run/clock.h"

static uint64_t	clock_skipped;	/* µs clock_skip() moved both clocks on */

/* Monotonic time in microseconds. */
uint64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000 +
	    clock_skipped);
}

/* The wall clock in microseconds since the epoch. */
uint64_t
wall_us(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return ((uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec +
	    clock_skipped);
}

/* Move the monotonic and wall clocks us microseconds on (offline sessions). */
void
clock_skip(uint64_t us)
{
	clock_skipped += us;
}

/* Back to the real clocks (between offline sessions: none may be running). */
void
clock_unskip(void)
{
	clock_skipped = 0;
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
