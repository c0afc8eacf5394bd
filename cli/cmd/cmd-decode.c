/*
 * cli/cmd/cmd-decode.c - `decode [N | #N | list [COUNT]]` (also `show
 * segment N`): every field of a frame of the session, layer by layer, as
 * Wireshark's packet details show them (cli/print/print-detail.c).  N is
 * the frame's number: the Nth frame on the wire since the session began,
 * either direction, as in a -w file of the session; the newest
 * FRAMES_KEEP are kept (cli/obs/frames.c).  #N is a segment step mode
 * holds, framed as it would go out.  The window's scale and the relative
 * numbers come from the engine's connection (RFC 7323 section 2).
 * `decode last [in|out] [PROTO]` is the newest frame of a direction and
 * protocol, which a script can name without knowing its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/cmd-decode.h"
#include "cli/obs/frames.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/print/print.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/seg.h"
#include "core/tcp.h"
#include "core/xmalloc.h"

#define DECODE_LIST	10	/* frames `decode list` shows by default */

static enum cmd_status cmd_decode(struct cmd_ctx *, int, char **);
static void	decode_ctx(struct cmd_ctx *, const struct pkt *,
		    struct detail_ctx *);
static void	decode_say(struct cmd_ctx *, const struct pkt *,
		    const uint8_t *, unsigned long);
static enum cmd_status decode_frame(struct cmd_ctx *, unsigned long);
static enum cmd_status decode_held(struct cmd_ctx *, const char *);
static enum cmd_status decode_list(struct cmd_ctx *, const char *);
static int	decode_num(const char *, unsigned long, unsigned long *);

/* The protocols `last` takes, and the layers each means. */
static const struct {
	const char	*name;
	unsigned	 layers;
} decode_protos[] = {
	{ "tcp", PKT_TCP }, { "udp", PKT_UDP }, { "icmp", PKT_ICMP },
	{ "icmp6", PKT_ICMP6 }, { "ip", PKT_IP4 }, { "ip6", PKT_IP6 },
	{ "arp", PKT_ARP },
};

const struct cmd_entry cmd_decode_entry = {
	.name = "decode",
	.usage = "[N | #N | last [in|out] [PROTO] | list [COUNT]]",
	.max_args = 4,
	.help = "every field of a frame, layer by layer (the last, frame N, "
	    "held #N)",
	.detail = "decode: the last frame on the wire; decode N: frame N, "
	    "counting every\n"
	    "  frame either way since the session began (1 is the first; "
	    "the same\n"
	    "  numbers as tcpx -r on a -w file of the session: time order, "
	    "so a frame\n"
	    "  captured before one of ours but read after it comes first); "
	    "the last\n"
	    "  10000 are kept. decode #N: held segment #N as it would go on "
	    "the wire\n"
	    "  (see step).\n"
	    "decode last [in|out] [PROTO]: the newest frame received (in) or "
	    "sent (out)\n"
	    "  carrying PROTO (tcp, udp, icmp, icmp6, ip, ip6, arp), for "
	    "scripts.\n"
	    "decode list [COUNT]: the last COUNT frames (10) with their "
	    "numbers.\n"
	    "Each field on its own line, as Wireshark's packet details: "
	    "IP version,\n"
	    "  header length, DF/MF, TTL, checksums and whether they "
	    "verified; TCP\n"
	    "  seq/ack (relative too), each flag bit, the window and its "
	    "scale, each\n"
	    "  option with its bytes; UDP, ICMP, IPv6 extension headers, "
	    "ARP; then\n"
	    "  the payload in hex and ASCII. `show segment N` is the same.",
	.exec = cmd_decode,
};

/* Run `decode` with argv[1...] its arguments. */
enum cmd_status
cmd_decode_run(struct cmd_ctx *c, int argc, char **argv)
{
	return (cmd_decode(c, argc, argv));
}

/*
 * Parse a frame number or count (1 to max) into *n; 0, or -1 when it is
 * not one.
 */
static int
decode_num(const char *arg, unsigned long max, unsigned long *n)
{
	char	*end;

	if (*arg < '0' || *arg > '9')
		return (-1);
	*n = strtoul(arg, &end, 10);
	return (*end != '\0' || *n == 0 || *n > max ? -1 : 0);
}

/* decode [N | #N | list [COUNT]] */
static enum cmd_status
cmd_decode(struct cmd_ctx *c, int argc, char **argv)
{
	unsigned long	n;
	enum cmd_status	rc;

	if (argc > 1 && strcmp(argv[1], "last") == 0) {
		if ((rc = cmd_decode_pick(c, "decode", argv + 1, argc - 1, 0,
		    &n)) != CMD_OK)
			return (rc);
		return (decode_frame(c, n));
	}
	if (argc > 3 || (argc == 3 && strcmp(argv[1], "list") != 0)) {
		say_err("decode: unexpected \"%s\" (decode N, #N, last or "
		    "list COUNT)", argv[2]);
		return (CMD_USAGE);
	}
	if (argc == 1) {
		if ((n = frames_last(c->o->frames)) == 0) {
			say_err("decode: no frame on the wire yet");
			return (CMD_FAIL);
		}
		return (decode_frame(c, n));
	}
	if (strcmp(argv[1], "list") == 0)
		return (decode_list(c, argc == 3 ? argv[2] : NULL));
	if (argv[1][0] == '#')
		return (decode_held(c, argv[1]));
	if (decode_num(argv[1], ~0UL, &n) != 0) {
		say_err("decode: bad frame number \"%s\" (decode list shows "
		    "them; #N for a held segment)", argv[1]);
		return (CMD_USAGE);
	}
	return (decode_frame(c, n));
}

/* The frame w[0..n-1] names: N, or last [in|out] [PROTO] with need. */
enum cmd_status
cmd_decode_pick(struct cmd_ctx *c, const char *cmd, char **w, int n,
    unsigned need, unsigned long *num)
{
	unsigned	layers = need;
	size_t		k;
	int		i = 1, dir = -1;

	if (n == 1 && strcmp(w[0], "last") != 0) {
		if (decode_num(w[0], ~0UL, num) != 0) {
			say_err("%s: bad frame \"%s\" (a number, as decode list "
			    "shows, or last [in|out] [PROTO])", cmd, w[0]);
			return (CMD_USAGE);
		}
		if (frames_get(c->o->frames, *num) == NULL) {
			say_err("%s: frame %lu is not kept (the newest is %lu)",
			    cmd, *num, frames_last(c->o->frames));
			return (CMD_FAIL);
		}
		return (CMD_OK);
	}
	if (n < 1 || strcmp(w[0], "last") != 0) {
		say_err("%s: bad frame \"%s\" (a number, or last [in|out] "
		    "[PROTO])", cmd, n > 0 ? w[0] : "");
		return (CMD_USAGE);
	}
	if (i < n && (strcmp(w[i], "in") == 0 || strcmp(w[i], "out") == 0))
		dir = w[i++][0] == 'i' ? RUN_IN : RUN_OUT;
	if (i < n) {
		for (k = 0; k < sizeof decode_protos / sizeof decode_protos[0];
		    k++)
			if (strcmp(w[i], decode_protos[k].name) == 0)
				break;
		if (k == sizeof decode_protos / sizeof decode_protos[0]) {
			say_err("%s: last: unknown protocol \"%s\" (tcp, udp, "
			    "icmp, icmp6, ip, ip6, arp)", cmd, w[i]);
			return (CMD_USAGE);
		}
		layers |= decode_protos[k].layers;
		i++;
	}
	if (i < n) {
		say_err("%s: last: unexpected \"%s\" (last [in|out] [PROTO])",
		    cmd, w[i]);
		return (CMD_USAGE);
	}
	if ((*num = frames_newest(c->o->frames, dir, layers)) == 0) {
		say_err("%s: no kept frame matches \"%s%s%s%s%s\"", cmd, w[0],
		    n > 1 ? " " : "", n > 1 ? w[1] : "", n > 2 ? " " : "",
		    n > 2 ? w[2] : "");
		return (CMD_FAIL);
	}
	return (CMD_OK);
}

/*
 * What the engine knows of p's TCP connection: the sender's window shift
 * and, unless the abs_seq setting is on, both ISNs.
 */
static void
decode_ctx(struct cmd_ctx *c, const struct pkt *p, struct detail_ctx *dc)
{
	struct tcp_status	ts;
	struct seg		seg;
	unsigned		id;
	int			ours;

	memset(dc, 0, sizeof *dc);
	dc->wscale = DETAIL_WS_UNKNOWN;
	if (!(p->layers & PKT_TCP) || seg_from_pkt(&seg, p) != 0 ||
	    (id = stack_find(c->s->st, &seg, &ours)) == 0 ||
	    tcp_status(c->s->st, id, &ts) != 0)
		return;
	dc->wscale = ours ? ts.rcv_wscale : ts.snd_wscale;
	if (ts.cfg.abs_seq)
		return;
	if (ours) {
		dc->rel_seq = 1;
		dc->seq_base = ts.iss;
		dc->rel_ack = ts.state != TCP_SYN_SENT;
		dc->ack_base = ts.irs;
	} else {
		/* The peer's SYN may come before the engine learns its ISN. */
		dc->rel_seq = ts.state != TCP_SYN_SENT ||
		    (seg.th.flags & TH_SYN);
		dc->seq_base = (seg.th.flags & TH_SYN) ? seg.th.seq : ts.irs;
		dc->rel_ack = 1;
		dc->ack_base = ts.iss;
	}
}

/* Print the detail block of p (decoded from frame), numbered num (0: none). */
static void
decode_say(struct cmd_ctx *c, const struct pkt *p, const uint8_t *frame,
    unsigned long num)
{
	struct detail_ctx	 dc;
	char			*buf = xmalloc(PRINT_DETAIL_MAX);

	decode_ctx(c, p, &dc);
	dc.num = num;
	print_detail(p, frame, &dc, buf, PRINT_DETAIL_MAX);
	say("%s", buf);
	free(buf);
}

/* decode N: frame N, its packet line (absolute numbers) and every field. */
static enum cmd_status
decode_frame(struct cmd_ctx *c, unsigned long num)
{
	const struct frame_rec	*r = frames_get(c->o->frames, num);
	struct printer		*pr;
	struct pkt		 p;
	char			 ts[PRINT_TS_MAX], line[PRINT_LINE_MAX];

	if (r == NULL) {
		if (num > frames_last(c->o->frames))
			say_err("decode: no frame %lu yet (the last is %lu)",
			    num, frames_last(c->o->frames));
		else
			say_err("decode: frame %lu is no longer kept (only the "
			    "last %d, at most %lu MB; the oldest kept is %lu)",
			    num, FRAMES_KEEP, FRAMES_MEM >> 20,
			    frames_first(c->o->frames));
		return (CMD_FAIL);
	}
	wire_decode(&p, r->dlt, r->data, r->len, r->len);
	pr = printer_new();
	printer_set_absolute(pr, 1);
	print_ts(&r->ts, ts, sizeof ts);
	print_pkt(pr, &p, line, sizeof line);
	printer_free(pr);
	say("%c %s %s", r->dir == RUN_OUT ? '>' : '<', ts, line);
	decode_say(c, &p, r->data, num);
	return (CMD_OK);
}

/* decode #N: held segment #N, framed as it would go on the wire now. */
static enum cmd_status
decode_held(struct cmd_ctx *c, const char *arg)
{
	struct gate_seg	*g;
	struct pkt	 p;
	unsigned long	 n;
	uint8_t		*frame;
	char		*cause;
	long		 len;

	if (decode_num(arg + 1, 1000000000UL, &n) != 0) {
		say_err("decode: bad held segment \"%s\" (see held)", arg);
		return (CMD_USAGE);
	}
	if ((g = gate_find(c->s->gate, (unsigned)n)) == NULL) {
		say_err("decode: no segment #%lu is held (see held)", n);
		return (CMD_FAIL);
	}
	frame = xmalloc(65536 + 128);
	if ((len = path_frame(c->s, &g->seg, frame, 65536 + 128,
	    &cause)) < 0) {
		say_err("decode: #%lu cannot be framed: %s", n, cause);
		free(cause);
		free(frame);
		return (CMD_FAIL);
	}
	wire_decode(&p, WIRE_DLT_EN10MB, frame, (size_t)len, (size_t)len);
	say("%c #%lu held, as it would go on the wire:", g->dir == GATE_OUT ?
	    '>' : '<', n);
	decode_say(c, &p, frame, 0);
	free(frame);
	return (CMD_OK);
}

/* decode list [COUNT]: the newest frames, numbered, absolute numbers. */
static enum cmd_status
decode_list(struct cmd_ctx *c, const char *arg)
{
	const struct frame_rec	*r;
	struct printer		*pr;
	struct pkt		 p;
	unsigned long		 count = DECODE_LIST, last, n;
	char			 ts[PRINT_TS_MAX], line[PRINT_LINE_MAX];

	if (arg != NULL && decode_num(arg, FRAMES_KEEP, &count) != 0) {
		say_err("decode: list %s: not a count from 1 to %d", arg,
		    FRAMES_KEEP);
		return (CMD_USAGE);
	}
	last = frames_last(c->o->frames);
	n = last >= count ? last - count + 1 : 1;
	if (n < frames_first(c->o->frames))
		n = frames_first(c->o->frames);
	pr = printer_new();
	printer_set_absolute(pr, 1);
	for (; last != 0 && n <= last; n++) {
		if ((r = frames_get(c->o->frames, n)) == NULL)
			continue;
		wire_decode(&p, r->dlt, r->data, r->len, r->len);
		print_ts(&r->ts, ts, sizeof ts);
		print_pkt(pr, &p, line, sizeof line);
		say("%6lu %c %s %s", n, r->dir == RUN_OUT ? '>' : '<', ts, line);
	}
	printer_free(pr);
	say("%lu frame%s on the wire so far; decode N shows one", last,
	    last == 1 ? "" : "s");
	return (CMD_OK);
}
