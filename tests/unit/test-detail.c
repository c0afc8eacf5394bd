/*
 * tests/unit/test-detail.c - print_detail(), every field of a packet layer
 * by layer, on the codec's golden frames (real kernel traffic, whose
 * tcpdump -vv lines give the values checked here, and hand-built frames):
 * IPv4 and TCP fields, each flag bit, options with their bytes, checksum
 * verdicts and the value a wrong one should hold, window scale and
 * relative numbers from what the caller knows, UDP, ICMP quotes, IPv6
 * extension headers, ARP; and every frame cut at every length, in an
 * exact-size heap copy, into an exact-size output buffer, without a fault.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/print/print.h"
#include "core/wire.h"
#include "tests/tap.h"
#include "tests/unit/test-wire-vectors.h"

static const char *detail(const char *, const struct detail_ctx *);
static const char *detail_bytes(const uint8_t *, size_t, int,
		    const struct detail_ctx *);
static void	has(const char *, const char *, const char *);
static void	hasnt(const char *, const char *, const char *);
static void	test_syn4(void);
static void	test_cksum(void);
static void	test_ctx(void);
static void	test_other(void);
static void	test_cut(void);

static char	out[PRINT_DETAIL_MAX];

/* The detail block of golden frame name with ctx dc. */
static const char *
detail(const char *name, const struct detail_ctx *dc)
{
	const struct wvec	*v = wvec_get(name);

	return (detail_bytes(v->b, v->len, v->dlt, dc));
}

/* The detail block of len bytes at b (link type dlt), from a heap copy. */
static const char *
detail_bytes(const uint8_t *b, size_t len, int dlt,
    const struct detail_ctx *dc)
{
	struct pkt	 p;
	uint8_t		*c = wvec_dup(b, len);

	wire_decode(&p, dlt, c, len, len);
	print_detail(&p, c, dc, out, sizeof out);
	free(c);
	return (out);
}

/* Check that text holds line part want. */
static void
has(const char *what, const char *text, const char *want)
{
	if (!ok(strstr(text, want) != NULL, "%s: \"%s\"", what, want))
		diag("in:\n%s", text);
}

/* Check that text does not hold part. */
static void
hasnt(const char *what, const char *text, const char *part)
{
	ok(strstr(text, part) == NULL, "%s: no \"%s\"", what, part);
}

/*
 * A kernel's SYN, whose tcpdump -vv line reads: ttl 64, id 13558, flags
 * [DF], length 60, cksum 0xa039 (correct), seq 429397498, win 64240,
 * options [mss 1460,sackOK,TS val 3994920081 ecr 0,nop,wscale 10].
 */
static void
test_syn4(void)
{
	const char	*d = detail("syn4", NULL);

	has("syn4", d, "Frame: 74 bytes on the wire, 74 captured\n");
	has("syn4", d, "Ethernet II: 02:00:00:77:00:01 -> 02:00:00:77:00:02, "
	    "type IPv4 (0x0800)\n");
	has("syn4", d, "Internet Protocol version 4: 10.77.0.1 -> 10.77.0.2\n");
	has("syn4", d, "    version 4, header length 20 bytes (IHL 5)\n");
	has("syn4", d, "    total length 60\n");
	has("syn4", d, "    identification 0x34f6 (13558)\n");
	has("syn4", d, "    flags 0x2: DF (don't fragment), MF clear; "
	    "fragment offset 0\n");
	has("syn4", d, "    TTL 64, protocol TCP (6)\n");
	has("syn4", d, "    header checksum 0x");
	has("syn4", d, " [correct]\nTransmission Control Protocol");
	has("syn4", d, "Transmission Control Protocol: port 46692 -> 8080, "
	    "seq 429397498, length 0\n");
	has("syn4", d, "    sequence number 429397498, next 429397499\n");
	has("syn4", d, "    acknowledgment number 0 [ACK clear: not used]\n");
	has("syn4", d, "    data offset 10 words = header length 40 bytes\n");
	has("syn4", d, "    flags 0x002 (SYN)\n");
	has("syn4", d, "        000. .... .... = reserved: 0\n");
	has("syn4", d, "        .... .... ..1. = SYN (synchronize sequence "
	    "numbers): set\n");
	has("syn4", d, "        .... ...0 .... = ACK (acknowledgment number "
	    "is significant): not set\n");
	has("syn4", d, "    window 64240 [a SYN's window is never scaled");
	has("syn4", d, "    checksum 0xa039 [correct]\n");
	has("syn4", d, "    urgent pointer 0 [URG clear: not used]\n");
	has("syn4", d, "    options: 20 bytes\n");
	has("syn4", d, "        MSS (kind 2, length 4): 02 04 05 b4 = 1460 "
	    "bytes\n");
	has("syn4", d, "        SACK permitted (kind 4, length 2): 04 02\n");
	has("syn4", d, "= TSval 3994920081, TSecr 0\n");
	has("syn4", d, "        NOP (kind 1): 01\n");
	has("syn4", d, "        window scale (kind 3, length 3): 03 03 0a = "
	    "shift 10 (multiply by 1024)\n");
	has("syn4", d, "Payload: 0 bytes");
	ok(d[strlen(d) - 1] != '\n', "syn4: no newline at the end");
}

/*
 * Checksum verdicts: TX offload's partial sum (tcpdump -vv: "cksum 0x14cb
 * (incorrect -> 0xfc47)"), a damaged TCP checksum and a damaged IPv4
 * header checksum say the value they should hold; UDP over IPv4 without
 * one.
 */
static void
test_cksum(void)
{
	const struct wvec	*v = wvec_get("syn4");
	uint8_t			 b[128];
	const char		*d;

	d = detail("syn4_offload", NULL);
	has("offload", d, "    checksum 0x14cb [partial: only the "
	    "pseudo-header sum, left for TX checksum offload to finish; "
	    "finished it would be 0xfc47]\n");
	memcpy(b, v->b, v->len);
	b[14 + 20 + 16] ^= 0xff;	/* TCP checksum 0xa039 -> 0x5f39 */
	d = detail_bytes(b, v->len, v->dlt, NULL);
	has("bad tcp", d, "    checksum 0x5f39 [incorrect, should be "
	    "0xa039]\n");
	memcpy(b, v->b, v->len);
	b[14 + 10] ^= 0x01;
	d = detail_bytes(b, v->len, v->dlt, NULL);
	has("bad ip", d, "[incorrect, should be 0x");
	has("bad ip", d, "    checksum 0xa039 [correct]\n");
	memcpy(b, v->b, v->len);
	d = detail_bytes(b, v->len - 1, v->dlt, NULL);
	/* Shorter than its IP length: decoded on, as tcpdump does. */
	has("cut", d, "Truncated: 1 byte of the IP packet is missing from "
	    "the frame (tcpdump's truncated-ip)");
	has("cut", d, "Transmission Control Protocol: port 46692 -> 8080");
	has("cut", d, "Captured bytes: 73\n    0x0000:  0200 0077 0002");
	d = detail("udp4", NULL);
	has("udp4", d, "User Datagram Protocol: port 50306 -> 9090, length "
	    "4\n");
	has("udp4", d, "    length 12 (8 header + 4 data bytes)\n");
	has("udp4", d, "[correct]\nPayload: 4 bytes\n");
	v = wvec_get("udp4");
	memcpy(b, v->b, v->len);
	b[14 + 20 + 6] = b[14 + 20 + 7] = 0;
	d = detail_bytes(b, v->len, v->dlt, NULL);
	has("udp4 no sum", d, "    checksum 0x0000 [none: 0 means the "
	    "sender computed none, RFC 768]\n");
}

/* What the caller knows: the window's scale and relative numbers. */
static void
test_ctx(void)
{
	struct detail_ctx	dc;
	const char		*d;

	memset(&dc, 0, sizeof dc);
	dc.num = 7;
	dc.wscale = 10;
	dc.rel_seq = dc.rel_ack = 1;
	dc.seq_base = 429397498;
	dc.ack_base = 897079458;
	d = detail("psh4", &dc);
	has("psh4", d, "Frame 7: ");
	has("psh4", d, "    window 63 [scale x1024 (shift 10) = 64512 "
	    "bytes]\n");
	has("psh4", d, "(relative 1), next ");
	has("psh4", d, "(relative 7)\n");
	has("psh4", d, "    flags 0x018 (ACK, PSH)\n");
	has("psh4", d, "Payload: 6 bytes\n    0x0000:  6865 6c6c 6f0a"
	    "                           hello.");
	dc.wscale = -1;
	d = detail("psh4", &dc);
	has("psh4", d, "    window 63 [window scale not negotiated: 63 "
	    "bytes]\n");
	d = detail("psh4", NULL);
	has("psh4", d, "    window 63 [scale unknown: the handshake is not "
	    "in view]\n");
	hasnt("psh4", d, "relative");
}

/* ARP, ICMP with its quote, IPv4 options, IPv6 extension headers. */
static void
test_other(void)
{
	const char	*d;

	d = detail("arp_req", NULL);
	has("arp", d, "Address Resolution Protocol: request\n");
	has("arp", d, "    opcode 1 (request)\n");
	has("arp", d, "    target MAC 00:00:00:00:00:00, target IP "
	    "10.77.0.2");
	d = detail("unreach4", NULL);
	has("unreach4", d, "Internet Control Message Protocol: type 3 "
	    "(destination unreachable), code 3 (port unreachable)\n");
	has("unreach4", d, "    quoted packet: IPv4 10.77.0.1 -> 10.77.0.2, "
	    "protocol UDP (17), port 50306 -> 9091\n");
	d = detail("rr4", NULL);
	has("rr4", d, "        record route (7), length 11: 07 0b 08 0a 4d "
	    "00 01 00 00 00 00\n");
	has("rr4", d, "addresses: 10.77.0.1 0.0.0.0");
	d = detail("frag4_hand", NULL);
	has("frag4", d, "fragment offset 185 (1480 bytes)\n");
	has("frag4", d, "Fragment data (the transport header is in the "
	    "first fragment)");
	d = detail("frag6_hand", NULL);
	has("frag6", d, "    extension header fragment (44), length 8 bytes");
	has("frag6", d, "fragment offset 100 (800 bytes), M 1 (more "
	    "fragments), identification 0x");
	d = detail("ext6_hand", NULL);
	has("ext6", d, "    extension header hop-by-hop options (0)");
	has("ext6", d, "    extension header routing (43)");
	has("ext6", d, "        address 1: fd77::3\n");
	has("ext6", d, "    extension header destination options (60)");
	d = detail("syn6", NULL);
	has("syn6", d, "Internet Protocol version 6: ");
	has("syn6", d, "    next header TCP (6), hop limit 64\n");
	has("syn6", d, "    checksum 0x");
	has("syn6", d, "[correct]\n    urgent pointer");
	d = detail("tcp_opts_hand", NULL);
	has("opts", d, "    options: 40 bytes\n");
	d = detail("echo4", NULL);
	has("echo4", d, "type 8 (echo request), code 0\n");
	has("echo4", d, "    identifier 0x");
}

/*
 * Every golden frame cut at every length, from an exact-size heap copy,
 * prints a whole block that says where decoding stopped; and a block
 * written into an output buffer of any small size stays inside it.
 */
static void
test_cut(void)
{
	const struct wvec	*v;
	struct pkt		 p;
	uint8_t			*c;
	char			*o;
	size_t			 n, k, bad = 0, said = 0, cuts = 0;

	for (v = wvecs; v->name != NULL; v++) {
		for (n = 0; n <= v->len; n++) {
			c = wvec_dup(v->b, n);
			wire_decode(&p, v->dlt, c, n, v->len);
			k = print_detail(&p, c, NULL, out, sizeof out);
			if (k == 0 || k >= sizeof out - 1 ||
			    strncmp(out, "Frame: ", 7) != 0)
				bad++;
			if (p.err[0] != '\0') {
				cuts++;
				if (strstr(out, "Malformed: the decoder "
				    "stopped: ") != NULL)
					said++;
			}
			free(c);
		}
		for (n = 0; n < 64; n++) {
			c = wvec_dup(v->b, v->len);
			o = malloc(n > 0 ? n : 1);
			wire_decode(&p, v->dlt, c, v->len, v->len);
			k = print_detail(&p, c, NULL, n > 0 ? o : NULL, n);
			if (n > 0 && (k >= n || strlen(o) != k))
				bad++;
			free(o);
			free(c);
		}
	}
	is_int(bad, 0, "every cut frame prints a whole block, in any buffer");
	ok(cuts > 100, "cut frames were refused (%zu)", cuts);
	is_int(said, cuts, "each refused frame says why");
}

/* Run the detail printer's tests. */
int
main(void)
{
	test_syn4();
	test_cksum();
	test_ctx();
	test_other();
	test_cut();
	return (done_testing());
}
