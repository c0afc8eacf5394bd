/*
 * cli/print/readfile.h - tcpx -r FILE: the packets of a pcap or pcapng
 * file as tcpdump -n -r prints them, or as JSON lines.
 */
#ifndef TCPX_CLI_PRINT_READFILE_H
#define TCPX_CLI_PRINT_READFILE_H

struct cap;

/*
 * Print the packets of a pcap/pcapng file (tcpdump -n -r style or JSON),
 * with states: each TCP conversation's inferred endpoint states; returns
 * an exit status (EXIT_* in cli/tcpx.h).
 */
int		 readfile_run(const char *path, int json, int states);

/* Open capture file path for -r, or print why not (one line) and return NULL. */
struct cap	*readfile_open(const char *path);

#endif
