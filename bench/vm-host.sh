# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# The host side of a benchmark that runs itself in the test VM
# (bench/ipup-srcroute.sh, bench/guard-restore.sh), sourced by it:
#
#	. "$(dirname "$0")/vm-host.sh"
#	bench_vm_run SECONDS LOG || exit    # boots the VM running "$0"
#
# Sets top_srcdir and top_builddir (the build directory: $top_builddir or
# the current one) and checks the plugin is built there.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(cd "${top_builddir:-$PWD}" && pwd)
export top_srcdir top_builddir
[ -f "$top_builddir/plugin/.libs/ltepi.so" ] || {
	echo "ERROR: $top_builddir/plugin/.libs/ltepi.so not built (run from the build directory)"
	exit 99
}

# Runs the sourcing script in the VM, its output in LOG; on failure shows
# the end of LOG and returns the VM's status.
bench_vm_run() { # TIMEOUT_SECONDS LOG
	mkdir -p "$(dirname "$2")"
	rc=0
	sh "$top_srcdir/tests/vm/run.sh" -t "$1" -- \
		/bin/sh "$top_srcdir/bench/$(basename "$0")" >"$2" 2>&1 || rc=$?
	[ $rc = 0 ] || tail -n 30 "$2"
	return $rc
}
