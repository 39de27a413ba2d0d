#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Two links at once, each with its own pppd and table: ppp0 (table 200) and
# ppp1 (table 201).  Each link owns its rule and route only, the internet
# reaches pi on both addresses, and stopping one leaves the other's intact.
# A third pppd asking for a table a live link already uses is refused before
# it dials: pppd exits 2 (option error) with the plugin's reason, and nothing
# of the live links is touched.  Then the same two links in connmark mode:
# each has its own mark, fwmark rule and nft table, and stopping one leaves
# the other's.  An administrator's untagged rule in table 200 at the same
# priority survives all of it.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

both() { # LINE0 LINE1: the two as one sorted set
	printf '%s\n%s\n' "$1" "$2" | sort
}

FOREIGN_RULE="$SR_PRIO:	from 203.0.113.5 lookup 200"

topo_up
serve pi tcp 7000
ip rule add from 203.0.113.5 lookup 200 prio "$SR_PRIO"
pi_pppd_start --addr 100.64.0.2 plugin "$PLUGIN" srcroute-table 200
pi_pppd_wait_up
sr_link_start 1 100.64.0.3 plugin "$PLUGIN" srcroute-table 201
ppp1_pid=$SR_PID
wait_for "$RESULTS/ip-up.pi1" 30 "ppp1 to come up"

assert_eq "$(both "$SR_PRIO: from 100.64.0.2 lookup 200" \
	"$SR_PRIO: from 100.64.0.3 lookup 201")" "$(sr_rules -4)" \
	"one rule per link, each for its own table"
assert_eq "$(both "default dev ppp0 table 200 scope link" \
	"default dev ppp1 table 201 scope link")" "$(sr_routes -4)" \
	"one route per link, each via its own interface"
assert_ok "the internet connects to pi over ppp0" \
	probe inet tcp 100.64.0.2 7000
assert_ok "the internet connects to pi over ppp1" \
	probe inet tcp 100.64.0.3 7000

before=$(sr_rules -4; sr_rules -6; sr_routes -4; sr_routes -6)
pi_pppd_run plugin "$PLUGIN" srcroute-table 200 unit 2 ipparam pi2 \
	logfile "$RESULTS/pi2-pppd.log"
assert_eq 2 "$PPPD_STATUS" "a third pppd on table 200 exits 2"
assert_file_contains "$RESULTS/pi2-pppd.log" \
	"ltepi: srcroute-table 200 is in use by another link: " \
	"it says the table is in use"
refusal=$(grep 'in use by another link' "$RESULTS/pi2-pppd.log")
note "$refusal"
assert_contains "$refusal" "ppp0" "it names the link using it"
assert_fails "it did not dial" test -e /sys/class/net/ppp2
assert_eq "$before" "$(sr_rules -4; sr_rules -6; sr_routes -4; sr_routes -6)" \
	"the live links' rules and routes are untouched"

sr_link_stop "$ppp1_pid"
assert_eq 5 "$SR_STATUS" "ppp1's pppd exits 'user request' on SIGTERM"
sr_assert_installed 100.64.0.2 ppp0 200
assert_ok "the internet still connects over ppp0" \
	probe inet tcp 100.64.0.2 7000

pi_pppd_stop
sr_assert_none "both links stopped"
assert_eq "$FOREIGN_RULE" "$(ip rule show table 200 | grep -v ' proto ')" \
	"address mode: the admin's rule in table 200 is intact"

pi_pppd_start --addr 100.64.0.2 plugin "$PLUGIN" srcroute-table 200 \
	srcroute-mode connmark
pi_pppd_wait_up
sr_link_start 1 100.64.0.3 plugin "$PLUGIN" srcroute-table 201 \
	srcroute-mode connmark
ppp1_pid=$SR_PID
wait_for "$RESULTS/ip-up.pi1" 30 "ppp1 to come up"
assert_eq "$(printf '%s\n' "$SR_PRIO: from 100.64.0.2 lookup 200" \
	"$SR_PRIO: from 100.64.0.3 lookup 201" \
	"$SR_PRIO: from all $(sr_fwmark 200) lookup 200" \
	"$SR_PRIO: from all $(sr_fwmark 201) lookup 201" | sort)" \
	"$(sr_rules -4)" "connmark: an address and a fwmark rule per link"
assert_eq "2" "$(nft list tables | grep -c ' ltepi-sr-20[01]$')" \
	"connmark: one nft table per link"
assert_ok "connmark: the internet connects over ppp0" \
	probe inet tcp 100.64.0.2 7000
assert_ok "connmark: the internet connects over ppp1" \
	probe inet tcp 100.64.0.3 7000
sr_link_stop "$ppp1_pid"
sr_assert_installed 100.64.0.2 ppp0 200 connmark
assert_eq "table inet ltepi-sr-200" "$(nft list tables | grep ltepi-sr)" \
	"connmark: ppp1's table went with it, ppp0's stayed"
assert_ok "connmark: the internet still connects over ppp0" \
	probe inet tcp 100.64.0.2 7000
pi_pppd_stop
sr_assert_none "connmark: both links stopped"
assert_eq "$FOREIGN_RULE" "$(ip rule show table 200 | grep -v ' proto ')" \
	"the admin's rule in table 200 is intact"
