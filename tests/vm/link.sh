#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The bare topology, without the plugin: two distribution pppds bring up a
# kernel PPP link, the ISP reaches pi over it, the link comes back with a new
# address after a restart, pi's pppd ends when the ISP hangs up, and a killed
# pppd takes the interface with it.
# The internet client cannot reach pi: pi's replies follow the default route
# into the LAN.  That is the problem the plugin's source routing solves, and
# it is asserted here so that a topology change cannot hide it.  Last, the
# library's private configuration and its teardown are checked.

. "$(dirname "$0")/lib.sh"
vm_enter "$0" "$@"

topo_up

pi_pppd_start
pi_pppd_wait_up
assert_eq 100.64.0.2 "$PI_PPP_ADDR" "pi got the address the ISP hands out"
assert_ok "isp pings pi's ppp address" ping_ok isp "$PI_PPP_ADDR"
assert_ok "pi pings the isp" ping_ok pi "$ISP_PPP_ADDR"
assert_ok "the internet client reaches the isp" ping_ok inet "$ISP_INET_ADDR"
assert_fails "without source routing pi's replies to the internet are lost" \
	ping_ok inet "$PI_PPP_ADDR"
assert_ok "pi reaches the LAN router" ping_ok pi "$LAN_ROUTER"
serve pi tcp 7000
assert_ok "isp connects to a TCP server on pi" probe isp tcp "$PI_PPP_ADDR" 7000
serve pi udp 7001
assert_ok "a LAN host gets a UDP answer from pi" \
	probe lan udp "$PI_LAN_ADDR" 7001 "$LAN_HOST"

pi_pppd_restart --addr 100.64.0.9
pi_pppd_wait_up
assert_eq 5 "$PI_PPPD_STATUS" "the first pppd exited 'user request' on SIGTERM"
assert_eq 100.64.0.9 "$PI_PPP_ADDR" "the new connection got the new address"
assert_ok "isp pings pi's new address" ping_ok isp 100.64.0.9

isp_pppd_hangup
pi_pppd_wait_down
pi_pppd_reap
assert_eq 16 "$PI_PPPD_STATUS" "pi's pppd exits 'hangup' when the ISP hangs up"

pi_pppd_start
pi_pppd_wait_up
pi_pppd_kill
assert_eq 137 "$PI_PPPD_STATUS" "pppd died of SIGKILL"
assert_fails "the kernel removed $PI_PPP_IF with its pppd" \
	ip link show "$PI_PPP_IF"

rt_tables_add 200 ltepi-test
assert_ok "a test can name routing tables" \
	ip route add unreachable 203.0.113.0/24 table ltepi-test
assert_contains "$(ip route show table 200)" "unreachable 203.0.113.0/24" \
	"the name is the number"
topo_down
assert_eq "" "$(ip netns list)" "teardown deleted the namespaces"
assert_fails "teardown removed the /etc/ppp overlay" mountpoint -q /etc/ppp
assert_fails "teardown removed the /etc/iproute2 overlay" \
	ip route show table ltepi-test
assert_eq "" "$(ss -Htlnup)" "teardown stopped the servers"
