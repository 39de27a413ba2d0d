# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi.so: a thin pppd adapter (plugin.c, plugin-options.c, pppd-compat.h)
# over plain modules collected in libltepi-core.la, which the unit tests link
# too (with log-stderr.c instead of log-pppd.c).

noinst_LTLIBRARIES += plugin/libltepi-core.la
plugin_libltepi_core_la_SOURCES = \
	plugin/log.h \
	plugin/options.c plugin/options.h \
	plugin/nft.c plugin/nft.h \
	plugin/nft-replay.c plugin/nft-replay-io.c plugin/nft-replay.h \
	plugin/nft-replay-int.h \
	plugin/nft-msg.c plugin/nft-msg.h \
	plugin/nlmon.c plugin/nlmon.h \
	plugin/nft-watch.c plugin/nft-watch.h \
	plugin/guard.c plugin/guard.h \
	plugin/addrclass.c plugin/addrclass.h \
	plugin/options-linkcheck.c \
	plugin/linkcheck.c plugin/linkcheck.h \
	plugin/probe.c plugin/probe.h \
	plugin/stun.c plugin/stun.h \
	plugin/reach.c plugin/reach.h \
	plugin/options-reach.c \
	plugin/hooks.c plugin/hooks.h
plugin_libltepi_core_la_CFLAGS = $(AM_CFLAGS) -fPIC -fvisibility=hidden \
	$(NFT_CFLAGS)
plugin_libltepi_core_la_LIBADD = lib/libltepi-shared.la $(NFT_LIBS)

plugin_LTLIBRARIES += plugin/ltepi.la
plugin_ltepi_la_SOURCES = \
	plugin/plugin.c plugin/plugin.h \
	plugin/plugin-options.c \
	plugin/plugin-srcroute.c \
	plugin/plugin-firewall.c \
	plugin/plugin-reach.c \
	plugin/plugin-linkcheck.c \
	plugin/plugin-state.c \
	plugin/plugin-hooks.c \
	plugin/plugin-journal.c \
	plugin/pppd-compat.h \
	plugin/log-pppd.c
plugin_ltepi_la_CPPFLAGS = $(AM_CPPFLAGS) $(PPPD_CFLAGS)
plugin_ltepi_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden -Wno-write-strings
plugin_ltepi_la_LIBADD = plugin/libltepi-core.la
# pppd resolves the plugin's references to its own symbols at dlopen time, so
# no -z defs; only the two entry points pppd looks up are exported.
plugin_ltepi_la_LDFLAGS = -module -avoid-version -shared \
	-export-symbols-regex '^(plugin_init|pppd_version)$$'

# Tests and tools link the core with the stderr logger.
noinst_LTLIBRARIES += plugin/liblog-stderr.la
plugin_liblog_stderr_la_SOURCES = plugin/log-stderr.c


# Feature modules keep their own sources and tests in their fragments.
include plugin/srcroute.mk
include plugin/firewall.mk
