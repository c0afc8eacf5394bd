/*
 * tests/unit/test-pkt-run.c - the script runner (core/pkt-run.h) on our
 * own small scripts, written here from RFC 9293 and RFC 7323: passive and
 * active opens, data both ways, a close, RST, a retransmission at the
 * right virtual time, settings from sysctl lines, and scripts that must
 * fail with a message naming the line, what was expected and what the
 * engine did.
 */
#include <stdio.h>
#include <string.h>

#include "core/pkt-run.h"
#include "tests/tap.h"
#include "tests/unit/pkttest.h"

#define PLAIN	"`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`\n"

#define PASSIVE	PLAIN							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"	\
	"+0 bind(3, ..., ...) = 0\n"					\
	"+0 listen(3, 1) = 0\n"						\
	"+0 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>\n"		\
	"+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 7>\n"		\
	"+.1 < . 1:1(0) ack 1 win 257\n"				\
	"+0 accept(3, ..., ...) = 4\n"

#define ACTIVE	PLAIN							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)\n"			\
	"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"			\
	"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"			\
	"+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"			\
	"+.05 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"	\
	"+0 > . 1:1(0) ack 1\n"

int
main(void)
{
	struct pkt_result	r;

	is_int(pkt_test_run(PASSIVE, false, &r), PKT_PASS, "passive open: listen, "
	    "S, S., ., accept = 4");
	is_int(r.nskipped, 0, "... no line skipped");
	is_int(pkt_test_run(ACTIVE, false, &r), PKT_PASS, "active open: connect "
	    "EINPROGRESS, S, S., .");
	is_int(pkt_test_run(ACTIVE
	    "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n"
	    "+0 poll([{fd=3, events=POLLOUT, revents=POLLOUT}], 1, 0) = 1\n",
	    false, &r), PKT_PASS, "active open: SO_ERROR 0, poll POLLOUT");
	is_int(pkt_test_run(PASSIVE
	    "+0 write(4, ..., 1000) = 1000\n"
	    "+0 > P. 1:1001(1000) ack 1\n"
	    "+.1 < . 1:1(0) ack 1001 win 257\n"
	    "+0 < P. 1:101(100) ack 1001 win 257\n"
	    "+.04 > . 1001:1001(0) ack 101\n"
	    "+0 poll([{fd=4, events=POLLIN, revents=POLLIN}], 1, 0) = 1\n"
	    "+0 read(4, ..., 1000) = 100\n", false, &r), PKT_PASS,
	    "data both ways: write, its ACK, data in, delayed ACK, read");
	pkt_test_fails_with("a blocking read that nothing can wake",
	    PASSIVE "+0 read(4, ..., 1000) = -1 EAGAIN\n", "t.pkt:10:",
	    "read() blocks and nothing wakes it", NULL);
	is_int(pkt_test_run(PASSIVE
	    "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 read(4, ..., 1000) = -1 EWOULDBLOCK\n"
	    "+0 < P. 1:101(100) ack 1 win 257\n"
	    "+.04 > . 1:1(0) ack 101\n"
	    "+0 read(4, ..., 1000) = 100\n"
	    "+0 write(4, ..., 10) = 10\n"
	    "+0 > P. 1:11(10) ack 101\n", false, &r), PKT_PASS,
	    "data both ways, non-blocking read: EWOULDBLOCK, then data");
	is_int(pkt_test_run(PASSIVE
	    "+0 close(4) = 0\n"
	    "+0 > F. 1:1(0) ack 1\n"
	    "+.1 < F. 1:1(0) ack 2 win 257\n"
	    "+0 > . 2:2(0) ack 2\n", false, &r), PKT_PASS,
	    "close: our FIN first, theirs, the last ACK");
	is_int(pkt_test_run(PASSIVE
	    "+0 < F. 1:1(0) ack 1 win 257\n"
	    "+0 > . 1:1(0) ack 2\n"
	    "+0 read(4, ..., 10) = 0\n"
	    "+0 close(4) = 0\n"
	    "+0 > F. 1:1(0) ack 2\n"
	    "+.1 < . 2:2(0) ack 2 win 257\n", false, &r), PKT_PASS,
	    "close: their FIN first, end of file, ours");
	is_int(pkt_test_run(PASSIVE
	    "+.1 < R. 1:1(0) ack 1 win 0\n"
	    "+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n"
	    "+0 write(4, ..., 10) = -1 EPIPE\n", false, &r), PKT_PASS,
	    "RST in ESTABLISHED: SO_ERROR ECONNRESET, then EPIPE");
	is_int(pkt_test_run(PASSIVE
	    "+0 write(4, ..., 100) = 100\n"
	    "+0 > P. 1:101(100) ack 1\n"
	    "+.3 > P. 1:101(100) ack 1\n"
	    "+.6 > P. 1:101(100) ack 1\n"
	    "+.1 < . 1:1(0) ack 101 win 257\n", false, &r), PKT_PASS,
	    "retransmission timeout: resent at +0.3 (RFC 6298 §2.2: "
	    "SRTT + 4 * RTTVAR after a 0.1 s RTT), then backed off to +0.6");
	is_int(pkt_test_run(ACTIVE "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, "
	    "{onoff=1, linger=0}, 8) = 0\n"
	    "+0 close(3) = 0\n"
	    "+0 > R 1:1(0)\n", false, &r), PKT_PASS,
	    "SO_LINGER {1, 0}: close sends RST");

	/* Settings and skipped lines. */
	is_int(pkt_test_run("--tolerance_usecs=10000\n--magic=1\n"
	    PLAIN "`echo hello`\n"
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+1.008 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+0 %{ assert tcpi_rto == 2000000 }%\n", false, &r), PKT_PASS,
	    "tolerance from the script: a SYN resent 8 ms off is on time");
	is_int(r.nskipped, 2, "... two lines skipped (the block ran)");
	for (size_t i = 0; i < r.nskipped && i < PKT_RUN_MAXSKIP; i++)
		diag("skipped %d: %s", r.skip[i].line, r.skip[i].why);
	ok(r.nskipped == 2 && r.skip[0].line == 2 &&
	    strstr(r.skip[0].why, "--magic") != NULL && r.skip[1].line == 4 &&
	    strstr(r.skip[1].why, "echo") != NULL,
	    "... the option and the shell line, by line");
	is_int(pkt_test_run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <nop,wscale 7,mss 1460,sackOK,TS val 1 ecr 0>\n",
	    true, &r), PKT_PASS, "--lenient: options as a set, TS val "
	    "ignored");
	pkt_test_fails_with("without --lenient the order counts",
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <nop,wscale 7,mss 1460,sackOK,TS val 1 ecr 0>\n",
	    "t.pkt:4:", "option 1", NULL);
	pkt_test_fails_with("a blocking connect holds the script until the engine "
	    "gives up", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n", "t.pkt:2:",
	    "connect() = -1 EINPROGRESS expected", "got -1 ETIMEDOUT");

	/* Failing scripts: the message names the line, want and got. */
	pkt_test_fails_with("wrong flags", PASSIVE "+0 close(4) = 0\n"
	    "+0 > R. 1:1(0) ack 1\n", "t.pkt:11:", "expected \"> R. 1:1(0) "
	    "ack 1\"", "the engine sent \"> F. 1:1(0) ack 1");
	pkt_test_fails_with("missing segment", PASSIVE
	    "+0 > P. 1:11(10) ack 1\n", "t.pkt:10:", "the engine sent nothing",
	    NULL);
	pkt_test_fails_with("extra segment", PASSIVE "+0 write(4, ..., 10) = 10\n"
	    "+.1 < . 1:1(0) ack 11 win 257\n", "t.pkt:11:",
	    "unexpected segment", "P. 1:11(10) ack 1");
	pkt_test_fails_with("wrong time", PASSIVE "+0 write(4, ..., 10) = 10\n"
	    "+.01 > P. 1:11(10) ack 1\n", "t.pkt:11:", "at 0.110000",
	    "sent it at 0.100000");
	pkt_test_fails_with("wrong errno", ACTIVE "+0 read(3, ..., 10) = -1 "
	    "ECONNRESET\n", "t.pkt:9:", "read() = -1 ECONNRESET expected",
	    "got -1 EAGAIN");
	pkt_test_fails_with("wrong return value", PASSIVE "+0 write(4, ..., 10) = 9\n",
	    "t.pkt:10:", "write() = 9 expected, got 10", NULL);
	return (done_testing());
}
