/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The STUN codec (plugin/stun.h): RFC 5769's test vectors, answers from
 * RFC 3489 servers, and every way an answer can be wrong.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "../tap.h"
#include "stun.h"

/* RFC 5769 section 2: the transaction id of the response vectors. */
static const struct stun_txid rfc5769_id = { {
    0xb7,
    0xe7,
    0xa7,
    0x01,
    0xbc,
    0x34,
    0xd6,
    0x86,
    0xfa,
    0x87,
    0xdf,
    0xae,
} };

/* RFC 5769 section 2.1: a request with FINGERPRINT (and ICE attributes). */
static const uint8_t rfc5769_request[] =
    "\x00\x01\x00\x58\x21\x12\xa4\x42\xb7\xe7\xa7\x01\xbc\x34\xd6\x86"
    "\xfa\x87\xdf\xae\x80\x22\x00\x10STUN test client\x00\x24\x00\x04"
    "\x6e\x00\x01\xff\x80\x29\x00\x08\x93\x2f\xf9\xb1\x51\x26\x3b\x36"
    "\x00\x06\x00\x09\x65\x76\x74\x6a\x3a\x68\x36\x76\x59\x20\x20\x20"
    "\x00\x08\x00\x14\x9a\xea\xa7\x0c\xbf\xd8\xcb\x56\x78\x1e\xf2\xb5"
    "\xb2\xd3\xf2\x49\xc1\xb5\x71\xa2\x80\x28\x00\x04\xe5\x7a\x3b\xcf";

/* RFC 5769 section 2.2: IPv4 response, 192.0.2.1 port 32853. */
static const uint8_t rfc5769_v4[] =
    "\x01\x01\x00\x3c\x21\x12\xa4\x42\xb7\xe7\xa7\x01\xbc\x34\xd6\x86"
    "\xfa\x87\xdf\xae\x80\x22\x00\x0b\x74\x65\x73\x74\x20\x76\x65\x63"
    "\x74\x6f\x72\x20\x00\x20\x00\x08\x00\x01\xa1\x47\xe1\x12\xa6\x43"
    "\x00\x08\x00\x14\x2b\x91\xf5\x99\xfd\x9e\x90\xc3\x8c\x74\x89\xf9"
    "\x2a\xf9\xba\x53\xf0\x6b\xe7\xd7\x80\x28\x00\x04\xc0\x7d\x4c\x96";

/* RFC 5769 section 2.3: IPv6 response, 2001:db8:1234:5678:11:2233:4455:6677
 * port 32853. */
static const uint8_t rfc5769_v6[] =
    "\x01\x01\x00\x48\x21\x12\xa4\x42\xb7\xe7\xa7\x01\xbc\x34\xd6\x86"
    "\xfa\x87\xdf\xae\x80\x22\x00\x0b\x74\x65\x73\x74\x20\x76\x65\x63"
    "\x74\x6f\x72\x20\x00\x20\x00\x14\x00\x02\xa1\x47\x01\x13\xa9\xfa"
    "\xa5\xd3\xf1\x79\xbc\x25\xf4\xb5\xbe\xd2\xb9\xd9\x00\x08\x00\x14"
    "\xa3\x82\x95\x4e\x4b\xe6\x7b\xf1\x17\x84\xc9\x7c\x82\x92\xc2\x75"
    "\xbf\xe3\xed\x41\x80\x28\x00\x04\xc8\xfb\x0b\x4c";

/* A message under construction: header for rfc5769_id, then attributes. */
struct msg {
	uint8_t b[256];
	size_t len;
};

static void msg_start(struct msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->b[0] = (uint8_t)(type >> 8);
	m->b[1] = (uint8_t)type;
	memcpy(m->b + 4, "\x21\x12\xa4\x42", 4);
	memcpy(m->b + 8, rfc5769_id.b, STUN_TXID_LEN);
	m->len = STUN_HEADER_LEN;
}

/* Appends an attribute (padded) and updates the length field. */
static void msg_attr(struct msg *m, uint16_t type, const void *v, uint16_t len)
{
	uint8_t *p = m->b + m->len;

	p[0] = (uint8_t)(type >> 8);
	p[1] = (uint8_t)type;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	memcpy(p + 4, v, len);
	m->len += 4 + ((len + 3u) & ~3u);
	m->b[2] = (uint8_t)((m->len - STUN_HEADER_LEN) >> 8);
	m->b[3] = (uint8_t)(m->len - STUN_HEADER_LEN);
}

/* Parses m; returns the result, the mapped address text in got. */
static int parse(const uint8_t *b, size_t len, char *got, char *why)
{
	struct stun_address a = { 0 };
	int r;

	why[0] = '\0';
	r = stun_parse_binding_response(b, len, &rfc5769_id, &a, why);
	stun_format_address(&a, got, INET6_ADDRSTRLEN + 8);
	return r;
}

#define EXPECT_BAD(b, len, want_r, want_why, name)                             \
	do {                                                                   \
		char got_[INET6_ADDRSTRLEN + 8], why_[STUN_REASON_LEN];        \
		is_int(parse(b, len, got_, why_), want_r, name);               \
		is_str(why_, want_why, "  reason");                            \
	} while (0)

static void test_request(void)
{
	uint8_t buf[STUN_REQUEST_LEN];
	static const uint8_t want[] = "\x00\x01\x00\x00\x21\x12\xa4\x42"
				      "\xb7\xe7\xa7\x01\xbc\x34\xd6\x86"
				      "\xfa\x87\xdf\xae";

	is_int(stun_binding_request(&rfc5769_id, buf), 20,
	       "a Binding request is a bare 20-byte header");
	ok(memcmp(buf, want, 20) == 0,
	   "  type 0x0001, length 0, magic cookie, the transaction id");
}

static void test_rfc5769(void)
{
	char got[INET6_ADDRSTRLEN + 8], why[STUN_REASON_LEN];
	uint8_t copy[sizeof(rfc5769_v4)];

	is_int(parse(rfc5769_v4, sizeof(rfc5769_v4) - 1, got, why), 0,
	       "RFC 5769 2.2: the IPv4 response is accepted");
	is_str(got, "192.0.2.1:32853", "  XOR-MAPPED-ADDRESS decoded");
	is_int(parse(rfc5769_v6, sizeof(rfc5769_v6) - 1, got, why), 0,
	       "RFC 5769 2.3: the IPv6 response is accepted");
	is_str(got, "[2001:db8:1234:5678:11:2233:4455:6677]:32853",
	       "  XOR-MAPPED-ADDRESS decoded with the transaction id");

	ok(stun_fingerprint_ok(rfc5769_request, sizeof(rfc5769_request) - 1),
	   "RFC 5769 2.1: the request's FINGERPRINT matches");
	ok(stun_fingerprint_ok(rfc5769_v4, sizeof(rfc5769_v4) - 1),
	   "RFC 5769 2.2: the response's FINGERPRINT matches");
	memcpy(copy, rfc5769_v4, sizeof(copy));
	copy[27] ^= 0x01; /* in SOFTWARE */
	ok(!stun_fingerprint_ok(copy, sizeof(copy) - 1),
	   "one bit changed: FINGERPRINT no longer matches");
	EXPECT_BAD(copy, sizeof(copy) - 1, -EBADMSG,
		   "FINGERPRINT does not match",
		   "a response that fails its FINGERPRINT is rejected");
	ok(!stun_fingerprint_ok(rfc5769_v4, 20), "too short to hold one");
}

static void test_not_ours(void)
{
	uint8_t copy[sizeof(rfc5769_v4)];
	struct stun_txid other = rfc5769_id;
	struct stun_address a;
	char why[STUN_REASON_LEN];

	other.b[11] ^= 1;
	is_int(stun_parse_binding_response(rfc5769_v4, sizeof(rfc5769_v4) - 1,
					   &other, &a, why),
	       -ENOMSG, "another transaction id: not ours");
	EXPECT_BAD(rfc5769_v4, 19, -ENOMSG, "", "shorter than a header");
	EXPECT_BAD(rfc5769_request, sizeof(rfc5769_request) - 1, -ENOMSG, "",
		   "a request, not a response");
	memcpy(copy, rfc5769_v4, sizeof(copy));
	copy[4] = 0x22; /* magic cookie */
	EXPECT_BAD(copy, sizeof(copy) - 1, -ENOMSG, "", "another cookie");
	memcpy(copy, rfc5769_v4, sizeof(copy));
	copy[0] |= 0x80;
	EXPECT_BAD(copy, sizeof(copy) - 1, -ENOMSG, "",
		   "the top two bits set: not STUN");
	memcpy(copy, rfc5769_v4, sizeof(copy));
	copy[1] = 0x02; /* method 2: Shared Secret (RFC 3489) */
	EXPECT_BAD(copy, sizeof(copy) - 1, -ENOMSG, "",
		   "not a Binding response");
}

/* Writes the right FINGERPRINT into the attribute at off. */
static void put_fingerprint(struct msg *m, size_t off)
{
	uint32_t v = stun_fingerprint(m->b, off);

	for (int i = 0; i < 4; i++)
		m->b[off + 4 + i] = (uint8_t)(v >> (24 - 8 * i));
}

static void test_malformed(void)
{
	struct msg m;
	size_t fp;
	static const uint8_t xor_v4[] = { 0,	1,    0xa1, 0x47,
					  0xe1, 0x12, 0xa6, 0x43 };

	EXPECT_BAD(rfc5769_v4, sizeof(rfc5769_v4) - 5, -EBADMSG,
		   "its length field says 60 bytes of attributes, the "
		   "datagram has 56",
		   "a truncated datagram");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xor_v4, sizeof(xor_v4));
	m.b[m.len - 9] = 40; /* the attribute claims 40 bytes */
	EXPECT_BAD(m.b, m.len, -EBADMSG,
		   "attribute 0x0020 (40 bytes) overruns the message",
		   "an attribute longer than the message");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xor_v4, 6);
	EXPECT_BAD(m.b, m.len, -EBADMSG,
		   "XOR-MAPPED-ADDRESS is neither IPv4 nor IPv6 (family 1, "
		   "6 bytes)",
		   "an IPv4 address of the wrong length");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0001, "\x00\x03\x00\x01\x01\x02\x03\x04", 8);
	EXPECT_BAD(m.b, m.len, -EBADMSG,
		   "MAPPED-ADDRESS is neither IPv4 nor IPv6 (family 3, 8 "
		   "bytes)",
		   "an unknown address family");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x8022, "srv", 3);
	EXPECT_BAD(m.b, m.len, -EBADMSG,
		   "a success response without (XOR-)MAPPED-ADDRESS",
		   "no mapped address at all");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xor_v4, sizeof(xor_v4));
	msg_attr(&m, 0x7fff, "x", 1);
	EXPECT_BAD(m.b, m.len, -EBADMSG,
		   "unknown comprehension-required attribute 0x7fff",
		   "an attribute it must understand and does not");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xor_v4, sizeof(xor_v4));
	msg_attr(&m, 0x8028, "\0\0\0\0", 4);
	EXPECT_BAD(m.b, m.len, -EBADMSG, "FINGERPRINT does not match",
		   "a wrong FINGERPRINT");
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xor_v4, sizeof(xor_v4));
	fp = m.len;
	msg_attr(&m, 0x8028, "\0\0\0\0", 4);
	msg_attr(&m, 0x8022, "late", 4);
	put_fingerprint(&m, fp);
	EXPECT_BAD(m.b, m.len, -EBADMSG, "attribute 0x8022 follows FINGERPRINT",
		   "an attribute after FINGERPRINT");
}

static void test_variants(void)
{
	char got[INET6_ADDRSTRLEN + 8], why[STUN_REASON_LEN];
	struct msg m;
	size_t fp;
	/* 203.0.113.7 port 40001, plain and XOR'ed with the cookie */
	static const uint8_t plain[] = { 0, 1, 0x9c, 0x41, 203, 0, 113, 7 };
	static const uint8_t xored[] = { 0,	      1,	  0x9c ^ 0x21,
					 0x41 ^ 0x12, 192 ^ 0x21, 0 ^ 0x12,
					 2 ^ 0xa4,    1 ^ 0x42 };

	/* an RFC 3489 server: MAPPED-ADDRESS, SOURCE-ADDRESS,
	 * CHANGED-ADDRESS, no XOR-MAPPED-ADDRESS, no FINGERPRINT */
	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0001, plain, sizeof(plain));
	msg_attr(&m, 0x0004, plain, sizeof(plain));
	msg_attr(&m, 0x0005, plain, sizeof(plain));
	is_int(parse(m.b, m.len, got, why), 0,
	       "an RFC 3489 server's answer is accepted");
	is_str(got, "203.0.113.7:40001", "  MAPPED-ADDRESS as the fallback");

	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0001, plain, sizeof(plain));
	msg_attr(&m, 0x8022, "coturn", 6); /* SOFTWARE: optional, ignored */
	msg_attr(&m, 0x0020, xored, sizeof(xored));
	fp = m.len;
	msg_attr(&m, 0x8028, "\0\0\0\0", 4);
	put_fingerprint(&m, fp);
	is_int(parse(m.b, m.len, got, why), 0,
	       "both address attributes, and a FINGERPRINT");
	is_str(got, "192.0.2.1:40001", "  XOR-MAPPED-ADDRESS wins");

	msg_start(&m, 0x0101);
	msg_attr(&m, 0x0020, xored, sizeof(xored));
	msg_attr(&m, 0x0008, "01234567890123456789", 20);
	msg_attr(&m, 0x0020, plain, 5); /* after MESSAGE-INTEGRITY: ignored */
	is_int(parse(m.b, m.len, got, why), 0,
	       "attributes after MESSAGE-INTEGRITY are ignored");

	msg_start(&m, 0x0111);
	msg_attr(&m, 0x0009, "\0\0\x04\x14Unknown Attribute\x01", 22);
	EXPECT_BAD(m.b, m.len, -EPROTO, "error 420 Unknown Attribute",
		   "an error response: its code and printable reason");
	msg_start(&m, 0x0111);
	EXPECT_BAD(m.b, m.len, -EPROTO, "an error response without a code",
		   "an error response without ERROR-CODE");
}

static void test_schedule(void)
{
	is_int(stun_wait_ms(1), 500, "first wait: RTO 500 ms");
	is_int(stun_wait_ms(2), 1000, "  doubling");
	is_int(stun_wait_ms(4), 4000, "  4th: 4 s");
	is_int(stun_wait_ms(STUN_TRIES), 8000, "  after the last: 16 RTO");
	is_int(stun_wait_ms(0), 0, "  out of range: 0");
	is_int(stun_wait_ms(STUN_TRIES + 1), 0, "  past the last: 0");
	is_int(stun_total_wait_ms(), 15500, "a dead server costs 15.5 s");
}

static void test_format(void)
{
	struct stun_address a = { .family = AF_INET, .port = 3478 },
			    b = { .family = AF_INET6, .port = 3478 };
	char buf[INET6_ADDRSTRLEN + 8];

	inet_pton(AF_INET, "198.51.100.1", &a.addr.v4);
	inet_pton(AF_INET6, "2001:db8::1", &b.addr.v6);
	is_str(stun_format_address(&a, buf, sizeof(buf)), "198.51.100.1:3478",
	       "IPv4 address:port");
	is_str(stun_format_address(&b, buf, sizeof(buf)), "[2001:db8::1]:3478",
	       "IPv6 in brackets");
	ok(!stun_same_address(&a, &b), "different families differ");
	b = a;
	b.port = 3479;
	ok(!stun_same_address(&a, &b), "different ports differ");
	b.port = 3478;
	ok(stun_same_address(&a, &b), "the same address and port");
}

int main(void)
{
	test_request();
	test_rfc5769();
	test_not_ours();
	test_malformed();
	test_variants();
	test_schedule();
	test_format();
	return tap_done();
}
