# cli/print/local.mk - packet printers (tcpdump lines, JSON, every field
# of a packet) and tcpx -r:
# a library on core/ alone, linked by the program, its tests and fuzzers.
noinst_LIBRARIES += cli/print/libprint.a
cli_print_libprint_a_SOURCES = \
	cli/print/print.h cli/print/print-int.h cli/print/print-read.h \
	cli/print/print.c cli/print/print-buf.c cli/print/print-pkt.c \
	cli/print/print-tcp.c cli/print/print-tcpopt.c cli/print/print-icmp.c \
	cli/print/print-json.c cli/print/print-detail.c \
	cli/print/print-detail-tcp.c cli/print/print-field.c \
	cli/print/readfile.h cli/print/readfile.c
LIBPRINT = cli/print/libprint.a
