/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monotonic microseconds, for the "...; N us" the adapters log per action
 * and the CLI's benchmark. long long so 32-bit builds (armhf, with 32- or
 * 64-bit time_t) print it with one format.
 */
#ifndef LTEPI_CLOCK_H
#define LTEPI_CLOCK_H

#include <time.h>

static inline long long clock_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#endif
