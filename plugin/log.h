/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for the plugin's modules.
 *
 * The plain modules (options, srcroute, firewall, ...) never include pppd's
 * headers. They log through ltepi_log(), which is format-checked here and
 * implemented twice: log-pppd.c sends it to pppd's logger (error/warn/notice/
 * info/dbglog) inside ltepi.so, log-stderr.c prints to stderr for tests.
 *
 * Rule of thumb: modules log at LTEPI_LOG_DEBUG and return -errno; the
 * adapter (plugin.c), which has the context, logs the error once.
 */
#ifndef LTEPI_LOG_H
#define LTEPI_LOG_H

enum ltepi_log_level {
	LTEPI_LOG_ERR,
	LTEPI_LOG_WARN,
	LTEPI_LOG_NOTICE,
	LTEPI_LOG_INFO,
	LTEPI_LOG_DEBUG,
};

__attribute__((format(printf, 2, 3))) void ltepi_log(enum ltepi_log_level level,
						     const char *fmt, ...);

#define log_err(...)	ltepi_log(LTEPI_LOG_ERR, __VA_ARGS__)
#define log_warn(...)	ltepi_log(LTEPI_LOG_WARN, __VA_ARGS__)
#define log_notice(...) ltepi_log(LTEPI_LOG_NOTICE, __VA_ARGS__)
#define log_info(...)	ltepi_log(LTEPI_LOG_INFO, __VA_ARGS__)
#define log_debug(...)	ltepi_log(LTEPI_LOG_DEBUG, __VA_ARGS__)

#endif
