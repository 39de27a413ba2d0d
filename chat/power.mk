# SPDX-License-Identifier: GPL-2.0-or-later
# Modem power control (libgpiod or a command) and APN presets/lookup
# (expat over mobile-broadband-provider-info), included from chat/local.mk,
# which already adds $(GPIOD_*) and $(EXPAT_*) to ltepi-modem.

chat_ltepi_modem_SOURCES += \
	chat/power.c chat/power.h \
	chat/gpio.c chat/gpio.h \
	chat/apn.c chat/apn.h

power_unit_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/chat

check_PROGRAMS += tests/unit/test-power
tests_unit_test_power_SOURCES = tests/unit/test-power.c \
	chat/power.c chat/gpio.c
tests_unit_test_power_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_power_CFLAGS = $(AM_CFLAGS) $(GPIOD_CFLAGS) -pthread
tests_unit_test_power_LDADD = lib/libltepi-shared.la $(GPIOD_LIBS) -lpthread
TESTS += tests/unit/test-power

check_PROGRAMS += tests/unit/test-gpio
tests_unit_test_gpio_SOURCES = tests/unit/test-gpio.c chat/gpio.c
tests_unit_test_gpio_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_gpio_CFLAGS = $(AM_CFLAGS) $(GPIOD_CFLAGS)
tests_unit_test_gpio_LDADD = $(GPIOD_LIBS)
TESTS += tests/unit/test-gpio

check_PROGRAMS += tests/unit/test-apn
tests_unit_test_apn_SOURCES = tests/unit/test-apn.c chat/apn.c
tests_unit_test_apn_CPPFLAGS = $(power_unit_cppflags)
tests_unit_test_apn_CFLAGS = $(AM_CFLAGS) $(EXPAT_CFLAGS)
tests_unit_test_apn_LDADD = $(EXPAT_LIBS)
TESTS += tests/unit/test-apn
EXTRA_DIST += tests/unit/test-apn-fixture.xml
