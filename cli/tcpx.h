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
	int		 detail;	/* --detail: every field of each packet */
	unsigned long	 packet;	/* --packet N: only packet N (0: all) */
	int		 lab;		/* --lab */
	const char	*iface;		/* -i IFACE */
	const char	*src;		/* -s ADDR: our address with -i (repeatable: one v4, one v6) */
	const char	*src6;
	const char	*commands;	/* -c 'cmd; cmd' */
	const char	*file;		/* -f FILE */
	int		 quiet;		/* -q: no packet lines */
	int		 verbose;	/* --verbose: also the kernels' IPv6 chatter */
	const char	*writefile;	/* -w FILE: record the session as pcap */
	const char	*user;		/* -Z USER: become USER after set-up */
	int		 diagram;	/* 1: --diagram=text, 2: --diagram (curses) */
	unsigned	 conv;		/* --conv N: one conversation */
	int		 dgtime;	/* --time: enum dg_time */
	unsigned	 width;		/* --width N: diagram columns */
	int		 unicode;	/* --unicode: box drawing */
	int		 tui;		/* --tui: the prompt opens in the diagram view */
	const char	*lesson;	/* --lesson NAME: run it at the prompt */
	int		 lesson_auto;	/* --auto: run it through, as a batch */
};

struct dg_opts;

/*
 * Show the sequence diagram of conversation conv (0: every one) of a
 * pcap/pcapng file, as text or (curses) in the full-screen view; returns
 * an exit status.
 */
int	readfile_diagram(const char *path, const struct dg_opts *o,
	    unsigned conv, int curses);

/* Set up the network side and run the prompt or the batch; an exit status. */
int	front_run(const struct opts *o);

#endif
