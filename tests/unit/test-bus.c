/*
 * tests/unit/test-bus.c - the session's event stream (cli/run/bus.c):
 * subscribers are called in order; one that said which event types it
 * wants (bus_want) is handed only those, and the others still get
 * everything; taking one off keeps the others' wants.  The printer of
 * lines (cli/obs/lines.c) wants packet and data events only at `set
 * lines all` and engine events but at `none`, so the bulk paths cost it
 * no call per segment; the other subscribers want what they look at.
 */
#include <string.h>

#include "cli/obs/lines.h"
#include "cli/run/bus.h"
#include "cli/run/session.h"
#include "tests/tap.h"

static char	 seen[64];
static size_t	 nseen;

/* Note the type of each event handed to subscriber (char)arg. */
static void
watch(void *arg, const struct run_ev *ev)
{
	if (nseen + 3 < sizeof seen) {
		seen[nseen++] = (char)(uintptr_t)arg;
		seen[nseen++] = (char)('0' + ev->type);
		seen[nseen] = '\0';
	}
}

/* Publish one event of each type in types, in order. */
static void
publish(struct bus *b, const enum run_ev_type *types, size_t n)
{
	struct run_ev	ev;
	size_t		i;

	nseen = 0;
	seen[0] = '\0';
	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof ev);
		ev.type = types[i];
		bus_publish(b, &ev);
	}
}

int
main(void)
{
	static const enum run_ev_type t[] = { RUN_FRAME, RUN_ENGINE, RUN_DATA,
	    RUN_PUMPED };
	static struct session	 s;
	struct bus		 b;
	struct lines		*l;
	unsigned		 w;
	int			 i, n = 0;

	memset(&b, 0, sizeof b);
	bus_subscribe(&b, watch, (void *)'a');
	bus_subscribe(&b, watch, (void *)'b');
	bus_subscribe(&b, watch, (void *)'c');
	publish(&b, t, 4);
	is_str(seen, "a0b0c0a2b2c2a3b3c3a4b4c4",
	    "every subscriber gets every event, in order");
	bus_want(&b, watch, (void *)'b', BUS_TYPE(RUN_FRAME) |
	    BUS_TYPE(RUN_PUMPED));
	publish(&b, t, 4);
	is_str(seen, "a0b0c0a2c2a3c3a4b4c4",
	    "b wants frames and the pump's end: only those reach it");
	bus_want(&b, watch, (void *)'c', 0);
	bus_unsubscribe(&b, watch, (void *)'a');
	publish(&b, t, 4);
	is_str(seen, "b0b4", "c wants nothing; a is off; b keeps its wants");
	bus_want(&b, watch, (void *)'b', BUS_ALL);
	publish(&b, t, 2);
	is_str(seen, "b0b2", "BUS_ALL: everything again");

	l = lines_new(&s, 0, 0);
	w = 0;
	for (i = 0; i < s.bus.nsub; i++)
		if (s.bus.sub[i].arg == l) {
			w = s.bus.sub[i].want;
			n++;
		}
	ok(n == 1 && (w & BUS_TYPE(RUN_FRAME)) && (w & BUS_TYPE(RUN_DATA)) &&
	    (w & BUS_TYPE(RUN_ENGINE)), "lines all: packets, data, events");
	lines_set_level(l, LINES_EVENTS);
	w = s.bus.sub[0].want;
	ok(!(w & BUS_TYPE(RUN_FRAME)) && !(w & BUS_TYPE(RUN_DATA)) &&
	    (w & BUS_TYPE(RUN_ENGINE)) && (w & BUS_TYPE(RUN_NOTE)) &&
	    (w & BUS_TYPE(RUN_GATE)),
	    "lines events: no packets or data, events, notes, held segments");
	lines_set_level(l, LINES_NONE);
	w = s.bus.sub[0].want;
	ok(!(w & (BUS_TYPE(RUN_FRAME) | BUS_TYPE(RUN_DATA) |
	    BUS_TYPE(RUN_ENGINE))) && (w & BUS_TYPE(RUN_NOTE)) &&
	    (w & BUS_TYPE(RUN_ERROR)) && (w & BUS_TYPE(RUN_NEIGH)) &&
	    (w & BUS_TYPE(RUN_PUMPED)),
	    "lines none: no call per segment; notes, errors, ARP/ND, pump");
	lines_set_level(l, LINES_ALL);
	w = s.bus.sub[0].want;
	ok((w & BUS_TYPE(RUN_FRAME)) && (w & BUS_TYPE(RUN_DATA)) &&
	    (w & BUS_TYPE(RUN_ENGINE)), "lines all again: everything it prints");
	lines_free(l);
	is_int(s.bus.nsub, 0, "lines off the bus");
	return (done_testing());
}
