# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem's GPIO power backend against a real kernel GPIO chip
# (gpio-sim, lib-gpio.sh).  These boot trixie-backports' kernel, fetched by
# tools/fetch-kernel.sh into build/kernel (or LTEPI_GPIO_KERNEL=its module
# directory), and skip without it: power-gpio.sh runs this build's helper,
# power-gpio-trixie.sh the trixie package's (LTEPI_TRIXIE_DEB, in the
# trixie root of tools/trixie-rootfs.sh).  power-gpio-bookworm.sh boots the
# VM's default kernel (bookworm's 6.1, with the v1 GPIO ABI) with the
# gpio-sim module tools/build-gpio-sim.sh builds into build/gpio-sim, and
# skips without it: libgpiod 1.6 on a real chip.

vm_tests += tests/vm/power-gpio.sh
vm_tests += tests/vm/power-gpio-trixie.sh
vm_tests += tests/vm/power-gpio-bookworm.sh
EXTRA_DIST += tests/vm/lib-gpio.sh tests/vm/gpio-board-sim.sh
