#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The combined case of doc/vpn.md: the LTE link (shipped peers/ltepi2 through
# the modem simulator, the ISP handing out a private 10.x address, which
# ltepi's reachability notice names) with "link-route 192.0.2.1/32" for the
# VPN server, and the PPTP example over it.  Two links, two tables (200,
# 203), two firewall profiles (GRE from the VPN server only on the LTE
# interface, web on the tunnel): the internet reaches the services on the fixed address through
# the tunnel, the LTE address stays closed, and the tunnel's packets go by
# the LTE link, not the LAN.  The ISP drops the LTE link: the tunnel notices
# (LCP echoes), both redial (persist) and inbound connections to the fixed
# address work again.  poff of both leaves no rule, route or table.
#
# The LTE redial waits "holdoff 6" (pon's command line), longer than the
# tunnel needs to notice the loss (LCP echo every second, three missed), so
# the tunnel really goes down and comes back instead of riding out the gap.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-srcroute.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-vpn.sh"
vpn_enter "$0" "$@"
command -v pptp >/dev/null || skip "pptp missing (apt-get install pptp-linux)"

LTE_ADDR=10.20.30.40
topo_up
# The VPN server is the ISP's; the LAN has no way out (no vpn_uplink_lan),
# so only the LTE link reaches it.
ip -n isp addr add "$VPN_SERVER/32" dev lo
vpn_pptpd_start
product_install ppp/peers/ltepi2 ltepi2
# doc/vpn.md: the LTE link's profile lets the VPN server's GRE in (PPTP's
# data; conntrack cannot see it as replies), nothing else.
printf '%s\n' "allow gre from $VPN_SERVER" "policy drop" \
	>"$LTEPI_SYSCONFDIR/ppp/ltepi/firewall/lte-pptp"
sed -i 's/^firewall-profile deny-all$/firewall-profile lte-pptp/' /etc/ppp/peers/ltepi2
assert_file_contains /etc/ppp/peers/ltepi2 "firewall-profile lte-pptp" \
	"the LTE link's profile is lte-pptp"
product_install "$top_srcdir/examples/peers/vpn-pptp" vpn-pptp
vpn_services_start
routes_before=$(ip route show table all | grep -v -e ' table local ' -e '^local ' | sort)
PI_PPP_ADDR=$LTE_ADDR
modem_start

# The LTE ISP's pppd only (the modem simulator's child); pptpd's session
# pppd in the same namespace stays.  As lib.sh's isp_pppd_hangup: the
# pppd whose parent is no pppd (not its charshunt child).
lte_isp_hangup() {
	for pid in $(ip netns pids isp); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pppd ] || continue
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'ipparam isp ' ||
			continue
		ppid=$(awk '$1 == "PPid:" { print $2 }' "/proc/$pid/status" 2>/dev/null) ||
			continue
		[ "$(cat "/proc/$ppid/comm" 2>/dev/null)" != pppd ] || continue
		kill -s TERM "$pid" 2>/dev/null || :
	done
}

both_up() { # WHAT
	vpn_wait_carries "$1"
	lte_if=$(vpn_ifname ltepi2)
	vpn_if=$(vpn_ifname vpn-pptp)
	assert_eq "$(printf '%s\n' "$SR_PRIO: from $LTE_ADDR lookup 200" \
		"$SR_PRIO: from $VPN_FIXED_ADDR lookup 203" | sort)" "$(sr_rules -4)" \
		"$1: one rule per link, each for its own table"
	assert_eq "$(printf '%s\n' "$VPN_SERVER dev $lte_if scope link" \
		"default dev $lte_if table 200 scope link" \
		"default dev $vpn_if table 203 scope link" | sort)" "$(sr_routes -4)" \
		"$1: each table routes into its link; the server's host route is the LTE link's"
	assert_eq "$(printf '%s\n' "table inet ltepi-fw-$lte_if" \
		"table inet ltepi-fw-$vpn_if" | sort)" \
		"$(nft list tables | grep ' ltepi-' | sort)" \
		"$1: a firewall table per link"
	vpn_assert_inbound "$1"
	assert_fails "$1: the LTE address stays closed (lte-pptp: GRE from the server only)" \
		probe inet tcp "$LTE_ADDR" 443
}

pon ltepi2 holdoff 6 link-route "$VPN_SERVER/32" logfile "$RESULTS/pi-pppd.log"
wait_for "$RESULTS/ip-up.ltepi2" 60 "the LTE link to come up"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"$LTE_ADDR is in 10.0.0.0/8, private-use (RFC 1918): the internet cannot reach it" \
	"ltepi says the LTE address is private"
assert_contains "$(ip route get "$VPN_SERVER")" "dev $(vpn_ifname ltepi2)" \
	"the VPN server is routed over the LTE link"
started=$(now)
pon vpn-pptp holdoff 1 lcp-echo-interval 1 lcp-echo-failure 3 \
	logfile "$RESULTS/pi-vpn-pppd.log"
wait_for "$RESULTS/ip-up.vpn-pptp" 60 "the tunnel over LTE to come up"
note "pon vpn-pptp over LTE -> ip-up: $(elapsed_since "$started") s"
assert_contains "$(ip route show default)" "via $LAN_ROUTER dev lan0" \
	"pi's default route stays on the LAN"
both_up "over LTE"

rm -f "$RESULTS"/ip-up.ltepi2 "$RESULTS"/ip-down.ltepi2 \
	"$RESULTS"/ip-up.vpn-pptp "$RESULTS"/ip-down.vpn-pptp
started=$(now)
lte_isp_hangup
wait_for "$RESULTS/ip-down.ltepi2" 30 "the LTE link to go down"
wait_for "$RESULTS/ip-down.vpn-pptp" 30 "the tunnel to notice and go down"
note "LTE drop -> tunnel down: $(elapsed_since "$started") s"
wait_for "$RESULTS/ip-up.ltepi2" 60 "the LTE link to redial"
wait_for "$RESULTS/ip-up.vpn-pptp" 60 "the tunnel to redial over it"
note "LTE drop -> both up again: $(elapsed_since "$started") s"
both_up "after the LTE drop"

poff vpn-pptp
pon_wait_gone vpn-pptp
poff ltepi2
pon_wait_gone ltepi2
assert_nothing_left 200 "after poff of both"
assert_nothing_left 203 "after poff of both"
assert_eq "$routes_before" \
	"$(ip route show table all | grep -v -e ' table local ' -e '^local ' | sort)" \
	"the routing tables are as before pon (no link route, no host route left)"
