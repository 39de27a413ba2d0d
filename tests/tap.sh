# SPDX-License-Identifier: GPL-2.0-or-later
#
# TAP lines for the shell tests, sourced: `check WHAT COMMAND...` runs
# COMMAND and prints "ok N - WHAT" or "not ok N - WHAT".  A failure sets
# $failed to 1, which the test exits with; the predicates stay plain shell
# functions or commands so a failing one says nothing but its TAP line.
# shellcheck shell=sh disable=SC2034

tap_n=0
failed=0

check() { # WHAT COMMAND...
	tap_what=$1
	shift
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $tap_what"
	else
		echo "not ok $tap_n - $tap_what"
		failed=1
	fi
}

# The plan, after the last check (TAP allows it at the end).
tap_plan() {
	echo "1..$tap_n"
}
