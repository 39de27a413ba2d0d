# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Runs an existing VM scenario against Debian trixie's real pppd 2.5.2
# instead of the host's 2.4.9, unchanged: a tests/vm/pppd25-*.sh test names
# the scenario and this library boots the VM, builds a chroot from the trixie
# root (tools/trixie-rootfs.sh) and runs the scenario inside it, so that both
# ends' pppd, ip, nft and socat are trixie's while the plugin is the one this
# build made against trixie's pppd headers:
#
#	. "$(dirname "$0")/pppd25-lib.sh"
#	pppd25_run plugin-load.sh
#
# The trixie root is read-only in the VM (the host's / over 9p), so it cannot
# hold mount points for a build tree that lives anywhere: the chroot is a
# tmpfs holding read-only binds of the root's top-level directories, its
# merged-/usr symlinks, fresh /proc, /sys, /tmp and /run (with the results
# share bound in) and the host's /dev; the source and build trees are bound
# at their host paths.
#
# Skips (77) when this build is not for pppd 2.5 or there is no trixie root
# ($LTEPI_TRIXIE_ROOT, default $top_srcdir/build/trixie-root); a root whose
# pppd is not the version the plugin was built for is a hard error (99).
#
# A product scenario can run from the trixie package instead
# (pppd25_use_trixie_deb, tests/vm/pppd25-product-*.sh): dpkg installs
# $LTEPI_TRIXIE_DEB (tools/deb -r trixie) in the chroot, and the plugin,
# helper and files are the package's, whatever pppd this build is for.

. "$(dirname "$0")/lib.sh"

# The bookworm package CI hands the product scenarios (LTEPI_DEB) cannot go
# into the trixie root (its pppd ABI Depends say so): a pppd 2.5 scenario
# stages this 2.5 build's "make install" instead.
unset LTEPI_DEB

pppd25_root=${LTEPI_TRIXIE_ROOT:-$top_srcdir/build/trixie-root}
[ ! -d "$pppd25_root" ] || pppd25_root=$(cd "$pppd25_root" && pwd)

# The version of the pppd headers this build used ("" if not a 2.5 build).
pppd25_built_for() {
	grep -q '^#define LTEPI_PPPD_API 25$' "$top_builddir/config.h" 2>/dev/null ||
		return 0
	sed -n 's/^PPPD_VERSION = //p' "$top_builddir/Makefile"
}

# The pppd version the scenario's plugin is for: the package's plugin
# directory (lib-product.sh read it) or this build's.
pppd25_want() {
	if [ -n "${LTEPI_DEB:-}" ]; then
		echo "${LTEPI_PLUGINDIR##*/}"
	else
		pppd25_built_for
	fi
}

pppd25_host_checks() {
	version=$(pppd25_want)
	[ -n "$version" ] ||
		skip "this build is for pppd 2.4 (configure --with-pppd=\$(tools/fetch-pppd.sh trixie) to test 2.5.2)"
	[ -f "$pppd25_root/.ltepi-rootfs" ] ||
		skip "no trixie root in $pppd25_root (run tools/trixie-rootfs.sh, or set LTEPI_TRIXIE_ROOT)"
	if [ ! -d "$pppd25_root/usr/lib/pppd/$version" ]; then
		echo "ERROR: ltepi.so is built for pppd $version, but $pppd25_root has pppd" \
			"$(ls "$pppd25_root/usr/lib/pppd" 2>/dev/null | tr '\n' ' ')"
		exit 99
	fi
	export LTEPI_TRIXIE_ROOT="$pppd25_root"
}

# Bind DIR (a host path) at the same path in the chroot NEW.
pppd25_bind_host_dir() { # NEW DIR
	case $2 in
	/usr | /usr/* | /etc | /etc/* | /var | /var/*)
		echo "ERROR: $2 would hide trixie's own ${2#/}; move the build tree"
		exit 99
		;;
	esac
	mountpoint -q "$1$2" 2>/dev/null && return 0
	mkdir -p "$1$2"
	mount --bind -o ro "$2" "$1$2"
}

# The host directories the chroot needs at their own paths: the source and
# build trees, the current directory and the package's directory.
pppd25_host_dirs() {
	printf '%s\n' "$top_srcdir" "$top_builddir" "$(pwd)"
	[ -z "${LTEPI_DEB:-}" ] || dirname "$LTEPI_DEB"
}

# Build the chroot in NEW; the top-level directories a host path in the
# build tree starts with come from the host (/home for a CI checkout).
pppd25_chroot_setup() { # NEW
	new=$1
	mkdir -p "$new"
	mount -t tmpfs -o mode=0755 tmpfs "$new"
	host_tops=
	for dir in $(pppd25_host_dirs); do
		top=${dir#/}
		host_tops="$host_tops /${top%%/*}"
	done
	for entry in "$LTEPI_TRIXIE_ROOT"/*; do
		name=${entry##*/}
		case " proc sys dev run tmp $host_tops " in
		*" $name "* | *" /$name "*) continue ;;
		esac
		if [ -L "$entry" ]; then
			cp -P "$entry" "$new/$name"
		elif [ "$name" = etc ] && [ -n "${LTEPI_DEB:-}" ]; then
			# A package's /etc, writable as on an installed
			# system: purging it removes the directories only it
			# owned, such as /etc/iproute2, which no trixie package
			# ships.  A copy: under 1 MB.
			mkdir "$new/etc"
			cp -a "$entry/." "$new/etc/"
		elif [ -d "$entry" ]; then
			mkdir "$new/$name"
			mount --bind -o ro "$entry" "$new/$name"
		fi
	done
	mkdir -p "$new/proc" "$new/sys" "$new/dev" "$new/run" "$new/tmp"
	mount -t proc proc "$new/proc"
	mount -t sysfs sysfs "$new/sys"
	mount --rbind /dev "$new/dev"
	mount -t tmpfs -o mode=1777 tmpfs "$new/tmp"
	mount -t tmpfs -o mode=0755 tmpfs "$new/run"
	mkdir -p "$new/run/lock" "$new/run/netns" "$new$RESULTS"
	mount --bind "$RESULTS" "$new$RESULTS"
	# The kernel is the host's; so are its modules (for modprobe).
	mount --bind -o ro /lib/modules "$new/usr/lib/modules"
	for dir in $(pppd25_host_dirs); do
		pppd25_bind_host_dir "$new" "$dir"
	done
}

# Host and guest: the product scenario runs from the trixie package
# LTEPI_TRIXIE_DEB instead of this build's "make install" (lib-product.sh's
# LTEPI_DEB, which this library unsets for the bookworm package CI passes).
# Skips without it; on the host, checks the root and refuses a package
# built for another pppd (lib-product.sh) before the VM boots.
pppd25_use_trixie_deb() {
	[ -n "${LTEPI_TRIXIE_DEB:-}" ] ||
		skip "no trixie package: set LTEPI_TRIXIE_DEB=path/to/ltepi_VERSION_amd64.deb (tools/deb -r trixie)"
	LTEPI_DEB=$LTEPI_TRIXIE_DEB
	export LTEPI_DEB
	[ -z "${LTEPI_VM_GUEST:-}" ] || return 0
	# The guest sees the host's files, but not its /tmp or /run.
	case $LTEPI_DEB in
	/tmp/* | /run/* | /var/run/* | /dev/*)
		echo "ERROR: LTEPI_TRIXIE_DEB=$LTEPI_DEB is hidden from the VM; copy it elsewhere"
		exit 99
		;;
	esac
	[ -f "$pppd25_root/.ltepi-rootfs" ] ||
		skip "no trixie root in $pppd25_root (run tools/trixie-rootfs.sh, or set LTEPI_TRIXIE_ROOT)"
	# shellcheck disable=SC2034 # read by product_stage_deb (lib-product.sh)
	LTEPI_DEB_ROOT=$pppd25_root
	product_stage_deb
	# Absolute now: the guest sets LTEPI_DEB from it again.
	LTEPI_TRIXIE_DEB=$LTEPI_DEB
	export LTEPI_TRIXIE_DEB
}

# Run tests/vm/SCENARIO in the VM, chrooted into the trixie root; exits with
# its status.
pppd25_run() { # SCENARIO
	scenario=$vm_libdir/$1
	[ -f "$scenario" ] || {
		echo "ERROR: no scenario $scenario"
		exit 99
	}
	[ -n "${LTEPI_VM_GUEST:-}" ] || pppd25_host_checks
	vm_enter "$0"
	trap - EXIT
	new=/run/ltepi-pppd25-root
	pppd25_chroot_setup "$new"
	want=$(pppd25_want)
	got=$(chroot "$new" pppd --version 2>&1 | sed -n 's/^pppd version //p')
	[ "$got" = "$want" ] || fail "the chroot's pppd is '$got', expected $want"
	note "running $1 against pppd $got (trixie root $LTEPI_TRIXIE_ROOT)"
	status=0
	chroot "$new" /bin/sh -c 'cd "$1" && exec /bin/sh "$2"' sh "$(pwd)" \
		"$scenario" || status=$?
	[ "$status" = 0 ] || exit "$status"
	# The scenario passing proves little if pppd 2.4.9 ran it after all;
	# 2.4.9 would have refused a plugin built for another version.
	# A scenario started by pon logs to its logfile only after the plugin
	# loaded: it names a line that only the plugin logs (PPPD25_PROOF).
	if [ -n "${PPPD25_PROOF:-}" ]; then
		assert_file_contains "$RESULTS/pi-pppd.log" "$PPPD25_PROOF" \
			"pppd $want ran the plugin built for it"
	else
		assert_file_contains "$RESULTS/pi-pppd.log" "Plugin $PLUGIN loaded." \
			"pppd $want loaded the plugin built for it"
	fi
}
