# SPDX-License-Identifier: GPL-2.0-or-later
#
# lib/: the value types and files ltepi.so, ltepi-modem and ltepi share,
# one home each: statefile.h (the files under /run/ltepi: names, safe
# reading, atomic replacing, the key-value lines), trusted.h (opening a
# configuration or secret file), prefix.h (IPv4/IPv6 prefixes), names.h
# (interface and profile names), clock.h (the monotonic clock), number.h
# (digits in text), health.h (link health), linkstate.h (the link's state),
# modemreport.h (the modem's last report), metrics.h (Prometheus text),
# journal.h. Built PIC and with hidden symbols, since ltepi.so links it too.

noinst_LTLIBRARIES += lib/libltepi-shared.la
lib_libltepi_shared_la_SOURCES = \
	lib/statefile.c lib/statefile.h \
	lib/trusted.c lib/trusted.h \
	lib/prefix.c lib/prefix.h \
	lib/names.c lib/names.h \
	lib/clock.c lib/clock.h \
	lib/number.c lib/number.h \
	lib/textbuf.c lib/textbuf.h \
	lib/health.c lib/health.h \
	lib/linkstate.c lib/linkstate.h \
	lib/modemreport.c lib/modemreport.h \
	lib/metrics.c lib/metrics.h \
	lib/journal.c lib/journal.h
lib_libltepi_shared_la_CFLAGS = $(AM_CFLAGS) -fPIC -fvisibility=hidden

# The unit tests of lib/, each linking only the library.
lib_unit_tests = \
	tests/unit/test-linkstate \
	tests/unit/test-journal \
	tests/unit/test-prefix \
	tests/unit/test-names \
	tests/unit/test-number \
	tests/unit/test-textbuf
check_PROGRAMS += $(lib_unit_tests)
TESTS += $(lib_unit_tests)
tests_unit_test_linkstate_LDADD = lib/libltepi-shared.la
tests_unit_test_journal_LDADD = lib/libltepi-shared.la
tests_unit_test_prefix_LDADD = lib/libltepi-shared.la
tests_unit_test_names_LDADD = lib/libltepi-shared.la
tests_unit_test_number_LDADD = lib/libltepi-shared.la
tests_unit_test_textbuf_LDADD = lib/libltepi-shared.la
