#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Time to CONNECT from modem power-on, ltepi-modem against chat(8), on the
# modem simulator (tests/modem/modem-sim) with realistic timing:
#
#   DELAY ms of processing before the modem answers each command (default
#   50, in the 20-100 ms a USB LTE modem answers in; the lines of one answer
#   then arrive together, as from a real modem), and registration
#   ("searching", then "home") completing REG ms after power-on: 0, 2000
#   and 5000.
#
# Power-on is the simulator's start; its log stamps every line with the
# time since then, so "time to CONNECT" is the stamp of the CONNECT it sent,
# the same clock for every contender. The contenders, run as pppd runs a
# connect program (stdin and stdout on the tty):
#
#   ltepi-modem  ltepi-modem connect --apn internet
#   chat         Debian's /etc/chatscripts/gprs, as shipped (chat -T internet)
#   chat+sleep   the same script with the usual workaround for a slow
#                registration: five "\d" (1 s each) before ATD, sized for
#                a 5 s registration and paid on every dial
#   floor        REG + DELAY: the modem cannot answer ATD with CONNECT
#                before it is registered, and the answer takes DELAY
#
# For each contender at_cmds * DELAY is the sum of the modem's own delays
# in its dialogue: the time its commands spend waiting for answers, the
# physical limit for that dialogue on that modem.
#
# Prints CSV, the times over the dials that reached CONNECT:
#   reg_ms,delay_ms,tool,status,median_connect_s,min_s,max_s,at_lines,connected,tries,at_cmds
# status: the exit status of a failed dial (0 if none failed); at_lines:
# response lines the modem sent in the (last) dialogue, at_cmds the
# commands it answered. Also
# measures peak RSS of one run of each program with /usr/bin/time when
# present, as "#rss,TOOL,KB" lines on stderr.
#
# usage: bench/modem-connect.sh [BUILDDIR]   RUNS (default 3), DELAY, REGS
#        ("0 2000 5000") from the environment.

set -eu

builddir=$(cd "${1:-${top_builddir:-$PWD}}" && pwd)
sim=$builddir/tests/modem/modem-sim
helper=$builddir/chat/ltepi-modem
chat=/usr/sbin/chat
gprs=/etc/chatscripts/gprs
runs=${RUNS:-3}
delay=${DELAY:-50}
regs=${REGS:-0 2000 5000}

for f in "$sim" "$helper"; do
	[ -x "$f" ] || { echo "ERROR: $f not built (make check builds it)"; exit 99; }
done
if [ ! -x "$chat" ] || [ ! -r "$gprs" ]; then
	echo "SKIP: chat(8) and $gprs (Debian package ppp) are needed"
	exit 77
fi

tmp=$(mktemp -d)
sim_pid=
stop_sim() {
	[ -z "$sim_pid" ] || { kill "$sim_pid" 2>/dev/null || :; wait "$sim_pid" 2>/dev/null || :; }
	sim_pid=
}
trap 'stop_sim; rm -rf "$tmp"' EXIT

sed 's/^OK\t\tATD\*99#$/OK\t\t\\d\\d\\d\\d\\dATD*99#/' "$gprs" >"$tmp/gprs-sleep"
grep -q 'dATD' "$tmp/gprs-sleep" || { echo "ERROR: $gprs has no 'OK ATD*99#' line to delay"; exit 99; }

# power_on REG: a fresh modem, registered REG ms after it starts.
power_on() {
	stop_sim
	rm -f "$tmp/tty" "$tmp/sim.log"
	local reg=1
	[ "$1" = 0 ] || reg="2:$1,1"
	"$sim" --once --link "$tmp/tty" --log "$tmp/sim.log" \
		--state "$tmp/sim.state" -s delay="$delay" -s reg="$reg" \
		>/dev/null 2>&1 &
	sim_pid=$!
	while [ ! -e "$tmp/tty" ]; do
		kill -0 "$sim_pid" 2>/dev/null || { echo "ERROR: modem-sim died"; exit 99; }
		sleep 0.01
	done
}

# dial TOOL [WRAPPER...]: the connect program on the tty (run by WRAPPER,
# e.g. /usr/bin/time); prints its exit status. The tty is both stdin and
# stdout, as pppd gives it to a connect program.
# shellcheck disable=SC2094
dial() {
	local tool=$1 rc=0
	shift
	case $tool in
	ltepi-modem) "$@" "$helper" connect --config /dev/null --apn internet ;;
	chat) "$@" "$chat" -T internet -f "$gprs" ;;
	chat+sleep) "$@" "$chat" -T internet -f "$tmp/gprs-sleep" ;;
	esac <"$tmp/tty" >"$tmp/tty" 2>>"$tmp/err" || rc=$?
	echo "$rc"
}

# Seconds from power-on to the CONNECT the modem sent.
connect_time() {
	awk '$2 == ">" && $3 ~ /^CONNECT/ { print $1; exit }' "$tmp/sim.log"
}

stats() { # numbers on stdin -> "median,min,max"
	sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print ",,"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f,%.3f,%.3f\n", m, v[1], v[NR] }'
}

tools="ltepi-modem chat chat+sleep"
declare -A status lines cmds
echo "reg_ms,delay_ms,tool,status,median_connect_s,min_s,max_s,at_lines,connected,tries,at_cmds"
for reg in $regs; do
	for tool in $tools; do
		: >"$tmp/times.$tool"
		status[$tool]=0
	done
	# The contenders take turns within every run, so that load from
	# elsewhere hits them alike.
	for ((i = 0; i < runs; i++)); do
		for tool in $tools; do
			power_on "$reg"
			rc=$(dial "$tool")
			stop_sim
			if [ "$rc" = 0 ] && [ -n "$(connect_time)" ]; then
				connect_time >>"$tmp/times.$tool"
			else
				status[$tool]=$rc
			fi
			lines[$tool]=$(grep -c '^[0-9.]* > ' "$tmp/sim.log" || :)
			cmds[$tool]=$(grep -c '^[0-9.]* < ' "$tmp/sim.log" || :)
		done
	done
	for tool in $tools; do
		echo "$reg,$delay,$tool,${status[$tool]},$(stats <"$tmp/times.$tool")," \
			"${lines[$tool]},$(wc -l <"$tmp/times.$tool"),$runs,${cmds[$tool]}" |
			tr -d ' '
	done
	awk -v r="$reg" -v d="$delay" 'BEGIN {
		printf "%d,%d,floor,0,%.3f,%.3f,%.3f,1,1,1,1\n", r, d,
			(r + d) / 1000, (r + d) / 1000, (r + d) / 1000 }'
done

if [ -x /usr/bin/time ]; then
	for tool in ltepi-modem chat; do
		power_on 0
		dial "$tool" /usr/bin/time -f "%M" -o "$tmp/rss" >/dev/null
		stop_sim
		echo "#rss,$tool,$(tail -1 "$tmp/rss")" >&2
	done
fi
