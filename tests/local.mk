# tests/local.mk - engine unit tests and the end-to-end tests against the lab.
check_PROGRAMS += tests/unit/test-tcp
TESTS += tests/unit/test-tcp
tests_unit_test_tcp_LDADD = $(LIBTCPX)
# The settings: limits, units, no wrapping (core/knobs.c).
check_PROGRAMS += tests/unit/test-knobs
TESTS += tests/unit/test-knobs
tests_unit_test_knobs_LDADD = $(LIBTCPX)

EXTRA_DIST += tests/tap.h tests/lib.sh tests/net/until.sh

TESTS += tests/net/lab-conversation.sh
EXTRA_DIST += tests/net/lab-conversation.sh
TESTS += tests/net/lab-errors.sh
EXTRA_DIST += tests/net/lab-errors.sh
# A fresh lab answers the first IPv6 neighbour solicitation (lab/lab.c).
TESTS += tests/net/lab-ipv6-ready.sh
EXTRA_DIST += tests/net/lab-ipv6-ready.sh
TESTS += tests/net/repl.sh
EXTRA_DIST += tests/net/repl.sh
TESTS += tests/net/iface.sh
EXTRA_DIST += tests/net/iface.sh
TESTS += tests/net/lab-engine.sh tests/docs.sh
EXTRA_DIST += tests/net/lab-engine.sh tests/docs.sh
TESTS += tests/net/lab-step.sh
EXTRA_DIST += tests/net/lab-step.sh
# expect on a listener: relative to the connection the SYN opened.
TESTS += tests/net/expect-listen.sh
EXTRA_DIST += tests/net/expect-listen.sh
TESTS += tests/net/lab-seqnum.sh
EXTRA_DIST += tests/net/lab-seqnum.sh
TESTS += tests/net/step-order.sh
EXTRA_DIST += tests/net/step-order.sh
TESTS += tests/net/examples.sh
EXTRA_DIST += tests/net/examples.sh examples/step-handshake.tcpx \
	examples/history-syn-client.tcpx examples/history-syn-server.tcpx \
	examples/abort-linger.tcpx examples/half-close.tcpx \
	examples/simultaneous-open.tcpx examples/keepalive.tcpx \
	examples/retransmit-loss.tcpx examples/udp-fragments.tcpx \
	examples/pmtu.tcpx
TESTS += tests/net/flood.sh
EXTRA_DIST += tests/net/flood.sh
# flood at full speed: sender threads with transmit rings, exact counts
# and checksums at the peer, Ctrl-C (issue 14).
TESTS += tests/net/flood-ring.sh
EXTRA_DIST += tests/net/flood-ring.sh
check_PROGRAMS += tests/unit/test-complete
TESTS += tests/unit/test-complete
tests_unit_test_complete_SOURCES = tests/unit/test-complete.c
tests_unit_test_complete_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
TESTS += tests/net/repl-ux.sh tests/net/parser.sh
EXTRA_DIST += tests/net/repl-ux.sh tests/net/parser.sh
TESTS += tests/net/repl-input.sh
EXTRA_DIST += tests/net/repl-input.sh
TESTS += tests/net/arp-giveup.sh
EXTRA_DIST += tests/net/arp-giveup.sh
TESTS += tests/configure.sh
EXTRA_DIST += tests/configure.sh
TESTS += tests/net/lab-commands.sh
EXTRA_DIST += tests/net/lab-commands.sh
# The runtime's pure parts: the gate (step mode, faults) and the ARP queue.
check_PROGRAMS += tests/unit/test-gate tests/unit/test-arpq
TESTS += tests/unit/test-gate tests/unit/test-arpq
tests_unit_test_gate_LDADD = $(LIBRUN) $(LIBTCPX)
tests_unit_test_arpq_LDADD = $(LIBRUN) $(LIBTCPX)
# The bound on lines a flood can make us print.
check_PROGRAMS += tests/unit/test-hush
TESTS += tests/unit/test-hush
tests_unit_test_hush_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
TESTS += tests/net/flood-lines.sh
EXTRA_DIST += tests/net/flood-lines.sh
TESTS += tests/net/pipe-input.sh
EXTRA_DIST += tests/net/pipe-input.sh
TESTS += tests/net/lab-exec.sh
EXTRA_DIST += tests/net/lab-exec.sh
TESTS += tests/net/ip-frag.sh tests/net/icmp-engine.sh
EXTRA_DIST += tests/net/ip-frag.sh tests/net/icmp-engine.sh
TESTS += tests/net/repl-keys.sh
EXTRA_DIST += tests/net/repl-keys.sh
TESTS += tests/net/lessons.sh
EXTRA_DIST += tests/net/lessons.sh
TESTS += tests/net/lessons-headers.sh
EXTRA_DIST += tests/net/lessons-headers.sh
TESTS += tests/net/fault-hold.sh
EXTRA_DIST += tests/net/fault-hold.sh
check_PROGRAMS += tests/unit/test-counters
TESTS += tests/unit/test-counters
tests_unit_test_counters_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
check_PROGRAMS += tests/unit/test-frames
TESTS += tests/unit/test-frames
tests_unit_test_frames_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
check_PROGRAMS += tests/unit/test-bus
TESTS += tests/unit/test-bus
tests_unit_test_bus_LDADD = $(LIBOBS) $(LIBRUN) $(LIBPRINT) $(LIBTCPX)
check_PROGRAMS += tests/unit/test-expect
TESTS += tests/unit/test-expect
tests_unit_test_expect_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
check_PROGRAMS += tests/unit/test-recfifo
TESTS += tests/unit/test-recfifo
tests_unit_test_recfifo_LDADD = $(LIBOBS) $(LIBTCPX)
check_PROGRAMS += tests/unit/test-bigmem
TESTS += tests/unit/test-bigmem
tests_unit_test_bigmem_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-capring
TESTS += tests/unit/test-capring
tests_unit_test_capring_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-loop-idle
TESTS += tests/unit/test-loop-idle
tests_unit_test_loop_idle_LDADD = $(LIBRUN) $(LIBTCPX)
TESTS += tests/net/bounds.sh
EXTRA_DIST += tests/net/bounds.sh
TESTS += tests/net/frames-warm.sh
EXTRA_DIST += tests/net/frames-warm.sh
TESTS += tests/net/lab-sweep.sh
EXTRA_DIST += tests/net/lab-sweep.sh
check_PROGRAMS += tests/unit/test-lab
TESTS += tests/unit/test-lab
tests_unit_test_lab_LDADD = $(LIBTCPX)
# Privileges: the lab as nobody (a user namespace), -i with file
# capabilities, what is kept after start-up, -Z (lab/priv.c).
check_PROGRAMS += tests/unit/test-priv
TESTS += tests/unit/test-priv
tests_unit_test_priv_LDADD = $(LIBTCPX)
TESTS += tests/net/priv.sh
EXTRA_DIST += tests/net/priv.sh
# Calls go one way between cli/'s files (no circle, checked with nm).
TESTS += tests/callgraph.sh
EXTRA_DIST += tests/callgraph.sh tests/callgraph.py
TESTS += tests/net/tw-reopen.sh
EXTRA_DIST += tests/net/tw-reopen.sh
# The README's session transcript is a real run (normalised to compare);
# `make readme-transcript` (root) rewrites it from a fresh run.
TESTS += tests/net/readme.sh
EXTRA_DIST += tests/net/readme.sh
readme-transcript: tcpx
	top_srcdir='$(abs_top_srcdir)' TCPX='$(abs_top_builddir)/tcpx' \
	    $(SHELL) $(top_srcdir)/tests/net/readme.sh --update
.PHONY: readme-transcript
# `history`: a connection's states, when and why (cli/obs/conns.c).
check_PROGRAMS += tests/unit/test-history
TESTS += tests/unit/test-history tests/net/history.sh
tests_unit_test_history_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
EXTRA_DIST += tests/net/history.sh
# Columns and line breaks of UTF-8 text (core/utf8.c).
check_PROGRAMS += tests/unit/test-utf8
TESTS += tests/unit/test-utf8
tests_unit_test_utf8_LDADD = $(LIBTCPX)
# The Chinese catalogue: complete, current, numbers kept (no root).
TESTS += tests/po.sh
EXTRA_DIST += tests/po.sh
# A lesson in Chinese: translated, wrapped by columns, report aligned.
TESTS += tests/net/lessons-zh.sh
EXTRA_DIST += tests/net/lessons-zh.sh
# Lesson syn-flood: its report's numbers, the kernel's and ours
# (needs hping3); connect nowait, a listener's queues in stat and measure.
TESTS += tests/net/lessons-synflood.sh
EXTRA_DIST += tests/net/lessons-synflood.sh
# The lessons time-wait-many, tw-reuse and max-connections, and what they
# are made of (listen autoclose, set lines, measure self rss).
TESTS += tests/net/lessons-tw.sh
EXTRA_DIST += tests/net/lessons-tw.sh
# Hostile input (issue 13): bulk sends stream; command lines, scripts and
# the prompt refuse what they cannot take, in one line.
TESTS += tests/net/send-stream.sh
EXTRA_DIST += tests/net/send-stream.sh
TESTS += tests/net/send-ahead.sh
EXTRA_DIST += tests/net/send-ahead.sh
TESTS += tests/net/lab-ingress.sh
EXTRA_DIST += tests/net/lab-ingress.sh
# The transmit thread: order, refusals, one CPU, a live bulk receive.
TESTS += tests/net/inject-tx.sh
EXTRA_DIST += tests/net/inject-tx.sh
TESTS += tests/net/prompt-long.sh
EXTRA_DIST += tests/net/prompt-long.sh
# The offline session fuzz-cmd runs its inputs in (no root, no network).
check_PROGRAMS += tests/unit/test-offline
TESTS += tests/unit/test-offline
tests_unit_test_offline_SOURCES = tests/unit/test-offline.c
tests_unit_test_offline_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
# Finished connections are freed; conns all keeps a bounded history (issue 13 §3).
TESTS += tests/net/conns-bound.sh
EXTRA_DIST += tests/net/conns-bound.sh
# RSS and fds flat under 40 s of churn and a SYN flood (issue 13 §3).
TESTS += tests/net/soak-short.sh
EXTRA_DIST += tests/net/soak-short.sh bench/soak.sh
# The offline session's input (path_feed) and clock (clock_skip): fuzz-session's road.
check_PROGRAMS += tests/unit/test-feed
TESTS += tests/unit/test-feed
tests_unit_test_feed_SOURCES = tests/unit/test-feed.c
tests_unit_test_feed_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
# What a connection keeps of what it received: a ring of recv_keep bytes,
# and save ... next streaming all of it to a file (issue 14).
check_PROGRAMS += tests/unit/test-rxring
TESTS += tests/unit/test-rxring
tests_unit_test_rxring_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
TESTS += tests/net/bulk-recv.sh
EXTRA_DIST += tests/net/bulk-recv.sh
# The diagram records a bulk receive in linear time (issue 14).
check_PROGRAMS += tests/unit/test-dg-bulk
TESTS += tests/unit/test-dg-bulk
tests_unit_test_dg_bulk_LDADD = $(LIBDIAGRAM) $(LIBTCPX)
# The send and receive buffers (core/bytes.c): consuming is O(1), counted.
check_PROGRAMS += tests/unit/test-bytes
TESTS += tests/unit/test-bytes
tests_unit_test_bytes_LDADD = $(LIBTCPX)
# Bulk send (issue 14): 100 MB from the engine, counted and hashed by a
# kernel receiver in the lab (tests/net/bulk-recv.py, bench/bulk.sh too).
TESTS += tests/net/bulk-send.sh
EXTRA_DIST += tests/net/bulk-send.sh tests/net/bulk-recv.py
