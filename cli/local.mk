# cli/local.mk - the tcpx program: REPL, commands, batch mode, the event loop.
bin_PROGRAMS += tcpx
tcpx_SOURCES += \
	cli/tcpx.h cli/main.c \
	cli/session.h cli/session.c \
	cli/net.c cli/events.c cli/hold.h cli/hold.c cli/loop.c cli/out.c cli/repl.c \
	cli/cmd.h cli/cmd.c \
	cli/cmd-conn.c cli/cmd-listen.c cli/cmd-tcb.c cli/cmd-set.c cli/cmd-udp.c cli/cmd-file.c cli/cmd-step.c cli/cmd-craft.c cli/cmd-script.c cli/cmd-flood.c \
	cli/cmd-wait.c cli/cmd-lab.c cli/cmd-capture.c cli/cmd-help.c \
	cli/cmd-diagram.c
tcpx_LDADD = $(LIBDIAGRAM) $(LIBPRINT) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
tcpx_SOURCES += cli/complete.h cli/complete.c cli/colour.h cli/colour.c
tcpx_SOURCES += cli/readfile-dg.c cli/view.h cli/view.c cli/view-rl.h cli/view-rl.c
