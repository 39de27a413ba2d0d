# SPDX-License-Identifier: GPL-2.0-or-later
#
# Firewall profiles: parser (profile.c), nftables rendering and apply/remove
# (firewall.c), a small CLI for humans and benchmarks, their tests, the
# shipped profiles and the format's man page.

plugin_libltepi_core_la_SOURCES += \
	plugin/profile.c plugin/profile.h \
	plugin/firewall.c plugin/firewall.h

# Not installed: a tool to check and render profiles and to time applies.
noinst_PROGRAMS += plugin/ltepi-firewall
plugin_ltepi_firewall_SOURCES = plugin/firewall-cli.c
plugin_ltepi_firewall_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

dist_man_MANS += man/ltepi-firewall.5

# The shipped profiles only ever close ports, so they go where
# "firewall-profile NAME" finds them (the same directory profile.h names).
fwprofiledir = $(sysconfdir)/ppp/ltepi/firewall
dist_fwprofile_DATA = examples/firewall/deny-all examples/firewall/ssh \
	examples/firewall/web

FW_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin \
	-DEXAMPLES_DIR='"$(abs_top_srcdir)/examples/firewall"' \
	-DGOLDEN_DIR='"$(abs_top_srcdir)/tests/unit/firewall-golden"'
FW_UNIT_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

check_PROGRAMS += tests/unit/test-profile tests/unit/test-firewall-render \
	tests/ns/firewall-nft
tests_unit_test_profile_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_unit_test_profile_LDADD = $(FW_UNIT_LDADD)
tests_unit_test_firewall_render_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_unit_test_firewall_render_LDADD = $(FW_UNIT_LDADD)
tests_ns_firewall_nft_CPPFLAGS = $(FW_UNIT_CPPFLAGS)
tests_ns_firewall_nft_LDADD = $(FW_UNIT_LDADD)

TESTS += tests/unit/test-profile tests/unit/test-firewall-render \
	tests/ns/firewall-nft tests/ns/firewall-traffic.sh
EXTRA_DIST += tests/ns/firewall-traffic.sh bench/firewall-apply.sh \
	tests/unit/firewall-golden/edge \
	tests/unit/firewall-golden/deny-all.nft \
	tests/unit/firewall-golden/ssh.nft \
	tests/unit/firewall-golden/web.nft \
	tests/unit/firewall-golden/edge.nft
