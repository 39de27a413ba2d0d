#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages ltepi needs: tools/deps.sh [GROUP...]
# Groups are the files in tools/packages/ (build, test, vm, ...); default:
# build test vm (the others, e.g. cross, are opt-in).
# Packages already installed are not touched; apt's lists are refreshed once.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- build test vm
want=
for g in "$@"; do
	f="$here/packages/$g.txt"
	[ -f "$f" ] || { echo "deps.sh: no package group '$g'" >&2; exit 2; }
	want="$want $(sed 's/#.*//' "$f")"
done
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: need root to install:$missing" >&2
	exit 1
fi
echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null
# coturn's package enables and starts a TURN/STUN server on every interface;
# the tests run turnserver themselves, inside a VM namespace. A server that
# only a test dependency brought stays off (one installed before is kept).
case " $missing " in
*" coturn "*)
	! command -v systemctl >/dev/null 2>&1 || [ ! -d /run/systemd/system ] ||
		systemctl disable --now coturn.service >/dev/null 2>&1 || :
	;;
esac
