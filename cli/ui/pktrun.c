/*
 * cli/ui/pktrun.c - `tcpx --pkt FILE... [--tolerance_usecs N] [--lenient]
 * [-D NAME[=VAL]] [--tap]`: read each script, parse it (core/pkt.h), run
 * it against the engine in virtual time (core/pkt-run.h), print a line per
 * file and the summary "N passed, N failed, N skipped", or TAP for CI.
 * No root, no lab, no network.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

static int	pktrun_read(const char *path, char **buf, size_t *len);
static int	pktrun_read_file(void *arg, const char *path, char **text,
		    char *err, size_t errlen);
static enum pkt_verdict pktrun_one(const struct pktrun_opts *o,
		    const char *path, struct pkt_result *r);
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

/* Parse and run one script into *r. */
static enum pkt_verdict
pktrun_one(const struct pktrun_opts *o, const char *path,
    struct pkt_result *r)
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

/* Run `tcpx --pkt ...`. */
int
pktrun_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pkt", no_argument, NULL, 'P' },
		{ "tolerance_usecs", required_argument, NULL, 't' },
		{ "lenient", no_argument, NULL, 'l' },
		{ "tap", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pktrun_opts	 o;
	struct pkt_result	*r;
	char			*end, **failed;
	int			 ch, i, n, npass = 0, nfail = 0, nskip = 0;
	long long		 v;

	memset(&o, 0, sizeof o);
	pkt_run_cfg_default(&o.cfg);
	o.cfg.read_file = pktrun_read_file;
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
		case 'D':
			if (o.ndefines == PKT_MAX_DEFINES) {
				fprintf(stderr, "tcpx: more than %d -D\n",
				    PKT_MAX_DEFINES);
				return (EXIT_USAGE);
			}
			o.defines[o.ndefines++] = optarg;
			break;
		case 'h':
			printf("usage: tcpx --pkt FILE... [--tolerance_usecs N] "
			    "[--lenient] [-D NAME[=VAL]] [--tap]\n");
			return (EXIT_OK);
		default:
			fprintf(stderr, "usage: tcpx --pkt FILE... "
			    "[--tolerance_usecs N] [--lenient] "
			    "[-D NAME[=VAL]] [--tap]\n");
			return (EXIT_USAGE);
		}
	}
	if (optind == argc) {
		fprintf(stderr, "tcpx: --pkt needs at least one script\n");
		return (EXIT_USAGE);
	}
	n = argc - optind;
	failed = xcalloc((size_t)n, sizeof *failed);
	r = xmalloc(sizeof *r);
	if (o.tap)
		printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		switch (pktrun_one(&o, argv[optind + i], r)) {
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
	printf("%s%d passed, %d failed, %d skipped\n", o.tap ? "# " : "",
	    npass, nfail, nskip);
	for (i = 0; i < nfail; i++) {
		printf("%sFAIL %s\n", o.tap ? "# " : "", failed[i]);
		free(failed[i]);
	}
	free(failed);
	free(r);
	return (npass == n ? EXIT_OK : EXIT_WAIT);
}
