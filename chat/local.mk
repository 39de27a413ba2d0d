# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem, pppd's connect program. The protocol modules (AT parser,
# response parsers, serial I/O, command layer, configuration, logging) form
# chat/libmodem-core.la, which the unit tests and the fuzzer link too; the
# program adds the state machine, info and main, and links the power and
# APN modules (power.mk) as their own convenience libraries.

noinst_LTLIBRARIES += chat/libmodem-core.la
chat_libmodem_core_la_SOURCES = \
	chat/at.c chat/at.h \
	chat/resp.c chat/resp.h \
	chat/serial.c chat/serial.h \
	chat/atcmd.c chat/atcmd.h \
	chat/atarg.c chat/atarg.h \
	chat/sim-policy.c chat/sim-policy.h \
	chat/apn-policy.c chat/apn-policy.h \
	chat/conf.c chat/conf.h \
	chat/ports.c chat/ports.h \
	chat/log.c chat/log.h \
	chat/sms-alphabet.c chat/sms-alphabet.h \
	chat/sms-pdu.c chat/sms-pdu.h \
	chat/sms-concat.c chat/sms-concat.h \
	chat/sms-auth.c chat/sms-auth.h \
	chat/sms-state.c chat/sms-state.h \
	chat/sms-status.c chat/sms-status.h \
	chat/sms-key.c chat/sms-key.h
# nettle: HMAC-SHA256 of the SMS commands (sms-auth.c)
chat_libmodem_core_la_CFLAGS = $(AM_CFLAGS) $(NETTLE_CFLAGS)
chat_libmodem_core_la_LIBADD = lib/libltepi-shared.la $(NETTLE_LIBS)

sbin_PROGRAMS += chat/ltepi-modem
chat_ltepi_modem_SOURCES = \
	chat/main.c \
	chat/exitcode.h \
	chat/modem.c chat/modem.h \
	chat/info.c chat/info.h \
	chat/portsel.c chat/portsel.h \
	chat/escalate.c chat/escalate.h \
	chat/sms-listen.c chat/sms-listen.h \
	chat/sms-sign.c
chat_ltepi_modem_LDADD = chat/libmodem-power.la chat/libmodem-apn.la \
	chat/libmodem-core.la lib/libltepi-shared.la

dist_man_MANS += man/ltepi-modem.8
EXTRA_DIST += examples/modem.conf examples/udev/71-ltepi-mm-ignore.rules

# The fuzz targets (fuzz/run-fuzz.sh lists them), built with clang outside
# automake's CC (libFuzzer needs clang): "make fuzz" runs each for
# FUZZ_SECONDS (default 30).
FUZZ_SECONDS = 30
EXTRA_DIST += fuzz/fuzz-at.c fuzz/fuzz-profile.c fuzz/fuzz-options.c \
	fuzz/fuzz-conf.c fuzz/fuzz-apn.c fuzz/fuzz-health.c \
	fuzz/fuzz-nftwatch.c fuzz/fuzz-replay.c fuzz/fuzz-linkstate.c fuzz/fuzz-stun.c \
	fuzz/fuzz-sms.c fuzz/fuzz-removed.c fuzz/fuzz-prefix.c \
	fuzz/fuzz-file.h \
	fuzz/run-fuzz.sh \
	fuzz/corpus
fuzz:
	FUZZ_DIR=$(abs_top_builddir)/fuzz/work top_srcdir=$(abs_top_srcdir) \
		$(SHELL) $(abs_top_srcdir)/fuzz/run-fuzz.sh $(FUZZ_SECONDS)
.PHONY: fuzz

include chat/power.mk
