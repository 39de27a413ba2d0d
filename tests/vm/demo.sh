#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo scenario, run inside the test VM (tools/demo boots it; `make check`
# runs it too, so the demo cannot rot). What a user does with ltepi
# installed: a Pi whose default route is its LAN runs "pon ltepi2" with the
# shipped peer file; the modem is the bundled simulator (AT dialogue, then a
# real ISP pppd in data mode), the ISP hands out a public address, and
# someone on the internet connects to it. "poff ltepi2" leaves nothing.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
product_enter "$0" "$@"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; }

step "1. The Pi: default route via its LAN router, no PPP link yet"
topo_up
show ip -br addr show lan0
show ip route show
echo "    The internet client is $INET_CLIENT, behind the simulated ISP."

step "2. ltepi as installed by 'make install'; the administrator's edits"
product_install ppp/peers/ltepi2 ltepi2
sed -i 's/^firewall-profile deny-all$/firewall-profile web/' /etc/ppp/peers/ltepi2
echo "    /etc/ppp/peers/ltepi2 (comments left out; the device is the"
echo "    simulator's pty, the firewall profile changed to 'web'):"
grep -v -e '^#' -e '^$' /etc/ppp/peers/ltepi2 | sed 's/^/      /'
echo "    /etc/ppp/ltepi/modem.conf:"
grep -v -e '^#' -e '^$' "$LTEPI_SYSCONFDIR/ppp/ltepi/modem.conf" | sed 's/^/      /'
echo "    /etc/ppp/ltepi/firewall/web:"
grep -v -e '^#' -e '^$' "$LTEPI_SYSCONFDIR/ppp/ltepi/firewall/web" | sed 's/^/      /'
modem_start

mkdir -p "$PRODUCT_RUN/www"
echo "hello from the Pi over ppp0" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"
serve pi tcp 2222

step "3. sudo pon ltepi2"
started=$(now)
show pon ltepi2 logfile "$RESULTS/pi-pppd.log"
wait_for "$RESULTS/ip-up.ltepi2" 60 "the link to come up"
read -r _ PI_PPP_ADDR _ <"$RESULTS/ip-up.ltepi2"
LINK_UP_SECONDS=$(elapsed_since "$started")
echo "    The AT dialogue as the simulated modem saw it (seconds, < in, > out;"
echo "    plain OKs left out):"
grep -E '^[0-9.]+ [<>] ' "$RESULTS/modem-sim.log" | grep -v '> OK$' |
	sed 's/^/      /'
echo "    What ltepi-modem and ltepi.so said in pppd's log:"
grep -h -e 'ltepi' -e 'local  IP' -e 'remote IP' "$RESULTS/pi-pppd.log" |
	sed 's/^/      /'
echo "    (The firewall's time is this VM's first use of nftables since boot:"
echo "    the kernel loads nf_tables, conntrack and their modules over the"
echo "    emulated 9p root first; later applies take milliseconds.)"

step "4. What ltepi installed (in-process, before the link carried traffic)"
show ip -br addr show ppp0
show ip rule show
show ip route show table 200
show nft list table inet ltepi-fw-ppp0

step "5. The internet connects to the Pi over the link"
show inet_run curl -sS --max-time 3 "http://$PI_PPP_ADDR/"
assert_ok "HTTP (allowed by the 'web' profile) is answered over ppp0" \
	inet_run curl -sS -o /dev/null --max-time 3 "http://$PI_PPP_ADDR/"
assert_fails "port 2222 (not in the profile) is refused from the internet" \
	probe inet tcp "$PI_PPP_ADDR" 2222
echo "    port 2222 from the internet: refused (policy reject)"
assert_ok "the LAN still reaches port 2222 (the profile applies to ppp0 only)" \
	eventually probe lan tcp "$PI_LAN_ADDR" 2222 "$LAN_HOST"
echo "    port 2222 from the LAN: answered"

step "6. sudo poff ltepi2: pppd stops and takes everything with it"
show poff ltepi2
pon_wait_gone ltepi2
show grep -h 'ltepi:.*removed' "$RESULTS/pi-pppd.log"
show ip rule show
show ip route show table 200
show nft list tables
assert_nothing_left 200 "after poff ltepi2"
assert_eq "" "$(ip link show ppp0 2>/dev/null)" "ppp0 is gone"
pkill -f 'busybox httpd' || :

step "Demo complete: pon ltepi2 -> link up in ${LINK_UP_SECONDS} s (modem, PPP, routing, firewall); nothing left after poff"
