#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/readme-block.sh rewrites only what lies between README.md's bench
# markers, from tools/bench's CSVs, and refuses (touching nothing) when the
# markers are missing or out of order. Runs on small made-up CSVs, no root.

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
block=$top_srcdir/bench/readme-block.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-readme-block.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

mkdir "$T/res"
cat >"$T/res/srcroute.csv" <<'CSV'
routes,rules,method,phase,median_us,min_us,max_us,runs
10,10,ltepi,up,100.0,90.0,110.0,3
10,10,ip-up,up,5000.0,4000.0,6000.0,3
500000,10,ltepi,up,110.0,90.0,120.0,3
500000,10,ip-up,up,5500.0,4000.0,6000.0,3
CSV
cat >"$T/res/firewall.csv" <<'CSV'
profile,inprocess_ms,compiled_ms,first_ms,nft_f_ms,ufw_ms
web,0.500,0.800,1.000,15.000,450.000
CSV
cat >"$T/res/modem.csv" <<'CSV'
reg_ms,delay_ms,tool,status,median_connect_s,min_s,max_s,at_lines,runs
0,50,ltepi-modem,0,1.400,1.400,1.400,29,1
0,50,chat,0,0.800,0.800,0.800,5,1
5000,50,ltepi-modem,0,5.800,5.800,5.800,56,1
5000,50,chat+sleep,0,5.900,5.900,5.900,5,1
CSV

printf '# title\n\nbefore\n<!-- bench:begin -->\nold block\n<!-- bench:end -->\nafter\n' \
	>"$T/README.md"
status=0
bash "$block" "$T/res" "$T/README.md" >"$T/out" 2>&1 || status=$?
check "rewrites a README with both markers (status $status)" [ "$status" = 0 ]
check "the old block is gone" sh -c "! grep -q 'old block' '$T/README.md'"
head -4 "$T/README.md" >"$T/head"
check "everything before the block is unchanged" \
	sh -c "printf '# title\n\nbefore\n<!-- bench:begin -->\n' | cmp -s - '$T/head'"
tail -n 2 "$T/README.md" >"$T/tail"
check "everything after the block is unchanged" \
	sh -c "printf '<!-- bench:end -->\nafter\n' | cmp -s - '$T/tail'"
check "the ratio comes from the CSVs (5000 / 100 = 50x)" \
	grep -qF '| 0.100 ms, in-process | 5.00 ms, ip-up.d script | 50×' "$T/README.md"
check "the largest table size is reported" grep -qF 'the same, 500000 routes' "$T/README.md"
check "the README links the full results" grep -qF '(bench/RESULTS.md)' "$T/README.md"
cp "$T/README.md" "$T/first"
bash "$block" "$T/res" "$T/README.md" || :
check "a second run gives the same README" cmp -s "$T/first" "$T/README.md"

printf 'no markers here\n' >"$T/plain.md"
status=0
bash "$block" "$T/res" "$T/plain.md" >"$T/out" 2>&1 || status=$?
check "no markers: status 1 (got $status)" [ "$status" = 1 ]
check "no markers: says which markers are missing" grep -qxF \
	"readme-block.sh: $T/plain.md lacks '<!-- bench:begin -->' ... '<!-- bench:end -->'" \
	"$T/out"
check "no markers: the file is untouched" \
	sh -c "printf 'no markers here\n' | cmp -s - '$T/plain.md'"

printf '<!-- bench:end -->\nx\n<!-- bench:begin -->\n' >"$T/swapped.md"
cp "$T/swapped.md" "$T/swapped.orig"
status=0
bash "$block" "$T/res" "$T/swapped.md" >"$T/out" 2>&1 || status=$?
check "markers out of order: status 1 (got $status)" [ "$status" = 1 ]
check "markers out of order: the file is untouched" cmp -s "$T/swapped.orig" "$T/swapped.md"
check "no temporary file is left behind" sh -c "! ls '$T'/*.bench-tmp 2>/dev/null"

tap_plan
exit $failed
