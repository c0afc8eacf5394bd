/*
 * tests/unit/test-print.c - the tcpdump-style printer on hand-built frames:
 * relative sequence numbers (tcpdump's tcp_seq_hash rules), every TCP
 * option's rendering including malformed lists, UDP, ICMP, ARP, IPv6
 * address text, undecodable packets, timestamps and JSON.
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
	test_ip6_text();
	test_ts_json();
	return (done_testing());
}
