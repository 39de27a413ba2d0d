#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What a running box tells its owner (ltepi(8), STATUS, METRICS, HOOKS):
# `ltepi status` and --json while the link is up, after the ISP ends it and
# persist redials with another address, after poff, and after pppd is
# killed with SIGKILL; the Prometheus textfile passes the real promtool
# and flips ltepi_link_up; the hooks in hooks.d run with the link's
# environment (up, address-change, down), a hanging hook is killed at its
# limit without delaying the link, and a world-writable one is refused.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-firewall.sh"
vm_enter "$0" "$@"

command -v promtool >/dev/null ||
	skip "promtool is missing (Debian package prometheus)"
command -v python3 >/dev/null || skip "python3 is missing (the JSON checks)"
LTEPI=$top_builddir/cli/ltepi
LINK=st
STATE=/run/ltepi/$LINK.state
PROM=/run/ltepi/metrics/$LINK.prom
ADDR_FILE=/run/ltepi-vm-addr

# The hooks directory the build looks in (SYSCONFDIR/ppp/ltepi/hooks.d).
prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
sysconfdir=$(sed -n 's/^sysconfdir = //p' "$top_builddir/Makefile" |
	sed "s|\${prefix}|$prefix|")
[ -d "$sysconfdir" ] || fail "the build's sysconfdir $sysconfdir does not exist here"
topo_up
[ "$sysconfdir" = /etc ] || overlay_dir "$sysconfdir"
HOOKS=$sysconfdir/ppp/ltepi/hooks.d
mkdir -p "$HOOKS"
chmod 0755 "$sysconfdir/ppp" "$sysconfdir/ppp/ltepi" "$HOOKS"
cat >"$HOOKS/10-record" <<EOT
#!/bin/sh
echo "\$1 \$LTEPI_EVENT \$LTEPI_HOOK \$LTEPI_LINK \$LTEPI_IFNAME \$LTEPI_LOCAL prev=\$LTEPI_PREVIOUS_LOCAL global=\$LTEPI_GLOBAL reason=\$LTEPI_REASON" >>$RESULTS/hooks.out
EOT
printf '#!/bin/sh\necho $$ >%s/hang.pid\nexec sleep 600\n' "$RESULTS" >"$HOOKS/20-hang"
printf '#!/bin/sh\necho ran >%s/open.ran\n' "$RESULTS" >"$HOOKS/30-open"
chmod 0755 "$HOOKS/10-record" "$HOOKS/20-hang"
chmod 0757 "$HOOKS/30-open"

metrics_ok() { promtool check metrics <"$PROM" >"$RESULTS/promtool.out" 2>&1; }
status_json() { "$LTEPI" status "$LINK" --json; }
json_get() { # PYTHON-EXPRESSION-ON-l
	status_json | python3 -c "import json,sys; l=json.load(sys.stdin)['links'][0]; print($1)"
}

# A real journald (volatile, in this VM's /run), as on any systemd box.
JOURNALD=/lib/systemd/systemd-journald
if [ -x "$JOURNALD" ] && command -v journalctl >/dev/null; then
	[ ! -d /var/log/journal ] || mount -t tmpfs tmpfs /var/log/journal
	# journald needs a cgroup file system, which the VM's init leaves out
	mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup
	"$JOURNALD" >"$RESULTS/journald.out" 2>&1 &
	vm_servers="$vm_servers $!"
	retry_until 10 "journald's socket" test -S /run/systemd/journal/socket
else
	JOURNALD=
fi
journal_count() { # FIELD=VALUE...
	journalctl --no-pager -q -o cat "$@" 2>/dev/null | grep -c . || :
}
journal_has_one() { [ "$(journal_count "$@")" = 1 ]; }

echo 100.64.0.2 >"$ADDR_FILE"
fw_log_mark
# shellcheck disable=SC2016 # expanded by pppd's shell at each dial
pi_pppd_start --addr '$(cat /run/ltepi-vm-addr)' plugin "$PLUGIN" \
	linkname "$LINK" persist holdoff 3 maxfail 0 srcroute-table 100 \
	firewall-profile "$(fw_profile web 'allow tcp 80')" hook-timeout 2
pi_pppd_wait_up
# What SLAAC would add a few seconds after ipv6-up: a ULA and a global
# address (this VM's namespaces only; nothing is sent to them).
ip -6 addr add fd00:1:2::5/64 dev "$PI_PPP_IF" nodad
ip -6 addr add 2a01:4f8:ff::5/64 dev "$PI_PPP_IF" nodad
retry_until 15 "the IPv6 prefixes in the state" grep -q '^ipv6-prefix 2a01:4f8:ff::/64' "$STATE"
# A port the web profile does not open: refused, and counted.
assert_fails "port 2222 is refused from the internet" probe inet tcp "$PI_PPP_ADDR" 2222
retry_until 40 "the refused packets in the state" grep -q '^refused [1-9]' "$STATE"
assert_eq 1 "$(fw_log_count "ppp0: fd00:1:2::5 is in fc00::/7, unique local (ULA) (RFC 4193): the internet cannot reach it; ask the provider for a global IPv6 prefix")" \
	"a ULA address: one notice with the IPv6 advice"
assert_eq 0 "$(fw_log_count "2a01:4f8:ff::5 is in")" "a global IPv6 address: none"

# --- up ------------------------------------------------------------------------
out=$("$LTEPI" status "$LINK") && rc=0 || rc=$?
note "ltepi status while up:"
printf '%s\n' "$out" | sed 's/^/    /'
assert_eq 0 "$rc" "ltepi status: exit 0 while the link is up"
assert_contains "$out" "$LINK: up since" "  says up"
assert_contains "$out" "100.64.0.2, peer 100.64.0.1" "  the addresses"
assert_contains "$out" "shared address space (carrier-grade NAT)" "  the address class"
assert_contains "$out" "table 100, rule priority 1000" "  the routing"
assert_ok "  the firewall profile and what it refused" \
	sh -c 'printf "%s\n" "$1" | grep -q "firewall   .*/web, [1-9][0-9]* packets refused"' _ "$out"
assert_contains "$out" "             fd00:1:2::/64" "  the IPv6 prefixes, one per line"
assert_eq "" "$(printf '%s\n' "$out" | awk 'length > 80')" "  every line fits 80 columns"
assert_eq "up ppp0 100.64.0.2 False 100" \
	"$(json_get 'l["state"], l["interface"], l["ipv4"]["local"], l["ipv4"]["global"], l["routing"]["table"]' | tr -d "(),'")" \
	"--json: state, interface, address, class, table"
assert_ok "the metrics file passes promtool check metrics" metrics_ok
assert_file_contains "$PROM" "ltepi_link_up{link=\"$LINK\"} 1" "ltepi_link_up is 1"
assert_file_contains "$PROM" 'class="100.64.0.0/10, shared address space' "the address class as an info metric"
assert_ok "the refused packets as a counter" grep -q '^ltepi_firewall_refused_packets_total{link="st",profile=".*web"} [1-9]' "$PROM"

# --- journald ---------------------------------------------------------------------
if [ -n "$JOURNALD" ]; then
	retry_until 10 "the up entry in the journal" \
		journal_has_one MESSAGE_ID=a45bcffc87754fc3b2ab6127ceaf5cb6 LTEPI_LINK=$LINK
	assert_eq "up ppp0 100.64.0.2" \
		"$(journalctl --no-pager -q -o export MESSAGE_ID=a45bcffc87754fc3b2ab6127ceaf5cb6 |
			sed -n 's/^LTEPI_EVENT=//p; s/^LTEPI_IFNAME=//p; s/^LTEPI_LOCAL=//p' | tr '\n' ' ' | sed 's/ $//')" \
		"journalctl MESSAGE_ID=<up> finds the entry with its fields"
	assert_eq 2 "$(journal_count LTEPI_EVENT=unreachable-address LTEPI_LINK=$LINK)" \
		"the CGNAT and ULA notices are entries too"
else
	note "no systemd-journald here: the journal entries are not checked"
fi

# --- hooks -----------------------------------------------------------------------
retry_until 10 "the up hook ran" grep -q "^up up 10-record $LINK ppp0 100.64.0.2 prev= global=0" "$RESULTS/hooks.out"
assert_file_contains "$RESULTS/pi-pppd.log" \
	"hook $HOOKS/30-open is writable by group or others (mode 0757); run chmod go-w on it; it does not run" \
	"a world-writable hook is refused with a message"
assert_ok "  and did not run" test ! -e "$RESULTS/open.ran"
retry_until 10 "the hanging hook started" test -s "$RESULTS/hang.pid"
retry_until 10 "the hanging hook killed at its 2 s limit" \
	grep -q "^hook 20-hang killed at its 2 s limit" "/run/ltepi/$LINK.hooks"
assert_fails "  and it is gone" kill -0 "$(cat "$RESULTS/hang.pid")"
assert_contains "$("$LTEPI" status "$LINK")" "20-hang killed at its 2 s limit" \
	"ltepi status shows the hooks' last run"

# --- the ISP ends the link, persist redials with another address -------------
echo 100.64.0.3 >"$ADDR_FILE"
link_markers_clear
isp_pppd_hangup
pi_pppd_wait_down
retry_until 5 "the state says down" grep -q '^state down' "$STATE"
out=$("$LTEPI" status "$LINK") && rc=0 || rc=$?
assert_eq 1 "$rc" "ltepi status: exit 1 while the link is down"
assert_file_contains "$PROM" "ltepi_link_up{link=\"$LINK\"} 0" "ltepi_link_up is 0 while down"
assert_ok "  and the file still passes promtool" metrics_ok
note "the last disconnect: $(sed -n 's/^last-down-reason //p' "$STATE")"
assert_ok "the last disconnect has a reason" grep -q '^last-down-reason .' "$STATE"
pi_pppd_wait_up
retry_until 10 "the address-change hook ran" \
	grep -q "^address-change address-change 10-record $LINK ppp0 100.64.0.3 prev=100.64.0.2" "$RESULTS/hooks.out"
assert_ok "the down hook ran with the reason" grep -q "^down down 10-record $LINK ppp0 .*reason=." "$RESULTS/hooks.out"
assert_eq "1 100.64.0.3" "$(json_get 'l["reconnects"], l["ipv4"]["local"]' | tr -d "(),'")" \
	"--json after the redial: one reconnect, the new address"

[ -z "$JOURNALD" ] || assert_eq 1 \
	"$(journal_count MESSAGE_ID=79c4b7d4f2c9495fb945d7a0c2f473b4 LTEPI_LOCAL=100.64.0.3)" \
	"journalctl finds the address change"
[ -z "$JOURNALD" ] || assert_ok "  and the down entry has its reason" \
	sh -c 'journalctl --no-pager -q -o export LTEPI_EVENT=down | grep -q "^LTEPI_REASON=."'

# --- poff -------------------------------------------------------------------------
pi_pppd_stop
out=$("$LTEPI" status "$LINK") && rc=0 || rc=$?
assert_eq 1 "$rc" "after poff: exit 1"
assert_contains "$out" "$LINK: exited (pppd" "  says exited"
assert_eq exited "$(json_get 'l["state"]')" "  --json: exited"
assert_file_contains "$PROM" "ltepi_link_up{link=\"$LINK\"} 0" "  ltepi_link_up is 0"
assert_ok "  and promtool still passes it" metrics_ok

# --- kill -9 ----------------------------------------------------------------------
pi_pppd_start --addr 100.64.0.2 plugin "$PLUGIN" linkname "$LINK"
pi_pppd_wait_up
assert_eq up "$(json_get 'l["state"]')" "a new pppd: up"
pi_pppd_kill
out=$("$LTEPI" status "$LINK") && rc=0 || rc=$?
assert_eq 1 "$rc" "after kill -9: exit 1"
assert_contains "$out" "$LINK: stale: pppd" "  says stale, not up"
assert_eq "stale False" "$(json_get 'l["state"], l["up"]' | tr -d "(),'")" "  --json: stale, not up"
vm_exit
