/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Serial line I/O (see serial.h). poll() bounds every wait, so a modem that
 * stops answering costs at most the caller's deadline; descriptors may be
 * blocking or not (pppd hands over its tty with O_NONBLOCK cleared, tests use
 * sockets), hence EAGAIN just means "poll again".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "serial.h"

int serial_discard_input(int fd)
{
	/* Old URCs and half lines from before we came would only confuse. */
	if (isatty(fd) && tcflush(fd, TCIFLUSH) < 0)
		return -errno;
	return 0;
}

static int serial_make_raw(int fd)
{
	struct termios tio;

	if (!isatty(fd))
		return 0;
	if (tcgetattr(fd, &tio) < 0)
		return -errno;
	cfmakeraw(&tio);
	tio.c_cflag |= CLOCAL | CREAD;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &tio) < 0)
		return -errno;
	return serial_discard_input(fd);
}

int serial_open(const char *path, int *fd)
{
	int r, f;

	f = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (f < 0)
		return -errno;
	r = serial_make_raw(f);
	if (r < 0) {
		close(f);
		return r;
	}
	*fd = f;
	return 0;
}

/* Waits for events on fd until deadline; 0 when ready, -errno otherwise. */
static int serial_wait(int fd, short events, int64_t deadline_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int r;

	for (;;) {
		left = deadline_ms - clock_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

int serial_read_byte(int fd, char *c, int64_t deadline_ms)
{
	ssize_t n;
	int r;

	for (;;) {
		r = serial_wait(fd, POLLIN, deadline_ms);
		if (r < 0)
			return r;
		n = read(fd, c, 1);
		if (n >= 0)
			return (int)n;
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}

int serial_write_all(int fd, const void *buf, size_t len, int64_t deadline_ms)
{
	const char *p = buf;
	ssize_t n;
	int r;

	while (len > 0) {
		r = serial_wait(fd, POLLOUT, deadline_ms);
		if (r < 0)
			return r;
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
