/*
 * tests/unit/test-lab.c - the lab's sweep decides from /proc/PID/stat
 * whether the tcpx that named a namespace still runs: a reused pid (a
 * process that is no tcpx, a zombie, or a tcpx started after the
 * namespace was made) does not keep a stale lab alive.
 */
#include <stdio.h>

#include "lab/lab.h"
#include "tests/tap.h"

/* A /proc/PID/stat line of comm in state st, started at start ticks. */
static const char *
line(const char *comm, char st, long long start)
{
	static char	buf[512];

	snprintf(buf, sizeof buf, "4242 (%s) %c 1 4242 4242 0 -1 4194560 "
	    "100 0 0 0 5 3 0 0 20 0 1 0 %lld 12345678 300 "
	    "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n",
	    comm, st, start);
	return (buf);
}

int
main(void)
{
	long long	boot = 1000000;	/* seconds since the epoch */
	long		hz = 100;
	time_t		made = 1000500;	/* 500 s after boot */

	ok(lab_stat_owns(line("tcpx", 'S', 400 * hz), boot, hz, made, 0),
	    "a tcpx started before its namespace: alive");
	ok(lab_stat_owns(line("tcpx", 'R', 501 * hz), boot, hz, made, 0),
	    "a second later still counts (clock granularity)");
	ok(!lab_stat_owns(line("tcpx", 'S', 900 * hz), boot, hz, made, 0),
	    "a tcpx started after the namespace was made: its pid was reused");
	ok(!lab_stat_owns(line("sleep", 'S', 400 * hz), boot, hz, made, 0),
	    "a process that is no tcpx: the pid was reused");
	ok(!lab_stat_owns(line("tcpx", 'Z', 400 * hz), boot, hz, made, 0),
	    "a zombie tcpx has ended");
	ok(!lab_stat_owns(line("tcpx) (x", 'S', 400 * hz), boot, hz, made, 0),
	    "a comm with a parenthesis is not taken for tcpx");
	ok(lab_stat_owns(line("tcpx", 'S', 900 * hz), -1, hz, made, 0),
	    "boot time unknown: a live tcpx is kept");
	ok(!lab_stat_owns("garbage", boot, hz, made, 0), "a line that is no stat");

	/* tcpx under valgrind: the tool is the process, tcpx its argument. */
	ok(lab_cmdline_is_tcpx("/usr/bin/valgrind.bin\0-q\0./tcpx\0--lab\0",
	    38), "valgrind's command line runs ./tcpx");
	ok(lab_cmdline_is_tcpx("tcpx\0--lab\0", 11), "tcpx's own");
	ok(!lab_cmdline_is_tcpx("sleep\0" "60\0", 9), "sleep is no tcpx");
	ok(!lab_cmdline_is_tcpx("/bin/sh\0-c\0tcpx --lab\0", 22),
	    "a shell whose script mentions tcpx is no tcpx");
	ok(!lab_cmdline_is_tcpx("/opt/tcpx/bin/tcpxd\0", 20),
	    "a directory named tcpx is not the program");
	ok(lab_stat_owns(line("memcheck-amd64-", 'S', 400 * hz), boot, hz,
	    made, 1), "tcpx under valgrind started before: its lab stays");
	ok(!lab_stat_owns(line("memcheck-amd64-", 'S', 900 * hz), boot, hz,
	    made, 1), "... started after: the pid was reused");
	ok(!lab_stat_owns(line("memcheck-amd64-", 'Z', 400 * hz), boot, hz,
	    made, 1), "... a zombie: gone");
	return (done_testing());
}
