#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The problem and its fix, over TCP: pi's default route is its LAN, so a
# connection from the internet to pi's ppp address gets no answer (the
# replies leave by the LAN and die there), with the plugin loaded but
# `nosrcroute`.  With `srcroute-table 200` the same connection succeeds, even
# under strict rp_filter, and the plugin owns exactly one rule and one route,
# both tagged "proto ltepi" (rt_protos.d/ltepi.conf installed, as a package
# would).  pi's own traffic keeps using the LAN; after pppd stops nothing is
# left.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

topo_up
rt_tables_add 201 unused # overlays /etc/iproute2, where rt_protos.d goes
# iproute2 >= 6.5 (trixie) ships its defaults in /usr/share/iproute2 only.
mkdir -p /etc/iproute2/rt_protos.d
cp "$top_srcdir/examples/rt_protos.d/ltepi.conf" /etc/iproute2/rt_protos.d/
serve pi tcp 7000

pi_pppd_start plugin "$PLUGIN" nosrcroute
pi_pppd_wait_up
assert_ok "the isp (the link's peer) connects to pi" \
	probe isp tcp "$PI_PPP_ADDR" 7000
assert_fails "nosrcroute: the internet client cannot connect to pi" \
	probe inet tcp "$PI_PPP_ADDR" 7000
sr_assert_none "nosrcroute"

pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE"
pi_pppd_wait_up
assert_ok "srcroute-table 200: the internet client connects to pi" \
	probe inet tcp "$PI_PPP_ADDR" 7000
sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF"
assert_contains "$(ip rule show table "$SR_TABLE")" \
	"$SR_PRIO:	from $PI_PPP_ADDR lookup $SR_TABLE proto ltepi" \
	"ip rule names the protocol 'ltepi'"
assert_contains "$(ip route show table "$SR_TABLE")" \
	"default dev $PI_PPP_IF proto ltepi scope link" \
	"ip route names the protocol 'ltepi'"
assert_contains "$(ip route get "$INET_CLIENT")" "dev lan0" \
	"pi's own traffic to the internet still leaves by the LAN"
assert_contains "$(ip route get "$INET_CLIENT" from "$PI_PPP_ADDR")" \
	"dev $PI_PPP_IF table $SR_TABLE" \
	"traffic from the ppp address leaves by the link"
assert_ok "pi still reaches its LAN router" ping_ok pi "$LAN_ROUTER"

sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.ppp0.rp_filter=1
assert_ok "strict rp_filter (1): the internet client still connects" \
	probe inet tcp "$PI_PPP_ADDR" 7000

pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd exits 'user request' on SIGTERM"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: IPv4 source routing and link routes removed" \
	"the plugin logged the removal"
sr_assert_none "after pppd stopped"
