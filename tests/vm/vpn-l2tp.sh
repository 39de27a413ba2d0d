#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The L2TP example (examples/peers/vpn-l2tp with examples/xl2tpd/xl2tpd.conf),
# installed as a user would, against Debian's xl2tpd as the provider's LNS:
# pi's xl2tpd dials the tunnel over the LAN, its pppd (with ltepi) gets the
# fixed address with MS-CHAPv2; the internet reaches a TCP and a UDP
# service on it through the tunnel (source routing, table 204) while pi's
# default route stays on the LAN; a port outside the tunnel's firewall
# profile is refused; with the default route into the tunnel the server
# stays routed by the LAN.  Disconnecting leaves nothing of ltepi's.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-srcroute.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-vpn.sh"
vpn_enter "$0" "$@"
command -v xl2tpd >/dev/null || skip "xl2tpd missing (apt-get install xl2tpd)"

topo_up
vpn_uplink_lan
vpn_xl2tpd_server_start
product_install "$top_srcdir/examples/peers/vpn-l2tp" vpn-l2tp
# pppd started by xl2tpd has no command line of ours: its log goes where
# the test reads it.
echo "logfile $RESULTS/pi-pppd.log" >>/etc/ppp/peers/vpn-l2tp
vpn_services_start
vpn_xl2tpd_client_start

started=$(now)
xl2tpd-control connect-lac vpn-l2tp >"$RESULTS/xl2tpd-control.out" 2>&1 ||
	fail "xl2tpd-control connect-lac failed: $(cat "$RESULTS/xl2tpd-control.out")"
wait_for "$RESULTS/ip-up.vpn-l2tp" 60 "the L2TP tunnel to come up"
note "connect-lac -> ip-up: $(elapsed_since "$started") s"
vpn_wait_carries "L2TP"
ifname=$(vpn_ifname vpn-l2tp)
read -r _ local_addr _ <"$RESULTS/ip-up.vpn-l2tp"
assert_eq "$VPN_FIXED_ADDR" "$local_addr" "the tunnel brought the fixed address"
assert_file_contains "$RESULTS/pi-pppd.log" "CHAP authentication succeeded" \
	"MS-CHAPv2 with the example's account"
assert_contains "$(ip route show default)" "via $LAN_ROUTER dev lan0" \
	"pi's default route stays on the LAN"
assert_eq "$SR_PRIO: from $VPN_FIXED_ADDR lookup 204" "$(sr_rules -4)" \
	"one ltepi rule: the fixed address looks up table 204"
assert_eq "default dev $ifname table 204 scope link" "$(sr_routes -4)" \
	"table 204 routes into the tunnel"
assert_eq "table inet ltepi-fw-$ifname" "$(nft list tables | grep ' ltepi-')" \
	"the web profile guards the tunnel's interface"
vpn_assert_inbound "L2TP"

ip route replace default dev "$ifname"
assert_contains "$(ip route get "$VPN_SERVER")" "via $LAN_ROUTER dev lan0" \
	"with the default route in the tunnel, the server stays routed by the LAN"
assert_ok "and the tunnel still carries inbound connections" \
	eventually probe inet tcp "$VPN_FIXED_ADDR" 443
ip route replace default via "$LAN_ROUTER" dev lan0

xl2tpd-control disconnect-lac vpn-l2tp >>"$RESULTS/xl2tpd-control.out" 2>&1 ||
	fail "xl2tpd-control disconnect-lac failed: $(cat "$RESULTS/xl2tpd-control.out")"
wait_for "$RESULTS/ip-down.vpn-l2tp" 30 "the L2TP tunnel to go down"
retry_until 10 "pppd of the L2TP session still runs after disconnect-lac" \
	eval '[ -z "$(pgrep -f "file /etc/ppp/peers/vpn-l2tp")" ]'
assert_nothing_left 204 "after disconnect-lac vpn-l2tp"
assert_fails "no ppp interface left" test -e "/sys/class/net/$ifname"
