# cli/print.mk - packet printers (tcpdump lines, JSON) and tcpx -r.
tcpx_SOURCES += \
	cli/print.h cli/print-int.h \
	cli/print.c cli/print-buf.c cli/print-tcp.c cli/print-tcpopt.c \
	cli/print-icmp.c cli/print-json.c \
	cli/readfile.c
