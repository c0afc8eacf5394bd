/*
 * tests/fuzz/fuzz-pcap.c - libFuzzer target for the capture file reader:
 * the input is a whole pcap or pcapng file, opened with cap_open_file()
 * through a memfd and read to the end with cap_dispatch(); every frame is
 * decoded and printed as `tcpx -r` would, with a pcapng file's packet
 * comments read beside libpcap (capture/pcapng.c).
 */
#include <sys/mman.h>

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/cap.h"
#include "capture/pcapng.h"
#include "cli/print/print.h"
#include "core/wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Decode and print one frame the reader handed over. */
static void
frame(void *arg, const struct cap_frame *f)
{
	static char	 line[PRINT_LINE_MAX], json[PRINT_JSON_MAX];
	struct printer	*pr = arg;
	struct pkt	 p;

	if (f->data == NULL && f->caplen > 0)
		abort();
	if (f->comment != NULL && strlen(f->comment) > PCAPNG_COMMENT_MAX)
		abort();	/* bounded, and NUL-terminated */
	wire_decode(&p, f->dlt, f->data, f->caplen,
	    f->len > f->caplen ? f->len : f->caplen);
	print_ts(&f->ts, line, sizeof line);
	print_pkt(pr, &p, line, sizeof line);
	print_json(&p, &f->ts, json, sizeof json);
}

/* One file through the reader. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 fd = -1;
	struct printer	*pr;
	struct cap	*c;
	char		 path[64], *cause = NULL;
	int		 n;

	if (fd == -1 && (fd = memfd_create("fuzz-pcap", 0)) == -1)
		abort();
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((c = cap_open_file(path, &cause)) == NULL) {
		if (cause == NULL || cause[0] == '\0')
			abort();	/* a failure always says why */
		free(cause);
		return (0);
	}
	pr = printer_new();
	n = cap_dispatch(c, frame, pr, &cause);
	if (n < 0) {
		if (cause == NULL)
			abort();
		free(cause);
	}
	printer_free(pr);
	cap_close(c);
	return (0);
}
