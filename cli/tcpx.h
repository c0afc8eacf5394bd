/*
 * cli/tcpx.h - what the parts of the command-line program share: options,
 * exit statuses, and the entry points main() dispatches to.
 */
#ifndef TCPX_CLI_TCPX_H
#define TCPX_CLI_TCPX_H

/* Exit statuses (see the man page). */
#define EXIT_OK		0	/* every command succeeded */
#define EXIT_WAIT	1	/* a wait or a command failed */
#define EXIT_USAGE	2	/* usage or set-up error */

struct opts {
	const char	*readfile;	/* -r FILE */
	int		 json;		/* --json */
	int		 states;	/* --states */
	int		 lab;		/* --lab */
	const char	*iface;		/* -i IFACE */
	const char	*src;		/* -s ADDR: our address with -i (repeatable: one v4, one v6) */
	const char	*src6;
	const char	*commands;	/* -c 'cmd; cmd' */
	const char	*file;		/* -f FILE */
	int		 quiet;		/* -q: no packet lines */
	int		 verbose;	/* --verbose: also the kernels' IPv6 chatter */
	const char	*writefile;	/* -w FILE: record the session as pcap */
};

/*
 * Print the packets of a pcap/pcapng file (tcpdump -n -r style or JSON),
 * with states: each TCP conversation's inferred endpoint states; returns
 * an exit status.
 */
int	readfile_run(const char *path, int json, int states);

/* Set up the network side and run the REPL or the batch; returns an exit status. */
int	session_run(const struct opts *o);

#endif
