/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For fuzz targets whose parser reads a file by name: the input as an
 * anonymous in-memory file, named by its /proc/self/fd path.
 */
#ifndef LTEPI_FUZZ_FILE_H
#define LTEPI_FUZZ_FILE_H

#define _GNU_SOURCE /* memfd_create() */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* The fd (close it when done) with its path in path, or -1. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path,
			    size_t len)
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
