/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user side of port discovery (ports.h): "ltepi-modem ports" and the
 * "device = auto" choice, with the log lines that explain them. The root
 * of sysfs, /dev and /proc is the environment's LTEPI_ROOT ("" when
 * unset), so the tests run on a fake tree.
 */
#ifndef LTEPI_CHAT_PORTSEL_H
#define LTEPI_CHAT_PORTSEL_H

#include <stddef.h>
#include <stdio.h>

/* Prints one line per serial port and the choice; an enum modem_exit. */
int portsel_list(FILE *out);

/*
 * Replaces "auto" in device (len bytes) by the chosen port's /dev path and
 * logs why; leaves any other value alone. 0, or MODEM_EXIT_NO_MODEM after
 * logging what was found instead.
 */
int portsel_resolve(char *device, size_t len);

#endif
