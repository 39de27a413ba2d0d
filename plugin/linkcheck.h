/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link check's decisions, without pppd, sockets or clocks: when a
 * probe is needed at all, and when consecutive failed checks mean the link
 * passes no traffic. The adapter (plugin-linkcheck.c) feeds it the time,
 * pppd's receive idle time and the probes' outcome, and carries out what
 * it decides.
 *
 * Proof of life: pppd's idle time counts only IP packets (the kernel's
 * PPPIOCGIDLE ignores LCP, so answered LCP echoes prove nothing here), and
 * is whole seconds, rounded down. An inbound packet since the last verdict
 * counts as a passed check without a probe, as with lcp-echo-adaptive:
 * metered SIMs pay for every probe byte. The test is conservative: it
 * answers "traffic" only when the packet certainly came after the verdict,
 * so a probe's own reply never vouches for the next check.
 *
 * Inbound packets prove the way in only. A link can pass them while
 * nothing it sends arrives: an uplink dropping the box's packets, or MPPE
 * out of step after CCP renegotiated (the peer rejects every frame as an
 * unknown protocol), while scans of a public address and the peer's own
 * retries keep coming in. So traffic stands in for a probe only while a
 * target answered within the last "limit" checks: a busy link is probed
 * at least every limit + 1 checks, a new connection at its first check,
 * and a link that passes traffic one way only is restarted within
 * 2 * limit + 1 checks.
 *
 * Healthy: the link check's restarts in a row (the escalation, health.h)
 * end once a target answered on this connection.
 */
#ifndef LTEPI_LINKCHECK_H
#define LTEPI_LINKCHECK_H

#include <stdbool.h>

enum linkcheck_outcome {
	LINKCHECK_NO_ANSWER,
	LINKCHECK_ANSWER,  /* a target answered a probe */
	LINKCHECK_TRAFFIC, /* no probe: inbound traffic since the last check */
};

enum linkcheck_verdict {
	LINKCHECK_OK,	  /* a target answered, or traffic came in */
	LINKCHECK_FAILED, /* no answer, fewer than the limit in a row */
	LINKCHECK_DEAD,	  /* the limit reached: restart the link */
};

struct linkcheck {
	unsigned int limit;	   /* link-check-failures */
	unsigned int failures;	   /* consecutive failed checks */
	unsigned int unanswered;   /* checks since a target answered; limit:
				      none yet, so traffic vouches for nothing */
	long long last_verdict_us; /* or when the link came up */
	long long last_ok_us;	   /* or when the link came up */
	bool healthy;		   /* see above, since the link came up */
};

/* A link that came up at now_us, dead after limit failed checks. */
void linkcheck_start(struct linkcheck *lc, unsigned int limit,
		     long long now_us);

/*
 * Whether a packet arrived (or left) since the last verdict, given the
 * link's receive (or transmit) idle time in whole seconds (negative:
 * unknown, so no).
 */
bool linkcheck_traffic_since_verdict(const struct linkcheck *lc,
				     long long idle_s, long long now_us);

/*
 * What a check does now. With pppd's "idle" (idle_limit true) a link
 * nobody uses must be left to go idle, and a probe would keep it up: the
 * check then probes only when something was sent since the last verdict
 * (traffic out, nothing back: the failure it exists for) and is skipped
 * otherwise. Idle times are as above.
 */
enum linkcheck_step {
	LINKCHECK_STEP_PASS,  /* inbound traffic, an answer recent: no probe */
	LINKCHECK_STEP_PROBE, /* send the probes */
	LINKCHECK_STEP_SKIP,  /* idle link with "idle": no verdict */
};

enum linkcheck_step linkcheck_next_step(const struct linkcheck *lc,
					long long recv_idle_s,
					long long xmit_idle_s, bool idle_limit,
					long long now_us);

/* Records one check's outcome at now_us; may set lc->healthy. */
enum linkcheck_verdict linkcheck_record(struct linkcheck *lc,
					enum linkcheck_outcome outcome,
					long long now_us);

#endif
