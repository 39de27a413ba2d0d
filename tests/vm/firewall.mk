# SPDX-License-Identifier: GPL-2.0-or-later
#
# The link's firewall with real pppd on a real kernel PPP link
# (tests/vm/README.md): what a profile lets through, that the table is loaded
# before any NCP packet, its life across poff and persist redials, broken
# profiles stopping pppd before it dials, failing closed when the kernel
# refuses the table, and coexistence with ufw.  lib-firewall.sh holds the
# helpers they share.

EXTRA_DIST += tests/vm/lib-firewall.sh

vm_tests += tests/vm/firewall-profile.sh
vm_tests += tests/vm/firewall-timing.sh
vm_tests += tests/vm/firewall-lifecycle.sh
vm_tests += tests/vm/firewall-bad-profile.sh
vm_tests += tests/vm/firewall-fail-closed.sh
vm_tests += tests/vm/firewall-ufw.sh
vm_tests += tests/vm/guard-firewall.sh

# The fallback for kernels without nftables' owner flag, forced by a shim.
check_LTLIBRARIES += tests/vm/libnft-no-owner.la
tests_vm_libnft_no_owner_la_SOURCES = tests/vm/nft-no-owner.c
tests_vm_libnft_no_owner_la_LDFLAGS = -module -avoid-version -shared \
	-rpath /nowhere
tests_vm_libnft_no_owner_la_LIBADD = -ldl
vm_tests += tests/vm/guard-firewall-watch.sh
