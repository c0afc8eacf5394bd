/*
 * tests/unit/test-pkt-sys.c - a script's system calls (core/pkt-sys.c and
 * the files beside it) on our own small scripts: each call and errno as
 * Linux gives them in each state, calls that block in virtual time
 * ("...T" beside the script, or holding it), TCP_INFO and %{ }% blocks;
 * and scripts that must fail (a wrong errno, a call returning too early
 * or too late, a false assert) with a message naming the line.
 */
#include <stdio.h>
#include <string.h>

#include "core/pkt-run.h"
#include "tests/tap.h"
#include "tests/unit/pkttest.h"

/* Whether text passes with no line skipped. */
static void
passes(const char *name, const char *text)
{
	struct pkt_result	r;
	enum pkt_verdict	v = pkt_test_run(text, false, &r);

	ok(v == PKT_PASS && r.nskipped == 0, "%s%s", name,
	    r.nskipped > 0 ? " (lines skipped)" : "");
	if (r.nskipped > 0)
		diag("skipped %d: %s", r.skip[0].line, r.skip[0].why);
}

/* Whether a run passes with line skipped for a reason holding why. */
static void
skips_line(const char *name, const char *text, int line, const char *why)
{
	struct pkt_result	r;
	enum pkt_verdict	v = pkt_test_run(text, false, &r);

	ok(v == PKT_PASS && r.nskipped == 1 && r.skip[0].line == line &&
	    strstr(r.skip[0].why, why) != NULL, "%s: %s", name,
	    r.nskipped > 0 ? r.skip[0].why : "nothing skipped");
}

/* Whether a run ends as skipped with a message holding why. */
static void
unsupported(const char *name, const char *text, const char *why)
{
	struct pkt_result	r;
	enum pkt_verdict	v = pkt_test_run(text, false, &r);

	ok(v == PKT_SKIP && strstr(r.msg, why) != NULL, "%s: %s", name,
	    r.msg);
}

#define PLAIN	"`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`\n"

/* Lines 2-5: a listener on 3. */
#define LISTEN	PLAIN							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"	\
	"+0 bind(3, ..., ...) = 0\n"					\
	"+0 listen(3, 1) = 0\n"

/* Lines 6-8: the peer's handshake, at 0.1 and 0.2. */
#define HANDSHAKE							\
	"+.1 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>\n"		\
	"+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 7>\n"		\
	"+.1 < . 1:1(0) ack 1 win 257\n"

/* Lines 2-9: an accepted connection on 4 at 0.2. */
#define PASSIVE	LISTEN HANDSHAKE "+0 accept(3, ..., ...) = 4\n"

/* Lines 2-7: a non-blocking active open on 3, established at 0.05. */
#define ACTIVE	PLAIN							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"			\
	"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"			\
	"+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"			\
	"+.05 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"	\
	"+0 > . 1:1(0) ack 1\n"

int
main(void)
{
	/* Blocking calls written "...T": the script goes on beside them. */
	passes("accept blocks beside the handshake and returns at 0.2",
	    LISTEN "+0...0.2 accept(3, ..., ...) = 4\n" HANDSHAKE
	    "+0 write(4, ..., 10) = 10\n"
	    "+0 > P. 1:11(10) ack 1\n");
	pkt_test_fails_with("accept returning later than its end time",
	    LISTEN "+0...0.1 accept(3, ..., ...) = 4\n" HANDSHAKE,
	    "t.pkt:6:", "accept() expected to return at 0.100000",
	    "still blocked at 0.104001");
	pkt_test_fails_with("accept returning earlier than its end time",
	    LISTEN "+0...0.3 accept(3, ..., ...) = 4\n" HANDSHAKE,
	    "t.pkt:6:", "accept() expected to return at 0.300000",
	    "it returned at 0.200000");
	passes("connect blocks until the SYN-ACK",
	    PLAIN "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+.1...0.2 connect(3, ..., ...) = 0\n"
	    "+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+.1 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"
	    "+0 > . 1:1(0) ack 1\n"
	    "+0 connect(3, ..., ...) = -1 EISCONN\n");
	passes("a blocking connect answered by RST: ECONNREFUSED",
	    PLAIN "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0...0.1 connect(3, ..., ...) = -1 ECONNREFUSED\n"
	    "+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+.1 < R. 0:0(0) ack 1 win 0\n");
	pkt_test_fails_with("a blocking connect with the wrong errno",
	    PLAIN "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0...0.1 connect(3, ..., ...) = -1 ETIMEDOUT\n"
	    "+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+.1 < R. 0:0(0) ack 1 win 0\n", "t.pkt:3:",
	    "connect() = -1 ETIMEDOUT expected", "got -1 ECONNREFUSED");
	passes("read blocks until data comes",
	    PASSIVE "+0...0.1 read(4, ..., 1000) = 100\n"
	    "+.1 < P. 1:101(100) ack 1 win 257\n"
	    "+.04 > . 1:1(0) ack 101\n"
	    "+0 recv(4, ..., 1000, MSG_DONTWAIT) = -1 EAGAIN\n");
	passes("read blocks until the peer's FIN: 0",
	    PASSIVE "+0...0.1 read(4, ..., 1000) = 0\n"
	    "+.1 < F. 1:1(0) ack 1 win 257\n"
	    "+0 > . 1:1(0) ack 2\n");
	passes("read blocks until the peer's RST: ECONNRESET",
	    PASSIVE "+0...0.1 read(4, ..., 1000) = -1 ECONNRESET\n"
	    "+.1 < R. 1:1(0) ack 1 win 257\n");
	passes("write blocks until the send buffer (twice SO_SNDBUF) "
	    "takes it all",
	    PASSIVE "+0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [500], 4) = 0\n"
	    "+0 getsockopt(4, SOL_SOCKET, SO_SNDBUF, [1000], [4]) = 0\n"
	    "+0...0.1 write(4, ..., 2000) = 2000\n"
	    "+0 > P. 1:1001(1000) ack 1\n"
	    "+.1 < . 1:1(0) ack 1001 win 257\n"
	    "+0 > P. 1001:2001(1000) ack 1\n");
	passes("poll blocks until data comes",
	    PASSIVE "+0...0.05 poll([{fd=4, events=POLLIN, "
	    "revents=POLLIN}], 1, 1000) = 1\n"
	    "+.05 < P. 1:11(10) ack 1 win 257\n");
	passes("poll with a timeout and nothing coming: 0 at the timeout",
	    PASSIVE "+0...0.1 poll([{fd=4, events=POLLIN, revents=0}], 1, "
	    "100) = 0\n");
	pkt_test_fails_with("poll timing out earlier than the script says",
	    PASSIVE "+0...0.2 poll([{fd=4, events=POLLIN, revents=0}], 1, "
	    "100) = 0\n", "t.pkt:10:", "poll() expected to return at "
	    "0.400000", "it returned at 0.300000");
	passes("close with SO_LINGER {1, 5} blocks until our FIN is acked",
	    PASSIVE "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, "
	    "linger=5}, 8) = 0\n"
	    "+0...0.1 close(4) = 0\n"
	    "+0 > F. 1:1(0) ack 1\n"
	    "+.1 < . 1:1(0) ack 2 win 257\n");
	passes("close with SO_LINGER {1, 1} and no ACK: 0 after 1 s",
	    PASSIVE "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, "
	    "linger=1}, 8) = 0\n"
	    "+0...1 close(4) = 0\n"
	    "+0 > F. 1:1(0) ack 1\n"
	    "*  > F. 1:1(0) ack 1\n");

	/* Blocking calls without "...T" hold the script. */
	passes("poll without \"...\" holds the script for its timeout",
	    PASSIVE "+0 poll([{fd=4, events=POLLIN, revents=0}], 1, 50) = 0\n"
	    "+0 write(4, ..., 10) = 10\n"
	    "0.25 > P. 1:11(10) ack 1\n"
	    "+0 %{ assert tcpi_state == TCP_ESTABLISHED }%\n");
#define HALF_FREE(end) PASSIVE					\
	"+0 setsockopt(4, SOL_SOCKET, SO_SNDBUF, [1500], 4) = 0\n"	\
	"+0..." end " write(4, ..., 3500) = 3500\n"			\
	"+0 > . 1:1001(1000) ack 1\n"					\
	"+0 > . 1001:2001(1000) ack 1\n"				\
	"+0 > P. 2001:3001(1000) ack 1\n"				\
	"+.1 < . 1:1(0) ack 501 win 257\n"				\
	"+.1 < . 1:1(0) ack 2001 win 257\n"				\
	"+0 > P. 3001:3501(500) ack 1\n"
	passes("a blocked write wakes when half of what is queued is free "
	    "(at ack 2001, not 501)", HALF_FREE("0.2"));
	pkt_test_fails_with("... not when it has room for the rest", HALF_FREE("0.1"),
	    "t.pkt:11:", "write() expected to return at 0.300000",
	    "still blocked at 0.304001");
	passes("a blocking connect holds the script until ETIMEDOUT",
	    "--tolerance_usecs=10000\n"
	    "`sysctl -q net.ipv4.tcp_syn_retries=1 net.ipv4.tcp_sack=0 "
	    "net.ipv4.tcp_timestamps=0`\n"
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 connect(3, ..., ...) = -1 ETIMEDOUT\n"
	    "0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "1 > S 0:0(0) <mss 1460,nop,wscale 7>\n");

	/* Errnos as Linux gives them, by state. */
	passes("TCP_MAXSEG set before connect is in the SYN",
	    PLAIN "0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
	    "+0 setsockopt(3, IPPROTO_TCP, TCP_MAXSEG, [1100], 4) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <mss 1100,nop,wscale 7>\n");
	passes("non-blocking connect: EINPROGRESS, EALREADY, 0, EISCONN",
	    PLAIN "0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <mss 1460,nop,wscale 7>\n"
	    "+0 connect(3, ..., ...) = -1 EALREADY\n"
	    "+.05 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"
	    "+0 > . 1:1(0) ack 1\n"
	    "+0 connect(3, ..., ...) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EISCONN\n");
	passes("a socket never connected: read ENOTCONN, write EPIPE, "
	    "getpeername and shutdown ENOTCONN, accept EINVAL",
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 5\n"
	    "+0 read(5, ..., 10) = -1 ENOTCONN\n"
	    "+0 write(5, ..., 10) = -1 EPIPE\n"
	    "+0 getsockname(5, ..., ...) = 0\n"
	    "+0 getpeername(5, ..., ...) = -1 ENOTCONN\n"
	    "+0 shutdown(5, SHUT_WR) = -1 ENOTCONN\n"
	    "+0 accept(5, ..., ...) = -1 EINVAL\n"
	    "+0 close(7) = -1 EBADF\n"
	    "+0 close(5) = 0\n"
	    "+0 read(5, ..., 10) = -1 EBADF\n");
	passes("a listener: bind again EINVAL, read ENOTCONN, SIOCINQ "
	    "EINVAL, accept EAGAIN when non-blocking",
	    LISTEN "+0 bind(3, ..., ...) = -1 EINVAL\n"
	    "+0 read(3, ..., 10) = -1 ENOTCONN\n"
	    "+0 ioctl(3, SIOCINQ, [0]) = -1 EINVAL\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 accept(3, ..., ...) = -1 EAGAIN\n");
	passes("after the peer's RST: read ECONNRESET once, then 0; write "
	    "EPIPE", PASSIVE "+0 < R. 1:1(0) ack 1 win 257\n"
	    "+0 read(4, ..., 10) = -1 ECONNRESET\n"
	    "+0 read(4, ..., 10) = 0\n"
	    "+0 write(4, ..., 10) = -1 EPIPE\n");
	passes("after the peer's RST: write ECONNRESET once, then EPIPE",
	    PASSIVE "+0 < R. 1:1(0) ack 1 win 257\n"
	    "+0 write(4, ..., 10) = -1 ECONNRESET\n"
	    "+0 write(4, ..., 10) = -1 EPIPE\n"
	    "+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0\n");
	passes("CLOSE-WAIT: read 0, write still works; after shutdown "
	    "write EPIPE", PASSIVE "+0 < F. 1:1(0) ack 1 win 257\n"
	    "+0 > . 1:1(0) ack 2\n"
	    "+0 read(4, ..., 10) = 0\n"
	    "+0 write(4, ..., 10) = 10\n"
	    "+0 > P. 1:11(10) ack 2\n"
	    "+0 shutdown(4, SHUT_WR) = 0\n"
	    "+0 > F. 11:11(0) ack 2\n"
	    "+0 write(4, ..., 10) = -1 EPIPE\n");
	pkt_test_fails_with("a wrong errno names the line, want and got",
	    PASSIVE "+0 < R. 1:1(0) ack 1 win 257\n"
	    "+0 write(4, ..., 10) = -1 EPIPE\n", "t.pkt:11:",
	    "write() = -1 EPIPE expected", "got -1 ECONNRESET");
	pkt_test_fails_with("a descriptor the script already numbered",
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", "t.pkt:2:",
	    "descriptor 3 is already open", NULL);

	/* The other forms of the data path. */
	passes("sendto/recvfrom (address ignored), writev/readv, "
	    "sendmsg/recvmsg, SIOCINQ and SIOCOUTQ",
	    PASSIVE "+0 sendto(4, ..., 10, 0, ..., ...) = 10\n"
	    "+0 > P. 1:11(10) ack 1\n"
	    "+0 ioctl(4, SIOCOUTQ, [10]) = 0\n"
	    "+.1 < . 1:1(0) ack 11 win 257\n"
	    "+0 writev(4, [{..., 5}, {..., 7}], 2) = 12\n"
	    "+0 > P. 11:23(12) ack 1\n"
	    "+.1 < . 1:1(0) ack 23 win 257\n"
	    "+0 sendmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 3}], "
	    "msg_flags=0}, 0) = 3\n"
	    "+0 > P. 23:26(3) ack 1\n"
	    "+.1 < P. 1:31(30) ack 26 win 257\n"
	    "+0 ioctl(4, SIOCOUTQ, [0]) = 0\n"
	    "+0 ioctl(4, FIONREAD, [30]) = 0\n"
	    "+0 recvfrom(4, ..., 10, 0, ..., ...) = 10\n"
	    "+0 readv(4, [{..., 5}, {..., 5}], 2) = 10\n"
	    "+0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 100}], "
	    "msg_flags=0}, 0) = 10\n"
	    "+0 recv(4, ..., 10, MSG_DONTWAIT) = -1 EAGAIN\n"
	    "+.04 > . 26:26(0) ack 31\n");
	passes("a NULL buffer: EFAULT on write, and on read when there is "
	    "data (which stays)", PASSIVE
	    "+0 write(4, NULL, 10) = -1 EFAULT\n"
	    "+0 send(4, NULL, 0, 0) = 0\n"
	    "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 read(4, NULL, 10) = -1 EAGAIN\n"
	    "+0 < P. 1:11(10) ack 1 win 257\n"
	    "+0 recv(4, NULL, 10, 0) = -1 EFAULT\n"
	    "+0 read(4, ..., 100) = 10\n"
	    "+.04 > . 1:1(0) ack 11\n");
	passes("TCP_MAXSEG: 536 before a connection, then its MSS; "
	    "TCP_USER_TIMEOUT in ms", LISTEN
	    "+0 getsockopt(3, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0\n"
	    HANDSHAKE "+0 accept(3, ..., ...) = 4\n"
	    "+0 getsockopt(4, SOL_TCP, TCP_MAXSEG, [1000], [4]) = 0\n"
	    "+0 getsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [0], [4]) = 0\n"
	    "+0 setsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [3000], 4) = 0\n"
	    "+0 getsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [3000], [4]) = 0\n");
	pkt_test_fails_with("a wrong SIOCINQ", PASSIVE
	    "+0 < P. 1:31(30) ack 1 win 257\n"
	    "+0 ioctl(4, SIOCINQ, [20]) = 0\n", "t.pkt:11:",
	    "ioctl(SIOCINQ): 20 expected, got 30", NULL);
	unsupported("MSG_FASTOPEN is not run",
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 sendto(3, ..., 10, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS\n",
	    "no TCP Fast Open");

	/* TCP_INFO and %{ }% blocks. */
	passes("TCP_INFO compared field by field",
	    PASSIVE "+0 getsockopt(4, SOL_TCP, TCP_INFO, "
	    "{tcpi_state=TCP_ESTABLISHED, tcpi_snd_mss=1000, "
	    "tcpi_total_retrans=0, tcpi_unacked=0}, [104]) = 0\n");
	pkt_test_fails_with("a TCP_INFO field that differs", PASSIVE
	    "+0 getsockopt(4, SOL_TCP, TCP_INFO, "
	    "{tcpi_state=TCP_CLOSE_WAIT}, [104]) = 0\n", "t.pkt:10:",
	    "tcpi_state 8 expected, got 1", NULL);
	skips_line("a TCP_INFO field the engine does not know", PASSIVE
	    "+0 getsockopt(4, SOL_TCP, TCP_INFO, {tcpi_state=TCP_ESTABLISHED, "
	    "tcpi_lost=0}, [104]) = 0\n", 10, "tcpi_lost");
	passes("%{ }%: state, options under a mask, a chained comparison, "
	    "variables kept between blocks",
	    PASSIVE "+0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%\n"
	    "+0 %{ assert (tcpi_options & TCPI_OPT_SACK) == 0 }%\n"
	    "+0 %{ assert (tcpi_options & TCPI_OPT_WSCALE) != 0 }%\n"
	    "+0 %{\nmss = 1000\nassert tcpi_snd_mss == mss, tcpi_snd_mss\n"
	    "assert 200000 <= tcpi_rto <= 1000000, tcpi_rto\n}%\n");
	passes("%{ }%: a variable kept from one block to the next",
	    PASSIVE "+0 %{ mss = 999 }%\n"
	    "+0 %{ mss += 1; assert tcpi_snd_mss == mss, tcpi_snd_mss }%\n"
	    "+0 < F. 1:1(0) ack 1 win 257\n"
	    "+0 > . 1:1(0) ack 2\n"
	    "+0 %{ assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state }%\n");
	pkt_test_fails_with("%{ }%: a false assert fails the script at its line",
	    PASSIVE "+0 %{ assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state }%\n",
	    "t.pkt:10:", "assert tcpi_state == TCP_CLOSE_WAIT failed",
	    "(values: 1 == 8)");
	skips_line("%{ }%: a field the engine does not know skips the block",
	    PASSIVE "+0 %{ assert tcpi_lost == 0, tcpi_lost }%\n", 10,
	    "tcpi_lost is not known");
	skips_line("%{ }%: a form that is not simple skips the block",
	    PASSIVE "+0 %{ import os }%\n", 10, "block not run");
	return (done_testing());
}
