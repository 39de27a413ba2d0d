#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Print the kernel image the VM should boot: an uncompressed ELF vmlinux
# extracted (once, into the cache) from /boot/vmlinuz-KVER, or the vmlinuz
# itself when that is not possible.  Under TCG the kernel's own decompressor
# costs about 3.5 s of a 6.5 s boot; QEMU boots the ELF directly through its
# PVH entry point (CONFIG_PVH, set in Debian's kernels).
#
#	mkvmlinux.sh KERNEL_VERSION CACHE_DIR [IMAGE CONFIG]	-> prints the image's path
#
# IMAGE and CONFIG default to /boot/vmlinuz-KERNEL_VERSION and its
# /boot/config-; a fetched kernel (tools/fetch-kernel.sh) names its own.

set -eu

kver=$1
cache=$2
image=${3:-/boot/vmlinuz-$kver}
config=${4:-/boot/config-$kver}
out=$cache/vmlinux-$kver-$(stat -c %s-%Y "$image")

if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi
grep -q '^CONFIG_PVH=y' "$config" 2>/dev/null || {
	echo "$image"
	exit 0
}

# The payload starts at the first magic number of its compressor.
extract() { # MAGIC DECOMPRESSOR...
	magic=$1
	shift
	offset=$(LC_ALL=C grep -abo -m 1 "$magic" "$image" | head -n 1 | cut -d : -f 1)
	[ -n "$offset" ] || return 1
	tail -c +$((offset + 1)) "$image" | "$@" 2>/dev/null
}

# gzip exits 2 on the data trailing the payload.
gunzip_payload() {
	gzip -dc || [ $? = 2 ]
}

# zstd exits 1 on it ("unsupported format"), as on a broken frame; the ELF
# check below tells the two apart.
unzstd_payload() {
	zstd -qdc || [ $? = 1 ]
}

mkdir -p "$cache"
tmp=$(mktemp "$cache/vmlinux.XXXXXX")
trap 'rm -f "$tmp"' EXIT
for format in xz zstd gzip; do
	case $format in
	xz) extract "$(printf '\3757zXZ')" xz -dc --single-stream ;;
	zstd) extract "$(printf '\050\265\057\375')" unzstd_payload ;;
	gzip) extract "$(printf '\037\213\010')" gunzip_payload ;;
	esac >"$tmp" || continue
	if [ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		mv -f "$tmp" "$out"
		echo "$out"
		exit 0
	fi
done
echo "$image"
