/*
 * tests/fuzz/fuzz-pdn.c - libFuzzer target for the packetdrill notation:
 * the input is one line.  A line that parses is turned into a header and a
 * segment, printed back, and the printed line must parse again and match
 * the segment it came from; every spec is also used as a pattern.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdn.h"
#include "core/seg.h"
#include "core/wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One line of notation through parse, build, format and match. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pdn_spec	 spec, again;
	static char		 out[8192];
	struct seg		 s;
	struct tcp_hdr		 th;
	char			*text, err[PDN_ERRLEN], why[PDN_ERRLEN];
	uint32_t		 sb = 1000, ab = 0xfffffff0;
	size_t			 n;

	if (size > 4096)
		return (0);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	if (pdn_parse(text, &spec, err, sizeof err) != 0) {
		if (memchr(err, '\0', sizeof err) == NULL || err[0] == '\0')
			abort();	/* a failure always says why */
		free(text);
		return (0);
	}
	memset(&th, 0, sizeof th);
	pdn_to_hdr(&spec, sb, ab, &th, err, sizeof err);

	memset(&s, 0, sizeof s);
	s.proto = IPPROTO_TCP_;
	s.src.family = s.dst.family = 4;
	if (pdn_to_seg(&spec, sb, ab, &s, err, sizeof err) == 0) {
		n = pdn_format(&s, sb, ab, PDN_FMT_PAYLOAD | PDN_FMT_IP, out,
		    sizeof out);
		if (n >= sizeof out || strlen(out) != n)
			abort();
		/* What we print must parse back. */
		if (pdn_parse(out, &again, err, sizeof err) != 0)
			abort();
		/* ... and describe the segment it was printed from. */
		if (!pdn_match(&again, &s, sb, ab, why, sizeof why))
			abort();
		pdn_format(&s, 0, 0, 0, out, 17);	/* cut off */
	}
	pdn_match(&spec, &s, sb, ab, why, sizeof why);
	free(text);
	return (0);
}
