#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Commands before CONNECT and time to CONNECT of ltepi-modem connect
# --apn internet on every modem dialect of the simulator
# (tests/modem/sim-dialect.c), registered at once, DELAY ms (default 50)
# of processing before each answer. Time is the simulator's own log stamp
# of the CONNECT it sent (0 = its start), median of RUNS (default 3).
#
# Prints CSV: dialect,status,median_connect_s,at_cmds
#
# usage: bench/modem-dialects.sh [BUILDDIR]   (BUILDDIR/chat/ltepi-modem
#        and BUILDDIR/tests/modem/modem-sim; LTEPI_MODEM overrides the
#        helper, e.g. to measure an older build against the same simulator)

set -eu

builddir=$(cd "${1:-${top_builddir:-$PWD}}" && pwd)
sim=$builddir/tests/modem/modem-sim
helper=${LTEPI_MODEM:-$builddir/chat/ltepi-modem}
runs=${RUNS:-3}
delay=${DELAY:-50}

for f in "$sim" "$helper"; do
	[ -x "$f" ] || { echo "ERROR: $f not built (make check builds it)"; exit 99; }
done
tmp=$(mktemp -d)
sim_pid=
cleanup() {
	[ -z "$sim_pid" ] || kill "$sim_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# one DIALECT: prints "status seconds commands" of one dial ("-" seconds
# when no CONNECT came)
one() {
	rm -f "$tmp/tty" "$tmp/log"
	"$sim" --link "$tmp/tty" --log "$tmp/log" --once -s "dialect=$1" \
		-s "delay=$delay" >/dev/null 2>&1 &
	sim_pid=$!
	for _ in $(seq 100); do [ -e "$tmp/tty" ] && break; sleep 0.05; done
	status=0
	"$helper" connect --config /dev/null --apn internet <"$tmp/tty" \
		>"$tmp/tty" 2>/dev/null || status=$?
	kill "$sim_pid" 2>/dev/null || true
	wait "$sim_pid" 2>/dev/null || true
	sim_pid=
	t=$(awk '$2 == ">" && $3 ~ /^CONNECT/ { print $1; exit }' "$tmp/log")
	echo "$status ${t:--} $(grep -c '^[0-9.]* < ' "$tmp/log")"
}

echo "dialect,status,median_connect_s,at_cmds"
for d in $("$sim" --list-dialects); do
	: >"$tmp/times"
	status=0 cmds=0
	for _ in $(seq "$runs"); do
		read -r st t n < <(one "$d")
		[ "$st" = 0 ] || status=$st
		[ "$t" = - ] || echo "$t" >>"$tmp/times"
		cmds=$n
	done
	median=$(sort -n "$tmp/times" | awk '{ v[NR] = $1 } END {
		if (NR) printf "%.3f", v[int((NR + 1) / 2)] }')
	echo "$d,$status,$median,$cmds"
done
