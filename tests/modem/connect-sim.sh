#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem connect and the SIM: no SIM, PIN with the right PIN, a wrong
# PIN (sent exactly once, one try used), only one try left (no PIN sent at
# all), PUK, SIM busy (every SIM command, one budget per run) and NOT
# READY at start, vendor retry counters, secret-file rules.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

start_sim --once -s sim=absent
run_connect --apn internet
is_rc $EXIT_SIM "no SIM"
check "no SIM: says so" err_has 'no SIM card: insert one'

secret pin 1234
start_sim --once -s sim=pin -s pin=1234
run_connect --apn internet --pin-file "$T/pin"
is_rc 0 "right PIN: CONNECT"
check "PIN sent once" test "$(sim_count '< AT+CPIN="1234"')" -eq 1
check "tries read before the PIN" sim_has '< AT+CPINR="SIM PIN"'
check "PIN not in the log" sh -c "! grep -q 1234 '$T/err'"

rm -f "$T/sim.state"
secret pin 9999
start_sim --once -s sim=pin -s pin=1234
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_PIN_REJECTED "wrong PIN"
check "wrong PIN sent exactly once" test "$(sim_count '< AT+CPIN=')" -eq 1
check "simulator counter: one try used" grep -qx 'pin_retries=2' "$T/sim.state"
check "rejection explained with tries left" \
	err_has "the SIM rejected the PIN from $T/pin ('+CME ERROR: incorrect password', 2 tries left)"
check "no dial after a rejected PIN" sh -c "! grep -q '< ATD' '$T/sim.log'"

# A second run (pppd persist) may try once more: 2 tries were left.
start_sim --once -s sim=pin -s pin=1234
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_PIN_REJECTED "second run, wrong PIN again"
check "simulator counter: two tries used" grep -qx 'pin_retries=1' "$T/sim.state"

# Third run: one try left, so nothing is sent and the SIM never locks.
start_sim --once -s sim=pin -s pin=1234
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_SIM_LOCKED "one try left"
check "no PIN sent with one try left" sh -c "! grep -q '< AT+CPIN=' '$T/sim.log'"
check "one try left: explained" err_has 'only 1 try remains'
check "counter untouched" grep -qx 'pin_retries=1' "$T/sim.state"

# Vendor counters only (Quectel AT+QPINC?, u-blox AT+UPINCNT).
for cnt in qpinc cpinc upincnt; do
	rm -f "$T/sim.state"
	secret pin 1234
	start_sim --once -s sim=pin -s pin=1234 -s pincnt=$cnt
	run_connect --apn internet --pin-file "$T/pin"
	is_rc 0 "PIN with only the $cnt counter"
done

# No counter at all: ltepi-modem does not gamble.
rm -f "$T/sim.state"
start_sim --once -s sim=pin -s pin=1234 -s pincnt=none
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_SIM_LOCKED "no retry counter: PIN not risked"
check "no counter: no PIN sent" sh -c "! grep -q '< AT+CPIN=' '$T/sim.log'"

start_sim --once -s sim=puk
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_SIM_LOCKED "PUK"
check "PUK: explained" err_has 'needs its PUK'
check "PUK: nothing sent" sh -c "! grep -q '< AT+CPIN=' '$T/sim.log'"

rm -f "$T/sim.state"
start_sim --once -s sim=pin
run_connect --apn internet
is_rc $EXIT_SIM_LOCKED "PIN needed, no pin-file"
check "no pin-file: explained" err_has "set 'pin-file'"

start_sim --once -s sim_busy=3
run_connect --apn internet
is_rc 0 "SIM busy at first, then ready"
check "SIM busy retried" test "$(sim_count '< AT+CPIN?')" -ge 4

# Busy (+CME ERROR: 14) is retried for every SIM command, not only CPIN?.
rm -f "$T/sim.state"
start_sim --once -s sim=pin -s pin=1234 -s sim_busy=2 -s sim_busy_at=cpinr
run_connect --apn internet --pin-file "$T/pin"
is_rc 0 "AT+CPINR busy at first: PIN sent, CONNECT"
check "CPINR retried while busy" test "$(sim_count '< AT+CPINR="SIM PIN"')" -eq 3
check "PIN still sent once" test "$(sim_count '< AT+CPIN="1234"')" -eq 1
for cnt in qpinc cpinc upincnt; do
	rm -f "$T/sim.state"
	start_sim --once -s sim=pin -s pin=1234 -s pincnt=$cnt -s sim_busy=2 \
		-s sim_busy_at=$cnt
	run_connect --apn internet --pin-file "$T/pin"
	is_rc 0 "$cnt counter busy at first: CONNECT"
done

rm -f "$T/sim.state"
start_sim --once -s sim_busy=2 -s sim_busy_at=cimi
run_connect
if [ -r /usr/share/mobile-broadband-provider-info/serviceproviders.xml ]; then
	is_rc 0 "AT+CIMI busy at first: APN from the IMSI, CONNECT"
	check "CIMI retried while busy" test "$(sim_count '< AT+CIMI')" -eq 3
fi

# +CPIN: NOT READY right after a cold boot is a SIM starting, not no SIM.
start_sim --once -s sim_not_ready=3
run_connect --apn internet
is_rc 0 "+CPIN: NOT READY at first, then READY: CONNECT"
check "NOT READY retried" test "$(sim_count '< AT+CPIN?')" -eq 4
check "NOT READY is not 'no SIM'" sh -c "! grep -q 'no SIM card' '$T/err'"

start_sim --once -s sim_not_ready=1000
run_connect --apn internet --sim-busy-timeout 2
is_rc $EXIT_SIM "SIM never ready"
check "never ready: explained" \
	err_has "the SIM was still not ready after 2 s (busy or NOT READY)"
check "never ready: gave up after the budget (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed >= 2 && $elapsed < 4) }"

# One budget for the run: 1 s of NOT READY counts against CIMI's wait.
start_sim --once -s sim_not_ready=1 -s sim_busy=1000 -s sim_busy_at=cimi
run_connect --sim-busy-timeout 2
is_rc $EXIT_APN "SIM busy for CIMI until the budget is spent"
check "no IMSI: explained" err_has "the modem does not report the SIM's IMSI"
check "one budget shared by CPIN? and CIMI (${elapsed}s < 2.7 s)" \
	awk "BEGIN { exit !($elapsed >= 1.9 && $elapsed < 2.7) }"

# Secret files must be private.
chmod 644 "$T/pin"
start_sim --once -s sim=pin
run_connect --apn internet --pin-file "$T/pin"
is_rc $EXIT_USAGE "world-readable PIN file"
check "world-readable PIN file: exact message" \
	err_has "PIN file $T/pin is accessible by group or others (mode 0644); run 'chmod 600 $T/pin'"
check "world-readable PIN file: PIN not sent" sh -c "! grep -q '< AT+CPIN=' '$T/sim.log'"

printf 'pw\n' >"$T/pw"
chmod 640 "$T/pw"
start_sim --once
run_connect --apn internet --user u --password-file "$T/pw"
is_rc $EXIT_USAGE "group-readable password file"
check "password file: exact message" \
	err_has "password file $T/pw is accessible by group or others (mode 0640)"
check "password file refused before any context is set" \
	sh -c "! grep -q '< AT+CGDCONT' '$T/sim.log'"

finish
