#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# UDP services bound to 0.0.0.0 on pi, asked from the internet over ppp0, in
# both modes.  Source routing is a routing decision on the reply's source
# address, so what matters is how the service picks it:
#
#  - srcroute-udp-echo answers from the address the request came to
#    (IP_PKTINFO, as dnsmasq, ntpd, unbound do): the reply's source is the
#    ppp address, the "from" rule applies, it works in both modes.
#  - socat UDP-RECVFROM answers with a plain sendto(): the kernel picks the
#    source from the main table (lan0, 192.168.50.2) before any netfilter
#    hook runs.  That reply is a new flow (its own conntrack entry, mark 0),
#    not the reply of the request's entry (marked, left UNREPLIED), so the
#    connmark rule cannot apply either: it fails in both modes.  The test
#    shows both conntrack entries, the evidence for doc/srcroute.md's
#    "known limit".
# TCP is answered in both modes (the accepted socket is bound to the ppp
# address).

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

topo_up
serve pi udp 7001
sr_serve_udp_pktinfo 7002
serve pi tcp 7003

for mode in address connmark; do
	pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
		srcroute-mode "$mode"
	pi_pppd_wait_up
	assert_ok "$mode mode: TCP from the internet is answered" \
		probe inet tcp "$PI_PPP_ADDR" 7003
	assert_ok "$mode mode: the IP_PKTINFO service answers the internet" \
		probe inet udp "$PI_PPP_ADDR" 7002
	assert_fails "$mode mode: socat UDP-RECVFROM's replies are lost" \
		probe inet udp "$PI_PPP_ADDR" 7001
	assert_ok "$mode mode: socat UDP-RECVFROM still answers the isp" \
		probe isp udp "$PI_PPP_ADDR" 7001
done

# Connmark mode loaded conntrack; the last probes from the internet left:
ct=$(grep ' udp ' /proc/net/nf_conntrack)
note "conntrack:"
echo "$ct" | sed 's/^/#   /'
mark=$(printf %d 0x06000000)
request=$(echo "$ct" | grep "src=$INET_CLIENT dst=$PI_PPP_ADDR .* dport=7001 ")
assert_contains "$request" "[UNREPLIED]" \
	"socat: the request's conntrack entry never saw a reply"
assert_contains "$request" "mark=$mark " \
	"socat: the request's entry carries the link's mark"
reply=$(echo "$ct" | grep "src=$PI_LAN_ADDR dst=$INET_CLIENT sport=7001 ")
assert_contains "$reply" "mark=0 " \
	"socat: its reply, from the LAN address, is a new unmarked flow"
assert_contains "$(echo "$ct" | grep "dport=7002 ")" "mark=$mark " \
	"pktinfo: request and reply share one marked entry"
assert_fails "pktinfo: its reply did not start a flow of its own" \
	grep -q "src=$PI_LAN_ADDR dst=$INET_CLIENT sport=7002 " \
	/proc/net/nf_conntrack
