#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Bad configurations end to end, with the shipped peer file run the way the
# systemd unit runs it ("pppd call ltepi2 nodetach"), so pppd's exit status
# is seen:
#   - a wrong SIM PIN: the helper sends it once, the SIM uses one try, pppd
#     exits 8 ("connect script failed") and its log names the PIN problem;
#     with persist, redials never take the SIM below one try;
#   - no modem device: pppd refuses the peer file (status 2) before
#     anything runs;
#   - a broken firewall profile: pppd stops (status 2) before it dials.
# In every case nothing of ltepi's is left in the kernel.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
product_enter "$0" "$@"

topo_up
product_install ppp/peers/ltepi2 ltepi2
modem_conf_add "pin-file = $(modem_secret sim-pin 9999)"
modem_start -s sim=pin -s pin=1234

# As the unit runs it, bounded; sets STATUS and OUTPUT (pppd's own log).
run_pppd() { # OPTION...
	: >"$RESULTS/pi-pppd.log"
	STATUS=0
	timeout -k 2 60 pppd call ltepi2 nodetach logfile "$RESULTS/pi-pppd.log" \
		"$@" >"$RESULTS/pi-pppd.out" 2>&1 || STATUS=$?
	OUTPUT=$(cat "$RESULTS/pi-pppd.out" "$RESULTS/pi-pppd.log")
}

# Wrong PIN, one attempt (nopersist: the unit's pppd after maxfail).
run_pppd nopersist
assert_eq 8 "$STATUS" "wrong PIN: pppd exits 8 (connect script failed)"
assert_contains "$OUTPUT" "the SIM rejected the PIN from $PRODUCT_RUN/sim-pin" \
	"the log names the PIN problem"
assert_eq 1 "$(sim_count '< AT+CPIN=')" "the PIN was sent once"
assert_file_contains "$PRODUCT_RUN/sim.state" "pin_retries=2" \
	"the SIM used one try"
assert_eq 0 "$(sim_count '< ATD')" "no dial after the rejection"
assert_nothing_left 200 "after the wrong PIN"

# The shipped persist/maxfail: pppd redials, the helper tries the PIN only
# while 2 tries remain, and the SIM never locks.
run_pppd holdoff 1 maxfail 3
assert_eq 8 "$STATUS" "persist, maxfail 3: pppd gives up with status 8"
assert_eq 2 "$(sim_count '< AT+CPIN=')" "one more PIN try in three redials"
assert_file_contains "$PRODUCT_RUN/sim.state" "pin_retries=1" \
	"the SIM keeps its last try"
assert_contains "$OUTPUT" "only 1 try remains" "the helper says why it stopped"
modem_stop

# No modem: the device in the peer file does not exist.
rm -f "$MODEM_LINK"
run_pppd
assert_eq 2 "$STATUS" "missing modem device: pppd exits 2"
assert_contains "$OUTPUT" "unrecognized option '$MODEM_LINK'" \
	"pppd's message for a device that is not there"
assert_nothing_left 200 "after the missing device"

# A broken firewall profile: the link never comes up, the modem is not
# even woken.
modem_start
at_before=$(sim_count '< AT')
printf 'allow tcp 80\nallow tcp 99999\n' >"$LTEPI_SYSCONFDIR/ppp/ltepi/firewall/broken"
chmod 0644 "$LTEPI_SYSCONFDIR/ppp/ltepi/firewall/broken"
sed -i 's/^firewall-profile deny-all$/firewall-profile broken/' /etc/ppp/peers/ltepi2
run_pppd
assert_eq 2 "$STATUS" "broken firewall profile: pppd exits 2"
assert_contains "$OUTPUT" "broken:2" "the error names the file and line"
assert_eq "$at_before" "$(sim_count '< AT')" "no AT command reached the modem"
assert_fails "no ppp0 came up" ip link show ppp0
assert_nothing_left 200 "after the broken profile"
