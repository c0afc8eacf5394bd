/*
 * tests/fuzz/fuzz-pkt.c - libFuzzer target for the packetdrill script
 * parser (core/pkt.h): the input is a whole script, given with its exact
 * length (so a read past it is caught), parsed with a few defines.  A
 * failure must say where and why; a success is walked whole, and must
 * hold what the parser promises: lines in order, ranges that do not end
 * before they start, every TCP packet's notation parsing again, bounded
 * trees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt.h"
#include "tests/unit/pktdump.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	check_expr(const struct pkt_expr *e, int depth);

/* Walk an argument tree, checking its bounds. */
static void
check_expr(const struct pkt_expr *e, int depth)
{
	size_t	i;

	if (depth > PKT_MAX_DEPTH + 1 || e->nkids > PKT_MAX_LIST + 1)
		abort();
	if ((e->kind == PKT_EX_NAME || e->kind == PKT_EX_CALL) &&
	    (e->text == NULL || strlen(e->text) != e->len))
		abort();
	if (e->kind == PKT_EX_STRING && (e->text == NULL ||
	    e->len > PKT_MAX_TEXT || e->text[e->len] != '\0'))
		abort();
	if (e->key != NULL)
		check_expr(e->key, depth);
	for (i = 0; i < e->nkids; i++)
		check_expr(&e->kids[i], depth + 1);
	if (e->kind == PKT_EX_STRUCT && e->nkids > 0 && e->kids[0].key != NULL)
		(void)pkt_expr_field(e, e->kids[0].key->text);
}

/* One script through the parser. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const defs[] = { "LINUX", "COOKIE=abcd1234",
	    "FD=3", "WORD=x", "STR=\"s\"" };
	static struct pdn_spec	 spec;
	static char		 out[65536];
	const struct pkt_stmt	*st;
	struct pkt_script	*s;
	char			 err[PKT_ERRLEN];
	size_t			 i, k;
	int			 line = 0;

	s = pkt_parse((const char *)data, size, "f.pkt", defs,
	    sizeof defs / sizeof defs[0], err, sizeof err);
	if (s == NULL) {
		/* One message, naming the file. */
		if (memchr(err, '\0', sizeof err) == NULL ||
		    strncmp(err, "f.pkt", 5) != 0)
			abort();
		return (0);
	}
	if (s->nstmts > PKT_MAX_STMTS || s->nopts > PKT_MAX_OPTIONS)
		abort();
	for (i = 0; i < s->nstmts; i++) {
		st = &s->stmts[i];
		if (st->line < line || st->line < 1)
			abort();
		line = st->line;
		if (st->time.has_end && st->time.end_usecs < st->time.usecs)
			abort();
		if (st->time.usecs > PKT_MAX_USECS)
			abort();
		switch (st->kind) {
		case PKT_PACKET:
			if (st->u.packet.dir != '<' && st->u.packet.dir != '>')
				abort();
			if (st->u.packet.kind == PKT_PACKET_TCP &&
			    pkt_packet_spec(&st->u.packet, &spec, err,
			    sizeof err) != 0)
				abort();	/* it parsed once */
			break;
		case PKT_SYSCALL:
			for (k = 0; k < st->u.syscall->nargs; k++)
				check_expr(&st->u.syscall->args[k], 1);
			break;
		case PKT_SHELL:
			if (strlen(st->u.shell) > PKT_MAX_TEXT)
				abort();
			break;
		case PKT_CODE:
			if (st->u.code->supported == (st->u.code->why != NULL))
				abort();
			break;
		}
	}
	dump_script(s, out, sizeof out);
	pkt_free(s);
	return (0);
}
