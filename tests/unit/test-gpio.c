// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of chat/gpio.c's error paths against the real libgpiod:
 * a wrong chip or a machine without GPIO chips must fail with -errno and
 * a message naming what was asked for, leaving nothing requested. The
 * success path needs a GPIO chip (gpio-sim is not in every kernel); it is
 * exercised through the fake ops in test-power and against gpio-sim in
 * tests/vm/power-gpio*.sh.
 */
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "gpio.h"

static const char *const names[] = { "GPIO20", "GPIO21" };
static const int values[] = { 0, 1 };

static int request(const char *chip, size_t n, char *err, size_t len)
{
	struct gpio_lines *lines = NULL;
	int r = gpio_ops_libgpiod.request(chip, names, values, n, "test",
					  &lines, err, len);

	if (r == 0)
		gpio_ops_libgpiod.release(lines);
	return r;
}

static bool have_gpiochips(void)
{
	glob_t g;
	bool found = glob("/dev/gpiochip*", 0, NULL, &g) == 0;

	if (found)
		globfree(&g);
	return found;
}

int main(void)
{
	char err[512];

	is_int(request("nosuchchip", 2, err, sizeof(err)), -ENOENT,
	       "unknown chip name: -ENOENT");
	is_str(err, "GPIO chip /dev/nosuchchip: No such file or directory",
	       "message names the chip path");

	ok(request("/dev/null", 2, err, sizeof(err)) < 0,
	   "a device that is not a GPIO chip is refused");
	ok(strncmp(err, "GPIO chip /dev/null: ", 21) == 0,
	   "message names it: %s", err);

	is_int(request(NULL, 0, err, sizeof(err)), -EINVAL,
	       "no lines: -EINVAL");
	is_int(request("gpiochip0", 2, NULL, 0), have_gpiochips() ? 0 : -ENOENT,
	       "a NULL error buffer is allowed");

	if (have_gpiochips()) {
		diag("GPIO chips present: search test not applicable");
	} else {
		is_int(request(NULL, 2, err, sizeof(err)), -ENOENT,
		       "search without chips: -ENOENT");
		is_str(err, "no GPIO chips in /dev", "message says so");
	}
	return tap_done();
}
