#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The SMS listener's hand-over of a single AT port, run by a real systemd
# (issue 17): the installed ltepi-sms@.service with its single-port.conf
# (Conflicts= and After= ltepi@%i) and ltepi@.service with sms.conf (the
# ExecStopPost= that brings the enabled listener back), on the modem
# simulator's one port:
#
#   systemctl enable --now ltepi-sms@ltepi2  -> the listener owns the port
#   a signed "up 10m" arrives -> its default sms-up-command sets a
#       systemd-run timer for the 10 minutes, then "systemctl --no-block
#       start ltepi@ltepi2.service" makes systemd stop the listener first
#       and start pppd on the freed port: link up
#   systemctl stop ltepi@ltepi2 (what "down" and that timer run) -> pppd
#       exits, ExecStopPost starts the listener again, after the link's
#       stop has finished
#
# Not the timer firing: how long the link takes to come up in this VM
# varies too much for a short duration (a 30 s timer once stopped the link
# before the test looked at it), and a long one would make the test long.
# (The first run of this test showed systemd killing the listener, with
# its control group, while its sms-up-command was still running; the
# default command set the timer after the start then, where it could be
# lost.  It now sets it first.)
#
# The VM's PID 1 is its busybox init and the test runs chrooted into the
# host's read-only root, so systemd (Debian's own /lib/systemd/systemd)
# runs as PID 1 of a new PID and mount namespace (unshare), with the VM's
# fresh /run and a cgroup2 file system: util-linux's unshare and nsenter
# are all it takes.  systemd-nspawn was not tried (its package,
# systemd-container, is not among the test dependencies, and it would want
# a root it can overlay rather than the VM's read-only 9p mount); systemd
# as the VM's own init would need a bootable root instead of the chroot.
# systemctl talks to it from inside its namespaces (nsenter): from outside,
# the connection to /run/systemd/private closes during authentication
# (seen with SYSTEMD_LOG_LEVEL=debug; presumably because the caller's PID
# does not exist in systemd's PID namespace).
#
# Not a booted system: sysinit.target and basic.target would pull in the
# host's early-boot units (udev, file system checks, remounting the
# read-only root), so a test drop-in sets DefaultDependencies=no on the two
# units and sends their output to files.  Their own Conflicts=, After=,
# ExecStopPost=, ExecStartPre= and ExecStart= are as installed.
#
# The link takes about 11 s longer to start than with pon: ExecStartPre's
# "ltepi-modem power on --wait" waits up to 10 s for udev's database entry
# of the port (/run/udev/data exists here, but no udevd writes entries for
# the simulator's pty), then 1 s to settle.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
. "$(dirname "$0")/lib-sms.sh"
product_enter "$0" "$@"

SYSTEMD=/lib/systemd/systemd
[ -x "$SYSTEMD" ] || skip "no $SYSTEMD (apt-get install systemd)"
command -v nsenter >/dev/null || skip "no nsenter (apt-get install util-linux)"

OWNER=+491701234567
HELPER=$LTEPI_PREFIX/sbin/ltepi-modem
PDU_TOOL=$top_builddir/tests/modem/sms-pdu-tool
LISTENER_LOG=$RESULTS/ltepi-sms-ltepi2.log
SD_INIT=
SD_UNSHARE=

topo_up
product_install ppp/peers/ltepi2 ltepi2
sms_setup "box-sd-0123456789abcdef"
# One port for both, named as an administrator names it (device).  The
# VM has no GPIO power key: the power backend is a command, so that
# ltepi@ltepi2's ExecStartPre (modem-power.conf) finds the modem answering
# AT on the port the listener has just released, and goes on.
modem_conf_add "device = $MODEM_LINK"
modem_conf_add "power-backend = command"
modem_conf_add "power-on-command = /bin/true"
modem_conf_add "power-off-command = /bin/true"
# sms-up-command and sms-down-command stay at their defaults: systemctl.

# The units where systemd looks: the package put them in its unit
# directory; make install's staged ones go where an administrator's go.
mkdir -p /etc/systemd/system
overlay_dir /etc/systemd/system
if [ -z "${LTEPI_DEB:-}" ]; then
	staged=$(dirname "$(find "$LTEPI_STAGE" -path '*/systemd/system/ltepi@.service')")
	cp -R "$staged"/ltepi* /etc/systemd/system/
fi
mkdir -p /run/systemd/system
for unit in ltepi@.service ltepi-sms@.service; do
	mkdir -p "/run/systemd/system/$unit.d"
	printf '%s\n' '[Unit]' 'DefaultDependencies=no' '[Service]' \
		"StandardOutput=append:$RESULTS/%p-%i.log" 'StandardError=inherit' \
		>"/run/systemd/system/$unit.d/zz-vm-test.conf"
done
printf '%s\n' '[Unit]' 'Description=tests/vm/product-sms-systemd.sh' \
	'DefaultDependencies=no' >/run/systemd/system/ltepi-vm.target

sc() { # systemctl ARG...
	nsenter -t "$SD_INIT" -p -m -r -w systemctl "$@"
}
sd_stop() {
	[ -n "$SD_INIT" ] || return 0
	sc stop ltepi@ltepi2.service ltepi-sms@ltepi2.service >/dev/null 2>&1 || :
	kill -KILL "$SD_INIT" 2>/dev/null || :
	wait "$SD_UNSHARE" 2>/dev/null || :
	SD_INIT=
}
sd_exit() {
	status=$?
	set +e
	if [ "$status" != 0 ] && [ "$status" != 77 ] && [ -n "$SD_INIT" ]; then
		sc status --no-pager ltepi@ltepi2.service ltepi-sms@ltepi2.service 2>&1 |
			sed 's/^/# systemctl status: /'
		for log in "$LISTENER_LOG" "$RESULTS/ltepi-ltepi2.log" \
			"$RESULTS/systemd.out"; do
			[ ! -f "$log" ] || tail -n 30 "$log" | sed "s|^|# $(basename "$log"): |"
		done
		tail -n 30 "$RESULTS/modem-sim.log" | sed 's/^/# modem-sim.log: /'
	fi
	sd_stop
	(exit "$status")
	product_exit
}
trap sd_exit EXIT
# A unit's property (monotonic timestamps are in microseconds).
prop() { # UNIT PROPERTY
	sc show -p "$2" --value "$1"
}

deliver 1 up 10m >"$PRODUCT_RUN/sms"
modem_start -s sms_file="$PRODUCT_RUN/sms" -s sms_on_signal=1

mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
container=ltepi-vm unshare --pid --fork --mount --mount-proc \
	"$SYSTEMD" --system --unit=ltepi-vm.target --log-target=console \
	>"$RESULTS/systemd.out" 2>&1 &
SD_UNSHARE=$!
retry_until 30 "systemd did not start: $(cat "$RESULTS/systemd.out")" \
	test -S /run/systemd/private
SD_INIT=$(ps -o pid= --ppid "$SD_UNSHARE" | tr -d ' ')
[ -n "$SD_INIT" ] || fail "no systemd process under unshare $SD_UNSHARE"
retry_until 30 "ltepi-vm.target did not become active" \
	test "$(prop ltepi-vm.target ActiveState 2>/dev/null)" = active
pass "$(sc --version | sed -n 1p | cut -d' ' -f1-2) runs as PID 1 of its own namespace"

# 1. The listener, enabled and started, owns the port.
sc enable --now ltepi-sms@ltepi2.service >"$RESULTS/enable.out" 2>&1 ||
	fail "systemctl enable --now ltepi-sms@ltepi2 failed: $(cat "$RESULTS/enable.out")"
assert_eq enabled "$(sc is-enabled ltepi-sms@ltepi2.service)" \
	"ltepi-sms@ltepi2 is enabled"
wait_count "$LISTENER_LOG" "listening for SMS commands on $MODEM_LINK" 1 30 \
	"the listener did not start"
assert_eq active "$(prop ltepi-sms@ltepi2.service ActiveState)" \
	"systemctl start ltepi-sms@ltepi2: the listener runs"
pid=$(prop ltepi-sms@ltepi2.service MainPID)
pty=$(readlink "$MODEM_LINK")
assert_ok "the listener (pid $pid in systemd's namespace) holds $pty" \
	nsenter -t "$SD_INIT" -p -m -r -w sh -c \
	"ls -l /proc/$pid/fd/ | grep -q -F -e '-> $pty'"

# 2. A signed up 10m: its systemctl start ltepi@ltepi2 stops the listener
# first.  (The listener is killed while its command runs, so it cannot log
# the command's end.)
kill -USR1 "$SIM_PID"
sms_at=$(date +%s)
wait_for "$RESULTS/ip-up.ltepi2" 90 "the link to come up after the SMS"
note "SMS -> link up: $(($(date +%s) - sms_at)) s"
assert_file_contains "$LISTENER_LOG" \
	"SMS from $OWNER accepted: up with a duration (counter 1)" \
	"the listener accepted the signed up 10m"
assert_ok "the duration's timer was set up (systemd-run)" \
	sh -c "nsenter -t '$SD_INIT' -p -m -r -w systemctl list-units --all \
		--type=timer --no-legend | grep -q 'run-'"
assert_eq success "$(prop ltepi@ltepi2.service ExecStartPre | sed -n 's/.*status=\([0-9]*\).*/\1/p' | sed 's/^0$/success/')" \
	"ExecStartPre (modem-power.conf: ltepi-modem power on --wait) succeeded"
assert_eq inactive "$(prop ltepi-sms@ltepi2.service ActiveState)" \
	"the start of ltepi@ltepi2 stopped the listener (Conflicts=)"
assert_eq active "$(prop ltepi@ltepi2.service ActiveState)" "ltepi@ltepi2 runs"
listener_gone=$(prop ltepi-sms@ltepi2.service InactiveEnterTimestampMonotonic)
pppd_started=$(prop ltepi@ltepi2.service ExecMainStartTimestampMonotonic)
note "listener inactive at ${listener_gone} us, pppd started at ${pppd_started} us (monotonic)"
note "ExecStartPre: $(prop ltepi@ltepi2.service ExecStartPre | sed -n 's/.*start_time=\[\([^]]*\)\] ; stop_time=\[\([^]]*\)\].*/from \1 to \2/p')"
assert_ok "the listener had stopped before pppd started" \
	test "$listener_gone" -gt 0 -a "$listener_gone" -le "$pppd_started"

# 3. The link stops: ExecStopPost brings the enabled listener back.
sc stop ltepi@ltepi2.service
wait_for "$RESULTS/ip-down.ltepi2" 30 "ip-down after systemctl stop ltepi@ltepi2"
wait_count "$LISTENER_LOG" "listening for SMS commands on $MODEM_LINK" 2 60 \
	"the listener did not come back after the link stopped"
assert_eq inactive "$(prop ltepi@ltepi2.service ActiveState)" "ltepi@ltepi2 stopped"
assert_eq success "$(prop ltepi@ltepi2.service Result)" \
	"pppd's exit on SIGTERM (5) counts as success"
assert_eq active "$(prop ltepi-sms@ltepi2.service ActiveState)" \
	"ExecStopPost started the listener again"
link_gone=$(prop ltepi@ltepi2.service InactiveEnterTimestampMonotonic)
listener_back=$(prop ltepi-sms@ltepi2.service ExecMainStartTimestampMonotonic)
note "link inactive at ${link_gone} us, listener started at ${listener_back} us"
assert_ok "the listener started only after the link's stop had finished (After=)" \
	test "$link_gone" -le "$listener_back"
pid=$(prop ltepi-sms@ltepi2.service MainPID)
assert_ok "the new listener (pid $pid) holds $pty again" \
	nsenter -t "$SD_INIT" -p -m -r -w sh -c \
	"ls -l /proc/$pid/fd/ | grep -q -F -e '-> $pty'"

sed -n 's/^/# listener: /p' "$LISTENER_LOG"
sd_stop
assert_nothing_left 200 "after the link run by systemd"
