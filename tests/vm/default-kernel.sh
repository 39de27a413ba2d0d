# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by tests/vm/run.sh and tools/build-gpio-sim.sh, which must agree
# on the kernel the VM boots when LTEPI_VM_KERNEL is unset.

# The newest Debian kernel whose modules are installed: the guest loads PPP,
# veth and nftables modules from the host's /lib/modules.
vm_default_kernel() {
	for image in $(printf '%s\n' /boot/vmlinuz-* | sort -rV); do
		version=${image#/boot/vmlinuz-}
		if [ -r "$image" ] && [ -f "/lib/modules/$version/modules.dep" ]; then
			echo "$version"
			return 0
		fi
	done
	return 1
}
