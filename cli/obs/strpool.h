/*
 * cli/obs/strpool.h - a pool of shared, reference-counted strings: the
 * engine's sentences (why a state changed) are few and repeat for every
 * connection, so each history entry points at one shared copy instead of
 * holding its own (issue 14: memory per idle connection).
 */
#ifndef TCPX_CLI_OBS_STRPOOL_H
#define TCPX_CLI_OBS_STRPOOL_H

#include <stddef.h>

struct strpool;

/* A new empty pool; free with strpool_free(). */
struct strpool	*strpool_new(void);

/* Free the pool and every string in it (NULL is fine). */
void		 strpool_free(struct strpool *p);

/* The pool's copy of s, its count of users one more; the pool owns it. */
const char	*strpool_get(struct strpool *p, const char *s);

/* One user fewer of s (from strpool_get; NULL is fine): freed at none. */
void		 strpool_put(struct strpool *p, const char *s);

/* How many distinct strings the pool holds. */
size_t		 strpool_len(const struct strpool *p);

#endif
