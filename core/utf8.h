/*
 * core/utf8.h - UTF-8 text as a terminal shows it: characters decoded one at
 * a time (bad bytes count as one column each, never crash), the columns each
 * takes (two for East Asian wide and fullwidth characters, Unicode's UAX #11,
 * none for combining marks), and where a line may break (at blanks, and
 * between ideographs, as UAX #14 allows, but not before closing punctuation
 * or after opening punctuation).  Independent of the locale, so that widths
 * are the same in every test.
 */
#ifndef TCPX_CORE_UTF8_H
#define TCPX_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the character at s (not at its NUL) into *cp; returns its bytes (1 for a bad byte, cp U+FFFD). */
size_t		utf8_next(const char *s, uint32_t *cp);
/* Columns character cp takes: 0, 1 or 2. */
unsigned	utf8_cpwidth(uint32_t cp);
/* Columns string s takes. */
unsigned	utf8_width(const char *s);
/* Columns the first n bytes of s take. */
unsigned	utf8_nwidth(const char *s, size_t n);
/* Bytes of the longest start of s within max columns; its columns in *cols (may be NULL). */
size_t		utf8_fit(const char *s, unsigned max, unsigned *cols);
/* Whether a line may break between a and b (one of them wide, or a blank between). */
int		utf8_can_break(uint32_t a, uint32_t b);
/*
 * Bytes of s that start the next line of at most width columns, broken
 * where a line may break (or cut where none fits); *cols gets its columns.
 * Leading blanks are not skipped; the caller skips blanks after the line.
 */
size_t		utf8_line(const char *s, unsigned width, unsigned *cols);

#endif
