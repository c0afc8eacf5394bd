/*
 * core/pmtu.c - the path MTU cache: one slot per destination hash.
 */
#include <stdlib.h>
#include <string.h>

#include "core/pmtu.h"
#include "core/xmalloc.h"

struct pmtu_ent {
	struct addr	dst;
	uint16_t	mtu;		/* 0: empty */
	uint64_t	until;
};

struct pmtu {
	uint64_t	key;
	uint64_t	until;		/* no entry holds past this */
	struct pmtu_ent	e[PMTU_SLOTS];
};

/* An empty cache. */
struct pmtu *
pmtu_new(uint64_t key)
{
	struct pmtu	*p = xcalloc(1, sizeof *p);

	p->key = key | 1;
	return (p);
}

/* Free the cache (NULL is fine). */
void
pmtu_free(struct pmtu *p)
{
	free(p);
}

/* The slot of dst (keyed, so that no sender can aim at one). */
static size_t
pmtu_slot(const struct pmtu *p, const struct addr *dst)
{
	uint64_t	h = p->key;
	size_t		i, n = dst->family == 4 ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ dst->a[i]) * 0x100000001b3ULL;
	h ^= h >> 31;
	h *= p->key;
	return ((size_t)(h >> 40) % PMTU_SLOTS);
}

/* The MTU learnt toward dst that still holds at now, or 0. */
uint16_t
pmtu_get(const struct pmtu *p, const struct addr *dst, uint64_t now)
{
	const struct pmtu_ent	*e;

	if (p->until <= now)
		return (0);	/* nothing learnt, or all of it expired */
	e = &p->e[pmtu_slot(p, dst)];
	if (e->mtu == 0 || e->until <= now || !addr_eq(&e->dst, dst))
		return (0);
	return (e->mtu);
}

/* Learn mtu toward dst until until. */
void
pmtu_set(struct pmtu *p, const struct addr *dst, uint16_t mtu, uint64_t until)
{
	struct pmtu_ent	*e = &p->e[pmtu_slot(p, dst)];

	e->dst = *dst;
	e->mtu = mtu;
	e->until = until;
	if (until > p->until)
		p->until = until;
}
