#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The measurements that need real pppd on a real kernel PPP link, in the
# test VM (tests/vm: QEMU/TCG, so absolute times are several times a real
# machine's; the ratios and the growth are what to read):
#
#   footprint  pppd's VmRSS and open fds while the link is up, without the
#              plugin, then with it (srcroute-table 200, firewall-profile ssh)
#   soak       CYCLES link-ups (default 20, LTEPI_BENCH_SOAK_CYCLES=200 for
#              the full run), the ISP hanging up between them and pppd
#              with persist redialling; pppd's VmRSS and open fds after every
#              link-up, and the time from hang-up to the next ip-up
#   in-pppd    the plugin's own timing of every ip-up and ip-down (the "NNN
#              us" of its log lines) over those cycles: source routing up,
#              down, firewall apply
#   harness    bench/srcroute-cost inside the VM (10 routes, 10 rules): the
#              same in-process vs ip-up script comparison as on the host,
#              on the VM's kernel
#
# Output: "BENCH,SECTION,KEY,VALUE" lines on stdout (tools/bench reads
# them). usage (root, from the build directory):
#   top_srcdir=.. top_builddir=$PWD sh ../bench/vm-pppd.sh

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$PWD}"
export top_srcdir top_builddir
if [ -z "${LTEPI_VM_GUEST:-}" ]; then
	script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	# The soak dominates: up to 20 s a cycle under TCG on a slow host.
	exec /bin/sh "$top_srcdir/tests/vm/run.sh" \
		-t "${LTEPI_VM_TIMEOUT:-$((600 + 20 * ${LTEPI_BENCH_SOAK_CYCLES:-20}))}" \
		-- /bin/sh "$script" "$@"
fi
. "$top_srcdir/tests/vm/lib.sh"
vm_enter "$0" "$@"

cycles=${LTEPI_BENCH_SOAK_CYCLES:-20}
profile=$top_srcdir/examples/firewall/ssh

out() { echo "BENCH,$1,$2,$3"; }

proc_rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
proc_fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }

footprint() { # LABEL
	out footprint "$1_rss_kb" "$(proc_rss_kb "$PI_PPPD_PID")"
	out footprint "$1_fds" "$(proc_fds "$PI_PPPD_PID")"
}

# The ISP hangs up; pppd (persist, holdoff 0) redials. Prints the seconds
# from the hang-up to the next ip-up.
reconnect() {
	link_markers_clear
	t0=$(now)
	isp_pppd_hangup
	wait_for "$RESULTS/ip-down.pi" 30 "ip-down after the hang-up"
	wait_for "$RESULTS/ip-up.pi" 60 "ip-up after the redial"
	elapsed_since "$t0"
}

# The numbers the plugin logs as "...; NNN us)" on lines matching PATTERN.
logged_us() { # PATTERN
	grep -h "$1" "$RESULTS/pi-pppd.log" |
		sed -n 's/.*[(;] *\([0-9][0-9]*\) us).*/\1/p'
}

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR) print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

topo_up
out env kernel "$(uname -r)"
out env pppd "$(pppd --version 2>&1 | awk '{ print $NF; exit }')"

pi_pppd_start
pi_pppd_wait_up
footprint without_plugin
pi_pppd_stop

pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile" \
	persist holdoff 0 maxfail 0
pi_pppd_wait_up
assert_contains "$(ip rule show)" "lookup 200" "the plugin installed its rule"
footprint with_plugin
out soak_rss_kb 1 "$(proc_rss_kb "$PI_PPPD_PID")"
out soak_fds 1 "$(proc_fds "$PI_PPPD_PID")"
i=1
while [ $i -lt "$cycles" ]; do
	i=$((i + 1))
	out soak_cycle "$i" "$(reconnect)"
	out soak_rss_kb "$i" "$(proc_rss_kb "$PI_PPPD_PID")"
	out soak_fds "$i" "$(proc_fds "$PI_PPPD_PID")"
done
assert_eq 1 "$(ip rule show | grep -c 'lookup 200')" \
	"one rule after $cycles cycles"
out soak cycles "$cycles"
pi_pppd_stop

for what in "up:leave via" "down:source routing and link routes removed" \
	"firewall:firewall profile" "firewall_replayed:, replayed; "; do
	values=$(logged_us "${what#*:}")
	out in_pppd "${what%%:*}_n" "$(echo "$values" | grep -c .)"
	out in_pppd "${what%%:*}_median_us" "$(echo "$values" | median)"
done

if modprobe tun 2>/dev/null && [ -c /dev/net/tun ]; then
	"$top_builddir/bench/srcroute-cost" -n 11 -r 10 "$top_srcdir/bench/seed" 10 |
		awk -F, 'NR > 1 { printf "BENCH,harness,%s_%s_median_us,%s\n", $3, $4, $5 }'
fi
