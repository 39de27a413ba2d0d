# SPDX-License-Identifier: GPL-2.0-or-later
#
# Source routing (srcroute.h): libnl-route-3 rules and routes, plus the
# connmark nftables table. Unit tests need no privileges; the ns test runs
# each case in a fresh network namespace and skips without root.

plugin_libltepi_core_la_SOURCES += \
	plugin/srcroute.c plugin/srcroute.h \
	plugin/srcroute-nft.c plugin/srcroute-nft.h

EXTRA_DIST += examples/rt_protos.d/ltepi.conf doc/srcroute.md tests/ns/ns.h

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

# Every netlink call srcroute.c makes, made to fail in turn (link-time
# wrapping); the asan step runs it under AddressSanitizer.
check_PROGRAMS += tests/ns/srcroute-fault
tests_ns_srcroute_fault_SOURCES = tests/ns/srcroute-fault.c
tests_ns_srcroute_fault_CPPFLAGS = $(SRCROUTE_TEST_CPPFLAGS) $(LIBNL_CFLAGS)
tests_ns_srcroute_fault_LDADD = $(SRCROUTE_TEST_LDADD) $(LIBNL_LIBS)
tests_ns_srcroute_fault_LDFLAGS = -Wl,--wrap=nl_send_auto \
	-Wl,--wrap=nl_recvmsgs -Wl,--wrap=rtnl_link_get_kernel \
	-Wl,--wrap=rtnl_route_add -Wl,--wrap=rtnl_route_delete \
	-Wl,--wrap=rtnl_rule_add -Wl,--wrap=rtnl_rule_delete
TESTS += tests/ns/srcroute-fault
