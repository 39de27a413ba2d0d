#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A Debian trixie root filesystem in which the VM tests run real pppd 2.5.2
# (tests/vm/pppd25-*.sh chroot into it inside the VM):
#
#   tools/trixie-rootfs.sh [DIR]        (default: build/trixie-root)
#
# Prints DIR.  Built with debootstrap (minbase plus what the VM scenarios
# call: pppd, ip, nft, socat, busybox's ping, ..., and the libraries of the
# trixie package's ltepi-modem for tests/vm/power-gpio-trixie.sh) from the mirror this
# machine's apt already uses, so the packages are trixie's own, maintainer
# scripts included.  The result is cached: a stamp file records the package
# list, and a root whose stamp matches is reused as is; a build that did not
# finish never leaves a stamp (it happens in DIR.new and is renamed).  The
# .debs are kept in DIR.debs, so a rebuild does not download them again.
#
# Needs root and debootstrap.  See doc/portability.md for its cost.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/apt-private.sh"
. "$top/tools/debootstrap-cache.sh"
dest=${1:-$top/build/trixie-root}
suite=trixie
packages=ppp,iproute2,nftables,libnftables1,socat,procps,busybox,kmod,psmisc,util-linux,pptpd,pptp-linux,xl2tpd,coturn
# The product scenarios (tests/vm/pppd25-product-*.sh): what they call
# (curl, pppoe-server), and what the trixie package of ltepi Depends on and
# Recommends, which dpkg -i in the VM cannot fetch.
packages=$packages,curl,pppoe,libgpiod3,libexpat1,libnettle8t64,mobile-broadband-provider-info
want="suite=$suite packages=$packages layout=3"

if debootstrap_cache_fresh "$dest" .ltepi-rootfs "$want"; then
	echo "$dest"
	exit 0
fi
# Inside the VM the tests can see neither /tmp nor /run of the host.
case $dest/ in
/tmp/* | /run/* | /var/run/* | /dev/*)
	echo "trixie-rootfs.sh: $dest is hidden from the VM; pick another place" >&2
	exit 1
	;;
esac
debootstrap_cache_build trixie-rootfs.sh "$suite" "$dest" \
	--include="$packages"
new=$dest.new
# Nothing in the root is of use to the tests afterwards: apt's lists and
# cache, docs and man pages (about half the size).
rm -rf "$new"/var/lib/apt/lists/* "$new"/var/cache/apt/*.bin \
	"$new"/var/cache/apt/archives/*.deb \
	"$new"/usr/share/doc "$new"/usr/share/man "$new"/usr/share/locale
# Mount points: a package installed in the VM puts its documentation on
# tmpfs there (tests/vm/lib-product.sh).
mkdir -p "$new/usr/share/doc" "$new/usr/share/man"
# iproute2 >= 6.5 ships its tables under /usr/share/iproute2 only; an
# administrator who names a table creates /etc/iproute2, as the tests do.
if [ ! -e "$new/etc/iproute2/rt_tables" ] &&
	[ -f "$new/usr/share/iproute2/rt_tables" ]; then
	mkdir -p "$new/etc/iproute2"
	cp "$new/usr/share/iproute2/rt_tables" "$new/etc/iproute2/rt_tables"
fi
# The mount point for the host's kernel modules, which the VM binds there
# for the scenarios that run modprobe.
mkdir -p "$new/usr/lib/modules"
debootstrap_cache_finish "$dest" .ltepi-rootfs "$want"
