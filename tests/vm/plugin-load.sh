#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Real pppd (the distribution's) loads the freshly built ltepi.so by absolute
# path over a real kernel PPP link: the plugin announces itself and the link
# still comes up; a bad option value stops pppd before any link is attempted,
# with the plugin's own message and pppd's option-error exit status (2).

. "$(dirname "$0")/lib.sh"
vm_enter "$0" "$@"

[ -f "$PLUGIN" ] || fail "$PLUGIN not built"
topo_up

pi_pppd_start plugin "$PLUGIN"
pi_pppd_wait_up
assert_file_contains "$RESULTS/pi-pppd.log" \
	"ltepi: version $(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"/\1/p' "$top_builddir/config.h") loaded, built for pppd" \
	"pppd logged the plugin's load notice"
assert_ok "isp reaches pi over the link with the plugin loaded" \
	ping_ok isp "$PI_PPP_ADDR"
pi_pppd_stop
assert_eq 5 "$PI_PPPD_STATUS" "pppd exits 'user request' on SIGTERM"

pi_pppd_run plugin "$PLUGIN" srcroute-table 254
assert_eq 2 "$PPPD_STATUS" "pppd rejects srcroute-table 254 (option error)"
assert_contains "$PPPD_OUTPUT" \
	"srcroute-table: 254 is the kernel's 'main' table" \
	"the plugin says why"
assert_fails "no link was attempted" test -e "$RESULTS/ip-up.pi"

# pppd's dump/dryrun print the plugin's options back as pppd would read them
# (into its logfile, which the library sets).
log_lines=$(wc -l <"$RESULTS/pi-pppd.log")
pi_pppd_run plugin "$PLUGIN" srcroute-table 200 srcroute-mode connmark \
	link-route 198.51.100.0/24 link-route 2001:db8::/32 \
	firewall-profile web dump dryrun
assert_eq 0 "$PPPD_STATUS" "pppd dryrun accepts the plugin's options"
dump=$(tail -n +"$((log_lines + 1))" "$RESULTS/pi-pppd.log")
for line in "srcroute-table 200" "srcroute-mode connmark" \
	"link-route 198.51.100.0/24" "link-route 2001:db8::/32" \
	"firewall-profile web"; do
	assert_contains "$dump" "$line" "pppd dump prints '$line'"
done
case $dump in
*"don't know how to print"*) fail "pppd dump cannot print an ltepi option:
$dump" ;;
*) pass "pppd dump knows how to print every ltepi option" ;;
esac

# All ltepi options are privileged (OPT_PRIV): Debian's pppd is setuid root
# for group dip, and a dip member's command line must not steer root's
# routing or firewall.  The same option in a peer file (privileged, written
# by root) is accepted for that user.
dip_gid=$(getent group dip | cut -d: -f3)
[ -n "$dip_gid" ] || fail "no group dip on this system"
printf 'pty true\nnoauth\nplugin %s\nsrcroute-table 200\n' "$PLUGIN" >/etc/ppp/peers/ltepi-priv
chmod 0644 /etc/ppp/peers/ltepi-priv
as_dip_user() {
	setpriv --reuid=65534 --regid="$dip_gid" --clear-groups "$@"
}
status=0
out=$(as_dip_user pppd call ltepi-priv srcroute-table 201 dryrun 2>&1) ||
	status=$?
assert_eq 2 "$status" "a dip user's command-line srcroute-table: option error"
assert_contains "$out" \
	"using the srcroute-table option requires root privilege" \
	"pppd says the option is privileged"
for opt in "srcroute-priority 900" "srcroute-mode connmark" \
	"srcroute-mark 0x1000000" "nosrcroute" "link-route 192.0.2.0/24" \
	"firewall-profile deny-all" "nofirewall"; do
	status=0
	# shellcheck disable=SC2086 # the option and its value, split on purpose
	out=$(as_dip_user pppd call ltepi-priv $opt dryrun 2>&1) || status=$?
	assert_eq 2 "$status" "a dip user's command-line '$opt': option error"
	assert_contains "$out" "requires root privilege" \
		"... refused as privileged"
done
status=0
out=$(as_dip_user pppd call ltepi-priv dryrun 2>&1) || status=$?
assert_eq 0 "$status" \
	"the same user's 'call' of a peer file with srcroute-table is accepted: $out"
