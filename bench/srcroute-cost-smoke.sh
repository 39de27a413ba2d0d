#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The ip-up benchmark harness still works (so tools/bench cannot rot between
# runs): a few runs at two sizes must give one CSV line per size, rule
# count, method and phase, each with a positive median within its min and
# max, and the harness's own check that every method really installed and
# removed the rule and route must have passed (it exits 99 otherwise). A
# bad argument is refused with its message. Needs root (skips otherwise).

set -eu
: "${top_srcdir:?run me through make check}"
: "${top_builddir:?run me through make check}"
cost=$top_builddir/bench/srcroute-cost
[ -x "$cost" ] || { echo "hard error: $cost is not built"; exit 99; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-srcroute-cost.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

status=0
"$cost" -n 3 -r 10,50 "$top_srcdir/bench/seed" 10 200 >"$T/csv" 2>"$T/err" ||
	status=$?
if [ "$status" = 77 ]; then
	cat "$T/csv"
	exit 77
fi
check "the harness ran every method (status $status)" [ "$status" = 0 ]
check "the header names the columns" \
	[ "$(head -1 "$T/csv")" = "routes,rules,method,phase,median_us,min_us,max_us,runs" ]
check "2 sizes x 2 rule counts x 4 methods x 2 phases = 32 lines" \
	[ "$(tail -n +2 "$T/csv" | wc -l)" = 32 ]
for m in ltepi ip ip-up floor; do
	check "method $m measured at 200 routes and 50 rules, up and down" \
		[ "$(grep -c "^200,50,$m,\(up\|down\)," "$T/csv")" = 2 ]
done
# shellcheck disable=SC2016 # an awk program
check "every median is positive and between its min and max" \
	awk -F, 'NR > 1 && !($5 > 0 && $6 <= $5 && $5 <= $7 && $8 == 3) { bad = 1 }
		END { exit bad }' "$T/csv"

status=0
"$cost" -n 3 "$top_srcdir/bench/seed" 200 10 >/dev/null 2>"$T/err" || status=$?
check "shrinking route counts are refused (status $status)" [ "$status" = 99 ]
check "with the reason" grep -qxF \
	"srcroute-cost: route counts must grow: 10 after 200" "$T/err"
exit $failed
