/* SPDX-License-Identifier: GPL-2.0-or-later */
/* STUN Binding request and response (contract in stun.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "stun.h"

/* Message types (RFC 8489 section 5): method Binding, by class. */
#define BINDING_REQUEST 0x0001
#define BINDING_SUCCESS 0x0101
#define BINDING_ERROR	0x0111
/* Attribute types (RFC 8489 section 18.3, RFC 3489 section 11.2). */
#define ATTR_MAPPED_ADDRESS	0x0001
#define ATTR_ERROR_CODE		0x0009
#define ATTR_MESSAGE_INTEGRITY	0x0008
#define ATTR_MESSAGE_INTEGRITY2 0x001C /* MESSAGE-INTEGRITY-SHA256 */
#define ATTR_XOR_MAPPED_ADDRESS 0x0020
#define ATTR_FINGERPRINT	0x8028
#define FINGERPRINT_XOR		0x5354554eu
/* Attributes below 0x8000 must be understood (RFC 8489 section 14). */
#define COMPREHENSION_OPTIONAL 0x8000

/* Comprehension-required types a Binding response may carry: RFC 8489's
 * and the ones RFC 3489 servers add (SOURCE-ADDRESS, CHANGED-ADDRESS...). */
static const uint16_t known_required[] = {
	0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009,
	0x000A, 0x000B, 0x0014, 0x0015, 0x001C, 0x001D, 0x001E, 0x0020,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* CRC-32 of ISO 3309 / IEEE 802.3, as FINGERPRINT uses it; bitwise: a
 * few hundred bytes per link-up do not need a table. */
static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

size_t stun_binding_request(const struct stun_txid *id, uint8_t *buf)
{
	put16(buf, BINDING_REQUEST);
	put16(buf + 2, 0); /* no attributes */
	put32(buf + 4, STUN_MAGIC_COOKIE);
	memcpy(buf + 8, id->b, STUN_TXID_LEN);
	return STUN_REQUEST_LEN;
}

uint32_t stun_fingerprint(const uint8_t *msg, size_t len)
{
	return crc32_ieee(msg, len) ^ FINGERPRINT_XOR;
}

/* The FINGERPRINT attribute at off (its header) matches the message. */
static bool fingerprint_matches(const uint8_t *msg, size_t off)
{
	return get32(msg + off + 4) == stun_fingerprint(msg, off);
}

bool stun_fingerprint_ok(const uint8_t *msg, size_t len)
{
	size_t off;

	if (len < STUN_HEADER_LEN + 8)
		return false;
	off = len - 8;
	return get16(msg + off) == ATTR_FINGERPRINT &&
	       get16(msg + off + 2) == 4 && fingerprint_matches(msg, off);
}

static bool is_known_required(uint16_t type)
{
	for (size_t i = 0;
	     i < sizeof(known_required) / sizeof(known_required[0]); i++)
		if (known_required[i] == type)
			return true;
	return false;
}

/*
 * (XOR-)MAPPED-ADDRESS: reserved byte, family (1 IPv4, 2 IPv6), port,
 * address; the XOR form masks the port with the cookie's top half and the
 * address with the cookie and the transaction id (RFC 8489 section 14.2).
 */
static int read_address(const uint8_t *v, uint16_t len, const uint8_t *msg,
			bool xored, struct stun_address *a)
{
	uint8_t mask[16], *out;
	size_t n;

	if (len == 8 && v[1] == 1) {
		a->family = AF_INET;
		out = (uint8_t *)&a->addr.v4;
		n = 4;
	} else if (len == 20 && v[1] == 2) {
		a->family = AF_INET6;
		out = (uint8_t *)&a->addr.v6;
		n = 16;
	} else {
		return -EBADMSG;
	}
	memcpy(mask, msg + 4, 16); /* cookie, then the transaction id */
	a->port = get16(v + 2);
	if (xored)
		a->port ^= (uint16_t)(STUN_MAGIC_COOKIE >> 16);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(v[4 + i] ^ (xored ? mask[i] : 0));
	return 0;
}

/* "error 400 Bad Request": code and the printable part of the reason. */
static void read_error(const uint8_t *v, uint16_t len, char *why)
{
	char reason[64];
	size_t n = 0;

	if (len < 4) {
		snprintf(why, STUN_REASON_LEN, "an error response");
		return;
	}
	for (size_t i = 4; i < len && n + 1 < sizeof(reason); i++)
		if (v[i] >= 0x20 && v[i] < 0x7f)
			reason[n++] = (char)v[i];
	reason[n] = '\0';
	snprintf(why, STUN_REASON_LEN, "error %u%s%s",
		 (unsigned int)(v[2] & 7) * 100 + v[3], n ? " " : "", reason);
}

struct parsed {
	struct stun_address xor_mapped, mapped;
	bool integrity_seen, fingerprint_seen;
};

/* One attribute at msg + off (bounds already checked). */
static int read_attribute(const uint8_t *msg, size_t off, bool error,
			  struct parsed *p, char *why)
{
	uint16_t type = get16(msg + off), len = get16(msg + off + 2);
	const uint8_t *v = msg + off + 4;

	if (p->fingerprint_seen) {
		snprintf(why, STUN_REASON_LEN,
			 "attribute 0x%04x follows FINGERPRINT", type);
		return -EBADMSG;
	}
	if (type == ATTR_FINGERPRINT) {
		p->fingerprint_seen = true;
		if (len == 4 && fingerprint_matches(msg, off))
			return 0;
		snprintf(why, STUN_REASON_LEN, "FINGERPRINT does not match");
		return -EBADMSG;
	}
	/* after MESSAGE-INTEGRITY only FINGERPRINT counts (section 14.5) */
	if (p->integrity_seen || error)
		return 0;
	switch (type) {
	case ATTR_MESSAGE_INTEGRITY:
	case ATTR_MESSAGE_INTEGRITY2:
		p->integrity_seen = true;
		return 0;
	case ATTR_XOR_MAPPED_ADDRESS:
	case ATTR_MAPPED_ADDRESS: {
		bool xored = type == ATTR_XOR_MAPPED_ADDRESS;
		struct stun_address *a = xored ? &p->xor_mapped : &p->mapped;

		if (a->family) /* the first one counts */
			return 0;
		if (read_address(v, len, msg, xored, a) == 0)
			return 0;
		snprintf(why, STUN_REASON_LEN,
			 "%sMAPPED-ADDRESS is neither IPv4 nor IPv6 (family "
			 "%u, %u bytes)",
			 xored ? "XOR-" : "",
			 len >= 2 ? (unsigned int)v[1] : 0u, (unsigned int)len);
		return -EBADMSG;
	}
	}
	if (type < COMPREHENSION_OPTIONAL && !is_known_required(type)) {
		snprintf(why, STUN_REASON_LEN,
			 "unknown comprehension-required attribute 0x%04x",
			 type);
		return -EBADMSG;
	}
	return 0;
}

/* Header checks that tell "ours" from "not for us". */
static bool is_our_response(const uint8_t *msg, size_t len,
			    const struct stun_txid *id)
{
	uint16_t type;

	if (len < STUN_HEADER_LEN || (msg[0] & 0xc0))
		return false;
	type = get16(msg);
	return (type == BINDING_SUCCESS || type == BINDING_ERROR) &&
	       get32(msg + 4) == STUN_MAGIC_COOKIE &&
	       memcmp(msg + 8, id->b, STUN_TXID_LEN) == 0;
}

static int read_attributes(const uint8_t *msg, size_t len, bool error,
			   struct parsed *p, char *why)
{
	size_t off = STUN_HEADER_LEN;

	while (off < len) {
		uint16_t alen = get16(msg + off + 2);
		size_t padded = ((size_t)alen + 3) & ~(size_t)3;
		int r;

		/* off and len are multiples of 4: the header fits */
		if (padded > len - off - 4) {
			snprintf(why, STUN_REASON_LEN,
				 "attribute 0x%04x (%u bytes) overruns the "
				 "message",
				 get16(msg + off), alen);
			return -EBADMSG;
		}
		r = read_attribute(msg, off, error, p, why);
		if (r < 0)
			return r;
		off += 4 + padded;
	}
	return 0;
}

static int read_error_code(const uint8_t *msg, size_t len, char *why)
{
	size_t off = STUN_HEADER_LEN;

	snprintf(why, STUN_REASON_LEN, "an error response without a code");
	while (off < len) {
		uint16_t alen = get16(msg + off + 2);

		if (get16(msg + off) == ATTR_ERROR_CODE) {
			read_error(msg + off + 4, alen, why);
			break;
		}
		off += 4 + (((size_t)alen + 3) & ~(size_t)3);
	}
	return -EPROTO;
}

int stun_parse_binding_response(const uint8_t *msg, size_t len,
				const struct stun_txid *id,
				struct stun_address *mapped, char *why)
{
	struct parsed p = { 0 };
	bool error;
	int r;

	if (!is_our_response(msg, len, id))
		return -ENOMSG;
	error = get16(msg) == BINDING_ERROR;
	if ((get16(msg + 2) & 3) || get16(msg + 2) != len - STUN_HEADER_LEN) {
		snprintf(why, STUN_REASON_LEN,
			 "its length field says %u bytes of attributes, the "
			 "datagram has %zu",
			 get16(msg + 2), len - STUN_HEADER_LEN);
		return -EBADMSG;
	}
	r = read_attributes(msg, len, error, &p, why);
	if (r < 0)
		return r;
	if (error)
		return read_error_code(msg, len, why);
	if (!p.xor_mapped.family && !p.mapped.family) {
		snprintf(why, STUN_REASON_LEN,
			 "a success response without (XOR-)MAPPED-ADDRESS");
		return -EBADMSG;
	}
	*mapped = p.xor_mapped.family ? p.xor_mapped : p.mapped;
	return 0;
}

unsigned int stun_wait_ms(unsigned int n)
{
	/* RTO doubles per try; the last wait is 16 RTO, as with Rm = 16 */
	if (n < 1 || n > STUN_TRIES)
		return 0;
	return n == STUN_TRIES ? 16 * 500 : 500u << (n - 1);
}

unsigned int stun_total_wait_ms(void)
{
	unsigned int total = 0;

	for (unsigned int n = 1; n <= STUN_TRIES; n++)
		total += stun_wait_ms(n);
	return total;
}

const char *stun_format_address(const struct stun_address *a, char *buf,
				size_t len)
{
	char text[INET6_ADDRSTRLEN] = "?";

	if (a->family == AF_INET || a->family == AF_INET6)
		inet_ntop(a->family, &a->addr, text, sizeof(text));
	snprintf(buf, len, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", text,
		 a->port);
	return buf;
}

bool stun_same_address(const struct stun_address *a,
		       const struct stun_address *b)
{
	size_t n =
	    a->family == AF_INET ? sizeof(a->addr.v4) : sizeof(a->addr.v6);

	return a->family == b->family && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, n) == 0;
}
