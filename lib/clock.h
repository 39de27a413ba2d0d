/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one monotonic clock of ltepi.so, ltepi-modem and ltepi: deadlines,
 * timeouts and the "...; N us" the adapters log per action. CLOCK_MONOTONIC
 * (not BOOTTIME): a suspended Pi should not find its AT deadlines expired
 * on resume. long long so 32-bit builds (armhf, with 32- or 64-bit time_t)
 * print it with one format.
 */
#ifndef LTEPI_LIB_CLOCK_H
#define LTEPI_LIB_CLOCK_H

/* Monotonic microseconds. */
long long clock_now_us(void);

/* Monotonic milliseconds: absolute deadlines for serial exchanges, waits. */
long long clock_now_ms(void);

#endif
