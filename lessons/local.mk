# lessons/local.mk - the lessons: scripts that answer one question each,
# installed where `lesson` finds them (tcpx-lessons(7)).
lessonsdir = $(pkgdatadir)/lessons
dist_lessons_DATA = lessons/teardown.tcpx lessons/time-wait.tcpx \
	lessons/mss-mtu.tcpx lessons/isn.tcpx lessons/handshake.tcpx \
	lessons/keepalive.tcpx lessons/linger-rst.tcpx \
	lessons/retransmission.tcpx lessons/why-three.tcpx \
	lessons/four-tuple.tcpx lessons/syn-flood.tcpx lessons/header.tcpx \
	lessons/udp-vs-tcp.tcpx lessons/length-fields.tcpx \
	lessons/time-wait-many.tcpx lessons/tw-reuse.tcpx \
	lessons/max-connections.tcpx
