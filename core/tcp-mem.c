/*
 * core/tcp-mem.c - what a TCB allocates only while it needs it (issue 14:
 * 100,000 idle connections in one process): the send and receive buffers
 * are freed whenever they empty (but the stack keeps the largest one
 * that emptied last, for the next buffer that fills: one send and one
 * receive allocation for the whole stack), the out-of-order queue (RFC 9293
 * §3.10.7.4) is made with the first segment that arrives out of order,
 * the SACK scoreboard (RFC 2018, RFC 6675) exists only while it holds
 * something, and an ICMP soft error (RFC 1122 §4.2.3.9) gets its text
 * only when one comes.  An idle connection holds none of these.  The
 * settings (struct tcp_cfg) a listener's children start with are one
 * copy shared by all of them, copied for a connection only when its own
 * are changed.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tcp-int.h"
#include "core/xmalloc.h"

/* Bytes held out of order. */
size_t
tcp_ooo_held(const struct tcb *t)
{
	return (t->ooo != NULL ? reasm_held(t->ooo) : 0);
}

/* The out-of-order queue, made now if t has none, its limit up to date. */
struct reasm *
tcp_ooo(struct tcb *t)
{
	if (t->ooo == NULL)
		t->ooo = reasm_new(tcp_ooo_limit(t));
	else
		reasm_set_limit(t->ooo, tcp_ooo_limit(t));
	return (t->ooo);
}

/* Append n bytes from p to b, which takes spare's storage when it has none. */
static void
tcp_buf_append(struct stack *st, struct bytes *b, struct bytes *spare,
    const void *p, size_t n)
{
	size_t	cap;

	if (n == 0)
		return;
	if (b->d == NULL && spare->d != NULL) {
		*b = *spare;
		memset(spare, 0, sizeof *spare);
	}
	cap = b->cap;
	bytes_append(b, p, n);
	if (b->cap != cap)
		st->buf_allocs++;
}

/* b has emptied: its storage becomes the spare when larger, else is freed. */
static void
tcp_buf_emptied(struct bytes *b, struct bytes *spare)
{
	if (b->d != NULL && b->cap > spare->cap) {
		bytes_free(spare);
		*spare = *b;		/* empty: len and off are 0 */
		memset(b, 0, sizeof *b);
	} else
		bytes_free(b);
}

/* Append n bytes from p to t's receive buffer. */
void
tcp_rcvbuf_append(struct stack *st, struct tcb *t, const void *p, size_t n)
{
	tcp_buf_append(st, &t->rcvbuf, &st->spare_rcv, p, n);
}

/* Append n bytes from p to t's send buffer. */
void
tcp_sndbuf_append(struct stack *st, struct tcb *t, const void *p, size_t n)
{
	tcp_buf_append(st, &t->sndbuf, &st->spare_snd, p, n);
}

/* Drop the first n bytes of the receive buffer; release it once empty. */
void
tcp_rcvbuf_consume(struct stack *st, struct tcb *t, size_t n)
{
	bytes_consume(&t->rcvbuf, n);
	if (t->rcvbuf.len == 0)
		tcp_buf_emptied(&t->rcvbuf, &st->spare_rcv);
}

/* Drop the first n bytes of the send buffer; release it once empty. */
void
tcp_sndbuf_consume(struct stack *st, struct tcb *t, size_t n)
{
	bytes_consume(&t->sndbuf, n);
	if (t->sndbuf.len == 0)
		tcp_buf_emptied(&t->sndbuf, &st->spare_snd);
}

/* Free the stack's spare buffers. */
void
tcp_spares_free(struct stack *st)
{
	bytes_free(&st->spare_snd);
	bytes_free(&st->spare_rcv);
}

/* Send and receive buffers allocated or grown since st was made. */
unsigned long
stack_buf_allocs(const struct stack *st)
{
	return (st->buf_allocs);
}

/* The SACK scoreboard, made now if t has none. */
struct scoreboard *
tcp_sb(struct tcb *t)
{
	if (t->sb == NULL)
		t->sb = xcalloc(1, sizeof *t->sb);
	return (t->sb);
}

/* Free the scoreboard if it holds nothing. */
void
tcp_sb_trim(struct tcb *t)
{
	if (t->sb != NULL && t->sb->n == 0) {
		free(t->sb);
		t->sb = NULL;
	}
}

/* Forget everything SACKed (RFC 2018 §8: SACK information is advisory). */
void
tcp_sb_drop(struct tcb *t)
{
	free(t->sb);
	t->sb = NULL;
}

/* Keep "ICMP what from a" as t's last soft error. */
void
tcp_soft_err(struct tcb *t, const char *what, const char *a)
{
	if (t->soft_err == NULL)
		t->soft_err = xmalloc(TCP_SOFTERRLEN);
	snprintf(t->soft_err, TCP_SOFTERRLEN, "ICMP %s from %s", what, a);
}

/* Settings shared by the connections that count in refs. */
struct cfgref {
	unsigned	refs;
	struct tcp_cfg	c;
};

/* The cfgref that holds c. */
static struct cfgref *
cfg_ref(struct tcp_cfg *c)
{
	return ((struct cfgref *)(void *)((char *)c -
	    offsetof(struct cfgref, c)));
}

/*
 * Settings c for a new connection of st: the copy the last one got when
 * they are the same, else a new copy (which the stack remembers).
 */
struct tcp_cfg *
tcp_cfg_copy(struct stack *st, const struct tcp_cfg *c)
{
	struct cfgref	*r;

	if (st != NULL && st->cfg_last != NULL &&
	    memcmp(st->cfg_last, c, sizeof *c) == 0)
		return (tcp_cfg_share(st->cfg_last));
	r = xmalloc(sizeof *r);
	r->refs = 1;
	memcpy(&r->c, c, sizeof *c);
	if (st != NULL) {
		tcp_cfg_unshare(st->cfg_last);
		st->cfg_last = tcp_cfg_share(&r->c);
	}
	return (&r->c);
}

/* One user fewer of settings c (NULL is fine): freed at none. */
void
tcp_cfg_unshare(struct tcp_cfg *c)
{
	struct cfgref	*r;

	if (c != NULL && --(r = cfg_ref(c))->refs == 0)
		free(r);
}

/* One more connection uses the settings c (from tcp_cfg_copy). */
struct tcp_cfg *
tcp_cfg_share(struct tcp_cfg *c)
{
	cfg_ref(c)->refs++;
	return (c);
}

/* t's settings, copied first if others share them: t may change them. */
struct tcp_cfg *
tcp_cfg_own(struct tcb *t)
{
	struct cfgref	*r = cfg_ref(t->cfg);

	if (r->refs > 1) {
		r->refs--;
		t->cfg = tcp_cfg_copy(NULL, &r->c);
	}
	return (t->cfg);
}

/* Free all of these t has. */
void
tcp_mem_free(struct tcb *t)
{
	bytes_free(&t->sndbuf);
	bytes_free(&t->rcvbuf);
	reasm_free(t->ooo);
	t->ooo = NULL;
	free(t->sb);
	t->sb = NULL;
	free(t->soft_err);
	t->soft_err = NULL;
	tcp_cfg_unshare(t->cfg);
	t->cfg = NULL;
}
