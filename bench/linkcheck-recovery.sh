#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "Connected but no data", measured over a real kernel PPP link in the test
# VM: time from the data path dying to the box being reachable again from
# the internet, and what the link check's probes cost a day.
#
# The failure: the ISP's end of the session stops passing IP both ways (an
# nftables drop on its ppp interface, by index, in the ISP namespace, for
# what comes from the Pi and what goes to it) while LCP keeps answering; a
# new session (a new interface) works again, as a stuck PDP context on a
# mobile network does.  A sample is the time from the drop to the first
# ping from the internet namespace that the Pi answers over the link
# (source routing, srcroute-table 100; pings every 0.5 s).
#
#   default   link-check, interval 30 s, 3 failures, plus the shipped
#             peer file's lcp-echo-interval 30 / lcp-echo-failure 4
#   tight     link-check, interval 5 s, 2 failures
#   one-way   the same as tight, but only what comes from the Pi is dropped:
#             the measuring pings still come in, which link-check trusts
#             only while a target answered within the last 2 checks
#   lcp-echo  pppd's own dead-peer detection only (lcp-echo-interval 30,
#             lcp-echo-failure 4: the seeds' peer files): never notices, so
#             the sample is "not within LTEPI_BENCH_LIMIT seconds"
#
# Probe cost: on an idle link (no other traffic, the worst case) nftables
# counters on the Pi count the bytes of IP (both ways) the probes of 10
# checks put on the link, for an ICMP and a TCP target; scaled to a day at
# the default interval.  On a busy link (pings coming in every 0.2 s) the
# echo requests to the target count the probes per check.
#
# usage: bench/linkcheck-recovery.sh [RESULTS_DIR]   (root; run from the build
#        directory or set top_builddir; default RESULTS_DIR bench/results)
# Environment: LTEPI_BENCH_RUNS (samples per setting, default 3),
# LTEPI_BENCH_LIMIT (seconds, default 240).
# Writes RESULTS_DIR/linkcheck.csv (setting,samples,median_s,min_s,max_s,
# restarted), linkcheck-samples.csv and linkcheck-cost.csv
# (target,bytes_per_check,bytes_per_day).

set -eu

if [ -z "${LTEPI_VM_GUEST:-}" ]; then
	. "$(dirname "$0")/vm-host.sh"
	out=${1:-$top_srcdir/bench/results}
	log=$out/linkcheck-recovery.log
	runs=${LTEPI_BENCH_RUNS:-3} limit=${LTEPI_BENCH_LIMIT:-240}
	bench_vm_run $((360 + runs * 3 * 200 + limit)) "$log" || exit
	sed -n 's/^sample,//p' "$log" | awk -F, -v csv="$out/linkcheck.csv" '
		function median(s, n,   v, i, j, t) {
			split(s, v, " ")
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			lo[0] = v[1]; hi[0] = v[n]
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		{ s[$1] = s[$1] " " $2; n[$1]++; r[$1] = $3; order[$1] = NR }
		END {
			print "setting,samples,median_s,min_s,max_s,restarted" >csv
			split("default tight one-way lcp-echo", names, " ")
			for (k = 1; k <= 4; k++) {
				w = names[k]
				if (!n[w]) continue
				m = median(s[w], n[w])
				printf "%s,%d,%.1f,%.1f,%.1f,%s\n", w, n[w], m, lo[0], hi[0], r[w] >csv
			}
		}'
	{
		echo "setting,seconds,restarted"
		sed -n 's/^sample,//p' "$log"
	} >"$out/linkcheck-samples.csv"
	{
		echo "target,bytes_per_check,bytes_per_day"
		sed -n 's/^cost,//p' "$log"
	} >"$out/linkcheck-cost.csv"
	rm -f "$log"
	exit 0
fi

# --- in the VM -------------------------------------------------------------

. "$top_srcdir/tests/vm/lib.sh"
. "$top_srcdir/tests/vm/lib-firewall.sh"
vm_enter "$0" "$@"

runs=${LTEPI_BENCH_RUNS:-3}
limit=${LTEPI_BENCH_LIMIT:-240}
topo_up

isp_ppp_if() { # the ISP's interface of the current session
	ip -n isp -o link show type ppp | awk -F': ' '{ print $2; exit }'
}
kill_data_path() { # [one-way]
	isp_run nft -f - <<-EOF
	table inet stuck {
		chain pre { type filter hook prerouting priority -300; iif $(isp_ppp_if) drop; }
	}
	EOF
	[ "${1:-}" = one-way ] ||
		isp_run nft add chain inet stuck post \
			"{ type filter hook postrouting priority 300; oif $(isp_ppp_if) drop; }"
}
heal() { isp_run nft delete table inet stuck 2>/dev/null || :; }

# Seconds from the drop until the internet reaches the Pi, or the limit.
sample() { # SETTING LIMIT OPTION...
	what=$1 lim=$2 way=
	shift 2
	[ "$what" != one-way ] || way=one-way
	heal
	fw_log_mark
	pi_pppd_restart plugin "$PLUGIN" srcroute-table 100 persist holdoff 1 \
		maxfail 0 "$@"
	pi_pppd_wait_up 30
	retry_until 20 "$what: the link does not work before the drop" \
		ping_ok inet "$PI_PPP_ADDR"
	kill_data_path $way
	t0=$(now)
	while :; do
		sleep 0.5
		el=$(elapsed_since "$t0")
		if awk -v e="$el" -v l="$lim" 'BEGIN { exit !(e >= l) }'; then
			echo "sample,$what,$lim,no"
			break
		fi
		if in_ns inet busybox ping -q -c 1 -W 1 "$PI_PPP_ADDR" >/dev/null 2>&1; then
			echo "sample,$what,$(elapsed_since "$t0"),yes"
			break
		fi
	done
	heal
}

i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	sample default 400 link-check "$INET_CLIENT" \
		lcp-echo-interval 30 lcp-echo-failure 4 lcp-echo-adaptive
	sample tight 120 link-check "$INET_CLIENT" link-check-interval 5 \
		link-check-failures 2
	sample one-way 120 link-check "$INET_CLIENT" link-check-interval 5 \
		link-check-failures 2
done
sample lcp-echo "$limit" lcp-echo-interval 30 lcp-echo-failure 4 \
	lcp-echo-adaptive

# --- probe cost on an idle link ---
# Every answered check brings exactly one packet in (the echo reply, the
# SYN-ACK): the in-packets count the checks.
counter_sum() { # NAME FIELD
	nft list counter inet cost "$1" |
		awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'
}
cost() { # NAME TARGET
	pi_pppd_restart plugin "$PLUGIN" link-check "$2" link-check-interval 2
	pi_pppd_wait_up 30
	nft -f - <<-EOF
	table inet cost {
		counter out { }
		counter in { }
		chain o { type filter hook output priority 0; oifname "ppp*" counter name out; }
		chain i { type filter hook input priority 0; iifname "ppp*" counter name in; }
	}
	EOF
	sleep 21
	checks=$(counter_sum in packets)
	bytes=$(($(counter_sum in bytes) + $(counter_sum out bytes)))
	nft delete table inet cost
	[ "$checks" -gt 0 ] || fail "cost $1: no probe was answered"
	echo "cost,$1,$((bytes / checks)),$((bytes / checks * 86400 / 30))"
}
# a TCP service that answers the handshake and sends nothing
ip netns exec inet socat TCP-LISTEN:9,fork,reuseaddr SYSTEM:'sleep 5' 2>/dev/null &
vm_servers="$vm_servers $!"
cost icmp "$INET_CLIENT"
cost tcp-open "tcp:$INET_CLIENT:9"
cost tcp-refused "tcp:$INET_CLIENT:10"

# --- probes per check on a busy link (3 failures: one in 4, and the
# connection's first check) ---
# 4 s, not 2: the next check comes interval - wait after a probe's
# verdict, and the kernel's idle time is whole seconds, so only from 2 s
# on can a packet be known to have come after the verdict.
pi_pppd_restart plugin "$PLUGIN" link-check "$INET_CLIENT" link-check-interval 4
pi_pppd_wait_up 30
ip netns exec inet sh -c "while :; do busybox ping -q -c 1 -W 1 $PI_PPP_ADDR >/dev/null 2>&1; sleep 0.2; done" &
pinger=$!
nft -f - <<-EOF
table inet cost {
	counter probes { }
	chain o { type filter hook output priority 0; oifname "ppp*" ip daddr $INET_CLIENT icmp type echo-request counter name probes; }
}
EOF
sleep 60
probes=$(counter_sum probes packets)
nft delete table inet cost
kill "$pinger"
wait "$pinger" 2>/dev/null || :
echo "cost,busy-icmp-probes-per-check,$(awk -v p="$probes" 'BEGIN { printf "%.2f", p / 15 }'),"
pi_pppd_stop
