# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests of the plugin's plain modules: no pppd, no privileges.
# (Feature modules register their own tests in their fragments.)

UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin
UNIT_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_options_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-options

check_PROGRAMS += tests/unit/test-guard
tests_unit_test_guard_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_guard_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-guard

check_PROGRAMS += tests/unit/test-addrclass
tests_unit_test_addrclass_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_addrclass_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-addrclass

check_PROGRAMS += tests/unit/test-linkcheck
tests_unit_test_linkcheck_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_linkcheck_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-linkcheck

check_PROGRAMS += tests/unit/test-hooks
tests_unit_test_hooks_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_hooks_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test-hooks
