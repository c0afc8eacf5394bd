/*
 * core/pkt-shell-sock.c - the shell lines of a script (core/pkt-shell.c)
 * that look at or change the engine's sockets by state, as Linux tools
 * would on a real host:
 *
 *	grep " ST " /proc/net/tcp [/proc/net/tcp6] [| grep ":PORT"]
 *	ss -K [-tnaH46] state STATE
 *	test|[ "$(ss [-tnaH46] state STATE | wc -l)" -OP N ]
 *
 * A check that does not hold fails the script at its line, as a shell
 * command's failure fails a packetdrill script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pkt-shell-int.h"

/* Linux's /proc/net/tcp state codes (include/net/tcp_states.h), by state. */
static const struct {
	const char	*code;		/* as /proc/net/tcp prints it */
	const char	*ss;		/* as ss's state filter names it */
	enum tcp_state	 state;
} sh_states[] = {
	{ "01", "established", TCP_ESTABLISHED },
	{ "02", "syn-sent", TCP_SYN_SENT },
	{ "03", "syn-recv", TCP_SYN_RECEIVED },
	{ "04", "fin-wait-1", TCP_FIN_WAIT_1 },
	{ "05", "fin-wait-2", TCP_FIN_WAIT_2 },
	{ "06", "time-wait", TCP_TIME_WAIT },
	{ "08", "close-wait", TCP_CLOSE_WAIT },
	{ "09", "last-ack", TCP_LAST_ACK },
	{ "0A", "listening", TCP_LISTEN },
	{ "0B", "closing", TCP_CLOSING },
};

/* The index of a /proc/net/tcp state code or ss state name; -1. */
static int
sh_state(const char *name, bool ss)
{
	size_t	i;

	for (i = 0; i < sizeof sh_states / sizeof sh_states[0]; i++)
		if (strcasecmp(ss ? sh_states[i].ss : sh_states[i].code,
		    name) == 0)
			return ((int)i);
	return (-1);
}

/*
 * The engine's TCP sockets in state `state` of family fam (0: both) with
 * port (0: any) at either end; ids go to kill (may be NULL, at most nkill).
 */
static int
sh_count(struct pr *p, enum tcp_state state, int fam, unsigned port)
{
	struct tcp_status	ts;
	unsigned		id = 0;
	int			n = 0;

	while ((id = stack_conn_next(p->st, id)) != 0) {
		if (tcp_status(p->st, id, &ts) != 0 || ts.state != state)
			continue;
		if (fam != 0 && ts.local.addr.family != fam)
			continue;
		if (port != 0 && ts.local.port != port &&
		    ts.remote.port != port)
			continue;
		n++;
	}
	return (n);
}

/*
 * grep " ST " /proc/net/tcp [/proc/net/tcp6] [| grep ":PORT"]: true when
 * the engine has a socket in state ST (Linux's hex code) with that port.
 */
enum sh_status
sh_grep(struct pr *p, struct sh_cmd *c, int nc, char *why, size_t whylen)
{
	char		 code[8], *end;
	unsigned long	 port = 0;
	int		 i, fam = 0, st, n4 = 0, n6 = 0;

	if (c[0].argc < 3 || sscanf(c[0].argv[1], " %3s ", code) != 1 ||
	    strlen(c[0].argv[1]) != 4 || (st = sh_state(code, false)) < 0 ||
	    nc > 2 || (nc == 2 && (c[1].argc != 2 ||
	    strcmp(c[1].argv[0], "grep") != 0 || c[1].argv[1][0] != ':'))) {
		sh_why(why, whylen, "this grep is not run (grep \" ST \" "
		    "/proc/net/tcp [| grep \":PORT\"] is)");
		return (SH_SKIP);
	}
	for (i = 2; i < c[0].argc; i++) {
		if (strcmp(c[0].argv[i], "/proc/net/tcp") == 0)
			n4++;
		else if (strcmp(c[0].argv[i], "/proc/net/tcp6") == 0)
			n6++;
		else {
			sh_why(why, whylen, "grep of a file other than "
			    "/proc/net/tcp or tcp6 is not run");
			return (SH_SKIP);
		}
	}
	if (n4 == 0 || n6 == 0)
		fam = n4 ? 4 : 6;
	if (nc == 2) {
		port = strtoul(c[1].argv[1] + 1, &end, 16);
		if (*end != '\0' || port == 0 || port > 65535) {
			sh_why(why, whylen, "grep \":PORT\" needs a port in "
			    "hex, as /proc/net/tcp prints it");
			return (SH_SKIP);
		}
	}
	if (sh_count(p, sh_states[st].state, fam, (unsigned)port) > 0)
		return (SH_DONE);
	if (port != 0)
		pr_fail(p, "shell line failed: no socket in %s (%s) with port "
		    "%lu (%s)", tcp_state_name(sh_states[st].state),
		    sh_states[st].code, port, c[1].argv[1] + 1);
	else
		pr_fail(p, "shell line failed: no socket in %s (%s)",
		    tcp_state_name(sh_states[st].state), sh_states[st].code);
	return (SH_FAIL);
}

/*
 * ss [-tnaHK46] state STATE: the state's index, family and whether -K
 * (kill) and -H (no header) were given; -1 with why when not this form.
 */
static int
sh_ss(struct sh_cmd *c, int *fam, bool *kill, bool *noheader, char *why,
    size_t whylen)
{
	const char	*o;
	int		 i, st = -1;

	*fam = 0;
	*kill = *noheader = false;
	for (i = 1; i < c->argc; i++) {
		if (c->argv[i][0] == '-') {
			for (o = c->argv[i] + 1; *o != '\0'; o++) {
				if (*o == 'K')
					*kill = true;
				else if (*o == 'H')
					*noheader = true;
				else if (*o == '4')
					*fam = 4;
				else if (*o == '6')
					*fam = 6;
				else if (strchr("tna", *o) == NULL)
					break;
			}
			if (*o != '\0')
				break;
		} else if (strcmp(c->argv[i], "state") == 0 &&
		    i + 1 < c->argc && st < 0 &&
		    (st = sh_state(c->argv[i + 1], true)) >= 0)
			i++;
		else
			break;
	}
	if (i < c->argc || st < 0) {
		sh_why(why, whylen, "this ss is not run (ss [-tnaHK46] state "
		    "STATE is)");
		return (-1);
	}
	return (st);
}

/* ss -K ... state STATE: abort the engine's sockets in that state. */
enum sh_status
sh_ss_kill(struct pr *p, struct sh_cmd *c, char *why, size_t whylen)
{
	struct tcp_status	ts;
	unsigned		id = 0;
	bool			kill, nohdr;
	int			st, fam;

	if ((st = sh_ss(c, &fam, &kill, &nohdr, why, whylen)) < 0)
		return (SH_SKIP);
	if (!kill)
		return (SH_DONE);	/* a listing changes nothing */
	while ((id = stack_conn_next(p->st, id)) != 0)
		if (tcp_status(p->st, id, &ts) == 0 &&
		    ts.state == sh_states[st].state &&
		    (fam == 0 || ts.local.addr.family == fam))
			(void)tcp_abort(p->st, id, p->now, NULL, 0);
	(void)pr_collect(p);
	return (SH_DONE);
}

/*
 * test|[ "$(ss ... state STATE | wc -l)" -OP N ]: compare how many lines
 * ss would print (one per socket, and its header without -H).
 */
enum sh_status
sh_test(struct pr *p, struct sh_cmd *c, char *why, size_t whylen)
{
	static const char *const ops[] = { "-eq", "-ne", "-lt", "-le", "-gt",
	    "-ge" };
	struct sh_cmd	 ss;
	char		 inner[512], *bar, *end;
	int		 argc = c->argc, st, fam, k, n;
	long		 want;
	bool		 kill, nohdr, ok;
	size_t		 len;

	if (strcmp(c->argv[0], "[") == 0) {
		if (strcmp(c->argv[argc - 1], "]") != 0)
			goto unsupported;
		argc--;
	}
	if (argc != 4 || strncmp(c->argv[1], "$(", 2) != 0)
		goto unsupported;
	for (k = 0; k < 6; k++)
		if (strcmp(c->argv[2], ops[k]) == 0)
			break;
	want = strtol(c->argv[3], &end, 10);
	len = strlen(c->argv[1]);
	if (k == 6 || *end != '\0' || c->argv[3][0] == '\0' || len < 4 ||
	    len - 3 >= sizeof inner)
		goto unsupported;
	memcpy(inner, c->argv[1] + 2, len - 3);
	inner[len - 3] = '\0';
	if ((bar = strchr(inner, '|')) == NULL)
		goto unsupported;
	*bar++ = '\0';
	end = bar;
	while (*end == ' ')
		end++;
	if (strncmp(end, "wc -l", 5) != 0 || *sh_blank(end + 5) != '\0')
		goto unsupported;
	if (sh_words(inner, &ss, why, whylen) != 0 || ss.argc == 0 ||
	    strcmp(ss.argv[0], "ss") != 0)
		goto unsupported;
	if ((st = sh_ss(&ss, &fam, &kill, &nohdr, why, whylen)) < 0 || kill)
		goto unsupported;
	n = sh_count(p, sh_states[st].state, fam, 0) + (nohdr ? 0 : 1);
	switch (k) {
	case 0: ok = n == want; break;
	case 1: ok = n != want; break;
	case 2: ok = n < want; break;
	case 3: ok = n <= want; break;
	case 4: ok = n > want; break;
	default: ok = n >= want; break;
	}
	if (ok)
		return (SH_DONE);
	pr_fail(p, "shell line failed: %d line%s from ss (%d socket%s in %s"
	    "%s), not %s %ld", n, n == 1 ? "" : "s", n - (nohdr ? 0 : 1),
	    n - (nohdr ? 0 : 1) == 1 ? "" : "s",
	    tcp_state_name(sh_states[st].state), nohdr ? "" : ", a header",
	    ops[k], want);
	return (SH_FAIL);
unsupported:
	why[0] = '\0';
	sh_why(why, whylen, "this test is not run (test $(ss ... state "
	    "STATE | wc -l) -OP N is)");
	return (SH_SKIP);
}
