# SPDX-License-Identifier: GPL-2.0-or-later
#
# Source routing (srcroute.h): rules and routes over raw rtnetlink
# (srcroute-nl.c), plus the connmark nftables table. Unit tests need no
# privileges; the ns test runs each case in a fresh network namespace and
# skips without root.

plugin_libltepi_core_la_SOURCES += \
	plugin/srcroute.c plugin/srcroute.h plugin/srcroute-int.h \
	plugin/srcroute-req.c plugin/srcroute-sweep.c \
	plugin/srcroute-ipv6.c plugin/srcroute-guard.c \
	plugin/srcroute-nl.c plugin/srcroute-nl.h \
	plugin/srcroute-spec.c plugin/srcroute-spec.h \
	plugin/srcroute-removed.c plugin/srcroute-removed.h \
	plugin/srcroute-env.c plugin/srcroute-env.h \
	plugin/srcroute-nft.c plugin/srcroute-nft.h

EXTRA_DIST += examples/rt_protos.d/ltepi.conf doc/srcroute.md tests/ns/ns.h

SRCROUTE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin
SRCROUTE_TEST_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

check_PROGRAMS += tests/unit/test-srcroute
tests_unit_test_srcroute_SOURCES = tests/unit/test-srcroute.c
tests_unit_test_srcroute_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_unit_test_srcroute_LDADD = $(SRCROUTE_TEST_LDADD)
TESTS += tests/unit/test-srcroute

check_PROGRAMS += tests/unit/test-srcroute-removed
tests_unit_test_srcroute_removed_SOURCES = tests/unit/test-srcroute-removed.c
tests_unit_test_srcroute_removed_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_unit_test_srcroute_removed_LDADD = $(SRCROUTE_TEST_LDADD)
TESTS += tests/unit/test-srcroute-removed

check_PROGRAMS += tests/ns/srcroute-ns
tests_ns_srcroute_ns_SOURCES = tests/ns/srcroute-ns.c
tests_ns_srcroute_ns_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_ns_srcroute_ns_LDADD = $(SRCROUTE_TEST_LDADD)
TESTS += tests/ns/srcroute-ns

# Every netlink request srcroute makes, made to fail in turn (link-time
# wrapping of srcroute-nl.h); the asan step runs it under AddressSanitizer.
check_PROGRAMS += tests/ns/srcroute-fault
tests_ns_srcroute_fault_SOURCES = tests/ns/srcroute-fault.c
tests_ns_srcroute_fault_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS)
tests_ns_srcroute_fault_LDADD = $(SRCROUTE_TEST_LDADD)
tests_ns_srcroute_fault_LDFLAGS = -Wl,--wrap=rtnl_batch \
	-Wl,--wrap=rtnl_dump -Wl,--wrap=rtnl_ifindex \
	-Wl,--wrap=rtnl_open -Wl,--wrap=rtnl_open_monitor \
	-Wl,--wrap=rtnl_subscribe
TESTS += tests/ns/srcroute-fault
