#!/bin/sh
# tests/fuzz/campaign.sh - a long fuzzing campaign: every libFuzzer target
# (or those named) for --hours H each (default 1), --jobs N of them at a
# time (default 2, one process each), then a report per target: inputs
# run, speed, libFuzzer's cov: (edges) and ft: (features) at the end, the
# corpus size and what was found.  Every crash, timeout, out-of-memory and
# leak is minimised and copied into the source tree as
# tests/fuzz/regress/<target>/<kind>-<sha1>, which run.sh replays on every
# CI run; commit those files with the fix.
#
#	tests/fuzz/campaign.sh [--hours H | --minutes M] [--jobs N]
#	    [--build DIR] [--work DIR] [TARGET...]
#
# DIR is a build configured with CC=clang --enable-fuzzing (default
# ./build-fuzz, made and built when missing); the corpora grow in
# WORK/corpus/<target> (default DIR/fuzz-campaign), kept between
# campaigns, so a second campaign goes on where the first stopped; logs
# and the raw findings are in WORK/<target>.log and WORK/artifacts/.
# The report is printed and written to WORK/report.txt.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=3600
jobs=2
build=$top/build-fuzz
work=
all="fuzz-decode fuzz-pcap fuzz-pdn fuzz-cmd fuzz-engine fuzz-tracker fuzz-defrag fuzz-pkt fuzz-session fuzz-script"

usage() {
	echo "usage: campaign.sh [--hours H | --minutes M] [--jobs N] [--build DIR] [--work DIR] [TARGET...]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--hours)	[ $# -ge 2 ] || usage
			secs=$(awk -v h="$2" 'BEGIN { printf "%d", h * 3600 }'); shift 2 ;;
	--minutes)	[ $# -ge 2 ] || usage
			secs=$(awk -v m="$2" 'BEGIN { printf "%d", m * 60 }'); shift 2 ;;
	--jobs)		[ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
	--build)	[ $# -ge 2 ] || usage; build=$2; shift 2 ;;
	--work)		[ $# -ge 2 ] || usage; work=$2; shift 2 ;;
	-h|--help)	usage ;;
	-*)		echo "campaign.sh: unknown option $1" >&2; usage ;;
	*)		break ;;
	esac
done
case $secs in ''|*[!0-9]*|0) echo "campaign.sh: --hours/--minutes: a positive number" >&2; exit 2 ;; esac
case $jobs in ''|*[!0-9]*|0) echo "campaign.sh: --jobs: a positive number" >&2; exit 2 ;; esac
targets=${*:-$all}
mkdir -p "$build" || exit 1
build=$(cd "$build" && pwd)
[ -n "$work" ] || work=$build/fuzz-campaign
mkdir -p "$work/artifacts" "$work/corpus" || exit 1
work=$(cd "$work" && pwd)

# The build: configured and built here when missing.
if [ ! -f "$build/Makefile" ]; then
	mkdir -p "$build" && (cd "$build" && CC=clang "$top/configure" -q \
	    --enable-fuzzing) || exit 1
fi
bins=
for t in $targets; do bins="$bins tests/fuzz/$t"; done
# shellcheck disable=SC2086
make -s -C "$build" -j"$jobs" $bins >"$work/build.log" 2>&1 || {
	tail -n 20 "$work/build.log"; echo "campaign.sh: build failed" >&2; exit 1; }

. "$here/maxlen.sh"

# Run target $1 for $secs, then minimise what it found into regress/.
one() {
	t=$1
	bin=$build/tests/fuzz/$t
	log=$work/$t.log
	art=$work/artifacts/$t
	mkdir -p "$work/corpus/$t" "$art"
	seeds=$here/corpus/$t
	reg=$here/regress/$t
	set -- "$work/corpus/$t" "$seeds"
	[ -d "$reg" ] && set -- "$@" "$reg"
	# Fork mode, one child at a time: a crash, timeout or out-of-memory
	# is saved and fuzzing goes on, for the whole time.
	"$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	    -max_total_time="$secs" -max_len="$(maxlen "$t")" -timeout=25 \
	    -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
	    -artifact_prefix="$art/" "$@" >"$log" 2>&1
	for a in "$art"/crash-* "$art"/timeout-* "$art"/oom-* "$art"/leak-*; do
		[ -f "$a" ] || continue
		kind=${a##*/}
		kind=${kind%%-*}
		min=$art/min-${a##*/}
		"$bin" -minimize_crash=1 -max_total_time=120 -timeout=25 \
		    -rss_limit_mb=2048 -close_fd_mask=3 \
		    -exact_artifact_path="$min" "$a" >"$min.log" 2>&1
		[ -s "$min" ] || cp "$a" "$min"	# timeouts/ooms: kept whole
		sum=$(sha1sum "$min" | cut -c1-12)
		mkdir -p "$here/regress/$t"
		cp "$min" "$here/regress/$t/$kind-$sum"
		echo "$t: $kind -> tests/fuzz/regress/$t/$kind-$sum" >>"$work/findings"
		mv "$a" "$a.done"
	done
}

: >"$work/findings"
echo "campaign: $(echo $targets | wc -w) targets, $secs s each, $jobs at a time; work in $work"
cd "$work" || exit 1
running=0
for t in $targets; do
	if [ ! -x "$build/tests/fuzz/$t" ]; then
		echo "campaign.sh: $build/tests/fuzz/$t not built" >&2
		continue
	fi
	echo "  $(date -u +%H:%M:%S) start $t"
	( one "$t"; echo "  $(date -u +%H:%M:%S) done $t" ) &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n 2>/dev/null || wait
		running=$((running - 1))
	fi
done
wait

# The report: one line per target from libFuzzer's last status line and
# its final statistics.
{
	printf '%-13s %8s %10s %8s %7s %8s %8s %s\n' target seconds inputs \
	    'exec/s' 'cov' 'ft' corpus findings
	for t in $targets; do
		log=$work/$t.log
		[ -f "$log" ] || continue
		# Fork mode's status lines: "#RUNS: cov: N ft: N corp: N exec/s N ...".
		last=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1)
		runs=$(echo "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
		cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
		ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
		speed=$(echo "$last" | sed -n 's/.* exec\/s \([0-9]*\).*/\1/p')
		took=$(echo "$last" | sed -n 's/.* time: \([0-9]*\)s.*/\1/p')
		ncorp=$(find "$work/corpus/$t" -type f | wc -l)
		nfind=$(grep -c "^$t:" "$work/findings")
		printf '%-13s %8s %10s %8s %7s %8s %8s %s\n' "$t" "${took:-?}" \
		    "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$ncorp" "$nfind"
	done
	if [ -s "$work/findings" ]; then
		echo
		echo "findings (minimised, replayed by run.sh from now on):"
		sed 's/^/  /' "$work/findings"
	fi
} | tee "$work/report.txt"
[ ! -s "$work/findings" ]
