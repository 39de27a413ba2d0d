/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One round of link-check probes: an ICMP echo request or a TCP connect
 * to each target, sent from the link (SO_BINDTODEVICE on the PPP
 * interface, and the link's IPv4 address as source) whatever the main
 * routing table says, then, after the caller's wait, whether any target
 * answered. Non-blocking throughout: pppd's main loop must never stall.
 *
 * "Answered" means an echo reply with our identifier and sequence from
 * the target, or, for TCP, a completed handshake or a refusal (a RST also
 * proves that packets cross the link both ways). Sockets are raw ICMP
 * sockets (pppd runs as root; ping sockets depend on ping_group_range),
 * close-on-exec, and closed by probe_collect() or probe_close().
 */
#ifndef LTEPI_PROBE_H
#define LTEPI_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "options.h"

struct probe_slot {
	int fd; /* -1: not sent */
	const struct ltepi_check_target *target;
};

struct probe {
	uint16_t id, seq;
	size_t n;
	struct probe_slot slot[LTEPI_MAX_LINK_CHECKS];
};

/*
 * Sends one probe to each of the n targets over ifname (IPv4 ones from
 * local). Returns how many were sent, or, when none was, the first
 * failure's -errno with err naming the target and the cause.
 */
int probe_send(struct probe *p, const struct ltepi_check_target *targets,
	       size_t n, const char *ifname, struct in_addr local, uint16_t id,
	       uint16_t seq, char *err, size_t errlen);

/* Whether any target answered by now; closes the sockets. */
bool probe_collect(struct probe *p);

/* Closes the sockets without looking (link down, pppd exit). */
void probe_close(struct probe *p);

/*
 * The bytes of IP an answered probe of t puts on the link, both ways (an
 * estimate for TCP: its options vary; bench/ measures the real ones).
 */
unsigned int probe_wire_bytes(const struct ltepi_check_target *t);

#endif
