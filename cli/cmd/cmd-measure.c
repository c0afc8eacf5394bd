/*
 * cli/cmd/cmd-measure.c - numbers a lesson (or any script) measures on the
 * spot: `mark` a moment (now, or when an engine event last came), then
 * `measure` the time since or between marks, a count of events, or a
 * number the peer's kernel prints (nstat, ss, sysctl: the output is shown,
 * not read silently), a header field of a frame on the wire (decoded
 * again from its bytes, as `decode` shows it), or tcpx's own memory;
 * `report` lists them beside the textbook's answer.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/i18n.h"
#include "cli/cmd/cmd-decode.h"
#include "cli/cmd/lesson.h"
#include "cli/obs/conns.h"
#include "cli/obs/counters.h"
#include "cli/obs/frames.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/clock.h"
#include "cli/run/session.h"
#include "core/utf8.h"
#include "core/xmalloc.h"

#define MEASURE_MAX	64		/* marks, and measures, at most */
#define MEASURE_NAMES	64		/* event names snapshotted by a mark */
#define MEASURE_OUTMAX	(64 * 1024)	/* a peer command's output we read */

struct measure;

static enum cmd_status cmd_mark(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_measure(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_report(struct cmd_ctx *, int, char **);
static enum cmd_status measure_field(struct cmd_ctx *, struct measure *,
		    char **, int);

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "NAME [EVENT]",
	.min_args = 1,
	.max_args = 2,
	.help = "remember this moment (or when EVENT last came) as NAME, for measure",
	.detail = "mark fin: now. mark tw time-wait-expired: when that engine event\n"
	    "last came (names as for wait event). A mark also remembers how many\n"
	    "events of each name had come, for measure ... count ... since.",
	.exec = cmd_mark,
};

const struct cmd_entry cmd_measure_entry = {
	.name = "measure",
	.usage = "NAME since MARK | between MARK MARK | count EVENT [since MARK] "
	    "| peer 'SHELL LINE' | tcb FIELD | field FRAME FIELD | self rss|heap "
	    "| minus A B | per A B [: LABEL [: CLAIM]]",
	.min_args = 1,
	.max_args = 1,
	.raw = 1,
	.help = "measure a time, a count or a number from the peer's kernel",
	.detail = "measure tw between fin end: the seconds between two marks.\n"
	    "measure idle since fin: the seconds since a mark. measure probes\n"
	    "count keepalive since start: engine events since a mark (or since\n"
	    "the session began). measure cookies peer 'nstat -az\n"
	    "TcpExtSyncookiesSent': the last number the shell line prints in the\n"
	    "lab's peer (its output is shown). measure seg tcb mss: a field of\n"
	    "the current connection's TCB (mss, peer_mss, pmtu, cwnd, ssthresh,\n"
	    "srtt_ms, rto_ms, snd_wnd, rcv_wnd, queued, received (bytes taken in\n"
	    "order so far), iss, irs; synq and\n"
	    "acceptq: the lengths of a listener's SYN and accept queues, or of\n"
	    "those of the listener the connection came from).\n"
	    "measure sent minus after before: the difference of two measures\n"
	    "(of ISNs, or of such differences: modulo 2^32, between -2^31 and\n"
	    "2^31 - 1); measure rate per n secs: one divided by the other.\n"
	    "measure tot field last out tcp ip.len: a header field of a frame on\n"
	    "the wire: frame N (as decode numbers them) or last [in|out] [PROTO],\n"
	    "the newest that way carrying PROTO and the field's layer. Fields:\n"
	    "frame.len; ip.ihl (words), ip.hdr_len (bytes), ip.len (total),\n"
	    "ip.id, ip.ttl, ip.proto; ipv6.plen; tcp.srcport, tcp.dstport,\n"
	    "tcp.seq, tcp.ack (absolute), tcp.doff (words), tcp.hdr_len (bytes),\n"
	    "tcp.flags (the bits as a number), tcp.window (unscaled), tcp.urgent,\n"
	    "tcp.len (payload bytes, from the IP length); udp.srcport,\n"
	    "udp.dstport, udp.length. measure mem self rss: tcpx's own memory;\n"
	    "self heap: what its allocator has handed out (the difference of two\n"
	    "is what connections cost, whatever pages the idle warm-up touched).\n"
	    "After \" : \" a label and after a second \" : \" the\n"
	    "textbook's claim, for report. A peer line (and lab sh) sees each\n"
	    "value measured so far as $M_NAME: lab sh 'echo $M_seg'.",
	.exec = cmd_measure,
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "",
	.max_args = 0,
	.help = "what was measured (with a label), each beside the textbook's claim",
	.exec = cmd_report,
};

/* A moment, with the event counts then. */
struct mark {
	char		 name[32];
	uint64_t	 t;
	unsigned long	 counts[MEASURE_NAMES];
};

/* A number measured. */
struct measure {
	char		 name[32];
	double		 value;
	int		 seconds;	/* a time, else a plain number */
	int		 labelled;	/* report shows it (a label was given) */
	int		 seq;		/* a sequence number: differences wrap at 2^32 */
	char		 label[96];
	char		 claim[200];
};

struct measures {
	struct mark	 marks[MEASURE_MAX];
	int		 nmarks;
	struct measure	 ms[MEASURE_MAX];
	int		 nms;
};

/* The peer command a measure waits for. */
struct peer_wait {
	pid_t		 pid;
	int		 status;
	int		 fd;		/* its output (a memfd) */
	struct measure	 m;
};

/* The context's measures, made on first use. */
static struct measures *
measures_of(struct cmd_ctx *c)
{
	if (c->measures == NULL)
		c->measures = xcalloc(1, sizeof *c->measures);
	return (c->measures);
}

/* Free what the measurement commands keep (NULL is fine). */
void
measures_free(struct measures *m)
{
	free(m);
}

/* Mark name, or NULL. */
static struct mark *
mark_find(struct measures *m, const char *name)
{
	int	i;

	for (i = 0; i < m->nmarks; i++)
		if (strcmp(m->marks[i].name, name) == 0)
			return (&m->marks[i]);
	return (NULL);
}

/* mark NAME [EVENT] */
static enum cmd_status
cmd_mark(struct cmd_ctx *c, int argc, char **argv)
{
	struct measures	*m = measures_of(c);
	struct mark	*k;
	int		 i, ev = -1;

	if (strlen(argv[1]) >= sizeof k->name) {
		say_err("mark: name \"%s\" is longer than %zu characters",
		    argv[1], sizeof k->name - 1);
		return (CMD_USAGE);
	}
	if (argc == 3 && (ev = counters_find(argv[2])) < 0) {
		say_err("mark: unknown event \"%s\" (help wait lists them)",
		    argv[2]);
		return (CMD_USAGE);
	}
	if (ev >= 0 && counters_when(c->o->counters, ev) == 0) {
		say_err("mark %s: no %s event has come yet", argv[1], argv[2]);
		return (CMD_FAIL);
	}
	if ((k = mark_find(m, argv[1])) == NULL) {
		if (m->nmarks == MEASURE_MAX) {
			say_err("mark: %d marks are set already", MEASURE_MAX);
			return (CMD_FAIL);
		}
		k = &m->marks[m->nmarks++];
		snprintf(k->name, sizeof k->name, "%s", argv[1]);
	}
	k->t = ev >= 0 ? counters_when(c->o->counters, ev) : now_us();
	for (i = 0; i < MEASURE_NAMES; i++)
		k->counts[i] = counters_get(c->o->counters, i);
	return (CMD_OK);
}

/* A plain number as people read it: whole above 1000, else %g; into buf. */
static const char *
measure_fmt(double v, char *buf, size_t len)
{
	snprintf(buf, len, v >= 1000 || v <= -1000 ? "%.0f" : "%.4g", v);
	return (buf);
}

/*
 * a - b in sequence space (RFC 9293 §3.4): modulo 2^32, as the shorter way
 * round, from -2^31 to 2^31 - 1.  a and b are sequence numbers or earlier
 * such differences (negative ones included).
 */
static double
measure_seqdiff(double a, double b)
{
	uint32_t	d = (uint32_t)(int64_t)a - (uint32_t)(int64_t)b;

	return (d < 0x80000000U ? (double)d : (double)d - 4294967296.0);
}

/* Keep measure mm (replacing one of the same name) and show it. */
static enum cmd_status
measure_keep(struct cmd_ctx *c, const struct measure *mm)
{
	struct measures	*m = measures_of(c);
	char		 v[64];
	int		 i;

	for (i = 0; i < m->nms; i++)
		if (strcmp(m->ms[i].name, mm->name) == 0)
			break;
	if (i == MEASURE_MAX) {
		say_err("measure: %d measures are kept already", MEASURE_MAX);
		return (CMD_FAIL);
	}
	if (i == m->nms)
		m->nms++;
	m->ms[i] = *mm;
	if (mm->seconds)
		say("measured %s: %.3f s", mm->name, mm->value);
	else
		say("measured %s: %s", mm->name, measure_fmt(mm->value, v,
		    sizeof v));
	return (CMD_OK);
}

/* Whether "M_" name is a name a shell variable can have. */
static int
measure_env_ok(const char *name)
{
	const char	*p;

	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return (0);
	return (p != name);
}

/*
 * The argv that runs shell line in the lab's peer with every value
 * measured so far in its environment as M_NAME (names a shell variable
 * can have): "env M_NAME=VALUE ... sh -c LINE".  Free it with
 * measures_argv_free().
 */
char **
measures_sh_argv(struct cmd_ctx *c, const char *line)
{
	const struct measures	*m = c->measures;
	const struct measure	*ms;
	char			**argv;
	int			 i, n = 0, nms = m != NULL ? m->nms : 0;

	argv = xcalloc((size_t)nms + 5, sizeof *argv);
	argv[n++] = xstrdup("env");
	for (i = 0; i < nms; i++) {
		ms = &m->ms[i];
		if (!measure_env_ok(ms->name))
			continue;
		/* Whole numbers exactly (ISNs), times to the microsecond. */
		if (!ms->seconds && ms->value > -1e15 && ms->value < 1e15 &&
		    ms->value == (double)(int64_t)ms->value)
			argv[n++] = xasprintf("M_%s=%.0f", ms->name, ms->value);
		else
			argv[n++] = xasprintf("M_%s=%.6f", ms->name, ms->value);
	}
	argv[n++] = xstrdup("sh");
	argv[n++] = xstrdup("-c");
	argv[n++] = xstrdup(line);
	return (argv);
}

/* Free what measures_sh_argv() made. */
void
measures_argv_free(char **argv)
{
	char	**p;

	for (p = argv; *p != NULL; p++)
		free(*p);
	free(argv);
}

/* Whether the peer command has ended (reaping it). */
static int
peer_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct peer_wait	*w = arg;

	(void)c;
	(void)wake;
	return (waitpid(w->pid, &w->status, WNOHANG) == w->pid);
}

/* Show the peer command's output and keep the last number in it. */
static enum cmd_status
peer_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct peer_wait	*w = arg;
	char			*out, *p, *line, *num = NULL;
	ssize_t			 n;
	enum cmd_status		 rc = CMD_FAIL;

	if (how != CMD_END_DONE) {
		kill(w->pid, SIGKILL);
		waitpid(w->pid, &w->status, 0);
		say_err("measure %s: the peer's command was %s", w->m.name,
		    how == CMD_END_TIMEOUT ? "too slow (10 s)" : "interrupted");
		close(w->fd);
		return (CMD_FAIL);
	}
	out = xmalloc(MEASURE_OUTMAX + 1);
	n = pread(w->fd, out, MEASURE_OUTMAX, 0);
	close(w->fd);
	out[n > 0 ? n : 0] = '\0';
	/* The first number of the last line that has one (nstat: the value). */
	for (p = out + (n > 0 ? n : 0); p > out && num == NULL; ) {
		char *bol = p;

		while (bol > out && bol[-1] != '\n')
			bol--;
		for (line = bol; line < p; line++)
			if (isdigit((unsigned char)*line) && (line == bol ||
			    isspace((unsigned char)line[-1]))) {
				num = line;
				break;
			}
		p = bol > out ? bol - 1 : out;
	}
	/* Shown: it proves the point (after the scan: strsep cuts the lines). */
	for (p = out; (line = strsep(&p, "\n")) != NULL;) {
		if (*line == '\0' && p == NULL)
			break;
		say("%s", line);
	}
	if (lab_status(w->status) != 0)
		say_err("measure %s: the peer's command exited with status %d",
		    w->m.name, lab_status(w->status));
	else if (num == NULL)
		say_err("measure %s: the peer's command printed no number",
		    w->m.name);
	else {
		w->m.value = strtod(num, NULL);
		rc = measure_keep(c, &w->m);
	}
	free(out);
	return (rc);
}

/* Run line in the peer for measure mm; the command waits for it. */
static enum cmd_status
measure_peer(struct cmd_ctx *c, const struct measure *mm, const char *line)
{
	struct peer_wait	*w;
	char			**argv, *cause = NULL;
	int			 fd;
	pid_t			 pid;

	if (!c->s->lab.up) {
		say_err("measure %s: peer needs the lab (start tcpx with --lab)",
		    mm->name);
		return (CMD_FAIL);
	}
	if ((fd = memfd_create("tcpx-measure", MFD_CLOEXEC)) == -1) {
		say_err("measure: memfd_create: %s", strerror(errno));
		return (CMD_FAIL);
	}
	argv = measures_sh_argv(c, line);
	pid = lab_spawn(&c->s->lab, argv, fd, &cause);
	measures_argv_free(argv);
	if (pid == -1) {
		say_err("measure %s: %s", mm->name, cause);
		free(cause);
		close(fd);
		return (CMD_FAIL);
	}
	w = xcalloc(1, sizeof *w);
	w->pid = pid;
	w->fd = fd;
	w->m = *mm;
	return (cmd_await(c, peer_done, peer_finish, w, now_us() +
	    10 * TCP_SEC));
}

/* A field of the current connection's TCB into mm. */
static enum cmd_status
measure_tcb(struct cmd_ctx *c, struct measure *mm, const char *field)
{
	struct tcp_status	ts;
	unsigned		id = conns_cur(c->o->conns);

	if (id == 0 || tcp_status(c->s->st, id, &ts) != 0) {
		say_err("measure %s: no current connection", mm->name);
		return (CMD_FAIL);
	}
	if (strcmp(field, "mss") == 0)
		mm->value = ts.snd_mss;
	else if (strcmp(field, "peer_mss") == 0)
		mm->value = ts.peer_mss;
	else if (strcmp(field, "pmtu") == 0)
		mm->value = ts.pmtu;
	else if (strcmp(field, "cwnd") == 0)
		mm->value = ts.cwnd;
	else if (strcmp(field, "ssthresh") == 0)
		mm->value = ts.ssthresh;
	else if (strcmp(field, "srtt_ms") == 0)
		mm->value = (double)ts.srtt / 1000;
	else if (strcmp(field, "rto_ms") == 0)
		mm->value = (double)ts.rto / 1000;
	else if (strcmp(field, "snd_wnd") == 0)
		mm->value = ts.snd_wnd;
	else if (strcmp(field, "rcv_wnd") == 0)
		mm->value = ts.rcv_wnd;
	else if (strcmp(field, "queued") == 0)
		mm->value = (double)(ts.unsent + ts.unacked);
	else if (strcmp(field, "synq") == 0 || strcmp(field, "acceptq") == 0) {
		/* A listener's, or the one the connection came from. */
		if (ts.state != TCP_LISTEN && (ts.listener == 0 ||
		    tcp_status(c->s->st, ts.listener, &ts) != 0)) {
			say_err("measure %s: c%u is neither a listener nor came "
			    "from one", mm->name, id);
			return (CMD_FAIL);
		}
		mm->value = field[0] == 's' ? ts.synq : ts.acceptq;
	}
	else if (strcmp(field, "received") == 0)
		/* RCV.NXT past the peer's SYN and FIN; nothing before a SYN came. */
		mm->value = ts.rcv_nxt == ts.irs ? 0 :
		    (double)(uint32_t)(ts.rcv_nxt - ts.irs - 1 -
		    (ts.fin_rcvd ? 1 : 0));
	else if (strcmp(field, "iss") == 0 || strcmp(field, "irs") == 0) {
		mm->value = field[1] == 's' ? ts.iss : ts.irs;
		mm->seq = 1;
	}
	else {
		say_err("measure: no TCB field \"%s\" (mss, peer_mss, pmtu, "
		    "cwnd, ssthresh, srtt_ms, rto_ms, snd_wnd, rcv_wnd, queued, "
		    "received, iss, irs, synq, acceptq)", field);
		return (CMD_USAGE);
	}
	return (measure_keep(c, mm));
}

/*
 * The header fields `measure ... field` reads, named as Wireshark's display
 * filters name them where they can be (tcp.seq and tcp.ack are absolute).
 */
enum mfield {
	MF_FRAME_LEN, MF_IP_IHL, MF_IP_HDR_LEN, MF_IP_LEN, MF_IP_ID, MF_IP_TTL,
	MF_IP_PROTO, MF_IP6_PLEN, MF_TCP_SPORT, MF_TCP_DPORT, MF_TCP_SEQ,
	MF_TCP_ACK, MF_TCP_DOFF, MF_TCP_HDR_LEN, MF_TCP_FLAGS, MF_TCP_WINDOW,
	MF_TCP_URGENT, MF_TCP_LEN, MF_UDP_SPORT, MF_UDP_DPORT, MF_UDP_LENGTH,
};

static const struct {
	const char	*name;
	enum mfield	 id;
	unsigned	 layer;		/* the PKT_* layer it is in */
} mfields[] = {
	{ "frame.len", MF_FRAME_LEN, 0 },
	{ "ip.ihl", MF_IP_IHL, PKT_IP4 },
	{ "ip.hdr_len", MF_IP_HDR_LEN, PKT_IP4 },
	{ "ip.len", MF_IP_LEN, PKT_IP4 },
	{ "ip.id", MF_IP_ID, PKT_IP4 },
	{ "ip.ttl", MF_IP_TTL, PKT_IP4 },
	{ "ip.proto", MF_IP_PROTO, PKT_IP4 },
	{ "ipv6.plen", MF_IP6_PLEN, PKT_IP6 },
	{ "tcp.srcport", MF_TCP_SPORT, PKT_TCP },
	{ "tcp.dstport", MF_TCP_DPORT, PKT_TCP },
	{ "tcp.seq", MF_TCP_SEQ, PKT_TCP },
	{ "tcp.ack", MF_TCP_ACK, PKT_TCP },
	{ "tcp.doff", MF_TCP_DOFF, PKT_TCP },
	{ "tcp.hdr_len", MF_TCP_HDR_LEN, PKT_TCP },
	{ "tcp.flags", MF_TCP_FLAGS, PKT_TCP },
	{ "tcp.window", MF_TCP_WINDOW, PKT_TCP },
	{ "tcp.urgent", MF_TCP_URGENT, PKT_TCP },
	{ "tcp.len", MF_TCP_LEN, PKT_TCP },
	{ "udp.srcport", MF_UDP_SPORT, PKT_UDP },
	{ "udp.dstport", MF_UDP_DPORT, PKT_UDP },
	{ "udp.length", MF_UDP_LENGTH, PKT_UDP },
};
#define NMFIELDS	(sizeof mfields / sizeof mfields[0])

/* The value of field id of p (a frame of len bytes); sets mm->seq for one. */
static double
mfield_value(enum mfield id, const struct pkt *p, size_t len,
    struct measure *mm)
{
	switch (id) {
	case MF_FRAME_LEN:	return ((double)len);
	case MF_IP_IHL:		return (p->ip4.ihl);
	case MF_IP_HDR_LEN:	return (p->ip4.ihl * 4);
	case MF_IP_LEN:		return (p->ip4.tot_len);
	case MF_IP_ID:		return (p->ip4.id);
	case MF_IP_TTL:		return (p->ip4.ttl);
	case MF_IP_PROTO:	return (p->ip4.proto);
	case MF_IP6_PLEN:	return (p->ip6.plen);
	case MF_TCP_SPORT:	return (p->tcp.sport);
	case MF_TCP_DPORT:	return (p->tcp.dport);
	case MF_TCP_SEQ:	mm->seq = 1; return (p->tcp.seq);
	case MF_TCP_ACK:	mm->seq = 1; return (p->tcp.ack);
	case MF_TCP_DOFF:	return (p->tcp.doff);
	case MF_TCP_HDR_LEN:	return (p->tcp.doff * 4);
	case MF_TCP_FLAGS:	return (p->tcp.flags);
	case MF_TCP_WINDOW:	return (p->tcp.win);
	case MF_TCP_URGENT:	return (p->tcp.urp);
	case MF_TCP_LEN:	return ((double)p->payload_wire);
	case MF_UDP_SPORT:	return (p->udp.sport);
	case MF_UDP_DPORT:	return (p->udp.dport);
	case MF_UDP_LENGTH:	return (p->udp.len);
	}
	return (0);
}

/*
 * measure NAME field FRAME... FIELD (w[2] to w[n - 1]): a header field of
 * a frame the session sent or received, into mm.
 */
static enum cmd_status
measure_field(struct cmd_ctx *c, struct measure *mm, char **w, int n)
{
	const struct frame_rec	*r;
	struct pkt		 p;
	unsigned long		 num;
	enum cmd_status		 rc;
	size_t			 k;

	if (n < 4) {
		say_err("usage: measure NAME field N|last [in|out] [PROTO] "
		    "FIELD");
		return (CMD_USAGE);
	}
	for (k = 0; k < NMFIELDS; k++)
		if (strcmp(w[n - 1], mfields[k].name) == 0)
			break;
	if (k == NMFIELDS) {
		say_err("measure: no field \"%s\" (help measure lists them)",
		    w[n - 1]);
		return (CMD_USAGE);
	}
	if ((rc = cmd_decode_pick(c, "measure", w + 2, n - 3,
	    mfields[k].layer, &num)) != CMD_OK)
		return (rc);
	r = frames_get(c->o->frames, num);
	(void)wire_decode(&p, r->dlt, r->data, r->len, r->len);
	if ((p.layers & mfields[k].layer) != mfields[k].layer) {
		say_err("measure %s: frame %lu has no %s", mm->name, num,
		    w[n - 1]);
		return (CMD_FAIL);
	}
	mm->value = mfield_value(mfields[k].id, &p, r->len, mm);
	say("frame %lu: %s %.0f", num, w[n - 1], mm->value);
	return (measure_keep(c, mm));
}

/*
 * tcpx's own memory in bytes into mm: resident (VmRSS of /proc/self/status)
 * or heap (what the allocator has handed out, core/bigmem.h); what our
 * connections cost, as a difference of two.  The heap's figure is the
 * exact one: pages the idle warm-up touched ahead count in VmRSS before
 * anything uses them.
 */
static enum cmd_status
measure_self(struct cmd_ctx *c, struct measure *mm, const char *what)
{
	FILE		*f;
	char		 line[256];
	unsigned long	 kb;
	size_t		 used;
	int		 found = 0;

	if (strcmp(what, "heap") == 0) {
		if ((used = bigmem_heap_used(&c->s->heap)) == (size_t)-1) {
			say_err("measure %s: this C library does not tell the "
			    "heap's use (self rss does)", mm->name);
			return (CMD_FAIL);
		}
		mm->value = (double)used;
		return (measure_keep(c, mm));
	}
	if (strcmp(what, "rss") != 0) {
		say_err("measure: no self figure \"%s\" (rss, heap)", what);
		return (CMD_USAGE);
	}
	if ((f = fopen("/proc/self/status", "r")) == NULL) {
		say_err("measure %s: /proc/self/status: %s", mm->name,
		    strerror(errno));
		return (CMD_FAIL);
	}
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = sscanf(line, "VmRSS: %lu kB", &kb) == 1;
	fclose(f);
	if (!found) {
		say_err("measure %s: no VmRSS in /proc/self/status", mm->name);
		return (CMD_FAIL);
	}
	mm->value = (double)kb * 1024;
	return (measure_keep(c, mm));
}

/* Split "SPEC : LABEL : CLAIM" of text into mm's label and claim; the spec is left in text. */
static void
measure_texts(char *text, struct measure *mm)
{
	char	*p, *q;

	if ((p = strstr(text, " : ")) == NULL)
		return;
	*p = '\0';
	p += 3;
	if ((q = strstr(p, " : ")) != NULL) {
		*q = '\0';
		snprintf(mm->claim, sizeof mm->claim, "%s", q + 3);
	}
	snprintf(mm->label, sizeof mm->label, "%s", p);
	mm->labelled = 1;
}

/*
 * measure NAME since MARK | between A B | count EVENT [since MARK] |
 * peer 'LINE' | tcb FIELD | self rss | minus A B | per A B
 */
static enum cmd_status
cmd_measure(struct cmd_ctx *c, int argc, char **argv)
{
	struct measures	*m = measures_of(c);
	struct measure	 mm;
	struct mark	*a = NULL, *b = NULL;
	char		*text, *w[7], *p, *line = NULL;
	int		 n = 0, ev;
	enum cmd_status	 rc = CMD_USAGE;

	memset(&mm, 0, sizeof mm);
	text = xstrdup(argc > 1 ? argv[1] : "");
	measure_texts(text, &mm);
	/* A peer line is quoted: it keeps its blanks. */
	if ((p = strchr(text, '\'')) != NULL) {
		line = p + 1;
		*p = '\0';
		if ((p = strrchr(line, '\'')) == NULL) {
			say_err("measure: the peer line has no closing quote");
			goto out;
		}
		*p = '\0';
	}
	for (p = strtok(text, " \t"); p != NULL && n < 7; p = strtok(NULL, " \t"))
		w[n++] = p;
	if (n < 2 || strlen(w[0]) >= sizeof mm.name) {
		say_err("usage: measure %s", cmd_measure_entry.usage);
		goto out;
	}
	snprintf(mm.name, sizeof mm.name, "%s", w[0]);
	if (mm.label[0] == '\0')
		snprintf(mm.label, sizeof mm.label, "%s", w[0]);
	if (strcmp(w[1], "peer") == 0 && n == 2 && line != NULL) {
		rc = measure_peer(c, &mm, line);
		goto out;
	}
	if ((strcmp(w[1], "minus") == 0 || strcmp(w[1], "per") == 0) &&
	    n == 4) {
		const struct measure *x = NULL, *y = NULL;
		int i;

		for (i = 0; i < m->nms; i++) {
			if (strcmp(m->ms[i].name, w[2]) == 0)
				x = &m->ms[i];
			if (strcmp(m->ms[i].name, w[3]) == 0)
				y = &m->ms[i];
		}
		if (x == NULL || y == NULL) {
			say_err("measure: nothing measured as \"%s\"",
			    x == NULL ? w[2] : w[3]);
			rc = CMD_FAIL;
			goto out;
		}
		if (w[1][0] == 'p') {		/* per: a rate */
			if (y->value == 0) {
				say_err("measure %s: %s is 0", mm.name, w[3]);
				rc = CMD_FAIL;
				goto out;
			}
			mm.value = x->value / y->value;
		} else if (x->seq && y->seq) {
			mm.value = measure_seqdiff(x->value, y->value);
			mm.seq = 1;	/* a difference of it wraps too */
		} else {
			mm.seconds = x->seconds;
			mm.value = x->value - y->value;
		}
		rc = measure_keep(c, &mm);
		goto out;
	}
	if (strcmp(w[1], "tcb") == 0 && n == 3) {
		rc = measure_tcb(c, &mm, w[2]);
		goto out;
	}
	if (strcmp(w[1], "field") == 0) {
		rc = measure_field(c, &mm, w, n);
		goto out;
	}
	if (strcmp(w[1], "self") == 0 && n == 3) {
		rc = measure_self(c, &mm, w[2]);
		goto out;
	}
	if (strcmp(w[1], "since") == 0 && n == 3)
		a = mark_find(m, w[2]);
	else if (strcmp(w[1], "between") == 0 && n == 4) {
		a = mark_find(m, w[2]);
		b = mark_find(m, w[3]);
	} else if (strcmp(w[1], "count") == 0 && (n == 3 || (n == 5 &&
	    strcmp(w[3], "since") == 0))) {
		if ((ev = counters_find(w[2])) < 0) {
			say_err("measure: unknown event \"%s\"", w[2]);
			goto out;
		}
		if (n == 5 && (a = mark_find(m, w[4])) == NULL) {
			say_err("measure: no mark \"%s\"", w[4]);
			rc = CMD_FAIL;
			goto out;
		}
		mm.value = (double)(counters_get(c->o->counters, ev) -
		    (a != NULL && ev < MEASURE_NAMES ? a->counts[ev] : 0));
		rc = measure_keep(c, &mm);
		goto out;
	} else {
		say_err("usage: measure %s", cmd_measure_entry.usage);
		goto out;
	}
	if (a == NULL || (strcmp(w[1], "between") == 0 && b == NULL)) {
		say_err("measure: no mark \"%s\"", a == NULL ? w[2] : w[3]);
		rc = CMD_FAIL;
		goto out;
	}
	mm.seconds = 1;
	mm.value = ((double)(b != NULL ? b->t : now_us()) - (double)a->t) / 1e6;
	rc = measure_keep(c, &mm);
out:
	free(text);
	return (rc);
}

/* report: every labelled measure, with the claim it answers. */
static enum cmd_status
cmd_report(struct cmd_ctx *c, int argc, char **argv)
{
	struct measures	*m = measures_of(c);
	const char	*label[MEASURE_MAX];	/* translated once */
	char		 v[64];
	int		 i, w = 0;

	(void)argc;
	(void)argv;
	for (i = 0; i < m->nms; i++)
		if (m->ms[i].labelled)
			break;
	if (i == m->nms) {
		say("%s", _("nothing was measured with a label to report"));
		return (CMD_OK);
	}
	/* Labels in the user's language, padded to columns (CJK two each). */
	for (i = 0; i < m->nms; i++) {
		label[i] = m->ms[i].labelled ? tr(m->ms[i].label) : "";
		if ((int)utf8_width(label[i]) > w)
			w = (int)utf8_width(label[i]);
	}
	if (w > 60)
		w = 60;
	say("%s", _("== what we measured"));
	for (i = 0; i < m->nms; i++) {
		const char *claim;
		int pad;

		if (!m->ms[i].labelled)
			continue;
		if (m->ms[i].seconds)
			snprintf(v, sizeof v, "%.2f s", m->ms[i].value);
		else
			measure_fmt(m->ms[i].value, v, sizeof v);
		claim = m->ms[i].claim[0] != '\0' ? tr(m->ms[i].claim) : "";
		pad = w - (int)utf8_width(label[i]);
		say("  %s%*s %10s%s%s%s", label[i], pad > 0 ? pad : 0, "", v,
		    claim[0] != '\0' ? "   (" : "", claim,
		    claim[0] != '\0' ? ")" : "");
	}
	return (CMD_OK);
}
