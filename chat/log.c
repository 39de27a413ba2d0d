/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi-modem's logger (see log.h). One formatting path, vlog(), writes each
 * message to syslog and stderr; the wrappers only choose the priority and
 * whether errno is appended.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static bool log_verbose;
static bool log_syslog;

void log_init(bool verbose, bool use_syslog)
{
	log_verbose = verbose;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog("ltepi-modem", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

__attribute__((format(printf, 3, 0))) static void
vlog(int pri, int errnum, const char *fmt, va_list ap)
{
	char msg[1024];
	int saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errnum) {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	}
	fprintf(stderr, "ltepi-modem: %s\n", msg);
	if (log_syslog)
		syslog(pri, "%s", msg);
	errno = saved;
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	int errnum = errno;

	va_start(ap, fmt);
	vlog(LOG_ERR, errnum, fmt, ap);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, 0, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, 0, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, 0, fmt, ap);
	va_end(ap);
}
