#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The firewall is in place before the link can carry an IP packet.  The
# plugin loads the table when pppd enters its network phase, before any
# IPCP or IPV6CP packet; an /etc/ppp/ip-pre-up.d script (run after IPCP
# finished, before the interface is configured) already finds the table in
# the kernel, and pppd's log shows the plugin's notice before the first NCP
# packet.  Both pppds negotiate IPV6CP too (Debian's pppd enables it), which
# is why ip-pre-up itself would be too late to load the rules: IPv6 is up
# while IPCP is still negotiating.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

topo_up
# /etc/ppp is the test's writable copy; Debian's ip-pre-up runs ip-pre-up.d.
if [ ! -x /etc/ppp/ip-pre-up ]; then
	printf '#!/bin/sh\nrun-parts --arg="$1" /etc/ppp/ip-pre-up.d\n' \
		>/etc/ppp/ip-pre-up
	chmod 0755 /etc/ppp/ip-pre-up
fi
mkdir -p /etc/ppp/ip-pre-up.d
cat >/etc/ppp/ip-pre-up.d/fw-observe <<EOF
#!/bin/sh
# What the kernel holds when pppd runs ip-pre-up for \$PPP_IFACE.
nft list table inet ltepi-fw-\$1 >$RESULTS/pre-up.nft 2>&1
echo \$? >$RESULTS/pre-up.status
ip -o link show \$1 >$RESULTS/pre-up.link
EOF
chmod 0755 /etc/ppp/ip-pre-up.d/fw-observe

serve pi tcp 8080
profile=$(fw_profile web8080 "allow tcp 8080")
pi_pppd_start plugin "$PLUGIN" srcroute-table 200 firewall-profile "$profile"
pi_pppd_wait_up

assert_eq 0 "$(cat "$RESULTS/pre-up.status")" \
	"ip-pre-up finds table inet $FW_TABLE in the kernel"
assert_file_contains "$RESULTS/pre-up.nft" \
	'tcp dport 8080 accept comment "web8080:1 allow tcp 8080"' \
	"ip-pre-up sees the profile's rule already loaded"
assert_file_contains "$RESULTS/pre-up.nft" 'iifname "ppp0" jump link_in' \
	"ip-pre-up sees the input hook judging ppp0"

notice='ltepi: ppp0: firewall profile .web8080. in place before the link comes up'
assert_log_order "$notice" 'sent \[IPCP ' \
	"the table is in place before pppd sends its first IPCP packet"
assert_log_order "$notice" 'rcvd \[IPCP ' \
	"... and before it receives one"
assert_log_order "$notice" 'sent \[IPV6CP ' \
	"... and before its first IPV6CP packet"
assert_log_order "$notice" '^local  IP address' \
	"... so before IPCP completes"
assert_log_order 'Script /etc/ppp/ip-pre-up finished' '^local  IP address' \
	"ip-pre-up ran before the address was configured"
case $(cat "$RESULTS/pre-up.link") in
*[\<,]UP[,\>]*) note "ppp0 was already up when ip-pre-up ran (IPV6CP finished first)" ;;
*) note "ppp0 was still down when ip-pre-up ran" ;;
esac
us=$(sed -n 's/.*in place before the link comes up (.*; \([0-9]*\) us)$/\1/p' \
	"$RESULTS/pi-pppd.log")
note "loading the table took $us us (the plugin's own measurement)"
assert_ok "the internet reaches the allowed port once the link is up" \
	probe inet tcp "$PI_PPP_ADDR" 8080
