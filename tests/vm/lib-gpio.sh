# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# The GPIO power backend against a real kernel GPIO chip, for
# tests/vm/power-gpio*.sh (sourced after lib.sh).  No mock of libgpiod: the
# kernel's gpio-sim module makes a chip through configfs, /dev/gpiochipN,
# that ltepi-modem drives with whichever libgpiod it was built with, and
# gpio-sim's sysfs shows what the lines do:
#
#   /sys/devices/platform/gpio-sim.N/gpiochipM/sim_gpioK/value
#
# The chip looks like the Raspberry Pi's header controller: 28 lines named
# GPIO0..GPIO27, label pinctrl-bcm2711, so the LTEPi board profile
# (--board ltepi2: power key GPIO20, RESET_N GPIO21 and W_DISABLE GPIO6
# held high, device /dev/ttyACM0) finds its lines by name as on a Pi.
# gpio-board-sim.sh samples the three lines into a trace and switches the
# modem simulator on /dev/ttyACM0 (the VM's own devtmpfs) on and off as
# the module does on a pulse of the power key.
#
# Debian's bookworm and trixie kernels have no gpio-sim, so these tests boot
# trixie-backports' kernel (tools/fetch-kernel.sh; LTEPI_GPIO_KERNEL), or
# bookworm's with the module tools/build-gpio-sim.sh built for it
# (power-gpio-bookworm.sh: GPIO_SIM_MODULE names the .ko to insmod).

# shellcheck disable=SC2154 # set by lib.sh
: "${top_srcdir:?}" "${top_builddir:?}" "${vm_libdir:?source lib.sh first}"
GPIO_TRACE=/run/ltepi-gpio/trace
GPIO_DEVICE=/dev/ttyACM0
GPIO_BOARD_PID=
# A gpio-sim module file to load instead of the kernel's own gpio-sim.
GPIO_SIM_MODULE=
# Pulse lengths are measured by sampling every ~5 ms under TCG: a sample
# can come late (the sampler shares the one vCPU, if at real-time
# priority), never early, so the measured pulse may be short by a sampling
# gap and long by the helper's own scheduling.
GPIO_PULSE_EARLY_MS=100
GPIO_PULSE_LATE_MS=750

# --- on the host ----------------------------------------------------------------

# The kernel to boot (LTEPI_VM_KERNEL for run.sh, this test only):
# LTEPI_GPIO_KERNEL, or the one tools/fetch-kernel.sh unpacked into the
# source tree's build/kernel; skips without one.
gpio_kernel_select() {
	kernel=${LTEPI_GPIO_KERNEL:-}
	if [ -z "$kernel" ]; then
		for dir in "$top_srcdir"/build/kernel/usr/lib/modules/*; do
			[ ! -f "$dir/vmlinuz" ] || kernel=$dir
		done
	fi
	[ -n "$kernel" ] ||
		skip "no kernel with gpio-sim fetched (run tools/fetch-kernel.sh, or set LTEPI_GPIO_KERNEL)"
	grep -qx 'CONFIG_GPIO_SIM=m' "$kernel/config" 2>/dev/null ||
		skip "$kernel has no gpio-sim module (CONFIG_GPIO_SIM=m in its config)"
	LTEPI_VM_KERNEL=$kernel
	export LTEPI_VM_KERNEL
}

# --- in the guest ---------------------------------------------------------------

# Whether the running kernel offers the v1 GPIO ABI libgpiod 1.x needs
# (its config: in the module directory from 7.x, in /boot before).
gpio_kernel_has_v1() {
	cat "/lib/modules/$(uname -r)/config" "/boot/config-$(uname -r)" 2>/dev/null |
		grep -qx 'CONFIG_GPIO_CDEV_V1=y'
}

# gpio-sim into the kernel: its own module, or GPIO_SIM_MODULE (built out of
# tree, it does not pull in configfs by itself).
gpio_sim_load() {
	if [ -z "$GPIO_SIM_MODULE" ]; then
		modprobe gpio-sim
		return
	fi
	modprobe configfs
	insmod "$GPIO_SIM_MODULE" || fail "insmod $GPIO_SIM_MODULE failed (dmesg: $(dmesg | tail -n 3))"
	note "loaded $GPIO_SIM_MODULE into $(uname -r) (taints it: out of tree, unsigned; tainted=$(cat /proc/sys/kernel/tainted))"
}

# The chip, its sysfs directory (GPIO_SYSFS) and name (GPIO_CHIP), and
# debugfs for the kernel's list of requested lines.
gpio_sim_up() {
	gpio_sim_load
	mountpoint -q /sys/kernel/config ||
		mount -t configfs configfs /sys/kernel/config
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	cfg=/sys/kernel/config/gpio-sim/ltepi
	mkdir "$cfg" "$cfg/bank0"
	echo 28 >"$cfg/bank0/num_lines"
	echo pinctrl-bcm2711 >"$cfg/bank0/label"
	i=0
	while [ $i -lt 28 ]; do
		mkdir "$cfg/bank0/line$i"
		echo "GPIO$i" >"$cfg/bank0/line$i/name"
		i=$((i + 1))
	done
	echo 1 >"$cfg/live"
	GPIO_CHIP=$(cat "$cfg/bank0/chip_name")
	GPIO_SYSFS=/sys/devices/platform/$(cat "$cfg/dev_name")/$GPIO_CHIP
	# gpio-sim sets a released line to its pull; the Pi's pinctrl keeps
	# the last output level, which holding RESET_N and W_DISABLE high
	# relies on (chat/gpio.h): pull-ups make the chip do the same here.
	echo pull-up >"$GPIO_SYSFS/sim_gpio21/pull"
	echo pull-up >"$GPIO_SYSFS/sim_gpio6/pull"
	[ -c "/dev/$GPIO_CHIP" ] || fail "gpio-sim made no /dev/$GPIO_CHIP"
	note "gpio-sim: /dev/$GPIO_CHIP, lines in $GPIO_SYSFS"
}

# Start the board (gpio-board-sim.sh) with the modem off; returns once its
# first sample is in the trace.
gpio_board_start() {
	mkdir -p "${GPIO_TRACE%/*}"
	: >"$GPIO_TRACE"
	# Real-time priority: the sampler runs as soon as its sleep ends, not
	# after whatever the helper (starting up, under TCG) does meanwhile.
	chrt -f 10 bash "$vm_libdir/gpio-board-sim.sh" "$GPIO_SYSFS" "$GPIO_TRACE" \
		"$GPIO_DEVICE" "$top_builddir/tests/modem/modem-sim" &
	GPIO_BOARD_PID=$!
	retry_until 10 "gpio-board-sim.sh did not start" test -s "$GPIO_TRACE"
}

gpio_board_stop() {
	[ -n "$GPIO_BOARD_PID" ] || return 0
	kill "$GPIO_BOARD_PID" 2>/dev/null || :
	wait "$GPIO_BOARD_PID" 2>/dev/null || :
	GPIO_BOARD_PID=
}

# The EXIT trap of a GPIO test: the board stops, a failure shows the trace.
gpio_exit() {
	status=$?
	set +e
	gpio_board_stop
	if [ "$status" != 0 ] && [ "$status" != 77 ] && [ -f "$GPIO_TRACE" ]; then
		echo "# ---- GPIO trace (microseconds, power key, RESET_N, W_DISABLE)"
		sed 's/^/# /' "$GPIO_TRACE"
	fi
	exit "$status"
}

# How many trace lines there are now: a mark to look at what follows it.
gpio_mark() {
	wc -l <"$GPIO_TRACE"
}

# The power key pulses after MARK, one line each: its length in ms and
# whether RESET_N and W_DISABLE were high all along ("held", else
# "dropped"); "open" for a pulse that has not ended.  (Whether they rose
# before the key cannot be sampled: the helper requests the lines and
# raises the key microseconds apart.)
gpio_pulses_since() { # MARK
	awk -v from="$1" '
	NR > from && NF == 4 {
		holds = $3 == 1 && $4 == 1
		if ($2 == 1 && rise == "") {
			rise = $1
			held = holds
		} else if ($2 == 1) {
			held = held && holds
		} else if (rise != "") {
			printf "%d %s\n", ($1 - rise) / 1000, held ? "held" : "dropped"
			rise = ""
		}
	}
	END { if (rise != "") print "open" }' "$GPIO_TRACE"
}

# Trace lines after MARK (changes of the lines, the modem's toggles).
gpio_changes_since() { # MARK
	tail -n +"$(($1 + 1))" "$GPIO_TRACE"
}

# Returns as soon as the power key is high, reading its sysfs value every
# 50 ms without forking a reader: what follows must run within the pulse,
# which a 0.5 s retry_until of a forked grep of the trace could miss under
# load (seen once in power-gpio-trixie.sh). Fails after 10 s.
gpio_wait_key_high() {
	_key_tries=200
	while :; do
		read -r _key <"$GPIO_SYSFS/sim_gpio20/value"
		[ "$_key" != 1 ] || return 0
		_key_tries=$((_key_tries - 1))
		[ "$_key_tries" -gt 0 ] || fail "the power key never rose"
		sleep 0.05
	done
}

# The lines the kernel lists as requested by ltepi-modem (debugfs).
gpio_requested() {
	grep -c 'ltepi-modem' /sys/kernel/debug/gpio || :
}

# Run the helper (GPIO_HELPER, a command line) with ARGS: sets rc and out
# (stderr and stdout).
gpio_helper() { # ARG...
	rc=0
	# shellcheck disable=SC2086 # GPIO_HELPER is a command line
	out=$($GPIO_HELPER "$@" 2>&1) || rc=$?
}

# Exactly one pulse after MARK, WANT_MS long within the tolerance, with the
# hold lines high.
assert_one_pulse() { # MARK WANT_MS WHAT
	pulses=$(gpio_pulses_since "$1")
	note "$3: pulses (ms, holds): $(echo "$pulses" | tr '\n' ' ')"
	assert_eq 1 "$(echo "$pulses" | grep -c .)" "$3: one power key pulse"
	set -- "$@" ${pulses%% *} ${pulses#* }
	assert_pulse_length "$4" "$2" "$3"
	assert_eq held "$5" "$3: RESET_N and W_DISABLE high during the pulse"
}

assert_pulse_length() { # GOT_MS WANT_MS WHAT
	[ "$1" -ge $(($2 - GPIO_PULSE_EARLY_MS)) ] &&
		[ "$1" -le $(($2 + GPIO_PULSE_LATE_MS)) ] ||
		fail "$3: the pulse lasted $1 ms, want $2 ms (-$GPIO_PULSE_EARLY_MS/+$GPIO_PULSE_LATE_MS)"
	pass "$3: the pulse lasted $1 ms (want $2)"
}

assert_released() { # WHAT
	assert_eq 0 "$(gpio_requested)" "$1: no line left requested"
}

assert_modem() { # on|off WHAT
	if [ "$1" = on ]; then
		assert_ok "$2: the modem answers on $GPIO_DEVICE" test -e "$GPIO_DEVICE"
	else
		assert_fails "$2: $GPIO_DEVICE gone" test -e "$GPIO_DEVICE"
	fi
}

# --- scenarios ------------------------------------------------------------------

# The LTEPi sequence through the board profile, then through keys of a
# custom configuration.
gpio_scenario_sequence() {
	board="--config /dev/null --board ltepi2"

	# power on while another power on is pulsing: the key is a toggle,
	# so the second must not pulse too; the kernel refuses it the lines.
	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	$GPIO_HELPER power on --wait $board >"$RESULTS/on.out" 2>&1 &
	first=$!
	gpio_wait_key_high
	assert_eq 3 "$(gpio_requested)" "during the pulse: the kernel lists the three lines as ltepi-modem's"
	# shellcheck disable=SC2086
	gpio_helper power on $board
	assert_eq 9 "$rc" "a second power on during the pulse fails"
	assert_contains "$out" 'Device or resource busy' "  and says the lines are busy"
	wait "$first" && rc=0 || rc=$?
	out=$(cat "$RESULTS/on.out")
	assert_eq 0 "$rc" "power on --wait (board ltepi2): $out"
	assert_one_pulse "$mark" 2000 "power on"
	assert_modem on "power on"
	assert_released "power on"

	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	gpio_helper power on $board
	assert_eq 0 "$rc" "power on with the modem on"
	assert_eq "" "$(gpio_changes_since "$mark")" "  no line touched: a pulse would switch it off"

	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	gpio_helper power cycle $board
	assert_eq 0 "$rc" "power cycle: $out"
	pulses=$(gpio_pulses_since "$mark" | cut -d ' ' -f 1 | tr '\n' ' ')
	note "power cycle: pulses $pulses ms"
	assert_eq 2 "$(gpio_pulses_since "$mark" | grep -c .)" "power cycle: off pulse, then on pulse"
	off=${pulses%% *} on=${pulses#* }
	on=${on% }
	assert_pulse_length "$off" 3000 "power cycle: first the off pulse"
	assert_pulse_length "$on" 2000 "power cycle: then the on pulse"
	assert_contains "$(gpio_changes_since "$mark" | grep modem | tr '\n' ' ')" \
		"modem off" "power cycle: the modem went off"
	assert_modem on "power cycle"
	assert_released "power cycle"

	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	gpio_helper power off $board
	assert_eq 0 "$rc" "power off: $out"
	assert_one_pulse "$mark" 3000 "power off"
	assert_modem off "power off"
	assert_released "power off"

	mark=$(gpio_mark)
	gpio_helper power off $board
	assert_eq 0 "$rc" "power off with the modem off"
	assert_eq "" "$(gpio_changes_since "$mark")" "  no line touched"

	# The same without the profile: every key given, the chip named.
	custom="--config /dev/null --power-backend gpio --gpio-chip $GPIO_CHIP
		--power-key GPIO20 --hold-lines GPIO21=1,GPIO6=high
		--power-on-pulse 1200 --power-off-pulse 2s --device $GPIO_DEVICE"
	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	gpio_helper power on --wait $custom
	assert_eq 0 "$rc" "custom gpio config: power on: $out"
	assert_one_pulse "$mark" 1200 "custom power-on-pulse 1200"
	assert_modem on "custom power on"
	mark=$(gpio_mark)
	# shellcheck disable=SC2086
	gpio_helper power off $custom
	assert_eq 0 "$rc" "custom gpio config: power off: $out"
	assert_one_pulse "$mark" 2000 "custom power-off-pulse 2s"
	assert_modem off "custom power off"
	assert_released "custom config"
}

# Names that are not there: a clear error, exit 9, no line requested or
# driven (the power key exists in the last case: all lines or none).
gpio_scenario_bad_names() {
	board="--config /dev/null --board ltepi2"
	mark=$(gpio_mark)

	# shellcheck disable=SC2086
	gpio_helper power on $board --gpio-chip gpiochip9
	assert_eq 9 "$rc" "unknown chip: exit 9"
	assert_contains "$out" "GPIO chip /dev/gpiochip9: No such file or directory" \
		"unknown chip: named"

	# shellcheck disable=SC2086
	gpio_helper power on $board --power-key GPIO99
	assert_eq 9 "$rc" "unknown power key line: exit 9"
	assert_contains "$out" 'GPIO line "GPIO99" not found' "unknown line: named"
	assert_contains "$out" "$GPIO_CHIP [pinctrl-bcm2711] lines: GPIO0, GPIO1," \
		"unknown line: the chip's lines listed"

	# shellcheck disable=SC2086
	gpio_helper power on $board --gpio-chip "$GPIO_CHIP" \
		--hold-lines GPIO21=1,W_DISABLE=1
	assert_eq 9 "$rc" "unknown hold line: exit 9"
	assert_contains "$out" "GPIO line \"W_DISABLE\" not on $GPIO_CHIP" \
		"unknown hold line: named"

	assert_eq "" "$(gpio_changes_since "$mark")" "bad names: no line driven"
	assert_released "bad names"
	assert_modem off "bad names"
}

# libgpiod 1.x on a kernel without the v1 GPIO ABI: it cannot read any
# line, and says why; nothing is requested, nothing crashes.
gpio_scenario_no_v1() {
	mark=$(gpio_mark)
	gpio_helper power on --config /dev/null --board ltepi2
	assert_eq 9 "$rc" "board ltepi2, chip searched: exit 9 (power), not a crash"
	assert_contains "$out" "/dev/$GPIO_CHIP: cannot read its lines" \
		"  names the chip it could not read"
	assert_contains "$out" "CONFIG_GPIO_CDEV_V1, that libgpiod 1.x needs" \
		"  says the kernel lacks the v1 ABI"
	gpio_helper power on --config /dev/null --board ltepi2 --gpio-chip "$GPIO_CHIP"
	assert_eq 9 "$rc" "board ltepi2, chip named: exit 9"
	assert_contains "$out" "CONFIG_GPIO_CDEV_V1" "  the same reason"
	assert_eq "" "$(gpio_changes_since "$mark")" "no line driven"
	assert_released "libgpiod 1.x without the v1 ABI"
	assert_modem off "libgpiod 1.x without the v1 ABI"
}
