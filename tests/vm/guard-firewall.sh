#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The link's firewall holds while the rest of the system changes nftables:
# the table is owned by pppd (nftables' owner flag), so restarting Debian's
# nftables.service (its /etc/nftables.conf starts with "flush ruleset"), a
# plain "nft flush ruleset", ufw enabling and reloading, or someone deleting
# the table or adding an accept rule to it change nothing: a port outside
# the profile stays refused over the link and an allowed one stays
# answered.  A SIGKILLed pppd takes its table with it at once (the kernel
# deletes it with its owner).

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

topo_up
serve pi tcp 8080
serve pi tcp 2222
profile=$(fw_profile web8080 "allow tcp 8080")

holds() { # WHAT
	assert_ok "$1: the table is still there" fw_table_exists
	assert_ok "$1: tcp 8080 (allowed) is still answered over the link" \
		probe inet tcp "$PI_PPP_ADDR" 8080
	assert_fails "$1: tcp 2222 (not allowed) is still refused over the link" \
		probe inet tcp "$PI_PPP_ADDR" 2222
}

pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
assert_file_contains "$RESULTS/pi-pppd.log" \
	"(table inet $FW_TABLE, owned by this pppd, compiled;" \
	"pppd logs that it owns the table"
assert_contains "$(nft list table inet "$FW_TABLE")" "flags owner" \
	"the kernel holds the table with the owner flag"
holds "link up"

assert_ok "nft flush ruleset succeeds" nft flush ruleset
holds "after 'nft flush ruleset'"

[ -r /etc/nftables.conf ] ||
	fail "Debian's /etc/nftables.conf is missing (package nftables)"
assert_contains "$(cat /etc/nftables.conf)" "flush ruleset" \
	"Debian's stock /etc/nftables.conf flushes the ruleset"
# What nftables.service's ExecStart and ExecReload run.
assert_ok "nftables.service's 'nft -f /etc/nftables.conf' succeeds" \
	nft -f /etc/nftables.conf
holds "after nftables.service's reload"

assert_fails "'nft delete table inet $FW_TABLE' from a shell fails" \
	nft delete table inet "$FW_TABLE"
assert_fails "'nft add rule ... accept' into the link's chain fails" \
	nft add rule inet "$FW_TABLE" link_in tcp dport 2222 accept
assert_fails "'nft flush table' fails" nft flush table inet "$FW_TABLE"
holds "after attempts to delete or open it"

if command -v ufw >/dev/null 2>&1; then
	# ufw writes its files: private copies for the run
	for dir in /etc/ufw /etc/default; do
		overlay_dir "$dir"
	done
	assert_ok "ufw enable" ufw --force enable
	# ufw denies incoming by default: open both ports in ufw, so that
	# only ltepi's table can refuse 2222
	assert_ok "ufw allow 8080/tcp" ufw allow 8080/tcp
	assert_ok "ufw allow 2222/tcp (ufw's own rules open the port)" \
		ufw allow 2222/tcp
	assert_ok "ufw reload" ufw reload
	holds "after ufw enable, allow and reload"
	ufw --force disable >/dev/null
	nft flush ruleset
	for dir in /etc/ufw /etc/default; do
		umount "$dir"
	done
else
	note "ufw not installed: its part skipped"
fi

assert_eq 0 "$(grep -c "firewall profile .* not applied" "$RESULTS/pi-pppd.log" || :)" \
	"pppd never had to re-apply or close the link"
pid=$PI_PPPD_PID
pi_pppd_kill
assert_fails "a SIGKILLed pppd's table is gone at once (the kernel deleted it)" \
	fw_table_exists
assert_eq 0 "$(fw_table_count)" "no ltepi table at all"
