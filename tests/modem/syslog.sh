#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What ltepi-modem sends to syslog, which is what the user sees of a
# failed connect (pppd only says "Connect script failed"): ident
# ltepi-modem with its pid, facility daemon, errors at LOG_ERR, progress
# at LOG_INFO, the AT dialogue at LOG_DEBUG with the PIN masked. Caught
# on a test /dev/log in a private mount namespace (lib.sh syslog_run), so
# no syslog daemon is needed; skipped where that cannot be set up.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

# <PRI> = facility * 8 + severity: daemon is 3, err 3, info 6, debug 7.
LOG_DAEMON_ERR='<27>' LOG_DAEMON_INFO='<30>' LOG_DAEMON_DEBUG='<31>'

# logged PRI TEXT: a line from us at that priority holding TEXT.
logged() {
	grep "^$1" "$T/syslog" | grep ' ltepi-modem\[[0-9]*\]: ' |
		grep -qF -- "$2"
}

connect_logged() {
	syslog_run "$helper" connect --config /dev/null "$@" \
		<"$T/tty" >"$T/tty" 2>"$T/err"
}

start_sim --once -s sim=absent
if ! connect_logged --apn internet; then
	echo "SKIP: syslog not testable here: $syslog_skip"
	exit 77
fi
is_rc $EXIT_SIM "no SIM"
check "failure: ident, pid, facility daemon, LOG_ERR" \
	logged "$LOG_DAEMON_ERR" 'no SIM card: insert one'
check "the same sentence on stderr" err_has 'no SIM card: insert one'

start_sim --once
connect_logged --apn internet
is_rc 0 "CONNECT"
check "progress at LOG_INFO: the APN and its source" \
	logged "$LOG_DAEMON_INFO" 'APN internet (set explicitly)'
check "progress at LOG_INFO: the network and signal" \
	logged "$LOG_DAEMON_INFO" "registered, home network on 'NTT DOCOMO' (LTE), signal -73 dBm (4/5), RSRP -91 dBm"
check "progress at LOG_INFO: CONNECT" \
	logged "$LOG_DAEMON_INFO" 'CONNECT 150000000 after'
check "no AT dialogue without --verbose" \
	sh -c "! grep -q '^$LOG_DAEMON_DEBUG' '$T/syslog'"

rm -f "$T/sim.state"
secret pin 1234
start_sim --once -s sim=pin -s pin=1234
connect_logged --apn internet --pin-file "$T/pin" --verbose
is_rc 0 "PIN, verbose: CONNECT"
check "--verbose: the AT dialogue at LOG_DEBUG" \
	logged "$LOG_DAEMON_DEBUG" 'AT> AT+CPINR="SIM PIN"'
check "--verbose: the PIN masked" logged "$LOG_DAEMON_DEBUG" 'AT> AT+CPIN=****'
check "the PIN is nowhere in syslog" sh -c "! grep -q 1234 '$T/syslog'"

syslog_run "$helper" connect --config /dev/null --apn-pre x 2>"$T/err"
is_rc $EXIT_USAGE "command-line error"
check "command-line errors reach syslog too" \
	logged "$LOG_DAEMON_ERR" "option '--apn-pre' must be spelled out in full"

finish
