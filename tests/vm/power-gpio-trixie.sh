#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# power-gpio.sh's scenarios with trixie's ltepi-modem: the one in the
# trixie package (LTEPI_TRIXIE_DEB=path/to/ltepi_<ver>_amd64.deb, from
# tools/deb -r trixie), linked against trixie's libgpiod 2 (libgpiod.so.3),
# run in a chroot of the trixie root (tools/trixie-rootfs.sh, as
# pppd25-lib.sh builds it) against gpio-sim in trixie-backports' kernel:
# the libgpiod 2 code path of chat/gpio.c on a real GPIO chip.
#
# Skips (77) without the package, the trixie root or the kernel.

. "$(dirname "$0")/pppd25-lib.sh"
. "$(dirname "$0")/lib-gpio.sh"

gpio_trixie_host_checks() {
	gpio_kernel_select
	[ -n "${LTEPI_TRIXIE_DEB:-}" ] ||
		skip "no trixie package (set LTEPI_TRIXIE_DEB=path/to/ltepi_<ver>_amd64.deb from tools/deb -r trixie)"
	[ -f "$LTEPI_TRIXIE_DEB" ] || {
		echo "ERROR: LTEPI_TRIXIE_DEB=$LTEPI_TRIXIE_DEB does not exist"
		exit 99
	}
	LTEPI_TRIXIE_DEB=$(cd "$(dirname "$LTEPI_TRIXIE_DEB")" && pwd)/${LTEPI_TRIXIE_DEB##*/}
	[ -f "$pppd25_root/.ltepi-rootfs" ] ||
		skip "no trixie root in $pppd25_root (run tools/trixie-rootfs.sh, or set LTEPI_TRIXIE_ROOT)"
	ls "$pppd25_root"/usr/lib/*/libgpiod.so.3 >/dev/null 2>&1 ||
		skip "the trixie root in $pppd25_root has no libgpiod3 (rebuild it with tools/trixie-rootfs.sh)"
	export LTEPI_TRIXIE_DEB LTEPI_TRIXIE_ROOT="$pppd25_root"
}

[ -n "${LTEPI_VM_GUEST:-}" ] || gpio_trixie_host_checks
vm_enter "$0" "$@"
trap gpio_exit EXIT

new=/run/ltepi-gpio-root
pppd25_chroot_setup "$new"
mkdir -p "$new/run/ltepi-deb"
dpkg-deb -x "$LTEPI_TRIXIE_DEB" "$new/run/ltepi-deb"
helper=/run/ltepi-deb/usr/sbin/ltepi-modem
libs=$(chroot "$new" ldd "$helper" 2>&1) || fail "ldd $helper in the trixie root: $libs"
assert_contains "$libs" "libgpiod.so.3 => " "the package's ltepi-modem uses trixie's libgpiod 2"
case $libs in
*"not found"*) fail "the trixie root lacks a library of ltepi-modem: $libs" ;;
esac
GPIO_HELPER="chroot $new $helper"

gpio_sim_up
gpio_board_start
gpio_scenario_sequence
gpio_scenario_bad_names
