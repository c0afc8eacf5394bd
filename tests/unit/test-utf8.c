/*
 * tests/unit/test-utf8.c - columns and line breaks of UTF-8 text
 * (core/utf8.c): ASCII one column, CJK two, combining marks none, bad
 * bytes one each and never read past the NUL; lines broken at blanks and
 * between ideographs, never before a closing mark; random bytes never
 * loop or overrun.
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "tests/tap.h"

/* Split s into lines of width columns; each line's bytes joined by '|' into out. */
static void
lines(const char *s, unsigned width, char *out, size_t len)
{
	size_t		n, o = 0;
	unsigned	cols;

	out[0] = '\0';
	while (*s == ' ')
		s++;
	while (*s != '\0') {
		n = utf8_line(s, width, &cols);
		if (o > 0 && o + 1 < len)
			out[o++] = '|';
		if (o + n + 1 > len)
			break;
		memcpy(out + o, s, n);
		o += n;
		out[o] = '\0';
		s += n;
		while (*s == ' ')
			s++;
	}
}

int
main(void)
{
	uint32_t	cp;
	char		buf[512], r[64];
	unsigned	cols, i, j;
	size_t		n;

	is_int(utf8_width("hello"), 5, "ASCII: a column each");
	is_int(utf8_width("\xe4\xb8\xad\xe6\x96\x87"), 4, "two ideographs: 4");
	is_int(utf8_width("TCP \xe5\xa4\xb4\xe9\x83\xa8"), 8, "mixed: 4 + 4");
	is_int(utf8_width("e\xcc\x81"), 1, "a combining accent takes none");
	is_int(utf8_width("\xef\xbc\x8c"), 2, "fullwidth comma: 2");
	is_int(utf8_width("\xe2\x94\x82"), 1, "box drawing: 1");
	is_int(utf8_width("\xff\xfe"), 2, "bad bytes: one column each");
	is_int(utf8_width("\xe4\xb8"), 2, "a cut character: its bytes, one each");
	is_int(utf8_nwidth("\xe4\xb8\xad\xe6\x96\x87", 4), 3,
	    "the first 4 bytes: one ideograph and a cut byte");
	is_int((int)utf8_next("\xc0\x80", &cp), 1, "overlong NUL refused");
	is_int((int)cp, 0xfffd, "as U+FFFD");
	is_int((int)utf8_next("\xed\xa0\x80", &cp), 1, "surrogate refused");
	is_int((int)utf8_next("\xf4\x90\x80\x80", &cp), 1, "above U+10FFFF refused");
	is_int((int)utf8_next("\xf0\x9f\x98\x80", &cp), 4, "4-byte emoji");
	is_int(utf8_cpwidth(cp), 2, "which is wide");

	n = utf8_fit("\xe4\xb8\xad\xe6\x96\x87", 3, &cols);
	ok(n == 3 && cols == 2, "fit in 3 columns: one ideograph (%zu, %u)",
	    n, cols);
	n = utf8_fit("ab\xe4\xb8\xad", 10, &cols);
	ok(n == 5 && cols == 4, "fit all (%zu, %u)", n, cols);

	lines("the quick brown fox", 10, buf, sizeof buf);
	is_str(buf, "the quick|brown fox", "English breaks at blanks");
	lines("abcdefghijkl", 5, buf, sizeof buf);
	is_str(buf, "abcde|fghij|kl", "a word wider than the line is cut");
	/* 三次握手，为了同步序列号。 : 13 characters, 26 columns */
	lines("\xe4\xb8\x89\xe6\xac\xa1\xe6\x8f\xa1\xe6\x89\x8b\xef\xbc\x8c"
	    "\xe4\xb8\xba\xe4\xba\x86\xe5\x90\x8c\xe6\xad\xa5\xe5\xba\x8f"
	    "\xe5\x88\x97\xe5\x8f\xb7\xe3\x80\x82", 8, buf, sizeof buf);
	is_str(buf, "\xe4\xb8\x89\xe6\xac\xa1\xe6\x8f\xa1|"
	    "\xe6\x89\x8b\xef\xbc\x8c\xe4\xb8\xba\xe4\xba\x86|"
	    "\xe5\x90\x8c\xe6\xad\xa5\xe5\xba\x8f\xe5\x88\x97|"
	    "\xe5\x8f\xb7\xe3\x80\x82",
	    "Chinese breaks between ideographs, the comma kept with its word");
	lines("SYN \xe6\x8a\xa5\xe6\x96\x87 and ACK", 7, buf, sizeof buf);
	is_str(buf, "SYN \xe6\x8a\xa5|\xe6\x96\x87 and|ACK",
	    "mixed text breaks at blanks and ideographs");
	lines("\xe2\x80\x9c" "ab\xe2\x80\x9d", 2, buf, sizeof buf);
	ok(strlen(buf) > 0, "a line never stalls on punctuation");

	/* Random bytes: every line advances, nothing read past the NUL. */
	srand(1);
	for (i = 0; i < 20000; i++) {
		unsigned len = (unsigned)(rand() % 40), w = 1 + (unsigned)(rand() % 12);
		char *s = malloc(len + 1);
		const char *p = s;
		int guard = 0;

		for (j = 0; j < len; j++)
			s[j] = (char)(rand() % 4 == 0 ? ' ' : 0x80 + rand() % 128 - (rand() % 2) * 0x60);
		s[len] = '\0';
		while (*p != '\0' && guard++ <= (int)len + 1) {
			while (*p == ' ')
				p++;
			if (*p == '\0')
				break;
			n = utf8_line(p, w, &cols);
			if (n == 0 || cols > (w > 2 ? w : 2))
				break;
			p += n;
		}
		j = *p != '\0' && guard <= (int)len + 1;
		if (j)
			diag("stalled at byte %zu of %u, width %u", (size_t)(p - s), len, w);
		free(s);
		if (j) {
			snprintf(r, sizeof r, "input %u stalled", i);
			ok(0, "%s", r);
			break;
		}
	}
	ok(i == 20000, "20000 random strings broken into lines, every line advancing");
	return (done_testing());
}
