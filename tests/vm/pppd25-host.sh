#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The portability tools' refusals, on the host and without a VM: a pppd25
# scenario skips, with the reason, in a build that is not for pppd 2.5 or
# without a trixie root, and stops (99) when the root's pppd is not the one
# the plugin was built for; tools/cross.sh, tools/matrix and
# tools/trixie-rootfs.sh reject what they cannot use with a usage error and
# create nothing.  The fake builds and roots are just the files those checks
# read.

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-pppd25-host.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
. "$(dirname "$0")/lib-check.sh"

# A build directory as configure leaves it, for pppd API API and VERSION.
fake_build() { # DIR API VERSION
	mkdir -p "$1"
	echo "#define LTEPI_PPPD_API $2" >"$1/config.h"
	echo "PPPD_VERSION = $3" >"$1/Makefile"
}

scenario() { # BUILDDIR ROOT
	env top_srcdir="$top_srcdir" top_builddir="$1" LTEPI_TRIXIE_ROOT="$2" \
		LTEPI_VM_GUEST= sh "$top_srcdir/tests/vm/pppd25-plugin-load.sh"
}

matrix_runs_nothing() {
	! "$top_srcdir/tools/matrix" arm64 sid 2>&1 | grep -q '^===='
}

fake_build "$work/b24" 24 2.4.9
fake_build "$work/b25" 25 2.5.2
mkdir -p "$work/root/usr/lib/pppd/2.5.1"
echo stamp >"$work/root/.ltepi-rootfs"

check "a 2.4 build skips" 77 \
	"SKIP: this build is for pppd 2.4 (configure --with-pppd=" \
	scenario "$work/b24" "$work/root"
check "no trixie root: skip" 77 \
	"SKIP: no trixie root in $work/none (run tools/trixie-rootfs.sh, or set LTEPI_TRIXIE_ROOT)" \
	scenario "$work/b25" "$work/none"
check "a root without pppd 2.5.2 is a hard error" 99 \
	"ERROR: ltepi.so is built for pppd 2.5.2, but $work/root has pppd 2.5.1" \
	scenario "$work/b25" "$work/root"

check "cross.sh: unknown architecture" 2 \
	"usage: $top_srcdir/tools/cross.sh arm64|armhf [BUILDDIR [CONFIGURE_ARG...]]" \
	"$top_srcdir/tools/cross.sh" riscv64 "$work/cross"
check "cross.sh: ... builds nothing" 1 "" test -e "$work/cross"
check "matrix: unknown cell" 2 \
	"matrix: unknown cell 'sid' (cells: bookworm trixie arm64 armhf armhf-time64 deb-bookworm deb-trixie deb-arm64 deb-armhf)" \
	"$top_srcdir/tools/matrix" arm64 sid
check "matrix: ... runs no cell, not even the valid one" 0 "" matrix_runs_nothing
check "trixie-rootfs.sh: a root the VM cannot see" 1 \
	"trixie-rootfs.sh: /run/ltepi-pppd25-host is hidden from the VM; pick another place" \
	"$top_srcdir/tools/trixie-rootfs.sh" /run/ltepi-pppd25-host
check "trixie-rootfs.sh: ... creates nothing" 1 "" test -e /run/ltepi-pppd25-host

if [ "$failures" != 0 ]; then
	echo "FAIL: $failures check(s) failed"
	exit 1
fi
