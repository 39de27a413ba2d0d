#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-build ltepi for a Raspberry Pi and run its C unit tests under
# qemu-user:
#
#   tools/cross.sh arm64|armhf [BUILDDIR [CONFIGURE_ARG...]]
#
# BUILDDIR defaults to build/cross-ARCH; the configure arguments are added to
# cross.sh's own, e.g. CPPFLAGS='-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64' for
# armhf the way Debian trixie builds it (64-bit time_t).
#
# Debian's cross compilers build against a private sysroot,
# build/sysroot-ARCH: bookworm's -dev packages for ARCH (and what they depend
# on) fetched with a private apt configuration and unpacked with dpkg-deb
# -x, the way tools/fetch-pppd.sh fetches trixie's ppp-dev.  Multiarch
# (dpkg --add-architecture) would do the same with system packages, but it
# changes the machine for every later apt run, and one architecture's broken
# index then fails every `apt-get update` on it.  The sysroot is reused while
# its stamp (the package list) matches.
#
# The C unit tests (those of `make check-unit`) run through qemu-ARCH-static
# with the sysroot as its library prefix (LOG_COMPILER), so binfmt_misc is
# not needed, except by a test that execs another ARM program (see below).
# The build uses -Werror, so 32-bit mistakes (armhf: 32-bit long and
# pointers, 64-bit time_t) stop it.  Exit status: make's.
#
# Needs the packages of tools/packages/cross.txt (tools/deps.sh cross).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/apt-private.sh"

usage() {
	echo "usage: $0 arm64|armhf [BUILDDIR [CONFIGURE_ARG...]]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
arch=$1
case $arch in
arm64) triplet=aarch64-linux-gnu qemu=qemu-aarch64-static ;;
armhf) triplet=arm-linux-gnueabihf qemu=qemu-arm-static ;;
*) usage ;;
esac
builddir=${2:-$top/build/cross-$arch}
shift $(($# < 2 ? $# : 2))
sysroot=$top/build/sysroot-$arch
state=$top/build/apt-bookworm-$arch
jobs=$(nproc 2>/dev/null || echo 2)
# What the build links against, ppp-dev for the pppd headers (arch: all) and
# libc6-dev for the C library itself.
packages="libc6-dev ppp-dev libnftables-dev libgpiod-dev libexpat1-dev nettle-dev"

for tool in "$triplet-gcc" "$qemu" dpkg-deb apt-get; do
	command -v "$tool" >/dev/null || {
		echo "cross.sh: $tool missing (tools/deps.sh cross)" >&2
		exit 1
	}
done

# The sysroot: ARCH's packages resolved against an empty dpkg status, so
# every dependency down to libc6 is downloaded, then unpacked.
make_sysroot() {
	want="arch=$arch packages=$packages"
	[ "$(cat "$sysroot/.ltepi-sysroot" 2>/dev/null)" != "$want" ] || return 0
	rm -rf "$sysroot" "$state"
	mkdir -p "$sysroot"
	# bookworm's main suite alone: one consistent set of versions.
	aptopts=$(apt_private_setup "$state" bookworm "$arch")
	# shellcheck disable=SC2086
	apt-get $aptopts update >"$state/update.log" 2>&1 ||
		{ cat "$state/update.log" >&2; return 1; }
	# shellcheck disable=SC2086
	apt-get $aptopts -y --no-install-recommends --download-only install \
		$packages >"$state/download.log" 2>&1 ||
		{ cat "$state/download.log" >&2; return 1; }
	for deb in "$state"/cache/archives/*.deb; do
		dpkg-deb -x "$deb" "$sysroot"
	done
	echo "$want" >"$sysroot/.ltepi-sysroot"
}

make_sysroot
echo "cross.sh: $arch sysroot $sysroot ($(du -sh "$sysroot" | cut -f1))"

[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$builddir"
cd "$builddir"
# pkg-config reads only the sysroot's .pc files and prefixes their paths.
PKG_CONFIG_LIBDIR=$sysroot/usr/lib/$triplet/pkgconfig:$sysroot/usr/share/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$sysroot
export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
"$top/configure" -q --host="$triplet" --enable-werror \
	--with-sysroot="$sysroot" --with-pppd="$sysroot" \
	CC="$triplet-gcc --sysroot=$sysroot" PKG_CONFIG=pkg-config "$@"
make -j"$jobs" >make.log 2>&1 || {
	tail -n 40 make.log
	exit 1
}
echo "cross.sh: built $(file -b plugin/.libs/ltepi.so | cut -d, -f1-2)"

# The C unit tests, less what qemu-user cannot run: tests/ns/ drive the
# kernel over netlink, and qemu 7.2's user mode refuses those sockets
# (EPROTONOSUPPORT); test-modem-sim execs the ARM simulator, which only runs
# when binfmt_misc hands ARM binaries to qemu.
unit_tests=$(printf 'print-unit-tests:\n\t@echo $(filter-out %%.sh,$(TESTS))\n' |
	make -s -f Makefile -f - print-unit-tests)
qarch=${qemu#qemu-}
qarch=${qarch%-static}
run='' left_out=''
for t in $unit_tests; do
	case $t in
	tests/ns/*) left_out="$left_out $t(netlink)" ;;
	tests/modem/test-modem-sim)
		if [ -e "/proc/sys/fs/binfmt_misc/qemu-$qarch" ]; then
			run="$run $t"
		else
			left_out="$left_out $t(no-binfmt)"
		fi
		;;
	*) run="$run $t" ;;
	esac
done
echo "cross.sh: not run under qemu-user:${left_out:- none}"
# QEMU_LD_PREFIX reaches binaries a test execs through binfmt_misc too.
QEMU_LD_PREFIX=$sysroot
export QEMU_LD_PREFIX
make -j"$jobs" check TESTS="$run" LOG_COMPILER="$qemu"
