#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The link-health escalation end to end (ltepi(8), LINK CHECK): "pon ltepi2"
# with link-check on the shipped peer file, the modem simulator, and an ISP
# that keeps LCP up but drops every IP packet from the Pi.  The check
# restarts the link; with radio-reset-after 1 and power-cycle-after 2 in
# modem.conf the next dial resets the modem's radio (AT+CFUN=0, then 1),
# the one after power-cycles it (the command backend: the "modem" goes away
# and comes back on its device), pppd redials with the device that came
# back, and when the ISP passes traffic again the link is healthy and the
# restart count is back to 0.  Each step logged once.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-firewall.sh"
LTEPI_VM_TIMEOUT=${LTEPI_VM_TIMEOUT:-420}
export LTEPI_VM_TIMEOUT
product_enter "$0" "$@"

HEALTH=/run/ltepi/ltepi2.health
topo_up
product_install ppp/peers/ltepi2 ltepi2
modem_start
echo "$SIM_PID" >"$PRODUCT_RUN/sim.pid"

# The power backend: "off" stops the simulator (its device stops
# answering), "on" starts another on the same device link.
cat >"$PRODUCT_RUN/modem-off" <<EOF
#!/bin/sh
kill \$(cat "$PRODUCT_RUN/sim.pid")
EOF
cat >"$PRODUCT_RUN/modem-on" <<EOF
#!/bin/sh
rm -f "$MODEM_LINK"
echo on >>"$PRODUCT_RUN/power.log"
"$SIM" --link "$MODEM_LINK" --log "$RESULTS/modem-sim2.log" \\
	--state "$PRODUCT_RUN/sim.state" -- $(isp_pppd_command "$PI_PPP_ADDR") nodetach \\
	>>"$RESULTS/modem-sim2.out" 2>&1 </dev/null &
echo \$! >"$PRODUCT_RUN/sim.pid"
EOF
chmod +x "$PRODUCT_RUN/modem-off" "$PRODUCT_RUN/modem-on"
modem_conf_add "radio-reset-after = 1"
modem_conf_add "power-cycle-after = 2"
modem_conf_add "power-backend = command"
modem_conf_add "power-off-command = $PRODUCT_RUN/modem-off"
modem_conf_add "power-on-command = $PRODUCT_RUN/modem-on"
modem_conf_add "device = $MODEM_LINK"
modem_conf_add "power-wait = 20"

# pon's logfile is pi-pppd.log; counted from its start (no fw_log_mark)

pon ltepi2 holdoff 1 logfile "$RESULTS/pi-pppd.log" \
	link-check "$INET_CLIENT" link-check-interval 2 link-check-failures 2
wait_for "$RESULTS/ip-up.ltepi2" 60 "the first link-up"
assert_eq 0 "$(sim_count '< AT+CFUN=0')" "a plain first dial: no radio reset"

isp_run nft -f - <<EOF
table inet blackhole {
	chain pre { type filter hook prerouting priority -300; iifname "ppp*" drop; }
}
EOF
fw_log_wait "the link passes no traffic" 1 30 "first restart"
fw_log_wait "radio reset (AT+CFUN=0, then AT+CFUN=1)" 1 60 "radio reset on the next dial"
assert_eq 1 "$(sim_count '< AT+CFUN=0')" "  the modem got AT+CFUN=0"
assert_eq 1 "$(sim_count '< AT+CFUN=1')" "  and AT+CFUN=1"
assert_file_contains "$HEALTH" "escalated 1" "  recorded in $HEALTH"

fw_log_wait "the link passes no traffic" 2 60 "second restart"
fw_log_wait "modem power-cycled" 1 60 "power cycle on the next dial"
wait_for "$PRODUCT_RUN/power.log" 20 "the power-on command"
assert_file_contains "$HEALTH" "escalated 2" "  recorded in $HEALTH"
assert_eq 1 "$(fw_log_count "radio reset (AT+CFUN=0")" "the radio reset was logged once"
assert_eq 1 "$(fw_log_count "modem power-cycled")" "the power cycle was logged once"

# the ISP recovers; pppd redials on the device that came back
isp_run nft delete table inet blackhole
rm -f "$RESULTS/ip-up.ltepi2"
wait_for "$RESULTS/ip-up.ltepi2" 90 "the link-up after the power cycle"
# (the shipped profile, deny-all, refuses pings from the internet)
retry_until 30 "the link carries no traffic after the power cycle" \
	ping_ok pi "$ISP_PPP_ADDR"
pass "the link carries traffic again, through the power-cycled modem"
fw_log_wait "restart(s) in a row end here" 1 30 "the link healthy again"
assert_file_contains "$HEALTH" "restarts 0" "the restart count is back to 0"
assert_eq 0 "$(grep -c -F '< AT+CFUN=0' "$RESULTS/modem-sim2.log" || :)" \
	"no further reset after the power cycle"

poff ltepi2
pon_wait_gone ltepi2
assert_nothing_left 200 "after poff"
kill "$(cat "$PRODUCT_RUN/sim.pid")" 2>/dev/null || :
