/*
 * cli/obs/strpool.c - shared, reference-counted strings found by hash
 * (FNV-1a); buckets double as the strings outnumber them, so a lookup
 * looks at a bounded number of strings on average.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/obs/strpool.h"
#include "core/xmalloc.h"

#define POOL_MIN	64	/* buckets at first (a power of two) */

struct pstr {
	struct pstr	*next;
	uint32_t	 hash;
	uint32_t	 refs;
	char		 s[];
};

struct strpool {
	struct pstr	**b;
	size_t		  nb, n;
};

/* The FNV-1a hash of s. */
static uint32_t
pool_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return (h);
}

/* A new empty pool. */
struct strpool *
strpool_new(void)
{
	struct strpool	*p = xcalloc(1, sizeof *p);

	p->nb = POOL_MIN;
	p->b = xcalloc(p->nb, sizeof *p->b);
	return (p);
}

/* Free the pool and its strings. */
void
strpool_free(struct strpool *p)
{
	struct pstr	*e;
	size_t		 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nb; i++)
		while ((e = p->b[i]) != NULL) {
			p->b[i] = e->next;
			free(e);
		}
	free(p->b);
	free(p);
}

/* Double the buckets. */
static void
pool_grow(struct strpool *p)
{
	size_t		 nb = p->nb * 2, i;
	struct pstr	**b = xcalloc(nb, sizeof *b), *e;

	for (i = 0; i < p->nb; i++)
		while ((e = p->b[i]) != NULL) {
			p->b[i] = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	free(p->b);
	p->b = b;
	p->nb = nb;
}

/* The pool's copy of s, with one more user. */
const char *
strpool_get(struct strpool *p, const char *s)
{
	uint32_t	 h = pool_hash(s);
	size_t		 len;
	struct pstr	*e;

	for (e = p->b[h & (p->nb - 1)]; e != NULL; e = e->next)
		if (e->hash == h && strcmp(e->s, s) == 0) {
			e->refs++;
			return (e->s);
		}
	if (p->n >= p->nb)
		pool_grow(p);
	len = strlen(s);
	e = xmalloc(sizeof *e + len + 1);
	memcpy(e->s, s, len + 1);
	e->hash = h;
	e->refs = 1;
	e->next = p->b[h & (p->nb - 1)];
	p->b[h & (p->nb - 1)] = e;
	p->n++;
	return (e->s);
}

/* One user fewer of s. */
void
strpool_put(struct strpool *p, const char *s)
{
	struct pstr	*e, **pp;

	if (s == NULL)
		return;
	e = (struct pstr *)(void *)(s - offsetof(struct pstr, s));
	if (--e->refs > 0)
		return;
	for (pp = &p->b[e->hash & (p->nb - 1)]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	free(e);
	p->n--;
}

/* How many distinct strings the pool holds. */
size_t
strpool_len(const struct strpool *p)
{
	return (p->n);
}
