#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Routing is not the part that fails closed: when the plugin cannot install
# source routing, pppd logs why and the link stays up for outbound traffic,
# with nothing of ltepi's half-installed.  Forced here in connmark mode by
# another process owning an nftables table of the name the plugin needs
# (nft -i holds it for as long as it runs).  Then SIGHUP, pppd's other way
# to end a link: without `persist` pppd hangs up and exits, and the plugin
# removes what it added on the way.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

SR_NFT_TABLE=ltepi-sr-$SR_TABLE

topo_up
serve pi tcp 7000

nft_owner_hold "$SR_NFT_TABLE"

# (pppd must not inherit the fifo's writer, or nft -i never sees its end)
pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	srcroute-mode connmark 7>&-
pi_pppd_wait_up
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: $PI_PPP_IF: source routing for $PI_PPP_ADDR not installed: create nft table for $PI_PPP_IF" \
	"the plugin logs that source routing failed, and why"
assert_ok "pppd keeps the link up" pi_pppd_alive
assert_ok "the link carries traffic (the isp connects to pi)" \
	probe isp tcp "$PI_PPP_ADDR" 7000
sr_assert_none "after the failed up: nothing half-installed"
nft_owner_release
pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd still exits 'user request' on SIGTERM"

pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE"
pi_pppd_wait_up
sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF"
pi_pppd_signal HUP
# pppd 2.4.9's hup() closes LCP as a user request, hence status 5.
assert_eq 5 "$PI_PPPD_STATUS" "SIGHUP without persist: pppd hangs up and exits"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: IPv4 source routing and link routes removed" \
	"the plugin logged the removal"
sr_assert_none "after SIGHUP"
