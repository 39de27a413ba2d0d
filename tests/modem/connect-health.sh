#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem's half of the link-health escalation (chat/escalate.h): the
# health file ltepi.so keeps, named in LTEPI_HEALTH_FILE, decides whether
# this dial first resets the radio (AT+CFUN=0, then 1, before the SIM step)
# or power-cycles the modem (the power backend; exit 16 so that pppd
# reopens the device), once per restart count; a file that is missing,
# malformed or not a regular file means no step and never a hang.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

H=$T/run/link.health
health() { # RESTARTS ESCALATED
	mkdir -p "$T/run"
	printf 'restarts %s\nlast-restart 1765000000\nescalated %s\n' "$1" "$2" >"$H"
}
cfun_reset_done() {
	[ "$(sim_count '< AT+CFUN=0')" -eq 1 ] && [ "$(sim_count '< AT+CFUN=1')" -eq 1 ]
}
# line number of the first simulator log line with TEXT
sim_line() { grep -nF -- "$1" "$T/sim.log" | sed -n '1s/:.*//p'; }
reset_before_sim_step() {
	[ "$(sim_line '< AT+CFUN=1')" -lt "$(sim_line '< AT+CPIN?')" ]
}

start_sim --once
run_connect --apn internet
is_rc 0 "no LTEPI_HEALTH_FILE: a plain dial"
check "  no radio reset" test "$(sim_count '< AT+CFUN=0')" -eq 0

export LTEPI_HEALTH_FILE="$H"
start_sim --once
run_connect --apn internet
is_rc 0 "no health file yet: a plain dial"
check "  no radio reset" test "$(sim_count '< AT+CFUN=0')" -eq 0

health 1 0
start_sim --once
run_connect --apn internet
is_rc 0 "1 restart (radio-reset-after defaults to 2): a plain dial"
check "  no radio reset" test "$(sim_count '< AT+CFUN=0')" -eq 0

health 2 0
start_sim --once
run_connect --apn internet
is_rc 0 "2 restarts in a row: dials after a radio reset"
check "  AT+CFUN=0 then AT+CFUN=1, once each" cfun_reset_done
check "  before the SIM step (some SIMs want the PIN again)" reset_before_sim_step
check "  logged with the reason" err_has 'the link check restarted the link 2 times in a row: radio reset (AT+CFUN=0, then AT+CFUN=1)'
check "  recorded: escalated 2" grep -qx 'escalated 2' "$H"
check "  the plugin's count kept" grep -qx 'restarts 2' "$H"

start_sim --once
run_connect --apn internet
is_rc 0 "the next dial for the same count"
check "  does not reset again" test "$(sim_count '< AT+CFUN=0')" -eq 0

health 3 2
start_sim --once
run_connect --apn internet --radio-reset-after 3 --power-cycle-after 0
is_rc 0 "radio-reset-after 3, power cycle disabled, 3 restarts"
check "  radio reset" cfun_reset_done

health 4 3
start_sim --once
run_connect --apn internet
is_rc 0 "4 restarts without a power backend: radio reset instead"
check "  radio reset" cfun_reset_done
check "  says a power cycle needs a backend" err_has 'a power cycle needs a power backend'

# A power cycle: the off command stops the modem (its tty stops answering),
# the on command starts another, which makes the device again.
health 4 3
start_sim
cat >"$T/modem-on" <<ON
#!/bin/sh
rm -f "$T/tty"
"$sim" --link "$T/tty" --log "$T/sim2.log" --state "$T/sim.state" >"$T/sim2.out" 2>&1 &
echo \$! >"$T/sim2.pid"
ON
chmod +x "$T/modem-on"
run_connect --apn internet --power-backend command --device "$T/tty" \
	--power-off-command "/bin/kill $sim_pid" --power-on-command "$T/modem-on" \
	--power-wait 10
is_rc $EXIT_POWER_CYCLED "4 restarts with a power backend: power cycle, exit 16"
check "  the modem came back (the on command ran)" test -s "$T/sim2.pid"
check "  logged" err_has 'the link check restarted the link 4 times in a row: modem power-cycled'
check "  recorded before dialling: escalated 4" grep -qx 'escalated 4' "$H"
check "  nothing dialled on the old line" test "$(sim_count '< ATD')" -eq 0
kill "$(cat "$T/sim2.pid")" 2>/dev/null
sim_pid=

# Bad files: no step, a clear sentence, never a hang.
mkdir -p "$T/run"
printf 'restarts many\n' >"$H"
start_sim --once
run_connect --apn internet
is_rc 0 "a malformed health file: a plain dial"
check "  says so" err_has "cannot read the link-health file $H: not a regular file or malformed"
check "  no radio reset" test "$(sim_count '< AT+CFUN=0')" -eq 0

rm -f "$H"
mkfifo "$H"
start_sim --once
run_connect --apn internet
is_rc 0 "a FIFO as health file: refused without blocking"
check "  says so" err_has "cannot read the link-health file $H"
rm -f "$H"

for bad in "--radio-reset-after x" "--radio-reset-after 101" "--power-cycle-after -1"; do
	# shellcheck disable=SC2086 # option and value are two words
	"$helper" connect --config /dev/null --apn internet $bad </dev/null >/dev/null 2>"$T/err"
	rc=$?
	is_rc $EXIT_USAGE "'$bad' refused"
	check "  names the key" err_has "${bad%% *}"
done

finish
