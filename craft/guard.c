/*
 * craft/guard.c - an nftables table per tcpx process that drops inbound
 * TCP/UDP to our borrowed address on the ports tcpx uses, so the host kernel
 * never answers tcpx's connections with RSTs (RFC 9293 §3.10.7.1) or ICMP
 * port unreachables (RFC 1122 §4.1.3.1).  Driven through the nft command.
 */
#include "config.h"

#include <linux/capability.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "craft/guard.h"
#include "lab/netns.h"
#include "lab/run.h"

struct guard {
	char	 table[32];
	pid_t	 owner;
	uint8_t	 tcp[65536 / 8];	/* ports in @ports */
	uint8_t	 udp[65536 / 8];	/* ports in @uports */
};

static int	guard_nft(const char *, char **);
static int	guard_set(struct guard *, const char *, uint8_t *, uint16_t,
		    int, char **);

/* Feed script to "nft -f -"; 0, or -1 with *cause. */
static int
guard_nft(const char *script, char **cause)
{
	char	*argv[] = { (char *)"nft", (char *)"-f", (char *)"-", NULL };
	char	*out = NULL, *why = NULL, line[256], *p;
	int	 rc;

	if ((rc = run_cmd(argv, script, &out, &why)) == 0) {
		free(out);
		return (0);
	}
	if (rc == -1) {
		*cause = xasprintf("guard: nft: %s", why);
		free(why);
		return (-1);
	}
	if (strstr(out, "not permitted") != NULL ||
	    strstr(out, "ermission denied") != NULL)
		*cause = xasprintf("guard: installing the nftables rule needs "
		    "CAP_NET_ADMIN (run as root)");
	else {
		/* nft prints the offending input line; its Error: says why. */
		p = strstr(out, "Error:");
		*cause = xasprintf("guard: nft: %s",
		    run_firstline(p != NULL ? p : out, line, sizeof line));
	}
	free(out);
	return (-1);
}

/* Install the table guarding a4 and/or a6. */
struct guard *
guard_new(const struct addr *a4, const struct addr *a6, char **cause)
{
	struct guard	*g;
	char		*nft, *script, b4[64], b6[64], r4[256] = "";
	char		 r6[256] = "";

	if ((a4 == NULL || a4->family != 4) &&
	    (a6 == NULL || a6->family != 6)) {
		*cause = xasprintf("guard: no IPv4 or IPv6 address to guard");
		return (NULL);
	}
	if ((nft = run_which("nft")) == NULL) {
		*cause = xasprintf("guard: the \"nft\" command was not found: "
		    "install it with \"apt-get install nftables\"");
		return (NULL);
	}
	free(nft);
	if (!netns_has_cap(CAP_NET_ADMIN)) {
		*cause = xasprintf("guard: installing the nftables rule needs "
		    "CAP_NET_ADMIN (run as root)");
		return (NULL);
	}
	guard_sweep();

	g = xcalloc(1, sizeof *g);
	g->owner = getpid();
	snprintf(g->table, sizeof g->table, GUARD_TABLE_PREFIX "%ld",
	    (long)g->owner);
	if (a4 != NULL && a4->family == 4) {
		addr_fmt(a4, b4, sizeof b4);
		snprintf(r4, sizeof r4,
		    "\t\tip daddr %s tcp dport @ports drop\n"
		    "\t\tip daddr %s udp dport @uports drop\n", b4, b4);
	}
	if (a6 != NULL && a6->family == 6) {
		addr_fmt(a6, b6, sizeof b6);
		snprintf(r6, sizeof r6,
		    "\t\tip6 daddr %s tcp dport @ports drop\n"
		    "\t\tip6 daddr %s udp dport @uports drop\n", b6, b6);
	}
	/* "add" then "delete" replaces any table of ours, atomically. */
	script = xasprintf(
	    "add table inet %s\n"
	    "delete table inet %s\n"
	    "table inet %s {\n"
	    "\tset ports { type inet_service; }\n"
	    "\tset uports { type inet_service; }\n"
	    "\tchain input {\n"
	    "\t\ttype filter hook input priority -300; policy accept;\n"
	    "%s%s"
	    "\t}\n"
	    "}\n", g->table, g->table, g->table, r4, r6);
	if (guard_nft(script, cause) == -1) {
		free(script);
		free(g);
		return (NULL);
	}
	free(script);
	return (g);
}

/* Add (add != 0) or remove port in set (bitmap map); 0 or -1 with *cause. */
static int
guard_set(struct guard *g, const char *set, uint8_t *map, uint16_t port,
    int add, char **cause)
{
	char	*script;
	int	 present = (map[port / 8] >> (port % 8)) & 1, rc;

	if (present == (add != 0))
		return (0);
	script = xasprintf("%s element inet %s %s { %u }\n",
	    add ? "add" : "delete", g->table, set, port);
	rc = guard_nft(script, cause);
	free(script);
	if (rc == 0)
		map[port / 8] ^= (uint8_t)(1U << (port % 8));
	return (rc);
}

/* Keep the kernel off TCP port port. */
int
guard_add_port(struct guard *g, uint16_t port, char **cause)
{
	return (guard_set(g, "ports", g->tcp, port, 1, cause));
}

/* Give TCP port port back to the kernel. */
int
guard_del_port(struct guard *g, uint16_t port, char **cause)
{
	return (guard_set(g, "ports", g->tcp, port, 0, cause));
}

/* Keep the kernel off UDP port port. */
int
guard_add_udp_port(struct guard *g, uint16_t port, char **cause)
{
	return (guard_set(g, "uports", g->udp, port, 1, cause));
}

/* The nftables table's name. */
const char *
guard_table(const struct guard *g)
{
	return (g->table);
}

/* Remove the table and free g. */
void
guard_free(struct guard *g)
{
	char	*script, *cause = NULL;

	if (g == NULL)
		return;
	if (g->owner == getpid()) {
		script = xasprintf("delete table inet %s\n", g->table);
		if (guard_nft(script, &cause) == -1)
			free(cause);
		free(script);
	}
	free(g);
}

/* Delete tcpx_<pid> tables whose process is gone; how many. */
int
guard_sweep(void)
{
	char	*argv[] = { (char *)"nft", (char *)"list", (char *)"tables",
		    NULL };
	char	*out = NULL, *why = NULL, *line, *next, *end, *script;
	char	*cause = NULL;
	long	 pid;
	int	 n = 0;
	const char *want = "table inet " GUARD_TABLE_PREFIX;

	if (run_cmd(argv, NULL, &out, &why) != 0) {
		free(why);
		free(out);
		return (0);
	}
	for (line = out; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		pid = strtol(line + strlen(want), &end, 10);
		if (pid <= 0 || *end != '\0' || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue;	/* its tcpx is still running */
		script = xasprintf("delete table inet %s%ld\n",
		    GUARD_TABLE_PREFIX, pid);
		if (guard_nft(script, &cause) == 0)
			n++;
		else
			free(cause);
		cause = NULL;
		free(script);
	}
	free(out);
	return (n);
}
