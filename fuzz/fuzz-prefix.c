/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for lib/prefix.c: the input is two NUL-separated
 * prefixes. Each one that parses must read back the same from its text
 * form and lose its host bits to prefix_mask(); the relations between the
 * two must hold together (overlap is symmetric, adjacent prefixes do not
 * overlap, equal ones overlap).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/prefix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses s; aborts if a parsed prefix does not survive its text form. */
static int parse_checked(const char *s, struct ltepi_prefix *p)
{
	char text[PREFIX_STRLEN];
	struct ltepi_prefix back, net;

	if (prefix_parse(s, p) < 0)
		return -1;
	if (prefix_parse(prefix_format(p, text, sizeof(text)), &back) < 0 ||
	    !prefix_equal(p, &back) || back.len != p->len)
		abort();
	net = *p;
	prefix_mask(&net);
	if (prefix_has_host_bits(&net) || !prefix_equal(p, &net) ||
	    !prefix_contains(p, net.family, &net.addr))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 2);
	struct ltepi_prefix a, b;
	const char *second;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	second = buf + strlen(buf) + 1;
	if (second > buf + size)
		second = buf + size;
	if (parse_checked(buf, &a) == 0 && parse_checked(second, &b) == 0) {
		if (prefix_overlap(&a, &b) != prefix_overlap(&b, &a))
			abort();
		if (prefix_followed_by(&a, &b) && prefix_overlap(&a, &b))
			abort();
		if (prefix_equal(&a, &b) && !prefix_overlap(&a, &b))
			abort();
	}
	free(buf);
	return 0;
}
