# SPDX-License-Identifier: GPL-2.0-or-later
#
# The product as a user runs it, in the VM (tests/vm/README.md): the files
# "make install" puts in place (each test installs into its own staging root
# under tests/vm/product-stage), "pon ltepi2" against the modem simulator,
# redials, the examples, bad configurations.  lib-product.sh holds the
# helpers they share.  LTEPI_PRODUCT_DROPS (default 10) sets how many times
# the ISP hangs up in product-persist.sh.  With LTEPI_DEB=path/to/the.deb
# (tools/deb) they install that package instead of make install's files;
# product-deb-upgrade.sh needs it (and skips without).  A package for
# another pppd is refused before the VM boots.  The same scenarios from the
# trixie package in the trixie root: pppd25.mk (LTEPI_TRIXIE_DEB).

EXTRA_DIST += tests/vm/lib-product.sh tests/vm/lib-sms.sh

# The refusal of a package built for another pppd, without a VM.
TESTS += tests/vm/product-deb-abi.sh
EXTRA_DIST += tests/vm/product-deb-abi.sh

vm_tests += tests/vm/product-pon.sh
vm_tests += tests/vm/product-persist.sh
vm_tests += tests/vm/product-3g.sh
vm_tests += tests/vm/product-bad-config.sh
vm_tests += tests/vm/product-pppoe.sh
vm_tests += tests/vm/product-linkcheck.sh
vm_tests += tests/vm/product-deb-upgrade.sh
vm_tests += tests/vm/product-sms.sh
vm_tests += tests/vm/product-sms-two-ports.sh
vm_tests += tests/vm/product-sms-systemd.sh

clean-local: clean-product-stage
clean-product-stage:
	rm -rf $(top_builddir)/tests/vm/product-stage
.PHONY: clean-product-stage
