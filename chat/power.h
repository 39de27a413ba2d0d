/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modem power control for ltepi-modem: switch the module on before
 * dialling and off on request, then wait for its serial device.
 *
 * Backends:
 *   none     the modem is always powered (USB dongles); power_on only
 *            waits for the device.
 *   gpio     a POWER_KEY line pulsed through the GPIO character device
 *            (gpio.h), other lines held at fixed levels.
 *   command  a program run without a shell (argv), bounded by a timeout,
 *            its exit status checked.
 *
 * The LTEPi board (profile "ltepi2", power_config_ltepi2()): AM Telecom
 * AMP520/AMM570, USB 1ecb:0202 (ACM, PPP on /dev/ttyACM0) or 1ecb:0208
 * (ECM router mode). POWER_KEY = "GPIO20", active high and a *toggle*:
 * a 2 s pulse switches the module on, a 3 s pulse off. RESET_N = "GPIO21"
 * and W_DISABLE = "GPIO6" are active low and held high. Because a pulse
 * on a running module switches it OFF, power_on pulses only when the
 * modem is absent (USB id not on the bus and, if the caller gives a
 * probe, the device does not answer), and power_off only when present.
 *
 * Waiting for the device: udev creates the node, then applies its rules
 * (permissions, the ModemManager blacklist, by-id links) and records the
 * device in its database, /run/udev/data/c<major>:<minor>, when it is done
 * with it. power_wait_device() polls for the node to exist and open, then
 * for that database entry (bounded by POWER_UDEV_WAIT_MS and the rest of
 * the timeout); only where udev does not run (no /run/udev/data: static
 * /dev, containers) does it sleep settle_ms instead. A by-id symlink as
 * the device (/dev/serial/by-id/...) is made by udev itself, so it also
 * survives the module re-enumerating as another ttyACMn. `udevadm settle`
 * is not used: it waits for the whole event queue with its own timeout,
 * may be absent in minimal images, and would not name our device.
 *
 * All times are milliseconds in the config so tests scale them down.
 * The functions never log above debug; they return 0 or -errno, and fill
 * an error text in cfg->err (if set) the caller can log once.
 */
#ifndef LTEPI_CHAT_POWER_H
#define LTEPI_CHAT_POWER_H

#include <stddef.h>
#include <stdint.h>

#include "gpio.h"

enum power_backend {
	POWER_BACKEND_NONE,
	POWER_BACKEND_GPIO,
	POWER_BACKEND_COMMAND,
};

#define POWER_MAX_HOLD_LINES   4
#define POWER_MAX_USB_PRODUCTS 4

struct power_hold_line {
	const char *name; /* line name, e.g. "GPIO21"; NULL ends the list */
	int value;	  /* level held while and after pulsing */
};

/*
 * Optional AT probe supplied by the caller (the serial/AT engine): return
 * 0 when a modem answers "AT" on device, a negative errno otherwise.
 */
typedef int (*power_probe_fn)(const char *device, void *arg);

struct power_config {
	enum power_backend backend;

	/* gpio backend */
	const struct gpio_ops *gpio_ops; /* NULL: gpio_ops_libgpiod */
	const char *gpio_chip;		 /* NULL: search every chip */
	const char *power_key;		 /* pulsed line */
	int power_key_active;		 /* level of the pulse, 1 = high */
	struct power_hold_line hold[POWER_MAX_HOLD_LINES];
	unsigned int on_pulse_ms;
	unsigned int off_pulse_ms;

	/* command backend: NULL-terminated argv, argv[0] a path or in PATH */
	char *const *on_argv;
	char *const *off_argv;
	unsigned int command_timeout_ms;

	/* presence: USB ids (vendor 0 = do not check USB), device, probe */
	const char *usb_sysfs_root; /* NULL: "/sys/bus/usb/devices" */
	uint16_t usb_vendor;
	uint16_t usb_products[POWER_MAX_USB_PRODUCTS]; /* 0 ends the list */
	const char *device;			       /* e.g. "/dev/ttyACM0" */
	power_probe_fn probe;			       /* may be NULL */
	void *probe_arg;

	/* waiting */
	unsigned int appear_timeout_ms; /* for the device after power on */
	unsigned int gone_timeout_ms;	/* for the modem to leave, power off */
	unsigned int settle_ms;		/* after it opens, without udev */
	unsigned int poll_ms;		/* polling interval */
	const char *udev_data_dir;	/* NULL: "/run/udev/data" */

	/* where to explain a failure (may be NULL) */
	char *err;
	size_t err_len;
};

/*
 * The LTEPi board defaults described above: gpio backend, chip NULL,
 * POWER_KEY "GPIO20" active high, hold GPIO21=1 and GPIO6=1, pulses
 * 2000/3000 ms, USB 1ecb:0202/0208, device "/dev/ttyACM0", appear 40 s
 * (the vendor polled 40 x 1 s), gone 30 s, settle 1000 ms, poll 200 ms.
 * Fields the caller leaves alone keep these values; probe/err are NULL.
 */
void power_config_ltepi2(struct power_config *cfg);

/*
 * Everything zero except sane waits (appear 40 s, gone 30 s, settle
 * 1000 ms, poll 200 ms), backend none and an active-high power key: a
 * base for other boards, which must set the pulse lengths for gpio.
 */
void power_config_default(struct power_config *cfg);

/*
 * Whether cfg can work at all, before anything is switched: the gpio
 * backend needs a power key and both pulse lengths (a 0 ms pulse would do
 * nothing and look like success). Returns 0 or -EINVAL with cfg->err
 * naming the configuration key to set.
 */
int power_config_check(const struct power_config *cfg);

/*
 * Switch the modem on if it is not present, then wait for cfg->device.
 * Returns 0 (also when it was already on), -ETIMEDOUT when the device
 * did not appear/open in time, -ENOENT for unknown GPIO lines/chips or a
 * missing program, -EIO when the on command failed, other -errno.
 */
int power_on(const struct power_config *cfg);

/*
 * Switch the modem off if present and wait (gone_timeout_ms) until it
 * is gone. Returns 0 (also when it was already off), -ETIMEDOUT if it
 * stayed, or the errors of power_on. Backend none: -EOPNOTSUPP.
 */
int power_off(const struct power_config *cfg);

/*
 * 1 if the modem is present, 0 if not. With usb_vendor set, the USB id
 * decides; if it is absent and a probe is given, the probe on an
 * existing device may still find the modem. Without usb_vendor, or when
 * the sysfs root cannot be read (containers), the device node decides:
 * it must exist and, if a probe is given, answer.
 */
int power_modem_present(const struct power_config *cfg);

/*
 * 1 if some <root>/<dev>/idVendor,idProduct matches vendor and one of
 * products (0-terminated, at most POWER_MAX_USB_PRODUCTS), 0 if none,
 * -errno if root cannot be read.
 */
int power_usb_id_present(const char *root, uint16_t vendor,
			 const uint16_t *products);

/* The longest wait for udev to finish with a device that opens. */
#define POWER_UDEV_WAIT_MS 10000

/*
 * Wait up to timeout_ms for path to exist and to open read/write
 * (O_NOCTTY|O_NONBLOCK, closed again), then for udev to finish with it
 * (see above; udev_data_dir NULL means /run/udev/data), or, without udev,
 * sleep settle_ms. Returns 0, or -ETIMEDOUT when the node did not appear
 * or open in time; udev taking longer than POWER_UDEV_WAIT_MS is not an
 * error, the device already opens.
 */
int power_wait_device(const char *path, const char *udev_data_dir,
		      unsigned int timeout_ms, unsigned int poll_ms,
		      unsigned int settle_ms);

/*
 * Run argv (no shell), wait at most timeout_ms. Returns 0 on exit status
 * 0, -EIO on another status or a signal, -ENOENT/-EACCES when it cannot
 * be executed, -ETIMEDOUT (the child is killed and reaped) on timeout.
 */
int power_run_command(char *const argv[], unsigned int timeout_ms);

#endif
