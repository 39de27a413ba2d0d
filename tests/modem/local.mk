# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem tests: C unit tests of the protocol modules (no devices), the
# helper against the modem simulator on a pty (shell tests, like pppd runs
# it: stdin/stdout on the pty slave), and a comparison with chat(8).

modem_unit_ldadd = chat/libmodem-core.la
modem_unit_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)

check_PROGRAMS += tests/modem/test-at
tests_modem_test_at_SOURCES = tests/modem/test-at.c
tests_modem_test_at_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_at_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-at

check_PROGRAMS += tests/modem/test-resp
tests_modem_test_resp_SOURCES = tests/modem/test-resp.c
tests_modem_test_resp_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_resp_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-resp

check_PROGRAMS += tests/modem/test-config
tests_modem_test_config_SOURCES = tests/modem/test-config.c
tests_modem_test_config_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_config_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-config

check_PROGRAMS += tests/modem/test-atcmd
tests_modem_test_atcmd_SOURCES = tests/modem/test-atcmd.c
tests_modem_test_atcmd_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_atcmd_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-atcmd

check_PROGRAMS += tests/modem/test-ports
tests_modem_test_ports_SOURCES = tests/modem/test-ports.c
tests_modem_test_ports_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_ports_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-ports

check_PROGRAMS += tests/modem/test-atarg
tests_modem_test_atarg_SOURCES = tests/modem/test-atarg.c
tests_modem_test_atarg_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_atarg_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-atarg

# The SIM and APN policies pulled out of modem.c (issue 18).
check_PROGRAMS += tests/modem/test-sim-policy tests/modem/test-apn-policy
tests_modem_test_sim_policy_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_sim_policy_LDADD = $(modem_unit_ldadd)
tests_modem_test_apn_policy_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_apn_policy_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-sim-policy tests/modem/test-apn-policy

# Shell tests: ltepi-modem on the simulator's pty, like pppd runs it.
modem_shell_tests = \
	tests/modem/connect-basic.sh \
	tests/modem/connect-sim.sh \
	tests/modem/connect-network.sh \
	tests/modem/connect-apn.sh \
	tests/modem/connect-dialects.sh \
	tests/modem/cli.sh \
	tests/modem/chat-compare.sh \
	tests/modem/syslog.sh \
	tests/modem/fuzz-smoke.sh
modem_shell_tests += tests/modem/connect-health.sh
TESTS += $(modem_shell_tests)
EXTRA_DIST += $(modem_shell_tests) tests/modem/lib.sh

include tests/modem/sim.mk

# SMS wake-up (issue 17): the PDU codec, its cross-check with gammu, the
# message authentication, and the listener on the simulator.
check_PROGRAMS += tests/modem/test-sms-pdu
tests_modem_test_sms_pdu_SOURCES = tests/modem/test-sms-pdu.c
tests_modem_test_sms_pdu_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_sms_pdu_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-sms-pdu

check_PROGRAMS += tests/modem/sms-pdu-tool
tests_modem_sms_pdu_tool_SOURCES = tests/modem/sms-pdu-tool.c
tests_modem_sms_pdu_tool_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_sms_pdu_tool_LDADD = $(modem_unit_ldadd)
sms_shell_tests = tests/modem/sms-gammu.sh tests/modem/sms-listen.sh
TESTS += $(sms_shell_tests)
EXTRA_DIST += $(sms_shell_tests)

check_PROGRAMS += tests/modem/test-sms-auth
tests_modem_test_sms_auth_SOURCES = tests/modem/test-sms-auth.c
tests_modem_test_sms_auth_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_sms_auth_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-sms-auth

check_PROGRAMS += tests/modem/test-sms-status
tests_modem_test_sms_status_SOURCES = tests/modem/test-sms-status.c
tests_modem_test_sms_status_CPPFLAGS = $(modem_unit_cppflags)
tests_modem_test_sms_status_LDADD = $(modem_unit_ldadd)
TESTS += tests/modem/test-sms-status
