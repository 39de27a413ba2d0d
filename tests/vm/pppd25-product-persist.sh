#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# product-persist.sh, unchanged, from the trixie package: dpkg installs
# $LTEPI_TRIXIE_DEB (tools/deb -r trixie) in the trixie root, where
# trixie's pppd 2.5.2 runs the package's ltepi.so and ltepi-modem (built
# against trixie's libgpiod 2) on both ends (pppd25-lib.sh).  Skips
# without the package.

. "$(dirname "$0")/pppd25-lib.sh"
. "$vm_libdir/lib-product.sh"
pppd25_use_trixie_deb
# The scenario's own time limit (30 s a drop) is set after the VM booted
# here: the wrapper sets it, plus a minute for the chroot and dpkg.
LTEPI_VM_TIMEOUT=${LTEPI_VM_TIMEOUT:-$((240 + 30 * ${LTEPI_PRODUCT_DROPS:-20}))}
export LTEPI_VM_TIMEOUT
PPPD25_PROOF="leave via ppp"
pppd25_run product-persist.sh
