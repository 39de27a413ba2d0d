#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "persist" in the shipped peer file, end to end: the ISP ends the
# connection (its pppd terminates, the modem says NO CARRIER), pppd waits
# "holdoff", runs ltepi-modem again, which dials again through the same
# modem, and ltepi restores source routing and the firewall.  After every
# redial exactly one ltepi rule, one route in table 200 and one nftables
# table exist, the link works, pppd's open file descriptors do not grow,
# and poff leaves nothing.
#
# LTEPI_PRODUCT_DROPS (default 20, about 12 s each under TCG) sets how many
# times the ISP hangs up.
# "holdoff 1" on pon's command line (pppd's last value wins) shortens the
# shipped 10 s pause so that the redials fit in the test's time.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"

drops=${LTEPI_PRODUCT_DROPS:-20}
# The VM's time limit grows with the drops (30 s each), unless given; set
# before product_enter, whose host side starts the VM with it.
LTEPI_VM_TIMEOUT=${LTEPI_VM_TIMEOUT:-$((180 + 30 * drops))}
export LTEPI_VM_TIMEOUT
product_enter "$0" "$@"

topo_up
product_install ppp/peers/ltepi2 ltepi2
modem_start

up_marker=$RESULTS/ip-up.ltepi2
down_marker=$RESULTS/ip-down.ltepi2
link_works() {
	eventually ping_ok pi "$ISP_PPP_ADDR"
}
assert_one_of_each() { # WHAT
	assert_eq 1 "$(ltepi_rule_count)" "$1: one ltepi rule"
	assert_eq 1 "$(ltepi_route_count 200)" "$1: one route in table 200"
	assert_eq 1 "$(ltepi_nft_count)" "$1: one ltepi nftables table"
	assert_ok "$1: the link carries traffic" link_works
}

pon ltepi2 holdoff 1 logfile "$RESULTS/pi-pppd.log"
wait_for "$up_marker" 60 "the first link-up"
assert_one_of_each "first dial"
pppd_pid=$(pon_pid ltepi2)
started=$(now)
i=0
while [ $i -lt "$drops" ]; do
	i=$((i + 1))
	rm -f "$up_marker" "$down_marker"
	isp_pppd_hangup
	wait_for "$down_marker" 30 "the link to go down (drop $i)"
	wait_for "$up_marker" 60 "the redial after drop $i"
	assert_one_of_each "redial $i"
	fds=$(ls "/proc/$pppd_pid/fd" | wc -l)
	rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pppd_pid/status")
	[ $i != 1 ] || { first_fds=$fds first_rss=$rss; }
done
[ "$drops" = 0 ] ||
	note "$drops drops: $(awk -v t="$(elapsed_since "$started")" -v n="$drops" \
		'BEGIN { printf "%.2f s per hang-up and redial", t / n }')"
if [ "$drops" -gt 0 ]; then
	note "pppd after redial 1: $first_fds fds, VmRSS $first_rss kB; after redial $drops: $fds fds, VmRSS $rss kB"
	assert_eq "$first_fds" "$fds" "pppd's open fds do not grow over $drops redials"
fi
assert_eq "$pppd_pid" "$(pon_pid ltepi2)" \
	"the same pppd redialed every time (persist)"
assert_ok "and it still runs" kill -0 "$pppd_pid"
assert_eq $((drops + 1)) "$(sim_count '< ATD*99***1#')" "ltepi-modem dialed once per connection"
assert_eq "$drops" "$(grep -c -F 'Connection terminated' "$RESULTS/pi-pppd.log" || :)" \
	"pppd saw each hang-up"

poff ltepi2
pon_wait_gone ltepi2
assert_nothing_left 200 "after $drops redials and poff"
