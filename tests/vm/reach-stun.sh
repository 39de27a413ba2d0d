#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The reachability self-check (ltepi(8), REACHABILITY) against a real STUN
# server, coturn's turnserver in STUN-only mode, on the internet side of
# the simulated ISP (inet, 198.51.100.10): the ISP namespace forwards to it,
# so its NAT (postrouting, forwarded traffic only) sits between the link and
# the server as a carrier's would. One VM boot, three verdicts:
#   (a) the link has a global-style address and the ISP forwards it as is:
#       "the link's own address: no NAT";
#   (b) the ISP masquerades the link's traffic: NAT, naming the address the
#       server saw (the ISP's 198.51.100.1) and the link's (100.64.0.2),
#       with ltepi's firewall dropping all inbound (the answer is a reply);
#   (c) the server is down: "no answer" after the 5 tries (15.5 s), with the
#       ICMP refusal as the cause, and the link stays up;
#   (d) an IPv6 server: checked at ipv6-up, from the link's global IPv6
#       address, which (as with SLAAC) appears only after IPV6CP is up.
# Bad values are option errors (exit status 2) naming the option.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
command -v turnserver >/dev/null 2>&1 ||
	skip "no turnserver (Debian package coturn: tools/packages/vm.txt)"
vm_enter "$0" "$@"
# again in the guest: pppd25-reach-stun.sh runs this in the trixie root
command -v turnserver >/dev/null 2>&1 ||
	skip "no turnserver in this root (coturn; tools/trixie-rootfs.sh)"

STUN=$INET_CLIENT
STUN6=2001:db8:ffff::10
PI6=2001:db8:1:2::5
STUN_PID=
topo_up
ip -n isp addr add 2001:db8:ffff::1/64 dev inet0 nodad
ip -n inet addr add "$STUN6/64" dev eth0 nodad
ip -n inet -6 route add default via 2001:db8:ffff::1
isp_run sysctl -qw net.ipv6.conf.all.forwarding=1
mkdir -p /etc/ppp/ipv6-up.d
printf '#!/bin/sh\n: >%s/ipv6-up.pi\n' "$RESULTS" >/etc/ppp/ipv6-up.d/zz-ltepi-vm
chmod 0755 /etc/ppp/ipv6-up.d/zz-ltepi-vm

stun_listening() { inet_run ss -Hlun "sport = :3478" | grep -q .; }
stun_start() {
	# -n: no configuration file; nothing but STUN, nothing on disk
	# but its log
	ip netns exec inet turnserver -n --stun-only --no-cli --no-tls \
		--no-dtls -L "$STUN" -L "$STUN6" -p 3478 --simple-log \
		--log-file "$RESULTS/turnserver.log" \
		--pidfile "$RESULTS/turnserver.pid" \
		>"$RESULTS/turnserver.out" 2>&1 &
	STUN_PID=$!
	vm_servers="$vm_servers $STUN_PID"
	retry_until 10 "turnserver does not listen on udp 3478 in inet" \
		stun_listening
}
stun_stop() {
	kill "$STUN_PID"
	wait "$STUN_PID" 2>/dev/null || :
	retry_until 5 "turnserver still listens" eval '! stun_listening'
}
isp_masquerade() {
	isp_run nft -f - <<-EOF
	table ip cgnat {
		chain post { type nat hook postrouting priority srcnat; oifname "inet0" masquerade; }
	}
	EOF
}
verdicts() { fw_log_count "reach-check: "; }

# --- bad values: pppd exits 2 with the option named ---------------------------
for bad in stun.example.net stun:stun.example.net stun:2001:db8::1 \
	"stun:$STUN:0"; do
	pi_pppd_run plugin "$PLUGIN" reach-check "$bad"
	assert_eq 2 "$PPPD_STATUS" "reach-check $bad: pppd exits 2 (option error)"
	assert_contains "$PPPD_OUTPUT" "reach-check" "  and names the option"
done
pi_pppd_run plugin "$PLUGIN" reach-check stun:stun.example.net
assert_contains "$PPPD_OUTPUT" "give the STUN server's address, not a name" \
	"a host name: the message says why not"

# pppd's dump prints the option back as pppd reads it, port included
log_lines=$(wc -l <"$RESULTS/pi-pppd.log")
pi_pppd_run plugin "$PLUGIN" reach-check "stun:[$STUN6]" dump dryrun
assert_eq 0 "$PPPD_STATUS" "pppd dryrun accepts reach-check"
assert_contains "$(tail -n +"$((log_lines + 1))" "$RESULTS/pi-pppd.log")" \
	"reach-check stun:[$STUN6]:3478" "pppd dump prints it back"

stun_start

# --- (a) a global-style address, no NAT ---------------------------------------
# Only namespaces of this VM: no packet leaves it, whatever the address.
fw_log_mark
pi_pppd_start --addr 81.2.69.160 plugin "$PLUGIN" reach-check "stun:$STUN"
pi_pppd_wait_up
fw_log_wait "reach-check: " 1 10 "(a) a verdict"
note "$(fw_log_since | grep -F "reach-check: ")"
assert_eq 1 "$(fw_log_count "ltepi: ppp0: reach-check: the internet sees this link as 81.2.69.160:")" \
	"(a) the server saw the link's own address"
assert_eq 1 "$(fw_log_count "the link's own address: no NAT between the link and the internet")" \
	"  and the notice says: no NAT"
sleep 2
assert_eq 1 "$(verdicts)" "  one notice, no retries after the answer"
LTEPI=$top_builddir/cli/ltepi
assert_ok "  ltepi status shows it (the state is written within 5 s)" \
	retry_until 10 "ltepi status: no NAT" sh -c '"$1" status | grep -q "stun       the internet sees the link.s own address: no NAT, seen as$" &&
		"$1" status --json | grep -q "\"reach_check\":{\"verdict\":\"public\",\"mapped\":\"81.2.69.160:"' _ "$LTEPI"
pi_pppd_stop

# --- (b) the ISP masquerades: NAT ---------------------------------------------
# and ltepi's own firewall drops everything inbound: the answer is a reply
isp_masquerade
closed=$(fw_profile closed "policy drop")
fw_log_mark
pi_pppd_start --addr 100.64.0.2 plugin "$PLUGIN" firewall-profile "$closed" \
	reach-check "stun:$STUN"
pi_pppd_wait_up
fw_log_wait "reach-check: " 1 10 "(b) a verdict"
assert_ok "(b) ltepi's firewall (policy drop) is in place" fw_table_exists
line=$(fw_log_since | grep -F "reach-check: ")
note "$line"
assert_contains "$line" \
	"ltepi: ppp0: reach-check: the internet sees this link as $ISP_INET_ADDR:" \
	"(b) the notice names the address the server saw"
assert_contains "$line" \
	"not the link's address 100.64.0.2: there is NAT between the link and the internet" \
	"  and the link's own, and says NAT"
assert_contains "$line" "ask the provider for a public (fixed) address" \
	"  and what to do"
assert_eq 1 "$(fw_log_count "100.64.0.2 is in 100.64.0.0/10")" \
	"  the address-class notice is still there"
# (grep, not python3: the trixie root of pppd25-reach-stun.sh has none)
assert_ok "  --json and the metrics carry the verdict" \
	retry_until 10 "the NAT verdict in --json and the metrics" sh -c '
		"$1" status --json | grep -q "\"reach_check\":{\"verdict\":\"nat\",\"mapped\":\"$2:" &&
		grep -q "^ltepi_link_reach_check_info{.*verdict=\"nat\"" /run/ltepi/metrics/*.prom' _ "$LTEPI" "$ISP_INET_ADDR"
pi_pppd_stop
isp_run nft delete table ip cgnat

# --- (c) the server is down: no answer, the link stays up ---------------------
stun_stop
fw_log_mark
start=$(now) # before pppd: the verdict must come >= 15.5 s after ip-up
pi_pppd_start --addr 81.2.69.160 plugin "$PLUGIN" reach-check "stun:$STUN"
pi_pppd_wait_up
assert_eq 0 "$(verdicts)" "(c) no verdict at once"
assert_ok "  the link passes traffic while the check waits" \
	ping_ok isp 81.2.69.160
fw_log_wait "reach-check: " 1 40 "(c) a verdict"
waited=$(elapsed_since "$start")
note "the verdict came ${waited} s after pppd started"
note "$(fw_log_since | grep -F "reach-check: ")"
assert_ok "  after the retries (about 15.5 s), not before" \
	awk -v w="$waited" 'BEGIN { exit !(w >= 15.5 && w < 40) }'
assert_eq 1 "$(fw_log_count "reach-check: no answer from the STUN server $STUN:3478 after 5 tries in 15.5 s; its host refused (ICMP port unreachable): no STUN server listens there; whether the internet can reach this link is unknown (the link stays up)")" \
	"  the notice names the server and the cause"
assert_ok "  the link is still up" pi_pppd_alive
assert_ok "  and passes traffic" ping_ok isp 81.2.69.160
pi_pppd_stop

# --- (d) an IPv6 server: from the link's global IPv6 address ------------------
stun_start
fw_log_mark
rm -f "$RESULTS/ipv6-up.pi"
pi_pppd_start --addr 81.2.69.160 plugin "$PLUGIN" +ipv6 reach-check "stun:[$STUN6]"
pi_pppd_wait_up
wait_for "$RESULTS/ipv6-up.pi" 20 "IPV6CP to come up"
# what SLAAC and the provider's routing would do a moment later
isp_if=$(ip -n isp -o link show | awk -F': ' '$2 ~ /^ppp/ { print $2 }')
ip -n isp -6 route replace 2001:db8:1:2::/64 dev "$isp_if"
ip -6 route add 2001:db8:ffff::/64 dev "$PI_PPP_IF"
ip -6 addr add "$PI6/64" dev "$PI_PPP_IF" nodad
fw_log_wait "reach-check: " 1 20 "(d) a verdict"
note "$(fw_log_since | grep -F "reach-check: ")"
assert_eq 1 "$(fw_log_count "ltepi: ppp0: reach-check: the internet sees this link as [$PI6]:")" \
	"(d) the IPv6 server saw the link's global IPv6 address"
assert_eq 1 "$(fw_log_count "the link's own address: no NAT")" "  no NAT"
pi_pppd_stop
