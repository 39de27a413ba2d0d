#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A port forward from ppp0 to a LAN host (nft `dnat`), the way a Pi routing
# for its LAN publishes a service.  The LAN host is a host of its own behind
# pi (namespace lanhost, bridged into the LAN segment, default route via pi's
# LAN address), so its replies come back through pi.  They carry the LAN
# host's address until un-NATed after routing: the address rule cannot see
# them, so the forward fails in address mode and works in connmark mode,
# where the mark of the connection that arrived on ppp0 routes them to
# table 200.  The reverse-path filter checks a forwarded packet from its new
# (LAN) destination, which the main table routes to the LAN: strict
# rp_filter (1) drops the flow, loose (2, systemd's default) lets it in, as
# doc/srcroute.md says.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

# lib.sh puts the LAN host's address on the router's interface; move it to a
# namespace of its own on a bridge, behind pi.
lan_host_behind_pi() {
	ip -n lan addr del "$LAN_HOST/24" dev eth0
	ip -n lan addr del "$LAN_ROUTER/24" dev eth0
	ip -n lan link add br0 type bridge
	ip -n lan link set eth0 master br0
	ip -n lan addr add "$LAN_ROUTER/24" dev br0
	ip -n lan link set br0 up
	ip netns add lanhost
	vm_namespaces="$vm_namespaces lanhost"
	ip -n lanhost link set lo up
	veth_pair lan host0 lanhost eth0
	ip -n lan link set host0 master br0
	ip -n lanhost addr add "$LAN_HOST/24" dev eth0
	ip -n lanhost route add default via "$PI_LAN_ADDR"
}

port_forward() { # PORT LAN_ADDRESS:PORT
	nft -f - <<-NFT
		table ip portfwd {
			chain prerouting {
				type nat hook prerouting priority dstnat; policy accept;
				iifname "ppp0" tcp dport $1 dnat to $2
			}
		}
	NFT
}

topo_up
lan_host_behind_pi
sysctl -qw net.ipv4.ip_forward=1
port_forward 8080 "$LAN_HOST:80"
serve lanhost tcp 80
assert_ok "the LAN host's service answers pi" probe pi tcp "$LAN_HOST" 80

sysctl -qw net.ipv4.conf.all.rp_filter=2
pi_pppd_start plugin "$PLUGIN" srcroute-table "$SR_TABLE"
pi_pppd_wait_up
assert_fails "address mode: the forward's replies leave by the LAN" \
	probe inet tcp "$PI_PPP_ADDR" 8080

pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE" \
	srcroute-mode connmark
pi_pppd_wait_up
sysctl -qw net.ipv4.conf.all.rp_filter=1
assert_fails "connmark mode, strict rp_filter (1): the forward is dropped" \
	probe inet tcp "$PI_PPP_ADDR" 8080
sysctl -qw net.ipv4.conf.all.rp_filter=2
assert_ok "connmark mode, loose rp_filter (2): the internet reaches the LAN host" \
	probe inet tcp "$PI_PPP_ADDR" 8080
assert_contains "$(grep 'dport=8080 ' /proc/net/nf_conntrack)" \
	"mark=$(printf %d 0x06000000) " \
	"the forwarded connection carries the link's mark"

pi_pppd_stop
sr_assert_none "after pppd stopped"
assert_fails "the link's nft table is gone" nft list table inet "ltepi-sr-$SR_TABLE"
