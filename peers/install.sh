#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "make install-data" into a scratch DESTDIR, checked file by file: the peer
# file, modem.conf, the firewall profiles, the routing protocol name and the
# systemd units land where the plugin, ltepi-modem, iproute2 and systemd
# look, with the modes they require (the plugin refuses a profile writable
# by others).  A second install must keep an administrator's edited peer
# file and put the new one beside it as ltepi2.dist; uninstall must remove
# what is unchanged and keep what was edited.  The units pass
# systemd-analyze verify when it is available.

set -eu
: "${top_builddir:?run me through make check}"
: "${top_srcdir:?run me through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 99' INT TERM
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

# The value of a make variable in the build tree, fully expanded.
make_var() { # NAME
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" -f Makefile -f - print-var
}

install_data() { # LOG
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" install-data \
		DESTDIR="$T/root" >"$1" 2>&1 || {
		echo "hard error: make install-data failed:"
		sed 's/^/#   /' "$1"
		exit 99
	}
}

is_mode() { [ -e "$2" ] && [ "$(stat -c %a "$2")" = "$1" ]; }
shipped_0644() { cmp -s "$1" "$2" && is_mode 644 "$2"; }

sysconfdir=$T/root$(make_var sysconfdir)
sbindir=$(make_var sbindir)
unitdir=$T/root$(make_var systemdsystemunitdir)
peer=$sysconfdir/ppp/peers/ltepi2
modemconf=$sysconfdir/ppp/ltepi/modem.conf
dropin=$unitdir/ltepi@ltepi2.service.d/modem-power.conf

install_data "$T/install1.log"
check "the peer file is installed as shipped, 0644" \
	shipped_0644 "$top_srcdir/peers/ltepi2" "$peer"
check "modem.conf is installed as shipped, 0644" \
	shipped_0644 "$top_srcdir/examples/modem.conf" "$modemconf"
for profile in deny-all ssh web; do
	check "firewall profile $profile in ppp/ltepi/firewall, 0644" \
		is_mode 644 "$sysconfdir/ppp/ltepi/firewall/$profile"
done
check "the profile directory is 0755 (the plugin refuses a writable one)" \
	is_mode 755 "$sysconfdir/ppp/ltepi/firewall"
check "rt_protos.d/ltepi.conf names protocol 76" \
	grep -qx '76	ltepi' "$sysconfdir/iproute2/rt_protos.d/ltepi.conf"
check "the template unit is installed" \
	cmp -s "$top_srcdir/systemd/ltepi@.service" "$unitdir/ltepi@.service"
check "the drop-in runs ltepi-modem from sbindir ($sbindir)" \
	grep -qx "ExecStartPre=$sbindir/ltepi-modem power on --wait" "$dropin"
check "no placeholder is left in the drop-in" \
	sh -c "! grep -q '@[a-z]*@' '$dropin'"
check "first install writes no .dist file" \
	sh -c "! ls '$sysconfdir/ppp/peers/ltepi2.dist' '$modemconf.dist' 2>/dev/null"

# The administrator edits the peer file; the next install keeps it.
echo "firewall-profile-edited-by-admin" >>"$peer"
cp "$peer" "$T/edited"
install_data "$T/install2.log"
check "an edited peer file survives make install" cmp -s "$T/edited" "$peer"
check "the new peer file goes to ltepi2.dist" \
	cmp -s "$top_srcdir/peers/ltepi2" "$peer.dist"
check "make install says where the new version went" \
	grep -qF "$peer exists and was changed: new version in $peer.dist" \
	"$T/install2.log"
check "an unchanged modem.conf gets no .dist" test ! -e "$modemconf.dist"

check "the boot-time power unit names the installed ltepi-modem" \
	grep -qx "ExecStart=$sbindir/ltepi-modem power on --wait --board ltepi2" \
	"$unitdir/ltepi-modem-power.service"

check "the SMS listener unit names the installed ltepi-modem" \
	grep -qx "ExecStart=$sbindir/ltepi-modem sms listen" \
	"$unitdir/ltepi-sms@.service"
check "  its single-port drop-in conflicts with the link" \
	grep -qx 'Conflicts=ltepi@%i.service' \
	"$unitdir/ltepi-sms@.service.d/single-port.conf"
check "  and the link hands the port back when it stops" \
	grep -q '^ExecStopPost=.*systemctl --no-block start ltepi-sms@%i.service' \
	"$unitdir/ltepi@.service.d/sms.conf"

# The growing restart delay is installed only where systemd knows its keys.
sd_version=$(pkg-config --modversion systemd 2>/dev/null | sed 's/[^0-9].*//')
if [ -n "$sd_version" ] && [ "$sd_version" -ge 254 ]; then
	check "systemd $sd_version: the back-off drop-in is installed" \
		test -f "$unitdir/ltepi@.service.d/backoff.conf"
else
	check "systemd ${sd_version:-(none)}: no back-off drop-in (its keys would be unknown)" \
		test ! -e "$unitdir/ltepi@.service.d/backoff.conf"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
	# verify resolves the instance against the template and its drop-in in
	# the unit's own directory; ltepi-modem and pppd must exist for it, so
	# it checks against a copy whose ExecStartPre names an existing program.
	mkdir -p "$T/units/ltepi@ltepi2.service.d"
	cp "$unitdir/ltepi@.service" "$T/units/"
	sed "s|^ExecStartPre=$sbindir/ltepi-modem|ExecStartPre=/bin/true|" \
		"$dropin" >"$T/units/ltepi@ltepi2.service.d/modem-power.conf"
	if [ -x /usr/sbin/pppd ]; then
		check "systemd-analyze verify ltepi@ltepi2.service" \
			sh -c "cd '$T/units' && systemd-analyze verify --man=no \
				'$T/units/ltepi@ltepi2.service' >'$T/verify.log' 2>&1 &&
				! grep -v '^$' '$T/verify.log'"
		[ "$failed" = 0 ] || sed 's/^/#   /' "$T/verify.log"
		mkdir -p "$T/units/ltepi-sms@.service.d"
		sed "s|^ExecStart=$sbindir/ltepi-modem|ExecStart=/bin/true|" \
			"$unitdir/ltepi-sms@.service" >"$T/units/ltepi-sms@.service"
		cp "$unitdir/ltepi-sms@.service.d/single-port.conf" \
			"$T/units/ltepi-sms@.service.d/"
		check "systemd-analyze verify ltepi-sms@ltepi2.service" \
			sh -c "cd '$T/units' && systemd-analyze verify --man=no \
				'$T/units/ltepi-sms@ltepi2.service' >'$T/verify-sms.log' 2>&1 &&
				! grep -v '^$' '$T/verify-sms.log'"
		[ "$failed" = 0 ] || sed 's/^/#   /' "$T/verify-sms.log"
	else
		echo "# no /usr/sbin/pppd: systemd-analyze verify not run"
	fi
else
	echo "# no systemd-analyze: the units are not verified"
fi

# Only this area's uninstall rules: the programs were not installed.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -s --no-print-directory -C "$top_builddir" uninstall-local \
	uninstall-rtprotosDATA uninstall-dist_systemdsystemunitDATA \
	uninstall-ltepi2dropinDATA uninstall-ltepidropinDATA \
	uninstall-dist_ltepismsdropinDATA uninstall-dist_smshandoverDATA \
	uninstall-systemdsystemunitDATA DESTDIR="$T/root" >"$T/uninstall.log" 2>&1 || {
	echo "hard error: make uninstall failed:"
	sed 's/^/#   /' "$T/uninstall.log"
	exit 99
}
check "uninstall keeps the edited peer file" cmp -s "$T/edited" "$peer"
check "uninstall removes ltepi2.dist" test ! -e "$peer.dist"
check "uninstall removes the unchanged modem.conf" test ! -e "$modemconf"
check "uninstall removes the units" \
	sh -c "! ls '$unitdir/ltepi@.service' '$dropin' \
		'$unitdir/ltepi-modem-power.service' 2>/dev/null"
exit $failed
