# SPDX-License-Identifier: GPL-2.0-or-later
#
# VM scenarios run against Debian trixie's real pppd 2.5.2 (doc/portability.md):
# each pppd25-*.sh runs an existing scenario unchanged, chrooted into the
# trixie root of tools/trixie-rootfs.sh.  Only a build configured
# --with-pppd=<trixie ppp-dev root> lists them in TESTS (a 2.4 build would
# only skip them); run them there with `make check-pppd25` (the other VM
# tests expect the host's pppd 2.4.9).

pppd25_tests = \
	tests/vm/pppd25-plugin-load.sh \
	tests/vm/pppd25-srcroute.sh \
	tests/vm/pppd25-srcroute-inbound.sh \
	tests/vm/pppd25-srcroute-env.sh \
	tests/vm/pppd25-srcroute-ipv6.sh \
	tests/vm/pppd25-srcroute-udp.sh \
	tests/vm/pppd25-srcroute-two-links.sh \
	tests/vm/pppd25-srcroute-restart.sh \
	tests/vm/pppd25-firewall.sh \
	tests/vm/pppd25-firewall-profile.sh \
	tests/vm/pppd25-firewall-timing.sh \
	tests/vm/pppd25-firewall-bad-profile.sh \
	tests/vm/pppd25-firewall-fail-closed.sh \
	tests/vm/pppd25-guard-srcroute.sh \
	tests/vm/pppd25-guard-firewall.sh \
	tests/vm/pppd25-guard-firewall-watch.sh \
	tests/vm/pppd25-reach-notice.sh \
	tests/vm/pppd25-reach-stun.sh \
	tests/vm/pppd25-linkcheck.sh \
	tests/vm/pppd25-linkcheck-demand.sh

# The product scenarios from the trixie package, installed by dpkg in the
# trixie root: LTEPI_TRIXIE_DEB=path/to/ltepi_VERSION_amd64.deb (tools/deb
# -r trixie); they skip without it.  The plugin is the package's, so any
# build runs them: `make check-pppd25-deb LTEPI_TRIXIE_DEB=...`, as the
# deb-trixie cell of tools/matrix does (not CI: tools/check).
pppd25_deb_tests = \
	tests/vm/pppd25-product-pon.sh \
	tests/vm/pppd25-product-persist.sh \
	tests/vm/pppd25-product-3g.sh \
	tests/vm/pppd25-product-pppoe.sh \
	tests/vm/pppd25-product-deb-upgrade.sh \
	tests/vm/pppd25-product-bad-config.sh \
	tests/vm/pppd25-product-linkcheck.sh \
	tests/vm/pppd25-product-sms.sh \
	tests/vm/pppd25-vpn-over-lte.sh
if PPPD_25
vm_tests += $(pppd25_tests) $(pppd25_deb_tests)
endif
EXTRA_DIST += $(pppd25_tests) $(pppd25_deb_tests) tests/vm/pppd25-lib.sh doc/portability.md

# Their refusals, and those of the tools, without a VM.
TESTS += tests/vm/pppd25-host.sh
EXTRA_DIST += tests/vm/pppd25-host.sh tests/vm/lib-check.sh

check-pppd25:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(pppd25_tests)'
check-pppd25-deb:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(pppd25_deb_tests)'
.PHONY: check-pppd25 check-pppd25-deb
