#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A package for the wrong pppd handed to the product scenarios, on the host
# and without a VM: the trixie package as LTEPI_DEB (the bookworm scenarios)
# or the bookworm package as LTEPI_TRIXIE_DEB (tests/vm/pppd25-product-*.sh)
# stops the test (99) before the VM boots, with a message naming the
# package, the ppp relation it needs and the ppp the root has; dpkg -i in
# the guest would leave such a package half-installed.  The packages and
# roots are fakes holding just what the check reads: the Depends dh_ppp
# writes and the plugin's path, and a dpkg status file.

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# In the build tree, which the VM could see: the ABI check must be what
# refuses these packages, not the check for paths hidden from the VM.
mkdir -p "$top_builddir/tests/vm"
work=$(mktemp -d "$top_builddir/tests/vm/product-deb-abi.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
. "$(dirname "$0")/lib-check.sh"

# A package as tools/deb builds it for pppd VERSION, as far as the check
# reads it: dh_ppp's Depends (ppp-dev's /usr/share/ppp-dev/substvars) and
# the plugin in VERSION's directory.
fake_deb() { # FILE VERSION
	dir=$work/deb-$2
	mkdir -p "$dir/DEBIAN" "$dir/usr/lib/pppd/$2"
	: >"$dir/usr/lib/pppd/$2/ltepi.so"
	cat >"$dir/DEBIAN/control" <<-EOF
		Package: ltepi
		Version: 0.1.0
		Architecture: all
		Maintainer: ltepi tests <tests@example.invalid>
		Depends: ppp (<< $2-2~), ppp (>= $2-1+~), libc6 (>= 2.36)
		Description: fake package for tests/vm/product-deb-abi.sh
	EOF
	dpkg-deb -b --root-owner-group "$dir" "$1" >/dev/null
}

# A Debian root as far as the check reads it: dpkg's status of ppp (none
# without VERSION), and the stamp of tools/trixie-rootfs.sh.
fake_root() { # DIR [PPP_VERSION]
	mkdir -p "$1/var/lib/dpkg"
	echo stamp >"$1/.ltepi-rootfs"
	: >"$1/var/lib/dpkg/status"
	[ -n "${2:-}" ] || return 0
	mkdir -p "$1/usr/lib/pppd/${2%%-*}"
	printf '%s\n' 'Package: ppp' 'Status: install ok installed' \
		'Priority: optional' 'Architecture: amd64' "Version: $2" \
		'Maintainer: x <x@example.invalid>' 'Description: x' \
		>"$1/var/lib/dpkg/status"
}

# lib-product.sh's host side as a bookworm scenario runs it, against ROOT
# ("": this machine's /, as in the scenarios).
stage() { # DEB ROOT
	env vm_libdir="$top_srcdir/tests/vm" top_srcdir="$top_srcdir" \
		top_builddir="$top_builddir" LTEPI_DEB="$1" ${2:+LTEPI_DEB_ROOT="$2"} \
		LTEPI_VM_GUEST= sh -c '. "$vm_libdir/lib.sh"
		. "$vm_libdir/lib-product.sh"
		product_stage product-pon.sh
		echo "staged: plugin directory $LTEPI_PLUGINDIR"'
}

# A trixie product scenario as make check starts it.
trixie_scenario() { # DEB ROOT
	env top_srcdir="$top_srcdir" top_builddir="$top_builddir" \
		LTEPI_TRIXIE_DEB="$1" LTEPI_TRIXIE_ROOT="$2" LTEPI_VM_GUEST= \
		sh "$top_srcdir/tests/vm/pppd25-product-pon.sh"
}

fake_deb "$work/ltepi-bookworm.deb" 2.4.9
fake_deb "$work/ltepi-trixie.deb" 2.5.2
fake_root "$work/bookworm" 2.4.9-1+1.1+b1
fake_root "$work/trixie" 2.5.2-1+1
fake_root "$work/noppp"
echo "not a package" >"$work/junk.deb"

check "the trixie package in a bookworm root is refused" 99 \
	"ERROR: ltepi-trixie.deb is for another pppd: it needs ppp (>= 2.5.2-1+~) but the root $work/bookworm has ppp 2.4.9-1+1.1+b1; build the package for that release (tools/deb -r RELEASE) and pass that one" \
	stage "$work/ltepi-trixie.deb" "$work/bookworm"
check "the bookworm package in a trixie root is refused" 99 \
	"it needs ppp (<< 2.4.9-2~) but the root $work/trixie has ppp 2.5.2-1+1" \
	stage "$work/ltepi-bookworm.deb" "$work/trixie"
check "a root without ppp: both relations unmet" 99 \
	"it needs ppp (<< 2.5.2-2~), ppp (>= 2.5.2-1+~) but the root $work/noppp has no ppp" \
	stage "$work/ltepi-trixie.deb" "$work/noppp"
check "a file that is no package is refused" 99 \
	"ERROR: $work/junk.deb holds no pppd plugin ltepi.so" \
	stage "$work/junk.deb" "$work/trixie"
check "the trixie package in the trixie root is staged" 0 \
	"staged: plugin directory /usr/lib/pppd/2.5.2" \
	stage "$work/ltepi-trixie.deb" "$work/trixie"
check "the bookworm package in the bookworm root is staged" 0 \
	"staged: plugin directory /usr/lib/pppd/2.4.9" \
	stage "$work/ltepi-bookworm.deb" "$work/bookworm"

# The bookworm scenarios' own case: no LTEPI_DEB_ROOT, this machine's ppp.
host_ppp=$(dpkg-query -W -f='${Version}' ppp 2>/dev/null) || host_ppp=
if [ -n "$host_ppp" ]; then
	host_upstream=${host_ppp%%-*}
	other=2.5.2
	[ "$host_upstream" != 2.5.2 ] || other=2.4.9
	fake_deb "$work/ltepi-host.deb" "$host_upstream"
	fake_deb "$work/ltepi-other.deb" "$other"
	check "a package for this machine's pppd $host_upstream is staged" 0 \
		"staged: plugin directory /usr/lib/pppd/$host_upstream" \
		stage "$work/ltepi-host.deb" ""
	check "a package for pppd $other is refused on this machine" 99 \
		"but this machine has ppp $host_ppp;" \
		stage "$work/ltepi-other.deb" ""
else
	echo "# this machine has no ppp: its own case is not checked"
fi

check "pppd25-product-pon.sh given the bookworm package stops before the VM" 99 \
	"ERROR: ltepi-bookworm.deb is for another pppd: it needs ppp (<< 2.4.9-2~) but the root $work/trixie has ppp 2.5.2-1+1" \
	trixie_scenario "$work/ltepi-bookworm.deb" "$work/trixie"
check "pppd25-product-pon.sh without a package skips" 77 \
	"SKIP: no trixie package: set LTEPI_TRIXIE_DEB=path/to/ltepi_VERSION_amd64.deb (tools/deb -r trixie)" \
	trixie_scenario "" "$work/trixie"
check "pppd25-product-pon.sh without a trixie root skips" 77 \
	"SKIP: no trixie root in $work/none" \
	trixie_scenario "$work/ltepi-trixie.deb" "$work/none"
check "pppd25-product-pon.sh: a package the VM cannot see" 99 \
	"ERROR: LTEPI_TRIXIE_DEB=/tmp/ltepi.deb is hidden from the VM; copy it elsewhere" \
	trixie_scenario /tmp/ltepi.deb "$work/trixie"

if [ "$failures" != 0 ]; then
	echo "FAIL: $failures check(s) failed"
	exit 1
fi
