#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# link-route: with pppd's `nodefaultroute` (lib.sh's default), only the given
# prefixes are routed over the link, in the main table, while it is up; every
# other destination keeps using the LAN.  Alone, link routes need no table
# and add no rule; with srcroute-table they come on top of the source routing
# (here as a host route, a bare address).  After the link goes down they are
# gone and the prefix is back on the LAN.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

topo_up
assert_contains "$(ip route get "$INET_CLIENT")" "dev lan0" \
	"before the link, the internet client is routed to the LAN"
assert_fails "so pi cannot reach it" ping_ok pi "$INET_CLIENT"

pi_pppd_start plugin "$PLUGIN" link-route 198.51.100.0/24
pi_pppd_wait_up
assert_eq "198.51.100.0/24 dev $PI_PPP_IF scope link" "$(sr_routes -4)" \
	"one tagged route, the prefix via $PI_PPP_IF in the main table"
assert_eq "" "$(sr_rules -4; sr_rules -6)" "link routes alone add no rule"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: $PI_PPP_IF: 1 link route(s) installed" "pppd logged it"
assert_contains "$(ip route get "$INET_CLIENT")" "dev $PI_PPP_IF" \
	"the prefix is routed over the link"
assert_ok "pi reaches the internet client over the link" \
	ping_ok pi "$INET_CLIENT"
assert_contains "$(ip route get 203.0.113.1)" "via $LAN_ROUTER dev lan0" \
	"other destinations still go to the LAN"
assert_contains "$(ip route show default)" "via $LAN_ROUTER dev lan0" \
	"the default route is untouched"

isp_pppd_hangup
pi_pppd_wait_down
pi_pppd_reap
sr_assert_none "after the ISP hung up"
assert_contains "$(ip route get "$INET_CLIENT")" "dev lan0" \
	"after the link, the prefix is back on the LAN"

pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	link-route "$INET_CLIENT"
pi_pppd_wait_up
assert_eq "$(printf '%s\n%s\n' "$INET_CLIENT dev $PI_PPP_IF scope link" \
	"default dev $PI_PPP_IF table $SR_TABLE scope link" | sort)" \
	"$(sr_routes -4)" "with srcroute-table: the host route and table 200's default"
assert_eq "$SR_PRIO: from $PI_PPP_ADDR lookup $SR_TABLE" "$(sr_rules -4)" \
	"with srcroute-table: the one rule"
assert_ok "pi reaches the internet client over the link" \
	ping_ok pi "$INET_CLIENT"
pi_pppd_stop
sr_assert_none "after pppd stopped"
