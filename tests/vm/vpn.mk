# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VPN examples (examples/peers/vpn-pptp, vpn-l2tp; doc/vpn.md) against
# Debian's pptpd and xl2tpd as the provider's servers, alone and over the
# LTE link.  lib-vpn.sh holds what they share; they also use the product
# helpers (lib-product.sh) and srcroute-udp-echo (srcroute.mk).

EXTRA_DIST += tests/vm/lib-vpn.sh

vm_tests += tests/vm/vpn-pptp.sh
vm_tests += tests/vm/vpn-l2tp.sh
vm_tests += tests/vm/vpn-over-lte.sh

EXTRA_DIST += doc/vpn.md examples/peers/vpn-pptp examples/peers/vpn-l2tp \
	examples/xl2tpd/xl2tpd.conf

# The same against trixie's pppd 2.5.2 and VPN packages (pppd25.mk).  Not
# vpn-over-lte.sh: the 2.5 build's ltepi-modem is linked on the bookworm
# host against libgpiod.so.2, which trixie replaced by libgpiod.so.3, so
# it cannot dial in the trixie root (doc/vpn.md).
pppd25_tests += tests/vm/pppd25-vpn-pptp.sh tests/vm/pppd25-vpn-l2tp.sh
