#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# IPv6 source routing with real pppd: IPV6CP brings only link-local
# addresses, the global address comes later (SLAAC, DHCPv6 or, as here, a
# static one added while the link is up), and the rules must follow it.
# pi's IPv6 default route is its LAN, like its IPv4 one, so without source
# routing a connection from the internet to pi's global ppp address gets no
# answer.  With srcroute-table 200 the plugin adds "from PREFIX lookup 200"
# once the address appears (its monitor polls every second), replaces it
# when the link is renumbered, never touches an identical untagged rule the
# administrator added, and leaves nothing of its own after pppd stops.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

OLD_PREFIX=2001:db8:1:2::/64
OLD_ADDR=2001:db8:1:2::5
NEW_PREFIX=2001:db8:1:3::/64
NEW_ADDR=2001:db8:1:3::5
INET6_CLIENT=2001:db8:ffff::10

# pppd's ipv6-up runs the ipv6-up.d scripts after the plugin's notifier.
ipv6_hooks() {
	mkdir -p /etc/ppp/ipv6-up.d
	printf '#!/bin/sh\n: >%s/ipv6-up.pi\n' "$RESULTS" \
		>/etc/ppp/ipv6-up.d/zz-ltepi-vm
	chmod 0755 /etc/ppp/ipv6-up.d/zz-ltepi-vm
}

# The ISP routes pi's prefixes over its end of the link.
isp_route_prefixes() {
	isp_if=$(ip -n isp -o link show | awk -F': ' '$2 ~ /^ppp/ { print $2 }')
	[ -n "$isp_if" ] || fail "the ISP has no ppp interface"
	for p in "$OLD_PREFIX" "$NEW_PREFIX"; do
		ip -n isp -6 route replace "$p" dev "$isp_if"
	done
}

# Until the tagged IPv6 rules are exactly WANT (the monitor polls each 1 s).
wait_v6_rules() { # WANT WHAT
	tries=50
	while [ "$(sr_rules -6)" != "$1" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || break
		sleep 0.1
	done
	assert_eq "$1" "$(sr_rules -6)" "$2"
}

probe6() { # ADDRESS
	reply=$(echo ping | inet_run socat -T 2 STDIO \
		"TCP6:[$1]:7006,connect-timeout=2" 2>/dev/null) || :
	[ "$reply" = "$PROBE_REPLY" ]
}

topo_up
ipv6_hooks
ip -n lan addr add 2001:db8:50::1/64 dev eth0 nodad
ip addr add 2001:db8:50::2/64 dev lan0 nodad
ip -6 route add default via 2001:db8:50::1
ip -n isp addr add 2001:db8:ffff::1/64 dev inet0 nodad
ip -n inet addr add "$INET6_CLIENT/64" dev eth0 nodad
ip -n inet -6 route add default via 2001:db8:ffff::1
isp_run sysctl -qw net.ipv6.conf.all.forwarding=1
socat TCP6-LISTEN:7006,fork,reuseaddr SYSTEM:"echo $PROBE_REPLY" 2>/dev/null &
vm_servers="$vm_servers $!"

pi_pppd_start plugin "$PLUGIN" nosrcroute +ipv6
pi_pppd_wait_up
wait_for "$RESULTS/ipv6-up.pi" 20 "IPV6CP to come up"
isp_route_prefixes
ip -6 addr add "$OLD_ADDR/64" dev "$PI_PPP_IF" nodad
assert_fails "nosrcroute: the internet cannot connect to pi's IPv6 address" \
	probe6 "$OLD_ADDR"

rm -f "$RESULTS/ipv6-up.pi"
pi_pppd_restart plugin "$PLUGIN" srcroute-table "$SR_TABLE" +ipv6
pi_pppd_wait_up
wait_for "$RESULTS/ipv6-up.pi" 20 "IPV6CP to come up"
isp_route_prefixes
assert_eq "default dev $PI_PPP_IF table $SR_TABLE metric 1024 pref medium" \
	"$(sr_routes -6)" "IPV6CP up: the IPv6 default route in table 200"
assert_eq "" "$(sr_rules -6)" "no global address yet: no IPv6 rule"
assert_file_contains "$RESULTS/pi-pppd.log" "no global address yet" \
	"the plugin says the rules wait for an address"

ip -6 addr add "$OLD_ADDR/64" dev "$PI_PPP_IF" nodad
wait_v6_rules "$SR_PRIO: from $OLD_PREFIX lookup $SR_TABLE" \
	"a global address appears: one rule for its prefix"
assert_ok "the internet connects to pi's IPv6 address over ppp0" \
	probe6 "$OLD_ADDR"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"replies from $OLD_PREFIX leave via $PI_PPP_IF" \
	"the plugin logged the prefix it routes"

# Renumbering: the new prefix arrives before the old one goes, as SLAAC does.
ip -6 addr add "$NEW_ADDR/64" dev "$PI_PPP_IF" nodad
ip -6 addr del "$OLD_ADDR/64" dev "$PI_PPP_IF"
wait_v6_rules "$SR_PRIO: from $NEW_PREFIX lookup $SR_TABLE" \
	"renumbered: the rule follows, none for the old prefix"
assert_ok "the internet connects to the new address" probe6 "$NEW_ADDR"

ip -6 rule add from "$NEW_PREFIX" lookup "$SR_TABLE" prio "$SR_PRIO"
pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd exits 'user request' on SIGTERM"
sr_assert_none "after pppd stopped"
assert_contains "$(ip -6 rule show table "$SR_TABLE")" \
	"$SR_PRIO:	from $NEW_PREFIX lookup $SR_TABLE" \
	"the administrator's identical untagged rule survives"
