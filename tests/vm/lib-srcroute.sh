# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# shellcheck disable=SC2034 # PI_PPP_*, SR_STATUS: for the scenarios that source it
#
# What the source routing scenarios (tests/vm/srcroute-*.sh) share, on top of
# lib.sh: reading back what the plugin left in the kernel, asserting it is
# exactly the expected set, and pppd set-ups lib.sh has no words for (a
# second link, redials that get a new address each time).
#
# "Ours" is what the module promises to own: rules and routes tagged with
# routing protocol 76 (shown as "ltepi" once rt_protos.d names it).  The
# readers print them normalised, one per line and sorted, so an assertion
# compares the complete set: a duplicate, a leftover or a missing entry all
# show up as a difference, with both sets in the message.

SR_PROTO=76
SR_TABLE=200
SR_PRIO=1000
SR_UDP_ECHO=${top_builddir:?}/tests/vm/srcroute-udp-echo

# Tagged rules of one family (-4 or -6), "PRIO: SELECTOR lookup TABLE".
sr_rules() { # -4|-6
	ip "$1" rule show | awk -v p="$SR_PROTO" '
		$0 ~ " proto (" p "|ltepi)( |$)" {
			sub(" proto (" p "|ltepi)", "")
			gsub(/[\t ]+/, " ")
			sub(/ $/, "")
			print
		}' | sort
}

# Tagged routes of one family in every table, as "ip route" prints them.
sr_routes() { # -4|-6
	ip "$1" route show table all proto "$SR_PROTO" | sed 's/ *$//' | sort
}

# The fwmark selector connmark mode uses for TABLE (the default mark: a
# nibble derived from the table, options.c).
sr_fwmark() { # TABLE
	printf 'fwmark 0x%x/0xf000000' $((($1 % 15 + 1) << 24))
}

# The complete set of tagged IPv4 rules and routes is exactly what one link
# with LOCAL on IFACE, table TABLE (default 200) and MODE (default address)
# should have.
sr_assert_installed() { # LOCAL IFACE [TABLE [MODE]]
	table=${3:-$SR_TABLE}
	want="$SR_PRIO: from $1 lookup $table"
	[ "${4:-address}" = address ] ||
		want=$(printf '%s\n%s' "$want" \
			"$SR_PRIO: from all $(sr_fwmark "$table") lookup $table" | sort)
	assert_eq "$want" "$(sr_rules -4)" \
		"$2 up with $1: exactly the tagged rules for $1, table $table"
	assert_eq "default dev $2 table $table scope link" "$(sr_routes -4)" \
		"$2 up with $1: exactly one tagged route, the default via $2 in table $table"
}

# Nothing tagged is left, in either family and any table.
sr_assert_none() { # WHAT
	assert_eq "" "$(sr_rules -4; sr_rules -6)" "$1: no tagged rule"
	assert_eq "" "$(sr_routes -4; sr_routes -6)" "$1: no tagged route"
}

# A UDP service bound to 0.0.0.0 that answers from the address each request
# came to (IP_PKTINFO), next to lib.sh's serve (socat, plain sendto()).
sr_serve_udp_pktinfo() { # PORT
	[ -x "$SR_UDP_ECHO" ] ||
		fail "$SR_UDP_ECHO is not built ('make check' builds it)"
	"$SR_UDP_ECHO" "$1" "$PROBE_REPLY" &
	vm_servers="$vm_servers $!"
	tries=50
	until ss -Hlun "sport = :$1" | grep -q .; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "srcroute-udp-echo did not bind udp $1"
		sleep 0.1
	done
}

# A further pppd on pi for link pppUNIT, its ISP handing out LOCAL.  Its
# ip-up/ip-down markers are ip-up.piUNIT/ip-down.piUNIT and its logs
# piUNIT-pppd.*.  Sets SR_PID (the teardown stops it with the servers).
sr_link_start() { # UNIT LOCAL OPTION...
	unit=$1 local=$2
	shift 2
	rm -f "$RESULTS/ip-up.pi$unit" "$RESULTS/ip-down.pi$unit"
	(
		PI_PPP_IF=ppp$unit
		pi_pppd_exec "$local" ipparam "pi$unit" \
			logfile "$RESULTS/pi$unit-pppd.log" "$@"
	) >>"$RESULTS/pi$unit-pppd.out" 2>&1 &
	SR_PID=$!
	vm_servers="$vm_servers $SR_PID"
}

# Stop a pppd started by sr_link_start; sets SR_STATUS.
sr_link_stop() { # PID
	kill -s TERM "$1"
	wait "$1" && SR_STATUS=0 || SR_STATUS=$?
}

# Dials under the test's control: this script, as pi's pppd's pty command,
# says it was started (pppd has run the plugin's start, its sweep included)
# and waits until the test opens the gate (sr_dial_allow), then starts the
# ISP's pppd handing out 100.64.0.N, N = FIRST_HOST, +1 on every dial.  With
# `persist`, every redial gets a new address and "the link is down" can be
# checked before the next dial races it.  A dial script left waiting by a
# pppd that is gone ends when the next set-up starts a new generation, so it
# cannot take the next pppd's gate.  Prints the pppd option.
sr_dial_setup() { # FIRST_HOST
	dir=/run/ltepi-sr
	mkdir -p $dir
	generation=$(($(cat $dir/generation 2>/dev/null || echo 0) + 1))
	echo $generation >$dir/generation
	rm -f $dir/gate $dir/dialing
	echo "$1" >$dir/next-host
	cat >$dir/dial.$generation <<-EOF
		#!/bin/sh
		: >$dir/dialing
		while :; do
			read -r current <$dir/generation
			[ "\$current" = $generation ] || exit 1
			! [ -e $dir/gate ] || break
			sleep 0.05
		done
		rm $dir/gate $dir/dialing
		read -r n <$dir/next-host
		echo \$((n + 1)) >$dir/next-host
		exec $(isp_pppd_command '100.64.0.$n')
	EOF
	chmod 0755 $dir/dial.$generation
	echo pty $dir/dial.$generation
}

sr_dial_allow() {
	: >/run/ltepi-sr/gate
}

# Until pppd runs the dial script (and waits at the gate).
sr_wait_dialing() {
	wait_for /run/ltepi-sr/dialing 30 "pppd to dial"
}

# Waits for the next ip-up of pi's pppd and consumes its marker; sets
# PI_PPP_ADDR.  The hook creates the marker before it writes the line, so
# an empty marker is read again.
sr_wait_up() {
	wait_for "$RESULTS/ip-up.pi" 30 "the link to come up"
	tries=50
	until read -r _ PI_PPP_ADDR _ <"$RESULTS/ip-up.pi"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "$RESULTS/ip-up.pi stays empty"
		sleep 0.1
	done
	rm -f "$RESULTS/ip-up.pi"
}

sr_wait_down() {
	wait_for "$RESULTS/ip-down.pi" 30 "the link to go down"
	rm -f "$RESULTS/ip-down.pi"
}

sr_fd_count() { # PID
	ls "/proc/$1/fd" | wc -l
}
