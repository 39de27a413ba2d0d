/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ltepi_log() for unit tests and tools: one line on stderr per message.
 * LTEPI_LOG_LEVEL=debug|info|notice|warn|err sets the threshold (default
 * notice), so tests stay quiet unless asked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *const level_names[] = {
	[LTEPI_LOG_ERR] = "err",       [LTEPI_LOG_WARN] = "warn",
	[LTEPI_LOG_NOTICE] = "notice", [LTEPI_LOG_INFO] = "info",
	[LTEPI_LOG_DEBUG] = "debug",
};

static enum ltepi_log_level threshold(void)
{
	const char *env = getenv("LTEPI_LOG_LEVEL");

	if (env)
		for (int i = LTEPI_LOG_ERR; i <= LTEPI_LOG_DEBUG; i++)
			if (strcmp(env, level_names[i]) == 0)
				return i;
	return LTEPI_LOG_NOTICE;
}

void ltepi_log(enum ltepi_log_level level, const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	if (level > threshold())
		goto out;
	fprintf(stderr, "ltepi %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
out:
	errno = saved_errno;
}
