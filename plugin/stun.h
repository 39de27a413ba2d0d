/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The STUN Binding transaction (RFC 8489, formerly RFC 5389) as bytes:
 * the request a client sends to learn the address and port the internet
 * sees it as, and the checks on the server's answer. Pure: no I/O, no
 * clock, no randomness (the caller draws the transaction id).
 *
 * Only what the reachability self-check needs: a Binding request without
 * attributes (no authentication: public STUN servers answer Binding
 * requests without credentials, RFC 8489 section 9), and a response with
 * XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from a server that predates RFC
 * 5389 (RFC 3489 "classic STUN" servers echo the whole 16-byte id, which
 * starts with our magic cookie, so the same checks hold for them).
 */
#ifndef LTEPI_STUN_H
#define LTEPI_STUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define STUN_HEADER_LEN	  20
#define STUN_TXID_LEN	  12
#define STUN_MAGIC_COOKIE 0x2112A442u
#define STUN_DEFAULT_PORT 3478 /* RFC 8489 section 18.5 */
#define STUN_MAX_RESPONSE 1280 /* more than a Binding answer needs */
#define STUN_REQUEST_LEN  STUN_HEADER_LEN
#define STUN_REASON_LEN	  128

struct stun_txid {
	uint8_t b[STUN_TXID_LEN];
};

/* A transport address, host byte order port, network order address. */
struct stun_address {
	int family; /* AF_INET, AF_INET6; 0: none */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	uint16_t port;
};

/*
 * Writes the Binding request for id into buf (at least STUN_REQUEST_LEN
 * bytes). Returns its length.
 */
size_t stun_binding_request(const struct stun_txid *id, uint8_t *buf);

/*
 * Checks that msg (one whole UDP datagram) is the answer to the request
 * with id, and reads it:
 *   0          a Binding success response; *mapped is the address the
 *              server saw (XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS)
 *   -ENOMSG    not an answer to this request (another transaction, a
 *              request, an indication, not STUN): ignore it, keep waiting
 *   -EBADMSG   our transaction, but malformed (length, attribute bounds,
 *              FINGERPRINT, address, an unknown comprehension-required
 *              attribute, no mapped address)
 *   -EPROTO    a Binding error response
 * For -EBADMSG and -EPROTO, why (STUN_REASON_LEN bytes) says what was
 * wrong ("error 400 Bad Request", "FINGERPRINT does not match").
 */
int stun_parse_binding_response(const uint8_t *msg, size_t len,
				const struct stun_txid *id,
				struct stun_address *mapped, char *why);

/*
 * Whether msg ends in a FINGERPRINT attribute that matches it (RFC 8489
 * section 14.7: CRC-32 of the message before the attribute, XOR
 * 0x5354554e). msg must be a whole, bounds-checked STUN message.
 */
bool stun_fingerprint_ok(const uint8_t *msg, size_t len);

/* The FINGERPRINT value for the len bytes of a message before it. */
uint32_t stun_fingerprint(const uint8_t *msg, size_t len);

/*
 * The retransmission schedule (RFC 8489 section 6.2.1, with RTO 500 ms
 * and fewer tries than its Rc = 7, which would hold a link's verdict back
 * for 39.5 s): after the n-th send (1-based), how long to wait before the
 * next one, or before giving up after the last. 0 when n is out of range.
 */
#define STUN_TRIES 5
unsigned int stun_wait_ms(unsigned int n);
/* The sum of all waits: how long a server may take to be declared dead. */
unsigned int stun_total_wait_ms(void);

/* "192.0.2.1:3478", "[2001:db8::1]:3478" into buf; returns buf. */
const char *stun_format_address(const struct stun_address *a, char *buf,
				size_t len);

/* Same family, address and port. */
bool stun_same_address(const struct stun_address *a,
		       const struct stun_address *b);

#endif
