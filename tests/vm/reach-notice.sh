#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "It connected" is not "the internet can reach it": at ip-up the plugin
# logs a notice when the link's address is one the internet cannot reach
# (IANA's special-purpose registry): carrier-grade NAT space, as our own
# simulated ISP hands out, or a private address, as the 3G seed's dongle got.
# Once per address: a persist redial to the same address says nothing new.
# A global address logs nothing.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

topo_up
notices() { fw_log_count "the internet cannot reach it"; }

fw_log_mark
pi_pppd_start plugin "$PLUGIN" persist holdoff 1 maxfail 0
pi_pppd_wait_up
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: ppp0: 100.64.0.2 is in 100.64.0.0/10, shared address space (carrier-grade NAT) (RFC 6598): the internet cannot reach it; ask the provider for a global (fixed) address" \
	"a CGNAT address: the notice names the range and what to do"
assert_eq 1 "$(notices)" "  logged once"
rm -f "$RESULTS/ip-up.pi" "$RESULTS/ip-down.pi"
isp_pppd_hangup
pi_pppd_wait_down
pi_pppd_wait_up
assert_eq 1 "$(notices)" "a persist redial to the same address: not again"
pi_pppd_stop

fw_log_mark
pi_pppd_start --addr 10.47.118.140 plugin "$PLUGIN"
pi_pppd_wait_up
assert_eq 1 "$(fw_log_count "10.47.118.140 is in 10.0.0.0/8, private-use (RFC 1918): the internet cannot reach it")" \
	"a private address (the 3G seed's): its notice"
pi_pppd_stop

# Only namespaces of this VM: no packet leaves it, whatever the address.
fw_log_mark
pi_pppd_start --addr 81.2.69.160 plugin "$PLUGIN"
pi_pppd_wait_up
assert_eq 0 "$(notices)" "a global address: no notice"
assert_ok "  and the link works" ping_ok isp "$PI_PPP_ADDR"
