# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by tools/deb and tools/deb-test: commands run inside a root made
# by tools/deb-root.sh, with /proc, /sys, /dev and a private /dev/pts (the
# modem tests open ptys) mounted for as long as the sourcing script runs.

deb_chroot_mounts=

# deb_chroot_enter ROOT: mounts what commands in ROOT need (once).
deb_chroot_enter() {
	for m in proc sys dev dev/pts; do
		mountpoint -q "$1/$m" && continue
		case $m in
		proc) mount -t proc proc "$1/proc" ;;
		sys) mount -t sysfs sys "$1/sys" ;;
		dev) mount --bind /dev "$1/dev" ;;
		dev/pts) mount -t devpts -o newinstance,ptmxmode=0666 devpts "$1/dev/pts" ;;
		esac
		deb_chroot_mounts="$1/$m $deb_chroot_mounts"
	done
}

# Unmounts what deb_chroot_enter mounted, innermost first.
deb_chroot_leave() {
	for m in $deb_chroot_mounts; do
		umount -l "$m" 2>/dev/null || :
	done
	deb_chroot_mounts=
}

# deb_chroot ROOT COMMAND...: COMMAND in ROOT with a clean environment
# (DEB_BUILD_OPTIONS passes through).
deb_chroot() {
	r=$1
	shift
	chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
		DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-}" "$@"
}
