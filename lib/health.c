/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared link-health file (see health.h): a pure parser, formatter and
 * decision, and the two I/O edges that read and atomically replace it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "health.h"

static int parse_number(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (max - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* One "key value" line (without its newline). */
static int parse_line(const char *line, size_t len, struct health_state *st)
{
	const char *sp = memchr(line, ' ', len);
	size_t klen;
	uint64_t v;

	if (len == 0 || line[0] == '#')
		return 0;
	if (!sp)
		return -EINVAL;
	klen = (size_t)(sp - line);
	if (parse_number(sp + 1, len - klen - 1, INT64_MAX, &v) < 0)
		return -EINVAL;
	if (klen == 8 && memcmp(line, "restarts", 8) == 0) {
		if (v > UINT32_MAX)
			return -EINVAL;
		st->restarts = (unsigned int)v;
	} else if (klen == 12 && memcmp(line, "last-restart", 12) == 0) {
		st->last_restart = (int64_t)v;
	} else if (klen == 9 && memcmp(line, "escalated", 9) == 0) {
		if (v > UINT32_MAX)
			return -EINVAL;
		st->escalated = (unsigned int)v;
	}
	return 0;
}

int health_parse(const char *text, size_t len, struct health_state *st)
{
	size_t pos = 0;

	*st = (struct health_state){ 0 };
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (memchr(text + pos, '\0', end - pos) ||
		    parse_line(text + pos, end - pos, st) < 0) {
			*st = (struct health_state){ 0 };
			return -EINVAL;
		}
		pos = end + 1;
	}
	return 0;
}

int health_format(const struct health_state *st, char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "# ltepi link health, see ltepi(8)\n"
			 "restarts %u\nlast-restart %" PRId64 "\n"
			 "escalated %u\n",
			 st->restarts, st->last_restart, st->escalated);

	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

enum health_action health_decide(const struct health_state *st,
				 unsigned int reset_after,
				 unsigned int power_after)
{
	if (st->restarts == 0 || st->restarts <= st->escalated)
		return HEALTH_NONE;
	if (power_after && st->restarts >= power_after)
		return HEALTH_POWER_CYCLE;
	if (reset_after && st->restarts >= reset_after)
		return HEALTH_RADIO_RESET;
	return HEALTH_NONE;
}

const char *health_action_name(enum health_action a)
{
	switch (a) {
	case HEALTH_RADIO_RESET:
		return "radio reset";
	case HEALTH_POWER_CYCLE:
		return "power cycle";
	case HEALTH_NONE:
		break;
	}
	return "none";
}

int health_path(const char *dir, const char *linkname, const char *device,
		char *buf, size_t len)
{
	const char *name = "ppp";
	char safe[64];
	size_t i;
	int n;

	if (linkname && linkname[0])
		name = linkname;
	else if (device && device[0])
		name = strrchr(device, '/') ? strrchr(device, '/') + 1 : device;
	if (!name[0])
		name = "ppp";
	for (i = 0; name[i] && i + 1 < sizeof(safe); i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			 c == '-';

		safe[i] = ok ? c : '_';
	}
	safe[i] = '\0';
	if (safe[0] == '.')
		safe[0] = '_'; /* no "..", no hidden file */
	n = snprintf(buf, len, "%s/%s.health", dir, safe);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int health_read(const char *path, struct health_state *st)
{
	char text[HEALTH_MAX_SIZE];
	struct stat sb;
	ssize_t n;
	int fd, r;

	*st = (struct health_state){ 0 };
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	if (fstat(fd, &sb) < 0)
		r = -errno;
	else if (!S_ISREG(sb.st_mode) || sb.st_size >= HEALTH_MAX_SIZE)
		r = -EINVAL;
	else if ((n = read(fd, text, sizeof(text))) < 0)
		r = -errno;
	else
		r = health_parse(text, (size_t)n, st);
	close(fd);
	return r;
}

static int make_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (len == 0 || len >= sizeof(dir))
		return 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int health_write(const char *path, const struct health_state *st)
{
	char text[HEALTH_MAX_SIZE], tmp[4096 + 16];
	int fd, len, r = 0;

	len = health_format(st, text, sizeof(text));
	if (len < 0)
		return len;
	if (snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	r = make_parent(path);
	if (r < 0)
		return r;
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return -errno;
	errno = 0;
	if (write(fd, text, (size_t)len) != len)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp);
	return r;
}
