/*
 * cli/run/clock.h - the session's clocks: monotonic time for timers, the
 * wall clock that packet lines and the diagram show, and the engine's
 * clock, which `step freeze` stops while a segment is held.
 */
#ifndef TCPX_CLI_RUN_CLOCK_H
#define TCPX_CLI_RUN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* The engine's clock: monotonic time less the time it was stopped. */
struct eclock {
	uint64_t	frozen_at;	/* when it stopped (0: running) */
	uint64_t	frozen_total;	/* time spent stopped so far */
};

/* Monotonic time in microseconds. */
uint64_t	 now_us(void);

/* The wall clock in microseconds since the epoch. */
uint64_t	 wall_us(void);

/* How many times the clocks were read (now_us() and wall_us()), for tests. */
unsigned long	 clock_reads(void);

/*
 * Move the monotonic and wall clocks us microseconds on, for good: timers
 * fall due without waiting.  For offline sessions only (the fuzzers and
 * tests that feed frames with path_feed()); a live session never calls it.
 */
void		 clock_skip(uint64_t us);

/* Back to the real clocks: between offline sessions, none running. */
void		 clock_unskip(void);

/*
 * Turns: the packet path handles a frame, a pump or the timers as one
 * turn, and reads each clock once in it instead of at every step (a
 * system call each on some virtual machines).  clock_turn_begin() and
 * clock_turn_end() nest; clock_turn_fresh() makes the turn read again
 * (the next frame, or after a call that may have taken long).
 */
void		 clock_turn_begin(void);
void		 clock_turn_end(void);
void		 clock_turn_fresh(void);

/* Monotonic time as the current turn read it (outside turns: now_us()). */
uint64_t	 turn_now_us(void);

/* The wall clock as the current turn read it (outside turns: wall_us()). */
uint64_t	 turn_wall_us(void);

/* The engine's time when the monotonic clock reads mono. */
uint64_t	 eclock_now(const struct eclock *, uint64_t mono);

/* Stop (on) or restart the engine's clock at monotonic time mono. */
void		 eclock_freeze(struct eclock *, bool on, uint64_t mono);

/* The monotonic time at which the engine's clock reads t (it runs). */
uint64_t	 eclock_to_mono(const struct eclock *, uint64_t t);

#endif
