#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi coexists with Debian's ufw (iptables-nft): each keeps its own tables
# and a packet must pass both.  With ufw allowing incoming traffic by
# default, allowing 2222 and denying 8443, and the profile allowing 8080 and
# 8443 on the link: the internet reaches 8080 over ppp0, not 2222 (the
# profile refuses it whatever ufw says) and not 8443 (ufw's deny stands
# whatever the profile says); the LAN reaches 2222 but not 8443 (ufw alone
# governs the LAN).  ufw's rules are byte for byte the same while the link
# is up and after pppd has gone.
#
# ufw runs in the guest, so it changes only the guest kernel; the files it
# writes (/etc/ufw, /etc/default/ufw) are private copies for the run.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

command -v ufw >/dev/null || skip "ufw is not installed (Debian package ufw)"

# The ruleset without ltepi's table, without counters.
ruleset_but_ltepi() {
	nft -s list ruleset |
		awk '/^table inet ltepi-fw-/ { skip = 1 }
		     !skip { print }
		     skip && /^}/ { skip = 0 }'
}

# iptables' view (what ufw itself reads back), without counters.
iptables_rules() {
	for save in iptables-save ip6tables-save; do
		"$save" | sed -e '/^#/d' -e 's/ \[[0-9]*:[0-9]*\]$//'
	done
}

topo_up
ufw_dirs="/etc/ufw /etc/default"
for dir in $ufw_dirs; do
	overlay_dir "$dir"
done
ufw default allow incoming >/dev/null
ufw allow 2222/tcp >/dev/null
ufw deny 8443/tcp >/dev/null
ufw --force enable >/dev/null
assert_contains "$(ufw status)" "Status: active" "ufw is active in the guest"
ufw_nft=$(ruleset_but_ltepi)
ufw_ipt=$(iptables_rules)
assert_contains "$ufw_nft" "chain ufw-user-input" \
	"nft sees ufw's chains (the comparisons below are not of nothing)"
assert_contains "$ufw_ipt" "-A ufw-user-input -p tcp -m tcp --dport 2222 -j ACCEPT" \
	"ufw's allow rule is loaded"
assert_contains "$ufw_ipt" "-A ufw-user-input -p tcp -m tcp --dport 8443 -j DROP" \
	"ufw's deny rule is loaded"

for port in 8080 2222 8443; do
	serve pi tcp "$port"
done
profile=$(fw_profile web "allow tcp 8080,8443")
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
assert_ok "the internet reaches 8080 (profile and ufw allow it)" \
	probe inet tcp "$PI_PPP_ADDR" 8080
assert_fails "the internet does not reach 2222 (ufw allows it, the profile not)" \
	probe inet tcp "$PI_PPP_ADDR" 2222
assert_fails "the internet does not reach 8443 (the profile allows it, ufw denies)" \
	probe inet tcp "$PI_PPP_ADDR" 8443
dropped=$(iptables -vnxL ufw-user-input | awk '/dpt:8443/ { print $1 }')
[ "${dropped:-0}" -gt 0 ] ||
	fail "ufw's deny rule saw no packet: the profile dropped 8443 itself"
pass "past the profile, ufw's deny rule dropped them ($dropped packets)"
assert_ok "the LAN reaches 2222 (ufw allows it; the profile is for ppp0)" \
	probe lan tcp "$PI_LAN_ADDR" 2222 "$LAN_HOST"
assert_fails "the LAN does not reach 8443 (ufw denies it)" \
	probe lan tcp "$PI_LAN_ADDR" 8443 "$LAN_HOST"
assert_eq "$ufw_nft" "$(ruleset_but_ltepi)" \
	"with the link up, the rest of the ruleset is unchanged"

pi_pppd_stop
assert_eq 0 "$(fw_table_count)" "pppd removed its table"
assert_eq "$ufw_nft" "$(ruleset_but_ltepi)" \
	"after pppd exits, ufw's nftables tables are unchanged"
assert_eq "$ufw_ipt" "$(iptables_rules)" \
	"after pppd exits, ufw's iptables rules are unchanged"
# Not left for lib.sh's teardown, which removes the copies' directory.
for dir in $ufw_dirs; do
	umount "$dir"
done
