# cli/local.mk - the tcpx program: REPL, commands, batch mode, views.
bin_PROGRAMS += tcpx
tcpx_SOURCES += \
	cli/tcpx.h cli/main.c
tcpx_LDADD = $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
