/*
 * tests/unit/test-knobs.c - the settings (core/knobs.c): every knob's
 * limits fit the field that holds it, values past a limit or past what a
 * number can hold are refused and never wrap, and the refusal speaks in
 * the setting's own unit.
 */
#include <stdio.h>
#include <string.h>

#include "core/nearest.h"
#include "core/tcp.h"
#include "tests/tap.h"

/* Set name to text in a fresh default config; the return of tcp_knob_set. */
static int
try_set(struct tcp_cfg *c, const char *name, const char *text, char *err,
    size_t len)
{
	tcp_cfg_default(c);
	err[0] = '\0';
	return (tcp_knob_set(c, name, text, err, len));
}

int
main(void)
{
	static const char	*huge[] = { "99999999999999s", "1e300s", "inf",
				    "nan", "18446744073709551616us",
				    "99999999999999999999h" };
	static const char	*bignum[] = { "4294967296",
				    "18446744073709551616",
				    "99999999999999999999999", "0x10000000000000000" };
	const struct tcp_knob	*k;
	struct tcp_cfg		 c;
	char			 err[160], v[32], text[64];
	unsigned long long	 max;
	size_t			 i, j, n;

	/* Every limit fits the field, and the highest value round-trips. */
	k = tcp_knobs(&n);
	for (i = 0; i < n; i++) {
		max = k[i].size >= 8 ? ~0ULL : (1ULL << (8 * k[i].size)) - 1;
		ok(k[i].lo <= k[i].hi && k[i].hi <= max,
		    "%s: limits %llu-%llu fit its %zu-byte field", k[i].name,
		    k[i].lo, k[i].hi, k[i].size);
		if (k[i].type == KNOB_BOOL)
			continue;
		if (k[i].type == KNOB_TIME)
			tcp_time_format(k[i].hi, text, sizeof text);
		else
			snprintf(text, sizeof text, "%llu", k[i].hi);
		if (strcmp(k[i].name, "port_lo") == 0)
			continue;	/* port_lo > port_hi swaps the two */
		is_int(try_set(&c, k[i].name, text, err, sizeof err), 0,
		    "%s: its highest value %s is taken (%s)", k[i].name, text,
		    err);
		is_str(tcp_knob_get(&k[i], &c, v, sizeof v), text,
		    "%s: and shown as %s", k[i].name, text);
	}

	/* Durations too large for any field are refused, never wrapped. */
	k = tcp_knobs(&n);
	for (i = 0; i < n; i++) {
		if (k[i].type != KNOB_TIME)
			continue;
		for (j = 0; j < sizeof huge / sizeof huge[0]; j++) {
			tcp_cfg_default(&c);
			ok(try_set(&c, k[i].name, huge[j], err,
			    sizeof err) == -1, "%s %s: refused (%s)",
			    k[i].name, huge[j], err);
		}
	}
	tcp_cfg_default(&c);
	tcp_knob_set(&c, "time_wait", "5s", err, sizeof err);
	tcp_knob_set(&c, "time_wait", "99999999999999s", err, sizeof err);
	is_int(c.time_wait, 5000000ULL,
	    "a refused time_wait leaves the old value (5 s), not 0");

	/* Numbers too large for a field are refused. */
	for (i = 0; i < n; i++) {
		if (k[i].type != KNOB_UINT)
			continue;
		for (j = 0; j < sizeof bignum / sizeof bignum[0]; j++)
			ok(try_set(&c, k[i].name, bignum[j], err,
			    sizeof err) == -1 && strstr(err, "outside") != NULL,
			    "%s %s: refused as out of range (%s)", k[i].name,
			    bignum[j], err);
		snprintf(text, sizeof text, "%llu", k[i].hi + 1);
		ok(try_set(&c, k[i].name, text, err, sizeof err) == -1,
		    "%s %s: one past the top is refused (%s)", k[i].name, text,
		    err);
	}

	/* The refusal is in the setting's unit, not in microseconds. */
	try_set(&c, "time_wait", "99999999999999s", err, sizeof err);
	is_str(err, "time_wait: 99999999999999s is outside 0s-86400s",
	    "time_wait: the range is said in seconds");
	try_set(&c, "rto.init", "100us", err, sizeof err);
	is_str(err, "rto.init: 100us is outside 1ms-600s",
	    "rto.init: the range is said in ms and s");
	try_set(&c, "ttl", "256", err, sizeof err);
	is_str(err, "ttl: 256 is outside 1-255", "ttl: a plain number range");
	try_set(&c, "time_wait", "soon", err, sizeof err);
	is_str(err, "time_wait: \"soon\" is not a duration (e.g. 200ms, 60s, 2m)",
	    "a word is not a duration");

	/* Numbers are decimal (or 0x hex): 010 is ten, not eight. */
	try_set(&c, "ttl", "010", err, sizeof err);
	is_int(c.ttl, 10, "ttl 010 is ten");
	try_set(&c, "isn", "0xffffffff", err, sizeof err);
	is_int(c.isn, 0xffffffffU, "isn takes 0x hex");

	/* Durations: units, fractions and rounding to the µs. */
	try_set(&c, "time_wait", "1.5s", err, sizeof err);
	is_int(c.time_wait, 1500000, "1.5s is 1500 ms");
	try_set(&c, "time_wait", "2m", err, sizeof err);
	is_int(c.time_wait, 120000000ULL, "2m is 120 s");
	is_int(try_set(&c, "time_wait", "24h", err, sizeof err), 0,
	    "24h is the most TIME-WAIT takes");
	is_int(try_set(&c, "time_wait", "24.0001h", err, sizeof err), -1,
	    "just past 24h is refused");

	/* Did you mean: a typo away, or nothing. */
	tcp_knob_unknown("tim_wait", err, sizeof err);
	is_str(err, "unknown setting \"tim_wait\" (did you mean \"time_wait\"? "
	    "see show)", "a setting a letter short: suggested");
	tcp_knob_unknown("bogus", err, sizeof err);
	is_str(err, "unknown setting \"bogus\" (see show)",
	    "nothing near: no suggestion");
	is_int(nearest_distance("sack", "scak"), 1, "a swap is one edit");
	is_int(nearest_distance("ABC", "abc"), 0, "case is ignored");
	is_str(nearest_word("conect", "connect close conns"), "connect",
	    "conect -> connect");
	ok(nearest_word("xy", "on off in") == NULL,
	    "xy: nothing within one edit");
	ok(nearest_word("frobnicate", "connect close conns") == NULL,
	    "far from everything: none");
	is_str(nearest_word("stp", "step stop"), "step",
	    "a tie goes to the first candidate");
	return (done_testing());
}
