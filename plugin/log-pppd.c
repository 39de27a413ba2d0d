/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi_log() inside ltepi.so: format with the C library (so -Wformat
 * checks every call and %m works), then hand the finished line to pppd's
 * logger, which adds syslog (facility local2) and pppd's logfile.
 */
#include "pppd-compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

void ltepi_log(enum ltepi_log_level level, const char *fmt, ...)
{
	int saved_errno = errno;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	switch (level) {
	case LTEPI_LOG_ERR:
		error("ltepi: %s", msg);
		break;
	case LTEPI_LOG_WARN:
		warn("ltepi: %s", msg);
		break;
	case LTEPI_LOG_NOTICE:
		notice("ltepi: %s", msg);
		break;
	case LTEPI_LOG_INFO:
		info("ltepi: %s", msg);
		break;
	case LTEPI_LOG_DEBUG:
		dbglog("ltepi: %s", msg);
		break;
	}
	errno = saved_errno;
}
