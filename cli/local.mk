# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli/: the `ltepi` command (ltepi status), which reads the state ltepi.so
# and ltepi-modem keep under /run/ltepi (lib/).

sbin_PROGRAMS += cli/ltepi
cli_ltepi_SOURCES = cli/ltepi.c cli/status.h cli/status-print.c
cli_ltepi_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib
cli_ltepi_LDADD = lib/libltepi-shared.la

TESTS += tests/cli/status.sh
EXTRA_DIST += tests/cli/status.sh
