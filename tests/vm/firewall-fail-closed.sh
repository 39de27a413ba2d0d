#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# When the firewall cannot be put in place as the link comes up, the link
# does not come up: pppd closes it before IPCP or IPV6CP complete, exits 1
# (fatal error) although persist asked it to redial, says why in its log,
# and leaves no half-loaded table.  The profile itself is fine each time;
# what fails is the moment of applying it:
#
#  - the kernel lacks a feature the ruleset needs (conntrack expressions,
#    nft_ct, as on a trimmed custom kernel): module autoloading is disabled
#    after pppd's own modules are in;
#  - another program owns a table of the same name (an nftables "owner"
#    table, which only its creator's netlink socket may change);
#  - the interface name (pppd's "ifname") cannot name an nftables table.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

# Run pppd with persist; it must give up on its own.  No ip-up may run.
dial_expecting_failure() { # OPTION...
	fw_log_mark
	pi_pppd_start plugin "$PLUGIN" firewall-profile "$profile" \
		persist holdoff 1 maxfail 0 "$@"
	pi_pppd_reap
}

# What every failed dial must show.
assert_closed() { # WHY WHAT
	set -- "$1" "$2" "ltepi: firewall profile 'web8080' not applied, closing the link: "
	assert_eq 1 "$PI_PPPD_STATUS" "$2: pppd exits 1 despite persist"
	assert_eq 1 "$(fw_log_count "$3")" \
		"$2: pppd's log says the firewall failed, once (no redial)"
	assert_contains "$(fw_log_since | grep -F "$3")" "$3$1" \
		"$2: ... and why"
	assert_fails "$2: ip-up never ran" test -e "$RESULTS/ip-up.pi"
	assert_eq 0 "$(fw_log_count 'local  IP address')" \
		"$2: IPCP never completed (no address on the link)"
	assert_eq 0 "$(fw_log_count 'local  LL address')" \
		"$2: IPV6CP never completed"
}

topo_up
profile=$(fw_profile web8080 "allow tcp 8080")

# 1. A kernel without nft_ct.  pppd's own modules (and nf_tables, which the
# profile check at startup does not need but the table does) load first.
for module in ppp_generic ppp_async nf_tables; do
	modprobe "$module"
done
! grep -q '^nft_ct ' /proc/modules || skip "nft_ct is already loaded"
modprobe_path=$(cat /proc/sys/kernel/modprobe)
echo /nonexistent/modprobe >/proc/sys/kernel/modprobe
dial_expecting_failure
echo "$modprobe_path" >/proc/sys/kernel/modprobe
assert_closed "ppp0: loading the firewall failed: Could not process rule: No such file or directory" \
	"kernel without nft_ct"
assert_eq 0 "$(fw_table_count)" "kernel without nft_ct: no ltepi table left"

# 2. A table of that name owned by another process.
nft_owner_hold "$FW_TABLE"
before=$(nft -s list table inet "$FW_TABLE")
dial_expecting_failure 7>&-
assert_closed "ppp0: loading the firewall failed: Could not process rule: Operation not permitted" \
	"table owned by another process"
assert_eq "$before" "$(nft -s list table inet "$FW_TABLE")" \
	"the other process's table is exactly as it was"
nft_owner_release
assert_eq 0 "$(fw_table_count)" "once its owner exits, no ltepi table is left"

# 3. A name the kernel accepts for an interface but nftables cannot use.
dial_expecting_failure ifname lte@0
assert_closed "interface name 'lte@0' cannot name a firewall table" \
	"ifname lte@0"
assert_eq 0 "$(fw_table_count)" "ifname lte@0: no ltepi table left"
