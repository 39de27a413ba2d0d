# SPDX-License-Identifier: GPL-2.0-or-later
# Modem power control (libgpiod or a command) and APN presets/lookup
# (expat over mobile-broadband-provider-info), included from chat/local.mk.
# Each is built once, as a convenience library that ltepi-modem and its
# unit test link, and carries its own external library: libgpiod for
# power.c/gpio.c, expat for apn.c.

noinst_LTLIBRARIES += chat/libmodem-power.la chat/libmodem-apn.la

chat_libmodem_power_la_SOURCES = \
	chat/power.c chat/power.h \
	chat/gpio.c chat/gpio.h
chat_libmodem_power_la_CFLAGS = $(AM_CFLAGS) $(GPIOD_CFLAGS)
chat_libmodem_power_la_LIBADD = lib/libltepi-shared.la $(GPIOD_LIBS)

chat_libmodem_apn_la_SOURCES = chat/apn.c chat/apn.h
chat_libmodem_apn_la_CFLAGS = $(AM_CFLAGS) $(EXPAT_CFLAGS)
chat_libmodem_apn_la_LIBADD = $(EXPAT_LIBS)

power_unit_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/chat

check_PROGRAMS += tests/unit/test-power
tests_unit_test_power_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_power_CFLAGS = $(AM_CFLAGS) -pthread
tests_unit_test_power_LDADD = chat/libmodem-power.la -lpthread
TESTS += tests/unit/test-power

check_PROGRAMS += tests/unit/test-gpio
tests_unit_test_gpio_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_gpio_LDADD = chat/libmodem-power.la
TESTS += tests/unit/test-gpio

check_PROGRAMS += tests/unit/test-apn
tests_unit_test_apn_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_apn_LDADD = chat/libmodem-apn.la
TESTS += tests/unit/test-apn
EXTRA_DIST += tests/unit/test-apn-fixture.xml
