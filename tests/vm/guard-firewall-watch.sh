#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# On a kernel that cannot own nftables tables (older than 5.12; forced here
# by tests/vm/nft-no-owner.c, which makes libnftables report the refusal
# such a kernel gives, without sending the owned table), the plugin says so, watches nftables events and
# loads the profile again within seconds of another program flushing the
# ruleset, deleting the table or adding an accept rule to it.  When it
# cannot load it again (another process took the table's name), the link
# goes down: pppd exits with status 1 and one log line saying why.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

shim=$top_builddir/tests/vm/.libs/libnft-no-owner.so
[ -f "$shim" ] || fail "$shim is not built ('make check' builds it)"

topo_up
serve pi tcp 8080
serve pi tcp 2222
profile=$(fw_profile web8080 "allow tcp 8080")

# Until the table is there again and refuses 2222 (bounded).
reloaded_within() { # SECONDS
	deadline=$(($(date +%s) + $1))
	until fw_table_exists &&
		nft list chain inet "$FW_TABLE" link_in | grep -q 'web8080:1' &&
		! nft list chain inet "$FW_TABLE" link_in | grep -q 'dport 2222 accept'; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

holds() { # WHAT
	assert_ok "$1: the profile is loaded again within 3 s" reloaded_within 3
	assert_ok "$1: tcp 8080 (allowed) is answered over the link" \
		probe inet tcp "$PI_PPP_ADDR" 8080
	assert_fails "$1: tcp 2222 (not allowed) is refused over the link" \
		probe inet tcp "$PI_PPP_ADDR" 2222
}

pppd_wrapper="env LD_PRELOAD=$shim"
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
unset pppd_wrapper
assert_file_contains "$RESULTS/pi-pppd.log" \
	"the kernel cannot protect the firewall table (no nftables owner flag, Linux < 5.12); ltepi watches it" \
	"the plugin says the kernel cannot own the table and it watches instead"
assert_file_contains "$RESULTS/pi-pppd.log" "(table inet $FW_TABLE, watched, compiled;" \
	"  the load's notice says so"
case $(nft list table inet "$FW_TABLE") in
*"flags owner"*) fail "the table has the owner flag: the shim did not work" ;;
esac
pass "the table has no owner flag"
holds "link up"

fw_log_mark
nft flush ruleset
holds "after 'nft flush ruleset'"
assert_eq 1 "$(fw_log_count "another program changed or deleted firewall table inet $FW_TABLE; loading profile 'web8080' again")" \
	"  one warning"

nft delete table inet "$FW_TABLE"
holds "after 'nft delete table'"

nft insert rule inet "$FW_TABLE" link_in tcp dport 2222 accept
holds "after an accept rule was inserted into the link's chain"
assert_ok "pppd keeps the link up" pi_pppd_alive

# Another process takes the table's name, owned, in the same transaction
# that deletes ltepi's: the plugin cannot load its profile again.
nft_owner_start
echo "delete table inet $FW_TABLE; add table inet $FW_TABLE { flags owner; }" >&7
pi_pppd_reap
assert_eq 1 "$PI_PPPD_STATUS" "the link goes down: pppd exits with status 1"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: firewall profile 'web8080' not applied, closing the link: $PI_PPP_IF: loading the firewall failed" \
	"  with one line saying why"
nft_owner_release
