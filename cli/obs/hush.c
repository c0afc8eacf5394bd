/*
 * cli/obs/hush.c - at most HUSH_BURST lines of one kind a second; the
 * rest counted and summed up in one line (see cli/obs/hush.h).
 */
#include <string.h>

#include "cli/obs/hush.h"

/* The slot of key: a multiplicative hash of it into the table. */
static struct hush_slot *
hush_slot(struct hush *h, uint64_t key)
{
	uint64_t	x = key * 0x9e3779b97f4a7c15ULL;

	return (&h->slot[(x >> 58) % HUSH_SLOTS]);
}

/* Close slot sl at now: fill *sum when it left lines out; forget it. */
static bool
hush_close(struct hush *h, struct hush_slot *sl, uint64_t now,
    struct hush_sum *sum)
{
	bool	had = sl->held > 0;

	if (had) {
		sum->key = sl->key;
		sum->held = sl->held;
		sum->span = now - sl->start;
		h->pending--;
	}
	memset(sl, 0, sizeof *sl);
	return (had);
}

/* Whether a line of kind key may print at now; *flushed: print *sum first. */
bool
hush_allow(struct hush *h, uint64_t key, uint64_t now, struct hush_sum *sum,
    bool *flushed)
{
	struct hush_slot	*sl = hush_slot(h, key);

	*flushed = false;
	if (now == 0)
		now = 1;		/* start 0 marks a free slot */
	if (sl->start != 0 && (sl->key != key ||
	    now - sl->start >= HUSH_WINDOW))
		*flushed = hush_close(h, sl, now, sum);
	if (sl->start == 0) {
		sl->key = key;
		sl->start = now;
	}
	if (sl->said < HUSH_BURST) {
		sl->said++;
		return (true);
	}
	if (sl->held++ == 0)
		h->pending++;
	h->total++;
	return (false);
}

/* The next kind with lines left out whose second is over (all: or not). */
static bool
hush_next(struct hush *h, uint64_t now, struct hush_sum *sum, bool all)
{
	size_t	i;

	if (h->pending == 0)
		return (false);
	for (i = 0; i < HUSH_SLOTS; i++) {
		struct hush_slot *sl = &h->slot[i];

		if (sl->held > 0 && (all || now - sl->start >= HUSH_WINDOW))
			return (hush_close(h, sl, now, sum));
	}
	return (false);
}

/* The next kind whose second is over with lines left out, or false. */
bool
hush_due(struct hush *h, uint64_t now, struct hush_sum *sum)
{
	return (hush_next(h, now, sum, false));
}

/* The next kind with lines left out, its second over or not, or false. */
bool
hush_any(struct hush *h, uint64_t now, struct hush_sum *sum)
{
	return (hush_next(h, now, sum, true));
}
