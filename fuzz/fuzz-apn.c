/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the provider database reader (chat/apn.c, expat):
 * any bytes as serviceproviders.xml give an APN or an error for a few
 * IMSIs, never a crash; what it returns is NUL-terminated within its
 * fields, and a value cut to fit is flagged (apn_settings.cut).
 */
#include "fuzz-file.h"

#include <stdlib.h>
#include <string.h>

#include "chat/apn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const imsis[] = { "440101234567890",
					     "310410123456789", "00101" };
	struct apn_settings out;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path)), r;

	if (fd < 0)
		return 0;
	for (size_t i = 0; i < sizeof(imsis) / sizeof(imsis[0]); i++) {
		memset(&out, 0, sizeof(out));
		/* the SPN is the SIM's: a brand word decides, or none */
		r = apn_lookup_sim(path, imsis[i], i ? "Operator" : NULL, &out);
		if (r > 0)
			abort();
		if (r == 0 &&
		    (!out.apn[0] ||
		     strnlen(out.apn, sizeof(out.apn)) == sizeof(out.apn) ||
		     strnlen(out.user, sizeof(out.user)) == sizeof(out.user) ||
		     strnlen(out.password, sizeof(out.password)) ==
			 sizeof(out.password)))
			abort();
	}
	close(fd);
	return 0;
}
