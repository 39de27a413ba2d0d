#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The LTEPi board's modem as its GPIO lines see it, for tests/vm/power-gpio*.sh:
# samples the power key, RESET_N and W_DISABLE lines of a gpio-sim chip
# through sysfs every few milliseconds, writes every change of the three to
# a trace, and acts as the module does: a power key pulse of at least 1 s
# with RESET_N high all along toggles it (the vendor's "1+ sec for turning on/off
# module", CANDY-LINE/ltepi2-service systemd/_pin_settings.sh).  "On" is
# the modem simulator answering on DEVICE, "off" is that device gone.
#
#	gpio-board-sim.sh SYSFS_CHIP TRACE DEVICE MODEM_SIM [ON]
#
# SYSFS_CHIP is /sys/devices/platform/gpio-sim.N/gpiochipM; the lines are
# offsets 20 (power key), 21 (RESET_N) and 6 (W_DISABLE) as on the Pi's
# header.  ON (0 or 1, default 0) is the module's state at start.  TRACE
# gets "MICROSECONDS KEY RESET_N W_DISABLE" lines (CLOCK_REALTIME, bash's
# EPOCHREALTIME) and "MICROSECONDS modem on|off" when the module toggles.
# Runs until killed (SIGTERM stops the simulator too).
#
# bash, not sh: EPOCHREALTIME and read -t time the samples without forking
# a process per sample, which under TCG would cost more than the sampling.

set -eu
chip=$1 trace=$2 device=$3 sim=$4
on=${5:-0}
key=$chip/sim_gpio20/value
reset_n=$chip/sim_gpio21/value
w_disable=$chip/sim_gpio6/value
sim_pid=
stopped_pid=

modem_start() {
	modem_reap
	"$sim" --link "$device" --log "$trace.sim.log" -s identity=amtelecom \
		>>"$trace.sim.out" 2>&1 &
	sim_pid=$!
}

# Not waited for here: sampling would stop while the simulator exits, and
# the helper's next pulse (a power cycle's, as soon as the device is gone)
# would be seen late, so measured short (1812 ms for 2 s once under TCG).
modem_stop() {
	[ -n "$sim_pid" ] || return 0
	kill "$sim_pid" 2>/dev/null || :
	stopped_pid=$sim_pid
	sim_pid=
}

modem_reap() {
	[ -n "$stopped_pid" ] || return 0
	wait "$stopped_pid" 2>/dev/null || :
	stopped_pid=
}
trap 'modem_stop; modem_reap; exit 0' TERM INT

# A wait that forks nothing: read -t on a fifo no one writes to.
pause=/run/gpio-board-sim.$$
mkfifo "$pause"
exec 9<>"$pause"
rm -f "$pause"

[ "$on" = 0 ] || modem_start
last='' rise='' held=0
while :; do
	t=$EPOCHREALTIME
	now=${t%.*}${t#*.} # microseconds
	read -r k <"$key"
	read -r r <"$reset_n"
	read -r w <"$w_disable"
	state="$k $r $w"
	if [ "$state" != "$last" ]; then
		echo "$now $state" >>"$trace"
		if [ "$k" = 1 ] && [ -z "$rise" ]; then
			rise=$now held=$r
		elif [ "$k" = 1 ]; then
			[ "$r" = 1 ] || held=0
		elif [ -n "$rise" ]; then
			# the helper releases the lines right after the key
			# falls: RESET_N counts while the key was high
			if [ $((now - rise)) -ge 1000000 ] && [ "$held" = 1 ]; then
				if [ -n "$sim_pid" ]; then
					modem_stop
					echo "$now modem off" >>"$trace"
				else
					modem_start
					echo "$now modem on" >>"$trace"
				fi
			fi
			rise=
		fi
		last=$state
	fi
	read -r -t 0.004 -u 9 _ || :
done
