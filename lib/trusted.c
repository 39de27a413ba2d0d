/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The trusted-file opener (trusted.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trusted.h"

/* The message, after "WHAT PATH " or "PATH: ". Returns -code. */
__attribute__((format(printf, 6, 7))) static int
say(char *err, size_t errlen, const struct trusted_policy *p, const char *path,
    int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->what)
		n = snprintf(err, errlen, "%s %s ", p->what, path);
	else
		n = snprintf(err, errlen, "%s: ", path);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -code;
}

static int check_owner(const struct trusted_policy *p, const char *path,
		       const struct stat *st, bool is_dir, char *err,
		       size_t errlen)
{
	uid_t euid = geteuid();
	const char *kind = is_dir ? "directory " : "";

	if ((st->st_mode & (S_IWGRP | S_IWOTH)) &&
	    !(is_dir && (st->st_mode & S_ISVTX)))
		return say(err, errlen, p, path, EACCES,
			   "%sis writable by group or others (mode %04o); "
			   "run chmod go-w on it",
			   kind, (unsigned int)(st->st_mode & 07777));
	if (st->st_uid != 0 && st->st_uid != euid) {
		if (euid == 0)
			return say(err, errlen, p, path, EACCES,
				   "%sis owned by uid %u, not by root", kind,
				   (unsigned int)st->st_uid);
		return say(err, errlen, p, path, EACCES,
			   "%sis owned by uid %u, neither root nor uid %u",
			   kind, (unsigned int)st->st_uid, (unsigned int)euid);
	}
	return 0;
}

/*
 * Where the opened file really is, symbolic links resolved: the kernel's
 * name for the descriptor, else (no /proc) realpath() of the name, which
 * can race with a rename; either way the result must still be that file.
 */
static int real_path(const struct trusted_policy *p, int fd, const char *path,
		     const struct stat *st, char *real, char *err,
		     size_t errlen)
{
	char proc[32];
	struct stat now;
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, real, PATH_MAX - 1);
	if (n > 0 && n < PATH_MAX - 1 && real[0] == '/')
		real[n] = '\0';
	else if (!realpath(path, real))
		return say(err, errlen, p, path, errno,
			   "cannot be resolved to its real path: %s",
			   strerror(errno));
	if (stat(real, &now) < 0 || now.st_dev != st->st_dev ||
	    now.st_ino != st->st_ino)
		return say(err, errlen, p, path, EACCES,
			   "was moved or replaced while being checked");
	return 0;
}

/* Every directory above real, up to /. */
static int check_ancestors(const struct trusted_policy *p, const char *path,
			   const char *real, char *err, size_t errlen)
{
	struct trusted_policy dirs = { .what = NULL };
	char dir[PATH_MAX], *slash;
	struct stat st;
	int r = 0;

	snprintf(dir, sizeof(dir), "%s", real);
	do {
		slash = strrchr(dir, '/');
		if (!slash)
			break;
		slash[slash == dir] = '\0'; /* keep the root's slash */
		if (lstat(dir, &st) < 0)
			r = say(err, errlen, &dirs, dir, errno, "%s",
				strerror(errno));
		else if (!S_ISDIR(st.st_mode))
			r = say(err, errlen, &dirs, dir, EACCES,
				"is not a directory any more");
		else
			r = check_owner(&dirs, dir, &st, true, err, errlen);
	} while (!r && strcmp(dir, "/") != 0);
	if (r < 0 && strcmp(real, path) != 0) {
		size_t used = strlen(err);

		/* The directory in the message is not in what was named. */
		snprintf(err + used, errlen - used, " (%s resolves to %s)",
			 path, real);
	}
	(void)p;
	return r;
}

static int check_fd(const struct trusted_policy *p, int fd, const char *path,
		    char *err, size_t errlen)
{
	char real[PATH_MAX];
	struct stat st;
	int r;

	if (fstat(fd, &st) < 0)
		return say(err, errlen, p, path, errno, "cannot be read: %s",
			   strerror(errno));
	if (!S_ISREG(st.st_mode))
		return say(err, errlen, p, path, EINVAL,
			   "is not a regular file");
	if (p->private_mode && (st.st_mode & (S_IRWXG | S_IRWXO)))
		return say(err, errlen, p, path, EACCES,
			   "is accessible by group or others (mode %04o); run "
			   "'chmod 600 %s'",
			   (unsigned int)(st.st_mode & 07777), path);
	r = check_owner(p, path, &st, false, err, errlen);
	if (r == 0 && p->executable && !(st.st_mode & S_IXUSR))
		r = say(err, errlen, p, path, EACCES,
			"is not executable; run chmod u+x on it");
	if (r == 0 && p->ancestors) {
		r = real_path(p, fd, path, &st, real, err, errlen);
		if (r == 0)
			r = check_ancestors(p, path, real, err, errlen);
	}
	return r;
}

int trusted_open(const char *path, const struct trusted_policy *p,
		 bool keep_open_on_exec, char *err, size_t errlen)
{
	int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK;
	int fd, r;

	if (!keep_open_on_exec)
		flags |= O_CLOEXEC;
	if (p->no_follow)
		flags |= O_NOFOLLOW;
	fd = open(path, flags);
	if (fd < 0) {
		r = errno;
		if (r == ELOOP && p->no_follow)
			return say(err, errlen, p, path, ELOOP,
				   "is a symbolic link; name the file itself");
		return say(err, errlen, p, path, r, "cannot be opened: %s",
			   strerror(r));
	}
	r = check_fd(p, fd, path, err, errlen);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}
