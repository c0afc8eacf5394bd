/*
 * core/pkt-arena.c - the arena a parsed packetdrill script lives in (see
 * core/pkt.h): memory handed out in chunks and freed all at once.
 */
#include <stdlib.h>
#include <string.h>

#include "core/pkt-int.h"
#include "core/xmalloc.h"

#define ARENA_CHUNK	65536	/* bytes in an ordinary chunk */

/* A block of arena memory. */
struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	max_align_t	 data[];
};

struct pkt_arena {
	struct chunk	*head;
};

/* A new, empty arena. */
struct pkt_arena *
pkt_arena_new(void)
{
	return (xcalloc(1, sizeof (struct pkt_arena)));
}

/* n bytes of zeroed memory that live as long as the arena. */
void *
pkt_alloc(struct pkt_arena *a, size_t n)
{
	struct chunk	*ch = a->head, *big;
	size_t		 al = sizeof (max_align_t), size;
	void		*p;

	n = (n + al - 1) / al * al;
	if (n > ARENA_CHUNK / 4) {
		/* Large: a chunk of its own, behind the current one. */
		big = xcalloc(1, sizeof *big + n);
		big->size = big->used = n;
		if (ch == NULL)
			a->head = big;
		else {
			big->next = ch->next;
			ch->next = big;
		}
		return (big->data);
	}
	if (ch == NULL || ch->size - ch->used < n) {
		size = ARENA_CHUNK;
		ch = xcalloc(1, sizeof *ch + size);
		ch->size = size;
		ch->next = a->head;
		a->head = ch;
	}
	p = (char *)ch->data + ch->used;
	ch->used += n;
	return (p);
}

/* A NUL-terminated copy of n bytes at p, in the arena. */
char *
pkt_strndup(struct pkt_arena *a, const char *p, size_t n)
{
	char	*s = pkt_alloc(a, n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return (s);
}

/* Free an arena and everything in it. */
void
pkt_arena_free(struct pkt_arena *a)
{
	struct chunk	*ch, *next;

	if (a == NULL)
		return;
	for (ch = a->head; ch != NULL; ch = next) {
		next = ch->next;
		free(ch);
	}
	free(a);
}
