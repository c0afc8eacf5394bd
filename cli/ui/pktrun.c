/*
 * cli/ui/pktrun.c - `tcpx --pkt FILE... [--tolerance_usecs N] [--lenient]
 * [-D NAME[=VAL]] [--tap] [--junit FILE] [--diagram[=text] [--width N]
 * [--unicode]]`: read each script, parse it (core/pkt.h), run it against
 * the engine in virtual time (core/pkt-run.h), print a line per file and
 * the summary "N passed, N failed, N skipped", or TAP, and JUnit XML for
 * CI (pktrun-junit.c); with --diagram, each run's ladder
 * (cli/diagram/diagram-pkt.h).  No root, no lab, no network.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/diagram/diagram-pkt.h"
#include "cli/tcpx.h"
#include "cli/ui/pktrun.h"
#include "cli/ui/view.h"
#include "core/pkt-run.h"
#include "core/xmalloc.h"

#define PKTRUN_USAGE "usage: tcpx --pkt FILE... [--tolerance_usecs N] " \
	"[--lenient]\n            [-D NAME[=VAL]] [--tap] [--junit FILE]\n" \
	"            [--diagram[=text] [--width N] [--unicode]]\n"

/* What the command line asked for. */
struct pktrun_opts {
	struct pkt_run_cfg	 cfg;
	const char		*defines[PKT_MAX_DEFINES];
	size_t			 ndefines;
	int			 tap;
	int			 diagram;	/* 1: text, 2: the view */
	struct dg_opts		 dgo;
	const char		*junit;
};

static int	pktrun_read(const char *path, char **buf, size_t *len);
static enum pkt_verdict pktrun_one(const struct pktrun_opts *o,
		    const char *path, struct pkt_result *r, struct dg_pkt *g);
static void	pktrun_ladder(const struct pktrun_opts *o, const char *path,
		    const struct dg_pkt *g);
static void	pktrun_print(const struct pktrun_opts *o, int n,
		    const char *path, const struct pkt_result *r);

/* Whether argv asks for --pkt. */
int
pktrun_wanted(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--pkt") == 0)
			return (1);
	return (0);
}

/* Read a whole file (at most PKT_MAX_BYTES) into *buf; 0, or -1 with a message. */
static int
pktrun_read(const char *path, char **buf, size_t *len)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "tcpx: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	*buf = xmalloc(PKT_MAX_BYTES + 1);
	n = fread(*buf, 1, PKT_MAX_BYTES + 1, f);
	fclose(f);
	if (n > PKT_MAX_BYTES) {
		fprintf(stderr, "tcpx: %s: longer than %u bytes\n", path,
		    PKT_MAX_BYTES);
		free(*buf);
		return (-1);
	}
	*len = n;
	return (0);
}

/* Parse and run one script into *r, traced into g when it is not NULL. */
static enum pkt_verdict
pktrun_one(const struct pktrun_opts *o, const char *path,
    struct pkt_result *r, struct dg_pkt *g)
{
	struct pkt_run_cfg	 cfg = o->cfg;
	struct pkt_script	*s;
	char			*buf, err[PKT_ERRLEN];
	size_t			 len;

	memset(r, 0, sizeof *r);
	r->verdict = PKT_FAIL;
	if (pktrun_read(path, &buf, &len) != 0) {
		snprintf(r->msg, sizeof r->msg, "%s: cannot be read", path);
		return (PKT_FAIL);
	}
	s = pkt_parse(buf, len, path, o->defines, o->ndefines, err,
	    sizeof err);
	free(buf);
	if (s == NULL) {
		snprintf(r->msg, sizeof r->msg, "%s", err);
		return (PKT_FAIL);
	}
	if (g != NULL) {
		cfg.trace = dgpkt_trace;
		cfg.trace_arg = g;
	}
	pkt_run(s, &cfg, r);
	pkt_free(s);
	return (r->verdict);
}

/* Show script path's ladder: as text (TAP comments with --tap), or the view. */
static void
pktrun_ladder(const struct pktrun_opts *o, const char *path,
    const struct dg_pkt *g)
{
	struct dg_opts	 dgo = o->dgo;
	struct dg	*d;
	char		*buf = NULL, *line, *nl;
	size_t		 len = 0;
	FILE		*f;

	if (o->diagram == 2) {
		if ((d = dgpkt_model(g, &dgo.origin)) == NULL ||
		    view_run(d, &dgo, 0) != 0)
			fprintf(stderr, "tcpx: %s: no segment to draw\n", path);
		return;
	}
	fflush(stdout);
	if ((f = open_memstream(&buf, &len)) == NULL) {
		fprintf(stderr, "tcpx: --diagram: %s\n", strerror(errno));
		return;
	}
	(void)dgpkt_text(g, &dgo, f);
	fclose(f);
	for (line = buf; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		printf("%s%s\n", o->tap ? "# " : "", line);
	}
	free(buf);
}

/* Monotonic seconds, for --junit's times. */
static double
pktrun_secs(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Print file n's result, as text or TAP. */
static void
pktrun_print(const struct pktrun_opts *o, int n, const char *path,
    const struct pkt_result *r)
{
	char	extra[64] = "";
	size_t	i;

	if (r->nskipped > 0)
		snprintf(extra, sizeof extra, " (ran with %zu skipped line%s)",
		    r->nskipped, r->nskipped == 1 ? "" : "s");
	if (o->tap) {
		if (r->verdict == PKT_PASS)
			printf("ok %d - %s%s\n", n, path, extra);
		else if (r->verdict == PKT_SKIP)
			printf("ok %d - %s # SKIP %s\n", n, path, r->msg);
		else
			printf("not ok %d - %s%s\n", n, r->msg, extra);
	} else {
		if (r->verdict == PKT_PASS)
			printf("PASS %s%s\n", path, extra);
		else
			printf("%s %s%s\n", r->verdict == PKT_SKIP ?
			    "SKIP" : "FAIL", r->msg, extra);
	}
	for (i = 0; i < r->nskipped && i < PKT_RUN_MAXSKIP; i++)
		printf("%s%s:%d: skipped: %s\n", o->tap ? "# " : "  ", path,
		    r->skip[i].line, r->skip[i].why);
	if (r->nskipped > PKT_RUN_MAXSKIP)
		printf("%s... and %zu more skipped lines\n", o->tap ? "# " :
		    "  ", r->nskipped - PKT_RUN_MAXSKIP);
}

/* Run `tcpx --pkt ...`. */
int
pktrun_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pkt", no_argument, NULL, 'P' },
		{ "tolerance_usecs", required_argument, NULL, 't' },
		{ "lenient", no_argument, NULL, 'l' },
		{ "tap", no_argument, NULL, 'T' },
		{ "junit", required_argument, NULL, 'J' },
		{ "diagram", optional_argument, NULL, 'G' },
		{ "width", required_argument, NULL, 'W' },
		{ "unicode", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pktrun_opts	 o;
	struct pkt_result	*r;
	struct pktrun_junit	*j = NULL;
	struct dg_pkt		*g;
	char			*end, **failed;
	int			 ch, i, n, npass = 0, nfail = 0, nskip = 0;
	long long		 v;
	double			 t;

	memset(&o, 0, sizeof o);
	pkt_run_cfg_default(&o.cfg);
	while ((ch = getopt_long(argc, argv, "D:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P':
			break;
		case 't':
			v = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 1000000000LL) {
				fprintf(stderr, "tcpx: --tolerance_usecs %s: "
				    "not a number of microseconds\n", optarg);
				return (EXIT_USAGE);
			}
			o.cfg.tolerance = v;
			break;
		case 'l':
			o.cfg.lenient = true;
			break;
		case 'T':
			o.tap = 1;
			break;
		case 'J':
			o.junit = optarg;
			break;
		case 'G':
			if (optarg != NULL && strcmp(optarg, "text") != 0) {
				fprintf(stderr, "tcpx: --diagram=%s: only "
				    "--diagram or --diagram=text\n", optarg);
				return (EXIT_USAGE);
			}
			o.diagram = optarg != NULL ? 1 : 2;
			break;
		case 'W':
			v = strtoll(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    v < 20 || v > 10000) {
				fprintf(stderr, "tcpx: --width %s: not a "
				    "number from 20 to 10000\n", optarg);
				return (EXIT_USAGE);
			}
			o.dgo.width = (unsigned)v;
			break;
		case 'U':
			o.dgo.unicode = 1;
			break;
		case 'D':
			if (o.ndefines == PKT_MAX_DEFINES) {
				fprintf(stderr, "tcpx: more than %d -D\n",
				    PKT_MAX_DEFINES);
				return (EXIT_USAGE);
			}
			o.defines[o.ndefines++] = optarg;
			break;
		case 'h':
			printf(PKTRUN_USAGE);
			return (EXIT_OK);
		default:
			fprintf(stderr, PKTRUN_USAGE);
			return (EXIT_USAGE);
		}
	}
	if (optind == argc) {
		fprintf(stderr, "tcpx: --pkt needs at least one script\n");
		return (EXIT_USAGE);
	}
	if (o.diagram == 0 && (o.dgo.width != 0 || o.dgo.unicode)) {
		fprintf(stderr, "tcpx: --width and --unicode apply only to "
		    "--diagram\n");
		return (EXIT_USAGE);
	}
	if (o.diagram == 2 && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "tcpx: --diagram needs a terminal; use "
		    "--diagram=text for files and pipes\n");
		return (EXIT_USAGE);
	}
	if (o.junit != NULL && (j = pktrun_junit_open(o.junit)) == NULL)
		return (EXIT_USAGE);
	n = argc - optind;
	failed = xcalloc((size_t)n, sizeof *failed);
	r = xmalloc(sizeof *r);
	if (o.tap)
		printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		g = o.diagram ? dgpkt_new() : NULL;
		t = pktrun_secs();
		switch (pktrun_one(&o, argv[optind + i], r, g)) {
		case PKT_PASS:
			npass++;
			break;
		case PKT_SKIP:
			nskip++;
			break;
		default:
			failed[nfail++] = xstrdup(r->msg);
			break;
		}
		t = pktrun_secs() - t;
		pktrun_print(&o, i + 1, argv[optind + i], r);
		if (g != NULL)
			pktrun_ladder(&o, argv[optind + i], g);
		dgpkt_free(g);
		if (j != NULL)
			pktrun_junit_add(j, argv[optind + i], r, t);
	}
	printf("%s%d passed, %d failed, %d skipped\n", o.tap ? "# " : "",
	    npass, nfail, nskip);
	for (i = 0; i < nfail; i++) {
		printf("%sFAIL %s\n", o.tap ? "# " : "", failed[i]);
		free(failed[i]);
	}
	free(failed);
	free(r);
	if (j != NULL && pktrun_junit_close(j) != 0)
		return (EXIT_USAGE);
	return (npass == n ? EXIT_OK : EXIT_WAIT);
}
