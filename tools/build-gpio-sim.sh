#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the gpio-sim kernel module for the VM's default kernel, bookworm's
# 6.1, so that tests/vm/power-gpio-bookworm.sh can run the GPIO power
# sequence through libgpiod 1.6 on a real kernel GPIO chip:
#
#   tools/build-gpio-sim.sh [DIR]      (default: build/gpio-sim)
#
# Prints the module, DIR/KVER/ltepi-gpio-sim.ko.  KVER is the kernel
# tests/vm/run.sh boots by default (the newest /boot/vmlinuz-* with its
# /lib/modules), or LTEPI_GPIO_SIM_KVER.
#
# Why: Debian builds its 6.1 kernel with the v1 GPIO character device ABI
# (CONFIG_GPIO_CDEV_V1=y), which libgpiod 1.6 speaks, but without
# CONFIG_GPIO_SIM and without CONFIG_IRQ_SIM, which gpio-sim needs; the
# kernels that ship gpio-sim (7.x) lack the v1 ABI (doc/portability.md).
# So this takes the kernel's own sources from Debian's linux-source-X.Y of
# the same version as the installed linux-image-KVER, extracts only
# drivers/gpio/gpio-sim.c, drivers/gpio/gpiolib.h and kernel/irq/irq_sim.c,
# and builds them together into one module against linux-headers-KVER
# (make -C /lib/modules/KVER/build M=DIR).  One change to irq_sim.c:
# it calls irq_to_desc(), which Linux stopped exporting to modules in 5.15
# ("genirq: Unexport irq_to_desc() for good"), to run handle_simple_irq on
# a simulated interrupt; generic_handle_irq() (exported) runs the
# descriptor's handler, which irq_sim set to handle_simple_irq, the same
# way.  The sources are GPL-2.0, built here, never committed.
#
# Installs linux-headers-KVER and linux-source-X.Y (pinned to the image's
# version) with apt-get when missing: needs root then.  Never loads the
# module on this machine: only the VM does (insmod).  The module is not
# signed; Debian's kernel loads it (CONFIG_MODULE_SIG_FORCE is off) and
# marks itself tainted (out-of-tree, unsigned).
#
# Cached: DIR/KVER/.ltepi-gpio-sim records the kernel, the source version
# and this script's recipe; while they match, the module is reused.  A
# build that did not finish leaves no stamp (it happens in DIR/KVER.new).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$top/build/gpio-sim}
# Bump when the way the module is built changes: old builds are redone.
recipe=1
module=ltepi-gpio-sim

die() {
	echo "build-gpio-sim.sh: $*" >&2
	exit 1
}

# The kernel tests/vm/run.sh boots without LTEPI_VM_KERNEL.
. "$top/tests/vm/default-kernel.sh"

installed_version() { # PACKAGE
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

# The Debian packages for KVER at the image's version, installed when
# missing (apt-get, root).
install_packages() { # KVER SOURCE_PACKAGE VERSION
	missing=
	[ -n "$(installed_version "linux-headers-$1")" ] ||
		missing="$missing linux-headers-$1=$3"
	[ "$(installed_version "$2")" = "$3" ] || missing="$missing $2=$3"
	[ -n "$missing" ] || return 0
	[ "$(id -u)" = 0 ] || die "need root to install:$missing"
	echo "build-gpio-sim.sh: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends $missing >"$dest/apt.log" 2>&1 || {
		apt-get update -q >>"$dest/apt.log" 2>&1 &&
			apt-get install -y -q --no-install-recommends $missing >>"$dest/apt.log" 2>&1
	} || {
		tail -n 20 "$dest/apt.log" >&2
		die "installing$missing failed (the mirror may no longer offer $3)"
	}
}

# The three source files, flat in DIR, from the source tarball.
extract_sources() { # TARBALL DIR
	top_dir=$(basename "$1" .tar.xz)
	files="drivers/gpio/gpio-sim.c drivers/gpio/gpiolib.h kernel/irq/irq_sim.c"
	members=
	for file in $files; do
		members="$members $top_dir/$file"
	done
	# shellcheck disable=SC2086 # members is a list of paths
	tar -xJf "$1" -C "$2" $members || die "$1 lacks one of: $files"
	for file in $files; do
		mv "$2/$top_dir/$file" "$2/"
	done
	rm -rf "${2:?}/$top_dir"
}

# irq_to_desc() is not exported (see above): the one call, replaced by
# generic_handle_irq(); refuses sources where it is not exactly that call.
patch_irq_sim() { # FILE
	old='handle_simple_irq(irq_to_desc(irqnum));'
	[ "$(grep -cF "$old" "$1")" = 1 ] ||
		die "$1: not the irq_sim.c this script knows (no single '$old')"
	sed -i "s/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/" "$1"
	! grep -q 'irq_to_desc' "$1" || die "$1 still calls irq_to_desc()"
}

kver=${LTEPI_GPIO_SIM_KVER:-}
[ -n "$kver" ] || kver=$(vm_default_kernel) ||
	die "no /boot/vmlinuz-* with matching /lib/modules: no kernel to build for"
config=/boot/config-$kver
[ -f "$config" ] || die "$config missing: is $kver a Debian kernel?"
! grep -qx 'CONFIG_GPIO_SIM=[ym]' "$config" ||
	die "$kver has gpio-sim already (CONFIG_GPIO_SIM): use its own module"
grep -qx 'CONFIG_CONFIGFS_FS=[ym]' "$config" ||
	die "$kver has no configfs (CONFIG_CONFIGFS_FS), which gpio-sim is configured through"
image=linux-image-$kver
version=$(installed_version "$image")
[ -n "$version" ] || die "$image is not installed as a Debian package"
series=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\)\..*/\1/p')
[ -n "$series" ] || die "cannot tell the X.Y series of kernel $kver"
source_package=linux-source-$series
tarball=/usr/src/$source_package.tar.xz

out=$dest/$kver
stamp=$out/.ltepi-gpio-sim
want="kver=$kver $source_package=$version recipe=$recipe"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$out/$module.ko" ]; then
	echo "$out/$module.ko"
	exit 0
fi

case $dest/ in
/tmp/* | /run/* | /var/run/* | /dev/*)
	die "$dest is hidden from the VM; pick another place"
	;;
esac
mkdir -p "$dest"
install_packages "$kver" "$source_package" "$version"
[ -f "$tarball" ] || die "$source_package installed no $tarball"
[ -d "/lib/modules/$kver/build" ] || die "linux-headers-$kver installed no /lib/modules/$kver/build"

new=$out.new
rm -rf "$new"
mkdir -p "$new"
extract_sources "$tarball" "$new"
sources="gpio-sim.o"
if grep -qx 'CONFIG_IRQ_SIM=y' "$config"; then
	rm "$new/irq_sim.c"
else
	patch_irq_sim "$new/irq_sim.c"
	sources="$sources irq_sim.o"
fi
printf '# gpio-sim for %s (tools/build-gpio-sim.sh)\nobj-m := %s.o\n%s-y := %s\n' \
	"$kver" "$module" "$module" "$sources" >"$new/Kbuild"
make -C "/lib/modules/$kver/build" M="$new" modules >"$new/build.log" 2>&1 || {
	tail -n 20 "$new/build.log" >&2
	die "building $module for $kver failed (log: $new/build.log)"
}
[ -f "$new/$module.ko" ] || die "the build made no $module.ko (log: $new/build.log)"
echo "$want" >"$new/.ltepi-gpio-sim"
rm -rf "$out"
mv "$new" "$out"
# M= builds write absolute paths of DIR.new into the objects' .cmd files;
# only the module is used.
echo "$out/$module.ko"
