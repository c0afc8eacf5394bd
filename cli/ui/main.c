/*
 * cli/ui/main.c - tcpx's entry point: parse the command line and hand over to
 * the file reader (-r), the script runner (--pkt) or an interactive/batch
 * session.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cli/cmd/cmd-table.h"
#include "cli/cmd/i18n.h"
#include "cli/diagram/diagram.h"
#include "cli/print/readfile.h"
#include "cli/tcpx.h"
#include "cli/ui/pktrun.h"
#include "core/tcp.h"

static void usage(FILE *);
static int list(const char *);
static int diagram_opt(struct opts *, int, const char *);
static int packet_opt(struct opts *, const char *);

/* Take --packet N: a packet number from 1. */
static int
packet_opt(struct opts *o, const char *arg)
{
	char		*end;
	unsigned long	 n;

	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n == 0) {
		fprintf(stderr, "tcpx: --packet %s: not a packet number (1 is "
		    "the first)\n", arg);
		return (-1);
	}
	o->packet = n;
	return (0);
}

/* Print the command or settings table, one name and help line each. */
static int
list(const char *what)
{
	const struct cmd_entry	*const *e;
	const struct tcp_knob	*k;
	size_t			 i, n;

	if (strcmp(what, "commands") == 0) {
		for (e = cmd_table; *e != NULL; e++)
			printf("%s\t%s\t%s\n", (*e)->name, (*e)->usage,
			    (*e)->help);
		return (EXIT_OK);
	}
	if (strcmp(what, "settings") == 0) {
		struct tcp_cfg	c;
		char		v[32];

		tcp_cfg_default(&c);
		k = tcp_knobs(&n);
		for (i = 0; i < n; i++)
			printf("%s\t%s\t%s\n", k[i].name,
			    tcp_knob_get(&k[i], &c, v, sizeof v), k[i].help);
		return (EXIT_OK);
	}
	fprintf(stderr, "tcpx: --list commands or --list settings\n");
	return (EXIT_USAGE);
}

/* Take one of the diagram options (--diagram, --conv, --time, --width). */
static int
diagram_opt(struct opts *o, int ch, const char *arg)
{
	char		*end;
	unsigned long	 n;
	enum dg_time	 tm;

	switch (ch) {
	case 'D':
		if (arg == NULL) {
			o->diagram = 2;		/* the curses view */
			return (0);
		}
		if (strcmp(arg, "text") != 0) {
			fprintf(stderr, "tcpx: --diagram=%s: only --diagram "
			    "(curses) and --diagram=text are known\n", arg);
			return (-1);
		}
		o->diagram = 1;
		return (0);
	case 'T':
		if (dg_time_parse(arg, &tm) == 0)
			o->dgtime = tm;
		else {
			fprintf(stderr, "tcpx: --time=%s: use relative, "
			    "absolute or delta\n", arg);
			return (-1);
		}
		return (0);
	}
	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n == 0 ||
	    n > 10000) {
		fprintf(stderr, "tcpx: --%s %s: not a number from 1 to "
		    "10000\n", ch == 'C' ? "conv" : "width", arg);
		return (-1);
	}
	if (ch == 'C')
		o->conv = (unsigned)n;
	else
		o->width = (unsigned)n;
	return (0);
}

/* Print the synopsis to f. */
static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: tcpx --lab[=router] [-q] [-w FILE] [-Z USER] [--tui |\n"
	    "            -c 'CMD; CMD...' | -f FILE | --lesson NAME [--auto]]\n"
	    "       tcpx -i IFACE -s ADDR [-s ADDR6] [-q] [-w FILE] [-Z USER]\n"
	    "            [--tui | -c CMDS | -f FILE]\n"
	    "       tcpx -r FILE [--json | --states] [--detail | -V] [--packet N]\n"
	    "       tcpx -r FILE --diagram[=text] [--conv N] [--time MODE]\n"
	    "            [--width N] [--unicode]\n"
	    "       tcpx --pkt FILE... [--tolerance_usecs N] [--lenient]\n"
	    "            [-D NAME[=VAL]] [--tap] [--junit FILE]\n"
	    "            [--diagram[=text] [--width N] [--unicode]]\n"
	    "       tcpx --lab --pkt FILE... --against kernel|both [--peer-exec CMD]\n"
	    "            [--tolerance_usecs N] [--lenient] [-D NAME[=VAL]] [--tap]\n"
	    "            [--junit FILE] [--diagram[=text]]\n"
	    "       tcpx --list commands|settings\n"
	    "       tcpx -h | -V\n"
	    "--lab needs no root: without it the lab is built in a user namespace.\n"
	    "-i needs root or: setcap cap_net_raw,cap_net_admin+ep tcpx.\n"
	    "-Z USER: run as USER once the lab is built and the interface open.\n");
}

/* Declared so that the completion test, which renames it, has a prototype. */
int	main(int, char **);

/* Parse the command line and run the file reader or a session. */
int
main(int argc, char **argv)
{
	static char			 lesson_cmd[PATH_MAX + 32];
	static const struct option longopts[] = {
		{ "lab", optional_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'J' },
		{ "states", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 256 },
		{ "list", required_argument, NULL, 'l' },
		{ "diagram", optional_argument, NULL, 'D' },
		{ "conv", required_argument, NULL, 'C' },
		{ "time", required_argument, NULL, 'T' },
		{ "width", required_argument, NULL, 'W' },
		{ "unicode", no_argument, NULL, 'U' },
		{ "tui", no_argument, NULL, 'u' },
		{ "lesson", required_argument, NULL, 'E' },
		{ "auto", no_argument, NULL, 'A' },
		{ "detail", no_argument, NULL, 'X' },
		{ "packet", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts	o;
	struct dg_opts	dgo;
	int		ch, version = 0;

	i18n_init();
	if (pktrun_wanted(argc, argv))
		return (pktrun_main(argc, argv));
	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, "c:f:hi:qr:s:Vw:Z:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'L':
			/* --lab=router: a Linux router between us and the peer. */
			if (optarg != NULL && strcmp(optarg, "router") != 0) {
				fprintf(stderr, "tcpx: --lab=%s: unknown lab "
				    "(--lab, or --lab=router)\n", optarg);
				return (EXIT_USAGE);
			}
			o.lab = optarg != NULL ? 2 : 1;
			break;
		case 'J':
			o.json = 1;
			break;
		case 'S':
			o.states = 1;
			break;
		case 'D':
		case 'C':
		case 'T':
		case 'W':
			if (diagram_opt(&o, ch, optarg) != 0)
				return (EXIT_USAGE);
			break;
		case 'U':
			o.unicode = 1;
			break;
		case 'X':
			o.detail = 1;
			break;
		case 'N':
			if (packet_opt(&o, optarg) != 0)
				return (EXIT_USAGE);
			break;
		case 'u':
			o.tui = 1;
			break;
		case 'E':
			o.lesson = optarg;
			break;
		case 'A':
			o.lesson_auto = 1;
			break;
		case 'c':
			o.commands = optarg;
			break;
		case 'f':
			o.file = optarg;
			break;
		case 'i':
			o.iface = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'w':
			o.writefile = optarg;
			break;
		case 'Z':
			o.user = optarg;
			break;
		case 'r':
			o.readfile = optarg;
			break;
		case 's':
			if (strchr(optarg, ':') != NULL)
				o.src6 = optarg;
			else
				o.src = optarg;
			break;
		case 'h':
			usage(stdout);
			return (EXIT_OK);
		case 'l':
			return (list(optarg));
		case 'V':	/* with -r, tshark's -V: the packet details */
			version = 1;
			break;
		case 256:	/* --version */
			version = 2;
			break;
		default:
			usage(stderr);
			return (EXIT_USAGE);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "tcpx: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		return (EXIT_USAGE);
	}
	if (version == 1 && o.readfile != NULL)
		o.detail = 1;		/* -r FILE -V, as tshark */
	else if (version != 0) {
		printf("tcpx %s\n", PACKAGE_VERSION);
		return (EXIT_OK);
	}
	if (o.readfile != NULL) {
		if (o.lab || o.iface || o.commands || o.file || o.writefile ||
		    o.tui || o.user) {
			fprintf(stderr, "tcpx: -r cannot be combined with "
			    "--lab, -i, -c, -f, -w, -Z or --tui (use --diagram; "
			    "-r needs no privileges)\n");
			return (EXIT_USAGE);
		}
		if (o.json && o.states) {
			fprintf(stderr, "tcpx: --states prints text lines; "
			    "it cannot be combined with --json\n");
			return (EXIT_USAGE);
		}
		if (o.diagram && (o.json || o.states || o.detail ||
		    o.packet)) {
			fprintf(stderr, "tcpx: --diagram cannot be combined "
			    "with --json, --states, --detail or --packet\n");
			return (EXIT_USAGE);
		}
		if (o.json && o.detail) {
			fprintf(stderr, "tcpx: --detail prints text; --json "
			    "has every field already\n");
			return (EXIT_USAGE);
		}
		if (o.diagram) {
			memset(&dgo, 0, sizeof dgo);
			dgo.width = o.width;
			dgo.time = o.dgtime;
			dgo.unicode = o.unicode;
			return (readfile_diagram(o.readfile, &dgo, o.conv,
			    o.diagram == 2));
		}
	}
	if (!o.diagram && (o.conv || o.width || o.unicode || o.dgtime)) {
		fprintf(stderr, "tcpx: --conv, --time, --width and --unicode "
		    "apply only to --diagram\n");
		return (EXIT_USAGE);
	}
	if (o.readfile != NULL)
		return (readfile_run(o.readfile, o.json, o.states, o.detail,
		    o.packet));
	if (o.diagram) {
		fprintf(stderr, "tcpx: --diagram=text applies only to -r\n");
		return (EXIT_USAGE);
	}
	if (o.json || o.states || o.detail || o.packet) {
		fprintf(stderr, "tcpx: --json, --states, --detail and --packet "
		    "apply only to -r\n");
		return (EXIT_USAGE);
	}
	if (o.tui && (o.commands != NULL || o.file != NULL)) {
		fprintf(stderr, "tcpx: --tui is the interactive prompt; it "
		    "cannot be combined with -c or -f\n");
		return (EXIT_USAGE);
	}
	if (o.tui && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "tcpx: --tui needs a terminal\n");
		return (EXIT_USAGE);
	}
	if (o.commands != NULL && o.file != NULL) {
		fprintf(stderr, "tcpx: use -c or -f, not both\n");
		return (EXIT_USAGE);
	}
	if (o.lesson_auto && o.lesson == NULL) {
		fprintf(stderr, "tcpx: --auto runs a lesson through: give "
		    "--lesson NAME\n");
		return (EXIT_USAGE);
	}
	if (o.lesson != NULL && (o.commands != NULL || o.file != NULL)) {
		fprintf(stderr, "tcpx: --lesson cannot be combined with -c or "
		    "-f (a lesson is a script: -f FILE runs any)\n");
		return (EXIT_USAGE);
	}
	if (o.lesson != NULL && strpbrk(o.lesson, " \t;\"'\\") != NULL) {
		fprintf(stderr, "tcpx: --lesson %s: a name or path without "
		    "blanks, quotes or ';'\n", o.lesson);
		return (EXIT_USAGE);
	}
	/* Run through (a batch) when asked, or when nobody is at a terminal. */
	if (o.lesson != NULL && (o.lesson_auto || !isatty(STDIN_FILENO))) {
		snprintf(lesson_cmd, sizeof lesson_cmd, "lesson %s --auto",
		    o.lesson);
		o.commands = lesson_cmd;
		o.lesson = NULL;
	}
	if (o.lab == (o.iface != NULL)) {
		fprintf(stderr, o.lab ? "tcpx: use --lab or -i, not both\n" :
		    "tcpx: say where to run: --lab (a private lab) or "
		    "-i IFACE -s ADDR\n");
		usage(stderr);
		return (EXIT_USAGE);
	}
	if (o.iface != NULL && o.src == NULL && o.src6 == NULL) {
		fprintf(stderr, "tcpx: -i needs our address: -s ADDR\n");
		return (EXIT_USAGE);
	}
	return (front_run(&o));
}
