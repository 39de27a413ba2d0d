/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for ltepi-modem's configuration file reader
 * (chat/conf.c): any bytes load or fail with a message naming the file and
 * line; the values that load are NUL-terminated within their fields.
 */
#include "fuzz-file.h"

#include <stdlib.h>
#include <string.h>

#include "chat/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct modem_conf c;
	char path[64], err[CONF_ERRLEN] = "";
	int fd = fuzz_file(data, size, path, sizeof(path)), r;

	if (fd < 0)
		return 0;
	conf_init(&c);
	r = conf_load(&c, path, err, sizeof(err));
	if (r < 0 && !err[0])
		abort();
	if (r == 0 && (strnlen(c.apn, sizeof(c.apn)) == sizeof(c.apn) ||
		       strnlen(c.user, sizeof(c.user)) == sizeof(c.user)))
		abort();
	close(fd);
	return 0;
}
