#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo scenario, run inside the test VM (tools/demo boots it; `make check`
# runs it too, so the demo cannot rot). A Pi whose default route is its LAN
# brings up a PPP link to a simulated ISP with ltepi.so loaded; someone on the
# internet connects to the link's address.

. "$(dirname "$0")/lib.sh"
vm_enter "$0" "$@"

PROFILE=$top_srcdir/examples/firewall/web
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }
ltepi_rules() { ip rule show | grep -c 'proto ltepi\|proto 76' || :; }
ltepi_tables() { nft list tables | grep -c ltepi || :; }

step "1. The Pi: default route via its LAN router, no PPP link yet"
topo_up
show ip -br addr show lan0
show ip route show
echo "    The internet client is $INET_CLIENT, behind the simulated ISP."

step "2. pppd loads ltepi.so and dials the ISP"
echo "    pppd ... plugin ltepi.so srcroute-table 200 firewall-profile web"
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$PROFILE"
pi_pppd_wait_up
show grep -h 'ltepi:' "$RESULTS/pi-pppd.log"

step "3. What ltepi installed (in-process, before/at link-up)"
show ip -br addr show "$PI_PPP_IF"
show ip rule show
show ip route show table 200
show nft list table inet "ltepi-fw-$PI_PPP_IF"

step "4. The internet connects to the Pi over the link"
mkdir -p /run/demo-www
echo "hello from the Pi over $PI_PPP_IF" >/run/demo-www/index.html
busybox httpd -p 80 -h /run/demo-www
serve pi tcp 2222
show inet_run curl -sS --max-time 3 "http://$PI_PPP_ADDR/"
assert_ok "HTTP (allowed by the 'web' profile) is answered over ppp0" \
	inet_run curl -sS -o /dev/null --max-time 3 "http://$PI_PPP_ADDR/"
assert_fails "port 2222 (not in the profile) is refused from the internet" \
	probe inet tcp "$PI_PPP_ADDR" 2222
echo "    port 2222 from the internet: refused (policy reject)"
assert_ok "the LAN still reaches port 2222 (the profile applies to ppp0 only)" \
	probe lan tcp "$PI_LAN_ADDR" 2222 "$LAN_HOST"
echo "    port 2222 from the LAN: answered"

step "5. poff: pppd stops and takes everything with it"
pi_pppd_stop
show grep -h 'ltepi:.*removed' "$RESULTS/pi-pppd.log"
show ip rule show
show ip route show table 200
show nft list tables
assert_eq 0 "$(ltepi_rules)" "no ltepi rule left"
assert_eq 0 "$(ltepi_tables)" "no ltepi nftables table left"
assert_eq "" "$(ip route show table 200)" "table 200 is empty"
pkill -f 'busybox httpd' || :

step "Demo complete: link up in ${LINK_UP_SECONDS} s, nothing left after poff"
