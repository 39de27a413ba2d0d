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
#    hook runs.  In address mode that reply leaves by the LAN and is lost.
#    In connmark mode the plugin's table remembers the request's return
#    address and puts the ppp address back as the reply's source before
#    conntrack sees it: the reply joins the request's (marked) conntrack
#    entry and leaves by ppp0.  The test shows both conntrack views.
# TCP is answered in both modes (the accepted socket is bound to the ppp
# address).

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

topo_up
serve pi udp 7001
sr_serve_udp_pktinfo 7002
serve pi tcp 7003

pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE" srcroute-mode address
pi_pppd_wait_up
assert_ok "address mode: TCP from the internet is answered" \
	probe inet tcp "$PI_PPP_ADDR" 7003
assert_ok "address mode: the IP_PKTINFO service answers the internet" \
	probe inet udp "$PI_PPP_ADDR" 7002
assert_fails "address mode: socat UDP-RECVFROM's replies are lost" \
	probe inet udp "$PI_PPP_ADDR" 7001
assert_ok "address mode: socat UDP-RECVFROM still answers the isp" \
	probe isp udp "$PI_PPP_ADDR" 7001

# Conntrack entries of replies socat sent to the internet from lan0.
lan_replies() {
	grep -c "src=$PI_LAN_ADDR dst=$INET_CLIENT sport=7001 " \
		/proc/net/nf_conntrack 2>/dev/null || :
}

pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	srcroute-mode connmark
pi_pppd_wait_up
lan_replies=$(lan_replies)
assert_ok "connmark mode: TCP from the internet is answered" \
	probe inet tcp "$PI_PPP_ADDR" 7003
assert_ok "connmark mode: the IP_PKTINFO service answers the internet" \
	probe inet udp "$PI_PPP_ADDR" 7002
assert_ok "connmark mode: socat UDP-RECVFROM answers the internet" \
	probe inet udp "$PI_PPP_ADDR" 7001
assert_ok "connmark mode: socat UDP-RECVFROM still answers the isp" \
	probe isp udp "$PI_PPP_ADDR" 7001
assert_contains "$(nft list map inet "ltepi-sr-$SR_TABLE" udp4)" \
	"$INET_CLIENT . " "the client's return address is in the link's map"

ct=$(grep ' udp ' /proc/net/nf_conntrack)
note "conntrack:"
echo "$ct" | sed 's/^/#   /'
mark=$(printf %d "$(sr_fwmark "$SR_TABLE" | sed 's/fwmark //; s:/.*::')")
request=$(echo "$ct" | grep "src=$INET_CLIENT dst=$PI_PPP_ADDR .* dport=7001 " |
	tail -n 1)
assert_contains "$request" \
	"src=$PI_PPP_ADDR dst=$INET_CLIENT sport=7001 " \
	"socat: the request's entry expects the reply from the ppp address"
assert_fails "socat: ... and saw it (no [UNREPLIED])" \
	sh -c "echo '$request' | grep -q UNREPLIED"
assert_contains "$request" "mark=$mark " \
	"socat: the entry carries the link's mark"
assert_eq "$lan_replies" "$(lan_replies)" \
	"socat: no new reply from the LAN address to the internet"
assert_contains "$(echo "$ct" | grep "dport=7002 ")" "mark=$mark " \
	"pktinfo: request and reply share one marked entry"

pi_pppd_stop
assert_fails "after pppd stopped, the link's nft table is gone" \
	nft list table inet "ltepi-sr-$SR_TABLE"
