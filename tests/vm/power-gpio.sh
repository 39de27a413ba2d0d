#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem's GPIO power backend, as this tree built it, against a real
# kernel GPIO chip (gpio-sim, lib-gpio.sh): the LTEPi power key sequence
# (power on, on again, cycle, off) with the pulse lengths and hold levels
# seen on the lines, two power-ons at once, a custom configuration, and
# wrong chip and line names.
#
# The VM boots trixie-backports' kernel (tools/fetch-kernel.sh), the first
# Debian kernel with gpio-sim; it is also built without the v1 GPIO ABI
# (CONFIG_GPIO_CDEV_V1, off by default from Linux 7.0), which bookworm's
# libgpiod 1.6 needs.  A libgpiod 1.x build therefore checks that it fails
# there with that reason and leaves no line requested; the sequence itself
# runs with libgpiod 2 (power-gpio-trixie.sh, trixie's package), or here
# on a kernel that has both.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-gpio.sh"
[ -n "${LTEPI_VM_GUEST:-}" ] || gpio_kernel_select
vm_enter "$0" "$@"
trap gpio_exit EXIT

GPIO_HELPER=$top_builddir/chat/ltepi-modem
gpio_sim_up
gpio_board_start
if grep -q '^#define HAVE_LIBGPIOD_V1 1' "$top_builddir/config.h" &&
	! gpio_kernel_has_v1; then
	note "libgpiod 1.x build, kernel $(uname -r) without CONFIG_GPIO_CDEV_V1"
	gpio_scenario_no_v1
else
	gpio_scenario_sequence
	gpio_scenario_bad_names
fi
