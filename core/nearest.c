/*
 * core/nearest.c - "did you mean": the nearest candidate to a mistyped
 * word by Damerau-Levenshtein distance (optimal string alignment).
 */
#include <ctype.h>
#include <string.h>

#include "core/nearest.h"

#define NEAREST_MAX	64	/* longer words are never a typo of anything */

/* The edit distance between a and b (case ignored), capped at 255. */
unsigned
nearest_distance(const char *a, const char *b)
{
	unsigned	d[NEAREST_MAX + 1][NEAREST_MAX + 1], c, v;
	size_t		la = strlen(a), lb = strlen(b), i, j;

	if (la > NEAREST_MAX || lb > NEAREST_MAX)
		return (255);
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;	/* a swap */
			d[i][j] = v;
		}
	}
	return (d[la][lb] > 255 ? 255 : d[la][lb]);
}

/* The word of list nearest to word when a typo away, else NULL. */
const char *
nearest_word(const char *word, const char *list)
{
	static char	 best[NEAREST_MAX + 1];
	char		 cand[NEAREST_MAX + 1];
	const char	*p = list;
	size_t		 n;
	unsigned	 d, bestd, limit = strlen(word) <= 4 ? 1 : 2;

	bestd = limit + 1;
	while (*p != '\0') {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == 0)
			break;
		if (n <= NEAREST_MAX) {
			memcpy(cand, p, n);
			cand[n] = '\0';
			/* A candidate as short as the limit is anything's typo. */
			if (n > limit && (d = nearest_distance(word, cand)) < bestd) {
				bestd = d;
				memcpy(best, cand, n + 1);
			}
		}
		p += n;
	}
	return (bestd <= limit && bestd > 0 ? best : NULL);
}
