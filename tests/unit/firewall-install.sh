#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "make install-data" under umask 002 (common for desktop users and some
# CI runners) into a scratch DESTDIR still gives a profiles directory the
# plugin accepts: the directory 0755, the profiles 0644, ppp/ltepi and ppp
# not writable by group or others, and ltepi-firewall, which runs the
# plugin's own checks, loads every shipped profile from there.  The
# installed ltepi-firewall(5) names this build's directory, not /etc's.
# Exit codes: 0 pass, 1 fail, 99 error.

# The predicates below run through check(), out of shellcheck's sight.
# shellcheck disable=SC2317,SC2016
set -eu
: "${top_builddir:?run me through make check}"
: "${top_srcdir:?run me through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-fw-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 99' INT TERM
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"

make_var() { # NAME
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" -f Makefile -f - print-var
}

is_mode() { [ -e "$2" ] && [ "$(stat -c %a "$2")" = "$1" ]; }
not_group_other_writable() { [ -z "$(find "$1" -maxdepth 0 -perm /022)" ]; }

sysconfdir=$(make_var sysconfdir)
mandir=$(make_var mandir)
dir=$T/root$sysconfdir/ppp/ltepi/firewall
# What the system already has above sysconfdir (/usr/local/etc, /etc).
(umask 022 && mkdir -p "$T/root$sysconfdir")

if ! (umask 002 && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -s --no-print-directory -C "$top_builddir" install-data \
	DESTDIR="$T/root") >"$T/install.log" 2>&1; then
	echo "hard error: make install-data failed:"
	sed 's/^/#   /' "$T/install.log"
	exit 99
fi
sed 's/^/# /' "$T/install.log"

check "under umask 002 the profiles directory is 0755" is_mode 755 "$dir"
for profile in deny-all ssh web; do
	check "  $profile is 0644" is_mode 644 "$dir/$profile"
done
check "  ppp/ltepi is not writable by group or others" \
	not_group_other_writable "$T/root$sysconfdir/ppp/ltepi"
check "  nor is ppp" not_group_other_writable "$T/root$sysconfdir/ppp"
for profile in deny-all ssh web; do
	check "  the plugin's checks accept the installed $profile" \
		"$top_builddir/plugin/ltepi-firewall" -d "$dir" check "$profile"
done

page=$T/root$mandir/man5/ltepi-firewall.5
check "ltepi-firewall(5) is installed" test -f "$page"
check "  naming this build's profiles directory ($sysconfdir/ppp/ltepi/firewall)" \
	grep -q "$(printf '%s' "$sysconfdir/ppp/ltepi/firewall" | sed 's/-/\\\\-/g')" "$page"
if [ "$sysconfdir" != /etc ]; then
	check "  and not /etc's" \
		sh -c "! grep -Eq '(^|[^[:alnum:]_])/etc/ppp/ltepi/' '$page'"
fi

tap_plan
exit $failed
