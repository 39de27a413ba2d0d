#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fetch a Debian kernel with the gpio-sim module for the VM's GPIO test
# (tests/vm/power-gpio.sh), without touching the system's apt and dpkg:
#
#   tools/fetch-kernel.sh [DIR]      (default: build/kernel)
#
# Prints the kernel's module directory, DIR/usr/lib/modules/VERSION, which
# holds everything the VM runner needs (LTEPI_VM_KERNEL=that directory,
# tests/vm/README.md): vmlinuz, config, the modules and their modules.dep.
#
# Why not the VM's usual kernel: Debian builds bookworm's (6.1) and
# trixie's (6.12) kernels without CONFIG_GPIO_SIM; trixie-backports' and
# sid's have it as a module.  This takes linux-image-amd64 of
# trixie-backports (a kernel a trixie user can install), its packages
# unpacked with dpkg-deb -x (no maintainer scripts), modules.dep made by
# depmod, and refuses a kernel whose config lacks CONFIG_GPIO_SIM=m.
#
# LTEPI_KERNEL_SUITE picks another suite's linux-image-amd64 (e.g. sid);
# LTEPI_APT_STATE the private apt directory (default DIR/../apt-SUITE).
#
# Cached: a stamp records the suite and version; while the mirror offers
# the same version (or cannot be reached) the unpacked kernel is reused.
# An unpack that did not finish leaves no stamp (it happens in DIR.new).
# The mirror is the one this machine's apt already uses.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/apt-private.sh"
dest=${1:-$top/build/kernel}
suite=${LTEPI_KERNEL_SUITE:-trixie-backports}
meta=linux-image-amd64
state=${LTEPI_APT_STATE:-$(dirname "$dest")/apt-$suite}
stamp=$dest/.ltepi-kernel

die() {
	echo "fetch-kernel.sh: $*" >&2
	exit 1
}

# The module directory of an unpacked kernel (one version per tree).
module_dir() { # ROOT
	for dir in "$1"/usr/lib/modules/*; do
		[ -f "$dir/vmlinuz" ] && [ -f "$dir/config" ] && echo "$dir" && return 0
	done
	return 1
}

reuse() {
	dir=$(module_dir "$dest") || die "$dest has a stamp but no kernel; remove it"
	echo "$dir"
	exit 0
}

case $dest/ in
/tmp/* | /run/* | /var/run/* | /dev/*)
	die "$dest is hidden from the VM; pick another place"
	;;
esac
arch=$(dpkg --print-architecture)
[ "$arch" = amd64 ] || die "the VM is x86_64; there is no $meta for $arch"

aptopts=$(apt_private_setup "$state" "$suite" "$arch") || exit 1
# shellcheck disable=SC2086
if ! apt-get $aptopts update >"$state/update.log" 2>&1; then
	[ ! -f "$stamp" ] || reuse
	cat "$state/update.log" >&2
	die "apt-get update of $suite failed"
fi
# shellcheck disable=SC2086
version=$(apt-cache $aptopts show "$meta" 2>/dev/null |
	sed -n 's/^Version: //p' | sort -rV | head -n 1)
[ -n "$version" ] || die "$suite has no $meta"
want="suite=$suite $meta=$version"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	reuse
fi

# linux-image-amd64 depends on linux-image-VERSION-amd64; from 7.x Debian
# splits that into linux-base- (config, System.map), linux-binary-
# (vmlinuz) and linux-modules-VERSION-amd64.  Whichever exist are fetched.
# shellcheck disable=SC2086
abi=$(apt-cache $aptopts depends "$meta=$version" 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\([^ ]*\)$/\1/p' | head -n 1)
[ -n "$abi" ] || die "cannot tell which kernel $meta $version depends on"
packages=
for part in image base binary modules; do
	# shellcheck disable=SC2086
	! apt-cache $aptopts show "linux-$part-$abi" >/dev/null 2>&1 ||
		packages="$packages linux-$part-$abi"
done
rm -f "$state"/cache/linux-*.deb
# shellcheck disable=SC2086
(cd "$state/cache" && apt-get $aptopts download $packages) \
	>"$state/download.log" 2>&1 ||
	{ cat "$state/download.log" >&2; die "downloading$packages failed"; }

new=$dest.new
rm -rf "$new"
mkdir -p "$new"
for deb in "$state"/cache/linux-*.deb; do
	dpkg-deb -x "$deb" "$new"
done
rm -rf "${new:?}/usr/share"
# Before 7.x the image and config sat in /boot.
for dir in "$new"/usr/lib/modules/*; do
	kver=${dir##*/}
	[ -f "$dir/vmlinuz" ] || [ ! -f "$new/boot/vmlinuz-$kver" ] ||
		mv "$new/boot/vmlinuz-$kver" "$dir/vmlinuz"
	[ -f "$dir/config" ] || [ ! -f "$new/boot/config-$kver" ] ||
		mv "$new/boot/config-$kver" "$dir/config"
done
dir=$(module_dir "$new") || die "no vmlinuz and config in$packages"
kver=${dir##*/}
grep -qx 'CONFIG_GPIO_SIM=m' "$dir/config" ||
	die "$kver ($suite) is built without CONFIG_GPIO_SIM=m: no gpio-sim for the GPIO test"
# depmod -b reads BASE/lib/modules (kmod 30); the packages ship no
# modules.dep, their postinst makes it.
ln -s usr/lib "$new/lib"
depmod -b "$new" "$kver" || die "depmod for $kver failed"
echo "$want" >"$new/.ltepi-kernel"
rm -rf "$dest"
mv "$new" "$dest"
echo "$dest/usr/lib/modules/$kver"
