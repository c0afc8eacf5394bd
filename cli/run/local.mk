# cli/run/local.mk - the session runtime: set-up, the one loop, the data
# path with its gate (step mode, faults) and ARP queue, the event stream.
# No readline, curses or commands.
noinst_LIBRARIES += cli/run/librun.a
cli_run_librun_a_SOURCES = \
	cli/run/session.h cli/run/session.c cli/run/ident.c \
	cli/run/loop.h cli/run/loop.c \
	cli/run/path.h cli/run/path.c \
	cli/run/gate.h cli/run/gate.c \
	cli/run/arpq.h cli/run/arpq.c \
	cli/run/bus.h cli/run/bus.c \
	cli/run/clock.h cli/run/clock.c \
	cli/run/pktk.h cli/run/pktk-int.h cli/run/pktk.c cli/run/pktk-sys.c
LIBRUN = cli/run/librun.a
