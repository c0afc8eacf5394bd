/*
 * cli/run/bus.c - the session's event stream: subscribers in order, and
 * publishing to them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/run/bus.h"

/* Subscribe fn(arg, ev) to every event. */
int
bus_subscribe(struct bus *b, bus_fn *fn, void *arg)
{
	if (b->nsub == BUS_MAX_SUBS)
		return (-1);
	b->sub[b->nsub].fn = fn;
	b->sub[b->nsub].arg = arg;
	b->sub[b->nsub].want = BUS_ALL;
	b->nsub++;
	return (0);
}

/* Take fn(arg) off the bus. */
void
bus_unsubscribe(struct bus *b, bus_fn *fn, void *arg)
{
	int	i;

	for (i = 0; i < b->nsub; i++) {
		if (b->sub[i].fn != fn || b->sub[i].arg != arg)
			continue;
		memmove(&b->sub[i], &b->sub[i + 1],
		    (size_t)(b->nsub - i - 1) * sizeof b->sub[0]);
		b->nsub--;
		return;
	}
}

/* Hand fn(arg) only the events whose types are in want. */
void
bus_want(struct bus *b, bus_fn *fn, void *arg, unsigned want)
{
	int	i;

	for (i = 0; i < b->nsub; i++)
		if (b->sub[i].fn == fn && b->sub[i].arg == arg)
			b->sub[i].want = want;
}

/* Hand ev to every subscriber that wants its type, in order. */
void
bus_publish(const struct bus *b, const struct run_ev *ev)
{
	unsigned	t = BUS_TYPE(ev->type);
	int		i;

	for (i = 0; i < b->nsub; i++)
		if (b->sub[i].want & t)
			b->sub[i].fn(b->sub[i].arg, ev);
}

/* Publish a RUN_NOTE (about what) or RUN_ERROR of text formatted from ap. */
static void
bus_vtext(const struct bus *b, enum run_ev_type type, enum run_note what,
    const char *fmt, va_list ap)
{
	struct run_ev	ev;
	char		text[512];

	vsnprintf(text, sizeof text, fmt, ap);
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.note = what;
	ev.text = text;
	bus_publish(b, &ev);
}

/* Publish a RUN_NOTE or RUN_ERROR of formatted text. */
void
bus_text(const struct bus *b, enum run_ev_type type, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	bus_vtext(b, type, NOTE_PLAIN, fmt, ap);
	va_end(ap);
}

/* Publish a RUN_NOTE of formatted text about what. */
void
bus_note(const struct bus *b, enum run_note what, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	bus_vtext(b, RUN_NOTE, what, fmt, ap);
	va_end(ap);
}
