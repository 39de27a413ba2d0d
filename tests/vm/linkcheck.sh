#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# "Connected but no data" (ltepi(8), LINK CHECK): the ISP keeps answering
# LCP but drops every IP packet from the Pi.  pppd's own lcp-echo never
# notices; link-check restarts the link within interval x failures + the
# probe wait, persist redials, and once the ISP passes traffic again the
# box is reachable from the internet.  A healthy link is never restarted;
# one that passes packets in while nothing it sends gets out is, even
# though traffic keeps coming in.  Bad values are option errors (exit
# status 2) naming the option.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

INTERVAL=2
FAILURES=3
HEALTH=/run/ltepi/lc.health
topo_up
restarts() { fw_log_count "the link passes no traffic"; }
isp_drop_from_pi() {
	isp_run nft -f - <<-EOF
	table inet blackhole {
		chain pre { type filter hook prerouting priority -300; iifname "ppp*" drop; }
	}
	EOF
}
isp_pass() { isp_run nft delete table inet blackhole; }

# --- bad values: pppd exits 2 with the option named ---------------------------
for bad in "link-check example.com" "link-check tcp:198.51.100.10" \
	"link-check 198.51.100.10 link-check-interval 0" \
	"link-check 198.51.100.10 link-check-failures x" \
	"link-check-interval 30"; do
	# shellcheck disable=SC2086 # the options are words
	pi_pppd_run plugin "$PLUGIN" $bad
	assert_eq 2 "$PPPD_STATUS" "'$bad': pppd exits 2 (option error)"
	# value errors go to stderr, combination errors (options_finish) to the log
	assert_contains "$PPPD_OUTPUT $(tail -n 1 "$RESULTS/pi-pppd.log")" \
		"link-check" "  and names the option"
done

# --- healthy: never restarted -------------------------------------------------
rm -f "$HEALTH"
fw_log_mark
pi_pppd_start plugin "$PLUGIN" linkname lc persist holdoff 1 maxfail 0 srcroute-table 100 \
	lcp-echo-interval 1 lcp-echo-failure 3 \
	link-check "$INET_CLIENT" link-check-interval $INTERVAL \
	link-check-failures $FAILURES
pi_pppd_wait_up
assert_eq 1 "$(fw_log_count "link-check: $INET_CLIENT every $INTERVAL s")" \
	"the check announces its targets and cost"
sleep $((INTERVAL * FAILURES * 3))
assert_eq 0 "$(restarts)" "a healthy link is not restarted over $((FAILURES * 3)) intervals"
assert_eq 0 "$(fw_log_count "link-check: no answer")" "  and no check failed"
assert_ok "  the link is up" pi_pppd_alive

# --- the ISP drops all IP from the Pi: restarted, redialled -------------------
fw_log_mark
isp_drop_from_pi
t0=$(now)
# interval x failures + the probe wait (capped at the interval) + slack
limit=$((INTERVAL * FAILURES + INTERVAL + 6))
fw_log_wait "the link passes no traffic" 1 $limit "dead data path"
took=$(elapsed_since "$t0")
note "restart after the data path died: ${took} s (limit $limit)"
assert_eq 0 "$(fw_log_count "Serial link appears to be disconnected")" \
	"  pppd's lcp-echo did not notice (LCP still answered)"
assert_eq 1 "$(fw_log_count "3 checks $INTERVAL s apart got no answer from $INET_CLIENT")" \
	"  the log line names the checks and the target"
wait_for "$HEALTH" 5 "the health file"
assert_file_contains "$HEALTH" "restarts 1" "  one restart recorded in $HEALTH"
fw_log_wait "Connect time" 1 10 "the link closed"
assert_ok "  pppd stays (persist)" pi_pppd_alive
# it redials into the same dead path and is restarted again
fw_log_mark
fw_log_wait "restarting the link" 1 30 "second restart"
sleep 1
assert_eq 0 "$(fw_log_count "restart(s) in a row end here")" \
	"  the dead path never looked healthy (the ISP's IGMP reports at IPCP up are not enough)"
assert_file_contains "$HEALTH" "restarts 2" "  consecutive restarts counted: 2"

# --- the ISP passes traffic again: reachable from the internet ----------------
isp_pass
# The redial after the second restart may have come up before the line
# above or come up after it (an ip-up marker cleared here could already be
# the last one): what counts is that the internet reaches the box again.
retry_until 70 "the box is not reachable from the internet after the ISP recovered" \
	ping_ok inet "$PI_PPP_ADDR"
pass "reachable from the internet again $(elapsed_since "$t0") s after the data path died"
sleep $((INTERVAL * 2 + 2))
assert_file_contains "$HEALTH" "restarts 0" "a passed check resets the restart count"

# --- one way only: packets come in, nothing the Pi sends gets out -----------
# An uplink dropping the box's packets (or MPPE out of step after CCP
# renegotiated) while scans of a public address keep coming in: inbound
# traffic proves the way in only, so it stands in for a probe only while a
# target answered within the last link-check-failures checks.
pi_pppd_stop
fw_log_mark
rm -f "$HEALTH"
# started directly (ip netns exec execs sh), so $! is the loop's pid
ip netns exec inet sh -c "while :; do busybox ping -q -c 1 -W 1 $PI_PPP_ADDR >/dev/null 2>&1; sleep 0.2; done" &
pinger=$!
pi_pppd_start plugin "$PLUGIN" linkname lc persist holdoff 1 maxfail 0 srcroute-table 100 \
	link-check "$INET_CLIENT" link-check-interval $INTERVAL \
	link-check-failures $FAILURES
pi_pppd_wait_up
wait_for "$HEALTH" $((INTERVAL * 3 + 5)) "the first check's answer (health file)"
sleep $((INTERVAL * 2))
assert_eq 0 "$(restarts)" "packets coming in and a target answering: not restarted"
isp_drop_from_pi
t0=$(now)
# the trust in inbound traffic ends limit checks after the last answer,
# then limit probes fail: (2 x failures + 1) x interval + the wait + slack
limit=$(((2 * FAILURES + 1) * INTERVAL + INTERVAL + 6))
fw_log_wait "the link passes no traffic out" 1 $limit "one-way link"
note "restart after the way out died, packets still coming in: $(elapsed_since "$t0") s (limit $limit)"
assert_eq 1 "$(fw_log_count "while packets still came in")" \
	"  the log line says packets still came in"
kill "$pinger"
wait "$pinger" 2>/dev/null || :
isp_pass
pi_pppd_stop
