/*
 * cli/ui/pktrun.c - `tcpx [--lab] --pkt FILE... [--against engine|kernel|
 * both] [--tolerance_usecs N] [--lenient] [-D NAME[=VAL]] [--tap]`: read
 * each script, parse it (core/pkt.h), run it against the engine in
 * virtual time (core/pkt-run.h; no root, no lab, no network), against the
 * lab's kernel (cli/run/pktk.h; root), or both and print where they
 * differ line by line; a line per file and the summary "N passed, N
 * failed, N skipped", or TAP for CI.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run/pktk.h"
#include "cli/tcpx.h"
#include "cli/ui/pktrun.h"
#include "core/pkt-run.h"
#include "core/xmalloc.h"

/* What the command line asked for. */
struct pktrun_opts {
	struct pkt_run_cfg	 cfg;
	const char		*defines[PKT_MAX_DEFINES];
	size_t			 ndefines;
	int			 tap;
	int			 lab;
	int			 against;	/* PKTRUN_ENGINE... */
	struct pktk		*kernel;
	const char		*peer_exec;
};

#define PKTRUN_ENGINE	1
#define PKTRUN_KERNEL	2
#define PKTRUN_BOTH	3

#define PKTRUN_USAGE	"usage: tcpx [--lab] --pkt FILE... [--against " \
	"engine|kernel|both]\n            [--tolerance_usecs N] [--lenient] " \
	"[-D NAME[=VAL]] [--tap]\n            [--peer-exec CMD]\n"

static int	pktrun_read(const char *path, char **buf, size_t *len);
static enum pkt_verdict pktrun_one(const struct pktrun_opts *o,
		    const char *path, const struct pkt_target *t,
		    struct pkt_result *r);
static int	pktrun_both(const struct pktrun_opts *o, int n,
		    const char *path, struct pkt_result *re,
		    struct pkt_result *rk);
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

/* Parse and run one script against t (NULL: the engine) into *r. */
static enum pkt_verdict
pktrun_one(const struct pktrun_opts *o, const char *path,
    const struct pkt_target *t, struct pkt_result *r)
{
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
	if (t != NULL)
		pkt_run_target(s, &o->cfg, t, r);
	else
		pkt_run(s, &o->cfg, r);
	pkt_free(s);
	return (r->verdict);
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

	pktrun_one(o, path, NULL, re);
	pktrun_one(o, path, pktk_target(o->kernel), rk);
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
		{ "lab", optional_argument, NULL, 'L' },
		{ "against", required_argument, NULL, 'A' },
		{ "peer-exec", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pktrun_opts	 o;
	struct pkt_result	*r, *rk;
	char			*end, **failed;
	int			 ch, i, n, npass = 0, nfail = 0, nskip = 0;
	int			 stopped = 0;
	long long		 v;

	memset(&o, 0, sizeof o);
	pkt_run_cfg_default(&o.cfg);
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
		    "--lab (as root)\n", o.against == PKTRUN_KERNEL ?
		    "kernel" : "both");
		return (EXIT_USAGE);
	}
	if (o.lab && o.against == PKTRUN_ENGINE) {
		fprintf(stderr, "tcpx: --lab with --pkt is for --against "
		    "kernel or both (the engine needs no lab)\n");
		return (EXIT_USAGE);
	}
	if (optind == argc) {
		fprintf(stderr, "tcpx: --pkt needs at least one script\n");
		return (EXIT_USAGE);
	}
	n = argc - optind;
	failed = xcalloc((size_t)n, sizeof *failed);
	r = xmalloc(sizeof *r);
	rk = xmalloc(sizeof *rk);
	if (o.peer_exec != NULL && o.against == PKTRUN_ENGINE) {
		fprintf(stderr, "tcpx: --peer-exec runs in the lab's peer: "
		    "use it with --against kernel or both\n");
		return (EXIT_USAGE);
	}
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
		if (o.against == PKTRUN_BOTH) {
			if (pktrun_both(&o, i + 1, argv[optind + i], r, rk))
				npass++;
			else {
				nfail++;
				failed[nfail - 1] = xstrdup(argv[optind + i]);
			}
			continue;
		}
		switch (pktrun_one(&o, argv[optind + i], o.kernel != NULL ?
		    pktk_target(o.kernel) : NULL, r)) {
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
		pktrun_print(&o, i + 1, argv[optind + i], r);
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
	return (npass == n && !stopped ? EXIT_OK : EXIT_WAIT);
}
