/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GPIO output lines for modem power control, behind a small ops table.
 *
 * power.c drives POWER_KEY pulses and holds RESET_N / W_DISABLE through
 * struct gpio_ops only, so its sequencing is unit-tested with a fake
 * (this kernel has no gpio-sim) and the libgpiod 1.x / 2.x difference
 * stays in gpio.c. Lines are found by name ("GPIO20"), never by number:
 * the Raspberry Pi kernels' global GPIO numbers moved (base 512), which
 * broke the sysfs scripts the vendor shipped; the character device and
 * its line names did not move.
 */
#ifndef LTEPI_CHAT_GPIO_H
#define LTEPI_CHAT_GPIO_H

#include <stddef.h>

struct gpio_lines;

struct gpio_ops {
	/*
	 * Request n lines, found by name, as outputs driven to values[i].
	 * chip is a chip name ("gpiochip0"), a path ("/dev/gpiochip0") or
	 * NULL to search every chip. On failure nothing stays requested.
	 * Returns 0 and *out, -ENOENT when a line or the chip does not exist
	 * (err_buf, if not NULL, then names it and what exists), -EBUSY when
	 * another consumer holds a line, other -errno from the kernel: with
	 * libgpiod 1.x, -EINVAL when the kernel lacks the v1 GPIO ABI
	 * (CONFIG_GPIO_CDEV_V1), which err_buf then says.
	 */
	int (*request)(const char *chip, const char *const names[],
		       const int values[], size_t n, const char *consumer,
		       struct gpio_lines **out, char *err_buf, size_t err_len);
	/* Drive line idx (index into the request's names) to value 0/1. */
	int (*set)(struct gpio_lines *lines, size_t idx, int value);
	/*
	 * Release the lines. The kernel ABI does not promise what a released
	 * output does; the Raspberry Pi's pinctrl keeps the last value, which
	 * is what holding RESET_N and W_DISABLE high relies on (as the
	 * vendor's sysfs scripts did).
	 */
	void (*release)(struct gpio_lines *lines);
};

/* The kernel character device through libgpiod (v1 or v2 API). */
extern const struct gpio_ops gpio_ops_libgpiod;

#endif
