#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Real traffic through the firewall, in three network namespaces:
#
#   client (wan0 10.64.0.2) --veth-- (ppp0 10.64.0.1) pi (lan0 192.168.77.1)
#     |  routes 10.99.0.0/24, fd00:99::/64                --veth-- (eth0 .10) lan
#     far0 (a veth, MTU 1280): "the internet" beyond a narrower hop
#
# The Pi's link is a veth named ppp0 (the host has no PPP); the rules match
# it by name exactly as they would a real ppp0. The client is also the
# ISP's router: it answers oversized packets with real "fragmentation
# needed" / "packet too big" errors, and firewall-icmp sends what a router
# or an attacker would (a Router Advertisement, ICMP errors about no
# connection). A table "observe" counts the ICMP that arrives on ppp0
# (prerouting, before any filter) and what ltepi's table let through (input
# and forward, after it). Each check has a bounded timeout. Exit codes: 0
# pass, 1 fail, 77 skip (reason printed), 99 error.

# The predicates below run through check(), out of shellcheck's sight.
# shellcheck disable=SC2317
set -u

ns_pi=ltepi-fw-$$-pi
ns_cl=ltepi-fw-$$-cl
ns_lan=ltepi-fw-$$-lan
tmp=

skip() {
	echo "SKIP: $*"
	exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
for tool in ip socat ping timeout; do
	command -v $tool >/dev/null 2>&1 || skip "$tool is not installed"
done
: "${top_builddir:?top_builddir not set (run through make check)}"
: "${top_srcdir:?top_srcdir not set (run through make check)}"
# shellcheck source=tests/tap.sh
. "$top_srcdir/tests/tap.sh"
cli=$top_builddir/plugin/ltepi-firewall
icmp=$top_builddir/tests/ns/firewall-icmp
for prog in "$cli" "$icmp"; do
	[ -x "$prog" ] || { echo "ERROR: $prog not built"; exit 99; }
done

cleanup() {
	for ns in $ns_pi $ns_cl $ns_lan; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 99' INT TERM

in_ns() {
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}

setup() {
	ip netns add $ns_pi && ip netns add $ns_cl && ip netns add $ns_lan &&
	ip -n $ns_pi link add ppp0 type veth peer name wan0 netns $ns_cl &&
	ip -n $ns_pi link add lan0 type veth peer name eth0 netns $ns_lan &&
	ip -n $ns_pi addr add 10.64.0.1/30 dev ppp0 &&
	ip -n $ns_pi addr add fd00:64::1/64 dev ppp0 nodad &&
	ip -n $ns_pi addr add 192.168.77.1/24 dev lan0 &&
	ip -n $ns_cl addr add 10.64.0.2/30 dev wan0 &&
	ip -n $ns_cl addr add fd00:64::2/64 dev wan0 nodad &&
	ip -n $ns_lan addr add 192.168.77.10/24 dev eth0 &&
	for ns in $ns_pi $ns_cl $ns_lan; do ip -n "$ns" link set lo up; done &&
	ip -n $ns_pi link set ppp0 up && ip -n $ns_pi link set lan0 up &&
	ip -n $ns_cl link set wan0 up && ip -n $ns_lan link set eth0 up &&
	ip -n $ns_cl route add default via 10.64.0.1 &&
	ip -n $ns_lan route add default via 192.168.77.1 &&
	in_ns $ns_pi sysctl -qw net.ipv4.ip_forward=1 &&
	ip -n $ns_cl link add far0 mtu 1280 type veth peer name far1 &&
	ip -n $ns_cl link set far0 up && ip -n $ns_cl link set far1 up &&
	ip -n $ns_cl route add 10.99.0.0/24 dev far0 &&
	ip -n $ns_cl route add fd00:99::/64 dev far0 &&
	in_ns $ns_cl sysctl -qw net.ipv4.ip_forward=1 &&
	in_ns $ns_cl sysctl -qw net.ipv6.conf.all.forwarding=1 &&
	ip -n $ns_pi route add 10.99.0.0/24 via 10.64.0.2 &&
	ip -n $ns_pi route add fd00:99::/64 via fd00:64::2
}

# Counters of the ICMP on ppp0, before any filter (pre) and after ltepi's
# table (in, fwd): a drop there is final, so "after" counts what it let by.
observe() {
	in_ns $ns_pi nft -f - <<-EOF
	table inet observe {
		chain prerouting {
			type filter hook prerouting priority raw; policy accept;
			iifname "ppp0" icmp type destination-unreachable counter comment "pre-unreach"
			iifname "ppp0" icmpv6 type packet-too-big counter comment "pre-ptb"
			iifname "ppp0" icmpv6 type nd-router-advert counter comment "pre-ra"
		}
		chain input {
			type filter hook input priority filter + 20; policy accept;
			iifname "ppp0" icmp type destination-unreachable counter comment "in-unreach"
			iifname "ppp0" icmpv6 type packet-too-big counter comment "in-ptb"
			iifname "ppp0" icmpv6 type nd-router-advert counter comment "in-ra"
		}
		chain forward {
			type filter hook forward priority filter + 20; policy accept;
			iifname "ppp0" icmp type destination-unreachable counter comment "fwd-unreach"
		}
	}
	EOF
}

# seen NAME: the packets the observer's rule NAME counted.
seen() {
	in_ns $ns_pi nft list table inet observe |
		sed -n "s/.*counter packets \([0-9]*\) .*comment \"$1\".*/\1/p"
}

# mark remembers every counter; counted NAME N: NAME went up by N since.
mark() {
	in_ns $ns_pi nft list table inet observe >"$tmp/mark"
}
counted() {
	was=$(sed -n "s/.*counter packets \([0-9]*\) .*comment \"$1\".*/\1/p" \
		"$tmp/mark")
	# The kernel's copy of the packet may trail the sender by a moment.
	i=0
	while [ $(($(seen "$1") - was)) -lt "$2" ] && [ "$i" -lt 10 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	[ $(($(seen "$1") - was)) -eq "$2" ]
}

# path_mtu NS ADDR: the MTU the kernel has learnt for ADDR, if any.
path_mtu() {
	ip -n "$1" route get "$2" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}
pmtu_is() { [ "$(path_mtu "$1" "$2")" = "$3" ]; }

# big_ping NS ADDR: one 1400-byte ping that must not be fragmented; the
# router answers it with an error, so no echo reply is expected.
big_ping() {
	in_ns "$1" ping -q -c1 -W1 -M "do" -s 1400 "$2" >/dev/null 2>&1 || :
}

slaac_addr() {
	ip -n $ns_pi -6 addr show dev ppp0 scope global dynamic |
		grep -q 'inet6 fd00:aa::'
}
wait_slaac() {
	i=0
	until slaac_addr; do
		i=$((i + 1))
		[ "$i" -lt 30 ] || return 1
		sleep 0.1
	done
}
ra_default_route() {
	ip -n $ns_pi -6 route show default | grep -q 'via fe80::.* dev ppp0 proto ra'
}
wait_dad() { # NS DEV
	i=0
	while [ -n "$(ip -n "$1" -6 addr show dev "$2" tentative)" ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || return 1
		sleep 0.1
	done
}

# listen NS PORT: a TCP server answering "pong PORT" to each connection.
listen() {
	in_ns "$1" socat TCP-LISTEN:"$2",fork,reuseaddr \
		SYSTEM:"echo pong $2" >/dev/null 2>&1 &
}

# reach NS ADDR PORT: prints what came back, or socat's complaint.
reach() {
	in_ns "$1" timeout 5 socat -T2 - TCP:"$2":"$3",connect-timeout=2 \
		</dev/null 2>&1
}

reaches() { reach "$1" "$2" "$3" | grep -qx "pong $3"; }
times_out() { reach "$1" "$2" "$3" | grep -q "timed out"; }
refused() { reach "$1" "$2" "$3" | grep -q "Connection refused"; }
pings() { in_ns "$1" ping -q -c1 -W1 "$2" >/dev/null 2>&1; }
no_ping() { ! pings "$@"; }

profile() {
	printf '%s\n' "$@" >"$tmp/p"
	chmod 644 "$tmp/p"
	out=$(in_ns $ns_pi "$cli" apply "$tmp/p" ppp0 2>&1) || {
		echo "ERROR: apply failed: $out"
		exit 99
	}
}

tmp=$(mktemp -d) || exit 99
setup || { echo "ERROR: namespace setup failed"; exit 99; }
listen $ns_pi 8080
listen $ns_pi 2222
listen $ns_lan 80
listen $ns_lan 8081
listen $ns_cl 9000
# Wait for the listeners (bounded).
i=0
until reaches $ns_pi 127.0.0.1 2222 && reaches $ns_cl 127.0.0.1 9000 &&
	reaches $ns_lan 127.0.0.1 8081; do
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "ERROR: listeners did not start"; exit 99; }
	sleep 0.1
done

# Without a firewall everything is open: the checks below cannot pass
# for want of connectivity.
check "no firewall: client reaches pi:2222" reaches $ns_cl 10.64.0.1 2222
check "no firewall: client reaches lan:8081 through pi" \
	reaches $ns_cl 192.168.77.10 8081
check "no firewall: client pings pi" pings $ns_cl 10.64.0.1
check "no firewall: client pings pi over IPv6" pings $ns_cl fd00:64::1

profile "allow tcp 8080" "forward tcp 80 to 192.168.77.10"
check "allow tcp 8080: client reaches pi:8080" reaches $ns_cl 10.64.0.1 8080
check "  client does not reach pi:2222" times_out $ns_cl 10.64.0.1 2222
check "  the LAN still reaches pi:2222" reaches $ns_lan 192.168.77.1 2222
check "  client reaches the forwarded lan:80" \
	reaches $ns_cl 192.168.77.10 80
check "  client does not reach lan:8081 through pi" \
	times_out $ns_cl 192.168.77.10 8081
check "  pi's own connection to client:9000 gets its replies" \
	reaches $ns_pi 10.64.0.2 9000
check "  a LAN host's connection to client:9000 gets its replies" \
	reaches $ns_lan 10.64.0.2 9000
check "  client cannot ping pi (no 'allow icmp')" no_ping $ns_cl 10.64.0.1
check "  nor over IPv6" no_ping $ns_cl fd00:64::1

# Eight port lines become one set (firewall-portset.h): the same traffic.
profile "allow tcp 1" "allow tcp 3" "allow tcp 5" "allow tcp 7" \
	"allow tcp 9" "allow tcp 11" "allow tcp 8080" "allow tcp 13"
check "eight port lines, one set: client reaches pi:8080" \
	reaches $ns_cl 10.64.0.1 8080
check "  client does not reach pi:2222" times_out $ns_cl 10.64.0.1 2222

profile "allow tcp 8080" "allow icmp" "policy reject"
check "allow icmp: client pings pi" pings $ns_cl 10.64.0.1
check "  and over IPv6" pings $ns_cl fd00:64::1
check "policy reject: pi:2222 is refused at once" refused $ns_cl 10.64.0.1 2222
check "  pi:8080 still open" reaches $ns_cl 10.64.0.1 8080

# deny-all: what ltepi always lets in, and nothing else.
profile "policy drop"
observe || { echo "ERROR: cannot load the observer table"; exit 99; }
mark
big_ping $ns_pi 10.99.0.1
check "deny-all: the router's 'fragmentation needed' reaches the Pi" \
	counted in-unreach 1
check "  and the Pi learns the path MTU (1280)" pmtu_is $ns_pi 10.99.0.1 1280
big_ping $ns_lan 10.99.0.1
check "  one about a LAN host's packet is forwarded to it" \
	counted fwd-unreach 1
check "  and the LAN host learns the path MTU" pmtu_is $ns_lan 10.99.0.1 1280
big_ping $ns_pi fd00:99::1
check "  the router's ICMPv6 'packet too big' reaches the Pi" counted in-ptb 1
check "  and the Pi learns the IPv6 path MTU" pmtu_is $ns_pi fd00:99::1 1280

mark
if ! in_ns $ns_cl "$icmp" frag-needed 10.64.0.1 10.64.0.1 10.99.0.77 576 ||
	! in_ns $ns_cl "$icmp" frag-needed 192.168.77.10 192.168.77.10 \
		10.99.0.77 576 ||
	! in_ns $ns_cl "$icmp" too-big fd00:64::1 fd00:64::1 fd00:99::77 1280; then
	echo "ERROR: firewall-icmp failed"
	exit 99
fi
check "spoofed errors about no connection: both IPv4 ones arrive on ppp0" \
	counted pre-unreach 2
check "  and the ICMPv6 one" counted pre-ptb 1
check "  the one to the Pi is dropped" counted in-unreach 0
check "  the one to a LAN host is not forwarded" counted fwd-unreach 0
check "  the ICMPv6 one is dropped" counted in-ptb 0

# IPv6 autoconfiguration from the ISP's Router Advertisement.
mark
wait_dad $ns_cl wan0 || { echo "ERROR: DAD on wan0 did not finish"; exit 99; }
in_ns $ns_cl "$icmp" ra wan0 fd00:aa:: ||
	{ echo "ERROR: firewall-icmp ra failed"; exit 99; }
check "deny-all: the Router Advertisement passes ltepi's table" \
	counted in-ra 1
check "  the Pi configures an address from its prefix (SLAAC)" wait_slaac
check "  and a default route via the router" ra_default_route

# cli_refuses CMD: CMD on lte@0 fails with the reason (in the Pi's
# namespace: were it to succeed, it must not touch the host's ruleset).
cli_refuses() {
	! in_ns $ns_pi "$cli" "$1" "$tmp/p" lte@0 >/dev/null 2>"$tmp/err" &&
		grep -qxF "ltepi-firewall: interface name 'lte@0' cannot name a firewall table (1-15 letters, digits, '_', '.', '-')" "$tmp/err"
}
no_lte_table() { ! in_ns $ns_pi nft list tables | grep -q 'lte@0'; }
check "a name the kernel accepts but a table cannot have: apply says why" \
	cli_refuses apply
check "  and loads nothing" no_lte_table
check "  render says why too" cli_refuses render

in_ns $ns_pi "$cli" remove ppp0 || { echo "ERROR: remove failed"; exit 99; }
check "removed: client reaches pi:2222 again" reaches $ns_cl 10.64.0.1 2222

exit $failed
