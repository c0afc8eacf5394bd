/*
 * cli/print/print-buf.c - the printers' line builder: appends strings, decimal
 * and hex numbers, MAC, IPv4 and IPv6 addresses (RFC 5952 text, formatted
 * exactly as tcpdump's addrtostr6 does) without going through stdio.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/print/print-int.h"

static const char hexdig[] = "0123456789abcdef";

/* Start building a line in buf of len bytes (len may be 0). */
void
pb_init(struct pbuf *pb, char *buf, size_t len)
{
	pb->b = len > 0 ? buf : NULL;
	pb->len = 0;
	pb->cap = len > 0 ? len - 1 : 0;
	if (pb->b != NULL)
		buf[0] = '\0';
}

/* Terminate the line; returns its length as stored in the buffer. */
size_t
pb_done(struct pbuf *pb)
{
	size_t	n = pb->len < pb->cap ? pb->len : pb->cap;

	if (pb->b != NULL)
		pb->b[n] = '\0';
	return (n);
}

/* Append n bytes of s. */
void
pb_mem(struct pbuf *pb, const char *s, size_t n)
{
	size_t	room;

	if (pb->len < pb->cap) {
		room = pb->cap - pb->len;
		memcpy(pb->b + pb->len, s, n < room ? n : room);
	}
	pb->len += n;
}

/* Append the string s. */
void
pb_str(struct pbuf *pb, const char *s)
{
	pb_mem(pb, s, strlen(s));
}

/* Append one character. */
void
pb_chr(struct pbuf *pb, char c)
{
	if (pb->len < pb->cap)
		pb->b[pb->len] = c;
	pb->len++;
}

/* Append v in decimal. */
void
pb_u64(struct pbuf *pb, uint64_t v)
{
	char	tmp[24];
	int	i = sizeof tmp;

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v != 0);
	pb_mem(pb, tmp + i, sizeof tmp - i);
}

/* Append v in decimal. */
void
pb_u32(struct pbuf *pb, uint32_t v)
{
	char	tmp[12];
	int	i = sizeof tmp;

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v != 0);
	pb_mem(pb, tmp + i, sizeof tmp - i);
}

/* Append v in lower-case hex without leading zeros (printf's %x). */
void
pb_hex(struct pbuf *pb, uint64_t v)
{
	char	tmp[16];
	int	i = sizeof tmp;

	do {
		tmp[--i] = hexdig[v & 0xf];
		v >>= 4;
	} while (v != 0);
	pb_mem(pb, tmp + i, sizeof tmp - i);
}

/* Append one byte as two hex digits. */
void
pb_hex02(struct pbuf *pb, uint8_t v)
{
	pb_chr(pb, hexdig[v >> 4]);
	pb_chr(pb, hexdig[v & 0xf]);
}

/* Append every byte of region r as two hex digits, without separators. */
void
pb_hexbytes(struct pbuf *pb, const struct wrd *r)
{
	size_t	i;

	for (i = 0; i < r->len; i++)
		pb_hex02(pb, wrd_u8(r, i));
}

/* Append a dotted-quad IPv4 address. */
void
pb_ip4(struct pbuf *pb, const uint8_t *a)
{
	int	i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			pb_chr(pb, '.');
		pb_u32(pb, a[i]);
	}
}

/* Append an IPv6 address, compressing the longest zero run (tcpdump's rules). */
void
pb_ip6(struct pbuf *pb, const uint8_t *a)
{
	uint16_t	w[8];
	int		i, base = -1, blen = 0, cbase = -1, clen = 0;

	for (i = 0; i < 8; i++)
		w[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cbase == -1)
				cbase = i, clen = 1;
			else
				clen++;
		} else if (cbase != -1) {
			if (base == -1 || clen > blen)
				base = cbase, blen = clen;
			cbase = -1;
		}
	}
	if (cbase != -1 && (base == -1 || clen > blen))
		base = cbase, blen = clen;
	if (base != -1 && blen < 2)
		base = -1;
	for (i = 0; i < 8; i++) {
		if (base != -1 && i >= base && i < base + blen) {
			if (i == base)
				pb_chr(pb, ':');
			continue;
		}
		if (i != 0)
			pb_chr(pb, ':');
		if (i == 6 && base == 0 &&
		    (blen == 6 || (blen == 5 && w[5] == 0xffff))) {
			pb_ip4(pb, a + 12);
			break;
		}
		pb_hex(pb, w[i]);
	}
	if (base != -1 && base + blen == 8)
		pb_chr(pb, ':');
}

/* Append an IPv4 (family 4) or IPv6 (6) address. */
void
pb_addr(struct pbuf *pb, int family, const uint8_t *a)
{
	if (family == 6)
		pb_ip6(pb, a);
	else
		pb_ip4(pb, a);
}

/* Append a MAC address as aa:bb:cc:dd:ee:ff. */
void
pb_mac(struct pbuf *pb, const uint8_t *m)
{
	int	i;

	for (i = 0; i < 6; i++) {
		if (i > 0)
			pb_chr(pb, ':');
		pb_hex02(pb, m[i]);
	}
}

/* Append printf-formatted text (for the rare, non-hot paths). */
void
pb_printf(struct pbuf *pb, const char *fmt, ...)
{
	char	tmp[256];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	pb_mem(pb, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
