#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build (or reuse) the VM's initramfs: busybox-static, the modules needed to
# reach the host root over virtio-9p, and tests/vm/init.  Everything else the
# guest runs comes from the host root, so the archive stays around 3 MB and is
# left uncompressed (decompressing under TCG costs more than reading it).
#
# The archive is keyed by a hash of its inputs and published by rename, so
# parallel test runs either reuse it or race harmlessly to create the same file.
#
#	mkinitramfs.sh KERNEL_VERSION CACHE_DIR [MODULE_DIR]	-> prints the archive's path
#
# MODULE_DIR, .../lib/modules/KERNEL_VERSION, takes the modules from a
# kernel other than the host's installed ones (tools/fetch-kernel.sh).

set -eu

kver=$1
cache=$2
moddir=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox
# The 9p root mount needs these; modprobe resolves their dependencies (virtio,
# netfs, fscache) and their order, and says which ones are built in.
roots="virtio_pci 9pnet_virtio 9p"

# modprobe -d BASE reads BASE/lib/modules/KERNEL_VERSION.
module_paths() {
	modprobe ${moddir:+-d "${moddir%/lib/modules/*}"} -S "$kver" --show-depends -a $roots |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

mkdir -p "$cache"
key=$({
	echo "$kver"
	module_paths
	"$busybox" | head -n 1
	cat "$here/init" "$0"
} | sha256sum | cut -c 1-16)
out=$cache/initramfs-$kver-$key.cpio
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

stage=$(mktemp -d "$cache/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/modules" "$stage/proc" "$stage/sys" \
	"$stage/dev" "$stage/root"
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$stage/bin/$applet"
done
cp "$here/init" "$stage/init"
chmod 0755 "$stage/init"

# insmod cannot read compressed modules, so they are stored plain, in load order.
n=0
for path in $(module_paths); do
	n=$((n + 1))
	dest=$stage/modules/$(printf '%02d' $n)-$(basename "${path%%.ko*}").ko
	case $path in
	*.ko) cp "$path" "$dest" ;;
	*.ko.xz) xz -dc "$path" >"$dest" ;;
	*.ko.zst) zstd -qdc "$path" >"$dest" ;;
	*.ko.gz) gzip -dc "$path" >"$dest" ;;
	*) echo "mkinitramfs: unknown module format: $path" >&2; exit 1 ;;
	esac
done

(cd "$stage" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$stage.cpio"
mv -f "$stage.cpio" "$out"
echo "$out"
