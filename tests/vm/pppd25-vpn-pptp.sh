#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vpn-pptp.sh, unchanged, against Debian trixie's pppd 2.5.2 and trixie's own
# VPN packages (pppd25-lib.sh; the trixie root of
# tools/trixie-rootfs.sh holds them).  A product scenario: "make install"
# of the 2.5 build is staged on the host first, and pppd loads the plugin
# from there.

. "$(dirname "$0")/pppd25-lib.sh"
. "$vm_libdir/lib-product.sh"
# Not for a 2.4 build, nor without the trixie root: skip before staging.
[ -n "${LTEPI_VM_GUEST:-}" ] || pppd25_host_checks
product_stage "$vm_libdir/vpn-pptp.sh"
PPPD25_PROOF="leave via ppp"
pppd25_run vpn-pptp.sh
