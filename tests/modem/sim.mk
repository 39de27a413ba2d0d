# SPDX-License-Identifier: GPL-2.0-or-later
# The AT modem simulator (included from tests/modem/local.mk). Other tests
# run $(top_builddir)/tests/modem/modem-sim; see the top of modem-sim.c.

check_PROGRAMS += tests/modem/modem-sim
tests_modem_modem_sim_SOURCES = tests/modem/modem-sim.c \
	tests/modem/sim-scenario.c tests/modem/sim-scenario.h \
	tests/modem/sim-dialect.c tests/modem/sim-dialect.h \
	tests/modem/sim-sms.c tests/modem/sim-sms.h

check_PROGRAMS += tests/modem/test-modem-sim
tests_modem_test_modem_sim_SOURCES = tests/modem/test-modem-sim.c
TESTS += tests/modem/test-modem-sim
