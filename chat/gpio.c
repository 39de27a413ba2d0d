// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gpio_ops over the kernel GPIO character device, through libgpiod.
 *
 * Only the few calls that differ between libgpiod 1.x (bookworm) and 2.x
 * (trixie) sit behind HAVE_LIBGPIOD_V1/V2: find a line's offset by name,
 * request outputs, set a value, release, and describe a chip for error
 * messages. Choosing the chip, which is the same for both, is shared:
 * the given one, or the first /dev/gpiochipN that has every requested
 * name (boards keep their control lines on one controller; the Pi 5 moved
 * them to the RP1 chip, which a search finds without configuration).
 */
#define _GNU_SOURCE /* versionsort */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio.h"

#define GPIO_MAX_LINES 8
#define GPIO_DEV_DIR   "/dev"

struct gpio_lines {
	struct gpiod_chip *chip;
	size_t n;
	unsigned int offsets[GPIO_MAX_LINES];
#ifdef HAVE_LIBGPIOD_V1
	struct gpiod_line_bulk bulk;
	/* What each line is driven to: v1 sets every line at once. */
	int values[GPIO_MAX_LINES];
#else
	struct gpiod_line_request *request;
#endif
};

__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t len,
							 const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (!buf || len == 0)
		return;
	used = strnlen(buf, len);
	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

#ifdef HAVE_LIBGPIOD_V1

/*
 * libgpiod 1.x speaks only the kernel's v1 GPIO ABI, which kernels built
 * without CONFIG_GPIO_CDEV_V1 (no longer on by default from Linux 7.0:
 * linux-gpio, "[PATCH v2] Do not enable the v1 uAPI by default") refuse
 * with EINVAL: the chip opens, but none of its lines can be read.
 */
#define GPIO_NO_V1_HINT                                                        \
	" (this kernel lacks the GPIO character device v1 ABI, "               \
	"CONFIG_GPIO_CDEV_V1, that libgpiod 1.x needs; an ltepi-modem "        \
	"built with libgpiod 2 works on it)"

static const char *unreadable_hint(int r)
{
	return r == -EINVAL ? GPIO_NO_V1_HINT : "";
}

/* -ENOENT when no line has the name, other -errno when none can be read. */
static int chip_line_offset(struct gpiod_chip *chip, const char *name)
{
	struct gpiod_line *line;

	errno = 0;
	line = gpiod_chip_find_line(chip, name);
	if (line)
		return (int)gpiod_line_offset(line);
	return errno && errno != ENOENT ? -errno : -ENOENT;
}

static int chip_request(struct gpio_lines *gl, const int values[],
			const char *consumer)
{
	if (gpiod_chip_get_lines(gl->chip, gl->offsets, (unsigned int)gl->n,
				 &gl->bulk))
		return -errno;
	if (gpiod_line_request_bulk_output(&gl->bulk, consumer, values))
		return -errno;
	memcpy(gl->values, values, gl->n * sizeof(values[0]));
	return 0;
}

/*
 * Lines requested together share one v1 line handle, and the v1 ABI sets
 * all of a handle's lines in one call (GPIOHANDLE_SET_LINE_VALUES_IOCTL,
 * Documentation/userspace-api/gpio/gpio-handle-set-line-values-ioctl.rst).
 * libgpiod 1.6's gpiod_line_set_value() on one line of a bulk request
 * passes only that value, so the others were driven low: raising the
 * power key dropped RESET_N and W_DISABLE (seen on gpio-sim, tests/vm/
 * power-gpio-bookworm.sh).  Every line's value goes in each call instead.
 */
static int lines_set(struct gpio_lines *gl, size_t idx, int value)
{
	int was = gl->values[idx];

	gl->values[idx] = value;
	if (gpiod_line_set_value_bulk(&gl->bulk, gl->values)) {
		int r = -errno;

		gl->values[idx] = was;
		return r;
	}
	return 0;
}

static void lines_release(struct gpio_lines *gl)
{
	gpiod_line_release_bulk(&gl->bulk);
}

/* "gpiochip0 [pinctrl-bcm2711] lines: ID_SDA, ID_SCL, ..." */
static void chip_describe(struct gpiod_chip *chip, char *buf, size_t len)
{
	unsigned int i, n = gpiod_chip_num_lines(chip);
	const char *sep = ": ";

	append(buf, len, "%s [%s] lines", gpiod_chip_name(chip),
	       gpiod_chip_label(chip));
	for (i = 0; i < n; i++) {
		struct gpiod_line *line = gpiod_chip_get_line(chip, i);
		const char *name = line ? gpiod_line_name(line) : NULL;

		if (name) {
			append(buf, len, "%s%s", sep, name);
			sep = ", ";
		}
	}
}

#else /* HAVE_LIBGPIOD_V2 */

static const char *unreadable_hint(int r)
{
	(void)r;
	return "";
}

static int chip_line_offset(struct gpiod_chip *chip, const char *name)
{
	int off = gpiod_chip_get_line_offset_from_name(chip, name);

	return off < 0 ? -ENOENT : off;
}

static int chip_request(struct gpio_lines *gl, const int values[],
			const char *consumer)
{
	struct gpiod_line_settings *settings = gpiod_line_settings_new();
	struct gpiod_line_config *line_cfg = gpiod_line_config_new();
	struct gpiod_request_config *req_cfg = gpiod_request_config_new();
	int r = -ENOMEM;
	size_t i;

	if (!settings || !line_cfg || !req_cfg)
		goto out_free_configs;
	gpiod_line_settings_set_direction(settings,
					  GPIOD_LINE_DIRECTION_OUTPUT);
	for (i = 0; i < gl->n; i++) {
		gpiod_line_settings_set_output_value(
		    settings, values[i] ? GPIOD_LINE_VALUE_ACTIVE
					: GPIOD_LINE_VALUE_INACTIVE);
		if (gpiod_line_config_add_line_settings(
			line_cfg, &gl->offsets[i], 1, settings)) {
			r = -errno;
			goto out_free_configs;
		}
	}
	gpiod_request_config_set_consumer(req_cfg, consumer);
	gl->request = gpiod_chip_request_lines(gl->chip, req_cfg, line_cfg);
	r = gl->request ? 0 : -errno;
out_free_configs:
	gpiod_request_config_free(req_cfg);
	gpiod_line_config_free(line_cfg);
	gpiod_line_settings_free(settings);
	return r;
}

static int lines_set(struct gpio_lines *gl, size_t idx, int value)
{
	return gpiod_line_request_set_value(gl->request, gl->offsets[idx],
					    value ? GPIOD_LINE_VALUE_ACTIVE
						  : GPIOD_LINE_VALUE_INACTIVE)
		   ? -errno
		   : 0;
}

static void lines_release(struct gpio_lines *gl)
{
	gpiod_line_request_release(gl->request);
}

static void chip_describe(struct gpiod_chip *chip, char *buf, size_t len)
{
	struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
	const char *sep = ": ";
	size_t i, n;

	if (!info)
		return;
	n = gpiod_chip_info_get_num_lines(info);
	append(buf, len, "%s [%s] lines", gpiod_chip_info_get_name(info),
	       gpiod_chip_info_get_label(info));
	for (i = 0; i < n; i++) {
		struct gpiod_line_info *li =
		    gpiod_chip_get_line_info(chip, (unsigned int)i);
		const char *name = li ? gpiod_line_info_get_name(li) : NULL;

		if (name) {
			append(buf, len, "%s%s", sep, name);
			sep = ", ";
		}
		gpiod_line_info_free(li);
	}
	gpiod_chip_info_free(info);
}

#endif

/*
 * Fills offsets for every name; -ENOENT (names the first missing one), or
 * the -errno of a chip whose lines cannot be read.
 */
static int chip_find_all(struct gpiod_chip *chip, const char *const names[],
			 size_t n, unsigned int offsets[], const char **missing)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int off = chip_line_offset(chip, names[i]);

		if (off < 0) {
			*missing = names[i];
			return off;
		}
		offsets[i] = (unsigned int)off;
	}
	return 0;
}

static void chip_path(const char *chip, char *path, size_t len)
{
	if (strchr(chip, '/'))
		snprintf(path, len, "%s", chip);
	else
		snprintf(path, len, GPIO_DEV_DIR "/%s", chip);
}

static int is_gpiochip(const struct dirent *d)
{
	return strncmp(d->d_name, "gpiochip", 8) == 0;
}

/* Open chip and find every name on it; err names what is missing. */
static int chip_open_named(const char *chip, const char *const names[],
			   size_t n, struct gpio_lines *gl, char *err,
			   size_t err_len)
{
	const char *missing = NULL;
	char path[512];
	int r;

	chip_path(chip, path, sizeof(path));
	gl->chip = gpiod_chip_open(path);
	if (!gl->chip) {
		r = -errno;
		append(err, err_len, "GPIO chip %s: %s", path, strerror(-r));
		return r;
	}
	r = chip_find_all(gl->chip, names, n, gl->offsets, &missing);
	if (r == -ENOENT) {
		append(err, err_len, "GPIO line \"%s\" not on ", missing);
		chip_describe(gl->chip, err, err_len);
	} else if (r) {
		append(err, err_len,
		       "GPIO chip %s: cannot read its lines: %s%s", path,
		       strerror(-r), unreadable_hint(r));
	}
	if (r) {
		gpiod_chip_close(gl->chip);
		gl->chip = NULL;
	}
	return r;
}

/*
 * Open the first /dev/gpiochip* (in version order) holding every name.
 * On failure err lists what each chip has, or why it could not be read.
 */
static int chip_search(const char *const names[], size_t n,
		       struct gpio_lines *gl, char *err, size_t err_len)
{
	struct dirent **list = NULL;
	const char *missing = names[0];
	char path[512], detail[1024] = "";
	int i, count, r, unreadable = 0;
	size_t used;

	count = scandir(GPIO_DEV_DIR, &list, is_gpiochip, versionsort);
	for (i = 0; i < count && !gl->chip; i++) {
		snprintf(path, sizeof(path), GPIO_DEV_DIR "/%s",
			 list[i]->d_name);
		gl->chip = gpiod_chip_open(path);
		if (!gl->chip) {
			append(detail, sizeof(detail), "%s: %s; ", path,
			       strerror(errno));
			continue;
		}
		r = chip_find_all(gl->chip, names, n, gl->offsets, &missing);
		if (r == -ENOENT) {
			chip_describe(gl->chip, detail, sizeof(detail));
			append(detail, sizeof(detail), "; ");
		} else if (r) {
			append(detail, sizeof(detail),
			       "%s: cannot read its lines: %s%s; ", path,
			       strerror(-r), unreadable_hint(r));
			unreadable = r;
		}
		if (r) {
			gpiod_chip_close(gl->chip);
			gl->chip = NULL;
		}
	}
	for (i = 0; i < count; i++)
		free(list[i]);
	free(list);
	if (gl->chip)
		return 0;
	used = strlen(detail);
	if (used >= 2) /* the last chip's "; " */
		detail[used - 2] = '\0';
	if (count <= 0)
		append(err, err_len, "no GPIO chips in " GPIO_DEV_DIR);
	else
		append(err, err_len, "GPIO line \"%s\" not found: %s", missing,
		       detail);
	return unreadable ? unreadable : -ENOENT;
}

static int cdev_request(const char *chip, const char *const names[],
			const int values[], size_t n, const char *consumer,
			struct gpio_lines **out, char *err, size_t err_len)
{
	struct gpio_lines *gl;
	int r;

	if (n == 0 || n > GPIO_MAX_LINES)
		return -EINVAL;
	if (err && err_len)
		err[0] = '\0';
	gl = calloc(1, sizeof(*gl));
	if (!gl)
		return -ENOMEM;
	gl->n = n;
	r = chip ? chip_open_named(chip, names, n, gl, err, err_len)
		 : chip_search(names, n, gl, err, err_len);
	if (r)
		goto out_free;
	r = chip_request(gl, values, consumer);
	if (r) {
		append(err, err_len, "requesting GPIO line \"%s\"%s: %s",
		       names[0], n > 1 ? " and others" : "", strerror(-r));
		goto out_close_chip;
	}
	*out = gl;
	return 0;

out_close_chip:
	gpiod_chip_close(gl->chip);
out_free:
	free(gl);
	return r;
}

static int cdev_set(struct gpio_lines *gl, size_t idx, int value)
{
	if (idx >= gl->n)
		return -EINVAL;
	return lines_set(gl, idx, value);
}

static void cdev_release(struct gpio_lines *gl)
{
	if (!gl)
		return;
	lines_release(gl);
	gpiod_chip_close(gl->chip);
	free(gl);
}

const struct gpio_ops gpio_ops_libgpiod = {
	.request = cdev_request,
	.set = cdev_set,
	.release = cdev_release,
};
