#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Dial on demand with ltepi (ltepi(8), LINK CHECK and SOURCE ROUTING): pppd
# brings ppp0 up with a placeholder address and dials when a packet is
# routed into it.  The link routes exist while the link is dormant, so
# traffic to them dials; once up, the rules follow the negotiated address
# and the firewall judges inbound connections; the link check never probes
# the dormant link, nor keeps an idle one up ("idle"), and the link goes
# back to dormant with its routes kept, so that the next packet dials
# again.  pppd's exit leaves nothing.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

topo_up
serve pi tcp 22
serve pi tcp 8080
probes() { fw_log_count "link-check: no answer"; }
isp_pppd_count() {
	n=0
	for pid in $(ip netns pids isp); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != pppd ] || n=$((n + 1))
	done
	echo $n
}
# a positive probe, tried three times (a 2 s probe can miss once under TCG)
retry3() { "$@" || "$@" || "$@"; }

fw_log_mark
# a silent target (discarded without an ICMP error) shows whether anything
# is probed
isp_run ip route add blackhole 198.51.100.99/32
# demand needs fixed IPv6 link-local addresses; this test is IPv4
pi_pppd_start plugin "$PLUGIN" demand noipv6 idle 6 holdoff 1 srcroute-table 100 \
	link-route 198.51.100.0/24 firewall-profile "$top_srcdir/examples/firewall/ssh" \
	link-check 198.51.100.99 link-check-interval 2 link-check-failures 30
fw_log_wait "demand, link dormant" 2 15 "dormant link"
link_route() { ip route show 198.51.100.0/24 dev ppp0 proto 76 | grep -c . || :; }
assert_eq 1 "$(link_route)" \
	"dormant: the link route is in place, so traffic to it dials"
assert_ok "  the placeholder address has its rule" sh -c \
	"ip rule show | grep -q 'from 10.64.64.64 lookup 100'"
sleep 6
assert_eq 0 "$(isp_pppd_count)" "dormant for 6 s: nothing dialled"
assert_eq 0 "$(probes)" "  and nothing probed"

# a packet to a link-route destination dials (it is queued meanwhile)
t0=$(now)
busybox ping -q -c 1 -W 1 "$INET_CLIENT" >/dev/null 2>&1 || :
pi_pppd_wait_up 30
note "dialled on demand and up in $(elapsed_since "$t0") s"
assert_ok "up: the rule follows the negotiated address" sh -c \
	"ip rule show | grep -q 'from $PI_PPP_ADDR lookup 100'"
assert_ok "  and the placeholder's rule is gone" sh -c \
	"! ip rule show | grep -q 'from 10.64.64.64'"
assert_ok "  the firewall lets SSH in from the internet" \
	retry3 probe inet tcp "$PI_PPP_ADDR" 22
assert_fails "  and refuses a port outside its profile" \
	probe inet tcp "$PI_PPP_ADDR" 8080

# idle: nobody sends, so the check neither probes nor keeps the link up.
# While the Pi answered the SSH probes it sent, and a new connection must
# prove its way out once (its first check probes: ltepi(8), LINK CHECK);
# after the last packet sent, at most the next check probes.
n=$(probes)
fw_log_wait "stay while the link is dormant (demand)" 1 30 "idle disconnect"
pass "idle 6 took the link down despite link-check"
assert_ok "  the idle link was probed at most once after the last packet sent ($n before, $(probes) after)" \
	test "$(probes)" -le $((n + 1))
assert_eq 1 "$(link_route)" \
	"dormant again: the link route stays, so the next packet dials"
n=$(probes)
sleep 6
assert_eq "$n" "$(probes)" "  the dormant link is not probed"

busybox ping -q -c 1 -W 1 "$INET_CLIENT" >/dev/null 2>&1 || :
link_markers_clear
pi_pppd_wait_up 30
pass "the next packet dialled again"

pi_pppd_stop
assert_eq 0 "$(ip rule show | grep -c 'lookup 100' || :)" "pppd exits: no rule left"
assert_eq "" "$(ip route show table 100)" "  no route in table 100"
assert_eq 0 "$(nft list tables | grep -c ltepi- || :)" "  no nftables table"
