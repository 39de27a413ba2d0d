# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by the host-side checks of the VM area (pppd25-host.sh,
# product-deb-abi.sh): one TAP point per command, counting failures in
# $failures, which the caller initialises and turns into its exit status.

# Runs a command, then checks its exit status and that its output contains
# a string.
check() { # WHAT STATUS NEEDLE COMMAND...
	what=$1 want=$2 needle=$3
	shift 3
	status=0
	out=$("$@" 2>&1) || status=$?
	if [ "$status" != "$want" ]; then
		echo "not ok - $what: exit status $status, expected $want; output:"
		echo "$out" | sed 's/^/#   /'
		failures=$((failures + 1))
		return 0
	fi
	case $out in
	*"$needle"*) echo "ok - $what" ;;
	*)
		echo "not ok - $what: output lacks '$needle':"
		echo "$out" | sed 's/^/#   /'
		failures=$((failures + 1))
		;;
	esac
}
