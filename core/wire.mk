# core/wire.mk - the wire codec: bytes <-> struct pkt (pure, bounds-checked).
libtcpx_a_SOURCES += \
	core/wire.h core/wire-int.h core/wire-read.h \
	core/cksum.c \
	core/tcpopt.c \
	core/wire-build.c \
	core/wire-decode.c \
	core/wire-icmp.c \
	core/wire-ip.c \
	core/wire-l4.c
