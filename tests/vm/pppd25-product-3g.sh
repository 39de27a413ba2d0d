#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# product-3g.sh, unchanged, from the trixie package: dpkg installs
# $LTEPI_TRIXIE_DEB (tools/deb -r trixie) in the trixie root, where
# trixie's pppd 2.5.2 runs the package's ltepi.so and ltepi-modem (built
# against trixie's libgpiod 2) on both ends (pppd25-lib.sh).  Skips
# without the package.

. "$(dirname "$0")/pppd25-lib.sh"
. "$vm_libdir/lib-product.sh"
pppd25_use_trixie_deb
PPPD25_PROOF="link route(s) installed"
pppd25_run product-3g.sh
