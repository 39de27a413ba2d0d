/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SMS replay counters on disk (see sms-state.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sms-state.h"

#define SMS_STATE_MAX 64

int sms_counter_parse(const char *text, size_t len, uint64_t *counter)
{
	char buf[SMS_STATE_MAX], *end;
	unsigned long long v;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (strncmp(buf, "counter ", 8) != 0 || buf[8] < '0' || buf[8] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(buf + 8, &end, 10);
	if (errno || (*end != '\0' && strcmp(end, "\n") != 0))
		return -EINVAL;
	*counter = v;
	return 0;
}

int sms_counter_load(const char *path, uint64_t *counter, char *err,
		     size_t errlen)
{
	char buf[SMS_STATE_MAX];
	ssize_t n;
	int fd, r = 0;

	*counter = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-r));
		return r;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		r = -errno;
	else if (sms_counter_parse(buf, (size_t)n, counter) < 0)
		r = -EINVAL;
	if (r == -EINVAL)
		snprintf(err, errlen,
			 "%s is not a 'counter N' line; remove it only if no "
			 "old message may be replayed (every counter becomes "
			 "new again)",
			 path);
	else if (r)
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-r));
	close(fd);
	return r;
}

static int sync_dir_of(const char *path)
{
	char copy[PATH_MAX];
	int fd, r = 0;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

int sms_counter_save(const char *path, uint64_t counter, char *err,
		     size_t errlen)
{
	char tmp[PATH_MAX], line[SMS_STATE_MAX];
	int fd, n, r = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(-r));
		return r;
	}
	n = snprintf(line, sizeof(line), "counter %" PRIu64 "\n", counter);
	if (write(fd, line, (size_t)n) != n || fsync(fd) < 0)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r == 0)
		r = sync_dir_of(path);
	if (r) {
		unlink(tmp);
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(-r));
	}
	return r;
}

int sms_state_path(const char *dir, char *path, size_t len, char *err,
		   size_t errlen)
{
	int n;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		int r = -errno;

		snprintf(err, errlen, "cannot create sms-state-dir %s: %s", dir,
			 strerror(-r));
		return r;
	}
	n = snprintf(path, len, "%s/%s", dir, SMS_STATE_FILE);
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "sms-state-dir %s: path too long", dir);
		return -ENAMETOOLONG;
	}
	return 0;
}
