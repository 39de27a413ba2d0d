# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# shellcheck disable=SC2034 # VPN_*: for the scenarios that source it
#
# Helpers for the VPN scenarios (tests/vm/vpn-*.sh), sourced after lib.sh,
# lib-srcroute.sh and lib-product.sh: the provider's VPN servers from
# Debian's packages (pptpd, xl2tpd) in the isp namespace, and the services
# the box offers on its fixed address.
#
# The provider's VPN server answers at $VPN_SERVER (192.0.2.1, the address
# in examples/peers/vpn-*) on the isp namespace's interface cust0 and hands
# out the fixed address $VPN_FIXED_ADDR (203.0.113.7) to the account of the
# examples, routing it into the session: the inet namespace reaches the box
# at that address only through the tunnel.
#
#   pi lan0 ---- lan ns (router) wan0 192.0.2.2 ---- cust0 192.0.2.1 isp ns
#                                                    (vpn_uplink_lan)
#   pi ppp0 (LTE, 10.x) ============================ isp ns (vpn-over-lte)

VPN_SERVER=192.0.2.1
VPN_FIXED_ADDR=203.0.113.7
VPN_SERVER_TUNNEL_ADDR=203.0.113.1
VPN_USER=user@example
VPN_SECRET=vm-test-secret
VPN_RUN=/run/ltepi-vpn

# The LAN's router gets an uplink to the ISP, where the VPN server is; no
# NAT (a NATing router would need its PPTP or L2TP pass-through, which is
# the router's business, not the box's).  pi keeps its default route via
# the LAN router and gets the static host route to the server that
# examples/peers/vpn-pptp asks a LAN uplink to hold.
vpn_uplink_lan() {
	veth_pair lan wan0 isp cust0
	ip -n lan addr add 192.0.2.2/24 dev wan0
	ip -n lan route add default via 192.0.2.1
	lan_run sysctl -qw net.ipv4.ip_forward=1
	ip -n isp addr add "$VPN_SERVER/24" dev cust0
	ip -n isp route add 192.168.50.0/24 via 192.0.2.2
	ip route add "$VPN_SERVER/32" via "$LAN_ROUTER"
}

# One chap-secrets line serves both ends (pppd looks up client name, server
# name): the client's name, the server's name (the example's remotename),
# the secret, any address.
vpn_secrets() { # SERVER_NAME
	printf '"%s" "%s" "%s" *\n' "$VPN_USER" "$1" "$VPN_SECRET" \
		>>/etc/ppp/chap-secrets
	chmod 0600 /etc/ppp/chap-secrets
}

# The server side's pppd options (both servers), authenticating the box
# with MS-CHAPv2 and logging to isp-vpn-pppd.log.
vpn_server_options() { # FILE SERVER_NAME [OPTION...]
	file=$1 name=$2
	shift 2
	printf '%s\n' "name $name" require-mschap-v2 nobsdcomp nodeflate \
		novj nodefaultroute "logfile $RESULTS/isp-vpn-pppd.log" \
		debug "$@" >"$file"
}

# pptpd (Debian package pptpd) in the isp namespace, in the foreground,
# handing out $VPN_FIXED_ADDR with MPPE.
vpn_pptpd_start() {
	command -v pptpd >/dev/null || skip "pptpd missing (apt-get install pptpd)"
	mkdir -p "$VPN_RUN"
	vpn_secrets vpn-pptp
	# nolock: a tty option, which pppol2tp's sessions (xl2tpd) do not know.
	vpn_server_options "$VPN_RUN/pptpd-options" vpn-pptp require-mppe-128 nolock
	printf '%s\n' "option $VPN_RUN/pptpd-options" \
		"localip $VPN_SERVER_TUNNEL_ADDR" "remoteip $VPN_FIXED_ADDR" \
		>"$VPN_RUN/pptpd.conf"
	isp_run pptpd -f -c "$VPN_RUN/pptpd.conf" -p "$VPN_RUN/pptpd.pid" \
		-l "$VPN_SERVER" >>"$RESULTS/pptpd.out" 2>&1 &
	vm_servers="$vm_servers $!"
	retry_until 10 "pptpd does not listen on tcp 1723" \
		vpn_listening tcp 1723
}

# xl2tpd as the provider's LNS in the isp namespace, in the foreground.
vpn_xl2tpd_server_start() {
	command -v xl2tpd >/dev/null || skip "xl2tpd missing (apt-get install xl2tpd)"
	mkdir -p "$VPN_RUN/lns"
	vpn_secrets vpn-l2tp
	vpn_server_options "$VPN_RUN/lns/options" vpn-l2tp
	cat >"$VPN_RUN/lns/xl2tpd.conf" <<-EOF
		[global]
		listen-addr = $VPN_SERVER
		port = 1701
		[lns default]
		ip range = $VPN_FIXED_ADDR-$VPN_FIXED_ADDR
		local ip = $VPN_SERVER_TUNNEL_ADDR
		require authentication = no
		refuse pap = yes
		name = vpn-l2tp
		pppoptfile = $VPN_RUN/lns/options
	EOF
	: >"$VPN_RUN/lns/l2tp-secrets"
	chmod 0600 "$VPN_RUN/lns/l2tp-secrets"
	isp_run xl2tpd -D -c "$VPN_RUN/lns/xl2tpd.conf" \
		-s "$VPN_RUN/lns/l2tp-secrets" -p "$VPN_RUN/lns/xl2tpd.pid" \
		-C "$VPN_RUN/lns/control" >>"$RESULTS/xl2tpd-lns.out" 2>&1 &
	vm_servers="$vm_servers $!"
	retry_until 10 "the LNS does not listen on udp 1701" \
		vpn_listening udp 1701
}

vpn_listening() { # tcp|udp PORT
	case $1 in tcp) opt=-Hltn ;; *) opt=-Hlun ;; esac
	isp_run ss $opt "sport = :$2" | grep -q .
}

# xl2tpd on pi as the LAC of examples/xl2tpd/xl2tpd.conf (installed as
# /etc/xl2tpd/xl2tpd.conf would be; only its pppoptfile points at the
# installed peer file), dialed with xl2tpd-control as doc/vpn.md says.
vpn_xl2tpd_client_start() {
	mkdir -p "$VPN_RUN/lac" /var/run/xl2tpd
	sed "s|^pppoptfile = .*|pppoptfile = /etc/ppp/peers/vpn-l2tp|" \
		"${top_srcdir:?}/examples/xl2tpd/xl2tpd.conf" >"$VPN_RUN/lac/xl2tpd.conf"
	: >"$VPN_RUN/lac/l2tp-secrets"
	chmod 0600 "$VPN_RUN/lac/l2tp-secrets"
	xl2tpd -D -c "$VPN_RUN/lac/xl2tpd.conf" -s "$VPN_RUN/lac/l2tp-secrets" \
		-p "$VPN_RUN/lac/xl2tpd.pid" -C /var/run/xl2tpd/l2tp-control \
		>>"$RESULTS/xl2tpd-lac.out" 2>&1 &
	VPN_LAC_PID=$!
	vm_servers="$vm_servers $VPN_LAC_PID"
	retry_until 10 "xl2tpd (LAC) made no control pipe" \
		test -p /var/run/xl2tpd/l2tp-control
}

# The box's services: TCP 443 (socat) and UDP 443 (srcroute-udp-echo, which
# answers from the address it was asked on, as most UDP services do), both
# on every address and both in the web profile; TCP 8080, not in it.
vpn_services_start() {
	serve pi tcp 443
	sr_serve_udp_pktinfo 443
	serve pi tcp 8080
}

# Until the tunnel carries IP: MPPE may need a restart first (the race the
# comment on link-check in examples/peers/vpn-pptp describes), which
# link-check does within about 40 s although these probes keep coming in
# (the first check of a connection always probes); then holdoff and the
# redial, and on a loaded machine the race may come back once.
vpn_wait_carries() { # WHAT
	retry_until 180 "$1: the tunnel carries no IP to the fixed address" \
		probe inet tcp "$VPN_FIXED_ADDR" 443
	pass "$1: the tunnel carries IP"
	note "$1: link-check restarted the tunnel $(grep -c -h 'the link passes no traffic' \
		"$RESULTS"/pi*-pppd.log 2>/dev/null | awk '{ n += $1 } END { print n + 0 }') time(s) first"
}

# The internet reaches the services on the fixed address through the
# tunnel, not the other port, and pi's default route stays on the LAN.
vpn_assert_inbound() { # WHAT
	assert_ok "$1: the internet connects to tcp 443 on the fixed address" \
		eventually probe inet tcp "$VPN_FIXED_ADDR" 443
	assert_ok "$1: and gets an answer from udp 443" \
		eventually probe inet udp "$VPN_FIXED_ADDR" 443
	assert_fails "$1: tcp 8080 (not in the web profile) is refused" \
		probe inet tcp "$VPN_FIXED_ADDR" 8080
}

# The tunnel's interface, from the ip-up marker of IPPARAM.
vpn_ifname() { # IPPARAM
	read -r ifname _ <"$RESULTS/ip-up.$1"
	echo "$ifname"
}

# The EXIT trap of the VPN scenarios: the servers' and clients' logs on a
# failure, then lib-product.sh's teardown.
vpn_exit() {
	status=$?
	set +e
	if [ "$status" != 0 ] && [ "$status" != 77 ]; then
		for log in pptpd.out xl2tpd-lns.out xl2tpd-lac.out \
			xl2tpd-control.out pi-vpn-pppd.log isp-vpn-pppd.log; do
			[ -s "$RESULTS/$log" ] || continue
			echo "# ---- $log"
			tail -n 60 "$RESULTS/$log" | sed 's/^/# /'
		done
		# The server's negotiation scrolls out of the tail above.
		[ ! -s "$RESULTS/isp-vpn-pppd.log" ] ||
			grep -E 'CCP|MPPE|CHAP|IPCP' "$RESULTS/isp-vpn-pppd.log" |
			head -n 60 | sed "s/^/# server: /"
	fi
	(exit "$status")
	product_exit
}

vpn_enter() { # TEST_SCRIPT ARG...
	product_enter "$@"
	trap vpn_exit EXIT
}
