/*
 * core/pkt-arena.c - the arena a parsed packetdrill script lives in (see
 * core/pkt.h): memory handed out in chunks and freed all at once.
 */
#include <stdlib.h>
#include <string.h>

#include "core/pkt-int.h"
#include "core/xmalloc.h"

#define ARENA_CHUNK	65536	/* bytes in an ordinary chunk */
#define ARENA_ALIGN	8	/* enough for the script's structs (no
				   long double in them) */

/* A block of arena memory. */
struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	max_align_t	 data[];	/* the chunk's start is aligned */
};

struct pkt_arena {
	struct chunk	*head;
};

static void	*arena_get(struct pkt_arena *a, size_t n, size_t align);

/* A new, empty arena. */
struct pkt_arena *
pkt_arena_new(void)
{
	return (xcalloc(1, sizeof (struct pkt_arena)));
}

/* n bytes aligned to align (a power of 2), zeroed, in the arena. */
static void *
arena_get(struct pkt_arena *a, size_t n, size_t align)
{
	struct chunk	*ch = a->head, *big;
	size_t		 at;

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
	at = ch != NULL ? (ch->used + align - 1) & ~(align - 1) : 0;
	if (ch == NULL || at + n > ch->size) {
		ch = xcalloc(1, sizeof *ch + ARENA_CHUNK);
		ch->size = ARENA_CHUNK;
		ch->next = a->head;
		a->head = ch;
		at = 0;
	}
	ch->used = at + n;
	return ((char *)ch->data + at);
}

/* n bytes of zeroed memory, aligned for any of the script's structs. */
void *
pkt_alloc(struct pkt_arena *a, size_t n)
{
	return (arena_get(a, n, ARENA_ALIGN));
}

/* A NUL-terminated copy of n bytes at p, in the arena. */
char *
pkt_strndup(struct pkt_arena *a, const char *p, size_t n)
{
	char	*s = arena_get(a, n + 1, 1);

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
