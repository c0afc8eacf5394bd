/*
 * tests/fuzz/fuzz-decode.c - libFuzzer target for the wire codec and the
 * printers: the first byte picks a link type, the rest is one captured
 * frame.  It is decoded, printed as tcpdump would, as JSON and field by
 * field (print_detail), and, when it decoded, built back into bytes (as
 * given and with lengths and checksums recomputed) and decoded again.
 * ASan and UBSan judge.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/print/print.h"
#include "core/seg.h"
#include "core/wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int dlts[] = {
	WIRE_DLT_EN10MB, WIRE_DLT_RAW, WIRE_DLT_LINUX_SLL, WIRE_DLT_NULL,
	WIRE_DLT_LOOP, WIRE_DLT_LINUX_SLL2, WIRE_DLT_IPV4, WIRE_DLT_IPV6,
	231	/* D-Bus: a link type the decoder does not know */
};

/* Build p back into bytes with flags and decode what comes out. */
static void
rebuild(const struct pkt *p, unsigned flags)
{
	static uint8_t	 out[65536 + 256];
	struct pkt	 q;
	char		 err[WIRE_ERRLEN];
	ssize_t		 n;

	n = wire_build(p, flags, out, sizeof out, err, sizeof err);
	if (n < 0) {
		if (memchr(err, '\0', sizeof err) == NULL)
			abort();	/* the reason must be a string */
		return;
	}
	if ((size_t)n > sizeof out)
		abort();
	wire_decode(&q, p->dlt, out, (size_t)n, (size_t)n);
}

/* One frame through the decoder, both printers and the builder. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 line[PRINT_LINE_MAX], json[PRINT_JSON_MAX];
	static char	 detail[PRINT_DETAIL_MAX];
	struct detail_ctx dc;
	struct printer	*pr;
	struct pkt	 p;
	struct seg	 s;
	struct timeval	 tv = { 1700000000, 123456 };
	uint8_t		*frame;
	size_t		 len, n;
	int		 dlt, rc;

	if (size < 1)
		return (0);
	dlt = dlts[data[0] % (sizeof dlts / sizeof dlts[0])];
	len = size - 1;
	/* A copy of exactly len bytes, so ASan sees any read past the end. */
	frame = malloc(len > 0 ? len : 1);
	memcpy(frame, data + 1, len);

	rc = wire_decode(&p, dlt, frame, len, len + (data[0] >> 6));
	if (memchr(p.err, '\0', sizeof p.err) == NULL)
		abort();
	if (rc == 0 && p.err[0] != '\0')
		abort();	/* success leaves no reason */
	if (rc != 0 && p.err[0] == '\0')
		abort();	/* failure always says why */

	pr = printer_new();
	n = print_pkt(pr, &p, line, sizeof line);
	if (n >= sizeof line || strlen(line) != n)
		abort();
	/* A second packet of the same conversation prints relative numbers. */
	print_pkt(pr, &p, line, sizeof line);
	printer_free(pr);
	n = print_json(&p, &tv, json, sizeof json);
	if (n >= sizeof json || strlen(json) != n)
		abort();
	print_json(&p, NULL, json, 64);	/* cut off mid-object */
	memset(&dc, 0, sizeof dc);
	dc.wscale = data[0] % 17 - 2;	/* unknown, none, shifts 0-14 */
	dc.rel_seq = dc.rel_ack = data[0] & 1;
	n = print_detail(&p, frame, &dc, detail, sizeof detail);
	if (n >= sizeof detail || strlen(detail) != n)
		abort();
	print_detail(&p, frame, NULL, detail, 100);	/* cut off mid-block */

	if (rc == 0) {
		rebuild(&p, WIRE_KEEP_LEN | WIRE_KEEP_CKSUM);
		rebuild(&p, 0);
		if (seg_from_pkt(&s, &p) == 0) {
			struct pkt	q;

			seg_to_pkt(&s, &q, NULL, NULL);
			rebuild(&q, 0);
		}
	}
	free(frame);
	return (0);
}
