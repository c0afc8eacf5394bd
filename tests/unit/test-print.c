/*
 * tests/unit/test-print.c - the tcpdump-style printer on hand-built frames:
 * relative sequence numbers (tcpdump's tcp_seq_hash rules), every TCP
 * option's rendering including malformed lists, UDP, ICMP, ARP, IPv6
 * address text, undecodable packets, frames cut short at every length,
 * timestamps and JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/print/print.h"
#include "cli/print/print-int.h"
#include "core/wire.h"
#include "tests/tap.h"

static size_t	mk_eth(uint8_t *, uint16_t);
static size_t	mk_ip4(uint8_t *, const char *, const char *, uint8_t, size_t);
static size_t	mk_tcp4(uint8_t *, const char *, const char *, uint16_t,
		    uint16_t, uint32_t, uint32_t, uint8_t, const uint8_t *,
		    size_t, size_t);
static const char *line(struct printer *, const uint8_t *, size_t);
static void	test_relative_seq(void);
static void	test_options(void);
static void	test_other_protocols(void);
static void	test_malformed(void);
static size_t	unhex(const char *, uint8_t *, size_t);
static const char *cut_line(const uint8_t *, size_t, size_t);
static void	test_cut_every_length(void);
static void	test_ip6_text(void);
static void	test_ts_json(void);

static char	out[PRINT_LINE_MAX];

/* An Ethernet header of type; returns its length. */
static size_t
mk_eth(uint8_t *b, uint16_t type)
{
	static const uint8_t d[6] = { 2, 0, 0, 0, 0, 2 }, s[6] = { 2, 0, 0,
	    0, 0, 1 };

	memcpy(b, d, 6);
	memcpy(b + 6, s, 6);
	b[12] = type >> 8;
	b[13] = type & 0xff;
	return (14);
}

/* An IPv4 header (20 bytes) for a payload of len bytes. */
static size_t
mk_ip4(uint8_t *b, const char *src, const char *dst, uint8_t proto,
    size_t len)
{
	unsigned	a[4], i;
	uint32_t	sum;

	memset(b, 0, 20);
	b[0] = 0x45;
	b[2] = (uint8_t)((20 + len) >> 8);
	b[3] = (uint8_t)(20 + len);
	b[6] = 0x40;
	b[8] = 64;
	b[9] = proto;
	sscanf(src, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]);
	for (i = 0; i < 4; i++)
		b[12 + i] = (uint8_t)a[i];
	sscanf(dst, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]);
	for (i = 0; i < 4; i++)
		b[16 + i] = (uint8_t)a[i];
	sum = wire_sum(b, 20, 0);
	b[10] = wire_fold(sum) >> 8;
	b[11] = wire_fold(sum) & 0xff;
	return (20);
}

/* Ethernet + IPv4 + TCP with opt (olen bytes, a multiple of 4) and plen payload bytes. */
static size_t
mk_tcp4(uint8_t *b, const char *src, const char *dst, uint16_t sport,
    uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
    const uint8_t *opt, size_t olen, size_t plen)
{
	size_t	n = mk_eth(b, 0x0800), tl = 20 + olen + plen;
	uint8_t	*t;

	n += mk_ip4(b + n, src, dst, 6, tl);
	t = b + n;
	memset(t, 0, 20);
	t[0] = sport >> 8, t[1] = sport & 0xff;
	t[2] = dport >> 8, t[3] = dport & 0xff;
	t[4] = seq >> 24, t[5] = seq >> 16, t[6] = seq >> 8, t[7] = seq;
	t[8] = ack >> 24, t[9] = ack >> 16, t[10] = ack >> 8, t[11] = ack;
	t[12] = (uint8_t)(((20 + olen) / 4) << 4);
	t[13] = flags;
	t[14] = 0xfa, t[15] = 0xf0;
	if (olen > 0)
		memcpy(t + 20, opt, olen);
	memset(t + 20 + olen, 'x', plen);
	return (n + tl);
}

/* Decode frame and print it with pr; returns the line. */
static const char *
line(struct printer *pr, const uint8_t *f, size_t len)
{
	struct pkt	p;

	memset(&p, 0, sizeof p);
	(void)wire_decode(&p, WIRE_DLT_EN10MB, f, len, len);
	print_pkt(pr, &p, out, sizeof out);
	return (out);
}

/* Sequence numbers print relative to the first SYN-ACK, as tcpdump does. */
static void
test_relative_seq(void)
{
	struct printer	*pr = printer_new();
	uint8_t		 f[256];
	size_t		 n;
	static const uint8_t sack[] = { 1, 1, 5, 10, 0, 0, 0x13, 0x89, 0, 0,
	    0x17, 0x71 };

	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 40000, 80, 1000, 0, TH_SYN,
	    NULL, 0, 0);
	is_str(line(pr, f, n), "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], "
	    "seq 1000, win 64240, length 0", "SYN: absolute seq, no ack");
	n = mk_tcp4(f, "10.0.0.2", "10.0.0.1", 80, 40000, 5000, 1001,
	    TH_SYN | TH_ACK, NULL, 0, 0);
	is_str(line(pr, f, n), "IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], "
	    "seq 5000, ack 1001, win 64240, length 0",
	    "SYN-ACK records the base and prints absolute numbers");
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 40000, 80, 1001, 5001,
	    TH_ACK | TH_PUSH, NULL, 0, 100);
	is_str(line(pr, f, n), "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], "
	    "seq 1:101, ack 1, win 64240, length 100",
	    "client data relative to the SYN-ACK's numbers");
	n = mk_tcp4(f, "10.0.0.2", "10.0.0.1", 80, 40000, 5001, 1101, TH_ACK,
	    sack, sizeof sack, 0);
	is_str(line(pr, f, n), "IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], "
	    "ack 101, win 64240, options [nop,nop,sack 1 {4001:5001}], "
	    "length 0", "SACK blocks relative to the peer's base");
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 40000, 80, 1101, 5001,
	    TH_ACK | TH_FIN, NULL, 0, 0);
	is_str(line(pr, f, n), "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], "
	    "seq 101, ack 1, win 64240, length 0", "FIN prints its seq");
	n = mk_tcp4(f, "10.0.0.2", "10.0.0.1", 80, 40000, 90000, 2001,
	    TH_SYN | TH_ACK, NULL, 0, 0);
	line(pr, f, n);
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 40000, 80, 2001, 90001, TH_ACK,
	    NULL, 0, 10);
	is_str(line(pr, f, n), "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], "
	    "seq 1:11, ack 1, win 64240, length 10",
	    "a new SYN-ACK on the same ports resets the base");
	n = mk_tcp4(f, "10.0.0.9", "10.0.0.8", 7, 7, 300, 700, TH_ACK, NULL,
	    0, 5);
	is_str(line(pr, f, n), "IP 10.0.0.9.7 > 10.0.0.8.7: Flags [.], "
	    "seq 300:305, ack 700, win 64240, length 5",
	    "first ACK of an unseen conversation prints absolute numbers");
	n = mk_tcp4(f, "10.0.0.8", "10.0.0.9", 7, 7, 700, 305, TH_ACK, NULL,
	    0, 5);
	is_str(line(pr, f, n), "IP 10.0.0.8.7 > 10.0.0.9.7: Flags [.], "
	    "seq 1:6, ack 5, win 64240, length 5",
	    "equal ports: direction chosen by address order");
	printer_reset(pr);
	n = mk_tcp4(f, "10.0.0.8", "10.0.0.9", 7, 7, 705, 305, TH_ACK, NULL,
	    0, 0);
	is_str(line(pr, f, n), "IP 10.0.0.8.7 > 10.0.0.9.7: Flags [.], "
	    "ack 305, win 64240, length 0", "printer_reset forgets bases");
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1, 2, 0, 0, 0, NULL, 0, 0);
	is_str(line(pr, f, n), "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [none], "
	    "win 64240, length 0", "no flags print as none");
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1, 2, 7, 0,
	    TH_SYN | TH_ECE | TH_CWR | TH_URG, NULL, 0, 0);
	f[14 + 20 + 19] = 9;
	is_str(line(pr, f, n), "IP 10.0.0.1.1 > 10.0.0.2.2: Flags [SUEW], "
	    "seq 7, win 64240, urg 9, length 0", "ECN flags and urgent pointer");
	printer_free(pr);
}

/* Each option kind renders as tcpdump renders it. */
static void
test_options(void)
{
	static const struct {
		uint8_t		 o[40];
		size_t		 len;
		const char	*want;
	} t[] = {
		{ { 2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3,
		    3, 7 }, 20,
		  "options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]" },
		{ { 1, 1, 1, 0 }, 4, "options [nop,nop,nop,eol]" },
		{ { 19, 18, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		    0, 0, 1, 1, 1 }, 20,
		  "options [md5 shared secret not supplied with -M, can't "
		  "check - deadbeef000000000000000000000001,nop,nop]" },
		{ { 34, 2, 1, 1 }, 4, "options [tfo  cookiereq,nop,nop]" },
		{ { 34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1 }, 12,
		  "options [tfo  cookie 0102030405060708,nop,nop]" },
		{ { 254, 4, 0xf9, 0x89 }, 4, "options [exp-tfo cookiereq]" },
		{ { 99, 4, 0xab, 0xcd }, 4, "options [unknown-99 0xabcd]" },
		{ { 30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 }, 12,
		  "options [mptcp 12 capable v1 csum {0x102030405060708}]" },
		{ { 2, 3, 5, 0xb4 }, 4, "options [mss 1460[len 3]]" },
		{ { 2, 9, 5, 0xb4 }, 4, "options [[bad opt]" },
		{ { 1, 2, 1, 0 }, 4, "options [nop,[bad opt]]" },
		{ { 5, 6, 0, 0, 0, 1 }, 8, "options [sack invalid sack,eol]" },
		{ { 28, 4, 0x80, 0x03 }, 4, "options [uto 0x8003 983100]" },
		{ { 29, 6, 3, 4, 0xaa, 0xbb }, 8,
		  "options [tcp-ao keyid 3 rnextkeyid 4 mac 0xaabb,eol]" },
	};
	struct printer	*pr = printer_new();
	uint8_t		 f[256];
	size_t		 i, n;
	const char	*s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1000, 2000, 1, 0,
		    TH_SYN, t[i].o, t[i].len, 0);
		s = strstr(line(pr, f, n), "options [");
		if (s != NULL) {
			/* Compare only the options: cut the length and reason. */
			char *e = strstr(out, ", length");
			if (e != NULL)
				*e = '\0';
			if ((e = strstr(out, " [tcpx: ")) != NULL)
				*e = '\0';
		}
		is_str(s, t[i].want, "option rendering %zu: %s", i, t[i].want);
	}
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1000, 2000, 1, 0, TH_SYN,
	    t[9].o, t[9].len, 0);
	ok(strstr(line(pr, f, n), ", length 0") == NULL,
	    "a bad option list ends the line, as in tcpdump");
	printer_free(pr);
}

/* UDP, ICMP and ARP lines. */
static void
test_other_protocols(void)
{
	struct printer	*pr = printer_new();
	uint8_t		 f[256], *u;
	size_t		 n;
	uint32_t	 sum;

	n = mk_eth(f, 0x0800);
	n += mk_ip4(f + n, "10.0.0.1", "10.0.0.2", 17, 8 + 12);
	u = f + n;
	memset(u, 0, 20);
	u[0] = 0x9c, u[1] = 0x41, u[2] = 0x9c, u[3] = 0x42, u[5] = 20;
	is_str(line(pr, f, n + 20), "IP 10.0.0.1.40001 > 10.0.0.2.40002: "
	    "UDP, length 12", "UDP");
	u[5] = 40;
	ok(strstr(line(pr, f, n + 20), "10.0.0.2.40002: UDP, bad length 32 > 12")
	    != NULL, "UDP length beyond the IP payload: %s", out);

	/* ICMP port unreachable quoting that UDP datagram. */
	n = mk_eth(f, 0x0800);
	n += mk_ip4(f + n, "10.0.0.2", "10.0.0.1", 1, 8 + 28);
	u = f + n;
	memset(u, 0, 8);
	u[0] = 3, u[1] = 3;
	mk_ip4(u + 8, "10.0.0.1", "10.0.0.2", 17, 8);
	memset(u + 28, 0, 8);
	u[28] = 0x9c, u[29] = 0x43, u[30] = 0, u[31] = 9, u[33] = 8;
	sum = wire_sum(u, 36, 0);
	u[2] = wire_fold(sum) >> 8, u[3] = wire_fold(sum) & 0xff;
	is_str(line(pr, f, n + 36), "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp "
	    "port 9 unreachable, length 36", "ICMP port unreachable");
	u[0] = 8, u[1] = 0, u[4] = 0, u[5] = 42, u[6] = 0, u[7] = 7;
	u[2] = u[3] = 0;
	sum = wire_sum(u, 36, 0);
	u[2] = wire_fold(sum) >> 8, u[3] = wire_fold(sum) & 0xff;
	is_str(line(pr, f, n + 36), "IP 10.0.0.2 > 10.0.0.1: ICMP echo request, "
	    "id 42, seq 7, length 36", "ICMP echo request");
	u[0] = 11, u[1] = 0;
	u[2] = u[3] = 0;
	sum = wire_sum(u, 36, 0);
	u[2] = wire_fold(sum) >> 8, u[3] = wire_fold(sum) & 0xff;
	is_str(line(pr, f, n + 36), "IP 10.0.0.2 > 10.0.0.1: ICMP time exceeded "
	    "in-transit, length 36", "ICMP time exceeded");

	/* ARP request and reply. */
	n = mk_eth(f, 0x0806);
	u = f + n;
	memcpy(u, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	memcpy(u + 8, "\x02\x00\x00\x00\x00\x01\x0a\x00\x00\x01", 10);
	memset(u + 18, 0, 6);
	memcpy(u + 24, "\x0a\x00\x00\x02", 4);
	is_str(line(pr, f, n + 28), "ARP, Request who-has 10.0.0.2 tell "
	    "10.0.0.1, length 28", "ARP request");
	u[7] = 2;
	is_str(line(pr, f, n + 28), "ARP, Reply 10.0.0.1 is-at "
	    "02:00:00:00:00:01, length 28", "ARP reply");
	memset(f + n + 28, 0, 18);
	u[7] = 1;
	is_str(line(pr, f, n + 46), "ARP, Request who-has 10.0.0.2 tell "
	    "10.0.0.1, length 46", "ARP length counts Ethernet padding");
	printer_free(pr);
}

/* Packets the decoder rejects still print, with the reason. */
static void
test_malformed(void)
{
	struct printer	*pr = printer_new();
	uint8_t		 f[256];
	size_t		 n, cut;
	int		 good = 1;

	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1, 2, 3, 4, TH_ACK, NULL, 0, 0);
	for (cut = 0; cut < n; cut++) {
		struct pkt	p;

		memset(&p, 0, sizeof p);
		(void)wire_decode(&p, WIRE_DLT_EN10MB, f, cut, n);
		print_pkt(pr, &p, out, sizeof out);
		if (p.err[0] != '\0' && strstr(out, " [tcpx: ") == NULL)
			good = 0;
	}
	ok(good, "every truncation prints the decoder's reason");
	f[14 + 20 + 12] = 0x30;		/* data offset 12 bytes */
	ok(strstr(line(pr, f, n), "[tcpx: ") != NULL ||
	    strstr(out, "bad hdr length") != NULL,
	    "TCP data offset below 20: %s", out);
	n = mk_eth(f, 0x88b5);
	memset(f + n, 0, 30);
	is_str(line(pr, f, n + 30), "02:00:00:00:00:01 > 02:00:00:00:00:02, "
	    "ethertype Unknown (0x88b5), length 44", "unknown ethertype");
	{
		char	small[16];
		struct pkt p;

		n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1, 2, 3, 4, TH_ACK,
		    NULL, 0, 0);
		memset(&p, 0, sizeof p);
		(void)wire_decode(&p, WIRE_DLT_EN10MB, f, n, n);
		is_int(print_pkt(pr, &p, small, sizeof small), 15,
		    "a short buffer gets a cut, terminated line");
		is_str(small, "IP 10.0.0.1.1 >", "the cut line is a prefix");
	}
	printer_free(pr);
}

/*
 * Frames cut short at every length, as a snaplen cuts them: from each
 * entry's length on (up to the next entry's) the frame prints want.  The
 * lines are tcpdump's except where a comment says what tcpdump 4.99.3
 * prints instead: those are differences tcpx has always had, kept here so
 * that a change to them is a decision.
 */
static const struct cutcase {
	const char	*name;
	const char	*hex;
	struct {
		size_t		 from;
		const char	*want;
	} at[16];
} cutcases[] = {
	{ "tcp-syn",
	  "02000000000202000000000108004500003c00074000400626b30a000001"
	  "0a0000029c400050000003e800000000a002006400000000020405b40402"
	  "080a000000010000000001030307",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2: [|tcp]" },
		{ 38, "IP 10.0.0.1.40000 > 10.0.0.2.80:  [|tcp]" },
		{ 54, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [ [|tcp]" },
		{ 56, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss [|tcp]" },
		{ 58, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460, [|tcp]" },
		{ 60, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK, [|tcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 62-69: "IP 10.0.0.1.40000 >
		 * 10.0.0.2.80: Flags [S], seq 1000, win 100, options [mss
		 * 1460,sackOK,TS [|tcp]>"
		 */
		{ 62, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK,TS [|tcp]" },
		{ 70, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK,TS val 1 "
		    "ecr 0, [|tcp]" },
		{ 71, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK,TS val 1 "
		    "ecr 0,nop, [|tcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cut 73: "IP 10.0.0.1.40000 >
		 * 10.0.0.2.80: Flags [S], seq 1000, win 100, options [mss
		 * 1460,sackOK,TS val 1 ecr 0,nop,wscale [|tcp]>"
		 */
		{ 73, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK,TS val 1 "
		    "ecr 0,nop,wscale [|tcp]" },
		{ 74, "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq "
		    "1000, win 100, options [mss 1460,sackOK,TS val 1 "
		    "ecr 0,nop,wscale 7], length 0" },
		{ 0, NULL }
	  } },
	{ "tcp-sack",
	  "02000000000202000000000108004500004200074000400626ad0a000001"
	  "0a00000200509c4000001b5800001389b010006400000000010105120000"
	  "13ec00001450000014b400001518010101016162",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2: [|tcp]" },
		{ 38, "IP 10.0.0.1.80 > 10.0.0.2.40000:  [|tcp]" },
		{ 54, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [ [|tcp]" },
		{ 55, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop, [|tcp]" },
		{ 56, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop, "
		    "[|tcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 58-65: "IP 10.0.0.1.80 >
		 * 10.0.0.2.40000: Flags [.], seq 7000:7002, ack 5001, win 100,
		 * options [nop,nop,sack 2  [|tcp]>"
		 */
		{ 58, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2  [|tcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 66-73: "IP 10.0.0.1.80 >
		 * 10.0.0.2.40000: Flags [.], seq 7000:7002, ack 5001, win 100,
		 * options [nop,nop,sack 2 {100:200} [|tcp]>"
		 */
		{ 66, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200} [|tcp]" },
		{ 74, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200}{300:400}, [|tcp]" },
		{ 75, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200}{300:400},nop, [|tcp]" },
		{ 76, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200}{300:400},nop,nop, [|tcp]" },
		{ 77, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200}{300:400},nop,nop,nop, [|tcp]" },
		{ 78, "IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [.], seq "
		    "7000:7002, ack 5001, win 100, options [nop,nop,sack "
		    "2 {100:200}{300:400},nop,nop,nop,nop], length 2" },
		{ 0, NULL }
	  } },
	{ "tcp-mptcp",
	  "02000000000202000000000108004500004d00074000400626a20a000001"
	  "0a0000029c4100500000000100000001d0180064000000001e1420050000"
	  "000b0000001600000021002c5555220a0102030405060708010068656c6c"
	  "6f",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2: [|tcp]" },
		{ 38, "IP 10.0.0.1.40001 > 10.0.0.2.80:  [|tcp]" },
		{ 54, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [ [|tcp]" },
		{ 56, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp [|tcp]" },
		{ 74, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp 20 dss ack 11 "
		    "seq 22 subseq 33 len 44 csum 0x5555, [|mptcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 76-83: "IP 10.0.0.1.40001 >
		 * 10.0.0.2.80: Flags [P.], seq 1:6, ack 1, win 100, options
		 * [mptcp 20 dss ack 11 seq 22 subseq 33 len 44 csum 0x5555,tfo
		 * [|mptcp]>"
		 */
		{ 76, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp 20 dss ack 11 "
		    "seq 22 subseq 33 len 44 csum 0x5555,tfo [|mptcp]" },
		{ 84, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp 20 dss ack 11 "
		    "seq 22 subseq 33 len 44 csum 0x5555,tfo  cookie "
		    "0102030405060708, [|mptcp]" },
		{ 85, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp 20 dss ack 11 "
		    "seq 22 subseq 33 len 44 csum 0x5555,tfo  cookie "
		    "0102030405060708,nop, [|mptcp]" },
		{ 86, "IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [P.], seq "
		    "1:6, ack 1, win 100, options [mptcp 20 dss ack 11 "
		    "seq 22 subseq 33 len 44 csum 0x5555,tfo  cookie "
		    "0102030405060708,nop,eol], length 5" },
		{ 0, NULL }
	  } },
	{ "tcp-md5",
	  "02000000000202000000000108004500004600074000400626a90a000001"
	  "0a0000029c4200500000000100000001a018006400000000131200010203"
	  "0405060708090a0b0c0d0e0f010178787878787878787878",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2: [|tcp]" },
		{ 38, "IP 10.0.0.1.40002 > 10.0.0.2.80:  [|tcp]" },
		{ 54, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [ [|tcp]" },
		{ 56, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [md5 [|tcp]" },
		{ 72, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [md5 snaplen too "
		    "short, can't check - "
		    "000102030405060708090a0b0c0d0e0f, [|tcp]" },
		{ 73, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [md5 snaplen too "
		    "short, can't check - "
		    "000102030405060708090a0b0c0d0e0f,nop, [|tcp]" },
		{ 74, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [md5 snaplen too "
		    "short, can't check - "
		    "000102030405060708090a0b0c0d0e0f,nop,nop], length 10" },
		{ 84, "IP 10.0.0.1.40002 > 10.0.0.2.80: Flags [P.], seq "
		    "1:11, ack 1, win 100, options [md5 shared secret "
		    "not supplied with -M, can't check - "
		    "000102030405060708090a0b0c0d0e0f,nop,nop], length 10" },
		{ 0, NULL }
	  } },
	{ "udp",
	  "02000000000202000000000108004500002800074000401126bc0a000001"
	  "0a0000029c439c4700140000717171717171717171717171",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 38-41: "IP 10.0.0.1.40003 >
		 * 10.0.0.2.40007:  [|udp]"
		 */
		{ 34, "IP 10.0.0.1 > 10.0.0.2:  [|udp]" },
		{ 42, "IP 10.0.0.1.40003 > 10.0.0.2.40007: UDP, length 12" },
		{ 0, NULL }
	  } },
	{ "icmp-unreach",
	  "02000000000202000000000108004500003800074000400126bc0a000001"
	  "0a000002030360a7000000004500001c00074000401126c80a0000010a00"
	  "00029c44000900080000",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2:  [|icmp]" },
		{ 66, "IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.2 udp port 9 "
		    "unreachable, length 36" },
		{ 0, NULL }
	  } },
	{ "icmp-radvert",
	  "02000000000202000000000108004500002c00074000400126c80a000001"
	  "0a0000020900d7ef020207080a0000fe000000050a0000fd00000006",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2:  [|icmp]" },
		{ 58, "IP 10.0.0.1 > 10.0.0.2: ICMP router advertisement "
		    "lifetime 30:00 2: {10.0.0.254 5} {10.0.0.253 6}, "
		    "length 24" },
		{ 0, NULL }
	  } },
	{ "icmp-tsreply",
	  "02000000000202000000000108004500002800074000400126cc0a000001"
	  "0a0000020e009e3800010002000003e80036ee8005265bff",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cut 14: " [|ip]" */
		{ 14, "IP  [|ip]" },
		{ 34, "IP 10.0.0.1 > 10.0.0.2:  [|icmp]" },
		{ 54, "IP 10.0.0.1 > 10.0.0.2: ICMP time stamp reply id 1 "
		    "seq 2: org 00:00:01.000, recv 01:00:00.000, xmit "
		    "23:59:59.999, length 20" },
		{ 0, NULL }
	  } },
	{ "ip6-rt-tcp",
	  "02000000000202000000000186dd6000000000302b40fd00000000000000"
	  "0000000000000001fd000000000000000000000000000002060200010000"
	  "0000fd0000000000000000000000000000029c4500500000000100000001"
	  "6002006400000000020405a0",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 14-53: " [|ip6]"; at cut 54:
		 * "IP6 fd00::1 > fd00::2:  [|ip6]"; at cut 55: "IP6 fd00::1 >
		 * fd00::2: RT6 [|rt6]"; at cut 56: "IP6 fd00::1 > fd00::2: RT6
		 * (len=2 [|rt6]"; at cut 57: "IP6 fd00::1 > fd00::2: RT6
		 * (len=2, type=0 [Deprecated] [|rt6]"; at cuts 58-77: "IP6
		 * fd00::1 > fd00::2: RT6 (len=2, type=0 [Deprecated],
		 * segleft=1 [|rt6]"
		 */
		{ 14, "IP6  [|ip6]" },
		{ 78, "IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 "
		    "[Deprecated], segleft=1, [0]fd00::2) fd00::1 > "
		    "fd00::2: [|tcp]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 82-97: "IP6 fd00::1 >
		 * fd00::2: RT6 (len=2, type=0 [Deprecated], segleft=1,
		 * [0]fd00::2) 40005 > 80:  [|tcp]"
		 */
		{ 82, "IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 "
		    "[Deprecated], segleft=1, [0]fd00::2) fd00::1.40005 "
		    "> fd00::2.80:  [|tcp]" },
		{ 98, "IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 "
		    "[Deprecated], segleft=1, [0]fd00::2) 40005 > 80: "
		    "Flags [S], seq 1, win 100, options [ [|tcp]" },
		{ 100, "IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 "
		    "[Deprecated], segleft=1, [0]fd00::2) 40005 > 80: "
		    "Flags [S], seq 1, win 100, options [mss [|tcp]" },
		{ 102, "IP6 fd00::1 > fd00::2: RT6 (len=2, type=0 "
		    "[Deprecated], segleft=1, [0]fd00::2) 40005 > 80: "
		    "Flags [S], seq 1, win 100, options [mss 1440], "
		    "length 0" },
		{ 0, NULL }
	  } },
	{ "icmp6-unreach",
	  "02000000000202000000000186dd6000000000383a40fd00000000000000"
	  "0000000000000001fd0000000000000000000000000000020104f7560000"
	  "00006000000000081140fd000000000000000000000000000001fd000000"
	  "0000000000000000000000029c46000900080000",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cuts 14-53: " [|ip6]" */
		{ 14, "IP6  [|ip6]" },
		/*
		 * tcpdump 4.99.3 prints, at cut 55: "IP6 fd00::1 > fd00::2:
		 * ICMP6, destination unreachable [|icmp6]"; at cuts 56-61:
		 * "IP6 fd00::1 > fd00::2: ICMP6, destination unreachable,
		 * unreachable port [|icmp6]"
		 */
		{ 54, "IP6 fd00::1 > fd00::2:  [|icmp6]" },
		{ 62, "IP6 fd00::1 > fd00::2: ICMP6, destination "
		    "unreachable, unreachable port [|icmp6]" },
		{ 106, "IP6 fd00::1 > fd00::2: ICMP6, destination "
		    "unreachable, unreachable port, fd00::2 udp port 9, "
		    "length 56" },
		{ 0, NULL }
	  } },
	{ "icmp6-mld2",
	  "02000000000202000000000186dd60000000002c3a40fd00000000000000"
	  "0000000000000001fd00000000000000000000000000000282005a6c2710"
	  "0000fd000000000000000000000000000002027d0001fd00000000000000"
	  "0000000000000001",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cuts 14-53: " [|ip6]" */
		{ 14, "IP6  [|ip6]" },
		/*
		 * tcpdump 4.99.3 prints, at cut 55: "IP6 fd00::1 > fd00::2:
		 * ICMP6, multicast listener query [|icmp6]"; at cuts 56-61:
		 * "IP6 fd00::1 > fd00::2: ICMP6, multicast listener query v2
		 * [|icmp6]"
		 */
		{ 54, "IP6 fd00::1 > fd00::2:  [|icmp6]" },
		{ 62, "IP6 fd00::1 > fd00::2: ICMP6, multicast listener "
		    "query v2 [|icmp6]" },
		{ 78, "IP6 fd00::1 > fd00::2: ICMP6, multicast listener "
		    "query v2 [gaddr fd00::2 [|icmp6]" },
		{ 82, "IP6 fd00::1 > fd00::2: ICMP6, multicast listener "
		    "query v2 [gaddr fd00::2, 1 source(s)], length 44" },
		{ 0, NULL }
	  } },
	{ "icmp6-redirect",
	  "02000000000202000000000186dd6000000000283a40fd00000000000000"
	  "0000000000000001fd00000000000000000000000000000289007cfa0000"
	  "0000fd000000000000000000000000000001fd0000000000000000000000"
	  "00000002",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cuts 14-53: " [|ip6]" */
		{ 14, "IP6  [|ip6]" },
		/*
		 * tcpdump 4.99.3 prints, at cuts 55-61: "IP6 fd00::1 >
		 * fd00::2: ICMP6, redirect [|icmp6]"
		 */
		{ 54, "IP6 fd00::1 > fd00::2:  [|icmp6]" },
		{ 62, "IP6 fd00::1 > fd00::2: ICMP6, redirect [|icmp6]" },
		{ 94, "IP6 fd00::1 > fd00::2: ICMP6, redirect, fd00::2 to "
		    "fd00::1, length 40" },
		{ 0, NULL }
	  } },
	{ "arp",
	  "020000000002020000000001080600010800060400010200000000010a00"
	  "00010000000000000a000002",
	  {
		/* tcpdump 4.99.3 prints, at cuts 1-13: " [|ether]" */
		{ 0, "[|ether]" },
		/* tcpdump 4.99.3 prints, at cuts 14-41: " [|arp]" */
		{ 14, "ARP,  [|arp]" },
		{ 42, "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length "
		    "28" },
		{ 0, NULL }
	  } },
};

/* Decode the hex digits of s into b (at most n bytes); returns the count. */
static size_t
unhex(const char *s, uint8_t *b, size_t n)
{
	size_t		i;
	unsigned	v;

	for (i = 0; i < n && sscanf(s + 2 * i, "%2x", &v) == 1; i++)
		b[i] = (uint8_t)v;
	return (i);
}

/*
 * The line for frame f (n bytes on the wire) cut to its first cut bytes,
 * without the decoder's " [tcpx: ...]" note.  The cut bytes sit in a heap
 * buffer of exactly that size, so any read past them is an error under
 * the sanitizers; the JSON printer reads the same packet.
 */
static const char *
cut_line(const uint8_t *f, size_t cut, size_t n)
{
	struct printer	*pr = printer_new();
	struct pkt	 p;
	uint8_t		*b;
	char		 j[PRINT_JSON_MAX], *e;

	if ((b = malloc(cut)) == NULL && cut > 0)
		abort();
	if (cut > 0)
		memcpy(b, f, cut);
	memset(&p, 0, sizeof p);
	(void)wire_decode(&p, WIRE_DLT_EN10MB, b, cut, n);
	print_pkt(pr, &p, out, sizeof out);
	print_json(&p, NULL, j, sizeof j);
	free(b);
	printer_free(pr);
	if ((e = strstr(out, " [tcpx: ")) != NULL)
		*e = '\0';
	return (out);
}

/* Every prefix of each frame prints what tcpdump prints for that cut. */
static void
test_cut_every_length(void)
{
	const struct cutcase	*c;
	uint8_t			 f[256];
	size_t			 i, k, n, cut, to;
	const char		*want;

	for (i = 0; i < sizeof cutcases / sizeof cutcases[0]; i++) {
		c = &cutcases[i];
		n = unhex(c->hex, f, sizeof f);
		ok(n == strlen(c->hex) / 2 && c->at[0].from == 0,
		    "%s: a %zu-byte frame, every cut from 0 on", c->name, n);
		for (k = 0; (want = c->at[k].want) != NULL; k++) {
			to = c->at[k + 1].want != NULL ? c->at[k + 1].from :
			    n + 1;
			for (cut = c->at[k].from; cut < to; cut++) {
				if (strcmp(cut_line(f, cut, n), want) != 0)
					break;
			}
			if (cut < to)
				diag("%s cut to %zu bytes", c->name, cut);
			is_str(cut < to ? out : want, want,
			    "%s cut to %zu..%zu bytes: %s", c->name,
			    c->at[k].from, to - 1, want);
		}
	}
}

/* IPv6 addresses print as tcpdump prints them. */
static void
test_ip6_text(void)
{
	static const struct {
		uint8_t		 a[16];
		const char	*want;
	} t[] = {
		{ { 0xfd, 0, [15] = 1 }, "fd00::1" },
		{ { [15] = 1 }, "::1" },
		{ { 0 }, "::" },
		{ { [10] = 0xff, 0xff, 10, 0, 0, 1 }, "::ffff:10.0.0.1" },
		{ { 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 },
		  "2001:db8:0:1::1" },
		{ { 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 },
		  "2001:db8::1:0:0:1" },
		{ { 0x20, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0 },
		  "2001:1:1:1:1:1:1:0" },
		{ { 0xff, 2, [13] = 1, 0xff, 0x02 }, "ff02::1:ff02" },
	};
	struct pbuf	pb;
	char		buf[64];
	size_t		i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		pb_init(&pb, buf, sizeof buf);
		pb_ip6(&pb, t[i].a);
		pb_done(&pb);
		is_str(buf, t[i].want, "IPv6 text %s", t[i].want);
	}
}

/* Timestamps and JSON. */
static void
test_ts_json(void)
{
	struct timeval	tv = { 3600 * 5 + 60 * 4 + 3, 7 };
	struct pkt	p;
	uint8_t		f[256];
	char		j[PRINT_JSON_MAX];
	size_t		n;
	static const uint8_t o[] = { 2, 4, 5, 0xb4, 1, 3, 3, 7 };

	setenv("TZ", "UTC", 1);
	print_ts(&tv, out, sizeof out);
	is_str(out, "05:04:03.000007", "timestamp in local time, microseconds");
	tv.tv_usec = 999999;
	print_ts(&tv, out, sizeof out);
	is_str(out, "05:04:03.999999", "timestamp from the same second");
	n = mk_tcp4(f, "10.0.0.1", "10.0.0.2", 1, 2, 3, 4, TH_SYN, o,
	    sizeof o, 0);
	memset(&p, 0, sizeof p);
	(void)wire_decode(&p, WIRE_DLT_EN10MB, f, n, n);
	print_json(&p, &tv, j, sizeof j);
	ok(j[0] == '{' && j[strlen(j) - 1] == '}', "JSON is one object");
	ok(strstr(j, "\"tcp\":{\"sport\":1,\"dport\":2,\"seq\":3,\"ack\":4,") !=
	    NULL, "JSON TCP ports and numbers");
	ok(strstr(j, "{\"kind\":2,\"name\":\"mss\",\"len\":4,\"mss\":1460}") !=
	    NULL, "JSON typed MSS option: %s", j);
	ok(strstr(j, "\"wscale\":7}") != NULL, "JSON window scale option");
	ok(strstr(j, "\"ip4\":{\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\"") !=
	    NULL, "JSON IPv4 addresses");
	ok(strstr(j, "\"ts\":18243.999999") != NULL, "JSON timestamp");
	n = print_json(&p, &tv, j, 60);
	is_str(j, "{\"error\":\"tcpx: JSON object too long\"}",
	    "a JSON object that does not fit stays valid JSON");
	(void)n;
}

int
main(void)
{
	test_relative_seq();
	test_options();
	test_other_protocols();
	test_malformed();
	test_cut_every_length();
	test_ip6_text();
	test_ts_json();
	return (done_testing());
}
