# SPDX-License-Identifier: GPL-2.0-or-later
#
# Firewall profiles: parser (profile.c), nftables rendering and apply/remove
# (firewall.c), a small CLI for humans and benchmarks, their tests, the
# shipped profiles and the format's man page.

plugin_libltepi_core_la_SOURCES += \
	plugin/profile.c plugin/profile.h \
	plugin/firewall.c plugin/firewall.h \
	plugin/firewall-portset.c plugin/firewall-portset.h

# Not installed: a tool to check and render profiles and to time applies.
noinst_PROGRAMS += plugin/ltepi-firewall
plugin_ltepi_firewall_SOURCES = plugin/firewall-cli.c
plugin_ltepi_firewall_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

# The page in the source tree names the profiles directory as a
# --sysconfdir=/etc build has it (what distribution packages install and
# readers of the repository see); the installed page names this build's.
# Installed as ltepi-firewall.5: man5_MANS gives the section.
nodist_man5_MANS = man/ltepi-firewall.man
EXTRA_DIST += man/ltepi-firewall.5
CLEANFILES += man/ltepi-firewall.man
man/ltepi-firewall.man: man/ltepi-firewall.5 Makefile
	$(AM_V_GEN)$(MKDIR_P) man && \
	dir=`printf '%s\n' '$(sysconfdir)' | $(SED) 's/-/\\\\-/g'` && \
	$(SED) -e "s|/etc/ppp/ltepi/|$$dir/ppp/ltepi/|g" \
		$(srcdir)/man/ltepi-firewall.5 >$@.tmp && \
	mv $@.tmp $@

# The shipped profiles only ever close ports, so they go where
# "firewall-profile NAME" finds them (the same directory profile.h names).
fwprofiledir = $(sysconfdir)/ppp/ltepi/firewall
dist_fwprofile_DATA = examples/firewall/deny-all examples/firewall/ssh \
	examples/firewall/web

# The plugin refuses a profile if any directory above it is writable by
# group or others, and make install's directories follow the umask (002 is
# common).  So, once everything is in place: the profiles directory 0755,
# the profiles 0644, and no group or other write on ppp/ltepi and ppp
# (pppd itself runs what files there name).  Directories further up belong
# to the system: make only warns about them.
install-data-hook: install-fwprofile-modes
install-fwprofile-modes:
	chmod 0755 '$(DESTDIR)$(fwprofiledir)'
	for f in $(dist_fwprofile_DATA); do \
		chmod 0644 "$(DESTDIR)$(fwprofiledir)/$${f##*/}" || exit 1; \
	done
	chmod go-w '$(DESTDIR)$(sysconfdir)/ppp/ltepi' '$(DESTDIR)$(sysconfdir)/ppp'
	@d='$(DESTDIR)$(sysconfdir)'; while :; do \
		case `stat -L -c %A "$$d"` in \
		d????????[tT]) ;; \
		d????w????|d???????w?) \
			echo "  warning: $$d is writable by group or others;" \
				"the plugin refuses profiles below it: chmod go-w $$d";; \
		esac; \
		test "$$d" != / || break; \
		d=`dirname "$$d"`; \
	done
.PHONY: install-fwprofile-modes

FW_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin \
	-DEXAMPLES_DIR='"$(abs_top_srcdir)/examples/firewall"' \
	-DGOLDEN_DIR='"$(abs_top_srcdir)/tests/unit/firewall-golden"'
FW_UNIT_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

check_PROGRAMS += tests/unit/test-profile tests/unit/test-firewall-render \
	tests/ns/firewall-nft tests/ns/firewall-icmp tests/ns/firewall-replay \
	tests/unit/test-nft-replay
tests_unit_test_profile_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_unit_test_profile_LDADD = $(FW_UNIT_LDADD)
tests_unit_test_firewall_render_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_unit_test_firewall_render_LDADD = $(FW_UNIT_LDADD)
tests_ns_firewall_nft_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_ns_firewall_nft_LDADD = $(FW_UNIT_LDADD)
tests_ns_firewall_replay_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_ns_firewall_replay_LDADD = $(FW_UNIT_LDADD)
tests_unit_test_nft_replay_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_unit_test_nft_replay_LDADD = $(FW_UNIT_LDADD)
tests_ns_firewall_icmp_SOURCES = tests/ns/firewall-icmp.c

TESTS += tests/unit/test-profile tests/unit/test-firewall-render \
	tests/unit/test-nft-replay \
	tests/ns/firewall-nft tests/ns/firewall-replay \
	tests/ns/firewall-traffic.sh tests/unit/firewall-install.sh
EXTRA_DIST += tests/ns/firewall-traffic.sh bench/firewall-apply.sh \
	tests/unit/firewall-install.sh \
	tests/unit/firewall-golden/edge \
	tests/unit/firewall-golden/deny-all.nft \
	tests/unit/firewall-golden/ssh.nft \
	tests/unit/firewall-golden/web.nft \
	tests/unit/firewall-golden/edge.nft \
	tests/unit/firewall-golden/ports \
	tests/unit/firewall-golden/ports.nft
