#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Turns the CSV files tools/bench wrote into plots (gnuplot PNGs next to
# them) and a markdown report. Numbers are only ever read from the CSVs, so
# the report cannot disagree with the data; the prose says how each number
# was taken.
#
# usage: bench/report.sh RESULTS_DIR OUTPUT.md
#        (LTEPI_BENCH_SECONDS, LTEPI_BENCH_QUICK, LTEPI_BENCH_NOTE optional)

# The awk programs and filters are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail

res=$1
md=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Which steps a later "tools/bench --only" run measured, and when.
later_runs() {
	set -- "$res"/*.when
	[ -f "$1" ] || return 0
	printf 'Measured by a later `tools/bench --only` run:'
	for f in "$@"; do
		printf ' %s (%s)' "$(basename "$f" .when)" "$(cat "$f")"
	done
	printf '; every comparison is still within one run.\n'
}

# csv FILE FILTER_AWK_EXPR COLUMN: the first matching row's column, by name.
csv() {
	awk -F, -v want="$3" "NR == 1 { for (i = 1; i <= NF; i++) col[\$i] = i; next }
		$2 { print \$col[want]; exit }" "$res/$1"
}

ratio() { # A B: A / B, one decimal ("-" if either is missing)
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.1f", a / b }'
}

ms() { # microseconds -> milliseconds, 3 significant digits or more
	awk -v a="$1" 'BEGIN { m = a / 1000
		if (a == "") print "-"
		else printf(m < 1 ? "%.3f" : m < 10 ? "%.2f" : m < 100 ? "%.1f" : "%.0f", m) }'
}

gp() { # OUTPUT.png: the gnuplot script on stdin
	{
		echo "set terminal pngcairo size 900,520 font 'sans,11'"
		echo "set output '$1'"
		echo "set datafile separator ','"
		echo "set key below"
		echo "set grid ytics"
		cat
	} >"$tmp/plot.gp"
	gnuplot "$tmp/plot.gp"
}

# --- plots -------------------------------------------------------------------

plot_growth() {
	local m r
	for m in ltepi ip ip-up; do
		for r in 10 1000; do
			awk -F, -v m=$m -v r=$r '$3 == m && $2 == r && $4 == "up" {
				print $1 "," $5 }' "$res/srcroute.csv" >"$tmp/g-$m-$r.csv"
		done
	done
	gp "$res/growth.png" <<EOF
set title 'ip-up: cost of putting source routing in place vs routing table size'
set logscale x
set logscale y
set xlabel 'routes in the main table'
set ylabel 'median time per ip-up (us, log)'
set format x '10^{%L}'
set yrange [10:*]
plot '$tmp/g-ltepi-10.csv' using 1:2 with linespoints lw 2 pt 7 lc rgb '#1a7f37' title 'ltepi in-process, 10 rules', \
     '$tmp/g-ltepi-1000.csv' using 1:2 with linespoints lw 2 pt 6 dt 2 lc rgb '#1a7f37' title 'ltepi in-process, 1000 rules', \
     '$tmp/g-ip-10.csv' using 1:2 with linespoints lw 2 pt 5 lc rgb '#0969da' title 'script ip commands, 10 rules', \
     '$tmp/g-ip-1000.csv' using 1:2 with linespoints lw 2 pt 4 dt 2 lc rgb '#0969da' title 'script ip commands, 1000 rules', \
     '$tmp/g-ip-up-10.csv' using 1:2 with linespoints lw 2 pt 9 lc rgb '#cf222e' title 'Debian ip-up + run-parts, 10 rules', \
     '$tmp/g-ip-up-1000.csv' using 1:2 with linespoints lw 2 pt 8 dt 2 lc rgb '#cf222e' title 'Debian ip-up + run-parts, 1000 rules'
EOF
}

plot_ipup() {
	local min
	min=$(awk -F, 'NR > 1 { print $1; exit }' "$res/srcroute.csv")
	awk -F, -v s="$min" 'NR > 1 && $1 == s && $2 == 10 {
		v[$3, $4] = $5; if (!($3 in seen)) { seen[$3] = 1; o[++n] = $3 } }
		END { label["ltepi"] = "ltepi in-process"
		      label["ip"] = "script: sh + 2 ip"
		      label["ip-up"] = "Debian ip-up path"
		      label["floor"] = "netlink floor"
		      for (i = 1; i <= n; i++)
			print label[o[i]] "," v[o[i], "up"] "," v[o[i], "down"] }' \
		"$res/srcroute.csv" >"$tmp/ipup.csv"
	gp "$res/ipup.png" <<EOF
set title 'ip-up and ip-down: source routing for one link ($min routes, 10 rules)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'median time (us, log)'
set yrange [10:*]
plot '$tmp/ipup.csv' using 2:xtic(1) title 'up' lc rgb '#0969da', \
     '' using 3 title 'down' lc rgb '#8c959f'
EOF
}

plot_firewall() {
	awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $5 "," ($6 == "" ? "NaN" : $6) }' \
		"$res/firewall.csv" >"$tmp/fw.csv"
	gp "$res/firewall.png" <<EOF
set title 'Firewall profile on ppp0: time to apply'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'median time (ms, log)'
set yrange [0.1:*]
plot '$tmp/fw.csv' using 2:xtic(1) title 'ltepi in-process (a redial: replayed)' lc rgb '#1a7f37', \
     '' using 3 title 'ltepi, compiled by libnftables' lc rgb '#8250df', \
     '' using 4 title 'nft -f (same ruleset)' lc rgb '#0969da', \
     '' using 5 title 'ufw commands' lc rgb '#cf222e'
EOF
}

plot_modem() {
	awk -F, 'NR > 1 { t = $5 == "" ? "NaN" : $5; v[$1, $3] = t
		if (!($1 in seen)) { seen[$1] = 1; o[++n] = $1 } }
		END { for (i = 1; i <= n; i++) { r = o[i]
			print r / 1000 " s," v[r, "floor"] "," v[r, "ltepi-modem"] "," \
				v[r, "chat"] "," v[r, "chat+sleep"] } }' \
		"$res/modem.csv" >"$tmp/modem.csv"
	gp "$res/modem.png" <<EOF
set title 'Time from modem power-on to CONNECT (simulator, 50 ms per response line)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xlabel 'registration completes after (missing bar: the dial failed)'
set ylabel 'median time to CONNECT (s)'
set yrange [0:*]
plot '$tmp/modem.csv' using 2:xtic(1) title 'floor (registration + 1 response)' lc rgb '#8c959f', \
     '' using 3 title 'ltepi-modem' lc rgb '#1a7f37', \
     '' using 4 title 'chat, Debian gprs script' lc rgb '#0969da', \
     '' using 5 title 'chat, gprs + fixed 5 s pause' lc rgb '#cf222e'
EOF
}

# --- report ------------------------------------------------------------------

machine() {
	local cpu
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	echo "- Machine: $cpu, $(nproc) cores, kernel $(uname -r)," \
		"$(. /etc/os-release && echo "$PRETTY_NAME")," \
		"pppd $(pppd --version 2>&1 | awk '{ print $NF; exit }')."
	if [ -n "${LTEPI_BENCH_ONLY:-}" ] && [ -f "$res/run.txt" ]; then
		# a partial run: the header stays the full run's, and a note
		# may say how the later steps' machine was loaded
		cat "$res/run.txt"
		[ -z "${LTEPI_BENCH_NOTE:-}" ] || echo "- Note: $LTEPI_BENCH_NOTE"
		return
	fi
	{
		echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC')," \
			"${LTEPI_BENCH_SECONDS:-?} s for the whole \`tools/bench\`$(
				[ "${LTEPI_BENCH_QUICK:-false}" = false ] || echo ' --quick (fewer runs and sizes)')."
		echo "- Load average (1, 5, 15 min) when the run ended:" \
			"$(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine show here)."
	} | tee "$res/run.txt"
	[ -z "${LTEPI_BENCH_NOTE:-}" ] || echo "- Note: $LTEPI_BENCH_NOTE"
}

section_ipup() {
	local min runs m up down lt_up lt_down
	min=$(awk -F, 'NR > 1 { print $1; exit }' "$res/srcroute.csv")
	runs=$(csv srcroute.csv 'NR > 1' runs)
	lt_up=$(csv srcroute.csv "\$1 == $min && \$2 == 10 && \$3 == \"ltepi\" && \$4 == \"up\"" median_us)
	lt_down=$(csv srcroute.csv "\$1 == $min && \$2 == 10 && \$3 == \"ltepi\" && \$4 == \"down\"" median_us)
	cat <<EOF
## 1. ip-up and ip-down: source routing for one link

From pppd's ip-up event to the default route in table 200 and the rule
"from \$PPP_LOCAL lookup 200" being installed (and removed at ip-down), with
$min routes in the main table and 10 foreign rules; medians of $runs runs.

| method | ip-up (ms) | ip-down (ms) | ip-up vs ltepi | ip-down vs ltepi |
|---|---:|---:|---:|---:|
EOF
	for m in ltepi ip ip-up floor; do
		up=$(csv srcroute.csv "\$1 == $min && \$2 == 10 && \$3 == \"$m\" && \$4 == \"up\"" median_us)
		[ -n "$up" ] || continue
		down=$(csv srcroute.csv "\$1 == $min && \$2 == 10 && \$3 == \"$m\" && \$4 == \"down\"" median_us)
		case $m in
		ltepi) label='ltepi, in-process (raw rtnetlink, one batch)' ;;
		ip) label='the seed script alone: sh + 2 × ip' ;;
		ip-up) label="Debian /etc/ppp/ip-up → run-parts → the script" ;;
		floor) label='the floor: the same two messages, built ahead, one sendmsg()' ;;
		esac
		echo "| $label | $(ms "$up") | $(ms "$down") | $(ratio "$up" "$lt_up")× | $(ratio "$down" "$lt_down")× |"
	done
	cat <<EOF

![ip-up and ip-down](results/ipup.png)

How: \`bench/srcroute-cost\` (C, linked against the plugin's
libltepi-core) in a private network and mount namespace on the host: a tun
device named ppp0 with carrier stands in for the link. It times
\`srcroute_ipv4_up()\`/\`_down()\` — exactly what the plugin's ip-up and
ip-down notifiers run inside pppd — and, alternately, fork+exec+wait of
the script path as pppd's \`run_program()\` does it: Debian's
\`/etc/ppp/ip-up\` with \`/etc/ppp/ip-up.d\` bind-mounted to hold only
\`bench/seed/ip-up.d-srcroute\` (the seed script: \`ip route add default dev
\$PPP_IFACE table 200; ip rule add from \$PPP_LOCAL table 200 prio 1000\`),
and the seed script alone under /bin/sh. CLOCK_MONOTONIC around each call;
after every run the harness reads the kernel state back with \`ip\` and
stops if it is not exactly one rule and one route (after down: none), so a
failing command cannot pass for a fast one. ltepi's figure includes its
rule reconciliation (add with NLM_F_EXCL, delete the previous address's rule), i.e. what makes it idempotent;
the script does no such check and duplicates its rule on a repeated ip-up.
Note that pppd does not wait for ip-up: the script's time is the window in
which the link carries traffic without source routing, while ltepi's
notifier runs before pppd even forks ip-up.

The floor is what the kernel's work alone costs under the same conditions:
the same route and rule as two netlink messages built by hand, sent in one
\`sendmsg()\` on a socket opened in advance, then one non-blocking
\`recv()\` for an error — no library, no bookkeeping, no guard. No
implementation can be faster. Its row is timed in the same turns as the
others. ltepi's up is one \`sendmsg()\`, one \`recv()\` and the guard's
\`bind()\`: the interface's index is looked up earlier, when pppd enters the
network phase (\`srcroute_prepare()\`; the harness calls it once, before
the runs), and the context lives on pages pppd's children do not inherit
(\`MADV_DONTFORK\`). Both matter here because every measurement follows a
fork (the other methods, the \`ip\` read-back): a page written for the
first time after a fork costs a copy-on-write fault, and under this
machine's virtualised MMU two such faults were half of an ip-up.
EOF
	section_ipup_vm
}

# bench/ipup-srcroute.sh's summary: real pppd in the VM.
section_ipup_vm() {
	[ -f "$res/ipup-srcroute.csv" ] || return 0
	cat <<EOF

### In real pppd (test VM)

Real pppd and a real kernel PPP link in the QEMU/TCG test VM (one
emulated vCPU, several times slower than the host; absolute numbers are
the VM's), measured by \`bench/ipup-srcroute.sh\` (the source-routing
e2e area's): ltepi's "in-process" is the plugin's own log line
(CLOCK_MONOTONIC around its netlink calls inside pppd's ip-up notifier);
the other metrics are timestamps from \`ip -ts monitor\` (the link coming
up, as the kernel reports it just before pppd's ip-up, to the rule
appearing; that script's header says which event starts each metric),
and for the script from a wrapper that stamps when /etc/ppp/ip-up (or
ip-down) starts. For the script, up-to-rule is the
time the link carries traffic without source routing. Details and every sample:
[results/ipup-srcroute.md](results/ipup-srcroute.md).

| method | phase | metric | link-ups | median (ms) | vs ltepi in-process |
|---|---|---|---:|---:|---:|
EOF
	tail -n +2 "$res/ipup-srcroute.csv" |
		while IFS=, read -r m p metric runs med _; do
			base=$(csv ipup-srcroute.csv "\$1 == \"ltepi\" && \$2 == \"$p\" && \$3 == \"in-process\"" median_us)
			echo "| $m | $p | $metric | $runs | $(ms "$med") | $(ratio "$med" "$base")× |"
		done
	[ -f "$res/vm.csv" ] || return 0
	v() { csv vm.csv "\$1 == \"$1\" && \$2 == \"$2\"" value; }
	cat <<EOF

Cross-check in the same VM: the harness above run there gives
$(ms "$(v harness ltepi_up_median_us)") ms (ltepi) vs
$(ms "$(v harness ip-up_up_median_us)") ms (Debian ip-up path,
$(ratio "$(v harness ip-up_up_median_us)" "$(v harness ltepi_up_median_us)")×). The plugin's time inside
pppd is higher than the harness's, probably because at that moment the
ISP's pppd, on the same single vCPU, brings its side of the link up and
forks its own ip-up (not verified further).
EOF
}

section_growth() {
	local r s lt ip ipup
	cat <<EOF

## 2. Growth: ip-up cost against the size of the routing state

Same harness and method; host routes loaded into the main table with
\`ip -batch\` (10.x.y.z dev lan0), foreign rules (from 172.16.x.y lookup
300) around ltepi's priority. Host netns rather than the VM: the same
kernel code, without TCG's emulation noise. Median ip-up time, ms:

| routes | rules | ltepi | script ip | Debian ip-up | ip-up vs ltepi |
|---:|---:|---:|---:|---:|---:|
EOF
	awk -F, 'NR > 1 { print $1 "," $2 }' "$res/srcroute.csv" | uniq |
		while IFS=, read -r s r; do
			sel="\$1 == $s && \$2 == $r && \$4 == \"up\""
			lt=$(csv srcroute.csv "$sel && \$3 == \"ltepi\"" median_us)
			ip=$(csv srcroute.csv "$sel && \$3 == \"ip\"" median_us)
			ipup=$(csv srcroute.csv "$sel && \$3 == \"ip-up\"" median_us)
			echo "| $s | $r | $(ms "$lt") | $(ms "$ip") | $(ms "$ipup") | $(ratio "$ipup" "$lt")× |"
		done
	cat <<EOF

![growth](results/growth.png)

Reading it: against the number of **routes**, ltepi's cost stays put (with
10 rules: $(awk -F, '$2 == 10 && $3 == "ltepi" && $4 == "up" {
	if (min == "" || $5 < min) min = $5; if ($5 > max) max = $5; n++ }
	END { printf "%.0f to %.0f µs over %d sizes", min, max, n }' \
	"$res/srcroute.csv"); the largest table costs $(awk -F, '
	$2 == 10 && $3 == "ltepi" && $4 == "up" { if (!first) first = $5; last = $5 }
	END { printf "%.2f", last / first }' "$res/srcroute.csv")× the smallest)
— no call dumps the main table: a fresh ip-up is one batch (T's default
route added with \`NLM_F_EXCL\`, the rule, in one sendmsg(); the only route
dump, of table 200 filtered in the kernel by a strict-checked RTM_GETROUTE,
is left to a renegotiation and to a T that is not empty). Each ip-up is
timed between the other methods' forks, so the kernel's code and data are
cold: the same calls in a loop (tests/ns/srcroute-ns) cost a fraction of
this. Against the number of **rules** only the kernel's own work grows:
with $(awk -F, -v s="$(awk -F, 'NR > 1 { print $1; exit }' "$res/srcroute.csv")" '
	$1 == s && $3 == "ltepi" && $4 == "up" { v[$2] = $5 }
	END { if (v[1000] && v[10]) printf "1000 foreign rules an ip-up costs %.2f× what it costs with 10", v[1000] / v[10]; else printf "?" }' \
	"$res/srcroute.csv"). The kernel cannot filter a rule dump (with strict
checking \`fib_valid_dumprule_req()\` in net/core/fib_rules.c rejects a table
in the request and any attribute, and \`dump_rules()\` walks and sends the
whole list), so ltepi dumps rules only once, when pppd starts, to sweep
what a killed predecessor left; every ip-up and ip-down adds its rules
with \`NLM_F_EXCL\` and deletes the previous ones by exact key, against
what it installed itself (\`srcroute_reconcile_rules()\` in plugin/srcroute.c). What
is left of a slope is the kernel's own: adding or deleting a rule walks the
rule list (\`fib_nl_newrule()\`, \`fib_nl_delrule()\`), which \`ip rule add\`
pays just the same (the "script ip" column grows alike). An
earlier version dumped on every ip-up and grew by about 0.36 µs per foreign
rule (0.519 ms at 1000 rules in the 2026-11-22 run). The script's cost is
that of its processes; \`ip rule
add\` does not dump either.
EOF
}

section_firewall() {
	local p inp comp first nftf ufw
	cat <<EOF

## 3. Firewall: putting a profile in place on ppp0

| profile | ltepi in-process (ms) | compiled each time (ms) | first apply (ms) | nft -f (ms) | ufw (ms) | nft -f vs ltepi | nft -f vs compiled | ufw vs ltepi |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
	while IFS=, read -r p inp comp first nftf ufw; do
		echo "| $p | $inp | $comp | $first | $nftf | ${ufw:--} | $(ratio "$nftf" "$inp")× | $(ratio "$nftf" "$comp")× | $(ratio "$ufw" "$inp")× |"
	done < <(tail -n +2 "$res/firewall.csv")
	cat <<EOF

![firewall](results/firewall.png)

How: \`bench/firewall-apply.sh\` in a throwaway network and mount namespace
(the host's ruleset and /etc/ufw are never touched). In-process:
\`firewall_apply()\` repeated in one process (\`ltepi-firewall bench\`), as
the plugin runs it in one pppd: the table owned by the process, one
transaction each. "first" is the first apply of a fresh context: libnftables
compiles the script (cold cache). Every later apply is what a redial does: it
replays the requests that the first load left in the kernel, read back once
(\`nft_load_owned()\`, plugin/nft-replay.c). "Compiled each time"
(\`ltepi-firewall -c bench\`) has libnftables compile every apply, as for a
profile loaded for the first time in a warm context. nft -f: the same rendered
ruleset, one nft(8) process per apply. ufw: the commands a user types for
the same policy (allows on ppp0, then "deny|reject in on ppp0"; 200 ports as
14 multiport commands), from an enabled ufw with no user rules, timed from
the first command to the last. Profiles: the shipped deny-all, ssh, web,
and port200 (200 allowed TCP ports). Medians; timed with bash's
EPOCHREALTIME around each apply (nft, ufw) and CLOCK_MONOTONIC in-process.
EOF
	[ -f "$res/vm.csv" ] || return 0
	v() { csv vm.csv "\$1 == \"$1\" && \$2 == \"$2\"" value; }
	cat <<EOF

Inside real pppd in the test VM (the plugin's own log line, "...; NNN us)",
profile ssh, $(v in_pppd firewall_n) link-ups of the reconnect soak below): median
$(ms "$(v in_pppd firewall_median_us)") ms per apply, emulated CPU included;
the $(v in_pppd firewall_replayed_n) redials among them replayed the first load
(median $(ms "$(v in_pppd firewall_replayed_median_us)") ms).
The first apply after the VM boots is not in that median's range: it takes
seconds (2.57 s in the demo), because it is the kernel's first use of
nftables and conntrack since boot and it loads some fourteen modules
(nf_tables, nft_ct, nf_conntrack, nft_reject_inet, nft_limit, nft_log, ...)
through modprobe over the emulated 9p root. Measured in the VM: the same
ruleset by \`nft -f\` took 5745 ms the first time and 318 ms the second.
On a Pi this is a one-time cost per boot, paid by whichever program uses
nftables first.
EOF
}

section_modem() {
	local reg tool st med floor
	cat <<EOF

## 4. Modem: time from power-on to CONNECT

| registration | contender | dials that connected | time to CONNECT (s) | above the floor (s) | vs ltepi-modem | commands | the modem's own delays (s) |
|---:|---|---:|---:|---:|---:|---:|---:|
EOF
	while IFS=, read -r reg delay tool st med _ _ _ conn tries cmds; do
		floor=$(csv modem.csv "\$1 == $reg && \$3 == \"floor\"" median_connect_s)
		above=$(awk -v a="$med" -v b="$floor" 'BEGIN {
			if (a == "") print "-"; else printf "%+.3f", a - b }')
		dials="$conn/$tries"
		[ "$st" = 0 ] || dials="$dials (the others: exit $st)"
		[ "$tool" != floor ] || dials=-
		ours=$(csv modem.csv "\$1 == $reg && \$3 == \"ltepi-modem\"" median_connect_s)
		vs=$(awk -v a="$med" -v b="$ours" 'BEGIN {
			if (a == "" || b == "") print "-"; else printf "%.2f×", a / b }')
		own=$(awk -v c="${cmds:-}" -v d="$delay" 'BEGIN {
			if (c == "") print "-"; else printf "%.2f", c * d / 1000 }')
		echo "| $(awk -v r="$reg" 'BEGIN { printf "%g s", r / 1000 }') | $tool |" \
			"$dials | ${med:--} | $above | $vs | ${cmds:--} | $own |"
	done < <(tail -n +2 "$res/modem.csv")
	cat <<EOF

![modem](results/modem.png)

How: \`bench/modem-connect.sh\` runs the modem simulator
(tests/modem/modem-sim) on a pty, with $(csv modem.csv 'NR > 1' delay_ms) ms of processing before it
answers each command, the lines of one answer arriving together (USB LTE
modems answer in 20-100 ms), and registration ("searching",
then "home") completing $(awk -F, 'NR > 1 && !seen[$1]++ { printf "%s%g", n++ ? ", " : "", $1 / 1000 }' "$res/modem.csv") s after power-on; each contender runs as
pppd runs a connect program (stdin and stdout on the tty). Power-on is the
simulator's start and the time is the simulator's own log stamp of the
CONNECT it sent, one clock for every contender; medians over the dials
that connected, of $(csv modem.csv 'NR > 1' tries) tries per contender, the
contenders taking turns. Contenders: \`ltepi-modem connect --apn internet\`;
\`chat -T internet -f /etc/chatscripts/gprs\` (Debian's stock script); the
same script with the workaround users add for slow registration, a fixed
pause before the dial (five chat \`\\d\`, 1 s each, sized for a 5 s
registration, paid on every dial). The floor is registration time plus one
answer delay: no dialogue can get CONNECT sooner. "commands" is how many
commands the modem answered and "the modem's own delays" their sum
(commands × delay): the physical limit of that contender's dialogue on this
modem. ltepi-modem checks the SIM (state, PIN tries), sets the APN and
authentication, waits for registration (it asks EPS, then PS, then CS,
stops at the first registered and lets a report end the wait) and logs
operator and signal; its time above its own delays is its processing and
the pty. chat writes one character every 10 ms (chat.c's pacing), which is
most of its time above its delays, and the part that stretches when the
machine is loaded. The "vs ltepi-modem" column is the contender's time
over ltepi-modem's (above 1: ltepi-modem is faster).
Without the pause, chat dials before registration and fails
(exit 6, NO CARRIER); pppd with \`persist\` then waits \`holdoff\` (30 s
by default) before trying again.
EOF
}

section_footprint() {
	cat <<EOF

## 5. Footprint

| what | value |
|---|---:|
EOF
	tail -n +2 "$res/footprint.csv" | while IFS=, read -r what val; do
		echo "| $what | $val |"
	done
	if [ -f "$res/vm.csv" ]; then
		v() { csv vm.csv "\$1 == \"$1\" && \$2 == \"$2\"" value; }
		echo "| pppd VmRSS, link up, without the plugin (kB) | $(v footprint without_plugin_rss_kb) |"
		echo "| pppd VmRSS, link up, with the plugin (kB) | $(v footprint with_plugin_rss_kb) |"
		echo "| pppd open fds without / with the plugin | $(v footprint without_plugin_fds) / $(v footprint with_plugin_fds) |"
	fi
	cat <<EOF

How: file sizes of the built \`plugin/.libs/ltepi.so\` before and after
\`strip\`; peak RSS of one \`ltepi-modem connect\` and one \`chat\` dial
(registered modem) from \`/usr/bin/time -f %M\` (getrusage's ru_maxrss);
pppd's VmRSS and \`/proc/PID/fd\` count read in the test VM while the link
is up, pppd without the plugin and with \`plugin ltepi.so srcroute-table 200
firewall-profile ssh\` (the plugin links libnftables,
whose pages count in pppd's RSS).
EOF
}

section_soak() {
	local n
	[ -f "$res/vm.csv" ] || return 0
	n=$(csv vm.csv '$1 == "soak" && $2 == "cycles"' value)
	cat <<EOF

## 6. Reconnect soak

$n link-ups of one pppd with the plugin, the ISP hanging up between them:

| link-up | pppd VmRSS (kB) | pppd open fds |
|---:|---:|---:|
EOF
	awk -F, -v n="$n" '$1 == "soak_rss_kb" { r[$2] = $3 } $1 == "soak_fds" { f[$2] = $3 }
		END { split("1 2 " int(n / 2) " " n, c, " ")
		      for (i = 1; i <= 4; i++) if (!done[c[i]]++ && c[i] in r)
			printf "| %d | %s | %s |\n", c[i], r[c[i]], f[c[i]] }' "$res/vm.csv"
	cat <<EOF

Hang-up to the next ip-up: median $(awk -F, '$1 == "soak_cycle" { print $3 }' "$res/vm.csv" |
		sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }') s per cycle in the VM.

![soak](results/soak.png)

How: \`bench/vm-pppd.sh\` in the test VM: pppd with the plugin, \`persist
holdoff 0 maxfail 0\`; the ISP's pppd terminates the link, pi's pppd runs
ip-down, redials (a new ISP pppd over the pty) and runs ip-up; repeated.
VmRSS and the entries of /proc/PID/fd after each ip-up; the scenario
asserts one ltepi rule at the end. The default run does 20 link-ups (the
time is the VM's); \`LTEPI_BENCH_SOAK_CYCLES=200 tools/bench\` runs the
full 200.
EOF
}

plot_soak() {
	[ -f "$res/vm.csv" ] || return 0
	awk -F, '$1 == "soak_rss_kb" { r[$2] = $3 } $1 == "soak_fds" { f[$2] = $3 }
		END { for (c in r) print c "," r[c] "," f[c] }' "$res/vm.csv" |
		sort -n >"$tmp/soak.csv"
	gp "$res/soak.png" <<EOF
set title 'pppd with the plugin across reconnects (test VM)'
set xlabel 'link-up'
set ylabel 'VmRSS (kB)'
set y2label 'open fds'
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:$(awk -F, '$3 > m { m = $3 } END { print 2 * m + 1 }' "$tmp/soak.csv")]
plot '$tmp/soak.csv' using 1:2 with linespoints lw 2 pt 7 lc rgb '#1a7f37' title 'pppd VmRSS', \
     '' using 1:3 axes x1y2 with linespoints lw 2 pt 5 lc rgb '#0969da' title 'pppd open fds'
EOF
}

section_guard() {
	[ -f "$res/guard.csv" ] || return 0
	cat <<EOF

## 7. Restoring what another program deleted

With the link up, another program deletes part of ltepi's source routing
(\`ip rule del\` of its rule, \`ip route flush table 200\`, \`ip route del
default table 200\`, \`ip rule flush\`, one second apart); ltepi's guard puts
it back. Time from the kernel's deletion event to the event of the object
being added again, $(csv guard.csv '$1 == "restore"' samples) deletions:

| | median | min | max |
|---|---:|---:|---:|
| ltepi (guard polled every 250 ms) | $(csv guard.csv '$1 == "restore"' median_ms) ms | $(csv guard.csv '$1 == "restore"' min_ms) ms | $(csv guard.csv '$1 == "restore"' max_ms) ms |
| an ip-up.d script (today's way) | never: the rule stays deleted until the next reconnect | | |

How: \`bench/guard-restore.sh\` in the test VM: real pppd with the plugin and
\`srcroute-table 200\`; \`ip -ts monitor rule route\` timestamps the
"Deleted" event and the re-add. The guard gives up at the fifth removal
within a minute (it does not fight a network manager), so pppd is restarted
after every four deletions. The cost while nothing happens is one
non-blocking \`recv()\` per poll (four a second). Samples:
[results/guard-samples.csv](results/guard-samples.csv).
EOF
}

# The issue-13 comparison (bench/modem-connect.sh with main's binary before
# and after, bench/modem-dialects.sh): a one-off before/after, kept while
# its CSVs are in results/.
section_modem_dialects() {
	[ -f "$res/modem-issue13-after.csv" ] || return 0
	row() { # FILE REG COLUMN
		csv "$1" "\$1 == $2 && \$3 == \"ltepi-modem\"" "$3"
	}
	cat <<EOF

### Round trips before ATD, and the modem dialects (issue 13)

Same simulator, same 50 ms answer delay, 5 dials each
(\`bench/modem-connect.sh\`, RUNS=5 REGS="0 2000"); "before" is ltepi-modem
at c7802fc against the same simulator, "after" the issue-13 helper
(identity queries on one line, operator and signal on one line, the radio
state riding on AT+CMEE, AT+CESQ only on LTE):

| registration | ltepi-modem | commands | time to CONNECT (s) | min-max (s) |
|---:|---|---:|---:|---:|
EOF
	for reg in 0 2000; do
		for when in before after; do
			f=modem-issue13-$when.csv
			[ -n "$(row "$f" "$reg" at_cmds)" ] || continue
			printf '| %s s | %s | %s | %s | %s-%s |\n' "$((reg / 1000))" \
				"$when" "$(row "$f" "$reg" at_cmds)" \
				"$(row "$f" "$reg" median_connect_s)" \
				"$(row "$f" "$reg" min_s)" "$(row "$f" "$reg" max_s)"
		done
	done
	[ -f "$res/modem-dialects-after.csv" ] || return 0
	cat <<EOF

\`bench/modem-dialects.sh\` (3 dials per dialect, \`--apn internet\`,
registered at once; before = the c7802fc binary through LTEPI_MODEM;
exit 2 is "the modem stopped answering"):

| dialect | before: exit | before: commands | before: CONNECT (s) | after: exit | after: commands | after: CONNECT (s) |
|---|---:|---:|---:|---:|---:|---:|
EOF
	awk -F, 'NR == FNR { if (FNR > 1) b[$1] = $2 "|" $4 "|" ($3 == "" ? "-" : $3); next }
		FNR > 1 { split(b[$1], x, "|")
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, x[1], x[2], x[3],
				$2, $4, ($3 == "" ? "-" : $3) }' \
		"$res/modem-dialects-before.csv" "$res/modem-dialects-after.csv"
	cat <<EOF

Before, the Huawei E173 (COMMAND NOT SUPPORT to AT+CEREG?) and the Sierra
SL808x (+CPIN: READY without OK) simulations ended with exit 2, "the modem
stopped answering"; Sierra's longer time after is the 0.5 s wait for an OK
that never comes after its +CPIN line. CSVs:
\`results/modem-issue13-*.csv\`, \`results/modem-dialects-*.csv\`.
EOF
}

section_linkcheck() {
	[ -f "$res/linkcheck.csv" ] || return 0
	never=$(csv linkcheck.csv '$1 == "lcp-echo"' restarted)
	cat <<EOF

## 8. Connected but no data: time until the box is reachable again

The ISP's end of the session stops passing IP both ways while LCP keeps
answering (a stuck session; a new session works). Time from the data path dying to the
first ping from the internet that the Pi answers over the link. The drop
comes seconds after each sample's link came up, so the connection's first
check, which always probes, is the first to fail; on a link that was
passing traffic for a while the first check after the drop may still be
passed by packets from before it, one interval more.

| setting | samples | median | min | max |
|---|---:|---:|---:|---:|
| ltepi \`link-check\`, default (30 s x 3) | $(csv linkcheck.csv '$1 == "default"' samples) | $(csv linkcheck.csv '$1 == "default"' median_s) s | $(csv linkcheck.csv '$1 == "default"' min_s) s | $(csv linkcheck.csv '$1 == "default"' max_s) s |
| ltepi \`link-check\`, tight (5 s x 2) | $(csv linkcheck.csv '$1 == "tight"' samples) | $(csv linkcheck.csv '$1 == "tight"' median_s) s | $(csv linkcheck.csv '$1 == "tight"' min_s) s | $(csv linkcheck.csv '$1 == "tight"' max_s) s |
| ltepi \`link-check\`, tight, only the way out dead while the pings still come in | $(csv linkcheck.csv '$1 == "one-way"' samples) | $(csv linkcheck.csv '$1 == "one-way"' median_s) s | $(csv linkcheck.csv '$1 == "one-way"' min_s) s | $(csv linkcheck.csv '$1 == "one-way"' max_s) s |
| pppd's lcp-echo only (30 s x 4, the seeds' peer files) | $(csv linkcheck.csv '$1 == "lcp-echo"' samples) | $([ "$never" = no ] && echo "never: not within $(csv linkcheck.csv '$1 == "lcp-echo"' median_s) s" || echo "$(csv linkcheck.csv '$1 == "lcp-echo"' median_s) s") | | |

Probe traffic (IP bytes, both ways) on an idle link, the worst case: with
inbound traffic in an interval no probe is sent while a target answered
within the last link-check-failures checks, so a busy link is probed at
most once every failures + 1 checks, plus the connection's first (measured:
$(csv linkcheck-cost.csv '$1 == "busy-icmp-probes-per-check"' bytes_per_check) probes per check over 15 checks 4 s apart at 3 failures,
pings coming in every 0.2 s).

| target | bytes per check | bytes per day at the default 30 s |
|---|---:|---:|
| ICMP echo | $(csv linkcheck-cost.csv '$1 == "icmp"' bytes_per_check) | $(csv linkcheck-cost.csv '$1 == "icmp"' bytes_per_day) |
| TCP, port open (handshake, then RST) | $(csv linkcheck-cost.csv '$1 == "tcp-open"' bytes_per_check) | $(csv linkcheck-cost.csv '$1 == "tcp-open"' bytes_per_day) |
| TCP, port closed (RST) | $(csv linkcheck-cost.csv '$1 == "tcp-refused"' bytes_per_check) | $(csv linkcheck-cost.csv '$1 == "tcp-refused"' bytes_per_day) |

How: \`bench/linkcheck-recovery.sh\` in the test VM: real pppd on both ends,
\`persist holdoff 1\`, source routing in table 100; the failure is an
nftables drop on the ISP's ppp interface, both directions (by index, so the
next session is not affected), or only what comes from the Pi ("only the
way out"); pings from the internet namespace every 0.5 s. Probe bytes
from nftables counters on the Pi's ppp interface over about ten checks.
Samples: [results/linkcheck-samples.csv](results/linkcheck-samples.csv).
EOF
}

plot_growth
plot_ipup
plot_firewall
plot_modem
plot_soak
{
	cat <<EOF
# ltepi benchmarks

Generated by \`tools/bench\`; do not edit (rerun it). Every figure is
a median over repeated runs; every comparison is between runs made in the
same invocation on the same machine, and is given as a ratio. Raw numbers:
[bench/results/](results/) (CSV).

$(machine)

$(later_runs)

Run it: \`tools/bench\` (about 15 minutes on 2 otherwise idle cores, 8
of them in the VM); \`--quick\` for a smoke run of every step (about 2.5 minutes);
\`--no-vm\` to skip the VM parts; \`LTEPI_BENCH_SOAK_CYCLES=200\` for the
full reconnect soak (3 to 8 s per cycle in the VM, as fast as the host runs
it: 10 to 25 minutes more).

EOF
	section_ipup
	section_growth
	section_firewall
	section_modem
	section_modem_dialects
	section_footprint
	section_soak
	section_guard
	section_linkcheck
} >"$md"
