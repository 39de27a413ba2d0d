/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the STUN response parser (plugin/stun.c): the
 * input is one datagram, parsed once as the answer to the transaction id
 * it carries (so that the checks past the header are reached) and once
 * as the answer to another. Every result is one of the documented ones,
 * with a reason where one is promised and an address when it succeeds.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "stun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size, const struct stun_txid *id)
{
	struct stun_address a = { 0 };
	char why[STUN_REASON_LEN] = "", text[64];
	int r = stun_parse_binding_response(data, size, id, &a, why);

	switch (r) {
	case 0:
		if (a.family != AF_INET && a.family != AF_INET6)
			abort();
		stun_format_address(&a, text, sizeof(text));
		break;
	case -EBADMSG:
	case -EPROTO:
		if (!why[0] || !memchr(why, '\0', sizeof(why)))
			abort();
		break;
	case -ENOMSG:
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stun_txid id = { { 0 } };

	if (size >= STUN_HEADER_LEN)
		memcpy(id.b, data + 8, STUN_TXID_LEN);
	check(data, size, &id);
	id.b[0] ^= 0xff;
	check(data, size, &id);
	(void)stun_fingerprint_ok(data, size & ~(size_t)3);
	return 0;
}
