#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wake the link by SMS (issue 17), as installed, on the modem simulator's
# single AT port: "ltepi-modem sms listen" owns the port while the link is
# down; a signed "up 30s" arrives (+CMTI), its sms-up-command stops the
# listener (releasing the tty) and runs "pon ltepi2"; the internet reaches
# the Pi's web server over the link; the duration brings the link down; the
# listener takes the port again and answers a "status" that arrived while
# the link held the port, with the link down.  The VM has no systemd, so
# a small script plays the part of ltepi-sms@.service's Conflicts= and
# ltepi@.service.d/sms.conf's ExecStopPost= (and of the systemd-run timer
# for the duration); the units themselves are checked by peers/install.sh.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-sms.sh"
product_enter "$0" "$@"

OWNER=+491701234567
HELPER=$LTEPI_PREFIX/sbin/ltepi-modem
PDU_TOOL=$top_builddir/tests/modem/sms-pdu-tool
LISTENER_LOG=$RESULTS/listener.log

topo_up
product_install ppp/peers/ltepi2 ltepi2
sed -i 's/^firewall-profile deny-all$/firewall-profile web/' /etc/ppp/peers/ltepi2
sms_setup "box-one-0123456789abcdef"
modem_conf_add "sms-device = $MODEM_LINK"
modem_conf_add "sms-up-command = $PRODUCT_RUN/units up"
modem_conf_add "sms-down-command = $PRODUCT_RUN/units down"

# systemd's part: starting the link stops the listener first (Conflicts=),
# the duration's timer stops the link.
{
	echo '#!/bin/sh'
	echo "pid=\$(cat $PRODUCT_RUN/listener.pid)"
	echo 'case $1 in'
	echo 'up)'
	echo '	kill "$pid"'
	echo '	while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done'
	echo "	echo 'listener stopped' >>$RESULTS/units.log"
	echo "	pon ltepi2 logfile $RESULTS/pi-pppd.log"
	echo '	[ -z "$LTEPI_SMS_DURATION" ] ||'
	echo '		(sleep "$LTEPI_SMS_DURATION"; poff ltepi2) >/dev/null 2>&1 &'
	echo '	;;'
	echo 'down) poff ltepi2 ;;'
	echo 'esac'
} >"$PRODUCT_RUN/units"
chmod 755 "$PRODUCT_RUN/units"
listener_start() {
	"$HELPER" sms listen --verbose >>"$LISTENER_LOG" 2>&1 &
	echo $! >"$PRODUCT_RUN/listener.pid"
}
# Signed with the operator side's own counter (sms sign's state), as an
# operator who does not count messages sends them.
sign_next() { # COMMAND...
	"$HELPER" sms sign --config /dev/null \
		--key-file "$PRODUCT_RUN/operator.key" "$@"
}

{
	echo "new $("$PDU_TOOL" deliver "$OWNER" "$(sign_next up 30s)")"
	echo "new $("$PDU_TOOL" deliver "$OWNER" "$(sign_next status)")"
} >"$PRODUCT_RUN/sms"
mkdir -p "$PRODUCT_RUN/www"
echo "hello from ltepi2" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"

# the second message arrives 20 s after the first, while the link is up
modem_start -s sms_file="$PRODUCT_RUN/sms" -s sms_new_ms=20000
started=$(now)
listener_start
wait_for "$RESULTS/ip-up.ltepi2" 90 "the link to come up after the SMS"
assert_file_contains "$LISTENER_LOG" \
	"SMS from $OWNER accepted: up with a duration (counter 1)" \
	"the listener accepted the signed up"
assert_file_contains "$RESULTS/units.log" "listener stopped" \
	"the listener released the port before pon"
deadline=$(($(date +%s) + 30))
until inet_run curl -s -o /dev/null --max-time 1 "http://$PI_PPP_ADDR/"; do
	[ "$(date +%s)" -lt "$deadline" ] ||
		fail "no HTTP answer from $PI_PPP_ADDR within 30 s of ip-up"
	sleep 0.2
done
note "SMS listener start -> inbound HTTP answered: $(elapsed_since "$started") s"
pass "the internet reaches the Pi's web server over the link woken by SMS"

pon_wait_gone ltepi2 60
pass "the link went down when the SMS's 30 s were over"
# ltepi@.service.d/sms.conf's part: the listener takes the port again
listener_start
tries=300
until grep -q "status sent to $OWNER" "$LISTENER_LOG"; do
	tries=$((tries - 1))
	[ $tries -gt 0 ] ||
		fail "no status reply within 30 s: $(tail -5 "$LISTENER_LOG")"
	sleep 0.1
done
assert_eq 2 "$(grep -c 'listening for SMS commands' "$LISTENER_LOG")" \
	"the listener is back on the port"
assert_file_contains "$LISTENER_LOG" "status sent to $OWNER: ltepi: link down" \
	"the status that arrived during the link is answered: link down"
assert_eq 1 "$(sim_count '# sms submit ')" "one reply went to the network"
assert_eq 1 "$(grep -c 'listener stopped' "$RESULTS/units.log")" \
	"the up command ran once"
kill "$(cat "$PRODUCT_RUN/listener.pid")" 2>/dev/null
assert_nothing_left 200 "after the SMS's link"
