/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state files under /run/ltepi (statefile.h): names, the reading and
 * replacing edges, and the pure key-value line reader.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "statefile.h"

int statefile_link_name(const char *linkname, const char *device, char *buf,
			size_t len)
{
	const char *name = "ppp";
	size_t i;

	if (linkname && linkname[0])
		name = linkname;
	else if (device && device[0])
		name = strrchr(device, '/') ? strrchr(device, '/') + 1 : device;
	if (!name[0])
		name = "ppp";
	if (len == 0)
		return -ENAMETOOLONG;
	for (i = 0; name[i]; i++) {
		if (i + 1 >= len)
			return -ENAMETOOLONG;
		buf[i] = names_safe_char(name[i]) ? name[i] : '_';
	}
	buf[i] = '\0';
	if (buf[0] == '.')
		buf[0] = '_'; /* no "..", no hidden file */
	return 0;
}

int statefile_path(const char *dir, const char *linkname, const char *device,
		   const char *suffix, char *buf, size_t len)
{
	char name[128];
	int n;

	if (statefile_link_name(linkname, device, name, sizeof(name)) < 0)
		return -ENAMETOOLONG;
	n = snprintf(buf, len, "%s/%s.%s", dir, name, suffix);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int statefile_read(const char *path, char *buf, size_t size)
{
	struct stat sb;
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	if (fstat(fd, &sb) < 0)
		r = -errno;
	else if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size >= size)
		r = -EINVAL;
	else if ((n = read(fd, buf, size)) < 0)
		r = -errno;
	else
		r = (size_t)n >= size ? -EINVAL : (int)n;
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

int statefile_replace(const char *path, const char *text, size_t len)
{
	char tmp[4096 + 16];
	int fd, r;

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
	/* The umask must not make a world-readable state file private. */
	if (fchmod(fd, 0644) < 0)
		r = -errno;
	errno = 0;
	if (r == 0 && write(fd, text, len) != (ssize_t)len)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp);
	return r;
}

int statefile_next_line(const char *text, size_t len, size_t *pos,
			struct statefile_line *line)
{
	while (*pos < len) {
		const char *start = text + *pos;
		const char *nl = memchr(start, '\n', len - *pos);
		size_t n = nl ? (size_t)(nl - start) : len - *pos;
		const char *sp;

		*pos += n + (nl ? 1 : 0);
		if (memchr(start, '\0', n))
			return -EINVAL;
		if (n == 0 || start[0] == '#')
			continue;
		sp = memchr(start, ' ', n);
		if (!sp || sp == start)
			return -EINVAL;
		line->key = start;
		line->key_len = (size_t)(sp - start);
		line->value = sp + 1;
		line->value_len = n - line->key_len - 1;
		return 1;
	}
	return 0;
}

int statefile_key_is(const struct statefile_line *line, const char *key)
{
	return strlen(key) == line->key_len &&
	       memcmp(line->key, key, line->key_len) == 0;
}

static int is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

const char *statefile_clean_text(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = is_control(s[i]) ? '?' : s[i];
	if (len)
		buf[i] = '\0';
	return buf;
}

int statefile_copy_text(const char *s, size_t n, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is_control(s[i]))
			return -EINVAL;
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(buf, s, n);
	/* All of it: a key given twice leaves nothing of the first value. */
	memset(buf + n, 0, len - n);
	return 0;
}
