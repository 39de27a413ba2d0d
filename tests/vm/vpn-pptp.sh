#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The PPTP example (examples/peers/vpn-pptp), installed as a user would,
# against Debian's pptpd as the provider's server: the tunnel comes up over
# the LAN with MS-CHAPv2 and MPPE and brings the fixed address; the
# internet reaches a TCP and a UDP service on it through the tunnel (ltepi's
# source routing, table 203) while pi's default route stays on the LAN; a
# port outside the tunnel's firewall profile is refused.  Even with the
# default route into the tunnel, the tunnel's own packets keep going to the
# server by the LAN (the host route the example asks for).  poff leaves
# nothing: no ltepi rule, route or table, no pptp, no host route of pptp's.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-srcroute.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-vpn.sh"
vpn_enter "$0" "$@"
command -v pptp >/dev/null || skip "pptp missing (apt-get install pptp-linux)"

topo_up
vpn_uplink_lan
vpn_pptpd_start
product_install "$top_srcdir/examples/peers/vpn-pptp" vpn-pptp
vpn_services_start
routes_before=$(ip route show table all | grep -v -e ' table local ' -e '^local ' | sort)

started=$(now)
pon vpn-pptp logfile "$RESULTS/pi-pppd.log" debug
wait_for "$RESULTS/ip-up.vpn-pptp" 60 "the PPTP tunnel to come up"
note "pon vpn-pptp -> ip-up: $(elapsed_since "$started") s"
vpn_wait_carries "PPTP"
ifname=$(vpn_ifname vpn-pptp)
read -r _ local_addr _ <"$RESULTS/ip-up.vpn-pptp"
assert_eq "$VPN_FIXED_ADDR" "$local_addr" "the tunnel brought the fixed address"
assert_file_contains "$RESULTS/pi-pppd.log" "CHAP authentication succeeded" \
	"MS-CHAPv2 with the example's account"
assert_file_contains "$RESULTS/pi-pppd.log" "MPPE 128-bit" "MPPE encrypts the tunnel"
assert_contains "$(ip route show default)" "via $LAN_ROUTER dev lan0" \
	"pi's default route stays on the LAN"
assert_eq "$SR_PRIO: from $VPN_FIXED_ADDR lookup 203" "$(sr_rules -4)" \
	"one ltepi rule: the fixed address looks up table 203"
assert_eq "default dev $ifname table 203 scope link" "$(sr_routes -4)" \
	"table 203 routes into the tunnel"
assert_eq "table inet ltepi-fw-$ifname" "$(nft list tables | grep ' ltepi-')" \
	"the web profile guards the tunnel's interface"
vpn_assert_inbound "PPTP"

# The default route into the tunnel (as "defaultroute" would put it): the
# tunnel's own packets must still reach the server by the LAN.
ip route replace default dev "$ifname"
assert_contains "$(ip route get "$VPN_SERVER")" "via $LAN_ROUTER dev lan0" \
	"with the default route in the tunnel, the server stays routed by the LAN"
assert_ok "and the tunnel still carries inbound connections" \
	eventually probe inet tcp "$VPN_FIXED_ADDR" 443
ip route replace default via "$LAN_ROUTER" dev lan0

poff vpn-pptp
pon_wait_gone vpn-pptp
assert_nothing_left 203 "after poff vpn-pptp"
assert_fails "no pptp left running" pgrep -x pptp
assert_eq "$routes_before" \
	"$(ip route show table all | grep -v -e ' table local ' -e '^local ' | sort)" \
	"the routing tables are as before pon (no host route of pptp's)"
