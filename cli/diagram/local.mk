# cli/diagram/local.mk - the sequence diagram: a model of each
# conversation's segments and states, and a pure layout into rows.
noinst_LIBRARIES += cli/diagram/libdiagram.a
cli_diagram_libdiagram_a_SOURCES = \
	cli/diagram/diagram.h cli/diagram/diagram-int.h \
	cli/diagram/diagram-store.c cli/diagram/diagram-engine.c \
	cli/diagram/diagram-hold.c cli/diagram/diagram.c \
	cli/diagram/diagram-lay.h cli/diagram/diagram-layout.c \
	cli/diagram/diagram-ladder.c \
	cli/diagram/diagram-file.c \
	cli/diagram/diagram-pkt.h cli/diagram/diagram-pkt.c
LIBDIAGRAM = cli/diagram/libdiagram.a
