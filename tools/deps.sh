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
# Servers the VM tests run themselves, inside the VM: the package must not
# leave its daemon running (and starting at boot) on this machine.  Only
# the ones installed just now; a server the administrator runs stays.
# coturn enables a TURN/STUN server on every interface.
for daemon in pptpd xl2tpd coturn; do
	case " $missing " in *" $daemon "*) ;; *) continue ;; esac
	if [ -d /run/systemd/system ]; then
		systemctl disable --now "$daemon" >/dev/null 2>&1 || :
	else
		invoke-rc.d "$daemon" stop >/dev/null 2>&1 || :
		update-rc.d "$daemon" disable >/dev/null 2>&1 || :
	fi
done
