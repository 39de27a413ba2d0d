# SPDX-License-Identifier: GPL-2.0-or-later
#
# What "make install" puts on a machine besides the programs: the LTEPi's
# peer file, the modem helper's configuration, the systemd units and the
# name of ltepi's routing protocol.  (The firewall profiles are installed by
# plugin/firewall.mk.)
#
# The peer file and modem.conf are configuration the administrator edits:
# they are installed only when absent; otherwise the new version goes next
# to them as NAME.dist and make says so, as dpkg does with NAME.dpkg-dist.
# "make uninstall" removes them only when they are unchanged.

rtprotosdir = $(sysconfdir)/iproute2/rt_protos.d
rtprotos_DATA = examples/rt_protos.d/ltepi.conf

# systemdsystemunitdir: from systemd.pc, or --with-systemdsystemunitdir.
dist_systemdsystemunit_DATA = systemd/ltepi@.service
ltepi2dropindir = $(systemdsystemunitdir)/ltepi@ltepi2.service.d
ltepi2dropin_DATA = systemd/ltepi@ltepi2.service.d/modem-power.conf
ltepidropindir = $(systemdsystemunitdir)/ltepi@.service.d
if SYSTEMD_RESTART_STEPS
ltepidropin_DATA = systemd/ltepi@.service.d/backoff.conf
endif
EXTRA_DIST += systemd/ltepi@.service.d/backoff.conf

# Switches the modem on at boot for every way pppd may be started.
systemdsystemunit_DATA = systemd/ltepi-modem-power.service
systemd/ltepi-modem-power.service: \
		$(srcdir)/systemd/ltepi-modem-power.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/systemd/ltepi-modem-power.service.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += systemd/ltepi-modem-power.service
EXTRA_DIST += systemd/ltepi-modem-power.service.in

# The SMS wake-up listener (ltepi-modem(8), SMS WAKE-UP) and the two
# drop-ins of the port hand-over with ltepi@.service.
systemdsystemunit_DATA += systemd/ltepi-sms@.service
ltepismsdropindir = $(systemdsystemunitdir)/ltepi-sms@.service.d
dist_ltepismsdropin_DATA = systemd/ltepi-sms@.service.d/single-port.conf
smshandoverdir = $(systemdsystemunitdir)/ltepi@.service.d
dist_smshandover_DATA = systemd/ltepi@.service.d/sms.conf
systemd/ltepi-sms@.service: $(srcdir)/systemd/ltepi-sms@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/systemd/ltepi-sms@.service.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += systemd/ltepi-sms@.service
EXTRA_DIST += systemd/ltepi-sms@.service.in

# The drop-in names ltepi-modem by its installed path.
systemd/ltepi@ltepi2.service.d/modem-power.conf: \
		$(srcdir)/systemd/ltepi@ltepi2.service.d/modem-power.conf.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SED) -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/systemd/ltepi@ltepi2.service.d/modem-power.conf.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += systemd/ltepi@ltepi2.service.d/modem-power.conf
EXTRA_DIST += systemd/ltepi@ltepi2.service.d/modem-power.conf.in

# SOURCE DESTINATION: install SOURCE (0644) as DESTINATION unless that
# exists and differs, in which case as DESTINATION.dist.
install_config = \
	install_config() { \
		if test -e "$$2" && ! cmp -s "$$1" "$$2"; then \
			$(INSTALL_DATA) "$$1" "$$2.dist" && \
			echo "  $$2 exists and was changed: new version in $$2.dist"; \
		else \
			$(INSTALL_DATA) "$$1" "$$2"; \
		fi; \
	}

peersdir = $(sysconfdir)/ppp/peers
ltepiconfdir = $(sysconfdir)/ppp/ltepi
EXTRA_DIST += peers/ltepi2

install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(peersdir)' '$(DESTDIR)$(ltepiconfdir)'
	@$(install_config); \
	install_config '$(srcdir)/peers/ltepi2' '$(DESTDIR)$(peersdir)/ltepi2' && \
	install_config '$(srcdir)/examples/modem.conf' '$(DESTDIR)$(ltepiconfdir)/modem.conf'

uninstall-local:
	rm -f '$(DESTDIR)$(peersdir)/ltepi2.dist' '$(DESTDIR)$(ltepiconfdir)/modem.conf.dist'
	! cmp -s '$(srcdir)/peers/ltepi2' '$(DESTDIR)$(peersdir)/ltepi2' || \
		rm -f '$(DESTDIR)$(peersdir)/ltepi2'
	! cmp -s '$(srcdir)/examples/modem.conf' '$(DESTDIR)$(ltepiconfdir)/modem.conf' || \
		rm -f '$(DESTDIR)$(ltepiconfdir)/modem.conf'

# "make install" into a scratch root, checked on the host.
TESTS += peers/install.sh peers/units-verify.sh
EXTRA_DIST += peers/install.sh peers/units-verify.sh doc/boot.md examples/README.md \
	examples/peers/ltepi2-lan-server examples/peers/pppoe-beside-v6plus \
	examples/peers/3g-restricted examples/peers/vpn-fixed-ip \
	examples/hooks.d/10-ddns
