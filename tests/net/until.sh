#!/bin/sh
# tests/net/until.sh SECONDS COMMAND - an explicit wait for the shell tests,
# mainly inside the lab's peer namespace, where tests/lib.sh's wait_until
# is not at hand:
#	lab exec sh $UNTIL 10 'ss -tlnH | grep -q ":5002 "'
# runs the shell command line COMMAND every 50 ms until it succeeds; after
# SECONDS it says what it waited for and exits 1.
n=$(($1 * 20))
shift
until eval "$*"; do
	n=$((n - 1))
	if [ "$n" -le 0 ]; then
		echo "until.sh: timed out waiting for: $*" >&2
		exit 1
	fi
	sleep 0.05
done
