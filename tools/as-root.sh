# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced first by the commands the README names (tools/demo, tools/check,
# tools/bench) with "$@": as root it does nothing; as a user with sudo it
# runs the same command again through sudo, keeping the LTEPI_* settings
# and MAKEFLAGS; without either it says what to do. So "tools/demo" works
# as written in a root shell on a fresh Debian (no sudo there) and for a
# user with sudo rights.

if [ "$(id -u)" != 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "$0: needs root (network namespaces, the VM, apt): run it as root" >&2
		exit 1
	fi
	keep=$(env | sed -n 's/^\(LTEPI_[A-Za-z0-9_]*\|MAKEFLAGS\|CI\)=.*/\1/p' |
		paste -sd, -)
	echo "$0: needs root; running it through sudo" >&2
	exec sudo ${keep:+--preserve-env="$keep"} -- "$0" "$@"
fi
