/*
 * cli/ui/pktrun.c - `tcpx [--lab] --pkt FILE... [--against engine|kernel|
 * both] [--tolerance_usecs N] [--lenient] [-D NAME[=VAL]] [--tap] [--junit
 * FILE] [--diagram[=text] [--width N] [--unicode]]`: read each script,
 * parse it (core/pkt.h), run it against the engine in virtual time
 * (core/pkt-run.h; no root, no lab, no network), against the lab's kernel
 * (cli/run/pktk.h; root), or both and print where they differ line by
 * line; a line per file and the summary "N passed, N failed, N skipped",
 * or TAP, and JUnit XML for CI (pktrun-junit.c); with --diagram, each
 * run's ladder (cli/diagram/diagram-pkt.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/diagram/diagram-pkt.h"
#include "cli/run/pktk.h"
#include "cli/tcpx.h"
#include "cli/ui/pktrun.h"
#include "cli/ui/view.h"
#include "core/pkt-run.h"
#include "core/xmalloc.h"

#define PKTRUN_USAGE "usage: tcpx [--lab] --pkt FILE... [--against " \
	"engine|kernel|both]\n            [--tolerance_usecs N] [--lenient] " \
	"[-D NAME[=VAL]] [--tap]\n            [--junit FILE] [--diagram[=text] " \
	"[--width N] [--unicode]]\n            [--peer-exec CMD]\n"

#define PKTRUN_ENGINE	1
#define PKTRUN_KERNEL	2
#define PKTRUN_BOTH	3

/* What the command line asked for. */
struct pktrun_opts {
	struct pkt_run_cfg	 cfg;
	const char		*defines[PKT_MAX_DEFINES];
	size_t			 ndefines;
	int			 tap;
	int			 diagram;	/* 1: text, 2: the view */
	struct dg_opts		 dgo;
	const char		*junit;
	int			 lab;
	int			 against;	/* PKTRUN_ENGINE... */
	struct pktk		*kernel;
	const char		*peer_exec;
};

static int	pktrun_read(const char *path, char **buf, size_t *len);
static int	pktrun_read_file(void *arg, const char *path, char **text,
		    char *err, size_t errlen);
static enum pkt_verdict pktrun_one(const struct pktrun_opts *o,
		    const char *path, const struct pkt_target *t,
		    struct pkt_result *r, struct dg_pkt *g);
static int	pktrun_both(const struct pktrun_opts *o, int n,
		    const char *path, struct pkt_result *re,
		    struct pkt_result *rk);
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

/*
 * The cfg's read_file: a shell script a script's line names (at most
 * PKT_RUN_MAXFILE bytes), NUL-terminated, into *text; 0, or -1 with err.
 */
static int
pktrun_read_file(void *arg, const char *path, char **text, char *err,
    size_t errlen)
{
	FILE	*f;
	size_t	 n;

	(void)arg;
	*text = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		return (-1);
	}
	*text = xmalloc(PKT_RUN_MAXFILE + 2);
	n = fread(*text, 1, PKT_RUN_MAXFILE + 1, f);
	fclose(f);
	if (n > PKT_RUN_MAXFILE) {
		snprintf(err, errlen, "longer than %d bytes", PKT_RUN_MAXFILE);
		free(*text);
		*text = NULL;
		return (-1);
	}
	(*text)[n] = '\0';
	return (0);
}

/*
 * Parse and run one script against t (NULL: the engine) into *r, traced
 * into g when it is not NULL.
 */
static enum pkt_verdict
pktrun_one(const struct pktrun_opts *o, const char *path,
    const struct pkt_target *t, struct pkt_result *r, struct dg_pkt *g)
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
	if (t != NULL)
		pkt_run_target(s, &cfg, t, r);
	else
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

/* Print one difference line of --against both. */
static void
pktrun_diff_line(void *arg, const char *text)
{
	const struct pktrun_opts *o = arg;

	printf("%s%s\n", o->tap ? "# " : "  ", text);
}

/*
 * --against both: run file n on the engine and on the kernel, print each
 * side's verdict and where they differ.  Returns 1 when they agree (same
 * verdict, no difference), else 0.
 */
static int
pktrun_both(const struct pktrun_opts *o, int n, const char *path,
    struct pkt_result *re, struct pkt_result *rk)
{
	size_t	nd;
	int	same;

	pktrun_one(o, path, NULL, re, NULL);
	pktrun_one(o, path, pktk_target(o->kernel), rk, NULL);
	same = re->verdict == rk->verdict;
	if (o->tap)
		printf("# %s\n", path);
	else
		printf("%s %s: engine %s, kernel %s\n", "BOTH", path,
		    pkt_verdict_name(re->verdict),
		    pkt_verdict_name(rk->verdict));
	nd = pkt_run_diff(re, "engine", rk, "kernel", pktrun_diff_line,
	    (void *)o);
	if (nd == 0 && !same)
		printf("%sno line differs where both ran\n", o->tap ? "# " :
		    "  ");
	if (re->verdict != PKT_PASS)
		printf("%sengine: %s\n", o->tap ? "# " : "  ", re->msg);
	if (rk->verdict != PKT_PASS)
		printf("%skernel: %s\n", o->tap ? "# " : "  ", rk->msg);
	if (o->tap)
		printf("%s %d - %s: engine and kernel %s\n", same && nd == 0 ?
		    "ok" : "not ok", n, path, same && nd == 0 ? "agree" :
		    "differ");
	return (same && nd == 0);
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
		{ "lab", optional_argument, NULL, 'L' },
		{ "against", required_argument, NULL, 'A' },
		{ "peer-exec", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pktrun_opts	 o;
	struct pkt_result	*r, *rk;
	struct pktrun_junit	*j = NULL;
	struct dg_pkt		*g;
	char			*end, **failed;
	int			 ch, i, n, npass = 0, nfail = 0, nskip = 0;
	int			 stopped = 0;
	long long		 v;
	double			 t;

	memset(&o, 0, sizeof o);
	pkt_run_cfg_default(&o.cfg);
	o.cfg.read_file = pktrun_read_file;
	o.against = PKTRUN_ENGINE;
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
		case 'X':
			o.peer_exec = optarg;
			break;
		case 'L':
			if (optarg != NULL) {
				fprintf(stderr, "tcpx: --pkt runs in the plain "
				    "lab (--lab), not --lab=%s\n", optarg);
				return (EXIT_USAGE);
			}
			o.lab = 1;
			break;
		case 'A':
			if (strcmp(optarg, "engine") == 0)
				o.against = PKTRUN_ENGINE;
			else if (strcmp(optarg, "kernel") == 0)
				o.against = PKTRUN_KERNEL;
			else if (strcmp(optarg, "both") == 0)
				o.against = PKTRUN_BOTH;
			else {
				fprintf(stderr, "tcpx: --against %s: expected "
				    "engine, kernel or both\n", optarg);
				return (EXIT_USAGE);
			}
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
	if (o.against != PKTRUN_ENGINE && !o.lab) {
		fprintf(stderr, "tcpx: --against %s runs in the lab: add "
		    "--lab\n", o.against == PKTRUN_KERNEL ?
		    "kernel" : "both");
		return (EXIT_USAGE);
	}
	if (o.lab && o.against == PKTRUN_ENGINE) {
		fprintf(stderr, "tcpx: --lab with --pkt is for --against "
		    "kernel or both (the engine needs no lab)\n");
		return (EXIT_USAGE);
	}
	if (o.peer_exec != NULL && o.against == PKTRUN_ENGINE) {
		fprintf(stderr, "tcpx: --peer-exec runs in the lab's peer: "
		    "use it with --against kernel or both\n");
		return (EXIT_USAGE);
	}
	if (o.diagram != 0 && o.against == PKTRUN_BOTH) {
		fprintf(stderr, "tcpx: --diagram draws one run: use it with "
		    "--against engine or kernel\n");
		return (EXIT_USAGE);
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
	rk = xmalloc(sizeof *rk);
	if (o.against != PKTRUN_ENGINE) {
		o.kernel = pktk_new();
		pktk_set_peer_exec(o.kernel, o.peer_exec);
	}
	if (o.tap)
		printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		if (o.kernel != NULL && pktk_interrupted(o.kernel)) {
			fprintf(stderr, "tcpx: interrupted: %d script%s not "
			    "run\n", n - i, n - i == 1 ? "" : "s");
			stopped = 1;
			break;
		}
		t = pktrun_secs();
		if (o.against == PKTRUN_BOTH) {
			if (pktrun_both(&o, i + 1, argv[optind + i], r, rk))
				npass++;
			else {
				failed[nfail++] = xstrdup(argv[optind + i]);
				/* The report's failure: the kernel's side. */
				if (rk->verdict == PKT_PASS)
					*rk = *r;
				rk->verdict = PKT_FAIL;
			}
			if (j != NULL)
				pktrun_junit_add(j, argv[optind + i], rk,
				    pktrun_secs() - t);
			continue;
		}
		g = o.diagram ? dgpkt_new() : NULL;
		switch (pktrun_one(&o, argv[optind + i], o.kernel != NULL ?
		    pktk_target(o.kernel) : NULL, r, g)) {
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
	if (o.against == PKTRUN_BOTH)
		printf("%s%d agree, %d differ\n", o.tap ? "# " : "", npass,
		    nfail);
	else
		printf("%s%d passed, %d failed, %d skipped\n", o.tap ? "# " :
		    "", npass, nfail, nskip);
	for (i = 0; i < nfail; i++) {
		printf("%s%s %s\n", o.tap ? "# " : "", o.against ==
		    PKTRUN_BOTH ? "DIFFER" : "FAIL", failed[i]);
		free(failed[i]);
	}
	pktk_free(o.kernel);
	free(failed);
	free(r);
	free(rk);
	if (j != NULL && pktrun_junit_close(j) != 0)
		return (EXIT_USAGE);
	return (npass == n && !stopped ? EXIT_OK : EXIT_WAIT);
}
