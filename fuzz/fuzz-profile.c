/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the firewall profile parser (plugin/profile.c):
 * any text parses or fails with a message naming the line, never crashes,
 * and what parses stays within the profile's limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512] = "";
	struct profile *p = NULL;
	int r;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	r = profile_parse(text, "fuzz", &p, err, sizeof(err));
	if (r < 0 && (p || !err[0]))
		abort(); /* a failure leaves nothing and says why */
	if (r == 0 && (!p || p->n_rules > PROFILE_MAX_RULES))
		abort();
	profile_free(p);
	free(text);
	return 0;
}
