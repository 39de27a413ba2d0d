#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Replies keep leaving by the link while the rest of the system changes the
# routing tables: another program deleting ltepi's rule ("ip rule del", "ip
# rule flush"), flushing its table ("ip route flush table 200") or deleting
# its default route is undone within a second, each time with one log line
# naming what was deleted, and inbound connections over the link are
# answered again.  A program that keeps deleting them is not fought: at the
# fifth removal within a minute the plugin stops restoring, logs one error
# naming the likely culprit and keeps the link up.
#
# LTEPI_GUARD_SAMPLES (default 4, at most 4 per connection: the fifth
# gives up) deletions are timed; bench/guard-restore.sh uses the timings.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

topo_up
serve pi tcp 8080

# Milliseconds until COMMAND (a check) succeeds, polled every 10 ms; fails
# the test after LIMIT_MS.
ms_until() { # LIMIT_MS COMMAND...
	limit=$1
	shift
	t0=$(now)
	until "$@"; do
		ms=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000 }')
		[ "$ms" -lt "$limit" ] || return 1
		sleep 0.01
	done
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%d", (b - a) * 1000 }'
}

rule_present() {
	ip -4 rule show | grep -q "from $PI_PPP_ADDR lookup $SR_TABLE proto"
}
route_present() {
	ip -4 route show table "$SR_TABLE" | grep -q "^default dev $PI_PPP_IF"
}
both_present() { rule_present && route_present; }

# The kernel's own rules, which "ip rule flush" takes too.
restore_kernel_rules() {
	ip rule show | grep -q 'lookup main' ||
		ip rule add from all lookup main prio 32766
	ip rule show | grep -q 'lookup default' ||
		ip rule add from all lookup default prio 32767
}

pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE"
pi_pppd_wait_up
sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF"
assert_ok "the internet reaches tcp 8080 over the link" \
	probe inet tcp "$PI_PPP_ADDR" 8080

# One deletion by another program: back within 2 s, answered, logged once.
deletion() { # WHAT LOG_NEEDLE COMMAND...
	label=$1 needle=$2
	shift 2
	before=$(grep -c "another program deleted" "$RESULTS/pi-pppd.log" || :)
	"$@"
	ms=$(ms_until 2000 both_present) ||
		fail "$label: not restored within 2 s"
	note "$label: restored after $ms ms"
	echo "$ms" >>"$RESULTS/guard-restore.ms"
	sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF"
	assert_ok "$label: the internet reaches tcp 8080 again" \
		probe inet tcp "$PI_PPP_ADDR" 8080
	tries=20
	while [ "$(grep -c "another program deleted" "$RESULTS/pi-pppd.log")" = "$before" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "$label: nothing logged"
		sleep 0.1
	done
	assert_eq $((before + 1)) \
		"$(grep -c "another program deleted" "$RESULTS/pi-pppd.log")" \
		"$label: one log line"
	assert_file_contains "$RESULTS/pi-pppd.log" "$needle" \
		"$label: the log names what was deleted"
}

rm -f "$RESULTS/guard-restore.ms"
deletion "ip rule del" \
	"ltepi: $PI_PPP_IF: another program deleted rule from $PI_PPP_ADDR/32 lookup $SR_TABLE prio $SR_PRIO; restored" \
	ip rule del from "$PI_PPP_ADDR" lookup "$SR_TABLE"
deletion "ip route flush table $SR_TABLE" \
	"another program deleted route default dev $PI_PPP_IF table $SR_TABLE; restored" \
	ip route flush table "$SR_TABLE"
deletion "ip route del default table $SR_TABLE" \
	"another program deleted route default dev $PI_PPP_IF table $SR_TABLE; restored" \
	ip route del default dev "$PI_PPP_IF" table "$SR_TABLE"
deletion "ip rule flush" \
	"another program deleted rule from $PI_PPP_ADDR/32 lookup $SR_TABLE prio $SR_PRIO; restored" \
	ip rule flush
restore_kernel_rules

# Debian's systemd-networkd, running beside pppd and managing lan0, is the
# culprit the error should name.  It runs here without D-Bus and udev (a
# read-only /sys tells it there is no udev to wait for); it configures
# lan0 but, without a bus, never gets to deleting foreign rules itself, so
# the deletions stay ours.
networkd=/lib/systemd/systemd-networkd
networkd_pid=
if [ -x "$networkd" ]; then
	mkdir -p /run/systemd/network /run/systemd/netif
	chown systemd-network:systemd-network /run/systemd/netif
	printf '[Match]\nName=lan0\n[Network]\nAddress=%s/24\nGateway=%s\n' \
		"$PI_LAN_ADDR" "$LAN_ROUTER" >/run/systemd/network/50-lan0.network
	mount -o remount,ro /sys
	"$networkd" >"$RESULTS/networkd.log" 2>&1 7>&- &
	networkd_pid=$!
	vm_servers="$vm_servers $networkd_pid"
	tries=50
	until grep -q "lan0: Configuring with" "$RESULTS/networkd.log"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "systemd-networkd did not start: $(cat "$RESULTS/networkd.log")"
		sleep 0.1
	done
	pass "systemd-networkd runs beside pppd (managing lan0)"
else
	note "no systemd-networkd in this root: its part skipped"
fi

# The fifth removal within a minute: given up, once, the link stays up.
ip rule del from "$PI_PPP_ADDR" lookup "$SR_TABLE"
tries=30
until grep -q "no longer restoring" "$RESULTS/pi-pppd.log"; do
	tries=$((tries - 1))
	[ $tries -gt 0 ] || fail "the fifth removal was not answered with an error"
	sleep 0.1
done
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: $PI_PPP_IF: rule from $PI_PPP_ADDR/32 lookup $SR_TABLE prio $SR_PRIO deleted again, the 5th removal of ltepi's rules or routes within 60 s: no longer restoring them" \
	"the fifth removal within a minute gives up, naming the object"
if [ -n "$networkd_pid" ]; then
	assert_file_contains "$RESULTS/pi-pppd.log" \
		"systemd-networkd is running: it deletes routing policy rules it did not create unless /etc/systemd/networkd.conf has ManageForeignRoutingPolicyRules=no" \
		"  names systemd-networkd and the setting that stops it"
	kill "$networkd_pid"
	wait "$networkd_pid" || :
	mount -o remount,rw /sys
else
	assert_file_contains "$RESULTS/pi-pppd.log" \
		"make it leave rules and routes with protocol ltepi alone" \
		"  and says what to configure (no network manager runs here)"
fi
sleep 1.5
assert_fails "  the rule stays deleted (no fight)" rule_present
for _ in 1 2 3; do
	ip route flush table "$SR_TABLE" 2>/dev/null || :
	sleep 0.3
done
sleep 1
assert_fails "  nor is the route put back after further deletions" route_present
assert_eq 1 "$(grep -c "no longer restoring" "$RESULTS/pi-pppd.log")" \
	"  the error is logged once"
assert_ok "  pppd keeps the link up" pi_pppd_alive
assert_ok "  the link still carries traffic (the isp reaches pi)" \
	probe isp tcp "$PI_PPP_ADDR" 8080

# A new connection is guarded afresh; connmark mode's table and fwmark
# rule get the same treatment.
rm -f "$RESULTS/ip-up.pi"
pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	srcroute-mode connmark
pi_pppd_wait_up
sr_assert_installed "$PI_PPP_ADDR" "$PI_PPP_IF" "$SR_TABLE" connmark
ip rule del from "$PI_PPP_ADDR" lookup "$SR_TABLE"
ms=$(ms_until 2000 rule_present) || fail "the next pppd did not restore its rule"
pass "the next pppd guards its rule again (restored after $ms ms)"
fwmark_present() {
	ip -4 rule show | grep -q "$(sr_fwmark "$SR_TABLE") lookup $SR_TABLE proto"
}
# shellcheck disable=SC2046 # sr_fwmark prints two words: fwmark V/M
ip rule del $(sr_fwmark "$SR_TABLE") lookup "$SR_TABLE"
ms=$(ms_until 2000 fwmark_present) || fail "the fwmark rule was not restored"
pass "connmark: a deleted fwmark rule is restored (after $ms ms)"
assert_contains "$(nft list table inet "ltepi-sr-$SR_TABLE")" "flags owner" \
	"connmark: pppd owns the connmark table"
nft flush ruleset
assert_ok "connmark: 'nft flush ruleset' leaves it" \
	nft list table inet "ltepi-sr-$SR_TABLE"
assert_fails "connmark: 'nft delete table' from a shell fails" \
	nft delete table inet "ltepi-sr-$SR_TABLE"
pi_pppd_stop
sr_assert_none "after poff: nothing restored behind pppd's back"
assert_fails "after poff: no connmark table" \
	nft list table inet "ltepi-sr-$SR_TABLE"
