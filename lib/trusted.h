/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening a file that decides what root does (a firewall profile, a PIN or
 * key file, a hook to run) so that only root, or the user ltepi runs as,
 * can have put it there: one opener for all of them, the policy as
 * parameters.
 *
 * Always: opened with O_NONBLOCK (a FIFO planted in its place must not hang
 * the caller) and checked on the descriptor, so what is checked is what is
 * read or run; a regular file; owned by root or by the effective user; not
 * writable by group or others. On request: symbolic links refused, no
 * access at all for group and others (secrets), executable by its owner,
 * and every directory above its real location held to the same rule as
 * OpenSSH's safe_path() does (sticky directories such as /tmp excepted,
 * where only a file's owner can rename it).
 *
 * Errors are one sentence in err that names the file and how to fix it.
 */
#ifndef LTEPI_LIB_TRUSTED_H
#define LTEPI_LIB_TRUSTED_H

#include <stdbool.h>
#include <stddef.h>

struct trusted_policy {
	const char *what;  /* "PIN file": messages read "PIN file PATH ...";
			    * NULL: "PATH: ..." */
	bool no_follow;	   /* a symbolic link is refused, not followed */
	bool private_mode; /* no access for group and others: chmod 600 */
	bool executable;   /* the owner may execute it */
	bool ancestors;	   /* check every directory above, up to / */
};

/*
 * Opens path read-only (close-on-exec unless keep_open_on_exec, which a
 * caller that fexecve()s a script needs) and applies the policy. Returns
 * the descriptor, or -errno with err set: -ENOENT (missing), -ELOOP (a
 * symbolic link with no_follow), -EINVAL (not a regular file), -EACCES
 * (owner, mode or a directory above), or the error of open().
 */
int trusted_open(const char *path, const struct trusted_policy *p,
		 bool keep_open_on_exec, char *err, size_t errlen);

#endif
