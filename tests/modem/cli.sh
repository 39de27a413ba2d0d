#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem's command line and configuration file errors (exact messages,
# exit code 1, nothing sent to the modem), the info mode (text and JSON)
# and the power mode wiring with the command backend.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

no_at_sent() { ! grep -q '^[0-9.]* < ' "$T/sim.log"; }

printf 'apn = internet\n\n# fine so far\nbogus = 1\n' >"$T/bad.conf"
start_sim
CONF=$T/bad.conf run_connect
is_rc $EXIT_USAGE "config: unknown key"
check "config: file:line message" err_has "$T/bad.conf:4: unknown key 'bogus'"
check "config error: nothing sent to the modem" no_at_sent

printf '[preset x]\napn = a\ntimeout = 5\n' >"$T/bad.conf"
CONF=$T/bad.conf run_connect
is_rc $EXIT_USAGE "config: key not valid in a preset"
check "config: preset key message" \
	err_has "$T/bad.conf:3: 'timeout' is not a preset key"

CONF=$T/absent.conf run_connect
is_rc $EXIT_USAGE "config: missing --config file"
check "config: missing file named" err_has "$T/absent.conf: No such file or directory"

run_connect --timeout 0
is_rc $EXIT_USAGE "bad --timeout"
check "bad --timeout: exact message" \
	err_has "--timeout: invalid value '0' (a number from 1 to 3600)"

run_connect --auth magic
is_rc $EXIT_USAGE "bad --auth"
check "bad --auth: choices listed" \
	err_has "--auth: invalid value 'magic' (one of: none, pap, chap, pap-or-chap)"

# Secrets never on the command line, and an option typed in the wrong
# place must not leak what follows it: getopt_long would take "--pin" as
# an abbreviation of --pin-file and name "1234" in its error. A file of
# that name must not change the outcome.
cd "$T" || exit 99
secret 1234 1234
secret 4321 4321
not_leaked() { ! grep -q "$1" "$T/err" && ! grep -q "$1" "$T/syslog" 2>/dev/null; }
for args in "--pin 1234:1234:pin-file" "--pin=4321:4321:pin-file" \
	"--pi 1234:1234:pin-file" "--password hunter2:hunter2:password-file" \
	"--passw=hunter2:hunter2:password-file" \
	"--pass-word hunter2:hunter2:password-file"; do
	opt=${args%%:*}
	rest=${args#*:}
	value=${rest%%:*}
	hint=${rest#*:}
	: >"$T/syslog"
	# shellcheck disable=SC2086
	if ! syslog_run "$helper" connect --config /dev/null $opt \
		<"$T/tty" >"$T/tty" 2>"$T/err"; then
		# shellcheck disable=SC2086
		run_connect $opt
	fi
	is_rc $EXIT_USAGE "'$opt' refused"
	check "'$opt': points to --$hint" err_has "give --$hint FILE"
	check "'$opt': the value is in neither stderr nor syslog" \
		not_leaked "$value"
	check "'$opt': nothing sent to the modem" no_at_sent
	[ -n "$syslog_skip" ] ||
		check "'$opt': the refusal reached syslog too" \
			syslog_has "option '${opt%%[ =]*}' refused"
done
[ -z "$syslog_skip" ] || echo "# syslog not checked: $syslog_skip"
cd "$OLDPWD" || exit 99

# Options are spelled out in full; errors name the option, never a value.
run_connect --apn-pre iijmio.jp
is_rc $EXIT_USAGE "abbreviated option refused"
check "abbreviation: full name suggested" \
	err_has "option '--apn-pre' must be spelled out in full (--apn-preset?)"
check "abbreviation: nothing sent to the modem" no_at_sent
run_connect --apnx internet
is_rc $EXIT_USAGE "unknown option"
check "unknown option: named, value not echoed" \
	sh -c "grep -qF \"option '--apnx' is unknown\" '$T/err' && ! grep -q internet '$T/err'"
run_connect --verbose=yes
is_rc $EXIT_USAGE "flag with a value"
check "flag with a value: explained" err_has "option '--verbose' takes no value"
run_connect --apn
is_rc $EXIT_USAGE "option without its value"
check "missing value: explained" err_has "option '--apn' needs a value"
run_connect -x
is_rc $EXIT_USAGE "unknown short option"
check "unknown short option: named" err_has "unknown option '-x'"

"$helper" 2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "no mode"
check "no mode: usage shown" err_has 'usage: ltepi-modem connect'

"$helper" dance --config /dev/null 2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "unknown mode"
check "unknown mode: named" err_has "unknown mode 'dance'"

# The shipped example configuration parses and works (AM Telecom dialect).
start_sim --once -s identity=amtelecom
CONF=$top_srcdir/examples/modem.conf run_connect
is_rc 0 "examples/modem.conf works"
check "example: preset soracom.io via AT\$QCPDPP" \
	sim_has '< AT$QCPDPP=1,3,"sora","sora"'

# info
start_sim
"$helper" info --config /dev/null 2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "info without --device"

"$helper" info --config /dev/null --device "$T/tty" >"$T/info" 2>"$T/err"
rc=$?
is_rc 0 "info (text)"
check "info: manufacturer" grep -qx 'manufacturer: Generic' "$T/info"
check "info: SIM" grep -qx 'sim: ready' "$T/info"
check "info: radio" grep -qx 'radio: on' "$T/info"
check "info: PIN tries" grep -qx 'pin_tries: 3' "$T/info"
check "info: IMSI-derived PLMN" grep -qx 'imsi_plmn: 440/10 or 440/101' "$T/info"
if [ -r /usr/share/mobile-broadband-provider-info/serviceproviders.xml ]; then
	check "info: APN suggested from the database" \
		grep -q '^apn_guess_source: mobile-broadband-provider-info: provider .*(440/10' "$T/info"
	provider=$(sed -n 's/^apn_guess_source: .*provider "\([^"]*\)".*/\1/p' "$T/info")
	check "info: the SIM's network by IMSI, as the database names it" \
		grep -qxF "sim_provider: $provider" "$T/info"
fi
check "info: EPS registration" grep -qx 'registration_eps: registered, home network' "$T/info"
check "info: access technology" grep -qx 'access_technology: LTE' "$T/info"
check "info: signal dBm and bars" sh -c "grep -qx 'signal_dbm: -73' '$T/info' && grep -qx 'signal_bars: 4' '$T/info'"
check "info: RSRP" grep -qx 'rsrp_dbm: -91' "$T/info"

"$helper" info --config /dev/null --device "$T/tty" --json >"$T/info.json" 2>"$T/err"
rc=$?
is_rc 0 "info --json"
if command -v python3 >/dev/null; then
	check "info --json is valid JSON with the operator" python3 -c "
import json, sys
d = json.load(open('$T/info.json'))
sys.exit(not (d['operator'] == 'NTT DOCOMO' and d['signal_dbm'] == -73
              and d['pin_tries'] == 3 and d['registration_cs'] is not None))"
else
	check "info --json looks like JSON" grep -q '^{"manufacturer": "Generic"' "$T/info.json"
fi

# Modem strings are not trusted to be UTF-8: bytes 0xff 0xfe, an overlong
# "/", a lone continuation byte, a TAB; valid UTF-8 passes unchanged.
start_sim -s "operator=$(printf 'Op\377\376\300\257x\200\tend')" \
	-s "manufacturer=$(printf '\343\203\211\"q\\')"
"$helper" info --config /dev/null --device "$T/tty" --json >"$T/info.json" 2>"$T/err"
rc=$?
is_rc 0 "info --json with bytes that are not UTF-8"
if command -v python3 >/dev/null; then
	check "info --json is valid JSON (python3 -m json.tool)" \
		sh -c "python3 -m json.tool '$T/info.json' >/dev/null"
	check "invalid bytes replaced, controls escaped, UTF-8 kept" python3 -c "
import json, sys
d = json.load(open('$T/info.json', encoding='utf-8'))
sys.exit(not (d['operator'] == 'Op\ufffd\ufffd\ufffd\ufffdx\ufffd\tend'
              and d['manufacturer'] == '\u30c9\"q\\\\'))"
fi
check "info --json: no raw control byte" sh -c "! grep -q \"\$(printf '\t')\" '$T/info.json'"

start_sim -s sim=pin
"$helper" info --config /dev/null --device "$T/tty" >"$T/info" 2>"$T/err"
rc=$?
is_rc 0 "info with a locked SIM"
check "info: PIN required shown" grep -qx 'sim: PIN required' "$T/info"
check "info never sends a PIN" sh -c "! grep -q '< AT+CPIN=' '$T/sim.log'"
stop_sim

# power, command backend: the command "powers on" by creating the device.
"$helper" power on --config /dev/null --power-backend command \
	--power-on-command "/usr/bin/touch $T/ttyNEW" --device "$T/ttyNEW" \
	--power-wait 5 2>"$T/err"
rc=$?
is_rc 0 "power on, command backend"
check "power on ran the command" test -e "$T/ttyNEW"

"$helper" power on --config /dev/null --power-backend command \
	--power-on-command /bin/false --device "$T/ttyNONE" --power-wait 2 \
	2>"$T/err"
rc=$?
is_rc 9 "power on, failing command"
check "power failure explained" err_has 'power on failed:'

# A modem that already answers is not switched (the LTEPi's key toggles).
start_sim
"$helper" power on --wait --config /dev/null --power-backend command \
	--power-on-command "/usr/bin/touch $T/pressed" --device "$T/tty" \
	2>"$T/err"
rc=$?
is_rc 0 "power on --wait, modem already on"
check "modem already on: power command not run" test ! -e "$T/pressed"
check "modem already on: probed with AT" sim_has '< AT'
stop_sim

# gpio for a board without a profile: no pulse lengths, no switching.
"$helper" power on --config /dev/null --power-backend gpio \
	--power-key PWRKEY --device "$T/ttyNONE" 2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "gpio backend without pulse lengths refused"
check "gpio without pulses: the keys named" \
	err_has "set 'power-on-pulse' and 'power-off-pulse'"
"$helper" power on --config /dev/null --board ltepi2 --power-on-pulse 0 \
	2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "a 0 ms pulse refused"

"$helper" power --config /dev/null 2>"$T/err"
rc=$?
is_rc $EXIT_USAGE "power without action"
check "power without action: explained" err_has 'power needs an action: on, off or cycle'

# ports and device = auto on a fake root (LTEPI_ROOT): a Quectel EC25
# (AT port interface 2, modem port interface 3) whose modem port
# ModemManager holds; the full sysfs cases are in test-ports. The tty
# names (ttyUSB92, 93) are ones no real machine has, so the open fails.
R=$T/root
for i in 2 3; do
	mkdir -p "$R/sys/devices/1-1/1-1:1.$i/ttyUSB9$i" "$R/sys/class/tty/ttyUSB9$i"
	echo "0$i" >"$R/sys/devices/1-1/1-1:1.$i/bInterfaceNumber"
	ln -s "../../../devices/1-1/1-1:1.$i/ttyUSB9$i" "$R/sys/class/tty/ttyUSB9$i/device"
done
echo 2c7c >"$R/sys/devices/1-1/idVendor"
echo 0125 >"$R/sys/devices/1-1/idProduct"
mkdir -p "$R/proc/4242/fd" "$R/dev/serial/by-id"
echo ModemManager >"$R/proc/4242/comm"
ln -s /dev/ttyUSB93 "$R/proc/4242/fd/9"
ln -s ../../ttyUSB93 "$R/dev/serial/by-id/usb-Quectel_EC25-if03-port0"
LTEPI_ROOT=$R "$helper" ports --config /dev/null >"$T/ports" 2>"$T/err"
rc=$?
is_rc 0 "ports"
check "ports: the AT port" grep -qx '/dev/ttyUSB92 2c7c:0125 if 2: AT, Quectel EC25/EG25 (ModemManager quectel port-types rules: AT primary)' "$T/ports"
check "ports: the modem port, by-id, holder, chosen" \
	grep -q '^/dev/ttyUSB93 2c7c:0125 if 3: modem (AT and PPP), Quectel EC25/EG25 (.*), /dev/serial/by-id/usb-Quectel_EC25-if03-port0, open in ModemManager (pid 4242)  <- device = auto$' "$T/ports"
LTEPI_ROOT=$R "$helper" info --config /dev/null --device auto >"$T/info" 2>"$T/err"
rc=$?
is_rc $EXIT_NO_MODEM "info --device auto: the chosen port is not on this machine"
check "device = auto: the choice explained" \
	err_has 'device = auto: /dev/ttyUSB93, the modem (AT and PPP) port of the Quectel EC25/EG25 (ModemManager quectel port-types rules'
check "device = auto: ModemManager named, with the udev way out" \
	err_has 'ModemManager (pid 4242) has /dev/ttyUSB93 open'
rm -rf "$R/sys/devices/1-1"
LTEPI_ROOT=$R "$helper" info --config /dev/null --device auto >"$T/info" 2>"$T/err"
rc=$?
is_rc $EXIT_NO_MODEM "device = auto without a known modem"
check "no known modem: explained" err_has "none of the 2 serial ports belongs to a modem ltepi-modem knows"

finish
