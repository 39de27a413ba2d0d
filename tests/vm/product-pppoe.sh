#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The PPPoE example (examples/peers/pppoe-beside-v6plus) against Debian's
# real pppoe-server over a veth: the session comes up with
# CHAP from chap-secrets, does not take the default route, gets the PPPoE
# MTU, and ltepi's source routing (table 201) and firewall (web profile)
# work on it as on the LTE link: the internet reaches the web server, not
# other ports.  poff leaves nothing.
#
# pi's side is kernel-mode PPPoE (pppd's pppoe.so, the pppoe module).
# Debian's pppoe-server (pppoe 3.15) is built without kernel mode ("-k:
# invalid option"), so the server side runs each session in user mode:
# its pppd on a pty, framed by pppoe(8).  That is the ISP's business; the
# frames on the veth are the same.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
product_enter "$0" "$@"

command -v pppoe-server >/dev/null || skip "pppoe-server missing (apt-get install pppoe)"
modprobe pppoe || skip "no pppoe kernel module"

topo_up
product_install "$top_srcdir/examples/peers/pppoe-beside-v6plus" fixed-ip
# The ISP's access concentrator on the other end of pi's eth0.
veth_pair pi eth0 isp dsl0
# One secrets line serves both ends: client name, any server, secret, any
# address.
printf '"user@fixed.example.jp" * "s3cret" *\n' >/etc/ppp/chap-secrets
chmod 0600 /etc/ppp/chap-secrets
printf '%s\n' require-chap noccp lcp-echo-interval 0 ipparam isp \
	"logfile $RESULTS/isp-pppd.log" debug >"$PRODUCT_RUN/pppoe-server-options"
isp_run pppoe-server -F -I dsl0 -N 2 -L "$ISP_PPP_ADDR" -R "$PI_PPP_ADDR" \
	-O "$PRODUCT_RUN/pppoe-server-options" >>"$RESULTS/pppoe-server.out" 2>&1 &
vm_servers="$vm_servers $!"

mkdir -p "$PRODUCT_RUN/www"
echo "hello over pppoe" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"
serve pi tcp 2222

started=$(now)
pon fixed-ip logfile "$RESULTS/pi-pppd.log"
wait_for "$RESULTS/ip-up.fixed-ip" 60 "the PPPoE session to come up"
note "pon fixed-ip -> ip-up: $(elapsed_since "$started") s"
read -r ifname local_addr remote_addr <"$RESULTS/ip-up.fixed-ip"
assert_eq "$PI_PPP_ADDR" "$local_addr" "the session got the address pppoe-server assigned"
assert_file_contains "$RESULTS/pi-pppd.log" "CHAP authentication succeeded" \
	"CHAP with the example's user and chap-secrets"
assert_file_contains "$RESULTS/pi-pppd.log" "Connect: $ifname <--> eth0" \
	"a kernel-mode PPPoE session on eth0"
assert_contains "$(ip link show "$ifname")" "mtu 1454" "the example's PPPoE MTU"
assert_contains "$(ip route get 192.0.2.1)" "via $LAN_ROUTER dev lan0" \
	"the default route stays on the LAN (the v6plus side)"
assert_eq "hello over pppoe" \
	"$(eventually inet_run curl -sS --max-time 3 "http://$PI_PPP_ADDR/")" \
	"the internet reaches the web server over PPPoE (source routing, web profile)"
assert_fails "port 2222 (not in the web profile) is refused" \
	probe inet tcp "$PI_PPP_ADDR" 2222
assert_contains "$(ip rule show)" "from $PI_PPP_ADDR lookup 201 proto ltepi" \
	"the rule for the session's address, table 201"
assert_eq 1 "$(ltepi_nft_count)" "one ltepi nftables table"

poff fixed-ip
pon_wait_gone fixed-ip
assert_nothing_left 201 "after poff fixed-ip"
