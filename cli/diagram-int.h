/*
 * cli/diagram-int.h - what the diagram model (cli/diagram.c) and its
 * layout (cli/diagram-layout.c) share: the model's insides.
 */
#ifndef TCPX_CLI_DIAGRAM_INT_H
#define TCPX_CLI_DIAGRAM_INT_H

#include "cli/diagram.h"
#include "core/tracker.h"

/* One conversation as recorded. */
struct dg_conv {
	unsigned	 id;
	struct endpoint	 ep[2];		/* TRK_INIT, TRK_RESP */
	int		 local;		/* the end that is us, or -1 */
	int		 midstream;
	int		 base_known[2];
	uint32_t	 base[2];	/* each end's ISN, for relative numbers */
	struct dg_item	*item;
	size_t		 nitem;
	size_t		 capitem;
};

struct dg {
	struct tracker	*tr;
	struct dg_conv	**conv;		/* by id - 1; NULL: not TCP-tracked */
	unsigned	 nconv;
	char		*str;		/* strings items refer to, by offset */
	size_t		 nstr;
	size_t		 capstr;
	uint64_t	 npkt;
};

#endif
