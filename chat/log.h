/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for ltepi-modem, in the shape of OpenBSD's log.c.
 *
 * Every message goes to syslog (facility daemon, ident "ltepi-modem") and to
 * stderr: pppd closes its syslog connection before running the connect
 * program and sends the program's stderr to its own log, so both are needed.
 * Nothing is ever written to stdout, which is the modem under pppd.
 * log_debug() prints only after log_init(verbose = true). The functions keep
 * errno intact; log_warn() appends strerror(errno) like warn(3).
 */
#ifndef LTEPI_CHAT_LOG_H
#define LTEPI_CHAT_LOG_H

#include <stdbool.h>

void log_init(bool verbose, bool use_syslog);

__attribute__((format(printf, 1, 2))) void log_warn(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_warnx(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_info(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_debug(const char *fmt, ...);

#endif
