# tests/net/attack-lib.sh - shared by tests/net/attack-*.sh, the attack
# suite (issue 13): tcpx's engine at 10.0.0.1 is the victim, the attacker
# is tests/net/attacker.py run in the lab's peer namespace by `lab exec`.
#
# After tests/lib.sh and tmpdir T: $ATTACKER is the attacker, and
# legit NAME prints tcpx commands for a legitimate kernel client (a
# python socket in the peer) that connects to port 5000, sends NAME and
# waits for re-NAME, which tcpx sends back; its line lands in $T/NAME.out.
need_root
command -v python3 >/dev/null || skip_all "needs python3 (the attacker)"
command -v nft >/dev/null || skip_all "needs nft (keeps the peer kernel out of the attacker's connections)"
# The interpreter itself, not a wrapper such as pyenv's shim, which can take
# seconds to start ten at once on a busy machine; the attacker by an absolute
# path (`lab exec sh -c` does not run in our directory).
PY=$(python3 -c 'import sys; print(sys.executable)')
ATTACKER="$PY $(cd "${top_srcdir:-.}/tests/net" && pwd)/attacker.py"

# $PATIENT: tcpx commands that keep our engine from resending for 5 s (its
# first RTO and its lowest), so that a busy machine delaying the attacker's
# ACKs cannot add resent segments to what the attacker counts.
PATIENT="set rto.init 5s; set rto.min 5s"

legit() {
	echo "lab exec sh -c '$ATTACKER client 5000 $1 re-$1 \
>$T/$1.out 2>&1 &'; wait accept 30; wait recv $1 30; send re-$1; \
lab exec sh $UNTIL 30 'grep -q got $T/$1.out'"
}

# survived STATUS FILE NAME: the batch exited 0 with no sanitizer report
# (its last command answered, so tcpx was alive and its loop turning), and
# the kernel's client NAME got its answer.
survived() {
	ok "$1" "tcpx ran the whole batch after the attack (exit 0)"
	[ "$1" -eq 0 ] || tail -n 30 "$2" | sed 's/^/#   /'
	! grep -q 'Sanitizer' "$2"
	ok $? "no sanitizer report"
	is "$(cat "$T/$3.out" 2>/dev/null)" \
	    "client: connected in $(sed -n 's/^client: connected in \([0-9.]*\) s.*/\1/p' "$T/$3.out" 2>/dev/null) s, got 're-$3'" \
	    "a kernel client connected afterwards and exchanged data ($3)"
}
