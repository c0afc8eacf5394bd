/*
 * capture/pcapng.c - pcapng (draft-ietf-opsawg-pcapng §4): the blocks
 * tcpx writes, in the host's byte order as the format allows (§4.1: the
 * section's byte-order magic says which), and a reader of packet comments
 * (opt_comment, §3.5) that walks a file's blocks with bounds checks on
 * every length, byte order per section.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "capture/pcapng.h"
#include "core/xmalloc.h"

#define PCAPNG_SHB		0x0A0D0D0Au
#define PCAPNG_IDB		0x00000001u
#define PCAPNG_PB		0x00000002u	/* obsolete Packet Block */
#define PCAPNG_SPB		0x00000003u
#define PCAPNG_EPB		0x00000006u
#define PCAPNG_MAGIC		0x1A2B3C4Du

#define OPT_ENDOFOPT		0
#define OPT_COMMENT		1
#define OPT_SHB_USERAPPL	4
#define OPT_IF_TSRESOL		9
#define OPT_EPB_FLAGS		2

#define PAD4(n)			(((n) + 3) & ~(size_t)3)

struct pcapng_notes {
	FILE		*f;
	int		 swap;		/* the section's byte order is not ours */
	int		 dead;		/* the end, or a block we cannot read */
	int		 seen;
	uint8_t		*opts;		/* PCAPNG_OPTIONS_MAX */
	char		 text[PCAPNG_COMMENT_MAX + 1];
};

/* Whether path ends in ".pcapng", in any case. */
int
pcapng_path(const char *path)
{
	size_t	n = strlen(path);

	return (n > 7 && strcasecmp(path + n - 7, ".pcapng") == 0);
}

/* Append a 32-bit number to b at *o, host order. */
static void
put32(uint8_t *b, size_t *o, uint32_t v)
{
	memcpy(b + *o, &v, 4);
	*o += 4;
}

/* Append an option's code and length to b at *o, host order. */
static void
putopt(uint8_t *b, size_t *o, uint16_t code, uint16_t len)
{
	memcpy(b + *o, &code, 2);
	memcpy(b + *o + 2, &len, 2);
	*o += 4;
}

/* Append len bytes of v and zeros to a 32-bit boundary to b at *o. */
static void
putpad(uint8_t *b, size_t *o, const void *v, size_t len)
{
	memcpy(b + *o, v, len);
	memset(b + *o + len, 0, PAD4(len) - len);
	*o += PAD4(len);
}

/* Write len bytes of b to f; 0, or -1 with errno. */
static int
pcapng_put(FILE *f, const void *b, size_t len)
{
	if (fwrite(b, 1, len, f) != len) {
		if (errno == 0)
			errno = EIO;
		return (-1);
	}
	return (0);
}

/* Write a Section Header Block and an Interface Description Block. */
int
pcapng_write_head(FILE *f, const char *appl, int linktype, uint32_t snaplen)
{
	uint8_t		b[512];
	size_t		o = 0, alen = strlen(appl), start;
	uint16_t	lt = (uint16_t)linktype, zero = 0;
	int64_t		seclen = -1;	/* not given (§4.1) */
	uint8_t		resol = 6;	/* microseconds */

	if (alen > 256)
		alen = 256;
	/* Section Header Block (§4.1). */
	put32(b, &o, PCAPNG_SHB);
	put32(b, &o, 0);		/* its length, below */
	put32(b, &o, PCAPNG_MAGIC);
	memcpy(b + o, &(uint16_t){ 1 }, 2);	/* version 1.0 */
	memcpy(b + o + 2, &zero, 2);
	o += 4;
	memcpy(b + o, &seclen, 8);
	o += 8;
	putopt(b, &o, OPT_SHB_USERAPPL, (uint16_t)alen);
	putpad(b, &o, appl, alen);
	putopt(b, &o, OPT_ENDOFOPT, 0);
	put32(b, &o, (uint32_t)(o + 4));
	memcpy(b + 4, &(uint32_t){ (uint32_t)o }, 4);
	/* Interface Description Block (§4.2). */
	start = o;
	put32(b, &o, PCAPNG_IDB);
	put32(b, &o, 0);
	memcpy(b + o, &lt, 2);
	memcpy(b + o + 2, &zero, 2);
	o += 4;
	put32(b, &o, snaplen);
	putopt(b, &o, OPT_IF_TSRESOL, 1);
	putpad(b, &o, &resol, 1);
	putopt(b, &o, OPT_ENDOFOPT, 0);
	put32(b, &o, (uint32_t)(o - start + 4));
	memcpy(b + start + 4, &(uint32_t){ (uint32_t)(o - start) }, 4);
	return (pcapng_put(f, b, o));
}

/* The length of comment cut to PCAPNG_COMMENT_MAX at a character's start. */
static size_t
pcapng_cut(const char *comment)
{
	size_t	n = strlen(comment);

	if (n <= PCAPNG_COMMENT_MAX)
		return (n);
	n = PCAPNG_COMMENT_MAX;
	while (n > 0 && ((unsigned char)comment[n] & 0xc0) == 0x80)
		n--;		/* not inside a UTF-8 sequence */
	return (n);
}

/* Write an Enhanced Packet Block with its direction and comment. */
int
pcapng_write_epb(FILE *f, const struct timeval *tv, const uint8_t *data,
    uint32_t caplen, uint32_t len, int dir, const char *comment)
{
	uint8_t		h[28], t[PCAPNG_COMMENT_MAX + 32], zero[3] = { 0 };
	uint64_t	us;
	size_t		o = 0, to = 0, clen;
	uint32_t	total, flags;

	clen = comment != NULL ? pcapng_cut(comment) : 0;
	if (dir == PCAPNG_DIR_IN || dir == PCAPNG_DIR_OUT) {
		flags = (uint32_t)dir;	/* bits 0-1: 01 inbound, 10 outbound */
		putopt(t, &to, OPT_EPB_FLAGS, 4);
		put32(t, &to, flags);
	}
	if (clen > 0) {
		putopt(t, &to, OPT_COMMENT, (uint16_t)clen);
		putpad(t, &to, comment, clen);
	}
	if (to > 0)
		putopt(t, &to, OPT_ENDOFOPT, 0);
	total = (uint32_t)(28 + PAD4(caplen) + to + 4);
	us = (uint64_t)tv->tv_sec * 1000000 + (uint64_t)tv->tv_usec;
	put32(h, &o, PCAPNG_EPB);
	put32(h, &o, total);
	put32(h, &o, 0);		/* interface 0 */
	put32(h, &o, (uint32_t)(us >> 32));
	put32(h, &o, (uint32_t)us);
	put32(h, &o, caplen);
	put32(h, &o, len);
	put32(t, &to, total);
	if (pcapng_put(f, h, o) != 0 || pcapng_put(f, data, caplen) != 0 ||
	    pcapng_put(f, zero, PAD4(caplen) - caplen) != 0 ||
	    pcapng_put(f, t, to) != 0)
		return (-1);
	return (0);
}

/*
 * The length of the UTF-8 character at s (n bytes left) when it is valid
 * and printable (not C0, DEL or C1), else 0 (RFC 3629 §4).
 */
static size_t
pcapng_utf8(const uint8_t *s, size_t n)
{
	size_t	want, i;
	uint8_t	lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return (s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0);
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		want = 2;
		if (s[0] == 0xc2)
			lo = 0xa0;	/* U+0080-U+009F: C1 controls */
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		want = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		want = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return (0);
	if (n < want || s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < want; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return (0);
	return (want);
}

/* Copy a comment as pcapng_notes_next() gives it. */
size_t
pcapng_clean(char *dst, size_t dstlen, const uint8_t *src, size_t len)
{
	size_t	i = 0, o = 0, k;

	while (len > 0 && src[len - 1] == '\0')
		len--;
	while (i < len) {
		if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n') {
			i++;
			continue;
		}
		k = src[i] == '\n' ? 1 : pcapng_utf8(src + i, len - i);
		if (o + (k == 0 ? 1 : k) > dstlen)
			break;
		if (k == 0) {
			dst[o++] = '?';
			i++;
		} else {
			memcpy(dst + o, src + i, k);
			o += k;
			i += k;
		}
	}
	dst[o] = '\0';
	return (o);
}

/* A 32-bit number of the section's byte order. */
static uint32_t
get32(const struct pcapng_notes *n, const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return (n->swap ? __builtin_bswap32(v) : v);
}

/* A 16-bit number of the section's byte order. */
static uint16_t
get16(const struct pcapng_notes *n, const uint8_t *p)
{
	uint16_t	v;

	memcpy(&v, p, 2);
	return (n->swap ? __builtin_bswap16(v) : v);
}

/* Read len bytes into b; 0, or -1 at the end or a short file. */
static int
pcapng_get(struct pcapng_notes *n, void *b, size_t len)
{
	if (fread(b, 1, len, n->f) != len) {
		n->dead = 1;
		return (-1);
	}
	return (0);
}

/* Skip len bytes; 0, or -1. */
static int
pcapng_skip(struct pcapng_notes *n, size_t len)
{
	if (len > 0 && fseeko(n->f, (off_t)len, SEEK_CUR) != 0) {
		n->dead = 1;
		return (-1);
	}
	return (0);
}

/* The comments of the pcapng file at path. */
struct pcapng_notes *
pcapng_notes_open(const char *path)
{
	struct pcapng_notes	*n;
	struct stat		 sb;
	uint8_t			 b[4];
	FILE			*f;

	if (strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
		return (NULL);
	/* Not a pipe: what we read here libpcap would never see. */
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    fread(b, 1, 4, f) != 4 || memcmp(b, "\x0a\x0d\x0d\x0a", 4) != 0 ||
	    fseeko(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return (NULL);
	}
	n = xcalloc(1, sizeof *n);
	n->f = f;
	n->opts = xmalloc(PCAPNG_OPTIONS_MAX);
	return (n);
}

/* Gather the comments among a packet block's len bytes of options. */
static const char *
pcapng_comments(struct pcapng_notes *n, const uint8_t *p, size_t len)
{
	size_t		o = 0, used = 0, vlen;
	uint16_t	code;

	while (len - o >= 4) {
		code = get16(n, p + o);
		vlen = get16(n, p + o + 2);
		o += 4;
		if (code == OPT_ENDOFOPT || vlen > len - o)
			break;
		if (code == OPT_COMMENT && used < PCAPNG_COMMENT_MAX) {
			if (used > 0)
				n->text[used++] = '\n';
			used += pcapng_clean(n->text + used,
			    PCAPNG_COMMENT_MAX - used, p + o, vlen);
		}
		if (PAD4(vlen) > len - o)
			break;
		o += PAD4(vlen);
	}
	if (used == 0)
		return (NULL);
	n->seen = 1;
	return (n->text);
}

/* The comment of the next packet block, or NULL. */
const char *
pcapng_notes_next(struct pcapng_notes *n)
{
	uint8_t		 h[28];
	uint32_t	 type, total, caplen;
	size_t		 body, data, optlen;

	while (n != NULL && !n->dead) {
		if (pcapng_get(n, h, 8) != 0)
			return (NULL);
		memcpy(&type, h, 4);
		if (type == PCAPNG_SHB) {	/* the same in either order */
			if (pcapng_get(n, h + 8, 4) != 0)
				return (NULL);
			memcpy(&type, h + 8, 4);
			if (type == PCAPNG_MAGIC)
				n->swap = 0;
			else if (type == __builtin_bswap32(PCAPNG_MAGIC))
				n->swap = 1;
			else {
				n->dead = 1;
				return (NULL);
			}
		}
		type = get32(n, h);
		total = get32(n, h + 4);
		if (total < 12 || total % 4 != 0 || total > PCAPNG_BLOCK_MAX ||
		    (type == PCAPNG_SHB && total < 28)) {
			n->dead = 1;
			return (NULL);
		}
		body = total - 12;
		if (type == PCAPNG_SHB) {	/* 12 of its bytes are read */
			pcapng_skip(n, body);
			continue;
		}
		if (type == PCAPNG_SPB) {
			pcapng_skip(n, body + 4);
			return (NULL);
		}
		if (type != PCAPNG_EPB && type != PCAPNG_PB) {
			pcapng_skip(n, body + 4);
			continue;
		}
		/* EPB (§4.3) or PB (Appendix A): 20 bytes, data, options. */
		if (body < 20 || pcapng_get(n, h + 8, 20) != 0) {
			n->dead = 1;
			return (NULL);
		}
		caplen = get32(n, h + 20);
		if (caplen > body - 20 || PAD4((size_t)caplen) > body - 20) {
			n->dead = 1;
			return (NULL);
		}
		data = PAD4((size_t)caplen);
		optlen = body - 20 - data;
		if (pcapng_skip(n, data) != 0)
			return (NULL);
		if (optlen > PCAPNG_OPTIONS_MAX) {
			pcapng_skip(n, optlen + 4);
			return (NULL);
		}
		if (pcapng_get(n, n->opts, optlen) != 0 ||
		    pcapng_skip(n, 4) != 0)
			return (NULL);
		return (pcapng_comments(n, n->opts, optlen));
	}
	return (NULL);
}

/* Whether any comment was found so far. */
int
pcapng_notes_seen(const struct pcapng_notes *n)
{
	return (n != NULL && n->seen);
}

/* Close n. */
void
pcapng_notes_close(struct pcapng_notes *n)
{
	if (n == NULL)
		return;
	fclose(n->f);
	free(n->opts);
	free(n);
}
