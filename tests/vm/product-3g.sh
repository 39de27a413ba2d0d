#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The metered-dongle example (examples/peers/3g-restricted), installed as a
# user would and dialled through the modem simulator: while the link is up
# only its link-route prefix (8.8.8.8/32) goes over ppp0, everything else
# keeps using the LAN, and the route disappears with the link.  Also checks
# that every shipped example peer file parses with the real pppd (dryrun),
# and that the shipped peers/ltepi2 wins over Debian's /etc/ppp/options
# (auth, crtscts) where it must.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
product_enter "$0" "$@"

# Debian's /etc/ppp/options, before lib.sh replaces it with an empty one.
mkdir -p "$PRODUCT_RUN"
cp /etc/ppp/options "$PRODUCT_RUN/debian-options"
topo_up
# 8.8.8.8 lives behind the ISP, in the inet namespace.
inet_run ip addr add 8.8.8.8/32 dev lo
isp_run ip route add 8.8.8.8/32 via "$INET_CLIENT"

product_install "$top_srcdir/examples/peers/3g-restricted" dongle
modem_start
pon dongle logfile "$RESULTS/pi-pppd.log"
wait_for "$RESULTS/ip-up.dongle" 60 "the dongle's link to come up"

assert_contains "$(ip route get 8.8.8.8)" "dev ppp0" "8.8.8.8 is routed over ppp0"
assert_ok "and answers over it" eventually ping_ok pi 8.8.8.8
assert_contains "$(ip route get "$INET_CLIENT")" "via $LAN_ROUTER dev lan0" \
	"other destinations stay on the LAN"
assert_contains "$(ip route get 192.0.2.1)" "via $LAN_ROUTER dev lan0" \
	"the default route is still the LAN's"
assert_eq 1 "$(sim_count '< AT+CGDCONT=1,"IP","internet.example"')" \
	"the APN from the connect line won over modem.conf"

poff dongle
pon_wait_gone dongle
assert_contains "$(ip route get 8.8.8.8)" "via $LAN_ROUTER dev lan0" \
	"after poff 8.8.8.8 falls back to the LAN"
assert_nothing_left 200 "after poff dongle"

# Every example parses: pppd reads it, loads the plugins, checks every
# option and stops before touching a device (dryrun).  The device lines
# name hardware this machine lacks; a pty stands in for them.
ip link add eth0 type dummy
for example in "$top_srcdir"/examples/peers/*; do
	name=ltepi-example-$(basename "$example")
	product_install "$example" "$name"
	# vpn-l2tp is xl2tpd's pppoptfile: xl2tpd supplies the channel
	# (pppol2tp.so and its socket); a pty stands in for it.
	device=
	[ "$(basename "$example")" != vpn-l2tp ] || device="pty true"
	status=0
	# shellcheck disable=SC2086 # device is two words or none
	output=$(timeout 20 pppd call "$name" dryrun nodetach $device 2>&1) || status=$?
	[ "$status" = 0 ] || fail "pppd call $name dryrun: status $status: $output"
	pass "$(basename "$example") parses with pppd $(pppd --version 2>&1 | awk '{ print $3 }')"
done
ip link del eth0

# The shipped peer file with Debian's /etc/ppp/options as installed by the
# ppp package, which says "auth" and "crtscts": the peer file must turn
# both off, and keep the default route off.
cp "$PRODUCT_RUN/debian-options" /etc/ppp/options
product_install ppp/peers/ltepi2 ltepi2
status=0
output=$(timeout 20 pppd call ltepi2 dryrun nodetach 2>&1) || status=$?
: >/etc/ppp/options
assert_eq 0 "$status" "peers/ltepi2 parses with Debian's /etc/ppp/options"
# pppd 2.5.2 (trixie) frees the name of an options file it read, and its
# dump prints whatever the memory holds as the option's source
# (ppp-project/ppp 87c30d3, "Closes: #560", reverted that in 2.5.3).  There
# the effective value is checked (Debian's "auth" would print as "auth"),
# not which file set it.
source=/etc/ppp/peers/ltepi2
[ "$(pppd --version 2>&1 | awk '{ print $3 }')" != 2.5.2 ] || source=
for option in noauth nocrtscts nodefaultroute; do
	assert_contains "$output" "$option		# (from ${source:+$source)}" \
		"peers/ltepi2 sets $option over Debian's options${source:+ (pppd names the file)}"
done
