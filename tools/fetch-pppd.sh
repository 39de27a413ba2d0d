#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch another Debian release's ppp-dev (pppd plugin headers) without
# touching the system: a private apt configuration with its own lists and
# cache, then dpkg-deb -x into a private root.
#
#   tools/fetch-pppd.sh [SUITE [DESTDIR]]     (default: trixie, build/pppd-SUITE)
#
# Prints DESTDIR; build against it with ./configure --with-pppd=DESTDIR.
# The mirror is the one this machine's apt already uses.
set -eu
suite=${1:-trixie}
dest=${2:-$(pwd)/build/pppd-$suite}
state=${LTEPI_APT_STATE:-$(dirname "$dest")/apt-$suite}

if [ -f "$dest/usr/include/pppd/pppd.h" ]; then
	echo "$dest"
	exit 0
fi

. "$(dirname "$0")/apt-private.sh"
arch=$(dpkg --print-architecture)
aptopts=$(apt_private_setup "$state" "$suite" "$arch")
mkdir -p "$dest"
# shellcheck disable=SC2086
apt-get $aptopts update >"$state/update.log" 2>&1 ||
	{ cat "$state/update.log" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$state/cache" && apt-get $aptopts download ppp-dev >"$state/download.log" 2>&1) ||
	{ cat "$state/download.log" >&2; exit 1; }
dpkg-deb -x "$state"/cache/ppp-dev_*.deb "$dest"
echo "$dest"
