# tests/lib.sh - shared helpers for tcpx's shell tests: TAP output, and
# private network namespaces that are always removed on exit.
#
# Usage: . "$top_srcdir/tests/lib.sh"; then ok/is/skip_all; netns helpers.

: "${TCPX:=${top_builddir:-.}/tcpx}"
tap_n=0
tap_fail=0
tap_ns=""

# ok COND-STATUS DESCRIPTION: report a check from the last command's status.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_fail=$((tap_fail + 1))
	fi
}

# is GOT WANT DESCRIPTION: report whether two strings are equal.
is() {
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"; echo "#   got:  $1"; echo "#   want: $2"; fi
}

# diag TEXT...: a comment line (also for multi-line text).
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

# ge GOT MIN DESCRIPTION: GOT is a whole number of at least MIN.  An empty
# or non-numeric GOT (a counter line that was missing, say) fails too.
ge() {
	case $1 in
	''|*[!0-9]*)
		ok 1 "$3"; echo "#   got:  '$1' (not a number)"; echo "#   want: >= $2" ;;
	*)
		if [ "$1" -ge "$2" ]; then ok 0 "$3"; else
			ok 1 "$3"; echo "#   got:  $1"; echo "#   want: >= $2"; fi ;;
	esac
}

# skip_all REASON: skip the whole file.
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

# need_root: skip unless we may create namespaces.
need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (network namespaces)"
	command -v ip >/dev/null || skip_all "needs iproute2"
}

# private_netns_dir: run the rest of the test in a mount namespace of its
# own, with a private /run/netns.  For tests that leave a lab behind on
# purpose (SIGKILL) and check that the next start sweeps it: beside them
# (make -j), any other `tcpx --lab` starting would sweep it first.  Call it
# first thing after need_root: it runs the script again.
private_netns_dir() {
	if [ -z "${TCPXT_PRIVATE_NETNS:-}" ]; then
		command -v unshare >/dev/null ||
		    skip_all "needs unshare (a private /run/netns)"
		TCPXT_PRIVATE_NETNS=1 exec unshare --mount --propagation private \
		    "$0" "$@"
	fi
	mkdir -p /run/netns &&
	    mount -t tmpfs -o mode=755 tcpxt-netns /run/netns || {
		echo "Bail out! cannot mount a private /run/netns"; exit 1; }
}

# done_testing: print the plan, clean up, exit with the verdict.
done_testing() {
	echo "1..$tap_n"
	[ "$tap_fail" -eq 0 ]
	exit $?
}

# wait_until SECONDS COMMAND: an explicit wait for an event.  Runs the shell
# command line COMMAND (the test's functions too) every 50 ms until it
# succeeds; after SECONDS it gives up, says what it waited for and returns
# 1.  Inside the lab's peer, `lab exec sh $UNTIL SECONDS COMMAND` does the
# same (tests/net/until.sh).
UNTIL="${top_srcdir:-.}/tests/net/until.sh"
wait_until() {
	_wu_s=$1; shift
	_wait_quiet "$_wu_s" "$@" && return 0
	diag "timed out after $_wu_s s waiting for: $*"
	return 1
}
_wait_quiet() {
	_wu_n=$(($1 * 20)); shift
	until eval "$*"; do
		_wu_n=$((_wu_n - 1))
		[ "$_wu_n" -gt 0 ] || return 1
		sleep 0.05
	done
}

# wait_for PATTERN FILE [SECONDS]: until FILE has a line matching the basic
# regular expression PATTERN (default 10 s); 1 with a diagnostic if not.
wait_for() {
	_wf_p=$1 _wf_f=$2
	_wait_quiet "${3:-10}" 'grep -q -- "$_wf_p" "$_wf_f" 2>/dev/null' &&
	    return 0
	diag "timed out after ${3:-10} s waiting for a line matching $1 in $2"
	return 1
}

# counter FILE NAME: the value of the nstat counter NAME in FILE (the
# output of `nstat -asz NAME...`); nothing and status 1 when FILE has no
# such line, so that a missing counter can never pass for a zero.
counter() {
	awk -v n="$2" '$1 == n && $2 ~ /^[0-9]+$/ { v = $2; f = 1 }
	    END { if (!f) exit 1; print v }' "$1"
}

# pcap_has FILE ERE: tcpdump -n -r FILE shows a packet matching ERE (the
# file may still be growing).
pcap_has() {
	"${TCPDUMP:-tcpdump}" -n -r "$1" 2>/dev/null | grep -Eq -- "$2"
}

# tcpdump_start VAR NS IFACE FILE [FILTER...]: tcpdump in namespace NS on
# IFACE, writing each packet to FILE as it comes (-U; --immediate-mode, or
# TPACKET_V3 holds the last packets back); VAR gets its pid.  Returns once
# it listens, or 1 with its stderr (FILE.err) as a diagnostic.
tcpdump_start() {
	_ts_v=$1 _ts_ns=$2 _ts_if=$3 _ts_f=$4
	shift 4
	ip netns exec "$_ts_ns" "${TCPDUMP:-tcpdump}" -i "$_ts_if" -n -U \
	    --immediate-mode -w "$_ts_f" "$@" 2>"$_ts_f.err" &
	eval "$_ts_v=\$!"
	wait_for 'listening on' "$_ts_f.err" && return 0
	diag "$(cat "$_ts_f.err")"
	return 1
}

# tcpdump_stop PID FILE [ERE]: once FILE shows a packet matching ERE (the
# last one the test needs; 10 s at most), stop the capture with SIGINT and
# wait for it.  1 with a diagnostic when the packet never came.
tcpdump_stop() {
	_tp_r=0 _tp_f=$2 _tp_e=${3:-}
	if [ -n "$_tp_e" ] &&
	    ! _wait_quiet 10 'pcap_has "$_tp_f" "$_tp_e"'; then
		diag "timed out after 10 s waiting for a packet matching $_tp_e in $_tp_f"
		_tp_r=1
	fi
	kill -INT "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return $_tp_r
}

# $LAB_PATIENT: tcpx commands (for -c, or a line of a script) that make the
# lab's kernel wait 5 s at least before it retransmits (its routes'
# rto_min), and send no tail loss probe (RFC 8985 §7, which rto_min does
# not bound: it comes 2 SRTT + 200 ms after the last segment), so that
# checks which count the kernel's segments do not depend on how soon a busy
# machine lets us acknowledge them.  No packet comes of it.
LAB_PATIENT="lab exec ip route change 10.0.0.0/24 dev peer0 proto kernel \
scope link src 10.0.0.2 rto_min 5s; lab exec ip -6 route change fd00::/64 \
dev peer0 proto kernel metric 256 pref medium rto_min 5s; \
lab exec sysctl -qw net.ipv4.tcp_early_retrans=0"

# peer_capture_scripts FILTER: write $T/capstart.sh and $T/capstop.sh, a
# capture in the lab's peer namespace run there by `lab exec sh`:
# capstart.sh FILE starts tcpdump on peer0 (FILTER) writing FILE packet by
# packet and returns once it listens; capstop.sh FILE ERE waits until FILE
# shows a packet matching ERE (the last one the checks need), then stops
# tcpdump and waits for it to exit.  Either fails after 10 s, saying why.
peer_capture_scripts() {
	cat >"$T/capstart.sh" <<EOF
tcpdump -i peer0 -n -U --immediate-mode -s 262144 -w "\$1" $1 \
    >/dev/null 2>"\$1.err" &
echo \$! >"\$1.pid"
F=\$1 sh "$UNTIL" 10 'grep -q "listening on" "\$F.err"'
EOF
	cat >"$T/capstop.sh" <<EOF
F=\$1 E=\$2 sh "$UNTIL" 10 'tcpdump -n -r "\$F" 2>/dev/null | grep -Eq -- "\$E"' || r=1
kill -INT "\$(cat "\$1.pid")"
F=\$1 sh "$UNTIL" 10 '! kill -0 "\$(cat "\$F.pid")" 2>/dev/null'
exit \${r:-0}
EOF
}

# ns_new VAR: create a uniquely named namespace, recorded for cleanup.
ns_new() {
	_name="tcpxt-$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')-$1"
	ip netns add "$_name" || { echo "Bail out! cannot create namespace"; exit 1; }
	ip -n "$_name" link set lo up
	tap_ns="$tap_ns $_name"
	eval "$1=\$_name"
}

# ns_cleanup: kill everything in our namespaces and delete them.
ns_cleanup() {
	for _n in $tap_ns; do
		for _p in $(ip netns pids "$_n" 2>/dev/null); do kill -9 "$_p" 2>/dev/null; done
		ip netns del "$_n" 2>/dev/null
	done
	tap_ns=""
	[ -n "${tap_tmp:-}" ] && rm -rf "$tap_tmp"
	return 0
}
trap ns_cleanup EXIT
trap 'exit 130' INT TERM HUP

# lab_pipe [ARGS]: a `tcpx --lab -q ARGS` session in the background reading
# its commands from a pipe ($T/in, written on descriptor 3), its output in
# $T/out and $T/err, its pid in $pid (tmpdir T first).  A tcpx that died
# makes a write to 3 fail, not this shell.
lab_pipe() {
	mkfifo "$T/in"
	trap '' PIPE
	"$TCPX" --lab -q "$@" <"$T/in" >"$T/out" 2>"$T/err" &
	pid=$!
	exec 3>"$T/in"
}

# tmpdir VAR: a private temporary directory removed on exit.
tmpdir() {
	[ -n "${tap_tmp:-}" ] || tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpxt.XXXXXX")
	eval "$1=\$tap_tmp"
}

# ns_pair A B: two namespaces A (10.0.0.1, fd00::1) and B (10.0.0.2, fd00::2)
# joined by veth a0/b0 with offloads off, addresses on the kernel in both.
ns_pair() {
	ns_new "$1"; ns_new "$2"
	eval "_a=\$$1 _b=\$$2"
	ip -n "$_a" link add a0 type veth peer name b0 netns "$_b"
	ip -n "$_a" addr add 10.0.0.1/24 dev a0
	ip -n "$_b" addr add 10.0.0.2/24 dev b0
	ip -n "$_a" addr add fd00::1/64 dev a0 nodad
	ip -n "$_b" addr add fd00::2/64 dev b0 nodad
	ip -n "$_a" link set a0 up
	ip -n "$_b" link set b0 up
	if command -v ethtool >/dev/null; then
		ip netns exec "$_a" ethtool -K a0 tx off tso off gso off gro off >/dev/null 2>&1
		ip netns exec "$_b" ethtool -K b0 tx off tso off gso off gro off >/dev/null 2>&1
	fi
}

# Terminal tests drive tcpx in tmux session $sess (TMUX_TMPDIR in the test's
# own directory).  tui_init NAME: set that up after tmpdir T; the tmux
# server goes on exit with the namespaces.
tui_init() {
	sess="tcpxt-$1-$$"
	export TMUX_TMPDIR="$T"
	trap 'tmux kill-server 2>/dev/null; ns_cleanup' EXIT
}

# tui_screen: the pane with 300 lines of history.
tui_screen() { tmux capture-pane -p -t "$sess" -S -300; }

# tui_wait PATTERN [TENTHS]: until the pane shows PATTERN (default 5 s);
# otherwise show the pane as diagnostics and fail.
tui_wait() {
	_n=0
	while [ $_n -lt "${2:-50}" ]; do
		tui_screen | grep -q -- "$1" && return 0
		sleep 0.1; _n=$((_n + 1))
	done
	tui_screen | sed 's/^/#   /'
	return 1
}

# tui_type LINE: type LINE at the prompt and press Enter.
tui_type() { tmux send-keys -t "$sess" -l "$1"; tmux send-keys -t "$sess" Enter; }

# ran_through STATUS NAME FILE: the check that lesson NAME ran through
# (STATUS 0); when it did not, the last 40 lines of its output FILE as
# diagnostics, so that a failure says where it stopped.
ran_through() {
	ok "$1" "$2 runs through"
	[ "$1" -eq 0 ] || tail -n 40 "$3" | sed 's/^/#   /'
}

# report_of FILE LABEL: the value column of the line of a lesson's report
# (its "== what we measured" table) labelled LABEL; empty when none.
report_of() {
	grep -F "  $2 " "$1" | head -n 1 | sed -E "s/^  .{0,60}[[:space:]]+([0-9.]+)( s)?([[:space:]]+\\(.*)?$/\\1/"
}

# hushed FILE CAUSE: how many event lines of CAUSE (its tcp_cause_name)
# were left out of FILE, summed from the "N more lines like the last
# (CAUSE) left out" lines (at most 10 a second of one kind print).
hushed() {
	sed -n "s/^\* \(c[0-9]*: \)\{0,1\}\([0-9]*\) more lines\{0,1\} like the last ($2) left out .*/\2/p" "$1" |
	    awk '{ n += $1 } END { print n + 0 }'
}

# within V LO HI: V is a number from LO to HI (a missing value fails).
within() {
	awk -v v="${1:-x}" -v lo="$2" -v hi="$3" \
	    'BEGIN { exit !(v ~ /^[0-9.]+$/ && v + 0 >= lo && v + 0 <= hi) }'
}

# ladder_norm: a --diagram=text ladder from stdin with what varies from run
# to run made constant: the time column's digits (9s), our ephemeral port
# (xxxxx), the absolute "seq N" in reasons and a resend's "T ms after it
# was last sent", with the lifelines' padding kept.
ladder_norm() {
	awk '{
		if (match($0, /^ *[0-9]+\.[0-9]+ /)) {
			t = substr($0, 1, RLENGTH)
			gsub(/[0-9]/, "9", t)
			$0 = t substr($0, RLENGTH + 1)
		}
		gsub(/10\.0\.0\.1:[0-9][0-9][0-9][0-9][0-9]/, "10.0.0.1:xxxxx")
		o = $0
		gsub(/seq [0-9]+/, "seq N")
		gsub(/[0-9.]+ ms after it was last sent/, "T ms after it was last sent")
		d = length(o) - length($0)
		if (d > 0 && match($0, />[|:]( [A-Z0-9-]+)?$/)) {
			f = sprintf("%" d "s", ""); gsub(/ /, "-", f)
			$0 = substr($0, 1, RSTART - 1) f substr($0, RSTART)
		} else if (d > 0 && match($0, /[|:]( [A-Z0-9-]+)?$/))
			$0 = substr($0, 1, RSTART - 1) sprintf("%" d "s", "") \
			    substr($0, RSTART)
		print
	}'
}
