#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# power-gpio.sh's scenarios through libgpiod 1.6 on a real GPIO chip: this
# tree's ltepi-modem (bookworm's build links libgpiod.so.2, the v1 GPIO
# ABI) against gpio-sim in the VM's default kernel, bookworm's 6.1, which
# has the v1 ABI but no gpio-sim of its own: tools/build-gpio-sim.sh builds
# one out of tree from Debian's linux-source-6.1 (build/gpio-sim, or
# LTEPI_GPIO_SIM_DIR), which the guest loads with insmod.  The 7.x kernels
# with gpio-sim lack the v1 ABI, so this is the libgpiod 1.6 code path of
# chat/gpio.c on a real kernel chip; power-gpio-trixie.sh runs the same
# scenarios through libgpiod 2.
#
# Loading the unsigned out-of-tree module taints the VM's kernel (never the
# host's: nothing is loaded there).  Skips (77) without a built module.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gpio.sh"

gpio_bookworm_host_checks() {
	# The VM's default kernel, the one the module was built for.
	unset LTEPI_VM_KERNEL
	dir=${LTEPI_GPIO_SIM_DIR:-$top_srcdir/build/gpio-sim}
	ls "$dir"/*/ltepi-gpio-sim.ko >/dev/null 2>&1 ||
		skip "no gpio-sim module built in $dir (run tools/build-gpio-sim.sh, or set LTEPI_GPIO_SIM_DIR)"
	LTEPI_GPIO_SIM_DIR=$(cd "$dir" && pwd)
	export LTEPI_GPIO_SIM_DIR
}

[ -n "${LTEPI_VM_GUEST:-}" ] || gpio_bookworm_host_checks
vm_enter "$0" "$@"
trap gpio_exit EXIT

GPIO_SIM_MODULE=$LTEPI_GPIO_SIM_DIR/$(uname -r)/ltepi-gpio-sim.ko
[ -f "$GPIO_SIM_MODULE" ] ||
	skip "no gpio-sim module for the VM's kernel $(uname -r) in $LTEPI_GPIO_SIM_DIR (run tools/build-gpio-sim.sh again)"
GPIO_HELPER=$top_builddir/chat/ltepi-modem
libs=$(ldd "$GPIO_HELPER" 2>&1) || fail "ldd $GPIO_HELPER: $libs"
if grep -q '^#define HAVE_LIBGPIOD_V1 1' "$top_builddir/config.h"; then
	assert_contains "$libs" "libgpiod.so.2 => " "this build's ltepi-modem uses libgpiod 1.x"
	assert_ok "kernel $(uname -r) has the v1 GPIO ABI (CONFIG_GPIO_CDEV_V1) libgpiod 1.x needs" \
		gpio_kernel_has_v1
else
	note "a libgpiod 2 build: the sequence runs through the v2 ABI"
fi

gpio_sim_up
gpio_board_start
gpio_scenario_sequence
gpio_scenario_bad_names
