/*
 * tests/unit/test-pcapng.c - pcapng with packet comments (no root): files
 * the recorder and the -w stream write are read back by libpcap frame for
 * frame and by our comment reader comment for comment, in both byte
 * orders; comments are cut at a character and cleaned of control
 * characters and bad UTF-8; malformed blocks end the comments, never read
 * out of bounds; a .pcap stays a classic pcap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture/cap.h"
#include "capture/pcapng.h"
#include "capture/pcapw.h"
#include "tests/tap.h"

static char	tmpl[] = "/tmp/test-pcapng-XXXXXX";

/* A 60-byte Ethernet frame whose bytes start with tag. */
static const uint8_t *
frame(int tag)
{
	static uint8_t	b[60];

	memset(b, tag, sizeof b);
	memcpy(b + 12, "\x08\x06", 2);	/* ARP: any link-level bytes do */
	return (b);
}

/* A path in the test's directory. */
static const char *
tpath(const char *name)
{
	static char	p[256];

	snprintf(p, sizeof p, "%s/%s", tmpl, name);
	return (p);
}

/* The comments of path's packets joined as "a|-|b" ("-": none). */
static const char *
comments(const char *path, int npkt)
{
	static char		 out[8192];
	struct pcapng_notes	*n;
	const char		*c;
	size_t			 o = 0;
	int			 i;

	out[0] = '\0';
	if ((n = pcapng_notes_open(path)) == NULL)
		return ("(not pcapng)");
	for (i = 0; i < npkt; i++) {
		c = pcapng_notes_next(n);
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s",
		    i ? "|" : "", c != NULL ? c : "-");
		if (o >= sizeof out)
			break;
	}
	pcapng_notes_close(n);
	return (out);
}

/* How many packets libpcap reads from path (-1: it cannot open it). */
static int
pcap_count(const char *path, int *dlt, long *first_usec)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*d;
	pcap_t			*p;
	int			 n = 0;

	if ((p = pcap_open_offline(path, errbuf)) == NULL)
		return (-1);
	*dlt = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &d) == 1) {
		if (n == 0)
			*first_usec = (long)h->ts.tv_usec;
		n++;
	}
	pcap_close(p);
	return (n);
}

/* Write raw bytes to path. */
static void
put(const char *path, const void *b, size_t n)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL || fwrite(b, 1, n, f) != n || fclose(f) != 0)
		abort();
}

/* What cap_dispatch hands over: the comments seen. */
static void
cap_cb(void *arg, const struct cap_frame *f)
{
	char	*s = arg;

	strcat(s, f->comment != NULL ? f->comment : "-");
	strcat(s, "|");
}

/* A byte-swapped copy of a 32-bit word in b at off. */
static void
swap32(uint8_t *b, size_t off)
{
	uint8_t	t;

	t = b[off];
	b[off] = b[off + 3];
	b[off + 3] = t;
	t = b[off + 1];
	b[off + 1] = b[off + 2];
	b[off + 2] = t;
}

int
main(void)
{
	struct timeval		 tv[3] = { { 100, 3 }, { 100, 1 }, { 100, 2 } };
	struct pcapw_note	 note;
	struct pcapw		*w;
	char			*cause = NULL, big[PCAPNG_COMMENT_MAX + 64];
	char			 clean[64], got[256];
	uint8_t			 file[4096];
	struct cap		*c;
	long			 usec = -1;
	size_t			 n;
	int			 dlt = -1, i;
	FILE			*f;

	if (mkdtemp(tmpl) == NULL)
		return (1);

	ok(pcapng_path("a.pcapng") && pcapng_path("A.PCAPNG") &&
	    !pcapng_path("a.pcap") && !pcapng_path(".pcapng") &&
	    !pcapng_path("pcapng"), "a .pcapng name, in any case, is pcapng");

	/* The recorder saves directions and comments, in time order. */
	w = pcapw_new(NULL, &cause);
	note.dir = PCAPNG_DIR_OUT;
	note.comment = "c1 SYN-SENT: user OPEN (active), SYN sent, "
	    "RFC 9293 §3.10.1";
	pcapw_add_note(w, &tv[0], frame(1), 60, &note);
	pcapw_add_note(w, &tv[1], frame(2), 60, NULL);
	note.dir = PCAPNG_DIR_IN;
	note.comment = "second\nline";
	pcapw_add_note(w, &tv[2], frame(3), 60, &note);
	is_int((int)pcapw_save(w, tpath("r.pcapng"), &cause), 3,
	    "save FILE.pcapng writes 3 frames");
	is_int(pcap_count(tpath("r.pcapng"), &dlt, &usec), 3,
	    "libpcap reads the pcapng: 3 frames");
	ok(dlt == DLT_EN10MB && usec == 1, "Ethernet, oldest first (1 us)");
	is_str(comments(tpath("r.pcapng"), 4),
	    "-|second\nline|c1 SYN-SENT: user OPEN (active), SYN sent, "
	    "RFC 9293 §3.10.1|-", "each frame's comment, in time order");
	is_int((int)pcapw_save(w, tpath("r.pcap"), &cause), 3,
	    "save FILE.pcap writes 3 frames");
	is_str(comments(tpath("r.pcap"), 1), "(not pcapng)",
	    "a .pcap is a classic pcap still");
	is_int(pcap_count(tpath("r.pcap"), &dlt, &usec), 3,
	    "and libpcap reads it");

	/* Through cap_open_file, as tcpx -r reads it. */
	c = cap_open_file(tpath("r.pcapng"), &cause);
	got[0] = '\0';
	ok(c != NULL && cap_dispatch(c, cap_cb, got, &cause) == 3,
	    "cap_dispatch hands over 3 frames");
	is_str(got, "-|second\nline|c1 SYN-SENT: user OPEN (active), SYN "
	    "sent, RFC 9293 §3.10.1|", "with their comments");
	cap_close(c);
	c = cap_open_file(tpath("r.pcap"), &cause);
	got[0] = '\0';
	ok(c != NULL && cap_dispatch(c, cap_cb, got, &cause) == 3 &&
	    strcmp(got, "-|-|-|") == 0, "a pcap's frames have none");
	cap_close(c);
	pcapw_free(w);

	/* A long comment is cut before PCAPNG_COMMENT_MAX at a character. */
	w = pcapw_stream(tpath("s.pcapng"), &cause);
	ok(w != NULL, "a -w stream to FILE.pcapng opens");
	memset(big, 'x', sizeof big);
	big[0] = 'y';		/* then a § straddles the cut */
	for (i = 1; i + 1 < (int)sizeof big - 1; i += 2)
		memcpy(big + i, "\xc2\xa7", 2);		/* § */
	big[sizeof big - 1] = '\0';
	note.dir = PCAPNG_DIR_OUT;
	note.comment = big;
	pcapw_add_note(w, &tv[0], frame(4), 60, &note);
	pcapw_add(w, &tv[0], frame(5), 60);
	pcapw_free(w);
	is_int(pcap_count(tpath("s.pcapng"), &dlt, &usec), 2,
	    "the stream's file holds both frames after free");
	n = strlen(comments(tpath("s.pcapng"), 1));
	ok(n == PCAPNG_COMMENT_MAX - 1,
	    "a long comment is kept up to the bound (%zu bytes)", n);
	ok(strstr(comments(tpath("s.pcapng"), 1), "?") == NULL,
	    "and cut between characters, not inside one");

	/* Cleaning: control characters and bad UTF-8 become '?'. */
	pcapng_clean(clean, sizeof clean - 1, (const uint8_t *)
	    "a\x1b[31mb\r\nc\x7f\xc2\x85\xc0\xaf\xed\xa0\x80\xe2\x82\xac\xff"
	    "\0\0", 24);
	is_str(clean, "a?[31mb\nc????????€?", "ESC, DEL, C1, overlong, "
	    "surrogate and 0xff are '?'; CRLF is a newline; NULs at the end go");
	pcapng_clean(clean, 3, (const uint8_t *)"ab€", 5);
	is_str(clean, "ab", "cut before a character that does not fit");
	pcapng_clean(clean, sizeof clean - 1, (const uint8_t *)"\xe2\x82", 2);
	is_str(clean, "??", "a character cut short is two '?'");

	/* The other byte order: swap every field of r.pcapng by hand. */
	f = fopen(tpath("r.pcapng"), "rb");
	n = fread(file, 1, sizeof file, f);
	fclose(f);
	{
		size_t	o = 0, len, k, end;

		while (o + 12 <= n) {
			uint32_t type, len32;

			memcpy(&type, file + o, 4);
			memcpy(&len32, file + o + 4, 4);
			len = len32;
			swap32(file, o);
			swap32(file, o + 4);
			swap32(file, o + len - 4);
			if (type == 0x0A0D0D0A) {
				swap32(file, o + 8);	/* magic */
				file[o + 12] ^= file[o + 13];	/* version */
				file[o + 13] ^= file[o + 12];
				file[o + 12] ^= file[o + 13];
				/* section length -1 and the options: left, we
				   do not read them */
			} else if (type == 6) {
				uint32_t cl;

				memcpy(&cl, file + o + 20, 4);
				for (k = 8; k < 28; k += 4)
					swap32(file, o + k);
				/* options: code and length are 16-bit */
				k = o + 28 + ((cl + 3) & ~3u);
				end = o + len - 4;
				while (k + 4 <= end) {
					uint16_t code, ol;

					memcpy(&code, file + k, 2);
					memcpy(&ol, file + k + 2, 2);
					file[k] ^= file[k + 1];
					file[k + 1] ^= file[k];
					file[k] ^= file[k + 1];
					file[k + 2] ^= file[k + 3];
					file[k + 3] ^= file[k + 2];
					file[k + 2] ^= file[k + 3];
					if (code == 2)
						swap32(file, k + 4);
					k += 4 + ((ol + 3u) & ~3u);
					if (code == 0)
						break;
				}
			} else if (type == 1) {
				file[o + 8] ^= file[o + 9];
				file[o + 9] ^= file[o + 8];
				file[o + 8] ^= file[o + 9];
				swap32(file, o + 12);
			}
			o += len;
		}
	}
	put(tpath("be.pcapng"), file, n);
	is_str(comments(tpath("be.pcapng"), 3),
	    "-|second\nline|c1 SYN-SENT: user OPEN (active), SYN sent, "
	    "RFC 9293 §3.10.1", "the other byte order reads the same comments");

	/* Malformed blocks end the comments (and never read past them). */
	f = fopen(tpath("r.pcapng"), "rb");
	n = fread(file, 1, sizeof file, f);
	fclose(f);
	put(tpath("t1.pcapng"), file, n - 5);
	is_str(comments(tpath("t1.pcapng"), 4),
	    "-|second\nline|-|-", "a truncated last block: no comment");
	{
		uint32_t	shb, idb, bad = 8;

		memcpy(&shb, file + 4, 4);
		memcpy(&idb, file + shb + 4, 4);
		memcpy(file + shb + idb + 4, &bad, 4);	/* EPB length 8 */
		put(tpath("t2.pcapng"), file, n);
		is_str(comments(tpath("t2.pcapng"), 3), "-|-|-",
		    "a block length below 12 ends it");
		bad = 0xfffffff0u;
		memcpy(file + shb + idb + 4, &bad, 4);
		put(tpath("t3.pcapng"), file, n);
		is_str(comments(tpath("t3.pcapng"), 2), "-|-",
		    "a block length past the bound ends it");
		bad = 72;			/* the first EPB: caplen past it */
		memcpy(file + shb + idb + 4, &bad, 4);
		bad = 1000;
		memcpy(file + shb + idb + 20, &bad, 4);
		put(tpath("t4.pcapng"), file, n);
		is_str(comments(tpath("t4.pcapng"), 2), "-|-",
		    "a captured length past its block ends it");
	}
	ok(pcapng_notes_open(tpath("nonexistent")) == NULL &&
	    pcapng_notes_open("-") == NULL && pcapng_notes_open("/dev/null") ==
	    NULL, "no comments from missing files, stdin or devices");

	return (done_testing());
}
