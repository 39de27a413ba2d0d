#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem against chat(8), the program it replaces: the same simulated
# modem, a typical LTE chat script, both run as pppd runs them. Both must
# reach CONNECT; the times are printed for the record. Then a modem that is
# still searching for the network: chat dials too early and fails, while
# ltepi-modem waits for registration.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

chat=/usr/sbin/chat
if [ ! -x "$chat" ]; then
	echo "chat(8) not installed (Debian package ppp): nothing to compare"
	exit 77
fi

run_chat() {
	t0=$(date +%s%N)
	"$chat" -t 10 ABORT BUSY ABORT 'NO CARRIER' ABORT ERROR \
		ABORT 'NO DIALTONE' ABORT 'NO ANSWER' \
		'' AT OK ATE0 OK 'AT+CGDCONT=1,"IP","internet"' OK \
		'ATD*99***1#' CONNECT '' <"$T/tty" >"$T/tty" 2>"$T/err"
	rc=$?
	t1=$(date +%s%N)
	elapsed=$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }")
}

# Modem latency: delay=MS before each answer (a modem works out an answer,
# then sends its lines together; USB LTE modems take 20-100 ms), and
# line_delay=MS before every line, the simulator's older model, kept to
# compare with earlier records (bench/RESULTS.md).
for latency in delay=0 delay=20 delay=50 line_delay=50; do
	start_sim --once -s "$latency"
	run_chat
	is_rc 0 "chat reaches CONNECT ($latency)"
	chat_time=$elapsed
	check "chat dialled" sim_has '< ATD*99***1#'

	start_sim --once -s "$latency"
	run_connect --apn internet
	is_rc 0 "ltepi-modem reaches CONNECT ($latency)"
	check "ltepi-modem dialled" sim_has '< ATD*99***1#'
	echo "# $latency ms: chat ${chat_time}s, ltepi-modem ${elapsed}s" \
		"($(grep -c '^[0-9.]* < ' "$T/sim.log") commands," \
		"$(grep -c '^[0-9.]* > ' "$T/sim.log") lines)"
done

# Still searching for 2 s when the dialogue starts.
start_sim --once -s reg=2:2000,1
run_chat
chat_rc=$rc
check "chat dials before registration and fails (exit $chat_rc)" \
	test "$chat_rc" -ne 0
start_sim --once -s reg=2:2000,1
run_connect --apn internet
is_rc 0 "ltepi-modem waits for registration, then CONNECT"
echo "# registration after 2 s: ltepi-modem ${elapsed}s"

finish
