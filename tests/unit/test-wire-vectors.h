/*
 * tests/unit/test-wire-vectors.h - the golden frames of the wire codec
 * tests (test-wire-vectors.c) and helpers the test programs share.
 */
#ifndef TCPX_TESTS_TEST_WIRE_VECTORS_H
#define TCPX_TESTS_TEST_WIRE_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "core/wire.h"

/* One golden frame. */
struct wvec {
	const char	*name;
	int		 dlt;
	const uint8_t	*b;
	size_t		 len;
};

/* Every golden frame, ended by a NULL name. */
extern const struct wvec wvecs[];

/* The golden frame called name; aborts when there is none. */
const struct wvec *wvec_get(const char *name);

/*
 * A heap copy of exactly len bytes of b (so that AddressSanitizer catches
 * any read past the end); free it with free().
 */
uint8_t	*wvec_dup(const uint8_t *b, size_t len);

/* The kinds of th's options as "2,4,8,1,3", written to buf. */
const char *wvec_optkinds(const struct tcp_hdr *th, char *buf, size_t len);

#endif
