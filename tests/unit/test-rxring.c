/*
 * tests/unit/test-rxring.c - what a connection keeps of the bytes it
 * received (cli/obs/rxring.c, cli/obs/conns.c): the last recv_keep bytes
 * by stream offset, the older ones counted, searched across the ring's
 * seam; bounded memory however long the stream; and `save ... next`,
 * which writes every byte as it comes whatever is kept; past 1 MB a
 * ring is one mapping of its whole bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/obs/conns.h"
#include "cli/obs/rxring.h"
#include "cli/run/session.h"
#include "tests/tap.h"
#include "tests/unit/unitfix.h"
#include "tests/unit/vmflags.h"

static struct session	 s;

/* A byte of the stream at offset i: a pattern that does not repeat soon. */
static uint8_t
byte_at(uint64_t i)
{
	return ((uint8_t)((i * 2654435761u) >> 13));
}

/*
 * Against a model (the whole stream): appends of random sizes under a
 * bound that changes now and then; what is kept is always the stream's
 * last bytes, as many as the bound allows since it last shrank, read back
 * byte for byte, and the storage never passes the bound.
 */
static void
test_model(void)
{
	struct rxring	 r;
	uint8_t		 chunk[9000], back[9000];
	uint64_t	 total = 0, i, first = 0;
	size_t		 max = 5000, n, k, bad = 0, over = 0, wrong = 0, round;

	memset(&r, 0, sizeof r);
	srand(14);
	for (round = 0; round < 4000; round++) {
		if (round % 500 == 499)
			rxring_trim(&r, max = (size_t)(rand() % 8000));
		n = (size_t)(rand() % 9000);
		for (k = 0; k < n; k++)
			chunk[k] = byte_at(total + k);
		rxring_append(&r, chunk, n, max);
		total += n;
		/* A larger bound does not bring back what fell out. */
		if (total > max && total - max > first)
			first = total - max;
		if (r.total != total || rxring_first(&r) != first)
			wrong++;
		if (r.cap > max)
			over++;
		k = rxring_read(&r, first, back, sizeof back);
		if (k != total - first)
			wrong++;
		for (i = 0; i < k; i++)
			if (back[i] != byte_at(first + i))
				bad++;
	}
	is_int((int)wrong, 0, "4000 appends: the total and the first kept "
	    "offset always as the model says");
	is_int((int)bad, 0, "the kept bytes read back are the stream's last ones");
	is_int((int)over, 0, "the storage never passes the bound");
	rxring_free(&r);
}

/*
 * Past 1 MB a ring becomes one mapping of its whole bound: on a 2 MB
 * boundary, huge pages, kept from children; its bytes stay the stream's.
 */
static void
test_map(void)
{
	struct rxring	 r;
	static uint8_t	 chunk[65536];
	uint64_t	 total = 0;
	size_t		 k, bad = 0, cap = 0;
	uint8_t		 b, *d = NULL;

	memset(&r, 0, sizeof r);
	while (total < (6 << 20)) {
		for (k = 0; k < sizeof chunk; k++)
			chunk[k] = byte_at(total + k);
		rxring_append(&r, chunk, sizeof chunk, (size_t)4 << 20);
		total += sizeof chunk;
		if (total == (1536 << 10)) {
			cap = r.cap;
			d = r.d;
			ok(r.mapped, "at 1.5 MB of a 4 MB bound: a mapping");
		}
	}
	is_int((long long)cap, 4 << 20, "of the whole bound at once");
	ok(r.d == d, "never moved after (no copy at a doubling)");
	is_int((long long)((uintptr_t)r.d & ((2 << 20) - 1)), 0,
	    "on a 2 MB boundary");
	ok(vmflags_has(r.d, "dc"), "kept from children (VmFlags dc)");
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
		ok(vmflags_has(r.d + r.cap / 2, "hg"),
		    "asking for huge pages (VmFlags hg)");
	else
		diag("no transparent huge pages in this kernel: not checked");
	for (k = 0; k < 1000; k++) {
		if (rxring_read(&r, total - (4 << 20) + k * 4000, &b, 1) != 1 ||
		    b != byte_at(total - (4 << 20) + k * 4000))
			bad++;
	}
	is_int((int)bad, 0, "the kept 4 MB are the stream's last");
	rxring_trim(&r, 512 << 10);
	ok(!r.mapped && r.cap == (512 << 10) &&
	    rxring_read(&r, total - 1, &b, 1) == 1 && b == byte_at(total - 1),
	    "trimmed to 512 kB: malloc's again, the last bytes kept");
	rxring_free(&r);
}

/* Search: at or after an offset, across the ring's seam, not in lost bytes. */
static void
test_find(void)
{
	struct rxring	 r;
	uint64_t	 at = 0;
	const uint8_t	*p;
	size_t		 n;

	memset(&r, 0, sizeof r);
	rxring_append(&r, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxEND-ONE", 39, 4096);
	ok(rxring_find(&r, 0, "END-ONE", 7, &at) == 0 && at == 32,
	    "found at its stream offset (32)");
	ok(rxring_find(&r, 33, "END-ONE", 7, &at) != 0,
	    "not when the search starts past it");
	rxring_free(&r);

	/* A ring of 4096 filled to 4000, then 200 more: they wrap at 4096. */
	memset(&r, 0, sizeof r);
	{
		uint8_t	fill[4000];

		memset(fill, '.', sizeof fill);
		rxring_append(&r, fill, sizeof fill, 4096);
	}
	{
		const char *t = "......................................"
		    "........................................................"
		    "ACROSS-THE-SEAM";

		rxring_append(&r, t, strlen(t), 4096);
	}
	n = rxring_span(&r, rxring_first(&r), &p);
	ok(r.cap == 4096 && n < r.len, "the kept bytes wrap (%zu of %zu "
	    "together)", n, r.len);
	ok(rxring_find(&r, 0, "ACROSS-THE-SEAM", 15, &at) == 0 &&
	    at == 4000 + 94, "a text that straddles the seam is found (at %llu)",
	    (unsigned long long)at);
	ok(rxring_find(&r, 0, "S-THE", 5, &at) == 0 && at == 4000 + 94 + 5,
	    "and a part of it after the seam");
	ok(rxring_find(&r, 0, "nowhere", 7, &at) != 0, "an absent text is not");
	/* What fell out is not searched. */
	rxring_append(&r, "OLD-TEXT", 8, 4096);
	{
		uint8_t	fill[4096];

		memset(fill, '-', sizeof fill);
		rxring_append(&r, fill, sizeof fill, 4096);
	}
	ok(rxring_find(&r, 0, "OLD-TEXT", 8, &at) != 0 &&
	    rxring_first(&r) == r.total - 4096,
	    "a text that fell out is not found; the first kept offset moved on");
	rxring_free(&r);

	/* One append larger than the bound: its last bytes are kept. */
	memset(&r, 0, sizeof r);
	rxring_append(&r, "0123456789", 10, 4);
	ok(r.total == 10 && rxring_first(&r) == 6 &&
	    rxring_read(&r, 6, &at, 4) == 4 && memcmp(&at, "6789", 4) == 0,
	    "an append past the bound keeps its last bytes, counts the rest");
	rxring_trim(&r, 0);
	ok(r.len == 0 && r.cap == 0 && rxring_first(&r) == 10,
	    "a bound of 0 keeps nothing and counts everything");
	rxring_free(&r);
}

/* Publish n bytes of connection conn's stream from offset off. */
static void
data(unsigned conn, uint64_t off, size_t n)
{
	struct run_ev	r;
	uint8_t		buf[1448];
	size_t		i;

	for (i = 0; i < n; i++)
		buf[i] = byte_at(off + i);
	memset(&r, 0, sizeof r);
	r.type = RUN_DATA;
	r.conn = conn;
	r.data = buf;
	r.len = n;
	bus_publish(&s.bus, &r);
}

/* Publish connection conn's change to state to. */
static void
state(unsigned conn, enum tcp_state from, enum tcp_state to)
{
	struct timeval	tv = { 1, 0 };

	unitfix_state(&s.bus, conn, from, to, TCP_CAUSE_NONE, &tv, NULL);
}

/*
 * conns keeps the last recv_keep bytes of each stream however much comes
 * (the old code kept every byte: 200 MB here), and `save PATH next` writes
 * all of the next connection's stream to the file as it comes, ending
 * when the peer's FIN puts it in CLOSE-WAIT.
 */
static void
test_conns(void)
{
	struct conns		*c;
	struct conn_view	*v;
	struct tcp_cfg		 cfg;
	char			 path[] = "/tmp/test-rxring-XXXXXX";
	uint8_t			 buf[65536];
	uint64_t		 off = 0, bad = 0, i, got = 0;
	FILE			*f;
	size_t			 n;
	int			 fd;

	tcp_cfg_default(&cfg);
	s.st = stack_new(&cfg, 1);	/* (no connections: autoaccept asks) */
	c = conns_new(&s);
	is_int((int)conns_keep(c), CONNS_KEEP_DEFAULT, "recv_keep: 16 MB by "
	    "default");
	conns_set_keep(c, 1 << 20);
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "wb")) == NULL) {
		ok(0, "a temporary file");
		return;
	}
	conns_follow(c, 0, f, path, 0);
	ok(conns_following(c, 0) != NULL, "save next waits for a connection");
	state(7, TCP_SYN_SENT, TCP_ESTABLISHED);
	ok(conns_following(c, 0) == NULL && conns_following(c, 7) != NULL,
	    "the next connection established takes it");
	while (off < 200 * 1000 * 1000ULL) {	/* 200 MB, 1448 at a time */
		data(7, off, 1448);
		off += 1448;
	}
	v = conns_find(c, 7);
	ok(v->rx->ring.total == off && rxring_first(&v->rx->ring) == off - (1 << 20),
	    "200 MB received: the last 1 MB kept, the rest counted");
	ok(v->rx->ring.cap <= (1 << 20), "the ring holds at most recv_keep bytes "
	    "(%zu)", v->rx->ring.cap);
	state(7, TCP_ESTABLISHED, TCP_CLOSE_WAIT);
	ok(conns_following(c, 7) == NULL, "the peer's FIN ends the save");
	if ((f = fopen(path, "rb")) != NULL) {
		while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
			for (i = 0; i < n; i++)
				if (buf[i] != byte_at(got + i))
					bad++;
			got += n;
		}
		fclose(f);
	}
	ok(got == off && bad == 0, "the file holds every byte of the stream "
	    "(%llu of %llu, %llu wrong)", (unsigned long long)got,
	    (unsigned long long)off, (unsigned long long)bad);
	unlink(path);
	conns_set_keep(c, 1000);
	ok(v->rx->ring.cap <= 1000 && rxring_first(&v->rx->ring) == off - 1000,
	    "a smaller recv_keep trims what is kept at once");
	conns_free(c);
	stack_free(s.st);
}

int
main(void)
{
	test_model();
	test_map();
	test_find();
	test_conns();
	return (done_testing());
}
