#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The profile decides what the internet reaches over the link, and nothing
# else: with "allow tcp 8080" an internet client gets 8080 on ppp0 but not
# 2222 and no ping answer (IPv4 or IPv6), while a LAN host still reaches
# 2222 (the table judges only packets from ppp0).  A second profile with
# "allow icmp" makes the Pi answer pings of both families.  Under a profile
# that opens nothing, path MTU discovery still works: the ISP's
# "fragmentation needed" errors come in over ppp0 and a bulk TCP upload
# through a narrower hop completes.
#
# srcroute-table 200 is needed throughout: pi's default route is its LAN, so
# without source routing no reply to the internet would leave over ppp0.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

# The ISP pings pi's IPv6 link-local address (from IPV6CP) over the link.
# A tentative address (DAD still running) neither answers nor sends, which
# would decide both the positive and the negative case, so wait it out on
# both ends first.  busybox's ping: the guest always has it.
ping6_link_ok() {
	ll=$(ip -6 -o addr show dev "$PI_PPP_IF" scope link |
		awk '{ sub("/.*", "", $4); print $4 }')
	[ -n "$ll" ] || fail "ppp0 has no IPv6 link-local address"
	tries=50
	while [ -n "$(ip -6 addr show dev "$PI_PPP_IF" tentative)$(isp_run \
		ip -6 addr show tentative)" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "IPv6 DAD on the link did not finish in 5 s"
		sleep 0.1
	done
	isp_run busybox ping -6 -q -c 1 -W 2 "$ll%$PI_PPP_IF" >/dev/null 2>&1
}

topo_up
serve pi tcp 8080
serve pi tcp 2222

web=$(fw_profile web8080 "# tests/vm/firewall-profile.sh" "allow tcp 8080")
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$web"
pi_pppd_wait_up
assert_ok "the internet reaches tcp 8080 over ppp0 (allowed)" \
	probe inet tcp "$PI_PPP_ADDR" 8080
assert_fails "the internet does not reach tcp 2222 over ppp0 (not allowed)" \
	probe inet tcp "$PI_PPP_ADDR" 2222
assert_fails "the internet gets no ping answer (no 'allow icmp')" \
	ping_ok inet "$PI_PPP_ADDR"
assert_fails "nor an ICMPv6 echo answer (over IPv6 link-local)" ping6_link_ok
assert_ok "a LAN host reaches tcp 2222 (the profile judges ppp0 only)" \
	probe lan tcp "$PI_LAN_ADDR" 2222 "$LAN_HOST"
assert_ok "a LAN host gets a ping answer" ping_ok lan "$PI_LAN_ADDR" "$LAN_HOST"
assert_ok "the Pi's own connections out over ppp0 get their replies" \
	ping_ok pi "$INET_CLIENT" "$PI_PPP_ADDR"
link_in=$(nft list chain inet "$FW_TABLE" link_in)
assert_contains "$link_in" \
	'tcp dport 8080 accept comment "web8080:2 allow tcp 8080"' \
	"the kernel holds the profile's rule, named by file and line"
assert_contains "$link_in" 'drop comment "web8080: policy drop (default)"' \
	"the link's chain ends in the profile's default policy"

ping=$(fw_profile ping "allow tcp 8080" "allow icmp")
pi_pppd_restart plugin "$PLUGIN" srcroute-table 200 firewall-profile "$ping"
pi_pppd_wait_up
assert_ok "with 'allow icmp' the internet gets a ping answer" \
	ping_ok inet "$PI_PPP_ADDR"
assert_ok "... and an ICMPv6 echo answer" ping6_link_ok
assert_fails "and still does not reach tcp 2222" \
	probe inet tcp "$PI_PPP_ADDR" 2222

# Path MTU: the ISP's hop to the internet carries at most 1280 bytes, the
# link 1500, so the Pi's first full-sized segments come back as ICMP
# "fragmentation needed" from 100.64.0.1 over ppp0.
closed=$(fw_profile closed "policy drop")
pi_pppd_restart plugin "$PLUGIN" srcroute-table 200 firewall-profile "$closed"
pi_pppd_wait_up
isp_run ip link set inet0 mtu 1280
inet_run socat -u TCP-LISTEN:9000,reuseaddr \
	SYSTEM:"wc -c >$RESULTS/pmtu.bytes" 2>/dev/null &
vm_servers="$vm_servers $!"
until inet_run ss -Hltn 'sport = :9000' | grep -q .; do sleep 0.1; done
head -c 65536 /dev/zero |
	timeout 10 socat -u STDIN "TCP:$INET_CLIENT:9000,bind=$PI_PPP_ADDR" ||
	fail "the upload over ppp0 did not complete"
wait_for "$RESULTS/pmtu.bytes" 5 "the upload's byte count"
sleep 0.2 # wc writes the count when the connection closes
assert_eq 65536 "$(tr -d ' \n' <"$RESULTS/pmtu.bytes")" \
	"a 64 KiB upload through a 1280-byte hop arrives whole"
assert_contains "$(ip route get "$INET_CLIENT" from "$PI_PPP_ADDR")" \
	"mtu 1280" "the ISP's 'fragmentation needed' got through the drop policy"
