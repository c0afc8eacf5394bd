# cli/ui/local.mk - the front end and the program: options, the prompt, the
# batch, completion and the curses view; tcpx links every cli/ library.
noinst_LIBRARIES += cli/ui/libui.a
cli_ui_libui_a_SOURCES = \
	cli/tcpx.h cli/ui/ui.h \
	cli/ui/front.c cli/ui/prompt.c cli/ui/batch.c \
	cli/ui/complete.h cli/ui/complete.c cli/ui/history.c \
	cli/ui/live.c cli/ui/view.h cli/ui/view.c \
	cli/ui/view-rl.h cli/ui/view-rl.c cli/ui/readfile-dg.c \
	cli/ui/pktrun.h cli/ui/pktrun.c cli/ui/pktrun-junit.c
LIBUI = cli/ui/libui.a

# Calls go one way: ui -> cmd -> obs -> run -> diagram, print -> core/...
LIBCLI = $(LIBUI) $(LIBCMD) $(LIBOBS) $(LIBRUN) $(LIBDIAGRAM) $(LIBPRINT)

bin_PROGRAMS += tcpx
tcpx_SOURCES = cli/ui/main.c
tcpx_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
