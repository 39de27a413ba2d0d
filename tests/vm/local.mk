# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM test bed: a real Debian kernel with PPP, booted by QEMU (TCG).  Each
# tests/vm/*.sh test boots its own VM (see tests/vm/README.md); the initramfs
# is cached in tests/vm/cache.

vm_tests = \
	tests/vm/runner.sh \
	tests/vm/link.sh \
	tests/vm/plugin-load.sh \
	tests/vm/reach-notice.sh \
	tests/vm/reach-stun.sh \
	tests/vm/status.sh \
	tests/vm/demo.sh
# Feature areas add their scenarios to vm_tests in their own fragments.
include tests/vm/srcroute.mk
include tests/vm/firewall.mk
include tests/vm/product.mk
include tests/vm/linkcheck.mk
include tests/vm/pppd25.mk
include tests/vm/vpn.mk
include tests/vm/power.mk
TESTS += $(vm_tests)
EXTRA_DIST += $(vm_tests) \
	tests/vm/README.md \
	tests/vm/default-kernel.sh \
	tests/vm/init \
	tests/vm/lib.sh \
	tests/vm/mkinitramfs.sh \
	tests/vm/mkvmlinux.sh \
	tests/vm/run.sh

clean-local: clean-vm-cache
clean-vm-cache:
	rm -rf $(top_builddir)/tests/vm/cache
.PHONY: clean-vm-cache
