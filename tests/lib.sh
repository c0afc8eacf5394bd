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

# skip_all REASON: skip the whole file.
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

# need_root: skip unless we may create namespaces.
need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (network namespaces)"
	command -v ip >/dev/null || skip_all "needs iproute2"
}

# done_testing: print the plan, clean up, exit with the verdict.
done_testing() {
	echo "1..$tap_n"
	[ "$tap_fail" -eq 0 ]
	exit $?
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
