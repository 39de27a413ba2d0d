// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of chat/power.c: the pulse sequence through a fake
 * gpio_ops (which also plays the modem: a pulse toggles it, creating or
 * removing its sysfs USB entry and its device node), the "already on
 * means no pulse" rule that keeps a toggle key from switching a running
 * modem off, waiting for a device that appears later, the USB id scan
 * over a fake sysfs tree, and the command backend with real programs.
 * Timings are scaled down to tens of milliseconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"
#include "power.h"

static char dir[256], usb_root[300], usb_dev[320], device[300], udev_dir[300];

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Make the fake sysfs hold a USB device with these ids, or none. */
static void fake_usb(const char *vid, const char *pid)
{
	char path[400];

	snprintf(path, sizeof(path), "%s/idVendor", usb_dev);
	unlink(path);
	snprintf(path, sizeof(path), "%s/idProduct", usb_dev);
	unlink(path);
	rmdir(usb_dev);
	if (!vid)
		return;
	mkdir(usb_dev, 0755);
	snprintf(path, sizeof(path), "%s/idVendor", usb_dev);
	write_file(path, vid);
	snprintf(path, sizeof(path), "%s/idProduct", usb_dev);
	write_file(path, pid);
}

static bool modem_on;

static void fake_modem_power(bool on)
{
	modem_on = on;
	fake_usb(on ? "1ecb\n" : NULL, "0202\n");
	if (on)
		write_file(device, "");
	else
		unlink(device);
}

/* ---- fake GPIO: records the calls, toggles the modem on a pulse ---- */

struct gpio_lines {
	int dummy;
};

static struct {
	char log[1024];
	int requests, releases, sets;
	long long high_since, pulse_ms;
	int fail_request;
	bool toggles_modem;
} fake;

static struct gpio_lines fake_lines;

static int fake_request(const char *chip, const char *const names[],
			const int values[], size_t n, const char *consumer,
			struct gpio_lines **out, char *err, size_t err_len)
{
	size_t i, len;

	fake.requests++;
	if (fake.fail_request) {
		snprintf(err, err_len, "GPIO line \"%s\" not found", names[0]);
		return fake.fail_request;
	}
	for (i = 0; i < n; i++) {
		len = strlen(fake.log);
		snprintf(fake.log + len, sizeof(fake.log) - len, "%s=%d ",
			 names[i], values[i]);
	}
	*out = &fake_lines;
	return 0;
}

static int fake_set(struct gpio_lines *lines, size_t idx, int value)
{
	size_t len = strlen(fake.log);

	fake.sets++;
	snprintf(fake.log + len, sizeof(fake.log) - len, "set%zu=%d ", idx,
		 value);
	if (value) {
		fake.high_since = now_ms();
	} else {
		fake.pulse_ms = now_ms() - fake.high_since;
		if (fake.toggles_modem)
			fake_modem_power(!modem_on);
	}
	return 0;
}

static void fake_release(struct gpio_lines *lines)
{
	size_t len = strlen(fake.log);

	fake.releases++;
	snprintf(fake.log + len, sizeof(fake.log) - len, "release");
}

static const struct gpio_ops fake_ops = {
	.request = fake_request,
	.set = fake_set,
	.release = fake_release,
};

static char err[512];

static void test_config(struct power_config *cfg)
{
	power_config_ltepi2(cfg);
	cfg->gpio_ops = &fake_ops;
	cfg->usb_sysfs_root = usb_root;
	cfg->device = device;
	cfg->on_pulse_ms = 40;
	cfg->off_pulse_ms = 60;
	cfg->appear_timeout_ms = 300;
	cfg->gone_timeout_ms = 200;
	cfg->settle_ms = 20;
	cfg->poll_ms = 10;
	cfg->udev_data_dir = udev_dir;
	cfg->err = err;
	cfg->err_len = sizeof(err);
	memset(&fake, 0, sizeof(fake));
	fake.toggles_modem = true;
	err[0] = '\0';
}

static void test_profile(void)
{
	struct power_config cfg;

	power_config_ltepi2(&cfg);
	is_str(cfg.power_key, "GPIO20", "ltepi2: POWER_KEY GPIO20");
	is_str(cfg.hold[0].name, "GPIO21", "ltepi2: RESET_N GPIO21");
	is_str(cfg.hold[1].name, "GPIO6", "ltepi2: W_DISABLE GPIO6");
	ok(cfg.hold[0].value == 1 && cfg.hold[1].value == 1 &&
	       !cfg.hold[2].name,
	   "ltepi2: both held high, nothing else");
	ok(cfg.on_pulse_ms == 2000 && cfg.off_pulse_ms == 3000,
	   "ltepi2: 2 s on, 3 s off");
	ok(cfg.usb_vendor == 0x1ecb && cfg.usb_products[0] == 0x0202 &&
	       cfg.usb_products[1] == 0x0208 && !cfg.usb_products[2],
	   "ltepi2: USB 1ecb:0202/0208");
	is_str(cfg.device, "/dev/ttyACM0", "ltepi2: /dev/ttyACM0");
}

static void test_on_pulses_when_absent(void)
{
	struct power_config cfg;
	long long t0;

	test_config(&cfg);
	fake_modem_power(false);
	t0 = now_ms();
	is_int(power_on(&cfg), 0, "power_on from off");
	is_str(fake.log, "GPIO20=0 GPIO21=1 GPIO6=1 set0=1 set0=0 release",
	       "request low with holds high, pulse, release");
	ok(fake.pulse_ms >= 40 && fake.pulse_ms < 200,
	   "pulse lasted the on time (%lld ms)", fake.pulse_ms);
	ok(now_ms() - t0 >= 40 + 20, "settle delay after the device opened");
	ok(modem_on, "the fake modem is on");
}

static void test_on_leaves_running_modem(void)
{
	struct power_config cfg;

	test_config(&cfg);
	fake_modem_power(true);
	is_int(power_on(&cfg), 0, "power_on when already on");
	is_int(fake.requests, 0,
	       "no GPIO touched: a pulse would switch it off");
	ok(modem_on, "modem still on");

	test_config(&cfg);
	fake_modem_power(false);
	fake_usb("1ecb\n", "0208\n"); /* router (ECM) composition */
	write_file(device, "");
	is_int(power_on(&cfg), 0, "power_on with the ECM id present");
	is_int(fake.requests, 0, "ECM id counts as on");
}

static int probe_result;
static int probe_calls;

static int fake_probe(const char *dev, void *arg)
{
	probe_calls++;
	return probe_result;
}

static void test_probe(void)
{
	struct power_config cfg;

	test_config(&cfg);
	fake_modem_power(false);
	write_file(device, "");
	cfg.probe = fake_probe;
	probe_result = 0;
	probe_calls = 0;
	is_int(power_modem_present(&cfg), 1,
	       "no USB id, but the AT probe answers");
	is_int(probe_calls, 1, "probe called once");
	probe_result = -ETIMEDOUT;
	is_int(power_modem_present(&cfg), 0, "probe silent: absent");
	cfg.probe = NULL;
	is_int(power_modem_present(&cfg), 0,
	       "no probe: the USB id alone decides");
	cfg.usb_sysfs_root = "/nonexistent/sysfs";
	is_int(power_modem_present(&cfg), 1,
	       "unreadable sysfs falls back to the device node");
}

static void test_off(void)
{
	struct power_config cfg;

	test_config(&cfg);
	fake_modem_power(true);
	is_int(power_off(&cfg), 0, "power_off from on");
	ok(fake.pulse_ms >= 60, "off pulse lasted the off time (%lld ms)",
	   fake.pulse_ms);
	ok(!modem_on, "the fake modem is off");

	test_config(&cfg);
	is_int(power_off(&cfg), 0, "power_off when already off");
	is_int(fake.requests, 0, "no pulse when already off");

	test_config(&cfg);
	fake.toggles_modem = false;
	fake_modem_power(true);
	is_int(power_off(&cfg), -ETIMEDOUT, "modem that stays on");
	is_str(err, "modem still present 200 ms after switching it off",
	       "timeout explained");

	test_config(&cfg);
	cfg.backend = POWER_BACKEND_NONE;
	is_int(power_off(&cfg), -EOPNOTSUPP, "backend none cannot switch off");
}

static void test_gpio_errors(void)
{
	struct power_config cfg;

	test_config(&cfg);
	fake_modem_power(false);
	fake.fail_request = -ENOENT;
	is_int(power_on(&cfg), -ENOENT, "unknown line: -ENOENT");
	is_str(err, "GPIO line \"GPIO20\" not found", "the ops' message kept");
	is_int(fake.sets, 0, "nothing driven");

	test_config(&cfg);
	cfg.power_key = NULL;
	is_int(power_on(&cfg), -EINVAL, "no POWER_KEY configured");
	is_str(err,
	       "the gpio power backend needs the power key's line name: set "
	       "'power-key' (e.g. GPIO20) or 'board'",
	       "explained");
	is_int(fake.requests, 0, "nothing requested");
}

/* Boards other than the LTEPi: every gpio detail comes from the config. */
static void test_other_board(void)
{
	struct power_config cfg;

	power_config_default(&cfg);
	cfg.backend = POWER_BACKEND_GPIO;
	cfg.power_key = "PWRKEY";
	cfg.err = err;
	cfg.err_len = sizeof(err);
	is_int(power_config_check(&cfg), -EINVAL,
	       "gpio with the default 0 ms pulses refused");
	is_str(err,
	       "the gpio power backend needs the power key's pulse lengths: "
	       "set 'power-on-pulse' and 'power-off-pulse' (e.g. 2s and 3s) "
	       "or 'board'",
	       "names the keys to set");
	cfg.on_pulse_ms = 500;
	is_int(power_config_check(&cfg), -EINVAL, "an off pulse is needed too");
	cfg.off_pulse_ms = 800;
	is_int(power_config_check(&cfg), 0, "both pulses: fine");
	cfg.backend = POWER_BACKEND_COMMAND;
	cfg.on_pulse_ms = 0;
	is_int(power_config_check(&cfg), 0, "pulses only matter for gpio");

	test_config(&cfg);
	cfg.on_pulse_ms = 0;
	fake_modem_power(false);
	is_int(power_on(&cfg), -EINVAL, "power_on refuses a 0 ms pulse");
	is_int(fake.requests, 0, "before any line is requested");

	/* active low key, own hold lines, own pulse length */
	test_config(&cfg);
	fake_modem_power(false);
	fake.toggles_modem = false;
	cfg.power_key = "PWRKEY";
	cfg.power_key_active = 0;
	memset(cfg.hold, 0, sizeof(cfg.hold));
	cfg.hold[0] = (struct power_hold_line){ "RESET", 1 };
	cfg.hold[1] = (struct power_hold_line){ "AIRPLANE", 0 };
	cfg.hold[2] = (struct power_hold_line){ "VBUS_EN", 1 };
	cfg.on_pulse_ms = 30;
	cfg.appear_timeout_ms = 20;
	(void)power_on(&cfg);
	is_str(fake.log,
	       "PWRKEY=1 RESET=1 AIRPLANE=0 VBUS_EN=1 set0=0 set0=1 release",
	       "active low: requested high, pulsed low, holds as configured");
}

static void test_on_timeout(void)
{
	struct power_config cfg;
	long long t0;

	test_config(&cfg);
	fake.toggles_modem = false;
	fake_modem_power(false);
	t0 = now_ms();
	is_int(power_on(&cfg), -ETIMEDOUT, "device never appears");
	ok(now_ms() - t0 < 1000, "bounded by appear_timeout_ms");
	snprintf(err + strlen(err), sizeof(err) - strlen(err), "|");
	ok(strstr(err, " did not appear within 300 ms|") != NULL,
	   "timeout explained: %s", err);
}

static void *create_later(void *arg)
{
	struct timespec ts = { 0, 100 * 1000000 };
	const char *what = arg;

	nanosleep(&ts, NULL);
	if (strcmp(what, "fifo") == 0) {
		mkfifo(device, 0600);
	} else if (strcmp(what, "symlink") == 0) {
		char target[400];

		snprintf(target, sizeof(target), "%s.target", device);
		write_file(target, "");
		symlink(target, device);
	} else {
		write_file(device, "");
	}
	return NULL;
}

static char udev_entry[400];

/* udev makes the node (here: a link to /dev/null), and later its entry. */
static void *udev_later(void *arg)
{
	struct timespec node = { 0, 100 * 1000000 }, db = { 0, 200 * 1000000 };

	nanosleep(&node, NULL);
	symlink("/dev/null", device);
	nanosleep(&db, NULL);
	write_file(udev_entry, "");
	return NULL;
}

static void test_wait_udev(void)
{
	struct stat st;
	pthread_t th;
	long long t0, took;

	if (stat("/dev/null", &st) < 0 || !S_ISCHR(st.st_mode)) {
		diag("/dev/null is no character device: udev test skipped");
		return;
	}
	mkdir(udev_dir, 0755);
	snprintf(udev_entry, sizeof(udev_entry), "%s/c%u:%u", udev_dir,
		 major(st.st_rdev), minor(st.st_rdev));
	unlink(udev_entry);
	t0 = now_ms();
	pthread_create(&th, NULL, udev_later, NULL);
	is_int(power_wait_device(device, udev_dir, 2000, 10, 5000), 0,
	       "udev: node after 100 ms, database entry after 300 ms");
	took = now_ms() - t0;
	pthread_join(th, NULL);
	ok(took >= 300 && took < 1000,
	   "waited for udev's entry, not the settle time (%lld ms)", took);

	t0 = now_ms();
	is_int(power_wait_device(device, udev_dir, 2000, 10, 5000), 0,
	       "udev done already");
	ok(now_ms() - t0 < 100, "no wait at all (%lld ms)", now_ms() - t0);

	unlink(udev_entry);
	t0 = now_ms();
	is_int(power_wait_device(device, udev_dir, 300, 10, 5000), 0,
	       "udev never done: the device opens, so it is used");
	took = now_ms() - t0;
	ok(took >= 300 && took < 1000, "after the timeout (%lld ms)", took);

	rmdir(udev_dir);
	t0 = now_ms();
	is_int(power_wait_device(device, udev_dir, 2000, 10, 150), 0,
	       "no udev: settle time");
	took = now_ms() - t0;
	ok(took >= 150 && took < 1000, "slept settle_ms (%lld ms)", took);
	unlink(device);
}

static void test_wait_device(void)
{
	static const char *const kinds[] = { "file", "fifo", "symlink" };
	char target[400], msg[80];
	pthread_t th;
	long long t0, took;
	size_t i;
	int r;

	snprintf(target, sizeof(target), "%s.target", device);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		unlink(device);
		unlink(target);
		t0 = now_ms();
		pthread_create(&th, NULL, create_later, (void *)kinds[i]);
		r = power_wait_device(device, udev_dir, 2000, 10, 50);
		took = now_ms() - t0;
		pthread_join(th, NULL);
		snprintf(msg, sizeof(msg), "%s appearing after 100 ms",
			 kinds[i]);
		is_int(r, 0, msg);
		ok(took >= 150 && took < 1000,
		   "waited for it and the settle time (%lld ms)", took);
	}
	unlink(device);
	unlink(target);
	test_wait_udev();

	/* a dangling symlink is not a device yet */
	symlink("/nonexistent/ttyACM0", device);
	is_int(power_wait_device(device, udev_dir, 100, 10, 0), -ETIMEDOUT,
	       "dangling symlink times out");
	unlink(device);
	t0 = now_ms();
	is_int(power_wait_device(device, udev_dir, 100, 10, 0), -ETIMEDOUT,
	       "absent device times out");
	took = now_ms() - t0;
	ok(took >= 100 && took < 500, "after about the timeout (%lld ms)",
	   took);
}

static void test_usb_ids(void)
{
	static const uint16_t ltepi[] = { 0x0202, 0x0208, 0 };
	static const uint16_t other[] = { 0x9999, 0 };

	fake_usb("1ecb\n", "0208\n");
	is_int(power_usb_id_present(usb_root, 0x1ecb, ltepi), 1,
	       "1ecb:0208 found");
	is_int(power_usb_id_present(usb_root, 0x1ecb, other), 0,
	       "other product not found");
	is_int(power_usb_id_present(usb_root, 0x2c7c, ltepi), 0,
	       "other vendor not found");
	fake_usb(NULL, NULL);
	is_int(power_usb_id_present(usb_root, 0x1ecb, ltepi), 0, "empty bus");
	is_int(power_usb_id_present("/nonexistent/sysfs", 0x1ecb, ltepi),
	       -ENOENT, "missing sysfs root: -ENOENT");
}

static void test_command(void)
{
	char *const t[] = { (char[]){ "/bin/true" }, NULL };
	char *const f[] = { (char[]){ "/bin/false" }, NULL };
	char *const slow[] = { (char[]){ "/bin/sleep" }, (char[]){ "5" },
			       NULL };
	char *const missing[] = { (char[]){ "/nonexistent/power-on" }, NULL };
	char *const inpath[] = { (char[]){ "true" }, NULL };
	char *const stdio[] = {
		(char[]){ "/bin/sh" }, (char[]){ "-c" },
		(char[]){ "[ \"$(readlink /proc/$$/fd/0)\" = /dev/null ] && "
			  "[ /proc/$$/fd/1 -ef /proc/$$/fd/2 ]" },
		NULL
	};
	struct power_config cfg;
	char *on[3];
	long long t0;

	is_int(power_run_command(t, 1000), 0, "/bin/true: 0");
	is_int(power_run_command(inpath, 1000), 0, "found in PATH");
	is_int(power_run_command(f, 1000), -EIO, "/bin/false: -EIO");
	is_int(power_run_command(missing, 1000), -ENOENT,
	       "missing program: -ENOENT");
	t0 = now_ms();
	is_int(power_run_command(slow, 100), -ETIMEDOUT, "slow: -ETIMEDOUT");
	ok(now_ms() - t0 < 1000, "killed at the timeout (%lld ms)",
	   now_ms() - t0);
	is_int(power_run_command(stdio, 1000), 0,
	       "stdin is /dev/null and stdout is stderr, never the modem tty");

	test_config(&cfg);
	fake_modem_power(false);
	cfg.backend = POWER_BACKEND_COMMAND;
	on[0] = (char[]){ "touch" };
	on[1] = device;
	on[2] = NULL;
	cfg.on_argv = on;
	cfg.usb_vendor = 0;
	is_int(power_on(&cfg), 0, "command backend creates the device");
	ok(access(device, F_OK) == 0, "device there");

	test_config(&cfg);
	fake_modem_power(false);
	cfg.backend = POWER_BACKEND_COMMAND;
	cfg.on_argv = f;
	is_int(power_on(&cfg), -EIO, "failing on command");
	is_str(err, "power-on command /bin/false failed", "explained");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test-power.XXXXXX");
	if (!mkdtemp(dir))
		skip_all("mkdtemp: %s", strerror(errno));
	snprintf(usb_root, sizeof(usb_root), "%s/usb", dir);
	snprintf(usb_dev, sizeof(usb_dev), "%s/1-1", usb_root);
	snprintf(device, sizeof(device), "%s/ttyACM0", dir);
	snprintf(udev_dir, sizeof(udev_dir), "%s/udev-data", dir);
	mkdir(usb_root, 0755);

	test_profile();
	test_on_pulses_when_absent();
	test_on_leaves_running_modem();
	test_probe();
	test_off();
	test_gpio_errors();
	test_other_board();
	test_on_timeout();
	test_wait_device();
	test_usb_ids();
	test_command();

	fake_usb(NULL, NULL);
	rmdir(usb_root);
	unlink(device);
	rmdir(dir);
	return tap_done();
}
