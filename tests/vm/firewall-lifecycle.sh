#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The table lives exactly as long as pppd: poff (SIGTERM) deletes it, and
# so does SIGHUP, which without persist makes pppd hang up and exit.  With
# persist, an ISP hanging up does not open the Pi: the table stays while
# pppd holds off and redials, and each redial re-applies it in one
# transaction (a new table, never two, never none), replaying what the
# first dial compiled.  The table is owned by
# pppd's netlink socket (nftables' owner flag), so a SIGKILLed pppd leaves
# none: the kernel deletes it with its owner.  An unowned table left by an
# older ltepi (or loaded by ltepi-firewall) is replaced by the next pppd,
# and deleted by the next one started with nofirewall before the link
# carries IP (it would otherwise keep judging ppp0).  LTEPI_FW_REDIALS
# (default 1) sets how many times the ISP hangs up.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

topo_up
serve pi tcp 8080
profile=$(fw_profile web8080 "allow tcp 8080")

pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
assert_ok "the table is loaded while the link is up" fw_table_exists
pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd exits 'user request' on SIGTERM"
assert_fails "poff leaves no table inet $FW_TABLE" fw_table_exists
assert_eq 0 "$(fw_table_count)" "no ltepi table at all"
assert_eq 1 "$(fw_log_count 'ltepi: ppp0: firewall table removed')" \
	"pppd logged the removal"

fw_log_mark
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
assert_ok "the table is loaded again" fw_table_exists
pi_pppd_signal HUP
assert_eq 5 "$PI_PPPD_STATUS" "pppd without persist exits on SIGHUP ('user request')"
assert_fails "SIGHUP leaves no table inet $FW_TABLE" fw_table_exists
assert_eq 1 "$(fw_log_count 'ltepi: ppp0: firewall table removed')" \
	"pppd logged the removal after SIGHUP"

# persist: the ISP hangs up $redials times.  A watcher polls the kernel for
# the table throughout and notes every moment it is missing.
redials=${LTEPI_FW_REDIALS:-1}
watch_table() {
	while [ ! -e "$RESULTS/watch.stop" ]; do
		fw_table_exists || echo "missing at $(now)" >>"$RESULTS/watch.missing"
		echo >>/run/ltepi-fw-watch.polls
	done
}
fw_log_mark
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile" \
	persist holdoff 1 maxfail 0
pi_pppd_wait_up
watch_table &
watcher=$!
handles=$(fw_table_handle)
i=0
while [ $i -lt "$redials" ]; do
	i=$((i + 1))
	rm -f "$RESULTS/ip-up.pi" "$RESULTS/ip-down.pi"
	# The ISP's pppd runs with notty, so it has a charshunt child also
	# named pppd, which may be gone by the time lib.sh signals it.
	isp_pppd_hangup || :
	pi_pppd_wait_down
	assert_ok "redial $i: pppd keeps running (persist)" pi_pppd_alive
	assert_ok "redial $i: the table stays after the ISP hung up" \
		fw_table_exists
	pi_pppd_wait_up
	assert_eq 1 "$(fw_table_count)" "redial $i: one ltepi table"
	handles="$handles $(fw_table_handle)"
done
touch "$RESULTS/watch.stop"
wait "$watcher"
polls=$(wc -l </run/ltepi-fw-watch.polls)
[ "$polls" -ge 10 ] || fail "the watcher polled only $polls times"
assert_fails "the table was never missing while pppd redialed ($polls polls)" \
	test -e "$RESULTS/watch.missing"
note "loading the table took (us): $(fw_log_since |
	sed -n 's/.*in place before the link comes up (.*; \([0-9]*\) us)$/\1/p' |
	paste -sd ' ')"
distinct=$(echo "$handles" | tr ' ' '\n' | grep . | sort -u | wc -l)
assert_eq $((redials + 1)) "$distinct" \
	"each dial loaded a new table (handles $handles)"
assert_eq $((redials + 1)) "$(fw_log_count 'in place before the link comes up')" \
	"the plugin applied the profile on each dial"
assert_eq 1 "$(fw_log_count ', compiled; ')" \
	"libnftables compiled the profile for the first dial"
assert_eq "$redials" "$(fw_log_count ', replayed; ')" \
	"every redial replayed what the first dial compiled (nft_load_owned)"
assert_ok "the internet reaches the allowed port after the redials" \
	probe inet tcp "$PI_PPP_ADDR" 8080

assert_contains "$(nft list table inet "$FW_TABLE")" "flags owner" \
	"the table is owned by pppd"
pi_pppd_kill
assert_fails "a SIGKILLed pppd leaves no table: the kernel deleted it" \
	fw_table_exists
# An unowned leftover, as an older ltepi left after SIGKILL.
fw_leftover() {
	"$top_builddir/plugin/ltepi-firewall" apply "$profile" "$PI_PPP_IF" ||
		fail "ltepi-firewall could not load the leftover table"
	case $(nft list table inet "$FW_TABLE") in
	*"flags owner"*) fail "ltepi-firewall loaded an owned table" ;;
	esac
}
fw_leftover
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up
assert_eq 1 "$(fw_table_count)" "the next pppd replaced an unowned leftover: one table"
assert_contains "$(nft list table inet "$FW_TABLE")" "flags owner" \
	"  now owned"
pi_pppd_stop
assert_eq 0 "$(fw_table_count)" "and removed it on poff"

# The same leftover, then a pppd that should run without a firewall.
serve pi tcp 2222
fw_leftover
assert_ok "an unowned leftover table" fw_table_exists
fw_log_mark
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile" \
	nofirewall
pi_pppd_wait_up
assert_fails "a pppd with nofirewall deleted the stale table" fw_table_exists
assert_eq 0 "$(fw_table_count)" "  no ltepi table at all"
assert_eq 1 "$(fw_log_count "ppp0: nofirewall: removed the stale firewall table inet $FW_TABLE")" \
	"  and logged it"
assert_log_order_since "nofirewall: removed the stale firewall table" \
	"sent [IPCP " "  before pppd sent its first IPCP packet"
assert_ok "  the internet reaches tcp 2222, which the stale table dropped" \
	probe inet tcp "$PI_PPP_ADDR" 2222
pi_pppd_stop
assert_eq 0 "$(fw_log_count 'firewall table removed')" \
	"  nothing to remove when that pppd exits"
