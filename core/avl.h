/*
 * core/avl.h - an intrusive AVL tree (Adelson-Velsky and Landis): height
 * balanced, so every operation is O(log n) in the worst case, whatever
 * order an attacker chooses.  The tree knows no keys: the caller descends
 * from avl_root() itself, then links a node at the place it found
 * (avl_insert_after) and unlinks one (avl_delete); the tree keeps the
 * in-order sequence and rebalances.  Pure: no allocation.
 */
#ifndef TCPX_CORE_AVL_H
#define TCPX_CORE_AVL_H

#include <stddef.h>

/* Embedded in the caller's structure; zeroed is unlinked. */
struct avl_node {
	struct avl_node	*c[2];		/* children: [0] left, [1] right */
	struct avl_node	*p;		/* parent, NULL at the root */
	int		 h;		/* height of this subtree, a leaf 1 */
};

/* A tree; zeroed is empty. */
struct avl {
	struct avl_node	*root;
	size_t		 n;
};

/* The root, NULL when empty (to descend from). */
static inline struct avl_node *
avl_root(const struct avl *t)
{
	return (t->root);
}

/* Link node into t just after prev in order (prev NULL: first). */
void	avl_insert_after(struct avl *t, struct avl_node *prev,
	    struct avl_node *node);

/* Unlink node from t (the caller still owns it). */
void	avl_delete(struct avl *t, struct avl_node *node);

/* The first (leftmost) node, or NULL. */
struct avl_node *avl_first(const struct avl *t);

/* The last (rightmost) node, or NULL. */
struct avl_node *avl_last(const struct avl *t);

/* The node after n in order, or NULL. */
struct avl_node *avl_next(const struct avl_node *n);

/* The node before n in order, or NULL. */
struct avl_node *avl_prev(const struct avl_node *n);

/*
 * Check the links, heights and balance of every node: 0, or -1 with what
 * is wrong in err.  For tests.
 */
int	avl_check(const struct avl *t, char *err, size_t errlen);

#endif
