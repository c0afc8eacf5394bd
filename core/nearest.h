/*
 * core/nearest.h - "did you mean": the candidate nearest to a mistyped
 * word by edit distance (Damerau-Levenshtein, adjacent swaps count one),
 * when it is close enough to be a typo.
 */
#ifndef TCPX_CORE_NEAREST_H
#define TCPX_CORE_NEAREST_H

#include <stddef.h>

/*
 * The word of the blank-separated list nearest to word, when it is a typo
 * away (1 edit for words up to 4 letters, 2 beyond; case is ignored), else
 * NULL.  The result points into a static buffer, valid until the next call.
 */
const char	*nearest_word(const char *word, const char *list);

/* The edit distance between a and b (case ignored), capped at 255. */
unsigned	 nearest_distance(const char *a, const char *b);

#endif
