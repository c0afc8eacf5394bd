/*
 * tests/fuzz/fuzz-defrag.c - libFuzzer target for IP fragments: the input
 * is a run of packets (a length byte pair, then that many bytes), each one
 * fed to a reassembler of each family at a clock that moves by the first
 * byte, and split at a small MTU too.  Whatever comes out whole must decode
 * as raw IP without a crash; memory stays within the limit plus one
 * fragment; every datagram ends by the timeout.  ASan and UBSan judge.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipfrag.h"
#include "core/wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define LIMIT	20000
#define SEC	1000000ULL

/* A fragment ipfrag_split made: it must hold an IP header and fit. */
static void
emitted(void *arg, const uint8_t *frag, size_t len, unsigned idx, bool last)
{
	size_t	*mtu = arg;

	(void)frag;
	(void)last;
	if (idx == 0 || len > *mtu + 14)
		abort();
}

/* Feed each packet of the input to the reassemblers and the splitter. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t		 scratch[65536 + 64], frame[65536 + 64];
	struct ipdefrag		*d = ipdefrag_new(LIMIT, 1);
	struct ipdefrag_result	 r;
	struct ipdefrag_expired	 x;
	struct ipdefrag_stats	 st;
	struct pkt		 p;
	char			 err[IPFRAG_ERRLEN];
	uint64_t		 now = 0;
	size_t			 off = 0, n, mtu;
	uint8_t			*pk;

	while (off + 3 <= size) {
		n = (size_t)data[off] << 8 | data[off + 1];
		now += (uint64_t)data[off + 2] * SEC / 16;
		off += 3;
		if (n > size - off)
			n = size - off;
		/* An exact copy, so ASan sees any read past its end. */
		pk = malloc(n > 0 ? n : 1);
		memcpy(pk, data + off, n);
		if (ipdefrag_input(d, pk, n, now, 30 * SEC, &r) == IPDF_DONE) {
			if (r.len > 65535 + 60 || r.data == NULL)
				abort();
			wire_decode(&p, WIRE_DLT_RAW, r.data, r.len, r.len);
			free(r.data);
		}
		ipdefrag_stats(d, &st);
		if (st.bytes > LIMIT + 65535 + 512)
			abort();
		while (ipdefrag_expire(d, now, &x))
			if (x.quote_len > IPDEFRAG_QUOTE)
				abort();
		if (ipdefrag_deadline(d) < now)
			abort();
		/* The same bytes, split behind an Ethernet header. */
		memset(frame, 0, 14);
		memcpy(frame + 14, pk, n);
		mtu = 68 + (n % 1400);
		/* A refusal says why in a terminated string; success may
		   leave err alone (it was read uninitialised here once). */
		memset(err, 'x', sizeof err);
		if (ipfrag_split(frame, n + 14, 14, mtu, (size_t)(n % 3) * 8,
		    7, n & 1, scratch, sizeof scratch, emitted, &mtu, err,
		    sizeof err) < 0 && memchr(err, '\0', sizeof err) == NULL)
			abort();
		free(pk);
		off += n;
	}
	ipdefrag_free(d);
	return (0);
}
