#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem against every modem family the simulator knows
# (tests/modem/sim-dialect.c: Quectel, SIMCom, Huawei, Sierra, u-blox,
# Option, Telit, Cinterion, a SIM with AT+CSIM only, and the textbook
# modem): connect with an APN, connect with the APN from the IMSI (URCs
# such as SIMCom's bare SMS DONE must not cost the IMSI), unlock a PIN
# through the family's own counter, and info. Then the behaviours of the
# issue that are not one family's: radio off, FCC lock, not searching,
# SMS only, emergency only, an optional command that never answers.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

# What each family's PIN counter command looks like in the simulator log.
counter_of() {
	case $1 in
	quectel) echo '< AT+QPINC?' ;;
	simcom) echo '< AT+SPIC' ;;
	huawei) echo '< AT^CPIN?' ;;
	sierra) echo '< AT+CPINC?' ;;
	ublox) echo '< AT+UPINCNT' ;;
	option) echo '< AT_OERCN?' ;;
	telit) echo '< AT#PCT' ;;
	cinterion) echo '< AT^SPIC="SC"' ;;
	csim-only) echo '< AT+CSIM=10,"0020000100"' ;;
	*) echo '< AT+CPINR="SIM PIN"' ;;
	esac
}

secret pin 1234
dialects=$("$sim" --list-dialects)
[ -n "$dialects" ] || { echo "hard error: no dialects"; exit 99; }
for d in $dialects; do
	start_sim --once -s dialect="$d"
	run_connect --apn internet
	is_rc 0 "$d: connect with an APN"
	check "$d: no 'stopped answering'" sh -c "! grep -q 'stopped answering' '$T/err'"

	start_sim --once -s dialect="$d"
	run_connect
	is_rc 0 "$d: connect with the APN from the IMSI"
	check "$d: IMSI read, APN from the database" \
		err_has 'mobile-broadband-provider-info: provider'

	rm -f "$T/sim.state"
	start_sim --once -s dialect="$d" -s sim=pin -s pin=1234
	run_connect --apn internet --pin-file "$T/pin"
	is_rc 0 "$d: PIN unlocked"
	check "$d: tries read with $(counter_of "$d")" sim_has "$(counter_of "$d")"
	check "$d: PIN sent once" test "$(sim_count '< AT+CPIN="')" -eq 1
	rm -f "$T/sim.state"

	start_sim --once -s dialect="$d"
	"$helper" info --config /dev/null --device "$T/tty" >"$T/info" 2>"$T/err"
	rc=$?
	is_rc 0 "$d: info"
	check "$d: info reads the IMSI" grep -q '^imsi: 440101234567890$' "$T/info"
	# Telit's #PCT counts the code the SIM asks for now: none when ready.
	[ "$d" = telit ] ||
		check "$d: info reads the PIN tries" grep -q '^pin_tries: 3$' "$T/info"
done

# SIMCom's bare SMS DONE in the middle of every answer, AT+CIMI's too: the
# IMSI, and with it the APN, must survive.
start_sim --once -s dialect=simcom -s 'urcs=SMS DONE' -s urc_commands=40
run_connect
is_rc 0 "SMS DONE inside the AT+CIMI answer: CONNECT"
check "SMS DONE inside AT+CIMI: APN from the IMSI" \
	err_has 'mobile-broadband-provider-info: provider'

# Radio off (CFUN=4): switched on, then registered and connected.
start_sim --once -s cfun=4
run_connect --apn internet
is_rc 0 "radio off: switched on, CONNECT"
check "radio off: AT+CFUN=1 sent" sim_has '< AT+CFUN=1'
check "radio off: logged" err_has "the modem's radio is off (AT+CFUN? says 4)"

# info reads the radio state and leaves it as it is.
start_sim --once -s cfun=4
"$helper" info --config /dev/null --device "$T/tty" >"$T/info" 2>"$T/err"
rc=$?
is_rc 0 "info with the radio off"
check "info: radio off reported" grep -qx 'radio: off (CFUN=4)' "$T/info"
check "info: radio left off" sh -c "! grep -q '< AT+CFUN=1' '$T/sim.log'"

# Radio that stays off: the FCC-lock hint, not the antenna.
start_sim --once -s cfun=4 -s cfun_lock=1
run_connect --apn internet
is_rc $EXIT_REGISTRATION "radio locked off"
check "radio locked off: FCC unlock named" err_has 'FCC unlock'
check "radio locked off: no registration wait" \
	sh -c "! grep -q '< AT+CEREG?' '$T/sim.log'"

# The modem refuses the chained line: CFUN? asked alone, radio still on.
start_sim --once -s cfun=4 -s unsupported=+CMEE
run_connect --apn internet
is_rc 0 "CMEE refused: CFUN? asked alone, radio switched on"
check "CMEE refused: AT+CFUN? alone" sim_has '< AT+CFUN?'

# Not searching, SMS only, emergency only: each its own advice.
start_sim --once -s reg=0
run_connect --apn internet --register-timeout 2
is_rc $EXIT_REGISTRATION "not searching"
check "not searching: own advice" err_has 'the modem is not even searching'
start_sim --once -s reg=6
run_connect --apn internet --register-timeout 2
is_rc $EXIT_REGISTRATION "SMS only"
check "SMS only: own advice" err_has 'admits the SIM for SMS only'
start_sim --once -s reg=8
run_connect --apn internet --register-timeout 2
is_rc $EXIT_REGISTRATION "emergency only"
check "emergency only: own advice" err_has 'emergency services only'

# An optional command that never answers costs its timeout and a plain
# AT, not the run.
start_sim --once -s mute=+CESQ
run_connect --apn internet
is_rc 0 "AT+CESQ never answered: CONNECT"
check "the probe was sent" grep -q '^[0-9.]* < AT$' "$T/sim.log"
check "no 'stopped answering'" sh -c "! grep -q 'stopped answering' '$T/err'"

# A modem that answers nothing after identification: the probe decides.
start_sim --once -s mute=+CPIN
run_connect --apn internet
is_rc $EXIT_SIM "AT+CPIN? never answered, modem still alive"
check "CPIN unanswered: reported with what it said" \
	err_has "cannot read the SIM state (AT+CPIN? answered 'no answer within 5 s')"

finish
