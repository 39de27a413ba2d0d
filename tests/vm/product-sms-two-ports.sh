#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wake the link by SMS on a modem with two AT ports (issue 17), as
# installed: the simulator plays a Quectel EC25-like modem (--link2: pppd
# dials on one port, the other stays free for AT; ModemManager's
# 77-mm-quectel-port-types.rules), one SIM, one registration, one SMS
# storage.  "ltepi-modem sms listen" runs on the second port (sms-device)
# and stays there for the whole test, as ltepi-sms@ does with
# single-port.conf masked (doc/boot.md):
#
#   signed "up"   -> pon over the first port -> the internet reaches the Pi
#   signed "down" -> arrives (+CMTI) on the second port while pppd holds
#                    the first -> poff -> link down, listener still there
#   the same "down" again (a replay) -> refused, nothing runs
#   signed "up"   -> the link comes up again: the listener still works
#
# Each message arrives when the test sends modem-sim a SIGUSR1
# (sms_on_signal=1), so every step happens at a known moment.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-sms.sh"
product_enter "$0" "$@"

OWNER=+491701234567
HELPER=$LTEPI_PREFIX/sbin/ltepi-modem
PDU_TOOL=$top_builddir/tests/modem/sms-pdu-tool
LISTENER_LOG=$RESULTS/listener.log
AT_PORT=$PRODUCT_RUN/modem-at

topo_up
product_install ppp/peers/ltepi2 ltepi2
sed -i 's/^firewall-profile deny-all$/firewall-profile web/' /etc/ppp/peers/ltepi2
sms_setup "box-two-0123456789abcdef"
modem_conf_add "sms-device = $AT_PORT"
modem_conf_add "sms-up-command = $PRODUCT_RUN/units up"
modem_conf_add "sms-down-command = $PRODUCT_RUN/units down"

# What ltepi@ltepi2's start and stop do; with two ports nothing stops the
# listener.  Each run is recorded, so a replay that ran something shows.
{
	echo '#!/bin/sh'
	echo "echo \"\$1\" >>$RESULTS/units.log"
	echo 'case $1 in'
	echo "up) pon ltepi2 logfile $RESULTS/pi-pppd.log ;;"
	echo 'down) poff ltepi2 ;;'
	echo 'esac'
} >"$PRODUCT_RUN/units"
chmod 755 "$PRODUCT_RUN/units"
{
	deliver 1 up
	deliver 2 down
	deliver 2 down
	deliver 3 up
} >"$PRODUCT_RUN/sms"
mkdir -p "$PRODUCT_RUN/www"
echo "hello from ltepi2" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"

inbound_http() {
	deadline=$(($(date +%s) + 30))
	until inet_run curl -s -o /dev/null --max-time 1 "http://$PI_PPP_ADDR/"; do
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "no HTTP answer from $PI_PPP_ADDR within 30 s of ip-up"
		sleep 0.2
	done
}
sms_arrives() {
	kill -USR1 "$SIM_PID"
}

modem_start --link2 "$AT_PORT" -s sms_file="$PRODUCT_RUN/sms" \
	-s sms_on_signal=1
started=$(now)
"$HELPER" sms listen --verbose >>"$LISTENER_LOG" 2>&1 &
listener=$!
wait_count "$LISTENER_LOG" "listening for SMS commands on $AT_PORT" 1 30 \
	"the listener did not start on the second port"
pass "the listener holds the second port"

# 1. up
sms_arrives
wait_for "$RESULTS/ip-up.ltepi2" 90 "the link to come up after the SMS"
assert_file_contains "$LISTENER_LOG" \
	"SMS from $OWNER accepted: up (counter 1)" "the listener accepted the signed up"
inbound_http
note "SMS listener start -> inbound HTTP answered: $(elapsed_since "$started") s"
pass "the internet reaches the Pi's web server over the link woken by SMS"
assert_eq 1 "$(sim_count '# data mode: running')" "pppd dialled the first port"
assert_eq 1 "$(sim_count '> [2] +CMTI: "ME",')" "the up's +CMTI came on the second port"

# 2. down, on the second port while pppd holds the first
link_markers_clear
sms_arrives
wait_count "$LISTENER_LOG" "accepted: down (counter 2)" 1 30 \
	"the signed down was not accepted"
pon_wait_gone ltepi2 60
assert_eq 2 "$(sim_count '> [2] +CMTI: "ME",')" "the down's +CMTI came on the second port"
assert_eq 0 "$(sim_count '> +CMTI:')" "no +CMTI on pppd's port"
# in the simulator's log: the second +CMTI before the ISP's pppd ended
assert_eq "during the link" "$(awk '
	index($0, "> [2] +CMTI:") { cmti++; if (cmti == 2) at = NR }
	index($0, "# data command exited") && !ended { ended = NR }
	END { print (at && ended && at < ended) ? "during the link" : "at " at ", link ended at " ended }
	' "$RESULTS/modem-sim.log")" "the down arrived while pppd held the first port"
wait_for "$RESULTS/ip-down.ltepi2" 30 "ip-down after the SMS down"
pass "the link went down on the SMS's down"
assert_ok "the listener still runs after the down" kill -0 "$listener"

# 3. the same down again: a replay
sms_arrives
wait_count "$LISTENER_LOG" "counter 2 is not above the last accepted 2" 1 30 \
	"the replayed down was not refused"
pass "the replayed down is refused"
assert_eq 1 "$(grep -c -x down "$RESULTS/units.log")" \
	"nothing ran for the replayed down"

# 4. up again: the listener accepts a later command
link_markers_clear
sms_arrives
wait_for "$RESULTS/ip-up.ltepi2" 90 "the link to come up after the second up"
assert_file_contains "$LISTENER_LOG" \
	"SMS from $OWNER accepted: up (counter 3)" "the second up is accepted"
inbound_http
pass "the internet reaches the Pi again after the second up"
assert_eq "up
down
up" "$(cat "$RESULTS/units.log")" "the commands ran in order, once each"
assert_eq 1 "$(grep -c 'listening for SMS commands' "$LISTENER_LOG")" \
	"one listener all along"
assert_eq 4 "$(sim_count '# [2] sms deleted ')" "every message was deleted"
sed -n 's/^/# listener: /p' "$LISTENER_LOG"

poff ltepi2
pon_wait_gone ltepi2 30
kill "$listener"
wait "$listener" 2>/dev/null || :
assert_nothing_left 200 "after the SMS's link"
