# tests/fuzz/fuzz.mk - libFuzzer targets (DESIGN.md §6 tier 4), built only
# with CC=clang --enable-fuzzing; `make fuzz` runs each over its corpus.
FUZZ_TARGETS = \
	tests/fuzz/fuzz-decode \
	tests/fuzz/fuzz-pcap \
	tests/fuzz/fuzz-pdn \
	tests/fuzz/fuzz-cmd \
	tests/fuzz/fuzz-engine \
	tests/fuzz/fuzz-tracker \
	tests/fuzz/fuzz-defrag \
	tests/fuzz/fuzz-pkt \
	tests/fuzz/fuzz-session \
	tests/fuzz/fuzz-script
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus \
	tests/fuzz/mkcorpus.py tests/fuzz/campaign.sh tests/fuzz/regress \
	tests/fuzz/fuzzrd.h tests/fuzz/maxlen.sh

if FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)

tests_fuzz_fuzz_decode_SOURCES = tests/fuzz/fuzz-decode.c
tests_fuzz_fuzz_decode_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_decode_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_decode_LDADD = $(LIBPRINT) $(LIBTCPX)

tests_fuzz_fuzz_pcap_SOURCES = tests/fuzz/fuzz-pcap.c
tests_fuzz_fuzz_pcap_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pcap_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pcap_LDADD = $(LIBPRINT) $(LIBTCPX)

tests_fuzz_fuzz_pdn_SOURCES = tests/fuzz/fuzz-pdn.c
tests_fuzz_fuzz_pdn_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pdn_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pdn_LDADD = $(LIBTCPX)

# The command parser and table, from the same libraries as tcpx.
tests_fuzz_fuzz_cmd_SOURCES = tests/fuzz/fuzz-cmd.c
tests_fuzz_fuzz_cmd_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_cmd_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_cmd_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)

tests_fuzz_fuzz_engine_SOURCES = tests/fuzz/fuzz-engine.c
tests_fuzz_fuzz_engine_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_engine_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_engine_LDADD = $(LIBTCPX)

tests_fuzz_fuzz_tracker_SOURCES = tests/fuzz/fuzz-tracker.c
tests_fuzz_fuzz_tracker_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_tracker_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_tracker_LDADD = $(LIBTCPX)

tests_fuzz_fuzz_defrag_SOURCES = tests/fuzz/fuzz-defrag.c
tests_fuzz_fuzz_defrag_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_defrag_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_defrag_LDADD = $(LIBTCPX)

# Whole packetdrill scripts (core/pkt.h); seeds written by hand.
tests_fuzz_fuzz_pkt_SOURCES = tests/fuzz/fuzz-pkt.c tests/unit/pktdump.h
tests_fuzz_fuzz_pkt_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pkt_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_pkt_LDADD = $(LIBTCPX)

# Frames into the whole runtime of an offline session (cli/run/path.h
# path_feed), with its subscribers and commands.
tests_fuzz_fuzz_session_SOURCES = tests/fuzz/fuzz-session.c
tests_fuzz_fuzz_session_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_session_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_session_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)

# -f scripts through the batch reader (cli/ui/batch.c) of an offline session.
tests_fuzz_fuzz_script_SOURCES = tests/fuzz/fuzz-script.c
tests_fuzz_fuzz_script_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_script_LDFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_script_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)

# FUZZ_SECONDS per target (default 10); crashes are kept in tests/fuzz/.
fuzz: $(FUZZ_TARGETS)
	$(SHELL) $(top_srcdir)/tests/fuzz/run.sh $(abs_top_builddir)

# The long campaign: FUZZ_HOURS per target (default 1), FUZZ_JOBS at a
# time (default 2); findings go to tests/fuzz/regress/<target>/.
FUZZ_HOURS = 1
FUZZ_JOBS = 2
fuzz-long: $(FUZZ_TARGETS)
	$(SHELL) $(top_srcdir)/tests/fuzz/campaign.sh --hours $(FUZZ_HOURS) \
	    --jobs $(FUZZ_JOBS) --build $(abs_top_builddir)
else
fuzz fuzz-long:
	@echo "make $@: configure with CC=clang --enable-fuzzing" >&2; exit 1
endif
.PHONY: fuzz fuzz-long
