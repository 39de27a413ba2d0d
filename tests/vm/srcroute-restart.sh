#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pppd dies by SIGKILL while the link is up: no notifier runs, so its rule
# stays behind (the kernel drops only the routes, with ppp0).  The next pppd
# sweeps table 200 at start and, once up, the plugin owns exactly the rules
# for the new address.  In connmark mode the stale fwmark rules and the nft
# table of table 200 go in the same sweep.  Throughout, an admin's own rule
# and route in the same table at the same priority (untagged) are never
# touched: ownership is the
# tag, not the table or the priority.  The restart dials through a gate
# (lib-srcroute.sh) so that the sweep is checked before the link exists.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

FOREIGN_RULE="$SR_PRIO:	from 203.0.113.5 lookup $SR_TABLE"
FOREIGN_ROUTE="192.0.2.0/24 dev lan0 scope link"

assert_foreign_intact() { # WHEN
	assert_eq "$FOREIGN_RULE" \
		"$(ip rule show table "$SR_TABLE" | grep -v ' proto ')" \
		"$1: the admin's rule is intact"
	assert_eq "$FOREIGN_ROUTE" \
		"$(ip route show table "$SR_TABLE" | grep -v ' proto ' | sed 's/ *$//')" \
		"$1: the admin's route is intact"
}

topo_up
ip rule add from 203.0.113.5 lookup "$SR_TABLE" prio "$SR_PRIO"
ip route add 192.0.2.0/24 dev lan0 table "$SR_TABLE"

for mode in address connmark; do
	pi_pppd_start --addr 100.64.0.7 plugin "$PLUGIN" \
		srcroute-table "$SR_TABLE" srcroute-mode "$mode"
	pi_pppd_wait_up
	sr_assert_installed 100.64.0.7 "$PI_PPP_IF" "$SR_TABLE" "$mode"
	assert_foreign_intact "$mode mode, up"
	[ "$mode" = address ] || assert_eq 1 \
		"$(nft list tables | grep -c "ltepi-sr-$SR_TABLE")" \
		"connmark mode: the nft table of table $SR_TABLE"

	pi_pppd_kill
	assert_eq 137 "$PI_PPPD_STATUS" "$mode mode: pppd died of SIGKILL"
	assert_contains "$(sr_rules -4)" "$SR_PRIO: from 100.64.0.7 lookup $SR_TABLE" \
		"$mode mode: the killed pppd's rule is left behind"
	assert_eq "" "$(sr_routes -4; sr_routes -6)" \
		"$mode mode: the kernel removed the routes with $PI_PPP_IF"
	assert_foreign_intact "$mode mode, after kill -9"

	# shellcheck disable=SC2046 # two words: pty SCRIPT
	pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
		srcroute-mode "$mode" $(sr_dial_setup 8)
	sr_wait_dialing
	assert_eq "" "$(sr_rules -4; sr_rules -6)" \
		"$mode mode: the new pppd swept the stale rules before dialling"
	assert_eq "" "$(nft list tables 2>/dev/null | grep ltepi-sr || :)" \
		"$mode mode: ... and a stale connmark table"
	sr_dial_allow
	pi_pppd_wait_up
	sr_assert_installed 100.64.0.8 "$PI_PPP_IF" "$SR_TABLE" "$mode"
	assert_foreign_intact "$mode mode, up again"
	[ "$mode" = address ] || assert_eq 1 \
		"$(nft list tables | grep -c "ltepi-sr-$SR_TABLE")" \
		"connmark mode: one nft table for table $SR_TABLE"

	pi_pppd_stop
	sr_assert_none "$mode mode, after pppd stopped"
	assert_eq "" "$(nft list tables 2>/dev/null | grep ltepi || :)" \
		"$mode mode, after pppd stopped: no ltepi nft table"
	assert_foreign_intact "$mode mode, after pppd stopped"
done
