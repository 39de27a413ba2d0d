# SPDX-License-Identifier: GPL-2.0-or-later
#
# Source routing (srcroute.h): libnl-route-3 rules and routes, plus the
# connmark nftables table. Unit tests need no privileges; the ns test runs
# each case in a fresh network namespace and skips without root.

plugin_libltepi_core_la_SOURCES += \
	plugin/srcroute.c plugin/srcroute.h \
	plugin/srcroute-nft.c plugin/srcroute-nft.h

EXTRA_DIST += examples/rt_protos.d/ltepi.conf doc/srcroute.md

SRCROUTE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin
SRCROUTE_TEST_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

check_PROGRAMS += tests/unit/test-srcroute
tests_unit_test_srcroute_SOURCES = tests/unit/test-srcroute.c
tests_unit_test_srcroute_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_unit_test_srcroute_LDADD = $(SRCROUTE_TEST_LDADD)
TESTS += tests/unit/test-srcroute

check_PROGRAMS += tests/ns/srcroute-ns
tests_ns_srcroute_ns_SOURCES = tests/ns/srcroute-ns.c
tests_ns_srcroute_ns_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_ns_srcroute_ns_LDADD = $(SRCROUTE_TEST_LDADD)
TESTS += tests/ns/srcroute-ns
