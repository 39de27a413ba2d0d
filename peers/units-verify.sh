#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# systemd-analyze verify on every unit "make install" ships, as systemd
# would load them together: the link template ltepi@.service with its
# drop-ins (sms.conf, the port hand-over's ExecStopPost; backoff.conf
# where installed; modem-power.conf for ltepi2), the SMS listener
# ltepi-sms@.service with single-port.conf, and ltepi-modem-power.service.
# Any line verify prints about one of them (an unknown key, a bad
# dependency, a missing program) fails the test; what it says about the
# system's own units is shown but not ours to fix.  A drop-in with a
# misspelt key proves verify's complaints reach this test.
#
# ltepi-modem is named by the path make install gives it; verify wants the
# program to exist, so the copies checked here name the one just built.

set -eu
: "${top_builddir:?run me through make check}"
: "${top_srcdir:?run me through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-units.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 99' INT TERM
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

command -v systemd-analyze >/dev/null 2>&1 || {
	echo "1..0 # SKIP no systemd-analyze (apt-get install systemd)"
	exit 77
}
[ -x /usr/sbin/pppd ] || {
	echo "1..0 # SKIP no /usr/sbin/pppd, which ltepi@.service runs (apt-get install ppp)"
	exit 77
}

make_var() { # NAME
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" -f Makefile -f - print-var
}

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -s --no-print-directory -C "$top_builddir" install-data \
	DESTDIR="$T/root" >"$T/install.log" 2>&1 || {
	echo "hard error: make install-data failed:"
	sed 's/^/#   /' "$T/install.log"
	exit 99
}
sbindir=$(make_var sbindir)
helper=$(cd "$top_builddir/chat" && pwd)/ltepi-modem
[ -x "$helper" ] || {
	echo "hard error: $helper is not built"
	exit 99
}
U=$T/units
cp -R "$T/root$(make_var systemdsystemunitdir)" "$U"
find "$U" -type f -exec sed -i "s|$sbindir/ltepi-modem|$helper|g" {} +

# Lines of verify's output about our units: they name a file or unit of
# ours.  The rest (the host's units) is shown as a note.
verify() { # LOG UNIT...
	log=$1
	shift
	(cd "$U" && systemd-analyze verify --man=no "$@") >"$log" 2>&1 || :
	grep -v -e ltepi -e '^$' "$log" | sed 's/^/# (not ours) /' || :
	! grep -q ltepi "$log"
}
shows() { # LOG
	grep ltepi "$1" | sed 's/^/#   /' || :
}

check "the units are installed with their drop-ins" \
	test -f "$U/ltepi@.service" -a -f "$U/ltepi@.service.d/sms.conf" \
	-a -f "$U/ltepi-sms@.service" \
	-a -f "$U/ltepi-sms@.service.d/single-port.conf" \
	-a -f "$U/ltepi@ltepi2.service.d/modem-power.conf" \
	-a -f "$U/ltepi-modem-power.service"

for unit in ltepi@ltepi2.service ltepi@fixed-ip.service \
	ltepi-sms@ltepi2.service ltepi-modem-power.service; do
	check "systemd-analyze verify $unit: nothing to say" \
		verify "$T/$unit.log" "$U/$unit"
	shows "$T/$unit.log"
done
check "all four together: nothing to say" \
	verify "$T/all.log" "$U/ltepi@ltepi2.service" \
	"$U/ltepi-sms@ltepi2.service" "$U/ltepi-modem-power.service"
shows "$T/all.log"

if [ -f "$U/ltepi@.service.d/backoff.conf" ]; then
	echo "# backoff.conf installed (systemd 254 or later): verified with the template"
else
	echo "# no backoff.conf (systemd before 254 would not know its keys)"
fi

# The negative control: a misspelt key in a drop-in of ours is reported,
# and fails the check above.
printf '[Unit]\nConflictz=ltepi@%%i.service\n' \
	>"$U/ltepi-sms@.service.d/zz-misspelt.conf"
not() { ! "$@"; }
check "control: a misspelt key in a drop-in of ours fails the check" \
	not verify "$T/misspelt.log" "$U/ltepi-sms@ltepi2.service"
check "control: verify names the file, the line and the key" \
	grep -q "zz-misspelt.conf:2: Unknown key 'Conflictz'" "$T/misspelt.log"
rm "$U/ltepi-sms@.service.d/zz-misspelt.conf"

tap_plan
exit "$failed"
