# SPDX-License-Identifier: GPL-2.0-or-later
#
# lib/: the value types and files ltepi.so and ltepi-modem share, one home
# each (health.h: the link-health file). Built PIC and with hidden symbols,
# since ltepi.so links it too.

noinst_LTLIBRARIES += lib/libltepi-shared.la
lib_libltepi_shared_la_SOURCES = lib/health.c lib/health.h
lib_libltepi_shared_la_CFLAGS = $(AM_CFLAGS) -fPIC -fvisibility=hidden
