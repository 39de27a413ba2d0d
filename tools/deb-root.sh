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
# SUITE's archive.  Cached like tools/trixie-rootfs.sh: a stamp records what
# was asked for, and a build that did not finish never leaves one.  Needs
# root and debootstrap.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/apt-private.sh"
suite=${1:?usage: tools/deb-root.sh SUITE [DIR]}
dest=${2:-$top/build/deb-root-$suite}
stamp=$dest/.ltepi-deb-root
want="suite=$suite layout=1"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	echo "$dest"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deb-root.sh: debootstrap needs root" >&2
	exit 1
fi
command -v debootstrap >/dev/null || {
	echo "deb-root.sh: debootstrap missing (apt-get install debootstrap)" >&2
	exit 1
}
mirror=$(apt_private_mirror) || exit 1
new=$dest.new
rm -rf "$new"
mkdir -p "$new" "$dest.debs"
if ! debootstrap --variant=minbase --cache-dir="$dest.debs" \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
	"$suite" "$new" "$mirror" >"$dest.log" 2>&1; then
	tail -n 30 "$dest.log" >&2
	echo "deb-root.sh: debootstrap failed (log: $dest.log)" >&2
	exit 1
fi
# No daemon may start inside the root while packages are installed.
printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
chmod 0755 "$new/usr/sbin/policy-rc.d"
echo "$want" >"$new/.ltepi-deb-root"
rm -rf "$dest"
mv "$new" "$dest"
echo "$dest"
