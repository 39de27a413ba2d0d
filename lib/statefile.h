/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The small text files ltepi keeps under /run/ltepi (ltepi(8), FILES):
 * where a link's file lives, how it is read without trusting what is
 * there, how it is replaced so that no reader sees half of it, and the
 * "key value" line format they all share.
 *
 * The line format: one "key value" per line, the key without spaces, the
 * value the rest of the line (it may hold spaces); "#" starts a comment
 * line; a NUL anywhere makes the text invalid.
 */
#ifndef LTEPI_LIB_STATEFILE_H
#define LTEPI_LIB_STATEFILE_H

#include <stddef.h>
#include <stdint.h>

#define STATEFILE_DIR	   "/run/ltepi"
#define STATEFILE_MAX_SIZE 8192

/*
 * The file name a link's state uses: linkname if set, else the base name
 * of device, else "ppp"; characters other than [A-Za-z0-9._-] become '_'
 * and a leading '.' too, so that the name never leaves the directory.
 * Writes it into buf; returns 0 or -ENAMETOOLONG.
 */
int statefile_link_name(const char *linkname, const char *device, char *buf,
			size_t len);

/* dir/NAME.suffix with NAME as statefile_link_name(). 0 or -ENAMETOOLONG. */
int statefile_path(const char *dir, const char *linkname, const char *device,
		   const char *suffix, char *buf, size_t len);

/*
 * Reads path into buf (size bytes; no NUL is added) without following a
 * symbolic link or blocking on a FIFO. Returns the length, -ENOENT, -EINVAL
 * (not a regular file, or size bytes or more), or another -errno.
 */
int statefile_read(const char *path, char *buf, size_t size);

/*
 * Replaces path with text atomically (a temporary file in the same
 * directory renamed over it), mode 0644; creates the directory (0755) if
 * it is missing. Returns 0 or -errno; on error path is unchanged.
 */
int statefile_replace(const char *path, const char *text, size_t len);

/* One line of the key-value format, as statefile_next_line() finds it. */
struct statefile_line {
	const char *key, *value;
	size_t key_len, value_len;
};

/*
 * The next key-value line of text[*pos..len), skipping empty and comment
 * lines; advances *pos. Returns 1 with line filled, 0 at the end, -EINVAL
 * for a line with no value or a NUL.
 */
int statefile_next_line(const char *text, size_t len, size_t *pos,
			struct statefile_line *line);

/* Whether line's key is key. */
int statefile_key_is(const struct statefile_line *line, const char *key);

/*
 * Copies s into buf (len bytes, NUL-terminated, cut to fit) with each
 * control character as '?', so that a value written can never end its
 * line early or start another key. Returns buf.
 */
const char *statefile_clean_text(const char *s, char *buf, size_t len);

/*
 * Copies a text value into buf (len bytes, NUL-filled after it). -EINVAL for
 * a control character, -ENAMETOOLONG when it does not fit.
 */
int statefile_copy_text(const char *s, size_t n, char *buf, size_t len);

#endif
