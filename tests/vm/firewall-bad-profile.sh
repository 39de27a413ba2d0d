#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A profile that cannot be trusted or understood keeps the link down: pppd
# stops with the exit status of a bad option (2) and the reason (file, line
# and offending word for a syntax error), before it dials: the ISP's pppd
# never starts, no ppp0 appears, no ip-up runs and no table is loaded.
# Cases: a syntax error, a group-writable file, a profile name that does not
# exist in the profile directory (the error lists the names that do).

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

# The directory firewall-profile NAME looks in, as this build was configured.
default_profile_dir() {
	prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
	sed -n 's/^sysconfdir = //p' "$top_builddir/Makefile" |
		sed "s|\${prefix}|$prefix|; s|\$|/ppp/ltepi/firewall|"
}

# Make DIR exist and be ours: overlay its nearest existing ancestor unless
# that is already a writable copy (as /etc/ppp is).
make_profile_dir() { # DIR
	ancestor=$1
	until [ -d "$ancestor" ]; do ancestor=$(dirname "$ancestor"); done
	case $ancestor in
	/ | /usr | /etc) fail "refusing to overlay $ancestor for $1" ;;
	esac
	mountpoint -q "$ancestor" || overlay_dir "$ancestor"
	mkdir -p "$1"
	chmod 0755 "$1"
}

link_exists() {
	ip link show "$PI_PPP_IF" >/dev/null 2>&1
}

# pppd refused to start: status 2, the message, and nothing happened.
assert_refused() { # MESSAGE WHAT
	assert_eq 2 "$PPPD_STATUS" "$2: pppd exits 2 (option error)"
	assert_file_contains "$RESULTS/pi-pppd.log" "ltepi: firewall-profile: $1" \
		"$2: pppd's log says why"
	assert_fails "$2: pppd never dialed (no ISP pppd ran)" \
		test -e "$RESULTS/isp-pppd.log"
	assert_fails "$2: no ip-up ran" test -e "$RESULTS/ip-up.pi"
	assert_fails "$2: no ppp0 exists" link_exists
	assert_eq 0 "$(fw_table_count)" "$2: no ltepi table was loaded"
}

topo_up

syntax=$(fw_profile syntax "allow tcp 8080" "allow tcp 22,70000 from 192.0.2.0/24")
pi_pppd_run plugin "$PLUGIN" firewall-profile "$syntax"
assert_refused "$syntax:2: bad port (1-65535) near '70000'" "syntax error"

writable=$(fw_profile writable "allow tcp 8080")
chmod 0664 "$writable"
pi_pppd_run plugin "$PLUGIN" firewall-profile "$writable"
assert_refused \
	"$writable: is writable by group or others (mode 0664); run chmod go-w on it" \
	"group-writable profile"

dir=$(default_profile_dir)
make_profile_dir "$dir"
printf 'allow tcp 80\n' >"$dir/home"
printf 'policy drop\n' >"$dir/closed"
chmod 0644 "$dir/home" "$dir/closed"
pi_pppd_run plugin "$PLUGIN" firewall-profile hom
assert_refused \
	"firewall profile 'hom' not found in $dir (available: closed, home)" \
	"missing profile name"

# The same name lookup succeeds for a name that exists: the refusals above
# were about the profiles, not about pppd or the topology.
pi_pppd_start plugin "$PLUGIN" firewall-profile home
pi_pppd_wait_up
assert_ok "firewall-profile home brings the link up with its table" \
	fw_table_exists
