/*
 * lab/run.h - running the helper programs tcpx drives (ip from iproute2,
 * nft from nftables): found on PATH or in the sbin directories, given text
 * on stdin, their output collected.
 */
#ifndef TCPX_LAB_RUN_H
#define TCPX_LAB_RUN_H

/* Find prog on PATH or in /usr/sbin, /sbin...; a malloc'd path, or NULL. */
char	*run_which(const char *prog);

/*
 * Run argv (argv[0] found with run_which) with input (NULL: /dev/null) on
 * its stdin, collecting its stdout and stderr into *out (malloc'd and
 * NUL-terminated; pass NULL to discard).  Returns its exit status (0-255,
 * 128 + N when killed by signal N), or -1 with *cause (malloc'd) when it
 * could not be run.
 */
int	 run_cmd(char *const argv[], const char *input, char **out,
	    char **cause);

/* The first line of s (at most len - 1 bytes) copied into buf; returns buf. */
char	*run_firstline(const char *s, char *buf, size_t len);

#endif
