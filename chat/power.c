// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modem power sequencing for ltepi-modem (see power.h for the contract
 * and the LTEPi board profile).
 *
 * The order of checks matters more than anything else here: the LTEPi's
 * POWER_KEY is a toggle, so "switch on" is "if absent, pulse", and a
 * wrong presence answer switches a working modem off. Presence is
 * decided from the USB ids in sysfs (what the vendor's scripts used via
 * lsusb), falling back to the device node when sysfs cannot be read, and
 * to the caller's AT probe when one is given.
 *
 * Commands run with stdin on /dev/null and stdout on stderr: under pppd
 * the helper's own stdin/stdout are the modem's tty, which a power script
 * must never read or write.
 */
#define _GNU_SOURCE /* pidfd_open */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "power.h"

#define USB_SYSFS_ROOT "/sys/bus/usb/devices"
#define POWER_CONSUMER "ltepi-modem"

__attribute__((format(printf, 2, 3))) static void
set_err(const struct power_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (!cfg->err || cfg->err_len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(cfg->err, cfg->err_len, fmt, ap);
	va_end(ap);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void power_config_default(struct power_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->backend = POWER_BACKEND_NONE;
	cfg->power_key_active = 1;
	cfg->command_timeout_ms = 30000;
	cfg->appear_timeout_ms = 40000;
	cfg->gone_timeout_ms = 30000;
	cfg->settle_ms = 1000;
	cfg->poll_ms = 200;
}

void power_config_ltepi2(struct power_config *cfg)
{
	power_config_default(cfg);
	cfg->backend = POWER_BACKEND_GPIO;
	cfg->power_key = "GPIO20";
	cfg->hold[0] = (struct power_hold_line){ "GPIO21", 1 }; /* RESET_N */
	cfg->hold[1] = (struct power_hold_line){ "GPIO6", 1 };	/* W_DISABLE */
	cfg->on_pulse_ms = 2000;
	cfg->off_pulse_ms = 3000;
	cfg->usb_vendor = 0x1ecb;
	cfg->usb_products[0] = 0x0202; /* ACM: PPP on ttyACM0 */
	cfg->usb_products[1] = 0x0208; /* ECM: router mode */
	cfg->device = "/dev/ttyACM0";
}

/* Reads a sysfs hex attribute such as idVendor ("1ecb\n"). */
static int read_hex_attr(int dirfd, const char *name, unsigned long *out)
{
	char buf[16], *end;
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*out = strtoul(buf, &end, 16);
	return end == buf ? -EINVAL : 0;
}

static int usb_dev_matches(int rootfd, const char *dev, uint16_t vendor,
			   const uint16_t *products)
{
	unsigned long vid, pid;
	int fd, r = 0, i;

	fd = openat(rootfd, dev, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (read_hex_attr(fd, "idVendor", &vid) == 0 && vid == vendor &&
	    read_hex_attr(fd, "idProduct", &pid) == 0) {
		for (i = 0; i < POWER_MAX_USB_PRODUCTS && products[i]; i++)
			r |= pid == products[i];
	}
	close(fd);
	return r;
}

int power_usb_id_present(const char *root, uint16_t vendor,
			 const uint16_t *products)
{
	struct dirent *d;
	int found = 0;
	DIR *dir = opendir(root ? root : USB_SYSFS_ROOT);

	if (!dir)
		return -errno;
	while (!found && (d = readdir(dir))) {
		if (d->d_name[0] != '.')
			found = usb_dev_matches(dirfd(dir), d->d_name, vendor,
						products);
	}
	closedir(dir);
	return found;
}

static int device_answers(const struct power_config *cfg)
{
	if (!cfg->device || access(cfg->device, F_OK))
		return 0;
	return cfg->probe ? cfg->probe(cfg->device, cfg->probe_arg) == 0 : 1;
}

int power_modem_present(const struct power_config *cfg)
{
	int r;

	if (cfg->usb_vendor) {
		r = power_usb_id_present(cfg->usb_sysfs_root, cfg->usb_vendor,
					 cfg->usb_products);
		/*
		 * The USB id is authoritative, except that a caller's probe
		 * may still find the modem, and an unreadable sysfs
		 * (containers) falls back to the device node.
		 */
		if (r == 1 || (r == 0 && !cfg->probe))
			return r;
	}
	return device_answers(cfg);
}

/* 0 once path opens read/write, -errno until then. */
static int device_opens(const char *path)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * udev's database entry for a character device, "<dir>/c166:0"; -ENOENT
 * when udev does not run here or path is no character device (tests use
 * plain files), so that there is nothing of udev's to wait for.
 */
static int udev_db_path(const char *path, const char *dir, char *buf,
			size_t len)
{
	struct stat st;

	if (!dir)
		dir = "/run/udev/data";
	if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    access(dir, F_OK) < 0)
		return -ENOENT;
	snprintf(buf, len, "%s/c%u:%u", dir, major(st.st_rdev),
		 minor(st.st_rdev));
	return 0;
}

int power_wait_device(const char *path, const char *udev_data_dir,
		      unsigned int timeout_ms, unsigned int poll_ms,
		      unsigned int settle_ms)
{
	long long deadline = clock_now_ms() + timeout_ms, udev_deadline;
	char db[PATH_MAX];

	while (device_opens(path) < 0) {
		if (clock_now_ms() >= deadline)
			return -ETIMEDOUT;
		sleep_ms(poll_ms ? poll_ms : 1);
	}
	if (udev_db_path(path, udev_data_dir, db, sizeof(db)) < 0) {
		sleep_ms(settle_ms);
		return 0;
	}
	udev_deadline = clock_now_ms() + POWER_UDEV_WAIT_MS;
	if (udev_deadline > deadline)
		udev_deadline = deadline;
	while (access(db, F_OK) < 0 && clock_now_ms() < udev_deadline)
		sleep_ms(poll_ms ? poll_ms : 1);
	return 0;
}

/* The child's side: returns only by _exit(). errno goes up the pipe. */
static void run_child(char *const argv[], int errpipe)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int err;

	setpgid(0, 0);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		goto fail;
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
fail:
	err = errno;
	if (write(errpipe, &err, sizeof(err)) != sizeof(err))
		_exit(126);
	_exit(127);
}

/* 0 when it exited in time (status in *status), -ETIMEDOUT otherwise. */
static int wait_child(pid_t pid, unsigned int timeout_ms, int *status)
{
	struct pollfd pfd = { .events = POLLIN };
	int r = 0;

	pfd.fd = pidfd_open(pid, 0);
	if (pfd.fd < 0)
		r = -errno;
	else if (poll(&pfd, 1,
		      (int)(timeout_ms > INT_MAX ? INT_MAX : timeout_ms)) == 0)
		r = -ETIMEDOUT;
	if (r) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	if (pfd.fd >= 0)
		close(pfd.fd);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return r;
}

int power_run_command(char *const argv[], unsigned int timeout_ms)
{
	int pipefd[2], status, child_errno = 0, r;
	ssize_t n;
	pid_t pid;

	if (!argv || !argv[0])
		return -EINVAL;
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		r = -errno;
		goto out_close_pipe;
	}
	if (pid == 0)
		run_child(argv, pipefd[1]);
	close(pipefd[1]);
	pipefd[1] = -1;
	/* EOF (exec succeeded, close-on-exec) or the child's errno */
	while ((n = read(pipefd[0], &child_errno, sizeof(child_errno))) < 0 &&
	       errno == EINTR)
		;
	r = wait_child(pid, timeout_ms, &status);
	if (n == sizeof(child_errno))
		r = -child_errno;
	else if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		r = -EIO;
out_close_pipe:
	close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	return r;
}

static int gpio_pulse(const struct power_config *cfg, unsigned int ms)
{
	const struct gpio_ops *ops =
	    cfg->gpio_ops ? cfg->gpio_ops : &gpio_ops_libgpiod;
	const char *names[1 + POWER_MAX_HOLD_LINES];
	int values[1 + POWER_MAX_HOLD_LINES];
	int active = cfg->power_key_active ? 1 : 0;
	struct gpio_lines *lines;
	size_t n = 1, i;
	int r;

	names[0] = cfg->power_key;
	values[0] = !active;
	for (i = 0; i < POWER_MAX_HOLD_LINES && cfg->hold[i].name; i++) {
		names[n] = cfg->hold[i].name;
		values[n++] = cfg->hold[i].value ? 1 : 0;
	}
	r = ops->request(cfg->gpio_chip, names, values, n, POWER_CONSUMER,
			 &lines, cfg->err, cfg->err_len);
	if (r)
		return r;
	r = ops->set(lines, 0, active);
	if (r == 0) {
		sleep_ms(ms);
		r = ops->set(lines, 0, !active);
	}
	if (r)
		set_err(cfg, "driving GPIO line \"%s\": %s", cfg->power_key,
			strerror(-r));
	ops->release(lines);
	return r;
}

static int run_power_command(const struct power_config *cfg, char *const argv[],
			     const char *what)
{
	int r;

	if (!argv || !argv[0]) {
		set_err(cfg, "no power-%s command configured", what);
		return -EINVAL;
	}
	r = power_run_command(argv, cfg->command_timeout_ms);
	if (r == -ETIMEDOUT)
		set_err(cfg, "power-%s command %s: no exit within %u ms", what,
			argv[0], cfg->command_timeout_ms);
	else if (r == -EIO)
		set_err(cfg, "power-%s command %s failed", what, argv[0]);
	else if (r)
		set_err(cfg, "power-%s command %s: %s", what, argv[0],
			strerror(-r));
	return r;
}

static int switch_power(const struct power_config *cfg, bool on)
{
	switch (cfg->backend) {
	case POWER_BACKEND_GPIO:
		return gpio_pulse(cfg,
				  on ? cfg->on_pulse_ms : cfg->off_pulse_ms);
	case POWER_BACKEND_COMMAND:
		return run_power_command(cfg, on ? cfg->on_argv : cfg->off_argv,
					 on ? "on" : "off");
	default:
		return 0;
	}
}

static int wait_for_device(const struct power_config *cfg,
			   unsigned int settle_ms)
{
	int r;

	if (!cfg->device)
		return 0;
	r = power_wait_device(cfg->device, cfg->udev_data_dir,
			      cfg->appear_timeout_ms, cfg->poll_ms, settle_ms);
	if (r == -ETIMEDOUT)
		set_err(cfg, "%s did not %s within %u ms", cfg->device,
			access(cfg->device, F_OK) ? "appear" : "become usable",
			cfg->appear_timeout_ms);
	return r;
}

int power_config_check(const struct power_config *cfg)
{
	if (cfg->backend != POWER_BACKEND_GPIO)
		return 0;
	if (!cfg->power_key || !cfg->power_key[0]) {
		set_err(cfg, "the gpio power backend needs the power key's "
			     "line name: set 'power-key' (e.g. GPIO20) or "
			     "'board'");
		return -EINVAL;
	}
	if (!cfg->on_pulse_ms || !cfg->off_pulse_ms) {
		set_err(cfg, "the gpio power backend needs the power key's "
			     "pulse lengths: set 'power-on-pulse' and "
			     "'power-off-pulse' (e.g. 2s and 3s) or 'board'");
		return -EINVAL;
	}
	return 0;
}

int power_on(const struct power_config *cfg)
{
	int r = power_config_check(cfg);

	if (r == 0)
		r = power_modem_present(cfg);
	if (r < 0)
		return r;
	if (r == 1)
		return wait_for_device(cfg, 0);
	r = switch_power(cfg, true);
	if (r)
		return r;
	return wait_for_device(cfg, cfg->settle_ms);
}

int power_off(const struct power_config *cfg)
{
	long long deadline = clock_now_ms() + cfg->gone_timeout_ms;
	int r;

	if (cfg->backend == POWER_BACKEND_NONE) {
		set_err(cfg, "no power backend configured");
		return -EOPNOTSUPP;
	}
	r = power_config_check(cfg);
	if (r == 0)
		r = power_modem_present(cfg);
	if (r <= 0)
		return r;
	r = switch_power(cfg, false);
	if (r)
		return r;
	while ((r = power_modem_present(cfg)) == 1) {
		if (clock_now_ms() >= deadline) {
			set_err(cfg,
				"modem still present %u ms after "
				"switching it off",
				cfg->gone_timeout_ms);
			return -ETIMEDOUT;
		}
		sleep_ms(cfg->poll_ms ? cfg->poll_ms : 1);
	}
	return r;
}
