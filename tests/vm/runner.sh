#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM runner's own contract, checked on the host, because every e2e test
# relies on it not to pass vacuously: the guest's exit status and output come
# back unchanged (pass, fail, skip), arguments survive with their quoting, the
# test environment and directory are passed in, and a hung guest is a hard
# error (99) after the timeout, not a pass.

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
run="/bin/sh $top_srcdir/tests/vm/run.sh"
failed=0

check() { # WHAT WANT_STATUS WANT_OUTPUT_LINE RUN_ARG...
	what=$1 want_status=$2 want_line=$3
	shift 3
	status=0
	output=$($run "$@" 2>&1) || status=$?
	if [ "$status" = 77 ] && [ "$want_status" != 77 ]; then
		echo "$output"
		exit 77
	fi
	if [ "$status" = "$want_status" ] &&
		printf '%s\n' "$output" | grep -qxF -e "$want_line"; then
		echo "ok - $what"
	else
		echo "not ok - $what: want status $want_status and line '$want_line'," \
			"got status $status and:"
		printf '%s\n' "$output" | sed 's/^/#   /'
		failed=1
	fi
}

# One boot checks the directory, the environment and the quoting.
export LTEPI_VM_PROBE="x y"
check "a passing command runs in the caller's directory, environment, quoting" \
	0 "$(pwd)|x y|a b|it's|\$x|" \
	-- sh -c 'printf "%s|" "$(pwd)" "$LTEPI_VM_PROBE" "$@"; echo' \
	sh "a b" "it's" '$x'
unset LTEPI_VM_PROBE
check "a failing guest command fails with its status" 3 "bad" \
	-- sh -c 'echo bad; exit 3'
check "a guest skip is a skip" 77 "SKIP: reason" \
	-- sh -c 'echo "SKIP: reason"; exit 77'
check "a hung guest is a hard error" 99 \
	"ERROR: the VM did not finish within 6 s" \
	-t 6 -- sleep 600
exit $failed
