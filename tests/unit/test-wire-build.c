/*
 * tests/unit/test-wire-build.c - wire_build() gives back every golden frame
 * byte for byte, computes lengths and checksums (or keeps them when asked),
 * and the option and checksum helpers do what wire.h says (wire_sum also
 * against a plain 16-bit RFC 1071 loop on random input).  A frame built
 * with its sums computed decodes with wire_decode_built() to the very pkt
 * wire_decode() gives (every golden frame rebuilt, random segments).
 * seg_copy() and wire_tcphdr_copy() copy every field and the options in
 * use, and leave the slots past them alone; seg_clear() zeroes all but the
 * option slots.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/seg.h"
#include "tests/tap.h"
#include "tests/unit/test-wire-vectors.h"

static int	 has_partial(const struct pkt *p);
static void	 test_round_trip(const struct wvec *v);
static void	 test_fix_cksum(const char *name, size_t at, const char *what);
static void	 test_lengths(void);
static void	 test_links(void);
static void	 test_from_seg(void);
static void	 test_tcpopt(void);
static void	 test_sums(void);
static uint32_t	 ref_sum(const uint8_t *b, size_t len, uint32_t sum);
static uint64_t	 rnd(uint64_t *state);
static void	 rnd_fill(uint8_t *b, size_t len, uint64_t *state);
static void	 test_sums_random(void);
static void	 test_errors(void);
static int	 built_same(const uint8_t *b, size_t len);
static void	 test_decode_built(void);
static void	 test_copy(void);

/* Whether p holds a checksum TX offload left unfinished. */
static int
has_partial(const struct pkt *p)
{
	return (p->tcp.cksum_ok == CK_PARTIAL ||
	    p->udp.cksum_ok == CK_PARTIAL || p->icmp.cksum_ok == CK_PARTIAL);
}

/*
 * Decode then build v: with lengths and sums kept it is the same bytes;
 * computed, too, unless offload left a sum unfinished, which is finished.
 */
static void
test_round_trip(const struct wvec *v)
{
	uint8_t		*c = wvec_dup(v->b, v->len), out[2048];
	struct pkt	 p, q;
	char		 err[WIRE_ERRLEN];
	ssize_t		 n;

	if (wire_decode(&p, v->dlt, c, v->len, v->len) != 0) {
		ok(0, "%s: decodes for the round trip (%s)", v->name, p.err);
		free(c);
		return;
	}
	n = wire_build(&p, WIRE_KEEP_LEN | WIRE_KEEP_CKSUM, out, sizeof out,
	    err, sizeof err);
	ok(n == (ssize_t)v->len && memcmp(out, v->b, v->len) == 0,
	    "%s: build with lengths and sums kept is byte-identical", v->name);
	n = wire_build(&p, 0, out, sizeof out, err, sizeof err);
	if (!has_partial(&p)) {
		if (!ok(n == (ssize_t)v->len && memcmp(out, v->b, v->len) == 0,
		    "%s: build computing lengths and sums is byte-identical",
		    v->name))
			diag("n %zd, err \"%s\"", n, err);
	} else {
		ok(n == (ssize_t)v->len && wire_decode(&q, v->dlt, out,
		    (size_t)n, (size_t)n) == 0 && !has_partial(&q) &&
		    (q.tcp.cksum_ok == CK_OK || q.udp.cksum_ok == CK_OK),
		    "%s: build finishes the offloaded checksum", v->name);
	}
	free(c);
}

/* Corrupt one byte of a checksum: decode says bad, build fixes or keeps. */
static void
test_fix_cksum(const char *name, size_t at, const char *what)
{
	const struct wvec	*v = wvec_get(name);
	uint8_t			*c = wvec_dup(v->b, v->len), out[2048];
	struct pkt		 p;
	ssize_t			 n;
	int			 verdict;

	c[at] ^= 0x5a;
	wire_decode(&p, v->dlt, c, v->len, v->len);
	if (strcmp(what, "ip") == 0)
		verdict = p.ip4.cksum_ok;
	else if (p.layers & PKT_TCP)
		verdict = p.tcp.cksum_ok;
	else if (p.layers & PKT_UDP)
		verdict = p.udp.cksum_ok;
	else
		verdict = p.icmp.cksum_ok;
	is_int(verdict, CK_BAD, "%s: corrupt %s checksum is CK_BAD", name,
	    what);
	n = wire_build(&p, 0, out, sizeof out, NULL, 0);
	ok(n == (ssize_t)v->len && memcmp(out, v->b, v->len) == 0,
	    "%s: build recomputes the %s checksum", name, what);
	n = wire_build(&p, WIRE_KEEP_CKSUM, out, sizeof out, NULL, 0);
	ok(n == (ssize_t)v->len && memcmp(out, c, v->len) == 0,
	    "%s: WIRE_KEEP_CKSUM keeps the bad %s checksum", name, what);
	free(c);
}

/* Wrong length fields are recomputed, or kept with WIRE_KEEP_LEN. */
static void
test_lengths(void)
{
	const struct wvec	*v = wvec_get("psh4"), *u = wvec_get("udp6");
	uint8_t			*c, out[2048];
	struct pkt		 p;
	ssize_t			 n;

	c = wvec_dup(v->b, v->len);
	wire_decode(&p, v->dlt, c, v->len, v->len);
	p.ip4.tot_len = 999;
	p.ip4.ihl = 9;
	p.tcp.doff = 3;
	n = wire_build(&p, 0, out, sizeof out, NULL, 0);
	ok(n == (ssize_t)v->len && memcmp(out, v->b, v->len) == 0,
	    "lengths: ihl, total length and doff recomputed");
	n = wire_build(&p, WIRE_KEEP_LEN | WIRE_KEEP_CKSUM, out, sizeof out,
	    NULL, 0);
	ok(n == (ssize_t)v->len && out[14] == 0x49 && out[16] == 0x03 &&
	    out[17] == 0xe7 && out[46] >> 4 == 3,
	    "lengths: WIRE_KEEP_LEN emits them as given");
	free(c);

	c = wvec_dup(u->b, u->len);
	wire_decode(&p, u->dlt, c, u->len, u->len);
	p.ip6.plen = 1;
	p.udp.len = 2;
	p.payload_len = 2;	/* "pi" */
	n = wire_build(&p, 0, out, sizeof out, NULL, 0);
	ok(n == (ssize_t)u->len - 2 && out[18] == 0 && out[19] == 10 &&
	    out[58] == 0 && out[59] == 10,
	    "lengths: ipv6 payload length and udp length follow the payload");
	wire_decode(&p, u->dlt, out, (size_t)n, (size_t)n);
	is_int(p.udp.cksum_ok, CK_OK, "lengths: and the udp sum follows too");
	free(c);
}

/* Raw IP and loopback frames round-trip; cooked ones are refused. */
static void
test_links(void)
{
	const struct wvec	*v = wvec_get("syn6");
	uint8_t			 buf[256], out[256];
	uint32_t		 fam = AF_INET6;
	struct pkt		 p;
	char			 err[WIRE_ERRLEN];
	ssize_t			 n;
	size_t			 len = v->len - 14;

	wire_decode(&p, WIRE_DLT_RAW, v->b + 14, len, len);
	n = wire_build(&p, 0, out, sizeof out, err, sizeof err);
	ok(n == (ssize_t)len && memcmp(out, v->b + 14, len) == 0,
	    "raw: round trip");

	memcpy(buf, &fam, 4);
	memcpy(buf + 4, v->b + 14, len);
	wire_decode(&p, WIRE_DLT_NULL, buf, len + 4, len + 4);
	n = wire_build(&p, 0, out, sizeof out, err, sizeof err);
	ok(n == (ssize_t)len + 4 && memcmp(out, buf, len + 4) == 0,
	    "null: round trip in host byte order");

	memcpy(buf, "\x00\x00\x00\x01\x00\x06\x02\x00\x00\x77\x00\x02\x00\x00"
	    "\x86\xdd", 16);
	memcpy(buf + 16, v->b + 14, len);
	wire_decode(&p, WIRE_DLT_LINUX_SLL, buf, len + 16, len + 16);
	is_int(wire_build(&p, 0, out, sizeof out, err, sizeof err), -1,
	    "sll: build refused");
	ok(strstr(err, "cannot build SLL") != NULL, "sll: reason \"%s\"", err);
}

/* A segment the engine makes is built with padded options and good sums. */
static void
test_from_seg(void)
{
	static const uint8_t	 smac[6] = { 2, 0, 0, 0x77, 0, 1 };
	static const uint8_t	 dmac[6] = { 2, 0, 0, 0x77, 0, 2 };
	struct seg		 s;
	struct tcp_opt		 o;
	struct pkt		 p, q;
	uint8_t			 out[256];
	ssize_t			 n;

	memset(&s, 0, sizeof s);
	addr_parse(&s.src, "10.77.0.1");
	addr_parse(&s.dst, "10.77.0.2");
	s.th.sport = 40000;
	s.th.dport = 8080;
	s.th.seq = 1;
	s.th.flags = TH_SYN;
	s.th.win = 65535;
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_MSS;
	o.u.mss = 1460;
	is_int(wire_tcpopt_add(&s.th, &o), 0, "seg: add mss");
	o.kind = TCPOPT_SACK_PERM;
	is_int(wire_tcpopt_add(&s.th, &o), 0, "seg: add sackOK");
	seg_to_pkt(&s, &p, smac, dmac);
	n = wire_build(&p, 0, out, sizeof out, NULL, 0);
	is_int(n, 14 + 20 + 28, "seg: 6 option bytes padded to 8");
	ok(n > 0 && memcmp(out + 54, "\x02\x04\x05\xb4\x04\x02\x00\x00", 8) ==
	    0, "seg: mss, sackOK, then two EOL bytes");
	ok(n > 0 && wire_decode(&q, WIRE_DLT_EN10MB, out, (size_t)n,
	    (size_t)n) == 0 && q.tcp.doff == 7 && q.ip4.tot_len == 48 &&
	    q.ip4.cksum_ok == CK_OK && q.tcp.cksum_ok == CK_OK,
	    "seg: decodes with doff 7, total length 48, both sums ok");

	addr_parse(&s.src, "fd77::1");
	addr_parse(&s.dst, "fd77::2");
	s.data = (const uint8_t *)"abc";
	s.len = 3;
	seg_to_pkt(&s, &p, NULL, NULL);
	n = wire_build(&p, 0, out, sizeof out, NULL, 0);
	ok(n == 40 + 28 + 3 && wire_decode(&q, WIRE_DLT_RAW, out, (size_t)n,
	    (size_t)n) == 0 && q.ip6.plen == 31 && q.tcp.cksum_ok == CK_OK &&
	    q.payload_len == 3, "seg: raw ipv6 with payload, sum ok");
}

/* Option helpers: find, add until full, build errors, names. */
static void
test_tcpopt(void)
{
	struct tcp_hdr	th;
	struct tcp_opt	o;
	uint8_t		out[40];
	char		err[WIRE_ERRLEN];
	int		i;

	memset(&th, 0, sizeof th);
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_TIMESTAMP;
	o.u.ts.val = 0x01020304;
	o.u.ts.ecr = 0x05060708;
	for (i = 0; i < 4; i++)
		is_int(wire_tcpopt_add(&th, &o), 0, "tcpopt: add TS %d", i + 1);
	is_int(wire_tcpopt_add(&th, &o), -1, "tcpopt: a fifth TS does not fit");
	is_int(th.n_opt, 4, "tcpopt: four kept");
	is_int(wire_tcpopt_build(&th, out, sizeof out, err, sizeof err), 40,
	    "tcpopt: four TS take 40 bytes");
	ok(memcmp(out, "\x08\x0a\x01\x02\x03\x04\x05\x06\x07\x08", 10) == 0,
	    "tcpopt: TS encoded");
	th.n_opt = 5;
	th.opt[4] = o;
	is_int(wire_tcpopt_build(&th, out, sizeof out, err, sizeof err), -1,
	    "tcpopt: 50 bytes refused");
	ok(strstr(err, "more than 40 bytes") != NULL, "tcpopt: \"%s\"", err);
	is_int(wire_tcpopt_build(&th, out, 9, err, sizeof err), -1,
	    "tcpopt: small buffer refused");

	memset(&th, 0, sizeof th);
	o.kind = TCPOPT_SACK;
	o.u.sack.n = 0;
	th.opt[th.n_opt++] = o;
	is_int(wire_tcpopt_build(&th, out, sizeof out, err, sizeof err), -1,
	    "tcpopt: sack with no blocks refused");
	is_str(err, "tcpopt: sack option with 0 blocks (want 1-4)",
	    "tcpopt: sack reason");
	th.opt[0].kind = 77;
	th.opt[0].len = 6;
	th.opt[0].data = NULL;
	is_int(wire_tcpopt_build(&th, out, sizeof out, err, sizeof err), -1,
	    "tcpopt: data-less kind 77 refused");
	is_str(err, "tcpopt: option kind 77 has length 6 but no data",
	    "tcpopt: data-less reason");
	th.opt[0].len = 1;
	is_int(wire_tcpopt_build(&th, out, sizeof out, err, sizeof err), -1,
	    "tcpopt: kind 77 length 1 refused");
	ok(wire_tcpopt_find(&th, TCPOPT_MSS) == NULL, "tcpopt: find none");
	ok(wire_tcpopt_find(&th, 77) == &th.opt[0], "tcpopt: find kind 77");
}

/* RFC 1071's worked example and the pseudo-headers. */
static void
test_sums(void)
{
	static const uint8_t	 ex[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				    0xf6, 0xf7 };
	static const uint8_t	 a6[16] = { 0xfd, 0x77, [15] = 1 };
	static const uint8_t	 b6[16] = { 0xfd, 0x77, [15] = 2 };
	uint8_t			 big[70000];

	is_int(wire_fold(wire_sum(ex, sizeof ex, 0)), 0x220d,
	    "sum: RFC 1071 example");
	is_int(wire_fold(0x2ddf0), 0x220d, "fold: ~0xddf2");
	is_int(wire_fold(wire_sum("\x01", 1, 0)), 0xfeff,
	    "sum: odd byte padded on the right");
	is_int(wire_pseudo_sum(6, a6, b6, 17, 12),
	    0xfd77 * 2 + 1 + 2 + 17 + 12, "pseudo: ipv6");
	memset(big, 0xff, sizeof big);
	is_int(wire_fold(wire_sum(big, sizeof big, 0)), 0,
	    "sum: 70000 bytes of 0xff do not overflow");
}

/* RFC 1071 by the book: big-endian 16-bit words one at a time, then fold. */
static uint32_t
ref_sum(const uint8_t *b, size_t len, uint32_t sum)
{
	uint64_t	acc = sum;
	size_t		i;

	for (i = 0; i < len; i += 2)
		acc += (uint32_t)b[i] << 8 | (i + 1 < len ? b[i + 1] : 0);
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return ((uint32_t)acc);
}

/* The next number from a fixed xorshift64 sequence. */
static uint64_t
rnd(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (*state);
}

/* Fill b with random bytes, all 0xff, all zero or mostly zero. */
static void
rnd_fill(uint8_t *b, size_t len, uint64_t *state)
{
	size_t	i;
	int	how = (int)(rnd(state) % 4);

	for (i = 0; i < len; i++) {
		if (how == 0)
			b[i] = (uint8_t)rnd(state);
		else if (how == 3)
			b[i] = rnd(state) % 64 == 0 ? (uint8_t)rnd(state) : 0;
		else
			b[i] = how == 1 ? 0xff : 0;
	}
}

/*
 * wire_sum folds to what ref_sum does for random lengths, alignments,
 * starting sums and contents, whole and chained in random (odd) pieces.
 */
static void
test_sums_random(void)
{
	static const uint32_t	 sums[] = { 0, 0xffff, 0x7fffffff, 0xffffffff };
	static uint8_t		 buf[2000 + 16];
	uint64_t		 state = 0x5eed1071;
	uint32_t		 init, got, want;
	size_t			 len, off, at, n;
	int			 i, fails = 0;

	for (i = 0; i < 4000; i++) {
		len = rnd(&state) % 2001;
		off = rnd(&state) % 16;
		rnd_fill(buf + off, len, &state);
		init = i % 2 ? (uint32_t)rnd(&state) : sums[i / 2 % 4];
		got = wire_sum(buf + off, len, init);
		want = ref_sum(buf + off, len, init);
		if (wire_fold(got) != wire_fold(want) && fails++ == 0)
			diag("len %zu off %zu sum %#x: %#x, want %#x", len,
			    off, init, wire_fold(got), wire_fold(want));
		got = want = init;
		for (at = 0; at < len; at += n) {
			n = 1 + rnd(&state) % (i % 3 ? 9 : len - at);
			n = n < len - at ? n : len - at;
			got = wire_sum(buf + off + at, n, got);
			want = ref_sum(buf + off + at, n, want);
		}
		if (wire_fold(got) != wire_fold(want) && fails++ == 0)
			diag("len %zu off %zu sum %#x in pieces: %#x, want %#x",
			    len, off, init, wire_fold(got), wire_fold(want));
	}
	is_int(fails, 0, "sum: 4000 random buffers, whole and in pieces, "
	    "agree with a 16-bit loop");
}

/* Buffers too small and bad IPv4 options are refused with a reason. */
static void
test_errors(void)
{
	const struct wvec	*v = wvec_get("psh4");
	struct pkt		 p;
	uint8_t			 out[2048];
	char			 err[WIRE_ERRLEN];
	size_t			 cap;
	int			 fails = 0;

	wire_decode(&p, v->dlt, v->b, v->len, v->len);
	for (cap = 0; cap < v->len; cap++) {
		if (wire_build(&p, 0, out, cap, err, sizeof err) != -1 ||
		    strstr(err, "too small") == NULL)
			fails++;
	}
	ok(fails == 0, "build: every buffer shorter than %zu bytes refused",
	    v->len);
	p.ip4.opt_len = 3;
	is_int(wire_build(&p, 0, out, sizeof out, err, sizeof err), -1,
	    "build: 3 IPv4 option bytes refused");
	is_str(err, "ip: 3 option bytes (want a multiple of 4, at most 40)",
	    "build: ip options reason");
	p.ip4.opt_len = 0;
	p.dlt = 42;
	is_int(wire_build(&p, 0, out, sizeof out, err, sizeof err), -1,
	    "build: unknown link type refused");
}

/* Run the encoding tests. */
/*
 * Whether the len bytes of Ethernet at b decode with wire_decode_built()
 * as with wire_decode(): the same result and the same pkt, byte for byte.
 */
static int
built_same(const uint8_t *b, size_t len)
{
	static struct pkt	p, q;
	int			rp, rq;

	memset(&p, 0x5a, sizeof p);
	memset(&q, 0xa5, sizeof q);
	rp = wire_decode(&p, WIRE_DLT_EN10MB, b, len, len);
	rq = wire_decode_built(&q, b, len);
	return (rp == rq && memcmp(&p, &q, sizeof p) == 0);
}

/*
 * wire_decode_built() on frames wire_build() made with lengths and sums
 * computed: every golden Ethernet frame rebuilt so, and random TCP and UDP
 * segments over IPv4 and IPv6 (random options and payloads, all zeros and
 * all ones among them), decode as wire_decode() decodes them; and the sums
 * it did not add again were right (wire_decode judged them CK_OK).
 */
static void
test_decode_built(void)
{
	static const uint8_t	 mac[6] = { 2, 0, 0, 0x77, 0, 1 };
	static uint8_t		 pl[1600], out[2048];
	static const uint8_t	 kinds[] = { TCPOPT_NOP, TCPOPT_MSS,
				    TCPOPT_WSCALE, TCPOPT_SACK_PERM,
				    TCPOPT_TIMESTAMP };
	const struct wvec	*v;
	struct pkt		 p;
	struct seg		 s;
	struct tcp_opt		 o;
	uint64_t		 st = 0x9e3779b97f4a7c15ULL;
	ssize_t			 n;
	int			 i, k, nv = 0, nr = 0, bad = 0, nok = 0;

	for (v = wvecs; v->name != NULL; v++) {
		if (v->dlt != WIRE_DLT_EN10MB || wire_decode(&p, v->dlt,
		    v->b, v->len, v->len) != 0 || (n = wire_build(&p, 0, out,
		    sizeof out, NULL, 0)) < 0)
			continue;
		nv++;
		if (!built_same(out, (size_t)n) && bad++ == 0)
			diag("%s: not the same", v->name);
	}
	ok(nv > 20 && bad == 0, "decode_built: %d golden frames rebuilt "
	    "decode as wire_decode decodes them (%d not)", nv, bad);
	bad = 0;

	for (i = 0; i < 3000; i++) {
		memset(&s, 0, sizeof s);
		s.proto = rnd(&st) % 4 == 0 ? IPPROTO_UDP_ : IPPROTO_TCP_;
		addr_parse(&s.src, i % 2 ? "fd77::1" : "10.77.0.1");
		addr_parse(&s.dst, i % 2 ? "fd77::2" : "10.77.0.2");
		s.th.sport = (uint16_t)rnd(&st);
		s.th.dport = (uint16_t)rnd(&st);
		s.th.seq = (uint32_t)rnd(&st);
		s.th.ack = (uint32_t)rnd(&st);
		s.th.flags = (uint16_t)(rnd(&st) & 0x1ff);
		s.th.win = (uint16_t)rnd(&st);
		for (k = (int)(rnd(&st) % 6); s.proto == IPPROTO_TCP_ &&
		    k > 0; k--) {
			memset(&o, 0, sizeof o);
			o.kind = kinds[rnd(&st) % sizeof kinds];
			o.u.mss = (uint16_t)rnd(&st);
			(void)wire_tcpopt_add(&s.th, &o);
		}
		s.len = (size_t)(rnd(&st) % (sizeof pl + 1));
		if (i % 3 == 0)
			s.len %= 64;	/* short: Ethernet pads some */
		rnd_fill(pl, s.len, &st);
		s.data = pl;
		seg_to_pkt(&s, &p, mac, mac);
		if ((n = wire_build(&p, 0, out, sizeof out, NULL, 0)) < 0)
			continue;
		nr++;
		if (!built_same(out, (size_t)n) && bad++ == 0)
			diag("segment %d: not the same", i);
		if (wire_decode(&p, WIRE_DLT_EN10MB, out, (size_t)n,
		    (size_t)n) == 0 && (p.tcp.cksum_ok == CK_OK ||
		    p.udp.cksum_ok == CK_OK))
			nok++;
	}
	ok(nr == 3000 && bad == 0, "decode_built: %d random segments "
	    "decode the same (%d not)", nr, bad);
	is_int(nok, nr, "decode_built: their sums were right, by "
	    "wire_decode's own judgement");
}

/*
 * seg_copy(): a segment with three options (and an ICMP quote) copied over
 * a spoiled one has all its fields and options and frames to the same
 * bytes; the option slots past n_opt keep what they held; a header whose
 * n_opt is out of range has all its slots copied, as an assignment would.
 */
static void
test_copy(void)
{
	static const uint8_t	 mac[6] = { 2, 0, 0, 0x77, 0, 1 };
	static struct seg	 s, d;
	static uint8_t		 a[256], b[256];
	static const uint8_t	 pl[3] = { 'x', 'y', 'z' };
	struct tcp_hdr		*th;
	struct tcp_opt		 o;
	struct pkt		 p;
	ssize_t			 na, nb;
	int			 i, rest = 1;

	memset(&s, 0, sizeof s);
	addr_parse(&s.src, "10.77.0.1");
	addr_parse(&s.dst, "10.77.0.2");
	s.proto = IPPROTO_TCP_;
	s.ttl = 9;
	s.tos = 0x10;
	s.th.sport = 1;
	s.th.dport = 2;
	s.th.seq = 0x01020304;
	s.th.ack = 0x05060708;
	s.th.flags = TH_ACK | TH_PUSH;
	s.th.win = 999;
	s.th.urp = 7;
	s.icmp_info = 1400;
	s.quote.present = 1;
	s.data = pl;
	s.len = sizeof pl;
	memset(&o, 0, sizeof o);
	o.kind = TCPOPT_NOP;
	(void)wire_tcpopt_add(&s.th, &o);
	(void)wire_tcpopt_add(&s.th, &o);
	o.kind = TCPOPT_TIMESTAMP;
	o.u.ts.val = 11;
	o.u.ts.ecr = 22;
	(void)wire_tcpopt_add(&s.th, &o);
	memset(&d, 0xee, sizeof d);
	seg_copy(&d, &s);
	ok(memcmp(&d, &s, offsetof(struct seg, th) +
	    offsetof(struct tcp_hdr, opt)) == 0 && memcmp(d.th.opt, s.th.opt,
	    3 * sizeof s.th.opt[0]) == 0 && memcmp(&d.th.n_opt, &s.th.n_opt,
	    sizeof s - offsetof(struct seg, th.n_opt)) == 0,
	    "seg_copy: every field and the three options");
	for (i = 3; i < WIRE_MAX_TCPOPT; i++)
		if (d.th.opt[i].kind != 0xee || d.th.opt[i].len != 0xee)
			rest = 0;
	ok(rest, "seg_copy: the slots past n_opt are left as they were");
	seg_to_pkt(&s, &p, mac, mac);
	na = wire_build(&p, 0, a, sizeof a, NULL, 0);
	seg_to_pkt(&d, &p, mac, mac);
	nb = wire_build(&p, 0, b, sizeof b, NULL, 0);
	ok(na > 54 && na == nb && memcmp(a, b, (size_t)na) == 0,
	    "seg_copy: the copy frames to the same %zd bytes", na);
	th = &s.th;
	th->n_opt = WIRE_MAX_TCPOPT + 1;
	th->opt[WIRE_MAX_TCPOPT - 1].kind = 0x42;
	memset(&d, 0xee, sizeof d);
	wire_tcphdr_copy(&d.th, th);
	ok(memcmp(&d.th, th, sizeof *th) == 0,
	    "tcphdr_copy: n_opt out of range: every slot copied");

	memset(&d, 0xee, sizeof d);
	memset(&s, 0, sizeof s);
	seg_clear(&d);
	for (i = 0, rest = 1; i < WIRE_MAX_TCPOPT; i++)
		if (d.th.opt[i].kind != 0xee)
			rest = 0;
	memset(d.th.opt, 0, sizeof d.th.opt);	/* the rest, as zeros */
	ok(rest && memcmp(&d, &s, sizeof s) == 0, "seg_clear: all zero but "
	    "the option slots, none in use");
}

int
main(void)
{
	const struct wvec	*v;

	for (v = wvecs; v->name != NULL; v++)
		test_round_trip(v);
	test_fix_cksum("syn4", 34 + 16, "tcp");
	test_fix_cksum("syn4", 14 + 10, "ip");
	test_fix_cksum("udp4", 34 + 7, "udp");
	test_fix_cksum("psh6", 54 + 17, "tcp");
	test_fix_cksum("udp6", 54 + 6, "udp");
	test_fix_cksum("echo4", 34 + 2, "icmp");
	test_fix_cksum("unreach6", 54 + 3, "icmp6");
	test_fix_cksum("ext6_hand", 54 + 48 + 6, "udp");
	test_lengths();
	test_links();
	test_from_seg();
	test_tcpopt();
	test_sums();
	test_sums_random();
	test_errors();
	test_decode_built();
	test_copy();
	return (done_testing());
}
