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

mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' \
	/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' \
	/etc/apt/sources.list 2>/dev/null | head -n 1)
if [ -z "$mirror" ]; then
	echo "fetch-pppd.sh: cannot find a Debian mirror in this machine's apt sources" >&2
	exit 1
fi

mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$dest"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
	>"$state/sources.list"
aptopts="-o Dir::Etc::SourceList=$state/sources.list -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists=$state/lists -o Dir::Cache=$state/cache
	-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
	-o APT::Get::List-Cleanup=0 -q"
# shellcheck disable=SC2086
apt-get $aptopts update >"$state/update.log" 2>&1 ||
	{ cat "$state/update.log" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$state/cache" && apt-get $aptopts download ppp-dev >"$state/download.log" 2>&1) ||
	{ cat "$state/download.log" >&2; exit 1; }
dpkg-deb -x "$state"/cache/ppp-dev_*.deb "$dest"
echo "$dest"
