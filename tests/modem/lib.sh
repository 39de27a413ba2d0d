# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared by the ltepi-modem shell tests: runs the modem simulator on a pty
# and ltepi-modem the way pppd does (stdin and stdout on the tty), and
# checks exit codes, the helper's messages and the simulator's AT log.
# Sourced; the test then calls the check functions and ends with finish.
#
# Exit protocol: 0 pass, 1 fail, 77 skip (reason printed), 99 hard error.

: "${top_builddir:?run me through make check}"
: "${top_srcdir:?run me through make check}"

sim=$top_builddir/tests/modem/modem-sim
helper=${LTEPI_MODEM:-$top_builddir/chat/ltepi-modem}
failed=0
checks=0
sim_pid=

for bin in "$sim" "$helper"; do
	if [ ! -x "$bin" ]; then
		echo "hard error: $bin is not built"
		exit 99
	fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-modem-test.XXXXXX") || exit 99
cleanup() {
	stop_sim
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 99' INT TERM

# Modem exit codes (chat/exitcode.h).
EXIT_USAGE=1 EXIT_NO_MODEM=2 EXIT_SIM=3 EXIT_SIM_LOCKED=4
EXIT_PIN_REJECTED=5 EXIT_REGISTRATION=6 EXIT_APN=7 EXIT_DIAL=8
EXIT_TIMEOUT=10 EXIT_IO=11

# start_sim [modem-sim options]: a fresh simulator (the SIM state file
# $T/sim.state is kept across restarts, as a real SIM keeps its counters).
start_sim() {
	stop_sim
	rm -f "$T/tty" "$T/sim.log"
	"$sim" --link "$T/tty" --log "$T/sim.log" --state "$T/sim.state" \
		"$@" >"$T/sim.out" 2>&1 &
	sim_pid=$!
	i=0
	while [ ! -e "$T/tty" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
			echo "hard error: modem-sim did not start:"
			cat "$T/sim.out"
			exit 99
		fi
		sleep 0.05
	done
}

stop_sim() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
		sim_pid=
	fi
}

# run_connect [ltepi-modem options]: as pppd runs its connect program.
# Sets rc and elapsed (seconds, 2 decimals); stderr in $T/err.
run_connect() {
	t0=$(date +%s%N)
	"$helper" connect --config "${CONF:-/dev/null}" "$@" \
		<"$T/tty" >"$T/tty" 2>"$T/err"
	rc=$?
	t1=$(date +%s%N)
	elapsed=$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }")
}

check() {
	desc=$1
	shift
	checks=$((checks + 1))
	if "$@"; then
		echo "ok $checks - $desc"
	else
		echo "not ok $checks - $desc"
		failed=1
	fi
}

is_rc() {
	checks=$((checks + 1))
	if [ "$rc" -eq "$1" ]; then
		echo "ok $checks - $2 (exit $rc)"
	else
		echo "not ok $checks - $2: exit $rc, want $1; stderr:"
		sed 's/^/#   /' "$T/err"
		failed=1
	fi
}

# Fixed-string searches in the helper's stderr and the simulator's log.
err_has() { grep -qF -- "$1" "$T/err"; }
sim_has() { grep -qF -- "$1" "$T/sim.log"; }
sim_count() { grep -cF -- "$1" "$T/sim.log"; }

# A secret file only root may read.
secret() {
	printf '%s\n' "$2" >"$T/$1"
	chmod 600 "$T/$1"
}

finish() {
	if [ "$failed" -ne 0 ]; then
		echo "# helper stderr of the last run:"
		sed 's/^/#   /' "$T/err"
		echo "# simulator log of the last run:"
		sed 's/^/#   /' "$T/sim.log" 2>/dev/null | tail -40
	fi
	exit "$failed"
}
