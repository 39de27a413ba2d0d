#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# How long ltepi's source routing stays broken after another program deletes
# part of it, over a real kernel PPP link in the test VM (real pppd, real
# kernel): pppd with ltepi.so and srcroute-table 200; "another program"
# runs, one second apart, "ip rule del" of ltepi's rule, "ip route flush
# table 200", "ip route del default table 200" and "ip rule flush".
#
# Timing: `ip -ts monitor rule route` (microsecond timestamps) runs for the
# whole run; a sample is the time from the kernel's "Deleted" event for the
# object to the event of its being added again.  The guard gives up at the
# fifth removal within a minute (guard.h), so each connection takes four
# deletions and pppd is restarted for the next four; LTEPI_BENCH_RUNS
# (default 20) samples in all.
#
# What users run today (an ip-up.d script, or ltepi without the guard) never
# restores: the rule stays deleted until the next reconnect.
#
# usage: bench/guard-restore.sh [RESULTS_DIR]   (root; run from the build
#        directory or set top_builddir; default RESULTS_DIR bench/results)
# Writes RESULTS_DIR/guard.csv (what,samples,median_ms,min_ms,max_ms) and
# guard-samples.csv (every sample).

set -eu

if [ -z "${LTEPI_VM_GUEST:-}" ]; then
	. "$(dirname "$0")/vm-host.sh"
	out=${1:-$top_srcdir/bench/results}
	log=$out/guard-restore.log
	bench_vm_run 900 "$log" || exit
	sed -n 's/^sample,//p' "$log" | awk -F, -v csv="$out/guard.csv" '
		{ v[++n] = $2; w[n] = $1 }
		END {
			if (n == 0) { print "no samples" >"/dev/stderr"; exit 1 }
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
			print "what,samples,median_ms,min_ms,max_ms" >csv
			printf "restore,%d,%.1f,%.1f,%.1f\n", n, m, v[1], v[n] >csv
		}'
	{
		echo "what,ms"
		sed -n 's/^sample,//p' "$log"
	} >"$out/guard-samples.csv"
	rm -f "$log"
	exit 0
fi

# --- in the VM -------------------------------------------------------------

. "$top_srcdir/tests/vm/lib.sh"
. "$top_srcdir/tests/vm/lib-srcroute.sh"
vm_enter "$0" "$@"

runs=${LTEPI_BENCH_RUNS:-20}
mon=/run/ltepi-guard-monitor.txt

topo_up
TZ=UTC ip -ts monitor rule route >"$mon" 2>&1 &
vm_servers="$vm_servers $!"

# The first "Deleted" line matching PATTERN after line FROM, and the first
# line after it that adds it back (the same text without "Deleted "):
# milliseconds between their timestamps.
restore_ms() { # FROM PATTERN
	tail -n "+$(($1 + 1))" "$mon" | awk -v pat="$2" '
		function ts(line,   t) {
			# [2026-12-06T22:40:01.123456] ...
			t = substr(line, 2, 26); gsub(/[-T:]/, " ", t)
			split(t, a, " ")
			return a[4] * 3600 + a[5] * 60 + a[6]
		}
		!del && /Deleted / && index($0, pat) { del = ts($0); next }
		del && !/Deleted / && index($0, pat) { printf "%.1f\n", (ts($0) - del) * 1000; exit }'
}

sample() { # WHAT PATTERN COMMAND...
	what=$1 pat=$2
	shift 2
	from=$(wc -l <"$mon")
	"$@"
	tries=40
	until [ -n "$(restore_ms "$from" "$pat")" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "$what: not restored within 4 s"
		sleep 0.1
	done
	echo "sample,$what,$(restore_ms "$from" "$pat")"
	n=$((n + 1))
	sleep 1
}

n=0
while [ $n -lt "$runs" ]; do
	pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE"
	pi_pppd_wait_up
	rule="from $PI_PPP_ADDR lookup $SR_TABLE"
	route="default dev $PI_PPP_IF table $SR_TABLE"
	sample "ip rule del" "$rule" ip rule del $rule
	[ $n -lt "$runs" ] || break
	sample "ip route flush table" "$route" ip route flush table "$SR_TABLE"
	[ $n -lt "$runs" ] || break
	sample "ip route del default" "$route" \
		ip route del default dev "$PI_PPP_IF" table "$SR_TABLE"
	[ $n -lt "$runs" ] || break
	sample "ip rule flush" "$rule" ip rule flush
	ip rule add from all lookup main prio 32766
	ip rule add from all lookup default prio 32767
done
pi_pppd_stop
