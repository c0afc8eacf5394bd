/*
 * core/avl.c - an intrusive AVL tree: after every link or unlink the path
 * to the root is retraced, each node's height recomputed and any node
 * whose subtrees differ in height by two rotated back into balance, so the
 * height stays under 1.44 log2(n + 2).
 */
#include <stdio.h>

#include "core/avl.h"

static int	avl_height(const struct avl_node *);
static void	avl_fix(struct avl_node *);
static void	avl_replace(struct avl *, struct avl_node *, struct avl_node *,
		    struct avl_node *);
static struct avl_node *avl_rotate(struct avl *, struct avl_node *, int);
static struct avl_node *avl_rebalance(struct avl *, struct avl_node *);
static void	avl_retrace(struct avl *, struct avl_node *);
static struct avl_node *avl_edge(struct avl_node *, int);
static struct avl_node *avl_step(const struct avl_node *, int);
static int	avl_check_node(const struct avl_node *,
		    const struct avl_node *, size_t *, char *, size_t);

/* The height of the subtree at n (0: empty). */
static int
avl_height(const struct avl_node *n)
{
	return (n != NULL ? n->h : 0);
}

/* Recompute n's height from its children's. */
static void
avl_fix(struct avl_node *n)
{
	int	l = avl_height(n->c[0]), r = avl_height(n->c[1]);

	n->h = 1 + (l > r ? l : r);
}

/* Put new where old hangs under parent p (or at the root). */
static void
avl_replace(struct avl *t, struct avl_node *p, struct avl_node *old,
    struct avl_node *new)
{
	if (p == NULL)
		t->root = new;
	else if (p->c[0] == old)
		p->c[0] = new;
	else
		p->c[1] = new;
	if (new != NULL)
		new->p = p;
}

/* Rotate n down towards side d (its other child comes up); the new top. */
static struct avl_node *
avl_rotate(struct avl *t, struct avl_node *n, int d)
{
	struct avl_node	*c = n->c[!d];

	avl_replace(t, n->p, n, c);
	n->c[!d] = c->c[d];
	if (c->c[d] != NULL)
		c->c[d]->p = n;
	c->c[d] = n;
	n->p = c;
	avl_fix(n);
	avl_fix(c);
	return (c);
}

/* Restore the balance at n; the subtree's new top. */
static struct avl_node *
avl_rebalance(struct avl *t, struct avl_node *n)
{
	int	bf = avl_height(n->c[0]) - avl_height(n->c[1]);

	if (bf > 1) {		/* left heavy */
		if (avl_height(n->c[0]->c[0]) < avl_height(n->c[0]->c[1]))
			avl_rotate(t, n->c[0], 0);
		return (avl_rotate(t, n, 1));
	}
	if (bf < -1) {		/* right heavy */
		if (avl_height(n->c[1]->c[1]) < avl_height(n->c[1]->c[0]))
			avl_rotate(t, n->c[1], 1);
		return (avl_rotate(t, n, 0));
	}
	avl_fix(n);
	return (n);
}

/* Rebalance every node from n up to the root. */
static void
avl_retrace(struct avl *t, struct avl_node *n)
{
	while (n != NULL)
		n = avl_rebalance(t, n)->p;
}

/* The last node going down side d from n. */
static struct avl_node *
avl_edge(struct avl_node *n, int d)
{
	if (n != NULL)
		while (n->c[d] != NULL)
			n = n->c[d];
	return (n);
}

/* The in-order neighbour of n on side d (1: next, 0: previous), or NULL. */
static struct avl_node *
avl_step(const struct avl_node *n, int d)
{
	const struct avl_node	*p;

	if (n->c[d] != NULL)
		return (avl_edge(n->c[d], !d));
	for (p = n->p; p != NULL && p->c[d] == n; n = p, p = p->p)
		;
	return ((struct avl_node *)p);
}

/* Link node into t just after prev in order (prev NULL: first). */
void
avl_insert_after(struct avl *t, struct avl_node *prev, struct avl_node *node)
{
	struct avl_node	*p;
	int		 d;

	node->c[0] = node->c[1] = NULL;
	node->h = 1;
	if (prev == NULL) {
		p = avl_edge(t->root, 0);	/* left of the first */
		d = 0;
	} else if (prev->c[1] == NULL) {
		p = prev;
		d = 1;
	} else {
		p = avl_edge(prev->c[1], 0);	/* left of prev's successor */
		d = 0;
	}
	node->p = p;
	if (p == NULL)
		t->root = node;
	else
		p->c[d] = node;
	t->n++;
	avl_retrace(t, p);
}

/* Unlink node from t (the caller still owns it). */
void
avl_delete(struct avl *t, struct avl_node *node)
{
	struct avl_node	*s, *start;

	if (node->c[0] != NULL && node->c[1] != NULL) {
		/* Its successor, which has no left child, takes its place. */
		s = avl_edge(node->c[1], 0);
		if (s->p == node)
			start = s;
		else {
			start = s->p;
			avl_replace(t, s->p, s, s->c[1]);
			s->c[1] = node->c[1];
			s->c[1]->p = s;
		}
		s->c[0] = node->c[0];
		s->c[0]->p = s;
		avl_replace(t, node->p, node, s);
		s->h = node->h;
	} else {
		start = node->p;
		avl_replace(t, node->p, node,
		    node->c[0] != NULL ? node->c[0] : node->c[1]);
	}
	node->c[0] = node->c[1] = node->p = NULL;
	t->n--;
	avl_retrace(t, start);
}

/* The first (leftmost) node, or NULL. */
struct avl_node *
avl_first(const struct avl *t)
{
	return (avl_edge(t->root, 0));
}

/* The last (rightmost) node, or NULL. */
struct avl_node *
avl_last(const struct avl *t)
{
	return (avl_edge(t->root, 1));
}

/* The node after n in order, or NULL. */
struct avl_node *
avl_next(const struct avl_node *n)
{
	return (avl_step(n, 1));
}

/* The node before n in order, or NULL. */
struct avl_node *
avl_prev(const struct avl_node *n)
{
	return (avl_step(n, 0));
}

/* Check the subtree at n under parent p, counting its nodes; 0 or -1. */
static int
avl_check_node(const struct avl_node *n, const struct avl_node *p,
    size_t *count, char *err, size_t errlen)
{
	int	l, r;

	if (n == NULL)
		return (0);
	if (n->p != p) {
		snprintf(err, errlen, "avl: a node's parent link is wrong");
		return (-1);
	}
	if (avl_check_node(n->c[0], n, count, err, errlen) != 0 ||
	    avl_check_node(n->c[1], n, count, err, errlen) != 0)
		return (-1);
	l = avl_height(n->c[0]);
	r = avl_height(n->c[1]);
	if (n->h != 1 + (l > r ? l : r) || l - r > 1 || r - l > 1) {
		snprintf(err, errlen, "avl: height %d over subtrees of %d and "
		    "%d", n->h, l, r);
		return (-1);
	}
	(*count)++;
	return (0);
}

/* Check the links, heights and balance of every node: 0, or -1 with err. */
int
avl_check(const struct avl *t, char *err, size_t errlen)
{
	size_t	count = 0;

	if (avl_check_node(t->root, NULL, &count, err, errlen) != 0)
		return (-1);
	if (count != t->n) {
		snprintf(err, errlen, "avl: %zu nodes linked, %zu counted",
		    count, t->n);
		return (-1);
	}
	return (0);
}
