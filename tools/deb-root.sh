#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A small Debian root in which packages are installed the way a user
# installs them (apt, maintainer scripts and all) without touching this
# machine's own system:
#
#   tools/deb-root.sh SUITE [DIR]     (default DIR: build/deb-root-SUITE)
#
# Prints DIR.  debootstrap --variant=minbase from the mirror this machine's
# apt uses, so apt inside the root resolves a package's Depends against
# SUITE's archive.  Cached as tools/debootstrap-cache.sh says: a stamp
# records what was asked for, and a build that did not finish never leaves
# one.  Needs root and debootstrap.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/apt-private.sh"
. "$top/tools/debootstrap-cache.sh"
suite=${1:?usage: tools/deb-root.sh SUITE [DIR]}
dest=${2:-$top/build/deb-root-$suite}
want="suite=$suite layout=1"

if debootstrap_cache_fresh "$dest" .ltepi-deb-root "$want"; then
	echo "$dest"
	exit 0
fi
debootstrap_cache_build deb-root.sh "$suite" "$dest"
# No daemon may start inside the root while packages are installed.
printf '#!/bin/sh\nexit 101\n' >"$dest.new/usr/sbin/policy-rc.d"
chmod 0755 "$dest.new/usr/sbin/policy-rc.d"
debootstrap_cache_finish "$dest" .ltepi-deb-root "$want"
