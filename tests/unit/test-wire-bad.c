/*
 * tests/unit/test-wire-bad.c - the wire codec refuses malformed and cut
 * frames with a precise reason, keeps the layers it decoded before the
 * fault, and never reads past the bytes it was given (run under ASan).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"
#include "tests/unit/test-wire-vectors.h"

static void	bad(const char *name, size_t at, const char *bytes, size_t n,
		    unsigned layers, const char *want);
static size_t	header_end(const struct pkt *p, const uint8_t *b);
static enum wire_cksum l4_sum(const struct pkt *p);
static void	test_malformed(void);
static void	test_ext_chain(void);
static void	test_truncation(const struct wvec *v);
static void	test_snaplen(void);
static void	test_mutations(void);
static void	shortip(const char *, size_t, const char *, size_t, int,
		    unsigned, size_t);

/*
 * Decode golden frame name with n bytes at offset at replaced by bytes;
 * expect -1, exactly the layers given, and want inside the reason.
 */
static void
bad(const char *name, size_t at, const char *bytes, size_t n,
    unsigned layers, const char *want)
{
	const struct wvec	*v = wvec_get(name);
	struct pkt		 p;
	uint8_t			*c = wvec_dup(v->b, v->len);
	int			 rc;

	memcpy(c + at, bytes, n);
	rc = wire_decode(&p, v->dlt, c, v->len, v->len);
	if (!ok(rc == -1 && strstr(p.err, want) != NULL,
	    "%s: \"%s\"", name, want))
		diag("rc %d, err \"%s\"", rc, p.err);
	is_int(p.layers, layers, "%s: layers before the fault kept", name);
	free(c);
}

/*
 * Decode golden frame name with n bytes at offset at replaced by bytes, an
 * IP length beyond the frame: expect rc, the layers given, and the bytes
 * missing counted.
 */
static void
shortip(const char *name, size_t at, const char *bytes, size_t n, int rc,
    unsigned layers, size_t missing)
{
	const struct wvec	*v = wvec_get(name);
	struct pkt		 p;
	uint8_t			*c = wvec_dup(v->b, v->len);

	memcpy(c + at, bytes, n);
	is_int(wire_decode(&p, v->dlt, c, v->len, v->len), rc,
	    "%s: IP length past the frame: decoded on (%s)", name, p.err);
	is_int(p.layers, layers, "%s: the layers it holds", name);
	is_int(p.ip_missing, missing, "%s: %zu bytes missing", name, missing);
	free(c);
}

/* Each malformed header gives -1 and a reason naming layer and place. */
static void
test_malformed(void)
{
	const unsigned	e4 = PKT_ETH | PKT_IP4, e6 = PKT_ETH | PKT_IP6;
	struct pkt	p;

	/* syn4: eth 0-13, ip 14-33, tcp 34-73 (options 54-73). */
	bad("syn4", 55, "\x00", 1, e4,
	    "tcp: option kind 2 at offset 20 has length 0 (< 2)");
	bad("syn4", 55, "\x01", 1, e4,
	    "tcp: option kind 2 at offset 20 has length 1 (< 2)");
	bad("syn4", 55, "\x05", 1, e4,
	    "tcp: mss option at offset 20 has length 5 (want 4)");
	bad("syn4", 61, "\x14", 1, e4, "tcp: option kind 8 at offset 26 has "
	    "length 20, past the header end (40)");
	bad("syn4", 71, "\x04\x04", 2, e4, "tcp: option kind 4 at offset 37 "
	    "has length 4, past the header end (40)");
	bad("syn4", 71, "\x04\x03", 2, e4,
	    "tcp: sackOK option at offset 37 has length 3 (want 2)");
	bad("syn4", 71, "\x01\x01\x1e", 3, e4,
	    "tcp: option kind 30 at offset 39 has no length byte");
	bad("syn4", 46, "\x40", 1, e4, "tcp: data offset 4 (16 bytes) < 5");
	bad("syn4", 46, "\x00", 1, e4, "tcp: data offset 0 (0 bytes) < 5");
	bad("syn4", 46, "\xf0", 1, e4, "tcp: data offset 15 (60 bytes) runs "
	    "past the segment (40 bytes)");
	bad("sack2", 69, "\x11", 1, e4,
	    "tcp: sack option at offset 34 has length 17 (want 2 + 8n)");
	bad("syn4", 16, "\x00\x1e", 2, e4, "tcp: IP payload of 10 bytes is "
	    "shorter than a TCP header (20)");
	bad("syn4", 14, "\x44", 1, PKT_ETH,
	    "ip: header length 16 (ihl 4) < 20");
	bad("syn4", 14, "\x55", 1, PKT_ETH, "ip: version 5 in an IPv4 header");
	bad("syn4", 16, "\x00\x13", 2, PKT_ETH,
	    "ip: total length 19 < header length 20");
	/* Longer than the frame: decoded on (tcpdump's truncated-ip). */
	shortip("syn4", 16, "\x03\xe8", 2, 0, e4 | PKT_TCP, 940);
	bad("udp4", 38, "\x00\x07", 2, e4, "udp: length 7 < 8");
	bad("udp4", 38, "\x00\x64", 2, e4,
	    "udp: length 100 != IP payload length 12");
	bad("udp4", 38, "\x00\x0b", 2, e4,
	    "udp: length 11 != IP payload length 12");
	bad("udp6", 58, "\x00\x0d", 2, e6,
	    "udp: length 13 != IP payload length 12");
	bad("udp6", 14, "\x40", 1, PKT_ETH, "ip6: version 4 in an IPv6 header");
	shortip("udp6", 18, "\x00\x20", 2, -1, e6, 20);
	bad("mld6", 55, "\x20", 1, PKT_ETH, "ip6: hop-by-hop header at "
	    "offset 40 has length 264, past the payload length 36");
	bad("echo4", 16, "\x00\x18", 2, e4, "icmp: IP payload of 4 bytes is "
	    "shorter than an ICMP header (8)");
	bad("arp_req", 18, "\x08", 1, PKT_ETH, "arp: hardware type 1, protocol "
	    "0x0800, lengths 8/4 are not Ethernet/IPv4");

	is_int(wire_decode(&p, 999, (const uint8_t *)"x", 1, 1), -1,
	    "link: unknown type refused");
	is_str(p.err, "wire: unsupported link type 999",
	    "link: reason names the type");
	is_int(wire_decode(&p, WIRE_DLT_RAW, (const uint8_t *)"\x50", 1, 1),
	    -1, "raw: version 5 refused");
	is_str(p.err, "raw: bad IP version 5 at offset 0", "raw: reason");
	is_int(wire_decode(&p, WIRE_DLT_NULL,
	    (const uint8_t *)"\x07\x00\x00\x00", 4, 4), -1,
	    "null: unknown family refused");
	is_str(p.err, "null: unknown address family 7 at offset 0",
	    "null: reason");
	is_int(wire_decode(&p, WIRE_DLT_RAW, NULL, 0, 0), -1,
	    "raw: empty refused");
	is_str(p.err, "raw: empty packet", "raw: empty reason");
}

/* An IPv6 chain of nine destination options headers is refused. */
static void
test_ext_chain(void)
{
	uint8_t		b[40 + 9 * 8], *c;
	struct pkt	p;
	int		i;

	memset(b, 0, sizeof b);
	b[0] = 0x60;
	b[5] = 9 * 8;
	b[6] = IPPROTO_DSTOPTS_;
	b[7] = 64;
	for (i = 0; i < 9; i++)
		b[40 + i * 8] = i < 8 ? IPPROTO_DSTOPTS_ : IPPROTO_NONE_;
	c = wvec_dup(b, sizeof b);
	is_int(wire_decode(&p, WIRE_DLT_RAW, c, sizeof b, sizeof b), -1,
	    "ext chain: nine headers refused");
	is_str(p.err, "ip6: more than 8 extension headers",
	    "ext chain: reason");
	b[40 + 7 * 8] = IPPROTO_NONE_;
	memcpy(c, b, sizeof b);
	is_int(wire_decode(&p, WIRE_DLT_RAW, c, sizeof b, sizeof b), 0,
	    "ext chain: eight headers then no next header decode");
	ok(p.ip6.n_ext == 8 && p.ip6.proto == IPPROTO_NONE_ &&
	    p.payload_len == 8, "ext chain: eight recorded, 8 bytes left");
	free(c);
}

/* Where the last header of a decoded frame ends (payload or padding next). */
static size_t
header_end(const struct pkt *p, const uint8_t *b)
{
	if (p->layers & PKT_ARP)
		return ((size_t)(p->l3 - b) + 28);
	return ((size_t)(p->payload - b));
}

/* The verdict on p's transport checksum, CK_NONE when it has none. */
static enum wire_cksum
l4_sum(const struct pkt *p)
{
	if (p->layers & PKT_TCP)
		return (p->tcp.cksum_ok);
	if (p->layers & PKT_UDP)
		return (p->udp.cksum_ok);
	if (p->layers & (PKT_ICMP | PKT_ICMP6))
		return (p->icmp.cksum_ok);
	return (CK_NONE);
}

/*
 * Every prefix of v (with the full wire length): cut inside a header means
 * -1 and a reason; cut in payload or padding means success with what was
 * captured, and transport checksums that cannot be judged.
 */
static void
test_truncation(const struct wvec *v)
{
	struct pkt	full, p;
	uint8_t		*c;
	size_t		 k, hend, pend;
	int		 rc, fails = 0;
	enum wire_cksum	 want;

	c = wvec_dup(v->b, v->len);
	wire_decode(&full, v->dlt, c, v->len, v->len);
	hend = header_end(&full, c);
	pend = hend + full.payload_len;
	/* A cut transport message cannot be judged (UDP may have no sum). */
	want = CK_UNKNOWN;
	if (!(full.layers & (PKT_TCP | PKT_UDP | PKT_ICMP | PKT_ICMP6)) ||
	    ((full.layers & PKT_UDP) && full.udp.cksum_ok == CK_NONE))
		want = CK_NONE;
	free(c);
	for (k = 0; k < v->len; k++) {
		c = wvec_dup(v->b, k);
		rc = wire_decode(&p, v->dlt, c, k, v->len);
		if (k < hend && (rc != -1 || p.err[0] == '\0')) {
			diag("%s cut at %zu: rc %d, err \"%s\"", v->name, k,
			    rc, p.err);
			fails++;
		}
		if (k >= hend && (rc != 0 || p.layers != full.layers ||
		    p.payload_len != (k < pend ? k - hend : full.payload_len) ||
		    p.payload_wire != full.payload_wire ||
		    (k < pend && l4_sum(&p) != want))) {
			diag("%s cut at %zu in the payload: rc %d \"%s\", "
			    "payload %zu/%zu", v->name, k, rc, p.err,
			    p.payload_len, p.payload_wire);
			fails++;
		}
		free(c);
	}
	ok(fails == 0, "%s: every prefix of %zu bytes (headers end at %zu)",
	    v->name, v->len, hend);
}

/* A snaplen cut in the payload is not an error; the checksum is unknown. */
static void
test_snaplen(void)
{
	const struct wvec	*v = wvec_get("psh4");
	struct pkt		 p;
	uint8_t			*c = wvec_dup(v->b, v->len - 3);

	is_int(wire_decode(&p, v->dlt, c, v->len - 3, v->len), 0,
	    "snaplen: psh4 missing 3 payload bytes decodes");
	is_int(p.payload_len, 3, "snaplen: 3 payload bytes captured");
	is_int(p.payload_wire, 6, "snaplen: 6 on the wire");
	is_int(p.tcp.cksum_ok, CK_UNKNOWN, "snaplen: checksum unknown");
	is_int(p.caplen, v->len - 3, "snaplen: caplen");
	is_int(p.wirelen, v->len, "snaplen: wirelen");
	free(c);
	c = wvec_dup(v->b, v->len);
	is_int(wire_decode(&p, v->dlt, c, v->len, v->len - 1), 0,
	    "snaplen: wirelen below caplen is taken as caplen");
	is_int(p.wirelen, v->len, "snaplen: wirelen raised to caplen");
	free(c);
}

/*
 * Random byte changes to every golden frame (a fixed seed): decoding never
 * faults, -1 always comes with a reason, and whatever decodes builds back,
 * lengths and sums kept, to exactly the bytes it came from.
 */
static void
test_mutations(void)
{
	const struct wvec	*v;
	struct pkt		 p;
	uint8_t			*c, out[2048];
	uint32_t		 seed = 12345;
	ssize_t			 n;
	int			 i, j, bad_err = 0, bad_build = 0, decoded = 0;

	for (v = wvecs; v->name != NULL; v++) {
		for (i = 0; i < 500; i++) {
			c = wvec_dup(v->b, v->len);
			for (j = 0; j < 1 + i % 4; j++) {
				seed = seed * 1103515245 + 12345;
				c[(seed >> 8) % v->len] ^= (uint8_t)(1 +
				    (seed >> 20) % 255);
			}
			if (wire_decode(&p, v->dlt, c, v->len, v->len) != 0) {
				bad_err += p.err[0] == '\0';
				free(c);
				continue;
			}
			decoded++;
			bad_err += p.err[0] != '\0';
			n = wire_build(&p, WIRE_KEEP_LEN | WIRE_KEEP_CKSUM, out,
			    sizeof out, NULL, 0);
			if (n != (ssize_t)v->len || memcmp(out, c, v->len) != 0)
				bad_build++;
			free(c);
		}
	}
	ok(bad_err == 0, "mutations: -1 exactly when there is a reason");
	ok(bad_build == 0, "mutations: %d decoded frames build back exactly",
	    decoded);
	ok(decoded > 1000, "mutations: most changes still decode (%d)",
	    decoded);
}

/* Run the malformed-input, truncation and mutation tests. */
int
main(void)
{
	const struct wvec	*v;

	test_malformed();
	test_ext_chain();
	test_snaplen();
	test_mutations();
	for (v = wvecs; v->name != NULL; v++)
		test_truncation(v);
	return (done_testing());
}
