/*
 * tests/unit/test-wire-util.c - helpers the wire codec test programs share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test-wire-vectors.h"

/* The golden frame called name; aborts when there is none. */
const struct wvec *
wvec_get(const char *name)
{
	const struct wvec	*v;

	for (v = wvecs; v->name != NULL; v++) {
		if (strcmp(v->name, name) == 0)
			return (v);
	}
	fprintf(stderr, "no golden frame %s\n", name);
	abort();
}

/* A heap copy of exactly len bytes of b. */
uint8_t *
wvec_dup(const uint8_t *b, size_t len)
{
	uint8_t	*c;

	if ((c = malloc(len != 0 ? len : 1)) == NULL)
		abort();
	if (len != 0)
		memcpy(c, b, len);
	return (c);
}

/* The kinds of th's options as "2,4,8,1,3", written to buf. */
const char *
wvec_optkinds(const struct tcp_hdr *th, char *buf, size_t len)
{
	size_t	n = 0;
	int	i;

	buf[0] = '\0';
	for (i = 0; i < th->n_opt && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%u", i ? "," : "",
		    th->opt[i].kind);
	return (buf);
}
