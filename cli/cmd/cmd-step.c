/*
 * cli/cmd/cmd-step.c - the user between the engine and the wire: `step` (hold
 * every segment, release one at a time), `held`, `drop`, `edit` (change a
 * held segment's fields before it goes), and `fault` (drop, duplicate,
 * reorder, delay, corrupt or hold the next N segments, without stepping).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/pdn.h"
#include "core/tcp.h"
#include "core/xmalloc.h"

static enum cmd_status cmd_step(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_held(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_drop(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_edit(struct cmd_ctx *, int, char **);
static enum cmd_status cmd_fault(struct cmd_ctx *, int, char **);
static void		step_off_held(struct session *);

const struct cmd_entry cmd_step_entry = {
	.name = "step",
	.usage = "[N] | on|off [in|out|both] [ID] | freeze on|off",
	.max_args = 4,
	.help = "hold segments for the user (step on), release the next (step) or #N",
	.detail = "step on: every segment the engine wants to send is held and shown as\n"
	    "  #N; `step in on` holds received segments before the engine sees\n"
	    "  them; `step on both`, `step off`; an ID (c3) limits it to one\n"
	    "  connection. step / step N: release the oldest held, or #N.\n"
	    "step off: new segments pass; those held stay held (it says which)\n"
	    "  until step releases or drop discards them.\n"
	    "The engine's timers keep running while segments are held, so resends\n"
	    "  pile up held. step freeze on: the engine's clock stops while\n"
	    "  anything is held, armed timers included, so no retransmission\n"
	    "  fires while you think; they resume with the time they had left.\n"
	    "See also: held, edit, drop, fault.",
	.exec = cmd_step,
};

const struct cmd_entry cmd_held_entry = {
	.name = "held",
	.usage = "",
	.max_args = 0,
	.help = "list the segments step mode holds",
	.exec = cmd_held,
};

const struct cmd_entry cmd_drop_entry = {
	.name = "drop",
	.usage = "[N]",
	.max_args = 1,
	.help = "discard a held segment (the oldest, or #N)",
	.exec = cmd_drop,
};

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.usage = "N FIELD=VALUE...",
	.min_args = 2,
	.max_args = -1,
	.help = "change a held segment before it goes: flags seq ack win urg ttl tos payload",
	.detail = "Fields: flags=S|SA|F.|R|P.|... (tcpdump's letters, . for ACK),\n"
	    "seq=N ack=N (absolute; +N/-N change the current value), win=N,\n"
	    "urg=N, ttl=N, tos=N, payload=TEXT (escapes), options='<mss 536,nop,\n"
	    "wscale 3>' (packetdrill notation; quote it). Example: edit 1 win=0\n"
	    "edit 2 flags=R seq=+1. The edited segment is shown again; step\n"
	    "releases it.",
	.exec = cmd_edit,
};

const struct cmd_entry cmd_fault_entry = {
	.name = "fault",
	.usage = "drop|dup|reorder|delay|corrupt|hold [N] [in|out] [DELAY] | "
	    "drop frag K [in|out] | clear",
	.max_args = 4,
	.help = "impair the next N segments: drop, duplicate, swap, delay, corrupt, hold",
	.detail = "fault drop 2: the next two outbound segments are lost. fault dup in:\n"
	    "the next inbound one is delivered twice. fault reorder: the next one\n"
	    "goes after its successor. fault delay 1 out 500ms. fault corrupt: a\n"
	    "byte of the frame is flipped, so the receiver's checksum rejects it.\n"
	    "fault hold in: the next inbound one is held as step mode holds it\n"
	    "(numbered; step releases it, drop discards it) while later ones\n"
	    "pass: a segment lost in the network for as long as you like.\n"
	    "fault drop frag 2 in: the second fragment of the next fragmented\n"
	    "datagram that arrives is lost, so the whole datagram is (its\n"
	    "reassembly times out). `fault` lists the armed faults, `fault clear` disarms them.",
	.exec = cmd_fault,
};

/* Parse a held segment number ("3" or "#3"); 0 on error (printed). */
static unsigned
step_num(const char *cmd, const char *arg)
{
	char		*end;
	unsigned long	 n;

	if (*arg == '#')
		arg++;
	n = strtoul(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n == 0 || n > 1000000000UL) {
		say_err("%s: bad segment number \"%s\" (see held)", cmd, arg);
		return (0);
	}
	return ((unsigned)n);
}

/*
 * After step off: what is still held stays held until released or
 * dropped (a script may still release it in its own order); say so.
 */
static void
step_off_held(struct session *s)
{
	const struct gate_seg	*e = NULL;
	char			 nums[64];
	size_t			 o = 0;
	int			 n = 0, r;

	nums[0] = '\0';
	while ((e = gate_next_held(s->gate, e)) != NULL) {
		if (o < sizeof nums - 8) {
			r = snprintf(nums + o, sizeof nums - o, "%s#%u",
			    n > 0 ? " " : "", e->num);
			o += (size_t)r;
		} else if (o < sizeof nums - 1)
			o += (size_t)snprintf(nums + o, sizeof nums - o, "...");
		n++;
	}
	if (n == 0)
		return;
	say("* step off: new segments pass; %d still held (%s) until `step` "
	    "releases or `drop` discards %s%s", n, nums, n == 1 ? "it" : "them",
	    gate_freeze(s->gate) ? "; the engine's clock stays stopped "
	    "meanwhile (step freeze)" : "");
}

/* step [N] | step on|off [in|out|both] [ID] | step freeze on|off */
static enum cmd_status
cmd_step(struct cmd_ctx *c, int argc, char **argv)
{
	int		 i, on = -1, dirs = 0, freeze = 0;
	unsigned	 num = 0, conn = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "on") == 0)
			on = 1;
		else if (strcmp(argv[i], "off") == 0)
			on = 0;
		else if (strcmp(argv[i], "in") == 0)
			dirs |= 2;
		else if (strcmp(argv[i], "out") == 0)
			dirs |= 1;
		else if (strcmp(argv[i], "both") == 0)
			dirs |= 3;
		else if (strcmp(argv[i], "freeze") == 0)
			freeze = 1;
		else if (argv[i][0] == 'c' && isdigit((unsigned char)argv[i][1]))
			conn = cmd_conn_arg(c, "step", argv[i]);
		else if (strspn(argv[i] + (argv[i][0] == '#'), "0123456789") !=
		    strlen(argv[i] + (argv[i][0] == '#'))) {
			say_err("step: unexpected \"%s\" (%susage: step %s)",
			    argv[i], cmd_did_you_mean(argv[i],
			    "on off in out both freeze"), cmd_step_entry.usage);
			return (CMD_USAGE);
		} else if ((num = step_num("step", argv[i])) == 0)
			return (CMD_USAGE);
		if (argv[i][0] == 'c' && isdigit((unsigned char)argv[i][1]) &&
		    conn == 0)
			return (CMD_USAGE);
	}
	if (freeze) {
		if (on < 0 || dirs || num) {
			say_err("usage: step freeze on|off");
			return (CMD_USAGE);
		}
		session_freeze(c->s, on);
		return (CMD_OK);
	}
	if (on >= 0) {
		if (num) {
			say_err("usage: step %s", cmd_step_entry.usage);
			return (CMD_USAGE);
		}
		if (dirs == 0)
			dirs = on ? 1 : 3;	/* step on: outbound; step off: both */
		if (dirs & 1)
			gate_set_step(c->s->gate, GATE_OUT, on);
		if (dirs & 2)
			gate_set_step(c->s->gate, GATE_IN, on);
		gate_set_step_conn(c->s->gate, on ? conn : 0);
		if (!on)
			step_off_held(c->s);
		return (CMD_OK);
	}
	if (dirs || conn) {
		say_err("usage: step %s", cmd_step_entry.usage);
		return (CMD_USAGE);
	}
	if (session_release(c->s, num) != 0) {
		if (num)
			say_err("step: no segment #%u is held", num);
		else
			say_err("step: nothing is held%s",
			    gate_stepping(c->s->gate, GATE_OUT) ||
			    gate_stepping(c->s->gate, GATE_IN) ? "" :
			    " (step on holds the next segments)");
		return (CMD_FAIL);
	}
	return (CMD_OK);
}

/* held */
static enum cmd_status
cmd_held(struct cmd_ctx *c, int argc, char **argv)
{
	const struct gate_seg	*e = NULL;
	bool			 out = gate_stepping(c->s->gate, GATE_OUT);
	bool			 in = gate_stepping(c->s->gate, GATE_IN);
	int			 n = 0;

	while ((e = gate_next_held(c->s->gate, e)) != NULL) {
		lines_held(c->o->lines, e->dir == GATE_OUT ? '>' : '<', e->num,
		    &e->seg);
		n++;
	}
	say("%d held; stepping %s%s%s", n, out ? "out" : "",
	    out && in ? " and " : "", in ? "in" : out ? "" : "off");
	return (CMD_OK);
}

/* drop [N] */
static enum cmd_status
cmd_drop(struct cmd_ctx *c, int argc, char **argv)
{
	unsigned	num = 0;

	if (argc == 2 && (num = step_num("drop", argv[1])) == 0)
		return (CMD_USAGE);
	if (session_drop(c->s, num) != 0) {
		say_err("drop: %s", num ? "no such held segment" :
		    "nothing is held");
		return (CMD_FAIL);
	}
	return (CMD_OK);
}

/* Parse an unsigned number no larger than max; -1 when bad. */
static long long
edit_number(const char *v, unsigned long long max)
{
	char			*end;
	unsigned long long	 n;

	if (!isdigit((unsigned char)*v))
		return (-1);
	n = strtoull(v, &end, 0);
	if (*end != '\0' || n > max)
		return (-1);
	return ((long long)n);
}

/* Set a 32-bit sequence field from "N", "+N" or "-N"; 0 or -1. */
static int
edit_seq(uint32_t *field, const char *v)
{
	long long	n = edit_number(*v == '+' || *v == '-' ? v + 1 : v,
	    0xffffffffULL);

	if (n < 0)
		return (-1);
	if (*v == '+')
		*field += (uint32_t)n;
	else if (*v == '-')
		*field -= (uint32_t)n;
	else
		*field = (uint32_t)n;
	return (0);
}

/* Parse tcpdump's flag letters (S F R P . U E W) into TH_* bits; -1 when bad. */
static int
edit_flags(const char *v)
{
	int	f = 0;

	for (; *v != '\0'; v++) {
		switch (*v) {
		case 'S': f |= TH_SYN; break;
		case 'F': f |= TH_FIN; break;
		case 'R': f |= TH_RST; break;
		case 'P': f |= TH_PUSH; break;
		case '.': case 'A': f |= TH_ACK; break;
		case 'U': f |= TH_URG; break;
		case 'E': f |= TH_ECE; break;
		case 'W': f |= TH_CWR; break;
		case 'e': f |= TH_AE; break;
		default: return (-1);
		}
	}
	return (f);
}

/* What field takes, for an error about a bad value; NULL for no such field. */
static const char *
edit_value_form(const char *field)
{
	static const struct {
		const char	*field;
		const char	*form;
	} forms[] = {
		{ "flags", "expected tcpdump's letters S F R P . U E W, e.g. SA or F." },
		{ "seq", "expected N, +N or -N (0-4294967295)" },
		{ "ack", "expected N, +N or -N (0-4294967295)" },
		{ "win", "expected 0-65535" },
		{ "urg", "expected 0-65535" },
		{ "ttl", "expected 1-255" },
		{ "tos", "expected 0-255" },
	};
	size_t	i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (strcmp(forms[i].field, field) == 0)
			return (forms[i].form);
	return (NULL);
}

/* Replace tmp's options by the list in v ("<mss 536,nop,wscale 3>"); 0 or -1. */
static int
edit_options(struct gate_seg *e, struct tcp_hdr *th,
    const char *v)
{
	struct pdn_spec	*p = xcalloc(1, sizeof *p);
	char		*text = xasprintf("- %s", v), err[PDN_ERRLEN];
	int		 i, rc = -1;

	if (pdn_parse(text, p, err, sizeof err) != 0) {
		say_err("edit: bad options \"%s\": %s", v, err);
		goto out;
	}
	if (!p->has_opts) {
		say_err("edit: options=<...>: expected a list in < >");
		goto out;
	}
	th->n_opt = 0;
	for (i = 0; i < p->n_opt; i++) {
		th->opt[i] = p->opt[i].o;
		if (p->opt[i].o.data != NULL) {
			memcpy(e->optdata[i], p->opt[i].bytes, sizeof e->optdata[i]);
			th->opt[i].data = e->optdata[i];
		}
		th->n_opt++;
	}
	rc = 0;
out:
	free(text);
	free(p);
	return (rc);
}

/* edit N FIELD=VALUE... */
static enum cmd_status
cmd_edit(struct cmd_ctx *c, int argc, char **argv)
{
	struct gate_seg	*e;
	struct seg	 tmp;
	char		*eq, *buf, *cause = NULL;
	long long	 n;
	size_t		 len;
	unsigned	 num;
	int		 i, f;

	if ((num = step_num("edit", argv[1])) == 0)
		return (CMD_USAGE);
	if ((e = gate_find(c->s->gate, num)) == NULL || e->num != num) {
		say_err("edit: no segment #%u is held", num);
		return (CMD_FAIL);
	}
	tmp = e->seg;	/* all or nothing: check every field first */
	for (i = 2; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			say_err("edit: \"%s\": expected FIELD=VALUE", argv[i]);
			return (CMD_USAGE);
		}
		*eq++ = '\0';
		if (strcmp(argv[i], "flags") == 0 && (f = edit_flags(eq)) >= 0)
			tmp.th.flags = (uint16_t)f;
		else if (strcmp(argv[i], "seq") == 0 && edit_seq(&tmp.th.seq, eq) == 0)
			;
		else if (strcmp(argv[i], "ack") == 0 && edit_seq(&tmp.th.ack, eq) == 0)
			;
		else if (strcmp(argv[i], "win") == 0 && (n = edit_number(eq, 65535)) >= 0)
			tmp.th.win = (uint16_t)n;
		else if (strcmp(argv[i], "urg") == 0 && (n = edit_number(eq, 65535)) >= 0)
			tmp.th.urp = (uint16_t)n;
		else if (strcmp(argv[i], "ttl") == 0 && (n = edit_number(eq, 255)) >= 1)
			tmp.ttl = (uint8_t)n;
		else if (strcmp(argv[i], "tos") == 0 && (n = edit_number(eq, 255)) >= 0)
			tmp.tos = (uint8_t)n;
		else if (strcmp(argv[i], "payload") == 0)
			;	/* applied below, once everything else checked */
		else if (strcmp(argv[i], "options") == 0) {
			if (edit_options(e, &tmp.th, eq) != 0)
				return (CMD_USAGE);
		}
		else if (edit_value_form(argv[i]) != NULL) {
			say_err("edit: bad value \"%s=%s\": %s", argv[i], eq,
			    edit_value_form(argv[i]));
			return (CMD_USAGE);
		} else {
			say_err("edit: bad field \"%s=%s\" (fields: flags seq "
			    "ack win urg ttl tos payload; see help edit)",
			    argv[i], eq);
			return (CMD_USAGE);
		}
		eq[-1] = '=';
	}
	for (i = 2; i < argc; i++) {
		if (strncmp(argv[i], "payload=", 8) != 0)
			continue;
		buf = xmalloc(strlen(argv[i]) + 1);
		if ((n = cmd_unescape(argv[i] + 8, buf, &cause)) < 0) {
			say_err("edit: payload: %s", cause);
			free(cause);
			free(buf);
			return (CMD_USAGE);
		}
		len = (size_t)n;
		gate_seg_payload(e, (uint8_t *)buf, len);
		free(buf);
		tmp.len = len;
	}
	tmp.data = e->data;
	e->seg = tmp;
	e->meta.edited = true;
	lines_held(c->o->lines, e->dir == GATE_OUT ? '>' : '<', e->num,
	    &e->seg);
	return (CMD_OK);
}

/* fault [KIND [N] [in|out] [DELAY] | clear] */
static enum cmd_status
cmd_fault(struct cmd_ctx *c, int argc, char **argv)
{
	static const char	*kinds[] = { "drop", "dup", "reorder", "delay",
				    "corrupt", "hold" };
	unsigned long long	 us;
	enum fault_kind		 fk;
	enum gate_dir		 dir = GATE_OUT, fd;
	int			 left;
	long long		 n = 1;
	uint64_t		 delay = 0;
	char			 err[160];
	long long		 frag = 0;
	int			 i, k;

	if (argc == 1) {
		for (i = 0; gate_fault(c->s->gate, i, &fk, &fd, &left) == 0;
		    i++) {
			if (fk == FAULT_FRAGDROP) {
				say("  drop fragment %u of the next %s "
				    "fragmented datagram",
				    gate_fault_frag(c->s->gate, i),
				    fd == GATE_OUT ? "outbound" : "inbound");
				continue;
			}
			say("  %s the next %d %s segment%s", gate_fault_name(fk),
			    left, fd == GATE_OUT ? "outbound" : "inbound",
			    left == 1 ? "" : "s");
		}
		if (i == 0)
			say("no fault armed");
		return (CMD_OK);
	}
	if (strcmp(argv[1], "clear") == 0 && argc == 2) {
		gate_disarm(c->s->gate);
		return (CMD_OK);
	}
	for (k = 0; k < 6; k++)
		if (strcmp(argv[1], kinds[k]) == 0)
			break;
	if (k == 6) {
		say_err("fault: unknown kind \"%s\" (%sdrop, dup, reorder, "
		    "delay, corrupt, hold, clear)", argv[1],
		    cmd_did_you_mean(argv[1],
		    "drop dup reorder delay corrupt hold clear"));
		return (CMD_USAGE);
	}
	for (i = 2; i < argc; i++) {
		if (k == FAULT_DROP && strcmp(argv[i], "frag") == 0) {
			/* fault drop frag K: one fragment, not whole segments */
			if (i + 1 == argc ||
			    (frag = edit_number(argv[++i], 8192)) < 1) {
				say_err("fault drop frag: which fragment? "
				    "(1 is the first, up to 8192)");
				return (CMD_USAGE);
			}
		} else if (strcmp(argv[i], "in") == 0)
			dir = GATE_IN;
		else if (strcmp(argv[i], "out") == 0)
			dir = GATE_OUT;
		else if (isdigit((unsigned char)argv[i][0]) &&
		    strspn(argv[i], "0123456789") == strlen(argv[i])) {
			if ((n = edit_number(argv[i], 100000)) < 1) {
				say_err("fault: bad count \"%s\"", argv[i]);
				return (CMD_USAGE);
			}
		} else if (k == FAULT_DELAY) {
			if (tcp_time_parse("fault delay", argv[i], 1000,
			    600ULL * 1000000, &us, err, sizeof err) != 0) {
				say_err("%s", err);
				return (CMD_USAGE);
			}
			delay = us;
		} else {
			say_err("fault: unexpected \"%s\" (expected a count, "
			    "in or out%s)", argv[i], k == FAULT_DELAY ?
			    ", or a delay" : "");
			return (CMD_USAGE);
		}
	}
	if (k == FAULT_DELAY && delay == 0) {
		say_err("fault delay needs a time, e.g. fault delay 1 out 500ms");
		return (CMD_USAGE);
	}
	if (frag > 0 ? gate_arm_frag(c->s->gate, dir, (unsigned)frag) != 0 :
	    gate_arm(c->s->gate, (enum fault_kind)k, dir, (int)n, delay) != 0) {
		say_err("fault: %d faults are armed already (fault clear)",
		    GATE_MAX_FAULTS);
		return (CMD_FAIL);
	}
	return (CMD_OK);
}
