#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem connect when the network or the modem misbehaves: slow
# registration, registration denied, registration timeout, NO CARRIER,
# BUSY, a silent modem, the modem vanishing mid-dial, the overall timeout.
. "$top_srcdir/tests/modem/lib.sh"

start_sim --once -s reg=2:1500,5
run_connect --apn internet --register-timeout 20
is_rc 0 "searching 1.5 s then roaming: CONNECT"
check "roaming logged" err_has 'registered, roaming'

start_sim --once -s reg=2:500,3
run_connect --apn internet --register-timeout 20
is_rc $EXIT_REGISTRATION "registration denied"
check "denied: explained" err_has 'the network denied registration'
check "denied: stopped at once (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed < 10) }"

start_sim --once -s reg=2
run_connect --apn internet --register-timeout 3
is_rc $EXIT_REGISTRATION "registration timeout"
check "timeout: explained" \
	err_has "not registered with a network after 3 s (last state: searching)"
check "timeout: took about 3 s (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed >= 3 && $elapsed < 8) }"

start_sim --once -s dial=nocarrier
run_connect --apn internet
is_rc $EXIT_DIAL "NO CARRIER"
check "NO CARRIER: explained" err_has "dialling ATD*99***1# failed ('NO CARRIER')"

start_sim --once -s dial=busy
run_connect --apn internet
is_rc $EXIT_DIAL "BUSY"

start_sim --once -s silent=1
run_connect --apn internet
is_rc $EXIT_NO_MODEM "silent modem"
check "silent modem: explained" err_has 'the modem does not answer AT commands (10 tries in 10 s)'
check "silent modem: gave up in about 10 s (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed >= 9 && $elapsed < 15) }"

start_sim --once -s dial=hangup
run_connect --apn internet
is_rc $EXIT_IO "modem vanished mid-dial"
check "vanished: explained" err_has 'lost the modem while dialling (the serial line closed)'

start_sim --once -s silent=1
run_connect --apn internet --timeout 3
is_rc $EXIT_TIMEOUT "overall timeout"
check "overall timeout: explained" err_has "the overall timeout of 3 s ran out"
check "overall timeout: about 3 s (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed >= 2.9 && $elapsed < 6) }"

finish
