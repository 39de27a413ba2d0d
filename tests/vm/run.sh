#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Host side of the VM test bed: boot the host's Debian kernel under QEMU (TCG)
# with a busybox initramfs, run one command inside, chrooted into the host
# root, and exit with its status.  Used by every tests/vm/*.sh test (through
# vm_enter in lib.sh) and by hand for debugging:
#
#	run.sh [-t SECONDS] [-k] -- COMMAND [ARG...]	one-off command
#	run.sh [-k] -i [-- COMMAND [ARG...]]		interactive (default: bash)
#
# -t: kill a hung guest after SECONDS (default $LTEPI_VM_TIMEOUT or 300)
# -i: the command (default: bash) gets the console; no timeout
# -k: keep the per-run results directory (pppd logs, console) and say where
#
# Exit status: the guest command's (0 pass, 77 skip, 99 hard error, else
# fail); 77 when this machine cannot run the VM; 99 when the VM itself fails
# (no status came back, timeout), with the tail of the console.
#
# LTEPI_VM_KERNEL=DIR boots another kernel, DIR being its module directory
# (.../lib/modules/VERSION with vmlinuz, config and modules.dep, as
# tools/fetch-kernel.sh prints it); the guest then loads modules from there.
#
# Each run gets a fresh results directory, shared read-write with the guest
# (/run/ltepi-vm there), so runs in parallel share nothing but the initramfs
# cache ($LTEPI_VM_CACHE, default $top_builddir/tests/vm/cache).

set -eu

here=$(cd "$(dirname "$0")" && pwd)
timeout=${LTEPI_VM_TIMEOUT:-300}
keep=false
interactive=false

usage() {
	echo "usage: $0 [-t SECONDS] [-k] -- COMMAND [ARG...] | $0 [-k] -i [-- COMMAND...]" >&2
	exit 99
}

skip() {
	echo "SKIP: $*"
	exit 77
}

while getopts t:ki opt; do
	case $opt in
	t) timeout=$OPTARG ;;
	k) keep=true ;;
	i) interactive=true ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || $interactive || usage

[ "$(id -u)" = 0 ] || skip "the VM tests need root (9p export of /)"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
	skip "no static /bin/busybox (apt-get install busybox-static)"
fi
command -v cpio >/dev/null || skip "cpio missing (apt-get install cpio)"

. "$(dirname "$0")/default-kernel.sh"
# LTEPI_VM_KERNEL names another kernel's module directory (vmlinuz, config,
# modules, modules.dep: tools/fetch-kernel.sh prints one) to boot instead.
moddir=
if [ -n "${LTEPI_VM_KERNEL:-}" ]; then
	moddir=$(cd "$LTEPI_VM_KERNEL" 2>/dev/null && pwd -P) &&
		[ -f "$moddir/vmlinuz" ] && [ -f "$moddir/modules.dep" ] || {
		echo "ERROR: LTEPI_VM_KERNEL=$LTEPI_VM_KERNEL is no kernel module directory" \
			"with vmlinuz and modules.dep (tools/fetch-kernel.sh prints one)"
		exit 99
	}
	kver=${moddir##*/}
else
	kver=$(vm_default_kernel) ||
		skip "no readable /boot/vmlinuz-* with matching /lib/modules (apt-get install linux-image-amd64)"
fi

builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
srcdir_top=${top_srcdir:-$(cd "$here/../.." && pwd)}
# The guest sees the host's files except where it mounts its own (a fresh
# /tmp and /run): a tree cloned there is shared into the guest at the same
# path, its top directory below /tmp or /run (e.g. /tmp/ltepi), one 9p
# share each.
trees=
for dir in "$(pwd)" "$builddir" "$srcdir_top"; do
	dir=$(cd "$dir" && pwd -P)
	case $dir/ in
	/dev/* | /proc/* | /sys/*)
		echo "ERROR: $dir is hidden in the VM (fresh /dev, /proc, /sys); build elsewhere"
		exit 99
		;;
	/tmp/?* | /run/?*)
		tree=$(echo "$dir" | cut -d/ -f1-3)
		case " $trees " in *" $tree "*) ;; *) trees="$trees $tree" ;; esac
		;;
	esac
done
cache=${LTEPI_VM_CACHE:-$builddir/tests/vm/cache}
if ! kernel=$("$here/mkvmlinux.sh" "$kver" "$cache" \
	${moddir:+"$moddir/vmlinuz" "$moddir/config"}) ||
	! initrd=$("$here/mkinitramfs.sh" "$kver" "$cache" ${moddir:+"$moddir"}); then
	echo "ERROR: preparing the kernel or the initramfs in $cache failed"
	exit 99
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/ltepi-vm.XXXXXX")
cleanup() {
	if $keep; then
		echo "# results kept in $results"
	else
		rm -rf "$results"
	fi
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

# The job: the caller's directory and test environment, then the command.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
{
	echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
	echo 'export LTEPI_VM_GUEST=1 LTEPI_VM_RESULTS=/run/ltepi-vm HOME=/tmp'
	for var in top_srcdir top_builddir srcdir TERM $(env | sed -n 's/^\(LTEPI_[A-Za-z0-9_]*\)=.*/\1/p'); do
		eval "isset=\${$var+x}"
		[ -z "$isset" ] || echo "export $var=$(eval quote "\"\$$var\"")"
	done
	echo "cd $(quote "$(pwd)") || exit 99"
	if [ $# -gt 0 ]; then
		printf 'exec'
		for arg; do printf ' %s' "$(quote "$arg")"; done
		echo
	else
		echo 'exec /bin/bash -i'
	fi
} >"$results/job"
$interactive && : >"$results/interactive"
: >"$results/trees"
for tree in $trees; do
	echo "$tree" >>"$results/trees"
done
[ -z "$moddir" ] || echo "${moddir%/*}" >"$results/kernel-modules"

# The job is written; the positional parameters now become QEMU's command.
set -- qemu-system-x86_64 -accel tcg -cpu max -smp "${LTEPI_VM_SMP:-1}" \
	-m "${LTEPI_VM_MEM:-512}" -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet panic=-1 rdinit=/init" \
	-virtfs local,path=/,mount_tag=ltepi-root,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$results,mount_tag=ltepi-results,security_model=none,multidevs=remap"
n=0
for tree in $trees; do
	set -- "$@" -virtfs \
		"local,path=$tree,mount_tag=ltepi-tree$n,security_model=none,multidevs=remap"
	n=$((n + 1))
done

start=$(date +%s.%N)
rc=0
if $interactive; then
	"$@" || rc=$?
else
	timeout -k 10 "$timeout" "$@" </dev/null >"$results/console" 2>&1 || rc=$?
fi
end=$(date +%s.%N)

console_tail() {
	[ -f "$results/console" ] || return 0
	echo "# console tail:"
	tail -n 40 "$results/console" | sed 's/^/# /'
}

[ ! -f "$results/output" ] || cat "$results/output"
echo "# vm: kernel $kver, boot to job $(cat "$results/uptime-at-job" 2>/dev/null || echo ?) s," \
	"whole run $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "ERROR: the VM did not finish within $timeout s"
	console_tail
	exit 99
fi
if [ ! -s "$results/status" ]; then
	echo "ERROR: the VM ended (qemu status $rc) without the job's status"
	console_tail
	exit 99
fi
exit "$(cat "$results/status")"
