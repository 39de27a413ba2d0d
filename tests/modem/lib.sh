# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# shellcheck disable=SC2034 # EXIT_*, elapsed, ...: for the tests that source it
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
sim_pid=
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

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
EXIT_TIMEOUT=10 EXIT_IO=11 EXIT_NO_CARRIER=12 EXIT_BUSY=13
EXIT_NO_ANSWER=14 EXIT_NO_DIALTONE=15 EXIT_POWER_CYCLED=16

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

is_rc() {
	tap_n=$((tap_n + 1))
	if [ "$rc" -eq "$1" ]; then
		echo "ok $tap_n - $2 (exit $rc)"
	else
		echo "not ok $tap_n - $2: exit $rc, want $1; stderr:"
		sed 's/^/#   /' "$T/err"
		failed=1
	fi
}

# syslog_run CMD [ARG]...: runs CMD with what it sends to syslog(3) caught
# in $T/syslog, one datagram a line as sent ("<PRI>TIMESTAMP IDENT[PID]:
# MSG"); sets rc. No syslog daemon is needed: CMD runs in a private mount
# namespace whose /dev is a copy with a test socket as /dev/log (glibc
# always logs there). Returns 77, with the reason in $syslog_skip, where
# that cannot be done (not root, no unshare or python3).
syslog_run() {
	syslog_skip=
	if [ "$(id -u)" != 0 ]; then
		syslog_skip="needs root for a private /dev/log (unshare -m)"
	elif ! command -v unshare >/dev/null || ! command -v python3 >/dev/null; then
		syslog_skip="needs unshare(1) and python3"
	fi
	[ -z "$syslog_skip" ] || return 77
	rm -rf "${T:?}/dev" "$T/syslog" "$T/syslog.ready"
	mkdir "$T/dev" || return 99
	: >"$T/syslog"
	# shellcheck disable=SC2016
	unshare -m --propagation private sh -c '
		T=$1
		shift
		mount -t tmpfs -o mode=755 tmpfs "$T/dev" || exit 77
		for n in null zero full random urandom tty; do
			touch "$T/dev/$n" && mount --bind "/dev/$n" "$T/dev/$n" || exit 77
		done
		mkdir "$T/dev/pts" && mount --rbind /dev/pts "$T/dev/pts" || exit 77
		ln -s /proc/self/fd "$T/dev/fd"
		ln -s pts/ptmx "$T/dev/ptmx"
		mount --rbind "$T/dev" /dev || exit 77
		python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(\"/dev/log\")
open(sys.argv[1] + \".ready\", \"w\").close()
with open(sys.argv[1], \"ab\") as f:
    while True:
        d = s.recv(65536)
        if d == b\"ltepi-test-end\":
            break
        f.write(d.replace(b\"\\n\", b\" \") + b\"\\n\")
        f.flush()
" "$T/syslog" &
		i=0
		while [ ! -e "$T/syslog.ready" ]; do
			i=$((i + 1))
			[ $i -lt 500 ] || exit 77
			sleep 0.01
		done
		"$@"
		rc=$?
		python3 -c "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b\"ltepi-test-end\", \"/dev/log\")"
		wait
		exit $rc
	' sh "$T" "$@"
	rc=$?
	if [ "$rc" -eq 77 ] && [ ! -e "$T/syslog.ready" ]; then
		syslog_skip="could not set up a private /dev/log"
		return 77
	fi
	return 0
}
syslog_has() { grep -qF -- "$1" "$T/syslog"; }

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
