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

	ok(lab_stat_owns(line("tcpx", 'S', 400 * hz), boot, hz, made),
	    "a tcpx started before its namespace: alive");
	ok(lab_stat_owns(line("tcpx", 'R', 501 * hz), boot, hz, made),
	    "a second later still counts (clock granularity)");
	ok(!lab_stat_owns(line("tcpx", 'S', 900 * hz), boot, hz, made),
	    "a tcpx started after the namespace was made: its pid was reused");
	ok(!lab_stat_owns(line("sleep", 'S', 400 * hz), boot, hz, made),
	    "a process that is no tcpx: the pid was reused");
	ok(!lab_stat_owns(line("tcpx", 'Z', 400 * hz), boot, hz, made),
	    "a zombie tcpx has ended");
	ok(!lab_stat_owns(line("tcpx) (x", 'S', 400 * hz), boot, hz, made),
	    "a comm with a parenthesis is not taken for tcpx");
	ok(lab_stat_owns(line("tcpx", 'S', 900 * hz), -1, hz, made),
	    "boot time unknown: a live tcpx is kept");
	ok(!lab_stat_owns("garbage", boot, hz, made), "a line that is no stat");
	return (done_testing());
}
