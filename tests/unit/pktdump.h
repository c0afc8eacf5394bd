/*
 * tests/unit/pktdump.h - print a parsed packetdrill script (core/pkt.h)
 * one statement a line, in a fixed form the tests compare with, written
 * independently of the parser: times in microseconds ("@T" absolute,
 * "+T" relative, "*" any, "-" none, "~END" a range), then the statement.
 */
#ifndef TCPX_TESTS_PKTDUMP_H
#define TCPX_TESTS_PKTDUMP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt.h"

/* Text appended to a fixed buffer, cut when full. */
struct dumpbuf {
	char	*p;
	size_t	 len, n;
};

static void	dump_add(struct dumpbuf *b, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Append formatted text. */
static void
dump_add(struct dumpbuf *b, const char *fmt, ...)
{
	va_list	ap;
	int	k;

	if (b->n >= b->len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(b->p + b->n, b->len - b->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->n += (size_t)k < b->len - b->n ? (size_t)k : b->len - b->n - 1;
}

/* Append one argument tree. */
static void
dump_expr(struct dumpbuf *b, const struct pkt_expr *e)
{
	size_t	i;

	if (e->key != NULL) {
		dump_expr(b, e->key);
		dump_add(b, "=");
	}
	switch (e->kind) {
	case PKT_EX_INT:
		dump_add(b, "%" PRId64, e->ival);
		break;
	case PKT_EX_NAME:
		dump_add(b, "%s", e->text);
		break;
	case PKT_EX_STRING:
		dump_add(b, "\"");
		for (i = 0; i < e->len; i++) {
			unsigned char ch = (unsigned char)e->text[i];
			if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
				dump_add(b, "\\x%02x", ch);
			else
				dump_add(b, "%c", ch);
		}
		dump_add(b, "\"%s", e->more ? "..." : "");
		break;
	case PKT_EX_ELLIPSIS:
		dump_add(b, "...");
		break;
	case PKT_EX_OR:
		for (i = 0; i < e->nkids; i++) {
			dump_add(b, "%s", i ? "|" : "");
			dump_expr(b, &e->kids[i]);
		}
		break;
	case PKT_EX_ARRAY:
	case PKT_EX_STRUCT:
	case PKT_EX_CALL:
		if (e->kind == PKT_EX_CALL)
			dump_add(b, "%s", e->text);
		dump_add(b, "%c", e->kind == PKT_EX_ARRAY ? '[' :
		    e->kind == PKT_EX_STRUCT ? '{' : '(');
		for (i = 0; i < e->nkids; i++) {
			dump_add(b, "%s", i ? ", " : "");
			dump_expr(b, &e->kids[i]);
		}
		dump_add(b, "%c", e->kind == PKT_EX_ARRAY ? ']' :
		    e->kind == PKT_EX_STRUCT ? '}' : ')');
		break;
	}
}

/* Append a code block operand. */
static void
dump_operand(struct dumpbuf *b, const struct pkt_operand *o)
{
	if (o->masked)
		dump_add(b, "(");
	if (o->t.is_int)
		dump_add(b, "%" PRId64, o->t.ival);
	else
		dump_add(b, "%s", o->t.name);
	if (o->masked) {
		if (o->mask.is_int)
			dump_add(b, " & %" PRId64 ")", o->mask.ival);
		else
			dump_add(b, " & %s)", o->mask.name);
	}
}

/* Append a time. */
static void
dump_time(struct dumpbuf *b, const struct pkt_time *t)
{
	switch (t->kind) {
	case PKT_TIME_NONE:
		dump_add(b, "-");
		return;
	case PKT_TIME_ANY:
		dump_add(b, "*");
		return;
	case PKT_TIME_ABS:
		dump_add(b, "@%" PRId64, t->usecs);
		break;
	case PKT_TIME_REL:
		dump_add(b, "+%" PRId64, t->usecs);
		break;
	}
	if (t->has_end)
		dump_add(b, "~%s%" PRId64, t->kind == PKT_TIME_REL ? "+" : "@",
		    t->end_usecs);
}

/* Append one statement (no newline). */
static void
dump_stmt(struct dumpbuf *b, const struct pkt_stmt *st)
{
	const struct pkt_syscall	*sc;
	const struct pkt_icmp		*ic;
	const struct pkt_cstmt		*cs;
	size_t				 i;
	int				 k;
	static const char *const	 ck[] = { "assert", "set", "add", "sub",
	    "print" };

	dump_add(b, "%d ", st->line);
	dump_time(b, &st->time);
	dump_add(b, " %s ", pkt_kind_name(st->kind));
	switch (st->kind) {
	case PKT_PACKET:
		dump_add(b, "%c ", st->u.packet.dir);
		if (st->u.packet.kind == PKT_PACKET_TCP) {
			dump_add(b, "tcp %s", st->u.packet.text);
			break;
		}
		ic = st->u.packet.icmp;
		dump_add(b, "icmp type=%s", ic->type);
		if (ic->code != NULL)
			dump_add(b, " code=%s", ic->code);
		if (ic->has_mtu)
			dump_add(b, " mtu=%u", ic->mtu);
		if (ic->has_seq)
			dump_add(b, " seq=%u:%u(%u)", ic->seq, ic->end,
			    ic->seqlen);
		break;
	case PKT_SYSCALL:
		sc = st->u.syscall;
		if (sc->has_end)
			dump_add(b, "...%" PRId64 " ", sc->end_usecs);
		dump_add(b, "%s(", sc->name);
		for (i = 0; i < sc->nargs; i++) {
			dump_add(b, "%s", i ? ", " : "");
			dump_expr(b, &sc->args[i]);
		}
		dump_add(b, ") = %" PRId64, sc->ret);
		if (sc->errno_name != NULL)
			dump_add(b, " %s", sc->errno_name);
		if (sc->note != NULL)
			dump_add(b, " (%s)", sc->note);
		break;
	case PKT_SHELL:
		dump_add(b, "`%s`", st->u.shell);
		break;
	case PKT_CODE:
		if (!st->u.code->supported) {
			dump_add(b, "unsupported: %s", st->u.code->why);
			break;
		}
		for (i = 0; i < st->u.code->nstmts; i++) {
			cs = &st->u.code->stmts[i];
			dump_add(b, "%s%s ", i ? "; " : "", ck[cs->kind]);
			if (cs->var != NULL)
				dump_add(b, "%s ", cs->var);
			dump_operand(b, &cs->a[0]);
			for (k = 0; k < cs->nops; k++) {
				dump_add(b, " %s ", pkt_cmp_name(cs->op[k]));
				dump_operand(b, &cs->a[k + 1]);
			}
			if (cs->msg != NULL)
				dump_add(b, " | %s", cs->msg);
		}
		break;
	}
}

/* Dump a whole script: options, then statements, "\n" after each. */
static void
dump_script(const struct pkt_script *s, char *out, size_t len)
{
	struct dumpbuf	b = { out, len, 0 };
	size_t		i;

	out[0] = '\0';
	for (i = 0; i < s->nopts; i++)
		dump_add(&b, "%d option %s%s%s\n", s->opts[i].line,
		    s->opts[i].name, s->opts[i].value ? "=" : "",
		    s->opts[i].value ? s->opts[i].value : "");
	for (i = 0; i < s->nstmts; i++) {
		dump_stmt(&b, &s->stmts[i]);
		dump_add(&b, "\n");
	}
}

#endif
