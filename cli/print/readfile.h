/*
 * cli/print/readfile.h - tcpx -r FILE: the packets of a pcap or pcapng
 * file as tcpdump -n -r prints them, or as JSON lines, with every field
 * of each (--detail).
 */
#ifndef TCPX_CLI_PRINT_READFILE_H
#define TCPX_CLI_PRINT_READFILE_H

struct cap;

/*
 * Print the packets of a pcap/pcapng file (tcpdump -n -r style or JSON),
 * with states: each TCP conversation's inferred endpoint states; with
 * detail: every field of each packet below its line; only: packet number
 * only (1 is the first; 0: all).  Returns an exit status (EXIT_* in
 * cli/tcpx.h).
 */
int		 readfile_run(const char *path, int json, int states,
		    int detail, unsigned long only);

/* Open capture file path for -r, or print why not (one line) and return NULL. */
struct cap	*readfile_open(const char *path);

#endif
