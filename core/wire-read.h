/*
 * core/wire-read.h - bounds-checked readers for the wire codec (internal).
 *
 * A struct wrd is a region of captured bytes.  Every read names an offset
 * inside it and returns 0 past the end instead of reading out of bounds;
 * decoders check wrd_has() first so they can say what was cut and where.
 */
#ifndef TCPX_CORE_WIRE_READ_H
#define TCPX_CORE_WIRE_READ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wrd {
	const uint8_t	*p;	/* first byte of the region */
	size_t		 len;	/* bytes of it that were captured */
};

/* Make a reader over len bytes at p. */
static inline struct wrd
wrd_make(const uint8_t *p, size_t len)
{
	struct wrd	r;

	r.p = p;
	r.len = p != NULL ? len : 0;
	return (r);
}

/* Whether n bytes at off lie inside r. */
static inline int
wrd_has(const struct wrd *r, size_t off, size_t n)
{
	return (off <= r->len && n <= r->len - off);
}

/* The byte at off, or 0 past the end. */
static inline uint8_t
wrd_u8(const struct wrd *r, size_t off)
{
	return (wrd_has(r, off, 1) ? r->p[off] : 0);
}

/* The big-endian 16-bit word at off, or 0 past the end. */
static inline uint16_t
wrd_be16(const struct wrd *r, size_t off)
{
	if (!wrd_has(r, off, 2))
		return (0);
	return ((uint16_t)(r->p[off] << 8 | r->p[off + 1]));
}

/* The big-endian 32-bit word at off, or 0 past the end. */
static inline uint32_t
wrd_be32(const struct wrd *r, size_t off)
{
	if (!wrd_has(r, off, 4))
		return (0);
	return ((uint32_t)r->p[off] << 24 | (uint32_t)r->p[off + 1] << 16 |
	    (uint32_t)r->p[off + 2] << 8 | (uint32_t)r->p[off + 3]);
}

/* Copy n bytes at off into dst; returns 0, or -1 (dst zeroed) past the end. */
static inline int
wrd_copy(const struct wrd *r, size_t off, void *dst, size_t n)
{
	if (!wrd_has(r, off, n)) {
		memset(dst, 0, n);
		return (-1);
	}
	if (n != 0)
		memcpy(dst, r->p + off, n);
	return (0);
}

/* A pointer to n bytes at off, or NULL when they are not all inside r. */
static inline const uint8_t *
wrd_ptr(const struct wrd *r, size_t off, size_t n)
{
	if (!wrd_has(r, off, n) || r->p == NULL)
		return (NULL);
	return (r->p + off);
}

/* The sub-region from off for at most n bytes, clamped to what r holds. */
static inline struct wrd
wrd_sub(const struct wrd *r, size_t off, size_t n)
{
	struct wrd	s;

	if (off > r->len || r->p == NULL) {
		s.p = NULL;
		s.len = 0;
		return (s);
	}
	s.p = r->p + off;
	s.len = r->len - off < n ? r->len - off : n;
	return (s);
}

#endif
