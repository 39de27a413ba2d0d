#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What installing source routing costs at link-up and link-down, ltepi's way
# next to the way users do it today, over a real kernel PPP link in the test
# VM (tests/vm/run.sh; real pppd, real kernel):
#
#   ltepi   pppd loads ltepi.so with srcroute-table 200; the plugin installs
#           the route and rule in pppd's ip-up notifier and logs how long it
#           took (CLOCK_MONOTONIC around the netlink calls, "...; N us)").
#   script  pppd without the plugin; Debian's /etc/ppp/ip-up runs run-parts,
#           which runs an ip-up.d script doing what the usual recipe does:
#             ip route add default dev "$PPP_IFACE" table 200
#             ip rule add from "$PPP_LOCAL" table 200 prio 1000
#           (and the reverse in ip-down.d).
#
# How the script path is timed: `ip -ts monitor route rule` (µs wall-clock
# timestamps, TZ=UTC) runs for the whole run.  When pppd brings ppp0 up for
# IPv4 (after ip-pre-up, just before the ip-up notifiers and the ip-up
# script) the kernel adds the peer route ("... dev ppp0 proto kernel scope
# link src LOCAL"); then the rule appears.  Two numbers per link-up:
#   up-to-rule      peer route event -> rule event: from (nearly) pppd's
#                   ip-up event to the rule being visible;
#   ipup-to-rule    /etc/ppp/ip-up started (a bash wrapper records
#                   $EPOCHREALTIME, no fork, then execs Debian's script) ->
#                   rule event: leaves out pppd's fork/exec of the script, so
#                   it is a lower bound.
# For ltepi the plugin's own number is the in-process cost; the monitor's
# up-to-rule for ltepi is printed as a cross-check (on the one-vCPU VM the
# monitor may read both events late, in one go, so it can under-report).
# Down: the plugin's number, and for the script /etc/ppp/ip-down start ->
# rule deleted (the script runs after pppd took the address away).
# pppd runs with `noipv6` (with IPv6CP the interface is already up when
# IPCP finishes, and the reference event would come before ip-pre-up) and
# logs to the VM's tmpfs (its debug lines inside the timed section would
# otherwise each be a write over 9p).
#
# Each method brings the link up LTEPI_BENCH_RUNS times (default 20) with
# one persistent pppd (persist, the ISP hanging up; tests/vm/lib-srcroute.sh
# gates the redials), a new address each time.
#
# usage: bench/ipup-srcroute.sh [RESULTS_DIR]   (root; run from the build
#        directory or set top_builddir; default RESULTS_DIR bench/results)
# Writes RESULTS_DIR/ipup-srcroute.{md,csv} (summary) and
# ipup-srcroute-samples.csv (every sample), and the VM's log.

set -eu

if [ -z "${LTEPI_VM_GUEST:-}" ]; then
	. "$(dirname "$0")/vm-host.sh"
	out=${1:-$top_srcdir/bench/results}
	log=$out/ipup-srcroute.log
	bench_vm_run 1800 "$log" || exit
	{
		echo "method,phase,metric,address,microseconds"
		sed -n 's/^sample,//p' "$log"
	} >"$out/ipup-srcroute-samples.csv"
	exec awk -F, -v md="$out/ipup-srcroute.md" \
		-v csv="$out/ipup-srcroute.csv" \
		-v vm="$(sed -n 's/^# vm: \(.*\)/VM: \1./p' "$log")" '
		function median(k,   n, i, j, t, v) {
			n = split(samples[k], v, " ")
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			lo[k] = v[1]; hi[k] = v[n]; count[k] = n
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		NR > 1 {
			k = $1 "," $2 "," $3
			if (!(k in samples)) order[++nk] = k
			samples[k] = samples[k] " " $5
		}
		END {
			print "method,phase,metric,runs,median_us,min_us,max_us" >csv
			print "# ip-up/ip-down cost: ltepi in pppd vs an ip-up.d script\n" >md
			print "Real pppd 2.4.9 and kernel in the QEMU/TCG test VM (one vCPU); " \
			      "the host was shared with other jobs, so absolute numbers are noisy; " \
			      "method in bench/ipup-srcroute.sh. " vm "\n" >md
			print "| method | phase | metric | runs | median µs | min µs | max µs |" >md
			print "|---|---|---|---:|---:|---:|---:|" >md
			for (i = 1; i <= nk; i++) {
				k = order[i]
				m[k] = median(k)
				split(k, f, ",")
				printf "%s,%d,%d,%d,%d\n", k, count[k], m[k], lo[k], hi[k] >csv
				printf "| %s | %s | %s | %d | %d | %d | %d |\n", f[1], f[2], f[3],
					count[k], m[k], lo[k], hi[k] >md
			}
			inproc = m["ltepi,up,in-process"]
			if (inproc > 0) {
				print "\nRatios of medians, up (script / ltepi in-process): " \
				      sprintf("up-to-rule %.0fx, ipup-to-rule %.0fx (a lower bound).", m["script,up,up-to-rule"] / inproc, m["script,up,ipup-to-rule"] / inproc) >md
			}
			if (m["ltepi,down,in-process"] > 0)
				print "Down (script ipdown-to-rule-gone / ltepi in-process): " \
				      sprintf("%.0fx.", m["script,down,ipdown-to-rule-gone"] / m["ltepi,down,in-process"]) >md
			close(md)
			while ((getline line <md) > 0) print line
		}' "$out/ipup-srcroute-samples.csv"
fi

# --- in the VM -------------------------------------------------------------

. "$top_srcdir/tests/vm/lib.sh"
. "$top_srcdir/tests/vm/lib-srcroute.sh"
vm_enter "$0" "$@"

runs=${LTEPI_BENCH_RUNS:-20}
bench=/run/ltepi-bench
mkdir -p $bench

# /etc/ppp/ip-up and ip-down record when they start, then run Debian's.
wrap_scripts() {
	for phase in up down; do
		mv "/etc/ppp/ip-$phase" "/etc/ppp/ip-$phase.debian"
		printf '#!/bin/bash\necho "$4 $EPOCHREALTIME" >>%s/ip-%s-start\nexec /etc/ppp/ip-%s.debian "$@"\n' \
			"$bench" "$phase" "$phase" >"/etc/ppp/ip-$phase"
		chmod 0755 "/etc/ppp/ip-$phase"
	done
}

# The usual recipe, as ip-up.d/ip-down.d scripts.  The ISP's pppd (in its
# namespace, same /etc/ppp) runs them too: for it they stop at once, so
# they add no load to pi's measurement.
install_recipe() {
	cat >/etc/ppp/ip-up.d/50-srcroute <<-'SH'
		#!/bin/sh
		[ "$PPP_IPPARAM" = pi ] || exit 0
		ip route add default dev "$PPP_IFACE" table 200
		ip rule add from "$PPP_LOCAL" table 200 prio 1000
	SH
	cat >/etc/ppp/ip-down.d/50-srcroute <<-'SH'
		#!/bin/sh
		[ "$PPP_IPPARAM" = pi ] || exit 0
		ip rule del from "$PPP_LOCAL" table 200 prio 1000
		ip route del default dev "$PPP_IFACE" table 200 2>/dev/null || :
	SH
	chmod 0755 /etc/ppp/ip-up.d/50-srcroute /etc/ppp/ip-down.d/50-srcroute
}

# RUNS link-ups and -downs of one persistent pppd, addresses 100.64.0.10...
cycles() { # OPTION...
	# shellcheck disable=SC2046 # sr_dial_setup prints two words: pty SCRIPT
	pi_pppd_start "$@" noipv6 logfile $bench/pppd.log \
		$(sr_dial_setup 10) persist holdoff 0 maxfail 0
	i=0
	while [ $i -lt "$runs" ]; do
		sr_dial_allow
		sr_wait_up
		isp_pppd_hangup
		sr_wait_down
		i=$((i + 1))
	done
	pi_pppd_stop
}

# Seconds since midnight UTC, for matching $EPOCHREALTIME with ip -ts.
start_times() { # FILE
	awk '{ printf "%s %.6f\n", $1, $2 % 86400 }' "$1"
}

# sample lines from the monitor's log and the scripts' start times.
monitor_samples() { # METHOD
	start_times $bench/ip-up-start >$bench/up-start
	start_times $bench/ip-down-start >$bench/down-start
	awk -v method="$1" '
		function sod(s, t) {
			split(substr(s, 13, 15), t, ":")
			return t[1] * 3600 + t[2] * 60 + t[3]
		}
		function us(d) { return sprintf("%d", d * 1e6 + 0.5) }
		FILENAME ~ /up-start$/ { upstart[$1] = $2; next }
		FILENAME ~ /down-start$/ { downstart[$1] = $2; next }
		{ ts = sod($1); deleted = $2 == "Deleted" }
		/ dev ppp0 proto kernel scope link src / && !/table local/ && !deleted {
			a = $0; sub(/.* src /, "", a); sub(/ .*/, "", a)
			if (!(a in linkup)) linkup[a] = ts
		}
		/lookup 200/ && /[ \t]from 100\.64\./ {
			a = $0; sub(/.*[ \t]from /, "", a); sub(/ .*/, "", a)
			if (deleted) rdel[a] = ts; else radd[a] = ts
		}
		END {
			for (a in radd) {
				if (a in linkup)
					print "sample," method ",up,up-to-rule," a "," us(radd[a] - linkup[a])
				if (method == "script" && a in upstart)
					print "sample," method ",up,ipup-to-rule," a "," us(radd[a] - upstart[a])
			}
			for (a in rdel)
				if (method == "script" && a in downstart)
					print "sample," method ",down,ipdown-to-rule-gone," a "," us(rdel[a] - downstart[a])
		}' $bench/up-start $bench/down-start $bench/monitor
}

# The plugin's own numbers, from pppd's log.
plugin_samples() {
	sed -n 's/.* replies from \([0-9.]*\) leave via .*; \([0-9]*\) us)$/sample,ltepi,up,in-process,\1,\2/p' \
		$bench/pppd.log
	sed -n 's/.* IPv4 source routing and link routes removed (\([0-9]*\) us)$/\1/p' \
		$bench/pppd.log |
		awk '{ printf "sample,ltepi,down,in-process,100.64.0.%d,%s\n", NR + 9, $1 }'
}

run_method() { # METHOD OPTION...
	method=$1
	shift
	rm -f $bench/*
	TZ=UTC ip -ts monitor route rule >$bench/monitor &
	monitor=$!
	sleep 0.5 # the monitor is listening before the first link
	started=$(now)
	cycles "$@"
	note "$method: $runs link-ups and -downs in $(elapsed_since "$started") s"
	kill "$monitor"
	wait "$monitor" || :
	monitor_samples "$method"
}

topo_up
wrap_scripts
run_method ltepi plugin "$PLUGIN" srcroute-table 200
plugin_samples
install_recipe
run_method script
