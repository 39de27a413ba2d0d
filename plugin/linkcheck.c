/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The link check's decisions (contract in linkcheck.h). */
#include "linkcheck.h"

void linkcheck_start(struct linkcheck *lc, unsigned int limit, long long now_us)
{
	*lc = (struct linkcheck){
		.limit = limit ? limit : 1,
		.unanswered = limit ? limit : 1,
		.last_verdict_us = now_us,
		.last_ok_us = now_us,
	};
}

bool linkcheck_traffic_since_verdict(const struct linkcheck *lc,
				     long long idle_s, long long now_us)
{
	long long elapsed_s = (now_us - lc->last_verdict_us) / 1000000;

	/*
	 * The last packet passed at most idle_s + 1 seconds ago (the
	 * kernel rounds down); it is certainly newer than the verdict when
	 * that bound is within the whole seconds since then.
	 */
	return idle_s >= 0 && idle_s + 1 <= elapsed_s;
}

enum linkcheck_step linkcheck_next_step(const struct linkcheck *lc,
					long long recv_idle_s,
					long long xmit_idle_s, bool idle_limit,
					long long now_us)
{
	if (lc->unanswered < lc->limit &&
	    linkcheck_traffic_since_verdict(lc, recv_idle_s, now_us))
		return LINKCHECK_STEP_PASS;
	if (idle_limit && xmit_idle_s >= 0 &&
	    !linkcheck_traffic_since_verdict(lc, xmit_idle_s, now_us))
		return LINKCHECK_STEP_SKIP;
	return LINKCHECK_STEP_PROBE;
}

enum linkcheck_verdict linkcheck_record(struct linkcheck *lc,
					enum linkcheck_outcome outcome,
					long long now_us)
{
	lc->last_verdict_us = now_us;
	if (outcome == LINKCHECK_ANSWER) {
		lc->unanswered = 0;
		lc->healthy = true;
	} else if (lc->unanswered < lc->limit) {
		lc->unanswered++;
	}
	if (outcome != LINKCHECK_NO_ANSWER) {
		lc->failures = 0;
		lc->last_ok_us = now_us;
		return LINKCHECK_OK;
	}
	if (lc->failures < lc->limit)
		lc->failures++;
	return lc->failures >= lc->limit ? LINKCHECK_DEAD : LINKCHECK_FAILED;
}
