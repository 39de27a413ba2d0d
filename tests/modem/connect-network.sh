#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem connect when the network or the modem misbehaves: slow
# registration, registration denied, registration timeout, NO CARRIER,
# BUSY, no answer to ATD, a report inside a query's answer, the lean
# registration dialogue, a silent modem, the modem vanishing mid-dial,
# the overall timeout.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

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
is_rc $EXIT_NO_CARRIER "NO CARRIER"
check "NO CARRIER: explained" err_has "dialling ATD*99***1# failed ('NO CARRIER'); the network ended the data call"

start_sim --once -s dial=busy
run_connect --apn internet
is_rc $EXIT_BUSY "BUSY"
check "BUSY: explained" err_has "('BUSY'); the modem has no free data bearer"

start_sim --once -s dial=noanswer
run_connect --apn internet
is_rc $EXIT_NO_ANSWER "NO ANSWER"
check "NO ANSWER: explained" err_has "('NO ANSWER'); the network did not answer"

start_sim --once -s dial=nodialtone
run_connect --apn internet
is_rc $EXIT_NO_DIALTONE "NO DIALTONE"
check "NO DIALTONE: explained" err_has "('NO DIALTONE'); the modem has no network service"

start_sim --once -s dial=error
run_connect --apn internet
is_rc $EXIT_DIAL "ERROR to ATD"
check "ERROR: explained" err_has "('ERROR'); the network refused the data call"

start_sim --once -s 'connect=CONNECT'
run_connect --apn internet
is_rc 0 "CONNECT without a rate"

# ATD with no answer at all: the data call failed, the modem did not.
start_sim --once -s dial=silent
run_connect --apn internet --dial-timeout 2
is_rc $EXIT_DIAL "no answer to ATD"
check "no answer to ATD: explained" \
	err_has "no answer to ATD*99***1# within 2 s; the network did not set up the data call"
check "no answer to ATD: after the dial timeout (${elapsed}s)" \
	awk "BEGIN { exit !($elapsed >= 2 && $elapsed < 5) }"

# A report that arrives while AT+CEREG? runs shares its prefix: the line in
# the solicited form is the answer, the other one is a report.
start_sim --once -s query_urc=1
run_connect --apn internet --register-timeout 5 --verbose
is_rc 0 "report inside the AT+CEREG? answer: CONNECT"
check "the report was taken as one" \
	err_has "AT+CEREG?: '+CEREG: 1' is a report, not the answer"
start_sim --once -s query_urc=1 -s reg=2:1000,1
run_connect --apn internet --register-timeout 10
is_rc 0 "reports inside answers while searching: CONNECT"

# The lean dialogue: registered at once needs one query and no reports.
start_sim --once
run_connect --apn internet
is_rc 0 "registered at once: CONNECT"
check "registered at once: only AT+CEREG? asked" \
	sh -c "! grep -q '< AT+C\\(G\\)\\{0,1\\}REG' '$T/sim.log' && test \"\$(grep -c '< AT+CEREG' '$T/sim.log')\" -eq 1"
# ATE0V1, AT+CMEE=2;+CFUN?, AT+CGMI;+CGMM;+CGMR, AT+CPIN?, AT+CGDCONT,
# AT+CGAUTH, AT+CEREG?, AT+COPS?;+CSQ, AT+CESQ, then ATD.
check "registered at once: 9 commands before the dial" \
	test "$(grep -c '^[0-9.]* < ' "$T/sim.log")" -eq 10
check "identity queries on one line" sim_has '< AT+CGMI;+CGMM;+CGMR'
check "operator and signal on one line" sim_has '< AT+COPS?;+CSQ'

# +CREG contradicting +CEREG: packet data trusts EPS (and PS), not CS.
start_sim --once -s reg=1 -s creg=0
run_connect --apn internet --register-timeout 3
is_rc 0 "EPS registered, CS not: CONNECT"
start_sim --once -s reg=2 -s creg=1
run_connect --apn internet --register-timeout 2
is_rc $EXIT_REGISTRATION "CS registered, EPS searching: no dial"
check "CS registered, EPS searching: the EPS state reported" \
	err_has "(last state: searching)"
check "CS registered, EPS searching: ATD never sent" \
	sh -c "! grep -q '< ATD' '$T/sim.log'"

# Registered by report: the wait ends on it, with no poll after it.
start_sim --once -s reg=2:1500,1
run_connect --apn internet --register-timeout 10
is_rc 0 "registered by report: CONNECT"
check "reports enabled only once the modem was not registered" \
	sim_has '< AT+CEREG=1'
check "no poll after the report that said registered" \
	sh -c "sed -n '/> +CEREG: 1\$/,\$p' '$T/sim.log' | grep -q '< AT+COPS?' &&
	       ! sed -n '/> +CEREG: 1\$/,\$p' '$T/sim.log' | grep -q 'REG?'"

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
