#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What a user runs: "pon ltepi2" with the peer file, modem.conf, firewall
# profiles and plugin as "make install" installed them (lib-product.sh
# explains the two lines adapted to this machine), against the modem
# simulator with a PIN-locked SIM and a real ISP pppd behind CONNECT.  The
# AT dialogue unlocks the SIM once and sets the APN from modem.conf; the
# internet reaches the Pi's web server over the link and nothing else;
# "poff ltepi2" leaves no rule, route or table of ltepi's.  Prints the
# time from "pon ltepi2" to the first HTTP answer.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
product_enter "$0" "$@"

topo_up
product_install ppp/peers/ltepi2 ltepi2
# The administrator's two edits: a profile that opens the web server,
# and the SIM's PIN.
sed -i 's/^firewall-profile deny-all$/firewall-profile web/' /etc/ppp/peers/ltepi2
modem_conf_add "pin-file = $(modem_secret sim-pin 1234)"
modem_start -s sim=pin -s pin=1234

mkdir -p "$PRODUCT_RUN/www"
echo "hello from ltepi2" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"
serve pi tcp 2222

started=$(now)
pon ltepi2 logfile "$RESULTS/pi-pppd.log"
deadline=$(($(date +%s) + 60))
up_seconds=
while :; do
	[ -n "$up_seconds" ] || [ ! -e "$RESULTS/ip-up.ltepi2" ] ||
		up_seconds=$(elapsed_since "$started")
	! inet_run curl -s -o /dev/null --max-time 1 "http://$PI_PPP_ADDR/" || break
	[ "$(date +%s)" -lt "$deadline" ] ||
		fail "no HTTP answer from $PI_PPP_ADDR within 60 s of pon ltepi2"
	sleep 0.1
done
note "pon ltepi2 -> inbound HTTP answered: $(elapsed_since "$started") s" \
	"(first AT command $(sim_seconds_since "$started" '< AT') s," \
	"CONNECT $(sim_seconds_since "$started" '> CONNECT') s, ip-up scripts done ${up_seconds:+at $up_seconds s}${up_seconds:-after the answer})"
pass "the internet reaches the Pi's web server over the link"
assert_eq "hello from ltepi2" \
	"$(eventually inet_run curl -sS --max-time 3 "http://$PI_PPP_ADDR/")" \
	"the page comes back whole"
assert_fails "port 2222 (not in the web profile) is refused from the internet" \
	probe inet tcp "$PI_PPP_ADDR" 2222
assert_ok "the LAN still reaches port 2222" \
	eventually probe lan tcp "$PI_LAN_ADDR" 2222 "$LAN_HOST"
assert_eq 1 "$(ltepi_rule_count)" "one ltepi rule while up"
assert_eq 1 "$(ltepi_route_count 200)" "one ltepi route in table 200"
assert_contains "$(ip route get 192.0.2.1)" "via $LAN_ROUTER dev lan0" \
	"the default route stays on the LAN (nodefaultroute)"

# The AT dialogue: PIN once, the APN preset from modem.conf, one dial.
assert_eq 1 "$(sim_count '< AT+CPIN="1234"')" "the PIN was sent once"
assert_eq 1 "$(sim_count '< AT+CGDCONT=1,"IP","soracom.io"')" \
	"the APN from modem.conf's apn-preset was set"
assert_eq 1 "$(sim_count '< ATD*99***1#')" "one dial"
assert_file_contains "$RESULTS/pi-pppd.log" "ltepi: ppp0: firewall profile 'web'" \
	"the plugin loaded the web profile from the installed profiles"

# The installed ltepi command: the link, and the modem's report that the
# installed ltepi-modem wrote where the plugin told it (LTEPI_MODEM_REPORT).
status=$("$LTEPI_PREFIX/sbin/ltepi" status ltepi2) && rc=0 || rc=$?
note "ltepi status ltepi2:"
printf '%s\n' "$status" | sed 's/^/    /'
assert_eq 0 "$rc" "ltepi status ltepi2: exit 0 while up"
assert_contains "$status" "ltepi2: up since" "  up"
assert_contains "$status" "modem      " "  with the modem's report (operator, technology, signal)"
assert_contains "$status" "firewall   web" "  and the firewall profile"

poff ltepi2
pon_wait_gone ltepi2
assert_eq 1 "$("$LTEPI_PREFIX/sbin/ltepi" status ltepi2 >/dev/null 2>&1 && echo 0 || echo $?)" \
	"after poff ltepi status exits 1"
assert_contains "$("$LTEPI_PREFIX/sbin/ltepi" status ltepi2 || :)" "ltepi2: exited" \
	"  and says exited"
assert_nothing_left 200 "after poff ltepi2"
assert_eq "" "$(ip link show ppp0 2>/dev/null)" "ppp0 is gone"
