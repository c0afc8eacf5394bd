/*
 * tests/unit/test-loop-idle.c - the loop's idle work (cli/run/loop.c):
 * a turn that would sleep runs one step of each idle callback instead
 * and does not sleep; a callback that says it has done is not called
 * again; one forgotten with loop_idle_del() neither; and with no idle
 * work left the loop sleeps until its deadline again.
 */
#include <stdbool.h>

#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "tests/tap.h"

/* An idle worker: steps taken, and how many it has to take. */
struct worker {
	int	steps;
	int	want;
};

/* One step; whether more remain. */
static bool
step(void *arg)
{
	struct worker	*w = arg;

	w->steps++;
	return (w->steps < w->want);
}

int
main(void)
{
	struct session_opts	 so = { .offline = 1 };
	struct worker		 a = { 0, 3 }, b = { 0, 100 };
	struct loop_idle	*ib;
	struct session		*s;
	uint64_t		 t0;
	char			*cause;
	int			 i;

	if ((s = session_new(&so, &cause)) == NULL) {
		ok(0, "offline session: %s", cause);
		return (done_testing());
	}
	(void)loop_idle_add(s, step, &a);
	ib = loop_idle_add(s, step, &b);
	/* Each turn would sleep for a minute: idle work is done instead. */
	for (i = 0; i < 5; i++)
		loop_once(s, now_us() + 60 * 1000000ULL);
	is_int(a.steps, 3, "a worker with 3 steps to take took 3 in 5 turns, "
	    "then was forgotten");
	is_int(b.steps, 5, "the other took one step a turn");
	loop_idle_del(s, ib);
	loop_once(s, now_us());
	is_int(b.steps, 5, "forgotten with loop_idle_del(): no more steps");
	/*
	 * With no idle work left a turn sleeps until its deadline (a lower
	 * bound only: a busy machine can make it longer, never shorter).
	 */
	t0 = now_us();
	loop_once(s, t0 + 20000);
	ok(now_us() >= t0 + 20000, "no idle work: the turn slept until its "
	    "deadline");
	session_free(s);
	return (done_testing());
}
