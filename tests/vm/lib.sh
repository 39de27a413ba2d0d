# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# shellcheck disable=SC2034 # PLUGIN, PPPD_*, ...: for the scenarios that source it
#
# Shell library for the end-to-end tests that run inside the test VM, where the
# kernel has PPP.  A test sources it, calls vm_enter (which, on the host, boots
# the VM running the very same script), builds the standard topology and then
# reads like its scenario:
#
#	. "$(dirname "$0")/lib.sh"
#	vm_enter "$0" "$@"
#	topo_up
#	pi_pppd_start plugin "$PLUGIN"
#	pi_pppd_wait_up
#	assert_ok "isp reaches pi over the link" ping_ok isp "$PI_PPP_ADDR"
#
# Topology (documentation and shared-address ranges only):
#
#   lan ns                      pi (root ns)                   isp ns          inet ns
#   router 192.168.50.1 ---- lan0 192.168.50.2     ppp0 ==== ppp 100.64.0.1
#   host   192.168.50.10      default via .1      100.64.0.X   198.51.100.1 ---- 198.51.100.10
#                                                                (forwards)     default via .1
#
# pi's pppd runs in the root namespace (where the plugin works) and starts the
# ISP's pppd as its pty child inside the isp namespace, so a real kernel PPP
# link joins the two.  pi's default route goes to the LAN, so without source
# routing pi's replies to the internet die there: exactly the problem the
# plugin's source routing solves.
#
# Everything is `set -eu` safe; a failed assertion prints what was expected
# and what was seen, and the EXIT trap dumps the pppd logs and tears down.

set -eu

# A script outside tests/vm (bench/) presets vm_libdir.
: "${vm_libdir:=$(cd "$(dirname "$0")" && pwd)}"
: "${top_srcdir:=$(cd "$vm_libdir/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
PLUGIN=$top_builddir/plugin/.libs/ltepi.so

LAN_ROUTER=192.168.50.1
LAN_HOST=192.168.50.10
PI_LAN_ADDR=192.168.50.2
ISP_PPP_ADDR=100.64.0.1
PI_PPP_ADDR=100.64.0.2
ISP_INET_ADDR=198.51.100.1
INET_CLIENT=198.51.100.10
PI_PPP_IF=ppp0
PROBE_REPLY=ltepi-vm-pong

vm_namespaces="lan isp inet"
vm_servers=
PI_PPPD_PID=
PI_PPPD_STATUS=

# On the host: boot the VM running this script (and never return).  In the
# guest: arm the EXIT trap that reports and tears down.
vm_enter() {
	if [ -z "${LTEPI_VM_GUEST:-}" ]; then
		script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
		shift
		export top_srcdir top_builddir
		exec /bin/sh "$vm_libdir/run.sh" -- /bin/sh "$script" "$@"
	fi
	RESULTS=$LTEPI_VM_RESULTS
	trap vm_exit EXIT
	trap 'exit 99' HUP INT TERM
}

vm_exit() {
	status=$?
	set +e
	if [ "$status" != 0 ] && [ "$status" != 77 ]; then
		dump_logs
	fi
	topo_down
	exit "$status"
}

# --- reporting and assertions ------------------------------------------------

note() {
	echo "# $*"
}

pass() {
	echo "ok - $*"
}

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

assert_eq() { # WANT GOT WHAT
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
	pass "$3"
}

assert_contains() { # HAYSTACK NEEDLE WHAT
	case $1 in
	*"$2"*) pass "$3" ;;
	*) fail "$3: expected to contain '$2', got:
$1" ;;
	esac
}

assert_file_contains() { # FILE NEEDLE WHAT
	[ -f "$1" ] || fail "$3: $1 does not exist"
	grep -qF -e "$2" "$1" || fail "$3: '$2' not in $1"
	pass "$3"
}

assert_ok() { # WHAT COMMAND...
	what=$1
	shift
	"$@" || fail "$what: '$*' failed (status $?)"
	pass "$what"
}

assert_fails() { # WHAT COMMAND...
	what=$1
	shift
	! "$@" || fail "$what: '$*' succeeded, expected it to fail"
	pass "$what"
}

dump_logs() {
	for log in "$RESULTS"/pi-pppd.out "$RESULTS"/pi-pppd.log \
		"$RESULTS"/isp-pppd.log; do
		[ -s "$log" ] || continue
		echo "# ---- $(basename "$log")"
		sed 's/^/# /' "$log"
	done
}

now() {
	date +%s.%N
}

elapsed_since() { # START
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# --- namespaces ----------------------------------------------------------------

# Run a command in a namespace of the topology; "pi" is the root namespace.
in_ns() { # NS COMMAND...
	ns=$1
	shift
	if [ "$ns" = pi ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

lan_run() { in_ns lan "$@"; }
isp_run() { in_ns isp "$@"; }
inet_run() { in_ns inet "$@"; }

# A veth pair NS_A:IF_A -- NS_B:IF_B, both up.
veth_pair() { # NS_A IF_A NS_B IF_B
	ip link add "$2" type veth peer name "$4" netns "$3"
	[ "$1" = pi ] || ip link set "$2" netns "$1"
	in_ns "$1" ip link set "$2" up
	in_ns "$3" ip link set "$4" up
}

# Give a directory a private writable copy for the rest of the run, so the
# test controls its contents without touching the (read-only) host's.
overlay_dir() { # DIR
	copy=/run/ltepi-vm-overlay$1
	mkdir -p "$copy"
	cp -a "$1/." "$copy/"
	mount --bind "$copy" "$1"
}

# pppd configuration under the test's control: Debian's /etc/ppp/options
# (auth, lock, crtscts, modem) replaced by an empty one, and ip-up/ip-down
# hooks that tell pi_pppd_wait_up/_wait_down that pppd (and with it the
# plugin's notifiers, which run first) finished bringing the link up or down.
etc_ppp_setup() {
	overlay_dir /etc/ppp
	echo "# tests/vm/lib.sh: options come from the command line" \
		>/etc/ppp/options
	for phase in up down; do
		hook=/etc/ppp/ip-$phase.d/zz-ltepi-vm
		mkdir -p "$(dirname "$hook")"
		# ip-up's arguments: interface tty speed local remote ipparam.
		# Written then renamed, so a waiter never reads it half-written.
		printf '#!/bin/sh\nm=%s/ip-%s.$6\necho "$1 $4 $5" >"$m.tmp" && mv "$m.tmp" "$m"\n' \
			"$RESULTS" "$phase" >"$hook"
		chmod 0755 "$hook"
	done
}

# rt_tables entries for tests that name routing tables.
rt_tables_add() { # NUMBER NAME
	[ -d /etc/iproute2 ] ||
		fail "rt_tables_add: the host root has no /etc/iproute2 to overlay"
	mountpoint -q /etc/iproute2 || overlay_dir /etc/iproute2
	echo "$1 $2" >>/etc/iproute2/rt_tables
}

topo_up() {
	for ns in $vm_namespaces; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	veth_pair pi lan0 lan eth0
	ip addr add "$PI_LAN_ADDR/24" dev lan0
	ip route add default via "$LAN_ROUTER"
	ip -n lan addr add "$LAN_ROUTER/24" dev eth0
	ip -n lan addr add "$LAN_HOST/24" dev eth0

	veth_pair isp inet0 inet eth0
	ip -n isp addr add "$ISP_INET_ADDR/24" dev inet0
	ip -n inet addr add "$INET_CLIENT/24" dev eth0
	ip -n inet route add default via "$ISP_INET_ADDR"
	isp_run sysctl -qw net.ipv4.ip_forward=1

	etc_ppp_setup
}

# Safe to call twice (the test may, then the EXIT trap does) and under set -e.
topo_down() {
	pi_pppd_stop
	for pid in $vm_servers; do
		kill "$pid" 2>/dev/null || :
		wait "$pid" 2>/dev/null || :
	done
	vm_servers=
	for ns in $vm_namespaces; do
		! [ -e "/run/netns/$ns" ] || ip netns del "$ns"
	done
	! ip link show lan0 >/dev/null 2>&1 || ip link del lan0
	for dir in /etc/iproute2 /etc/ppp; do
		! mountpoint -q "$dir" || umount "$dir"
	done
	rm -rf /run/ltepi-vm-overlay
}

# --- pppd on both ends ---------------------------------------------------------

# The files the ip-up/ip-down hooks leave (see etc_ppp_setup) describe the
# current connection only.
link_markers_clear() {
	rm -f "$RESULTS"/ip-up.* "$RESULTS"/ip-down.*
}

# The ISP's pppd: pi's pty child in the isp namespace, handing out $1.
isp_pppd_command() { # PI_ADDRESS
	echo "ip netns exec isp pppd notty noauth nolock local noccp" \
		"lcp-echo-interval 0 ipparam isp $ISP_PPP_ADDR:$1" \
		"logfile $RESULTS/isp-pppd.log debug"
}

# pi's pppd in the foreground: the standard options, then the test's.
pi_pppd_exec() { # PI_ADDRESS OPTION...
	addr=$1
	shift
	exec ${pppd_wrapper:-} pppd nodetach noauth nolock local noccp \
		lcp-echo-interval 0 noipdefault nodefaultroute ipparam pi \
		unit "${PI_PPP_IF#ppp}" logfile "$RESULTS/pi-pppd.log" debug \
		pty "$(isp_pppd_command "$addr")" "$@"
}

# Start pi's pppd in the background; --addr picks the address the ISP hands
# out this time.  The remaining arguments are pppd options.
pi_pppd_start() { # [--addr A.B.C.D] OPTION...
	if [ "${1:-}" = --addr ]; then
		PI_PPP_ADDR=$2
		shift 2
	fi
	link_markers_clear
	(pi_pppd_exec "$PI_PPP_ADDR" "$@") >>"$RESULTS/pi-pppd.out" 2>&1 &
	PI_PPPD_PID=$!
	PI_PPPD_STARTED=$(now)
}

# Run pi's pppd to completion (bounded), for option errors and the like:
# sets PPPD_STATUS and PPPD_OUTPUT (stdout and stderr).
pi_pppd_run() { # OPTION...
	link_markers_clear
	PPPD_STATUS=0
	PPPD_OUTPUT=$(
		pppd_wrapper="timeout -k 2 20"
		pi_pppd_exec "$PI_PPP_ADDR" "$@" 2>&1
	) || PPPD_STATUS=$?
}

pi_pppd_alive() {
	[ -n "$PI_PPPD_PID" ] && kill -0 "$PI_PPPD_PID" 2>/dev/null
}

# Wait (bounded) until pppd ran ip-up for $PI_PPP_IF; pppd's ip-up notifiers,
# the plugin's included, have run by then.  Sets PI_PPP_ADDR to the address
# the link got and LINK_UP_SECONDS to the time since pi_pppd_start.
pi_pppd_wait_up() { # [TIMEOUT_SECONDS]
	wait_for "$RESULTS/ip-up.pi" "${1:-30}" "the link to come up"
	read -r ifname local_addr remote_addr <"$RESULTS/ip-up.pi"
	assert_eq "$PI_PPP_IF" "$ifname" "pppd named the link"
	assert_eq "$ISP_PPP_ADDR" "$remote_addr" "the peer address"
	PI_PPP_ADDR=$local_addr
	LINK_UP_SECONDS=$(elapsed_since "$PI_PPPD_STARTED")
	note "link up in $LINK_UP_SECONDS s: $ifname $local_addr -> $remote_addr"
}

pi_pppd_wait_down() { # [TIMEOUT_SECONDS]
	wait_for "$RESULTS/ip-down.pi" "${1:-30}" "the link to go down"
}

wait_for() { # FILE TIMEOUT_SECONDS WHAT
	deadline=$(($(date +%s) + $2))
	while [ ! -e "$1" ]; do
		if [ -n "$PI_PPPD_PID" ] && ! pi_pppd_alive; then
			wait "$PI_PPPD_PID" && PI_PPPD_STATUS=0 || PI_PPPD_STATUS=$?
			PI_PPPD_PID=
			fail "pppd exited (status $PI_PPPD_STATUS) waiting for $3"
		fi
		[ "$(date +%s)" -lt "$deadline" ] ||
			fail "timed out after $2 s waiting for $3"
		sleep 0.1
	done
}

# Reap pi's pppd, which is exiting or expected to exit on its own, SIGKILLing
# it after 10 s; PI_PPPD_STATUS is its exit status (128 + signal if killed).
pi_pppd_reap() {
	[ -n "$PI_PPPD_PID" ] || return 0
	tries=100
	while pi_pppd_alive && [ $tries -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	! pi_pppd_alive || kill -s KILL "$PI_PPPD_PID"
	wait "$PI_PPPD_PID" && PI_PPPD_STATUS=0 || PI_PPPD_STATUS=$?
	PI_PPPD_PID=
}

pi_pppd_signal() { # SIGNAL
	[ -z "$PI_PPPD_PID" ] || kill -s "$1" "$PI_PPPD_PID" 2>/dev/null || :
	pi_pppd_reap
}

pi_pppd_stop() {
	pi_pppd_signal TERM
}

pi_pppd_kill() {
	pi_pppd_signal KILL
}

# The ISP ends the connection: its pppd terminates (LCP TermReq).  Only
# the pppd itself is signalled: with notty it relays the line through a
# child also named "pppd" (charshunt), and killing that first can cut the
# line before the TermReq crosses it, leaving pi's pppd up and unaware.
# Children forked for scripts are "pppd" too until they exec, and may be
# gone by the time they would be signalled.
isp_pppd_hangup() {
	isp_pids=" $(ip netns pids isp | tr '\n' ' ') "
	for pid in $isp_pids; do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pppd ] || continue
		ppid=$(awk '$1 == "PPid:" { print $2 }' "/proc/$pid/status" 2>/dev/null) ||
			continue
		# a child of an ISP pppd (pi's pppd, the pty's parent, is not in isp)
		case $isp_pids in *" $ppid "*)
			[ "$(cat "/proc/$ppid/comm" 2>/dev/null)" != pppd ] || continue ;;
		esac
		kill -s TERM "$pid" 2>/dev/null || :
	done
}

pi_pppd_restart() { # [--addr A.B.C.D] OPTION...
	pi_pppd_stop
	pi_pppd_start "$@"
}

# --- another program's nftables table -------------------------------------------

# An nftables table "inet NAME" owned by another process (flags owner): the
# kernel lets nobody else change or delete it while its owner lives.  nft -i
# keeps its netlink socket, and with it the table, until its input ends; the
# fifo lives on the guest's tmpfs (the results directory is 9p).  The
# writer is this shell's fd 7: start anything that outlives the hold with
# "7>&-" (pppd, servers), or nft -i never sees the end of its input and
# nft_owner_release waits for ever.
# nft_owner_start runs the nft -i that commands written to fd 7 go to.
nft_owner_start() {
	NFT_OWNER_FIFO=/run/ltepi-vm-nft-owner.fifo
	rm -f "$NFT_OWNER_FIFO"
	mkfifo "$NFT_OWNER_FIFO"
	nft -i <"$NFT_OWNER_FIFO" >"$RESULTS/nft-owner.out" 2>&1 &
	NFT_OWNER_PID=$!
	exec 7>"$NFT_OWNER_FIFO"
}

nft_owner_hold() { # NAME
	nft_owner_start
	echo "add table inet $1 { flags owner; }" >&7
	tries=50
	until nft list table inet "$1" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "nft -i did not create its owner table $1"
		sleep 0.1
	done
}

nft_owner_release() {
	exec 7>&-
	wait "$NFT_OWNER_PID" ||
		fail "nft -i failed: $(cat "$RESULTS/nft-owner.out")"
	rm -f "$NFT_OWNER_FIFO"
}

# Runs COMMAND every 0.5 s until it succeeds; after SECONDS the test fails
# with WHAT.
retry_until() { # SECONDS WHAT COMMAND...
	# own names: the caller's variables (tries, what, ...) stay as they are.
	# A deadline, not a count: a probe may itself take seconds to give up.
	_retry_deadline=$(($(date +%s) + $1)) _retry_what=$2
	shift 2
	until "$@"; do
		[ "$(date +%s)" -lt "$_retry_deadline" ] || fail "$_retry_what"
		sleep 0.5
	done
}

# --- reachability probes (2 s timeouts) ---------------------------------------

ping_ok() { # NS ADDRESS [SOURCE]
	in_ns "$1" busybox ping -q -c 1 -W 2 ${3:+-I "$3"} "$2" >/dev/null 2>&1
}

# A socat server answering $PROBE_REPLY on every connection or datagram.
serve() { # NS tcp|udp PORT
	ns=$1 proto=$2 port=$3
	case $proto in
	tcp) listen=TCP-LISTEN:$port,fork,reuseaddr ss=-Hltn ;;
	udp) listen=UDP-RECVFROM:$port,fork ss=-Hlun ;;
	*) fail "serve: unknown protocol '$proto'" ;;
	esac
	# Started directly (ip netns exec execs socat), so $! is socat's pid.
	if [ "$ns" = pi ]; then
		set --
	else
		set -- ip netns exec "$ns"
	fi
	"$@" socat "$listen" SYSTEM:"echo $PROBE_REPLY" 2>/dev/null &
	vm_servers="$vm_servers $!"
	tries=50
	until in_ns "$ns" ss $ss "sport = :$port" | grep -q .; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] ||
			fail "socat did not start listening on $proto $port in $ns"
		sleep 0.1
	done
}

# Succeeds when ADDRESS:PORT answers with $PROBE_REPLY.
probe() { # NS tcp|udp ADDRESS PORT [SOURCE]
	case $2 in
	tcp) peer=TCP:$3:$4,connect-timeout=2 ;;
	udp) peer=UDP:$3:$4 ;;
	*) fail "probe: unknown protocol '$2'" ;;
	esac
	reply=$(echo ping | in_ns "$1" socat -T 2 STDIO "$peer${5:+,bind=$5}" 2>/dev/null) || :
	[ "$reply" = "$PROBE_REPLY" ]
}
