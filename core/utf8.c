/*
 * core/utf8.c - columns and line breaks of UTF-8 text (see utf8.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"

/* A range of code points. */
struct cprange {
	uint32_t	lo;
	uint32_t	hi;
};

/* Wide and fullwidth (East_Asian_Width W and F, UAX #11), the blocks that matter. */
static const struct cprange wide[] = {
	{ 0x1100, 0x115f },	/* Hangul Jamo initials */
	{ 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 },
	{ 0x2e80, 0x303e },	/* CJK radicals, ideographic description, CJK symbols and punctuation */
	{ 0x3041, 0x33ff },	/* kana, bopomofo, Hangul compatibility, CJK compatibility */
	{ 0x3400, 0x4dbf },	/* CJK extension A */
	{ 0x4e00, 0x9fff },	/* CJK unified ideographs */
	{ 0xa000, 0xa4cf },	/* Yi */
	{ 0xa960, 0xa97f },	/* Hangul Jamo extended A */
	{ 0xac00, 0xd7a3 },	/* Hangul syllables */
	{ 0xf900, 0xfaff },	/* CJK compatibility ideographs */
	{ 0xfe10, 0xfe19 },	/* vertical forms */
	{ 0xfe30, 0xfe6f },	/* CJK compatibility forms, small forms */
	{ 0xff00, 0xff60 },	/* fullwidth forms */
	{ 0xffe0, 0xffe6 },
	{ 0x16fe0, 0x16fe4 }, { 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff },
	{ 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e },
	{ 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f },
	{ 0x1f680, 0x1f6ff }, { 0x1f900, 0x1f9ff }, { 0x1fa70, 0x1faff },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

/* Zero width: combining marks, joiners, variation selectors. */
static const struct cprange zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0x302a, 0x302f },
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

/* Closing punctuation no line may start with (UAX #14 CL, CP, EX, IS, NS, the common ones). */
static const uint32_t no_start[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015,
	0x3017, 0x3019, 0x301b, 0x30fb, 0xff01, 0xff09, 0xff0c, 0xff0e,
	0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d, 0x2019, 0x201d, 0x2026,
};

/* Opening punctuation no line may end with (UAX #14 OP, QU opening). */
static const uint32_t no_end[] = {
	'(', '[', '{', 0x3008, 0x300a, 0x300c, 0x300e, 0x3010, 0x3014,
	0x3016, 0x3018, 0x301a, 0xff08, 0xff3b, 0xff5b, 0x2018, 0x201c,
};

/* Whether cp is in one of the n sorted ranges r (binary search). */
static int
in_ranges(const struct cprange *r, size_t n, uint32_t cp)
{
	size_t	lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/* Whether cp is one of the n code points in list. */
static int
in_list(const uint32_t *list, size_t n, uint32_t cp)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (list[i] == cp)
			return (1);
	return (0);
}

/* Decode one character at s (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
size_t
utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 n, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return (1);
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xfffd;
		return (1);
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {	/* includes the NUL */
			*cp = 0xfffd;
			return (1);
		}
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return (1);
	}
	*cp = c;
	return (n);
}

/* Columns of cp: combining marks 0, wide and fullwidth 2, the rest 1. */
unsigned
utf8_cpwidth(uint32_t cp)
{
	if (cp < 0x300)
		return (1);
	if (in_ranges(zero, sizeof zero / sizeof zero[0], cp))
		return (0);
	if (in_ranges(wide, sizeof wide / sizeof wide[0], cp))
		return (2);
	return (1);
}

/* Columns of the first n bytes of s (n may end inside a character: its bytes count one each). */
unsigned
utf8_nwidth(const char *s, size_t n)
{
	unsigned	cols = 0;
	uint32_t	cp;
	size_t		i = 0, k;

	while (i < n && s[i] != '\0') {
		k = utf8_next(s + i, &cp);
		if (i + k > n) {	/* cut inside: a column per byte */
			k = 1;
			cp = 0xfffd;
		}
		cols += utf8_cpwidth(cp);
		i += k;
	}
	return (cols);
}

/* Columns of s. */
unsigned
utf8_width(const char *s)
{
	return (utf8_nwidth(s, (size_t)-1));
}

/* Longest start of s within max columns (a zero-width mark stays with its base). */
size_t
utf8_fit(const char *s, unsigned max, unsigned *cols)
{
	unsigned	c = 0, w;
	uint32_t	cp;
	size_t		i = 0, k;

	while (s[i] != '\0') {
		k = utf8_next(s + i, &cp);
		w = utf8_cpwidth(cp);
		if (c + w > max)
			break;
		c += w;
		i += k;
	}
	if (cols != NULL)
		*cols = c;
	return (i);
}

/* A line may break between a and b: after a blank, or where either is wide (UAX #14 ID), unless punctuation forbids. */
int
utf8_can_break(uint32_t a, uint32_t b)
{
	if (b == ' ')
		return (0);		/* the break comes after the blank */
	if (a == ' ')
		return (1);
	if (in_list(no_start, sizeof no_start / sizeof no_start[0], b) ||
	    in_list(no_end, sizeof no_end / sizeof no_end[0], a))
		return (0);
	return (utf8_cpwidth(a) == 2 || utf8_cpwidth(b) == 2);
}

/* The next line of s within width columns, broken where allowed. */
size_t
utf8_line(const char *s, unsigned width, unsigned *cols)
{
	unsigned	c = 0, w, bcols = 0, ecols;
	uint32_t	cp, prev = 0;
	size_t		i = 0, k, brk = 0, end;

	while (s[i] != '\0') {
		k = utf8_next(s + i, &cp);
		if (i > 0 && utf8_can_break(prev, cp)) {
			brk = i;
			bcols = c;
		}
		w = utf8_cpwidth(cp);
		if (c + w > width)
			break;
		c += w;
		i += k;
		prev = cp;
	}
	if (s[i] == '\0' || cp == ' ' || brk == 0) {
		end = i;
		ecols = c;
		if (end == 0 && s[0] != '\0') {	/* wider than the line: one character */
			end = utf8_next(s, &cp);
			ecols = utf8_cpwidth(cp);
		}
	} else {
		end = brk;
		ecols = bcols;
	}
	/* No blanks at the end of a line. */
	while (end > 0 && s[end - 1] == ' ') {
		end--;
		ecols--;
	}
	if (cols != NULL)
		*cols = ecols;
	return (end);
}
