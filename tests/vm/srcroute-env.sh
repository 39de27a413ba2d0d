#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pppd's scripts see how source routing is set up, so that an ip-up.d
# script can add its own routes to the link's table or match its mark
# without repeating the configuration: LTEPI_SRCROUTE_TABLE, _PRIORITY,
# _MODE, _PROTO, and in connmark mode _MARK and _MARK_MASK (hex), the same
# in ip-up and ip-down.  Without source routing (nosrcroute, or link routes
# only) none is set.

. "$(dirname "$0")/lib.sh"
. "$vm_libdir/lib-srcroute.sh"
vm_enter "$0" "$@"

# Runs before lib.sh's zz-ltepi-vm marker, so the file is there once
# pi_pppd_wait_up/_wait_down return.  The ISP's pppd runs the same hooks
# (same /etc/ppp): the file name carries the ipparam ($6), "pi" for pi's.
record_env_hooks() {
	for phase in up down; do
		hook=/etc/ppp/ip-$phase.d/00-record-env
		printf '#!/bin/sh\nenv | grep "^LTEPI_" | sort >%s/env-%s.$6\n' \
			"$RESULTS" "$phase" >"$hook"
		chmod 0755 "$hook"
	done
}

script_env() { # up|down
	[ -f "$RESULTS/env-$1.pi" ] || fail "the ip-$1.d hook did not run"
	cat "$RESULTS/env-$1.pi"
}

# Brings a link up and down with OPTIONs; checks both scripts saw WANT.
assert_script_env() { # WHAT WANT OPTION...
	what=$1 want=$2
	shift 2
	rm -f "$RESULTS"/env-*
	pi_pppd_start plugin "$PLUGIN" "$@"
	pi_pppd_wait_up
	assert_eq "$want" "$(script_env up)" "$what: ip-up's environment"
	pi_pppd_stop
	pi_pppd_wait_down
	assert_eq "$want" "$(script_env down)" \
		"$what: ip-down's environment"
}

topo_up
record_env_hooks

assert_script_env "address mode, defaults" "LTEPI_SRCROUTE_MODE=address
LTEPI_SRCROUTE_PRIORITY=1000
LTEPI_SRCROUTE_PROTO=76
LTEPI_SRCROUTE_TABLE=200" srcroute-table 200

assert_script_env "connmark mode, derived mark" "LTEPI_SRCROUTE_MARK=0x07000000
LTEPI_SRCROUTE_MARK_MASK=0x0f000000
LTEPI_SRCROUTE_MODE=connmark
LTEPI_SRCROUTE_PRIORITY=1500
LTEPI_SRCROUTE_PROTO=76
LTEPI_SRCROUTE_TABLE=201" srcroute-table 201 srcroute-priority 1500 \
	srcroute-mode connmark

assert_script_env "connmark mode, srcroute-mark 0x300/0xf00" \
	"LTEPI_SRCROUTE_MARK=0x00000300
LTEPI_SRCROUTE_MARK_MASK=0x00000f00
LTEPI_SRCROUTE_MODE=connmark
LTEPI_SRCROUTE_PRIORITY=1000
LTEPI_SRCROUTE_PROTO=76
LTEPI_SRCROUTE_TABLE=200" srcroute-table 200 srcroute-mode connmark \
	srcroute-mark 0x300/0xf00

assert_script_env "nosrcroute" "" srcroute-table 200 nosrcroute
assert_script_env "link routes only" "" link-route 198.51.100.0/24
