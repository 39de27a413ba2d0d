#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Reconnect soak: one pi pppd with `persist` redials LTEPI_SOAK_CYCLES times
# (default 20; 200 pass too: 2033 s, 10.2 s per cycle, on the 2-core build
# machine, 2026-12-01), the ISP hanging up each time and handing
# out a new address on the next dial.  During every up the plugin has
# exactly one rule and one route, for that dial's address; after every down
# nothing tagged is left; pppd's open file descriptors do not grow (what the
# plugin opens per link, the IPv6 address monitor, it closes at link-down).
# This is what the usual ip-up.d snippet gets wrong: a rule per reconnect,
# and the old address's rule kept.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"

cycles=${LTEPI_SOAK_CYCLES:-20}
[ "$cycles" -ge 2 ] 2>/dev/null || fail "LTEPI_SOAK_CYCLES must be 2 or more"
# The VM's time limit grows with the cycles (15 s each is three times a
# cycle on a busy host), unless given.
LTEPI_VM_TIMEOUT=${LTEPI_VM_TIMEOUT:-$((120 + 15 * cycles))}
export LTEPI_VM_TIMEOUT
vm_enter "$0" "$@"

# One cycle's checks print only on failure: hundreds of "ok" lines say less
# than the summary after the loop.
quietly() { # COMMAND...
	out=$("$@") || {
		echo "$out"
		fail "cycle $cycle of $cycles (address $PI_PPP_ADDR)"
	}
}

topo_up
# The administrator's own rule, same table and priority, never tagged.
ip rule add from 203.0.113.5 lookup "$SR_TABLE" prio "$SR_PRIO"
# shellcheck disable=SC2046 # two words: pty SCRIPT
pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	$(sr_dial_setup 10) persist holdoff 0 maxfail 0
started=$(now)
cycle=1
while [ $cycle -le $cycles ]; do
	sr_dial_allow
	sr_wait_up
	quietly assert_eq "100.64.0.$((cycle + 9))" "$PI_PPP_ADDR" \
		"dial $cycle got the next address"
	quietly sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF"
	fds=$(sr_fd_count "$PI_PPPD_PID")
	[ $cycle != 1 ] || first_fds=$fds
	[ $cycle != 2 ] || second_fds=$fds
	isp_pppd_hangup
	sr_wait_down
	quietly sr_assert_none "down $cycle"
	[ $cycle != 1 ] || note "first cycle: $(elapsed_since "$started") s"
	cycle=$((cycle + 1))
done
seconds=$(elapsed_since "$started")
pass "$cycles cycles: one rule and one route for each new address while up, nothing tagged while down"
note "$cycles cycles in $seconds s ($(awk -v s="$seconds" -v n="$cycles" \
	'BEGIN { printf "%.2f s per cycle; 200 cycles: about %.0f s", s / n, 200 * s / n }'))"
assert_ok "the same pppd redialled every time" pi_pppd_alive
# The first dial opens what pppd keeps for its life (the plugin's sockets
# among them); from the second on, the count must not move.
note "pppd's open fds: $first_fds after dial 1, $second_fds after dial 2, $fds after dial $cycles"
assert_eq "$second_fds" "$fds" "pppd's open fds do not grow over $cycles dials"
assert_eq "$cycles" "$(grep -c ' leave via ' "$RESULTS/pi-pppd.log")" \
	"one 'leave via' notice per dial"
assert_eq "$cycles" "$(grep -c 'IPv4 source routing and link routes removed' \
	"$RESULTS/pi-pppd.log")" "one 'removed' notice per hangup"
sr_dial_allow
sr_wait_up
pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd, stopped while up, exits 'user request'"
sr_assert_none "after pppd exited"
assert_eq "$SR_PRIO:	from 203.0.113.5 lookup $SR_TABLE" \
	"$(ip rule show table "$SR_TABLE" | grep -v ' proto ')" \
	"the administrator's rule at the same priority survived $cycles cycles"
