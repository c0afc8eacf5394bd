/*
 * tests/unit/test-syncookie.c - SYN cookies (RFC 4987 §3.6) in
 * core/syncookie.c: the MSS round trip through the table, IPv4 and IPv6,
 * the age window (0-2 ticks good, 3 or the future bad), and forgeries:
 * one-bit flips, another tuple, peer ISN or key, and random guesses.
 */
#include <stdio.h>
#include <string.h>

#include "core/syncookie.h"
#include "tests/tap.h"

#define P	SYNCOOKIE_PERIOD

static const uint64_t key_a[2] = {
	0x0123456789abcdefULL, 0xfedcba9876543210ULL
};
static const uint64_t key_b[2] = {
	0x0123456789abcdefULL, 0xfedcba9876543211ULL
};

/* Times of day to make cookies at (µs): tick 0, mid-tick, count-byte wrap. */
static const uint64_t times[] = {
	0, 12345678, 255 * P + 5, 256 * P, 1000 * P - 1, (1ULL << 50) + 77
};
#define NTIMES	(sizeof times / sizeof times[0])

static struct endpoint	EP(int, uint8_t, uint16_t);
static uint64_t	rnd(uint64_t *);
static int	forgeries_of(const struct endpoint *, const struct endpoint *,
		    uint32_t, uint16_t, uint64_t);
static void	test_mss(int);
static void	test_age(void);
static void	test_flips(void);
static void	test_other_input(void);
static void	test_random(void);
static void	test_wrap(void);

/* An endpoint of the given family whose address ends in last, at port. */
static struct endpoint
EP(int family, uint8_t last, uint16_t port)
{
	struct endpoint	e;

	memset(&e, 0, sizeof e);
	e.addr.family = (uint8_t)family;
	if (family == 4) {
		e.addr.a[0] = 10, e.addr.a[1] = 0, e.addr.a[2] = 0;
		e.addr.a[3] = last;
	} else {
		e.addr.a[0] = 0xfd, e.addr.a[1] = 0x00;
		e.addr.a[15] = last;
	}
	e.port = port;
	return (e);
}

/* The next number from a seeded splitmix64 generator. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t	z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* How many one-bit flips of a cookie made at t pass at t, t+P and t+2P. */
static int
forgeries_of(const struct endpoint *l, const struct endpoint *r,
    uint32_t isn, uint16_t mss, uint64_t t)
{
	uint32_t	c;
	int		bit, age, n = 0;

	c = syncookie_make(key_a, l, r, isn, mss, t, NULL);
	for (age = 0; age <= SYNCOOKIE_MAXAGE; age++) {
		for (bit = 0; bit < 32; bit++) {
			if (syncookie_check(key_a, l, r, isn,
			    c ^ (1U << bit), t + (uint64_t)age * P) != 0)
				n++;
		}
	}
	return (n);
}

/* Every MSS, table value or between, comes back as its table value. */
static void
test_mss(int family)
{
	static const struct {
		uint16_t	mss, want;
	} cases[] = {
		{ 0, 536 }, { 1, 536 }, { 535, 536 }, { 536, 536 },
		{ 537, 536 }, { 1299, 536 }, { 1300, 1300 }, { 1301, 1300 },
		{ 1439, 1300 }, { 1440, 1440 }, { 1441, 1440 }, { 1459, 1440 },
		{ 1460, 1460 }, { 1461, 1460 }, { 9000, 1460 }, { 65535, 1460 },
	};
	struct endpoint	l = EP(family, 1, 80), r = EP(family, 2, 40000);
	size_t		i, j;
	uint16_t	used, got;
	uint32_t	c;
	int		bad_used, bad_back;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bad_used = bad_back = 0;
		for (j = 0; j < NTIMES; j++) {
			used = 0;
			c = syncookie_make(key_a, &l, &r, 0x12345678 + (uint32_t)j,
			    cases[i].mss, times[j], &used);
			if (used != cases[i].want)
				bad_used++;
			got = syncookie_check(key_a, &l, &r,
			    0x12345678 + (uint32_t)j, c, times[j]);
			if (got != cases[i].want) {
				diag("t=%llu: got %u", (unsigned long long)times[j],
				    got);
				bad_back++;
			}
		}
		ok(bad_used == 0, "IPv%d mss %u: mss_used %u at %zu times",
		    family, cases[i].mss, cases[i].want, NTIMES);
		ok(bad_back == 0, "IPv%d mss %u: check returns %u at %zu times",
		    family, cases[i].mss, cases[i].want, NTIMES);
	}
	c = syncookie_make(key_a, &l, &r, 7, 1460, 0, NULL);
	ok(c != syncookie_make(key_a, &l, &r, 7, 536, 0, NULL),
	    "IPv%d: the MSS changes the cookie", family);
}

/* Cookies are good for 0, 1 and 2 ticks, bad at 3 and from the future. */
static void
test_age(void)
{
	struct endpoint	l = EP(4, 1, 80), r = EP(4, 2, 40000);
	uint64_t	t;
	uint32_t	c;
	size_t		j;
	int		age, bad[6];

	memset(bad, 0, sizeof bad);
	for (j = 0; j < NTIMES; j++) {
		t = times[j];
		c = syncookie_make(key_a, &l, &r, 99, 1440, t, NULL);
		for (age = 0; age <= 2; age++) {
			if (syncookie_check(key_a, &l, &r, 99, c,
			    t + (uint64_t)age * P) != 1440)
				bad[age]++;
		}
		/* The last µs of age 2 is good, the first of age 3 is not. */
		t = (t / P) * P;
		if (syncookie_check(key_a, &l, &r, 99, c, t + 3 * P - 1) !=
		    1440)
			bad[2]++;
		if (syncookie_check(key_a, &l, &r, 99, c, t + 3 * P) != 0)
			bad[3]++;
		if (syncookie_check(key_a, &l, &r, 99, c, t + 10 * P) != 0 ||
		    syncookie_check(key_a, &l, &r, 99, c, t + 255 * P) != 0 ||
		    syncookie_check(key_a, &l, &r, 99, c, t + 256 * P) != 0 ||
		    syncookie_check(key_a, &l, &r, 99, c, t + 257 * P) != 0)
			bad[4]++;
		/* Made one or two ticks later than now: from the future. */
		c = syncookie_make(key_a, &l, &r, 99, 1440, t + P, NULL);
		if (syncookie_check(key_a, &l, &r, 99, c, t) != 0)
			bad[5]++;
		c = syncookie_make(key_a, &l, &r, 99, 1440, t + 2 * P, NULL);
		if (syncookie_check(key_a, &l, &r, 99, c, t) != 0)
			bad[5]++;
	}
	is_int(bad[0], 0, "age 0 ticks: valid");
	is_int(bad[1], 0, "age 1 tick: valid");
	is_int(bad[2], 0, "age 2 ticks: valid, to its last µs");
	is_int(bad[3], 0, "age 3 ticks: rejected from its first µs");
	is_int(bad[4], 0, "ages 10, 255, 256 (count byte wraps), 257: rejected");
	is_int(bad[5], 0, "cookies from 1 or 2 ticks in the future: rejected");
}

/* No one-bit change of a real cookie passes, whatever its MSS index. */
static void
test_flips(void)
{
	static const uint16_t mss[] = { 536, 1300, 1440, 1460 };
	struct endpoint	l4 = EP(4, 1, 80), r4 = EP(4, 2, 40000);
	struct endpoint	l6 = EP(6, 1, 443), r6 = EP(6, 2, 51000);
	uint64_t	s = 1;
	size_t		i, j;
	int		k, n4 = 0, n6 = 0, tried = 0;

	for (i = 0; i < 4; i++) {
		for (j = 0; j < NTIMES; j++) {
			for (k = 0; k < 8; k++) {
				uint32_t isn = (uint32_t)rnd(&s);

				n4 += forgeries_of(&l4, &r4, isn, mss[i],
				    times[j]);
				n6 += forgeries_of(&l6, &r6, isn, mss[i],
				    times[j]);
				tried += 2 * 32 * (SYNCOOKIE_MAXAGE + 1);
			}
		}
	}
	diag("%d one-bit flips tried", tried);
	is_int(n4, 0, "IPv4: every one-bit flip, every MSS, age 0-2: rejected");
	is_int(n6, 0, "IPv6: every one-bit flip, every MSS, age 0-2: rejected");
}

/* A cookie is bound to its ports, addresses, family, peer ISN and key. */
static void
test_other_input(void)
{
	static const int32_t isn_delta[] = {
		1, -1, 2, -2, 3, -3, 4, 0x1000000, -0x1000000, 0x2000000,
		0x55555, INT32_MIN
	};
	struct endpoint	l, r, x;
	uint64_t	s = 2, t, k2[2];
	uint32_t	c, isn;
	size_t		i;
	int		trial, nport = 0, naddr = 0, nfam = 0, nswap = 0,
			nisn = 0, nkey = 0, ncookie = 0;

	for (trial = 0; trial < 200; trial++) {
		int fam = trial % 2 ? 6 : 4;

		l = EP(fam, 1, 80);
		r = EP(fam, (uint8_t)(2 + trial), (uint16_t)(32768 + trial));
		isn = (uint32_t)rnd(&s);
		t = times[trial % NTIMES];
		c = syncookie_make(key_a, &l, &r, isn, 1460, t, NULL);
		if (syncookie_check(key_a, &l, &r, isn, c, t) != 1460)
			diag("trial %d: real cookie rejected", trial);

		x = l, x.port++;
		nport += syncookie_check(key_a, &x, &r, isn, c, t) != 0;
		x = r, x.port ^= 1;
		nport += syncookie_check(key_a, &l, &x, isn, c, t) != 0;
		x = r, x.port = 0;
		nport += syncookie_check(key_a, &l, &x, isn, c, t) != 0;

		for (i = 0; i < 16; i++) {
			x = r, x.addr.a[i] ^= 0x80;
			naddr += syncookie_check(key_a, &l, &x, isn, c, t) != 0;
			x = l, x.addr.a[i] ^= 0x01;
			naddr += syncookie_check(key_a, &x, &r, isn, c, t) != 0;
		}
		x = r, x.addr.family = fam == 4 ? 6 : 4;
		nfam += syncookie_check(key_a, &l, &x, isn, c, t) != 0;
		nswap += syncookie_check(key_a, &r, &l, isn, c, t) != 0;

		for (i = 0; i < sizeof isn_delta / sizeof isn_delta[0]; i++)
			nisn += syncookie_check(key_a, &l, &r,
			    isn + (uint32_t)isn_delta[i], c, t) != 0;

		nkey += syncookie_check(key_b, &l, &r, isn, c, t) != 0;
		k2[0] = key_a[0] ^ (1ULL << (trial % 64)), k2[1] = key_a[1];
		nkey += syncookie_check(k2, &l, &r, isn, c, t) != 0;

		/* Adding a small number to a real cookie: another MSS? */
		for (i = 1; i <= 3; i++) {
			ncookie += syncookie_check(key_a, &l, &r, isn,
			    c + (uint32_t)i, t) != 0;
			ncookie += syncookie_check(key_a, &l, &r, isn,
			    c - (uint32_t)i, t) != 0;
		}
	}
	is_int(nport, 0, "another local or remote port: rejected (600 tries)");
	is_int(naddr, 0, "another local or remote address: rejected (6400 tries)");
	is_int(nfam, 0, "the same bytes as another family: rejected");
	is_int(nswap, 0, "local and remote swapped: rejected");
	is_int(nisn, 0, "another peer ISN (±1..4, ±2^24, ...): rejected");
	is_int(nkey, 0, "another key, or one key bit flipped: rejected");
	is_int(ncookie, 0, "a real cookie ±1..3: rejected");
}

/* Random guesses pass about 3/256 * 4/2^24 of the time: never, here. */
static void
test_random(void)
{
	struct endpoint	l = EP(4, 1, 80), r = EP(4, 2, 40000);
	struct endpoint	l6 = EP(6, 1, 80), r6 = EP(6, 2, 40000);
	uint64_t	s = 3, t = 5000 * P + 17;
	uint32_t	c, isn = 0xdeadbeef;
	int		i, n = 0, n6 = 0, nkey = 0, nsame = 0;
	uint64_t	k[2];

	for (i = 0; i < 10000; i++) {
		c = (uint32_t)rnd(&s);
		n += syncookie_check(key_a, &l, &r, isn, c, t) != 0;
		n6 += syncookie_check(key_a, &l6, &r6, isn, c, t) != 0;
	}
	ok(n <= 2, "IPv4: %d of 10000 random cookies pass (<= 2)", n);
	ok(n6 <= 2, "IPv6: %d of 10000 random cookies pass (<= 2)", n6);

	/* Only the top byte right (the age window): still the 24-bit odds. */
	c = syncookie_make(key_a, &l, &r, isn, 1460, t, NULL);
	for (i = 0; i < 10000; i++) {
		uint32_t g = (c & 0xff000000U) | ((uint32_t)rnd(&s) & 0xffffff);

		if (g != c)
			nsame += syncookie_check(key_a, &l, &r, isn, g, t) != 0;
	}
	ok(nsame <= 2, "%d of 10000 guesses of the low 24 bits pass (<= 2)",
	    nsame);

	/* A cookie made under 10000 random keys, checked under key_a. */
	for (i = 0; i < 10000; i++) {
		k[0] = rnd(&s), k[1] = rnd(&s);
		c = syncookie_make(k, &l, &r, isn, 536, t, NULL);
		nkey += syncookie_check(key_a, &l, &r, isn, c, t) != 0;
	}
	ok(nkey <= 2, "%d of 10000 cookies under random keys pass (<= 2)", nkey);
}

/* Peer ISNs and cookies near 2^32 wrap and still check, as SEG.SEQ/ACK. */
static void
test_wrap(void)
{
	static const uint32_t isns[] = {
		0xffffffffU, 0xfffffffeU, 0xffffff00U, 0xff000000U, 0, 1
	};
	struct endpoint	l = EP(6, 1, 22), r = EP(6, 9, 60999);
	uint32_t	c, isn, seg_seq, seg_ack;
	size_t		i, j;
	int		bad = 0, bad_flip = 0, wrapped = 0;
	uint16_t	got;

	for (i = 0; i < sizeof isns / sizeof isns[0]; i++) {
		for (j = 0; j < NTIMES; j++) {
			c = syncookie_make(key_a, &l, &r, isns[i], 1300,
			    times[j], NULL);
			/* The ACK of our SYN-ACK: SEG.SEQ = isn + 1, ACK = c + 1. */
			seg_seq = isns[i] + 1;
			seg_ack = c + 1;
			wrapped += seg_seq == 0 || seg_ack == 0;
			got = syncookie_check(key_a, &l, &r, seg_seq - 1,
			    seg_ack - 1, times[j] + P);
			if (got != 1300)
				bad++;
			bad_flip += forgeries_of(&l, &r, isns[i], 1300,
			    times[j]) != 0;
		}
	}
	is_int(bad, 0, "peer ISNs near 2^32: SEG.SEQ - 1 and SEG.ACK - 1 check");
	ok(wrapped > 0, "some SEG.SEQ wrapped to 0 (%d)", wrapped);
	is_int(bad_flip, 0, "peer ISNs near 2^32: one-bit flips rejected");

	/* The cookie moves with the peer ISN: pick one whose cookie is ~0. */
	c = syncookie_make(key_a, &l, &r, 0, 1460, 0, NULL);
	isn = 0xffffffffU - c;
	c = syncookie_make(key_a, &l, &r, isn, 1460, 0, NULL);
	seg_ack = c + 1;
	got = syncookie_check(key_a, &l, &r, isn, seg_ack - 1, 0);
	ok(c == 0xffffffffU && seg_ack == 0 && got == 1460,
	    "a cookie of 0xffffffff (SEG.ACK 0) checks");
}

/* Run every group of checks and print the TAP plan. */
int
main(void)
{
	test_mss(4);
	test_mss(6);
	test_age();
	test_flips();
	test_other_input();
	test_random();
	test_wrap();
	return (done_testing());
}
