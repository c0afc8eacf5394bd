/*
 * tests/unit/test-offline.c - the offline session (session_opts.offline),
 * which fuzz-cmd runs its inputs in: set up without root or network, it
 * runs commands through the command queue as -c does; what is sent is
 * published on the bus (an ARP request for a connect) and nothing is
 * captured; a waiting command turns the loop and is interrupted.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd/cmd-table.h"
#include "cli/cmd/cmdq.h"
#include "cli/obs/conns.h"
#include "cli/obs/obs.h"
#include "cli/run/clock.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "tests/tap.h"

static int	sent, arp;

/* Count the frames sent, and the ARP requests among them. */
static void
count_frames(void *arg, const struct run_ev *ev)
{
	(void)arg;
	if (ev->type != RUN_FRAME || ev->dir != RUN_OUT)
		return;
	sent++;
	if (ev->len >= 14 && ev->frame[12] == 0x08 && ev->frame[13] == 0x06)
		arp++;
}

static enum cmd_status	last = CMD_OK;

/* Remember each command's status. */
static void
done(void *arg, enum cmd_status rc)
{
	(void)arg;
	last = rc;
}

int
main(void)
{
	struct session_opts	 so = { .offline = 1 };
	struct obs_opts		 oo = { .quiet = 1 };
	struct cmd_ctx		 ctx = { .table = cmd_table };
	struct session		*s;
	struct obs		*o;
	struct cmdq		*q;
	char			*cause = NULL;

	s = session_new(&so, &cause);
	ok(s != NULL, "an offline session needs no root and no network (%s)",
	    cause != NULL ? cause : "ok");
	if (s == NULL)
		return (done_testing());
	ok(s->cap == NULL && s->inj == NULL, "no capture, no injection");
	bus_subscribe(&s->bus, count_frames, NULL);
	o = obs_new(s, &oo);
	ctx.s = s;
	ctx.o = o;
	q = cmdq_new(&ctx);
	cmdq_on_done(q, done, NULL);

	cmdq_append(q, "set mss 536", 0, NULL, 0);
	is_int(last, CMD_OK, "set runs");
	cmdq_append(q, "connect 10.0.0.2:7 nowait", 0, NULL, 0);
	is_int(last, CMD_OK, "connect nowait runs");
	ok(conns_cur(o->conns) == 1, "c1 is the current connection");
	ok(sent >= 1 && arp == sent, "what it sends is published: "
	    "an ARP request for 10.0.0.2 (%d of %d frames)", arp, sent);

	cmdq_append(q, "wait state ESTABLISHED 5", 0, NULL, 0);
	ok(cmdq_waiting(q), "wait waits");
	loop_once(s, now_us());
	ok(cmdq_waiting(q), "one turn of the loop: nothing came, it still waits");
	ok(cmdq_interrupt(q) && last == CMD_FAIL,
	    "interrupted, it ends failed");
	cmdq_append(q, "send --size 100000", 0, NULL, 0);
	ok(!cmdq_waiting(q) || cmdq_interrupt(q), "a bulk send queues or waits");
	cmdq_append(q, "bogus", 0, NULL, 0);
	is_int(last, CMD_USAGE, "an unknown command is refused");

	cmdq_free(q);
	obs_free(o);
	session_free(s);
	return (done_testing());
}
