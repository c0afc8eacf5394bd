/*
 * cli/cmd/cmd-udp.c - UDP from the prompt: `udp bind PORT` and
 * `udp send HOST:PORT TEXT`; datagrams received show as `=` lines and feed
 * `wait recv` like TCP data.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/conns.h"
#include "cli/obs/lines.h"
#include "cli/obs/obs.h"
#include "cli/obs/out.h"
#include "cli/run/path.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"
#include "craft/guard.h"

#define UDP_MAX_PAYLOAD	65507	/* 65535 - 20 - 8: what one IPv4 datagram holds */

static enum cmd_status cmd_udp(struct cmd_ctx *, int, char **);
static enum cmd_status udp_send(struct cmd_ctx *, const char *, const char *,
		    size_t, size_t);

const struct cmd_entry cmd_udp_entry = {
	.name = "udp",
	.usage = "bind PORT | send [--size N] [--frag N] HOST:PORT [TEXT]",
	.min_args = 2,
	.max_args = 7,
	.help = "bind a UDP port, or send a datagram (the socket becomes current)",
	.detail = "udp bind PORT: receive datagrams on PORT (IPv4 and IPv6).\n"
	    "udp send HOST:PORT TEXT: send TEXT (escapes work; quote blanks) from\n"
	    "the current UDP socket, or from a new one on an ephemeral port.\n"
	    "--size N sends N bytes of a pattern instead of TEXT. A datagram larger\n"
	    "than the path's MTU goes in IP fragments, as the kernel sends it\n"
	    "(RFC 791 §3.2, RFC 8200 §4.5); --frag N asks for fragments of N data\n"
	    "bytes (rounded down to a multiple of 8) whatever the MTU. Fragments to\n"
	    "us are reassembled (set frag.time for the timeout); `fault drop frag K`\n"
	    "loses one fragment, and with it the whole datagram.\n"
	    "Datagrams to ports nobody bound get ICMP port unreachable (set\n"
	    "udp_unreach off to drop them silently). The lab's peer echoes UDP on 7.",
	.exec = cmd_udp,
};

/* Bind a UDP socket for family fam at port (0: ephemeral); its id or 0. */
static unsigned
udp_open(struct cmd_ctx *c, int fam, uint16_t port)
{
	struct session	*s = c->s;
	struct endpoint	 l;
	char		 err[TCP_ERRLEN], *ecause = NULL;
	unsigned	 id;

	memset(&l, 0, sizeof l);
	l.addr = *session_addr(s, fam);
	l.port = port;
	if ((id = udp_bind(s->st, &l, err, sizeof err)) == 0) {
		say_err("udp: port %u: %s", port, err);
		return (0);
	}
	udp_local(s->st, id, &l);
	if (s->guard != NULL && guard_add_udp_port(s->guard, l.port,
	    &ecause) != 0) {
		say_err("udp: %s", ecause);
		free(ecause);
		udp_close(s->st, id);
		return (0);
	}
	conns_use(c->o->conns, id);
	return (id);
}

/* udp bind PORT | udp send [--size N] [--frag N] HOST:PORT [TEXT] */
static enum cmd_status
cmd_udp(struct cmd_ctx *c, int argc, char **argv)
{
	struct session	*s = c->s;
	const char	*addr, *text;
	char		*end, *pat = NULL;
	unsigned long	 port, size = 0, frag = 0;
	unsigned	 id = 0, first = 0;
	size_t		 len;
	int		 fam, ok = 0, i;
	enum cmd_status	 rc;

	if (strcmp(argv[1], "bind") == 0 && argc == 3) {
		port = strtoul(argv[2], &end, 10);
		if (*end != '\0' || port == 0 || port > 65535) {
			say_err("udp bind: bad port \"%s\": 1-65535", argv[2]);
			return (CMD_USAGE);
		}
		for (fam = 4; fam <= 6; fam += 2) {
			if (session_addr(s, fam) == NULL ||
			    (id = udp_open(c, fam, (uint16_t)port)) == 0)
				continue;
			if (ok++ == 0)
				first = id;
		}
		if (ok)
			conns_use(c->o->conns, first);	/* the IPv4 socket, when there is one */
		return (ok ? CMD_OK : CMD_FAIL);
	}
	if (strcmp(argv[1], "bind") != 0 && strcmp(argv[1], "send") != 0) {
		say_err("udp: unknown subcommand \"%s\" (%susage: udp %s)",
		    argv[1], cmd_did_you_mean(argv[1], "bind send"),
		    cmd_udp_entry.usage);
		return (CMD_USAGE);
	}
	for (i = 2; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--size") == 0)
			size = strtoul(argv[i + 1], &end, 10);
		else if (strcmp(argv[i], "--frag") == 0)
			frag = strtoul(argv[i + 1], &end, 10);
		else {
			say_err("udp send: unknown option \"%s\" (--size N, "
			    "--frag N)", argv[i]);
			return (CMD_USAGE);
		}
		if (*end != '\0' || !isdigit((unsigned char)argv[i + 1][0]) ||
		    (argv[i][2] == 's' ? size == 0 || size > UDP_MAX_PAYLOAD :
		    frag < 8 || frag > 65528)) {
			say_err("udp send: bad %s \"%s\" (%s)", argv[i],
			    argv[i + 1], argv[i][2] == 's' ? "1-65507 bytes" :
			    "8-65528 bytes of data per fragment");
			return (CMD_USAGE);
		}
	}
	if (strcmp(argv[1], "send") != 0 || i >= argc ||
	    argc - i != (size > 0 ? 1 : 2)) {
		say_err("usage: udp %s", cmd_udp_entry.usage);
		return (CMD_USAGE);
	}
	addr = argv[i];
	if (size == 0) {
		text = argv[i + 1];
		len = strlen(text);
	} else {
		text = pat = xmalloc(size);
		for (len = 0; len < size; len++)
			pat[len] = (char)('a' + len % 26);
	}
	rc = udp_send(c, addr, text, len, frag);
	free(pat);
	return (rc);
}

/* Send len bytes of text to addr from the current UDP socket (or a new one). */
static enum cmd_status
udp_send(struct cmd_ctx *c, const char *addr, const char *text, size_t len,
    size_t frag)
{
	struct session	*s = c->s;
	struct endpoint	 r, l;
	char		 err[TCP_ERRLEN];
	unsigned long	 failed = path_failures(s);
	unsigned	 id;

	if (endpoint_parse(&r, addr, err, sizeof err) != 0) {
		say_err("udp send: bad address \"%s\": %s", addr, err);
		return (CMD_USAGE);
	}
	if (session_addr(s, r.addr.family) == NULL) {
		say_err("udp send: we have no IPv%d address", r.addr.family);
		return (CMD_USAGE);
	}
	id = conns_cur(c->o->conns);
	if (!udp_is_socket(s->st, id) || udp_local(s->st, id, &l) != 0 ||
	    l.addr.family != r.addr.family)
		id = 0;
	if (id == 0 && (id = udp_open(c, r.addr.family, 0)) == 0)
		return (CMD_FAIL);
	if (udp_sendto(s->st, id, &r, text, len, err, sizeof err) != 0) {
		say_err("udp send: %s", err);
		return (CMD_FAIL);
	}
	conns_use(c->o->conns, id);
	s->frag_next = frag;	/* for the datagram the pump takes out now */
	session_pump(s);
	s->frag_next = 0;
	/* The link refused it (the error is said): the command failed. */
	return (path_failures(s) == failed ? CMD_OK : CMD_FAIL);
}
