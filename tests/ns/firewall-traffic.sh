#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Real traffic through the firewall, in three network namespaces:
#
#   client (wan0 10.64.0.2) --veth-- (ppp0 10.64.0.1) pi (lan0 192.168.77.1)
#                                                         --veth-- (eth0 .10) lan
#
# The Pi's link is a veth named ppp0 (the host has no PPP); the rules match
# it by name exactly as they would a real ppp0. Each check has a bounded
# timeout. Exit codes: 0 pass, 1 fail, 77 skip (reason printed), 99 error.

# The predicates below run through check(), out of shellcheck's sight.
# shellcheck disable=SC2317
set -u

fail=0
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
cli=$top_builddir/plugin/ltepi-firewall
[ -x "$cli" ] || { echo "ERROR: $cli not built"; exit 99; }

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
	in_ns $ns_pi sysctl -qw net.ipv4.ip_forward=1
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

check() {
	what=$1
	shift
	if "$@"; then
		echo "ok - $what"
	else
		echo "not ok - $what"
		fail=1
	fi
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

profile "allow tcp 8080" "allow icmp" "policy reject"
check "allow icmp: client pings pi" pings $ns_cl 10.64.0.1
check "  and over IPv6" pings $ns_cl fd00:64::1
check "policy reject: pi:2222 is refused at once" refused $ns_cl 10.64.0.1 2222
check "  pi:8080 still open" reaches $ns_cl 10.64.0.1 8080

in_ns $ns_pi "$cli" remove ppp0 || { echo "ERROR: remove failed"; exit 99; }
check "removed: client reaches pi:2222 again" reaches $ns_cl 10.64.0.1 2222

exit $fail
