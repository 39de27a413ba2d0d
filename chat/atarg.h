/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether a value can travel as a quoted string argument of an AT command
 * (AT+CGDCONT's APN, AT+CGAUTH's and AT$QCPDPP's user name and password).
 *
 * V.250 strings have no escapes: a double quote ends the argument, and CR
 * ends the command line, after which the rest would run as commands of its
 * own ("inet\",\"x\rAT+CFUN=0"). Other control characters, backslash (some
 * modems read "\HH" as a hex escape) and non-ASCII bytes (outside the IRA
 * character set modems default to) are refused too: no APN, user name or
 * password in any provider database needs them.
 *
 * Pure; the caller names the value's source in its log line.
 */
#ifndef LTEPI_CHAT_ATARG_H
#define LTEPI_CHAT_ATARG_H

#include <stddef.h>

/*
 * 0 if value (NUL-terminated) fits the argument: at most max bytes, and
 * only printable ASCII other than '"' and '\\'. Otherwise -EINVAL with
 * the reason ("contains a double quote (at byte 5)", "is longer than 100
 * bytes") in why.
 */
int atarg_check(const char *value, size_t max, char *why, size_t whylen);

#endif
