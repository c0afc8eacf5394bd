/*
 * tests/unit/test-pkt-parse.c - the packetdrill script parser
 * (core/pkt.h) on scripts written for these tests: every construct, read
 * back through an independent dump (tests/unit/pktdump.h); every error,
 * with its whole message; every limit; and a script of a million lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt.h"
#include "tests/tap.h"
#include "tests/unit/pktdump.h"

#define DUMPLEN	16384

struct valid_case {
	const char	*name;
	const char	*script;
	const char	*dump;		/* dump_script() of the result */
};

struct bad_case {
	const char	*script;
	const char	*err;		/* the whole message */
};

static const char *const test_defs[] = {
	"LINUX", "COOKIE=abcd1234", "FD=3", "NEGFD=-1", "GREETING=\"hi\"",
	"FLAG=MSG_MORE", "CODE=port_unreachable", "EMPTY=",
};
#define NDEFS	(sizeof test_defs / sizeof test_defs[0])

static struct pkt_script *parse(const char *text, char *err);
static void	valid(const struct valid_case *vc);
static void	bad(const struct bad_case *bc);
static void	test_valid(void);
static void	test_bad(void);
static void	test_spec(void);
static void	test_api(void);
static char	*repeat(const char *head, const char *unit, size_t n,
		    const char *tail);
static void	bad_big(const char *name, char *script, const char *want);
static void	test_limits(void);
static void	test_million(void);

/* Parse text (a C string) as "t.pkt" with the test defines. */
static struct pkt_script *
parse(const char *text, char *err)
{
	return (pkt_parse(text, strlen(text), "t.pkt", test_defs, NDEFS, err,
	    PKT_ERRLEN));
}

/* A script that must parse and dump as given. */
static void
valid(const struct valid_case *vc)
{
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN], out[DUMPLEN];

	s = parse(vc->script, err);
	if (!ok(s != NULL, "%s: parses", vc->name)) {
		diag("%s", err);
		return;
	}
	dump_script(s, out, sizeof out);
	is_str(out, vc->dump, "%s: statements", vc->name);
	pkt_free(s);
}

/* A script that must fail with the message given. */
static void
bad(const struct bad_case *bc)
{
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN];

	s = parse(bc->script, err);
	ok(s == NULL, "refused: %s", bc->err);
	is_str(err, bc->err, "message for %.*s", (int)strcspn(bc->script,
	    "\n"), bc->script);
	pkt_free(s);
}

/* Every construct, each read back through the dump. */
static void
test_valid(void)
{
	static const struct valid_case cases[] = {
	{ "options and a shell line at the top",
	  "--tolerance_usecs=10000\n--ip_version=ipv4\n--mss = 1000\n"
	  "--strict_segments\n--local_ip=\"192.0.2.1\" // ours\n"
	  "--bad=x/*c*/\n"
	  "`../common/defaults.sh`\n0 close(3) = 0\n",
	  "1 option tolerance_usecs=10000\n2 option ip_version=ipv4\n"
	  "3 option mss=1000\n4 option strict_segments\n"
	  "5 option local_ip=192.0.2.1\n6 option bad=x\n"
	  "7 - shell `../common/defaults.sh`\n8 @0 syscall close(3) = 0\n" },
	{ "times",
	  "0 close(3) = 0\n1.5 close(3) = 0\n.005 close(3) = 0\n"
	  "+0 close(3) = 0\n+.1 close(3) = 0\n* close(3) = 0\n"
	  "0.1~0.2 close(3) = 0\n+.3~+.310 close(3) = 0\n"
	  "0.0000019 close(3) = 0\n+2 ~ +2 close(3) = 0\n"
	  "1000000 close(3) = 0\n",
	  "1 @0 syscall close(3) = 0\n2 @1500000 syscall close(3) = 0\n"
	  "3 @5000 syscall close(3) = 0\n4 +0 syscall close(3) = 0\n"
	  "5 +100000 syscall close(3) = 0\n6 * syscall close(3) = 0\n"
	  "7 @100000~@200000 syscall close(3) = 0\n"
	  "8 +300000~+310000 syscall close(3) = 0\n"
	  "9 @1 syscall close(3) = 0\n10 +2000000~+2000000 syscall close(3) = 0\n"
	  "11 @1000000000000 syscall close(3) = 0\n" },
	{ "packets in packetdrill's forms",
	  "0 > S 0:0(0) <...>\n"
	  "+0 < . 1:1(0) ack 1 win 257\n"
	  "+0 > P. 1:1001(1000) ack 1 // data\n"
	  "+0 > F. 1001:1001(0) ack 1 /* fin */\n"
	  "+0 > R 1:1(0)\n"
	  "+0 < S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 6>\n"
	  "+0 < [noecn] E. 1:1(0) ack 1001 win 320\n"
	  "+0 > [ect0] SEW 0:0(0) win 1000 <mss 1460,TS val 1 ecr 0>\n"
	  "+0 < . 1:1(0) ack 1 win 257 <sack 1001:2001 3001:4001,nop,nop>\n"
	  "+0 < S 0:10(10) win 1 <FOEXP COOKIE,FO,md5 0123456789abcdef"
	  "0123456789abcdef>\n"
	  "+0 < P. 1:5(4) ack 1 payload \"a//b\" // tcpx's own\n"
	  "+0 < P. 1:4(3) ack 1 payload \"\\\"/\\\\\" // escapes\n"
	  "+0<S 0:0(0)\n",
	  "1 @0 packet > tcp S 0:0(0) <...>\n"
	  "2 +0 packet < tcp . 1:1(0) ack 1 win 257\n"
	  "3 +0 packet > tcp P. 1:1001(1000) ack 1\n"
	  "4 +0 packet > tcp F. 1001:1001(0) ack 1\n"
	  "5 +0 packet > tcp R 1:1(0)\n"
	  "6 +0 packet < tcp S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,"
	  "wscale 6>\n"
	  "7 +0 packet < tcp [noecn] E. 1:1(0) ack 1001 win 320\n"
	  "8 +0 packet > tcp [ect0] SEW 0:0(0) win 1000 <mss 1460,TS val 1 "
	  "ecr 0>\n"
	  "9 +0 packet < tcp . 1:1(0) ack 1 win 257 <sack 1001:2001 "
	  "3001:4001,nop,nop>\n"
	  "10 +0 packet < tcp S 0:10(10) win 1 <FOEXP abcd1234,FO,md5 "
	  "0123456789abcdef0123456789abcdef>\n"
	  "11 +0 packet < tcp P. 1:5(4) ack 1 payload \"a//b\"\n"
	  "12 +0 packet < tcp P. 1:4(3) ack 1 payload \"\\\"/\\\\\"\n"
	  "13 +0 packet < tcp S 0:0(0)\n" },
	{ "ICMP errors",
	  "0 < icmp unreachable\n"
	  "+0 < icmp unreachable CODE [0:10(10)]\n"
	  "+0 < icmp unreachable frag_needed mtu 800\n"
	  "+0 < icmp packet_too_big mtu 1400 [ 0:1440(1440) ]\n"
	  "+0 > icmp time_exceeded [5000:6000(1000)] // a comment\n",
	  "1 @0 packet < icmp type=unreachable\n"
	  "2 +0 packet < icmp type=unreachable code=port_unreachable "
	  "seq=0:10(10)\n"
	  "3 +0 packet < icmp type=unreachable code=frag_needed mtu=800\n"
	  "4 +0 packet < icmp type=packet_too_big mtu=1400 "
	  "seq=0:1440(1440)\n"
	  "5 +0 packet > icmp type=time_exceeded seq=5000:6000(1000)\n" },
	{ "system calls",
	  "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	  "+0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR)\n"
	  "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in "
	  "progress)\n"
	  "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8)"
	  " = 0\n"
	  "+0...0.040 poll([{fd=3, events=POLLOUT,\n"
	  "   revents=POLLOUT}], 1, 1000) = 1\n"
	  "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n"
	  "+0 write(3, ..., 1000) = -1 EPIPE(Broken pipe)\n"
	  "+0 read(3, NULL, -5) = -1 (Invalid Argument)\n"
	  "+0 getpid() = 7\n"
	  "+0 f([], {}, [-9223372036854775808, 0x7fffffffffffffff]) = -1\n"
	  "+0 f(0xAbC) = -1 E (  spaced  )\n",
	  "1 @0 syscall socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	  "2 +0 syscall fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	  "3 +0 syscall fcntl(3, F_GETFL) = 2050 (flags O_RDWR)\n"
	  "4 +0 syscall connect(3, ..., ...) = -1 EINPROGRESS (Operation "
	  "now in progress)\n"
	  "5 +0 syscall setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, "
	  "linger=0}, 8) = 0\n"
	  "6 +0 syscall ...40000 poll([{fd=3, events=POLLOUT, "
	  "revents=POLLOUT}], 1, 1000) = 1\n"
	  "8 +0 syscall getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], "
	  "[4]) = 0\n"
	  "9 +0 syscall write(3, ..., 1000) = -1 EPIPE (Broken pipe)\n"
	  "10 +0 syscall read(3, NULL, -5) = -1 (Invalid Argument)\n"
	  "11 +0 syscall getpid() = 7\n"
	  "12 +0 syscall f([], {}, [-9223372036854775808, "
	  "9223372036854775807]) = -1\n"
	  "13 +0 syscall f(2748) = -1 E (spaced)\n" },
	{ "strings, calls and keyed fields",
	  "0 setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \"\\xf7\\x63\\n\\r"
	  "\\t\\0\\\\\\\"\\'x\", 16) = 0\n"
	  "+0 sendto(3, \"GET /\"..., 5, 0, {sa_family=AF_INET, "
	  "sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 5\n"
	  "+0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 0}],\n"
	  "   msg_flags=MSG_ERRQUEUE}, MSG_ERRQUEUE) = 0\n",
	  "1 @0 syscall setsockopt(3, SOL_TCP, TCP_FASTOPEN_KEY, \""
	  "\\xf7c\\x0a\\x0d\\x09\\x00\\x5c\\x22'x\", 16) = 0\n"
	  "2 +0 syscall sendto(3, \"GET /\"..., 5, 0, {sa_family=AF_INET, "
	  "sin_port=htons(8080), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 5\n"
	  "3 +0 syscall recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 0}"
	  "], msg_flags=MSG_ERRQUEUE}, MSG_ERRQUEUE) = 0\n" },
	{ "defines in arguments and packets",
	  "0 send(FD, GREETING, 2, FLAG|NEGFD) = 2\n"
	  "+0 > S 0:0(0) <FO COOKIE>\n"
	  "+0 < P. 1:7(6) ack 1 payload \"COOKIE\"\n"
	  "+0 close(EMPTY) = 0\n",
	  "1 @0 syscall send(3, \"hi\", 2, MSG_MORE|-1) = 2\n"
	  "2 +0 packet > tcp S 0:0(0) <FO abcd1234>\n"
	  "3 +0 packet < tcp P. 1:7(6) ack 1 payload \"COOKIE\"\n"
	  "4 +0 syscall close() = 0\n" },
	{ "shell lines",
	  "`a`\n+0 `tc qdisc\nshow`\n0 close(3) = 0\n`b \\` c`\n",
	  "1 - shell `a`\n2 +0 shell `tc qdisc\nshow`\n"
	  "4 @0 syscall close(3) = 0\n5 - shell `b \\` c`\n" },
	{ "comments",
	  "// first\n/* a\n * block\n */ 0 close(3) /* in */ = 0 // end\n"
	  "/**/+0 close(/* arg */ 4) = 0\n",
	  "4 @0 syscall close(3) = 0\n5 +0 syscall close(4) = 0\n" },
	{ "simple asserts",
	  "0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%\n"
	  "+0 %{\nassert tcpi_snd_cwnd == 10 # no moderation\n"
	  "assert 15000 <= tcpi_rtt <= 25000, 'rtt=%d' % tcpi_rtt\n"
	  "assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0, tcpi_options\n"
	  "assert tcpi_options & 4 > 0; assert tcpi_lost >= -1 ,\\\n"
	  "  'a, b: %d %d' % (tcpi_lost, tcpi_sacked)\n"
	  "X = 0x7fffffff\ncwnd = 10; cwnd += 2; cwnd -= 1\n"
	  "print(tcpi_snd_cwnd); assert tcpi_snd_cwnd == cwnd\n"
	  "assert tcpi_rto < 3 ; assert tcpi_rto > 1\n}%\n"
	  "+0 %{ }%\n"
	  "+0 %{ assert a == 1, 'x\\'y'\\\r\n  % a; assert b == 2, b\\\n"
	  "  \\\n  c }%\n",
	  "1 @0 code assert tcpi_state == TCP_ESTABLISHED | tcpi_state\n"
	  "2 +0 code assert tcpi_snd_cwnd == 10; "
	  "assert 15000 <= tcpi_rtt <= 25000 | 'rtt=%d' % tcpi_rtt; "
	  "assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0 | tcpi_options; "
	  "assert (tcpi_options & 4) > 0; "
	  "assert tcpi_lost >= -1 | 'a, b: %d %d' % (tcpi_lost, tcpi_sacked); "
	  "set X 2147483647; set cwnd 10; add cwnd 2; sub cwnd 1; "
	  "print tcpi_snd_cwnd; assert tcpi_snd_cwnd == cwnd; "
	  "assert tcpi_rto < 3; assert tcpi_rto > 1\n"
	  "13 +0 code \n"
	  "14 +0 code assert a == 1 | 'x\\'y' % a; assert b == 2 | b c\n" },
	{ "code that is not a simple assert",
	  "0 %{ assert tcpi_state == 1 and tcpi_rtt > 0 }%\n"
	  "+0 %{\n\nimport os\n}%\n"
	  "+0 %{ assert tcpi_state }%\n"
	  "+0 %{ x = f(1) }%\n"
	  "+0 %{ print('x') }%\n"
	  "+0 %{ assert x == 1, }%\n"
	  "+0 %{ assert (x & 1 == 1 }%\n"
	  "+0 %{ assert x == 99999999999999999999 }%\n"
	  "+0 %{ assert x == -y }%\n"
	  "+0 %{ print(x) y }%\n"
	  "+0 %{ print(x y) }%\n"
	  "+0 %{ assert x == \"s\" }%\n"
	  "+0 %{ assert x == aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  " }%\n"
	  "+0 %{ assert (x & ) == 1 }%\n"
	  "+0 %{ print() }%\n"
	  "+0 %{ x = ) }%\n",
	  "1 @0 code unsupported: line 1: unexpected at \"and\" in \"assert "
	  "tcpi_state == 1 and tcpi_rtt > 0\"\n"
	  "2 +0 code unsupported: line 4: not an assert, assignment or print "
	  "at \"import\" in \"import os\"\n"
	  "6 +0 code unsupported: line 6: expected a comparison at the end "
	  "of \"assert tcpi_state\"\n"
	  "7 +0 code unsupported: line 7: unexpected at \"(\" in \"x = "
	  "f(1)\"\n"
	  "8 +0 code unsupported: line 8: expected a number or a name at "
	  "\"'\" in \"print('x')\"\n"
	  "9 +0 code unsupported: line 9: missing message after \",\" at "
	  "\",\" in \"assert x == 1,\"\n"
	  "10 +0 code unsupported: line 10: expected \")\" at \"==\" in "
	  "\"assert (x & 1 == 1\"\n"
	  "11 +0 code unsupported: line 11: not an integer at "
	  "\"99999999999999999999\" in \"assert x == 99999999999999999999\"\n"
	  "12 +0 code unsupported: line 12: expected a number or a name at "
	  "\"y\" in \"assert x == -y\"\n"
	  "13 +0 code unsupported: line 13: unexpected at \"y\" in "
	  "\"print(x) y\"\n"
	  "14 +0 code unsupported: line 14: expected \")\" at \"y\" in "
	  "\"print(x y)\"\n"
	  "15 +0 code unsupported: line 15: expected a number or a name at "
	  "\"\"\" in \"assert x == \"s\"\"\n"
	  "16 +0 code unsupported: line 16: name too long at "
	  "\"aaaaaaaaaaaaaaaaaaaa\" in \"assert x == aaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaa\"\n"
	  "17 +0 code unsupported: line 17: expected a number or a name at "
	  "\")\" in \"assert (x & ) == 1\"\n"
	  "18 +0 code unsupported: line 18: expected a number or a name at "
	  "\")\" in \"print()\"\n"
	  "19 +0 code unsupported: line 19: expected a number or a name at "
	  "\")\" in \"x = )\"\n" },
	{ "#ifdef, #ifndef, #else, #endif",
	  "#ifdef LINUX\n0 close(1) = 0\n#else\n  not parsed at all (\n#endif\n"
	  "#ifndef LINUX // a comment\n+0 close(2) = 0\n#else\n"
	  "  # ifdef BSD\n+0 close(3) = 0\n# else\n+0 close(4) = 0\n#endif\n"
	  "#endif\n"
	  "#ifdef BSD\n#ifdef LINUX\n+0 close(5) = 0\n#elif X\n#endif\n"
	  "#else\n+0 close(6) = 0\n#endif\n",
	  "2 @0 syscall close(1) = 0\n12 +0 syscall close(4) = 0\n"
	  "21 +0 syscall close(6) = 0\n" },
	{ "an empty script", "", "" },
	{ "only comments and blanks", "// x\n\n  \t\r\n/* y */\n", "" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		valid(&cases[i]);
}

/* Every error, with its whole message. */
static void
test_bad(void)
{
	static const struct bad_case cases[] = {
	/* The lexer. */
	{ "#ifdef LINUX x\n#endif\n",
	  "t.pkt:1: unexpected text after #ifdef NAME near \"x\"" },
	{ "#ifndef X\n#endif x\n",
	  "t.pkt:2: unexpected text after #endif near \"x\"" },
	{ "#ifdef X\n#else x\n#endif\n",
	  "t.pkt:2: unexpected text after #else near \"x\"" },
	{ "#ifdef\n", "t.pkt:1: #ifdef needs a NAME near \"#ifdef\"" },
	{ "#ifndef (\n", "t.pkt:1: #ifndef needs a NAME near \"#ifndef (\"" },
	{ "#else\n", "t.pkt:1: #else without #ifdef near \"#else\"" },
	{ "0 close(3) = 0\n #endif\n",
	  "t.pkt:2: #endif without #ifdef near \"#endif\"" },
	{ "#ifdef X\n#else\n#else\n#endif\n",
	  "t.pkt:3: second #else for the #ifdef of line 1 near \"#else\"" },
	{ "#include <x>\n", "t.pkt:1: unknown directive (want #ifdef, "
	  "#ifndef, #else or #endif) near \"#include <x>\"" },
	{ "0 close(3) = 0 #ifdef X\n",
	  "t.pkt:1: missing time (e.g. \"0\", \"+0.1\" or \"*\") at the "
	  "start of a statement near \"#\"" },
	{ "#ifdef X\n0 close(3) = 0\n",
	  "t.pkt:1: #ifdef without #endif near \"#ifdef X\"" },
	{ "#ifdef LINUX\n#ifndef LINUX\n#endif\n",
	  "t.pkt:1: #ifdef without #endif near \"#ifdef LINUX\"" },
	{ "0 close(3) = 0\n/* x\n*\n", "t.pkt:2: unterminated comment near "
	  "\"/*\"" },
	{ "0 f(\"ab\n\n", "t.pkt:1: unterminated string near \"\\\"ab...\"" },
	{ "\n`ls\n", "t.pkt:2: unterminated shell command near \"`ls...\"" },
	{ "0 %{ assert x == 1 }\n", "t.pkt:1: unterminated %{ (no }%) near "
	  "\"%{\"" },
	{ "0 < S 0:0(0) <mss 1460\n", "t.pkt:1: bad packet: unterminated "
	  "\"<\" near \"S 0:0(0) <mss 1460\"" },
	/* Options and times. */
	{ "-D\n", "t.pkt:1: negative time near \"-\"" },
	{ "0 close(3) = 0\n--mss=1000\n", "t.pkt:2: option after the first "
	  "statement (options go at the top) near \"--mss\"" },
	{ "`x`\n--mss=1000\n", "t.pkt:2: option after the first statement "
	  "(options go at the top) near \"--mss\"" },
	{ "--ip=\"1.2.3.4\n", "t.pkt:1: unterminated string near "
	  "\"\\\"1.2.3.4\"" },
	{ "--mss=\n", "t.pkt:1: missing value after \"=\" near \"--mss\"" },
	{ "--mss= // x\n", "t.pkt:1: missing value after \"=\" near "
	  "\"--mss\"" },
	{ "+ close(3) = 0\n", "t.pkt:1: missing time in seconds near "
	  "\"close\"" },
	{ "0x10 close(3) = 0\n", "t.pkt:1: time must be in decimal seconds "
	  "near \"0x10\"" },
	{ "1000001 close(3) = 0\n", "t.pkt:1: time past the limit of "
	  "1000000 seconds near \"1000001\"" },
	{ "1000000.5 close(3) = 0\n", "t.pkt:1: time past the limit of "
	  "1000000 seconds near \"1000000.5\"" },
	{ "-1 close(3) = 0\n", "t.pkt:1: negative time near \"-\"" },
	{ "close(3) = 0\n", "t.pkt:1: missing time (e.g. \"0\", \"+0.1\" or "
	  "\"*\") at the start of a statement near \"close\"" },
	{ "%{ assert tcpi_state == 1 }%\n", "t.pkt:1: missing time (e.g. "
	  "\"0\", \"+0.1\" or \"*\") at the start of a statement near "
	  "\"%{ assert tcpi_state == 1 }%\"" },
	{ "+1~2 close(3) = 0\n", "t.pkt:1: a range's ends must be both "
	  "relative (\"+T~+T\") or both absolute (\"T~T\") near \"2\"" },
	{ "1~+2 close(3) = 0\n", "t.pkt:1: a range's ends must be both "
	  "relative (\"+T~+T\") or both absolute (\"T~T\") near \"+\"" },
	{ "2~1 close(3) = 0\n", "t.pkt:1: range ends before it starts near "
	  "\"1\"" },
	{ "0 close(3) = 0\n+0\n", "t.pkt:2: expected a packet (\"<\" or "
	  "\">\"), a system call, a `shell command` or %{ code }% after the "
	  "time near end of file" },
	{ "0 42\n", "t.pkt:1: expected a packet (\"<\" or \">\"), a system "
	  "call, a `shell command` or %{ code }% after the time near "
	  "\"42\"" },
	/* Packets. */
	{ "0 <\n", "t.pkt:1: missing packet after \"<\" near \"<\"" },
	{ "0 > // nothing\n", "t.pkt:1: missing packet after \">\" near "
	  "\">\"" },
	{ "0 < Z 0:0(0)\n", "t.pkt:1: bad packet: unknown flag 'Z' in "
	  "\"Z\" near \"Z 0:0(0)\"" },
	{ "0 < S 0:0(0) <FO TFO_COOKIE>\n", "t.pkt:1: bad packet: bad hex "
	  "\"TFO_COOKIE\" in FO: 'T' is not a hex digit near \"S 0:0(0) <FO "
	  "TFO_COOKIE>\"" },
	{ "0 < udp (1000)\n", "t.pkt:1: unsupported: UDP packets near "
	  "\"udp (1000)\"" },
	{ "0 < ipv4 1.1.1.1 > 2.2.2.2: S 0:0(0)\n", "t.pkt:1: unsupported: "
	  "\"ipv4\" packets (tunnels and encapsulation) near \"ipv4 1.1.1.1 "
	  "> 2.2.2.2: S 0:0(0)\"" },
	{ "0 < encap psp spi 7 . 1:1(0)\n", "t.pkt:1: unsupported: \"encap\" "
	  "packets (tunnels and encapsulation) near \"encap psp spi 7 . "
	  "1:1(0)\"" },
	{ "0 < (tos 0x4) S 0:0(0)\n", "t.pkt:1: unsupported: IP fields in "
	  "\"( )\" (only [noecn], [ect0], [ect1], [ce] or [ect01]) near "
	  "\"(tos 0x4) S 0:0(0)\"" },
	{ "0 < 8080 > 80 S 0:0(0)\n", "t.pkt:1: unsupported: port numbers "
	  "before the flags near \"8080 > 80 S 0:0(0)\"" },
	{ "0 < icmp unreachable [1:2]\n", "t.pkt:1: bad ICMP quoted segment "
	  "(want [START:END(LEN)]) near \"[1:2]\"" },
	{ "0 < icmp unreachable [1:2(3)]\n", "t.pkt:1: bad ICMP quoted "
	  "segment: length 3 != 2-1 near \"[1:2(3)]\"" },
	{ "0 < icmp a b mtu 1 [0:0(0)] c d e\n", "t.pkt:1: too many words in "
	  "an ICMP packet near \"e\"" },
	{ "0 < icmp\n", "t.pkt:1: missing ICMP type after \"icmp\" near "
	  "\"icmp\"" },
	{ "0 < icmp [0:0(0)]\n", "t.pkt:1: missing ICMP type after \"icmp\" "
	  "near \"icmp [0:0(0)]\"" },
	{ "0 < icmp unreachable port-unreachable\n", "t.pkt:1: bad ICMP code "
	  "near \"port-unreachable\"" },
	{ "0 < icmp unreachable mtu x\n", "t.pkt:1: missing MTU (0-65535) "
	  "after \"mtu\" near \"mtu\"" },
	{ "0 < icmp unreachable mtu\n", "t.pkt:1: missing MTU (0-65535) "
	  "after \"mtu\" near \"mtu\"" },
	{ "0 < icmp unreachable id 5\n", "t.pkt:1: unsupported in an ICMP "
	  "packet (want icmp TYPE [CODE] [mtu N] [[START:END(LEN)]]) near "
	  "\"5\"" },
	/* System calls. */
	{ "0 f(\"\\q\") = 0\n", "t.pkt:1: bad escape in string (want \\n "
	  "\\r \\t \\0 \\\\ \\\" \\' or \\xHH) near \"\\\\q\"" },
	{ "0 f(\"\\x4\") = 0\n", "t.pkt:1: bad escape in string (want "
	  "\\xHH) near \"\\\\x4\"" },
	{ "0 f(-x) = 0\n", "t.pkt:1: expected an integer near \"x\"" },
	{ "0 f(1.5) = 0\n", "t.pkt:1: expected an integer, not a fraction "
	  "near \"1.5\"" },
	{ "0 f(9223372036854775808) = 0\n", "t.pkt:1: integer out of range "
	  "near \"9223372036854775808\"" },
	{ "0 f(-9223372036854775809) = 0\n", "t.pkt:1: integer out of range "
	  "near \"9223372036854775809\"" },
	{ "0 f(1 2) = 0\n", "t.pkt:1: expected \",\" or \")\" near \"2\"" },
	{ "0 f([1 }) = 0\n", "t.pkt:1: expected \",\" or \"]\" near \"}\"" },
	{ "0 f({a=1;}) = 0\n", "t.pkt:1: expected \",\" or \"}\" near "
	  "\";\"" },
	{ "0 f(1,) = 0\n", "t.pkt:1: expected a value (a number, NAME, "
	  "\"string\", ..., [array] or {struct}) near \")\"" },
	{ "0 f(\n", "t.pkt:1: expected a value (a number, NAME, \"string\", "
	  "..., [array] or {struct}) near end of file" },
	{ "0 f(A|) = 0\n", "t.pkt:1: expected a value (a number, NAME, "
	  "\"string\", ..., [array] or {struct}) near \")\"" },
	{ "0 f(1=2) = 0\n", "t.pkt:1: only a NAME or NAME(...) can be given "
	  "a value with \"=\" near \"=\"" },
	{ "0 f(a=) = 0\n", "t.pkt:1: expected a value (a number, NAME, "
	  "\"string\", ..., [array] or {struct}) near \")\"" },
	{ "0 f() = -1 EAGAIN (Resource\n", "t.pkt:1: unterminated note (want "
	  "\")\" on the same line) near \"(\"" },
	{ "* ...1 f() = 0\n", "t.pkt:1: a blocking call (\"...T\") needs a "
	  "start time, not \"*\" near \"1\"" },
	{ "0 ...x f() = 0\n", "t.pkt:1: missing time in seconds near "
	  "\"x\"" },
	{ "0 ... (1) = 0\n", "t.pkt:1: missing time in seconds near "
	  "\"(\"" },
	{ "0 ...1 (1) = 0\n", "t.pkt:1: expected a system call name near "
	  "\"(\"" },
	{ "0 close = 0\n", "t.pkt:1: expected \"(\" after \"close\" near "
	  "\"=\"" },
	{ "0 close(3)\n1 close(4) = 0\n", "t.pkt:2: expected \"=\" and the "
	  "return value after close(...) near \"1\"" },
	{ "0 close(3) = \n", "t.pkt:1: expected the return value (an "
	  "integer) after \"=\" near end of file" },
	{ "0 close(3) = EBADF\n", "t.pkt:1: expected the return value (an "
	  "integer) after \"=\" near \"EBADF\"" },
	{ "0 close(3) = 1.5\n", "t.pkt:1: expected an integer, not a "
	  "fraction near \"1.5\"" },
	{ "0 close(3) = 0 EBADF\n", "t.pkt:1: an errno name goes with a "
	  "return value of -1 near \"EBADF\"" },
	{ "0 close(3) = -1 EBADF (Bad file) x\n", "t.pkt:1: missing time "
	  "(e.g. \"0\", \"+0.1\" or \"*\") at the start of a statement near "
	  "\"x\"" },
	/* A bad token anywhere stops the parse with its own message. */
	{ "+\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0~\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "+0~+\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0~1 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 ...\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 ...1 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f() \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f() = \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f() = - \"x", "t.pkt:1: unterminated string near "
	  "\"\\\"x\"" },
	{ "0 f() = 1 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f() = -1 E \"x", "t.pkt:1: unterminated string near "
	  "\"\\\"x\"" },
	{ "0 f(\"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(1 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(1, \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(- \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(\"a\" \"x", "t.pkt:1: unterminated string near "
	  "\"\\\"x\"" },
	{ "0 f(a \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(A|B \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(A|1 \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "1~0x2 close(3) = 0\n", "t.pkt:1: time must be in decimal seconds "
	  "near \"0x2\"" },
	{ "0 f(\"\\xg0\") = 0\n", "t.pkt:1: bad escape in string (want "
	  "\\xHH) near \"\\\\xg0\"" },
	{ "0 f(a= \"x", "t.pkt:1: unterminated string near \"\\\"x\"" },
	{ "0 f(1) = 0\n--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "\n", "t.pkt:2: word longer than 256 bytes near "
	  "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"" },
	{ "0 \x01\xff\n", "t.pkt:1: expected a packet (\"<\" or \">\"), a "
	  "system call, a `shell command` or %{ code }% after the time near "
	  "\"\\x01\"" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		bad(&cases[i]);
}

/* Packet lines give pdn specs; an ICMP line has none. */
static void
test_spec(void)
{
	struct pkt_script	*s;
	struct pdn_spec		 sp;
	char			 err[PKT_ERRLEN];

	s = parse("0 < [ect0] S. 0:0(0) ack 1 win 5840 <mss 1460,nop,wscale 6>"
	    "\n+0 > P. 1:1001(1000) ack 1\n+0 < icmp unreachable\n", err);
	if (!ok(s != NULL && s->nstmts == 3, "three packets")) {
		diag("%s", err);
		pkt_free(s);
		return;
	}
	ok(pkt_packet_spec(&s->stmts[0].u.packet, &sp, err, sizeof err) == 0,
	    "the SYN-ACK has a spec");
	is_int(sp.flags, TH_SYN | TH_ACK, "its flags");
	ok(sp.has_seq && sp.seq == 0 && sp.end == 0 && sp.seqlen == 0,
	    "its sequence 0:0(0)");
	ok(sp.has_ack && sp.ack == 1, "its ack");
	ok(sp.has_win && sp.win == 5840, "its window");
	is_int(sp.ecn, PDN_ECN_ECT0, "its ECN field");
	ok(sp.has_opts && sp.n_opt == 3 && sp.opt[0].o.kind == TCPOPT_MSS &&
	    sp.opt[0].o.u.mss == 1460 && sp.opt[1].o.kind == TCPOPT_NOP &&
	    sp.opt[2].o.kind == TCPOPT_WSCALE && sp.opt[2].o.u.wscale == 6,
	    "its options");
	ok(pkt_packet_spec(&s->stmts[1].u.packet, &sp, err, sizeof err) == 0 &&
	    sp.flags == (TH_PUSH | TH_ACK) && sp.seq == 1 && sp.end == 1001 &&
	    sp.seqlen == 1000 && !sp.has_win && !sp.has_opts,
	    "the data segment's spec");
	is_int(s->stmts[0].u.packet.dir, '<', "inbound");
	is_int(s->stmts[1].u.packet.dir, '>', "outbound");
	ok(pkt_packet_spec(&s->stmts[2].u.packet, &sp, err, sizeof err) == -1,
	    "an ICMP line has no TCP spec");
	is_str(err, "not a TCP packet: icmp unreachable", "and says so");
	pkt_free(s);
}

/* Lookups, names, defines and the edges of the interface. */
static void
test_api(void)
{
	static const char *const bad_def[] = { "1X" }, *const bad_def2[] = {
	    "A B" }, *const bad_def3[] = { "" };
	const char		*many[PKT_MAX_DEFINES + 1];
	const struct pkt_expr	*lin, *f;
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN], small[12];
	size_t			 i;

	s = parse("0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, "
	    "8) = 0\n", err);
	if (!ok(s != NULL, "a struct literal")) {
		diag("%s", err);
		return;
	}
	lin = &s->stmts[0].u.syscall->args[3];
	is_int(lin->kind, PKT_EX_STRUCT, "is a struct");
	f = pkt_expr_field(lin, "linger");
	ok(f != NULL && f->kind == PKT_EX_INT && f->ival == 0, "its linger");
	f = pkt_expr_field(lin, "onoff");
	ok(f != NULL && f->ival == 1, "its onoff");
	ok(pkt_expr_field(lin, "l_linger") == NULL, "no such field");
	ok(pkt_expr_field(&s->stmts[0].u.syscall->args[0], "x") == NULL,
	    "a number has no fields");
	ok(pkt_expr_field(NULL, "x") == NULL, "nor has nothing");
	pkt_free(s);

	is_str(pkt_time_kind_name(PKT_TIME_REL), "relative", "time kind name");
	is_str(pkt_time_kind_name((enum pkt_time_kind)9), "?", "unknown kind");
	is_str(pkt_kind_name(PKT_CODE), "code", "statement kind name");
	is_str(pkt_kind_name((enum pkt_kind)9), "?", "unknown statement");
	is_str(pkt_cmp_name(PKT_GE), ">=", "comparison name");
	is_str(pkt_cmp_name((enum pkt_cmp)9), "?", "unknown comparison");
	pkt_free(NULL);

	s = pkt_parse("0 close(3) = 0\n", 15, NULL, NULL, 0, NULL, 0);
	ok(s != NULL && strcmp(s->file, "-") == 0 && s->nstmts == 1,
	    "no file name, defines or error buffer");
	pkt_free(s);
	ok(pkt_parse("0 close(3) = \n", 14, "x", NULL, 0, NULL, 0) == NULL,
	    "an error with nowhere to write it");
	ok(pkt_parse("0 close(3) = \n", 14, "x", NULL, 0, small,
	    sizeof small) == NULL && strcmp(small, "x:1: expect") == 0,
	    "an error cut to a small buffer");
	ok(pkt_parse("0 close(3) = 0\n", 7, "x", NULL, 0, err,
	    sizeof err) == NULL, "a script cut short");
	is_str(err, "x:1: expected \"(\" after \"close\" near end of file",
	    "only len bytes are read");
	ok(pkt_parse("0 close(3) = 0\n\0+0 x", 20, "x", NULL, 0, err,
	    sizeof err) == NULL, "a NUL byte");
	is_str(err, "x:2: NUL byte in the script", "says where");

	ok(pkt_parse("", 0, "x", bad_def, 1, err, sizeof err) == NULL,
	    "a define that is not a name");
	is_str(err, "x: bad define \"1X\" (want NAME or NAME=VALUE)",
	    "says which");
	ok(pkt_parse("", 0, "x", bad_def2, 1, err, sizeof err) == NULL,
	    "a define with a blank");
	is_str(err, "x: bad define \"A B\" (want NAME or NAME=VALUE)",
	    "says which");
	ok(pkt_parse("", 0, "x", bad_def3, 1, err, sizeof err) == NULL,
	    "an empty define");
	for (i = 0; i < PKT_MAX_DEFINES + 1; i++)
		many[i] = "A";
	s = pkt_parse("", 0, "x", many, PKT_MAX_DEFINES, err, sizeof err);
	ok(s != NULL && s->nstmts == 0, "%d defines", PKT_MAX_DEFINES);
	pkt_free(s);
	ok(pkt_parse("", 0, "x", many, PKT_MAX_DEFINES + 1, err,
	    sizeof err) == NULL, "one define too many");
	is_str(err, "x: more than 256 defines", "names the limit");
}

/* A new string: head, n copies of unit, tail (the caller frees it). */
static char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t	hn = strlen(head), un = strlen(unit), tn = strlen(tail), i;
	char	*s = malloc(hn + un * n + tn + 1);

	if (s == NULL)
		abort();
	memcpy(s, head, hn);
	for (i = 0; i < n; i++)
		memcpy(s + hn + i * un, unit, un);
	memcpy(s + hn + n * un, tail, tn + 1);
	return (s);
}

/* A script past a limit (freed here) must fail with want. */
static void
bad_big(const char *name, char *script, const char *want)
{
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN];

	s = parse(script, err);
	ok(s == NULL, "refused: %s", name);
	is_str(err, want, "message for %s", name);
	pkt_free(s);
	free(script);
}

/* Each limit, just under (where cheap) and just over. */
static void
test_limits(void)
{
	static const char *const long_def[] = { "L=" "0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef" };
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN], *big, *x;

	big = malloc((size_t)PKT_MAX_BYTES + 1);
	memset(big, ' ', (size_t)PKT_MAX_BYTES + 1);
	ok(pkt_parse(big, (size_t)PKT_MAX_BYTES + 1, "x", NULL, 0, err,
	    sizeof err) == NULL, "a script past PKT_MAX_BYTES");
	is_str(err, "x: script of 33554433 bytes (more than 33554432)",
	    "names the limit");
	s = pkt_parse(big, PKT_MAX_BYTES, "x", NULL, 0, err, sizeof err);
	ok(s != NULL && s->nstmts == 0, "a script of PKT_MAX_BYTES blanks");
	pkt_free(s);
	free(big);

	bad_big("statements", repeat("", "`x`\n", PKT_MAX_STMTS + 1, ""),
	    "t.pkt:1048577: more than 1048576 statements near \"`x`\"");
	x = repeat("0 f(", "1,", PKT_MAX_LIST - 1, "1) = 0\n");
	big = repeat("", x, PKT_MAX_NODES / PKT_MAX_LIST + 1, "");
	free(x);
	bad_big("values", big, "t.pkt:2049: more than 2097152 values in the "
	    "system calls' arguments near \"1\"");
	bad_big("options", repeat("", "--a\n", PKT_MAX_OPTIONS + 1, ""),
	    "t.pkt:257: more than 256 options near \"--a\"");
	big = repeat("", "#ifdef A\n", PKT_MAX_IFDEPTH, "");
	x = repeat(big, "#endif\n", PKT_MAX_IFDEPTH, "");
	s = parse(x, err);
	ok(s != NULL, "#ifdef nested %d deep", PKT_MAX_IFDEPTH);
	pkt_free(s);
	free(x);
	free(big);
	bad_big("#ifdef depth", repeat("", "#ifdef A\n", PKT_MAX_IFDEPTH + 1,
	    ""), "t.pkt:33: #ifdef nested deeper than 32 near \"#ifdef A\"");
	big = repeat("0 f(", "[", PKT_MAX_DEPTH - 1, "");
	x = repeat(big, "]", PKT_MAX_DEPTH - 1, ") = 0\n");
	s = parse(x, err);
	ok(s != NULL, "arguments nested %d deep", PKT_MAX_DEPTH);
	pkt_free(s);
	free(x);
	free(big);
	bad_big("argument depth", repeat("0 f(", "[", PKT_MAX_DEPTH, ""),
	    "t.pkt:1: arguments nested deeper than 16 near \"[\"");
	s = parse((x = repeat("0 f(", "1,", PKT_MAX_LIST - 1, "1) = 0")), err);
	ok(s != NULL && s->stmts[0].u.syscall->nargs == PKT_MAX_LIST,
	    "a list of %d", PKT_MAX_LIST);
	pkt_free(s);
	free(x);
	bad_big("list length", repeat("0 f(", "1,", PKT_MAX_LIST, "1)"),
	    "t.pkt:1: more than 1024 elements in a list near \"1\"");
	bad_big("flags", repeat("0 f(A", "|A", PKT_MAX_LIST, ")"),
	    "t.pkt:1: more than 1024 values joined by \"|\" near \"|\"");
	x = repeat("0 f(", "a", PKT_MAX_WORD, ") = 0\n");
	s = parse(x, err);
	ok(s != NULL, "a name of %d bytes", PKT_MAX_WORD);
	pkt_free(s);
	free(x);
	bad_big("word length", repeat("0 f(", "a", PKT_MAX_WORD + 1, ")"),
	    "t.pkt:1: word longer than 256 bytes near "
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"");
	bad_big("number length", repeat("0 f(1.", "0", PKT_MAX_WORD, ")"),
	    "t.pkt:1: number longer than 256 bytes near "
	    "\"1.00000000000000000000000000000000000000...\"");
	bad_big("string length", repeat("0 f(\"", "a", PKT_MAX_TEXT + 1,
	    "\")"), "t.pkt:1: string longer than 65536 bytes near \"\\\"\"");
	x = repeat("`", "a", PKT_MAX_TEXT, "`");
	s = parse(x, err);
	ok(s != NULL && strlen(s->stmts[0].u.shell) == PKT_MAX_TEXT,
	    "a shell line of %d bytes", PKT_MAX_TEXT);
	pkt_free(s);
	free(x);
	bad_big("shell length", repeat("`", "a", PKT_MAX_TEXT + 1, "`"),
	    "t.pkt:1: shell command longer than 65536 bytes near \"`\"");
	bad_big("code length", repeat("0 %{", " ", PKT_MAX_TEXT + 1, "}%"),
	    "t.pkt:1: code block longer than 65536 bytes near \"%{\"");
	bad_big("note length", repeat("0 f() = -1 E (", "a", PKT_MAX_TEXT + 1,
	    ")"), "t.pkt:1: note longer than 65536 bytes near \"(\"");
	x = repeat("0 < S 0:0(0)", " ", PKT_MAX_LINE - 10, "<>\n");
	s = parse(x, err);
	ok(s != NULL, "a packet line of %d bytes", PKT_MAX_LINE);
	pkt_free(s);
	free(x);
	bad_big("packet line length", repeat("0 < S 0:0(0)", " ",
	    PKT_MAX_LINE - 8, "x\n"), "t.pkt:1: line longer than 16384 bytes "
	    "near \"S 0:0(0)                                ...\"");
	bad_big("option length", repeat("--x=", "a", PKT_MAX_LINE + 1, ""),
	    "t.pkt:1: option value longer than 16384 bytes near \"--x\"");
	bad_big("code statements", repeat("0 %{", "a=1;", PKT_MAX_CODE + 1,
	    "}%"), "t.pkt:1: code block with more than 1024 statements near "
	    "\"%{a=1;a=1;a=1;a=1;a=1;a=1;a=1;a=1;a=1;a=...\"");
	x = repeat("0 < ", "L ", 300, "\n");
	s = pkt_parse(x, strlen(x), "t.pkt", long_def, 1, err, sizeof err);
	ok(s == NULL, "defines make a packet line too long");
	is_str(err, "t.pkt:1: packet line longer than 16384 bytes once "
	    "defines are replaced near \"L L L L L L L L L L L L L L L L L L L L "
	    "...\"", "names the limit");
	free(x);

	big = repeat("L=", "S", PKT_MAX_LINE - 2, "");
	s = pkt_parse("0 < L !!", 8, "t.pkt", (const char *const *)&big, 1, err,
	    sizeof err);
	ok(s == NULL, "a define fills the packet line");
	is_str(err, "t.pkt:1: packet line longer than 16384 bytes once "
	    "defines are replaced near \"L !!\"", "names the limit");
	free(big);

	/* Defines may not grow the packets past PKT_MAX_BYTES in all. */
	big = repeat("L=S", " ", PKT_MAX_LINE - 10, "");
	x = repeat("", "0 < L\n", PKT_MAX_BYTES / (PKT_MAX_LINE - 10) + 1, "");
	s = pkt_parse(x, strlen(x), "t.pkt", (const char *const *)&big, 1, err,
	    sizeof err);
	ok(s == NULL, "defines grow the packets too much");
	is_str(err, "t.pkt:2050: defines add more than 33554432 bytes to the "
	    "packets near \"L\"", "names the limit");
	free(x);
	free(big);
}

/*
 * A script of a million lines parses, every statement counted (run it
 * with a timer to see that the time is linear; the test asserts only the
 * result, which cannot flake).
 */
static void
test_million(void)
{
	static const char *const lines[] = {
		"+0 < . 1:1(0) ack 1 win 257\n",
		"+0 write(4, ..., 1000) = 1000\n",
		"+.1 > P. 1:1001(1000) ack 1 // c\n",
		"+0 %{ assert tcpi_snd_cwnd == 10 }%\n",
		"// comment\n",
		"+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, "
		    "8) = 0\n",
		"+0 close(4) = 0\n",
		"\n",
	};
	struct pkt_script	*s;
	size_t			 nl = sizeof lines / sizeof lines[0], i, len = 0,
				 n = 1000000, k, kinds[4] = { 0 };
	char			*text, err[PKT_ERRLEN];

	for (i = 0; i < n; i++)
		len += strlen(lines[i % nl]);
	text = malloc(len + 1);
	for (i = 0, k = 0; i < n; i++) {
		memcpy(text + k, lines[i % nl], strlen(lines[i % nl]));
		k += strlen(lines[i % nl]);
	}
	text[k] = '\0';
	s = pkt_parse(text, len, "million.pkt", NULL, 0, err, sizeof err);
	if (ok(s != NULL, "a million lines (%zu bytes) parse", len)) {
		is_int(s->nstmts, n / nl * 6, "every statement is there");
		for (i = 0; i < s->nstmts; i++)
			kinds[s->stmts[i].kind]++;
		ok(kinds[PKT_PACKET] == n / nl * 2 &&
		    kinds[PKT_SYSCALL] == n / nl * 3 &&
		    kinds[PKT_CODE] == n / nl, "of each kind");
		is_int(s->stmts[s->nstmts - 1].line, n - 1,
		    "the last one on its line");
	} else
		diag("%s", err);
	pkt_free(s);
	free(text);
}

int
main(void)
{
	test_valid();
	test_bad();
	test_spec();
	test_api();
	test_limits();
	test_million();
	return (done_testing());
}
