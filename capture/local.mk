# capture/local.mk - libpcap capture and our own ARP/ND answering.
libtcpx_a_SOURCES += \
	capture/cap.h capture/cap.c \
	capture/capring.h capture/capring.c
libtcpx_a_SOURCES += capture/neigh.h capture/neigh.c
libtcpx_a_SOURCES += capture/pcapw.h capture/pcapw.c
libtcpx_a_SOURCES += capture/pcapng.h capture/pcapng.c
