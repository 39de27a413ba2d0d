#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `ltepi status` against state files as ltepi.so writes them (ltepi(8),
# FILES), with a live process named pppd for "up", a dead one for "stale":
# both formats, 80 columns, valid and stable JSON, the exit statuses, and
# bad input (a malformed file, a name with a slash, an unknown link).
set -u
: "${top_builddir:=.}"
ltepi=$top_builddir/cli/ltepi
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
n=0 failed=0
check() { # DESCRIPTION COMMAND...
	n=$((n + 1)); d=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok $n - $d"
	else echo "not ok $n - $d"; failed=$((failed + 1)); fi
}
command -v python3 >/dev/null || { echo "1..0 # SKIP python3 is needed to check the JSON"; exit 0; }

# A process whose comm is "pppd", as /proc shows it.
cp "$(command -v sleep)" "$tmp/pppd"
"$tmp/pppd" 300 & pid=$!
dead=$(sh -c 'echo $$')
now=$(date +%s)
export LTEPI_RUN_DIR="$tmp/run"
mkdir -p "$LTEPI_RUN_DIR"
cat >"$LTEPI_RUN_DIR/ltepi2.state" <<EOT
# ltepi link state, see ltepi(8) FILES
version 1
link ltepi2
pid $pid
state up
ifname ppp0
device /dev/ttyUSB2
started $((now - 4000))
updated $now
up-since $((now - 3725))
local 100.64.0.2
peer 10.64.0.1
class 100.64.0.0/10, shared address space (carrier-grade NAT) (RFC 6598)
global 0
ipv6-prefix 2001:db8:1::/64
table 100
priority 1000
firewall web
refused 17
link-check ok
check-failures 0
restarts 2
reconnects 3
last-down $((now - 3730))
last-down-reason the modem hung up
EOT
cat >"$LTEPI_RUN_DIR/ltepi2.modem" <<EOT
updated $((now - 3740))
operator Vodafone "DE"
technology LTE
signal-dbm -83
rsrp-dbm -101
EOT

printf 'event up\ntime %s\nhook 10-ddns exited 0 after 0.3 s\nhook 20-hang killed at its 30 s limit\n' \
	"$((now - 3724))" >"$LTEPI_RUN_DIR/ltepi2.hooks"

out=$("$ltepi" status ltepi2); rc=$?
check "up: exit 0" test "$rc" = 0
check "the hooks' last run, one line each" \
	sh -c 'printf "%s\n" "$1" | grep -q "^  hooks      up at .*:$" &&
		printf "%s\n" "$1" | grep -q "^             20-hang killed at its 30 s limit$"' _ "$out"
check "up: the header says up and since when" \
	sh -c 'printf "%s\n" "$1" | head -1 | grep -q "^ltepi2: up since .* (1h 02m), pppd $2$"' _ "$out" "$pid"
check "the address class, and that the internet cannot reach it" \
	sh -c 'printf "%s\n" "$1" | grep -q "carrier-grade NAT"' _ "$out"
check "the modem's report" \
	sh -c 'printf "%s\n" "$1" | grep -q "modem      Vodafone \"DE\", LTE, signal -83 dBm, RSRP -101 dBm"' _ "$out"
check "every line fits 80 columns" \
	sh -c '! printf "%s\n" "$1" | awk "length > 80" | grep -q .' _ "$out"

json=$("$ltepi" status --json)
check "--json is valid JSON" sh -c 'printf "%s" "$1" | python3 -m json.tool' _ "$json"
check "--json: the documented keys and values" python3 -c '
import json, sys
d = json.loads(sys.argv[1]); l = d["links"][0]
assert d["version"] == 1 and len(d["links"]) == 1
assert l["link"] == "ltepi2" and l["state"] == "up" and l["up"] is True
assert l["pid"] == int(sys.argv[2]) and l["pppd_running"] is True
assert l["ipv4"] == {"local": "100.64.0.2", "peer": "10.64.0.1",
    "class": "100.64.0.0/10, shared address space (carrier-grade NAT) (RFC 6598)",
    "global": False}
assert l["ipv6_prefixes"] == ["2001:db8:1::/64"]
assert l["routing"] == {"table": 100, "priority": 1000}
assert l["firewall"] == {"profile": "web", "refused_packets": 17}
assert l["link_check"] == {"state": "ok", "failures": 0, "restarts": 2}
assert l["reconnects"] == 3 and l["last_down"]["reason"] == "the modem hung up"
assert l["modem"]["operator"] == "Vodafone \"DE\"" and l["modem"]["signal_dbm"] == -83
assert l["hooks"]["event"] == "up" and l["hooks"]["results"][1] == "20-hang killed at its 30 s limit"
' "$json" "$pid"

# pppd killed with -9: the file still says up, its pid is gone.
sed -e "s/^pid .*/pid $dead/" -e "s/^link .*/link killed/" "$LTEPI_RUN_DIR/ltepi2.state" >"$LTEPI_RUN_DIR/killed.state"
out=$("$ltepi" status killed); rc=$?
check "killed pppd: exit 1" test "$rc" = 1
check "  and it says stale" sh -c 'printf "%s\n" "$1" | grep -q "^killed: stale: pppd $2 is gone"' _ "$out" "$dead"
check "  --json says stale, not up" sh -c '"$1" status killed --json | python3 -c "import json,sys; l=json.load(sys.stdin)[\"links\"][0]; assert l[\"state\"]==\"stale\" and not l[\"up\"]"' _ "$ltepi"

# A pid that is alive but not a pppd (reused after a crash) is stale too.
sed -e "s/^pid .*/pid $$/" -e "s/^link .*/link reused/" "$LTEPI_RUN_DIR/ltepi2.state" >"$LTEPI_RUN_DIR/reused.state"
check "a reused pid (not pppd) is stale" sh -c '"$1" status reused | grep -q "stale"' _ "$ltepi"

# After poff: pppd wrote "exited".
sed -e "s/^pid .*/pid $dead/" -e 's/^state .*/state exited/' -e 's/^link .*/link off/' "$LTEPI_RUN_DIR/ltepi2.state" >"$LTEPI_RUN_DIR/off.state"
out=$("$ltepi" status off); rc=$?
check "exited: exit 1, and it says exited" sh -c 'test "$1" = 1 && printf "%s\n" "$2" | head -1 | grep -q "^off: exited (pppd $3 has ended)"' _ "$rc" "$out" "$dead"
check "  and the last disconnect's reason" sh -c 'printf "%s\n" "$1" | grep -q "last down  .*: the modem hung up"' _ "$out"
"$ltepi" status >/dev/null 2>&1; rc=$?
check "all links, one not up: exit 1" test "$rc" = 1

"$ltepi" status nosuch >/dev/null 2>"$tmp/err"; rc=$?
check "an unknown link: exit 3 with a sentence" sh -c 'test "$1" = 3 && grep -q "no link .nosuch." "$2"' _ "$rc" "$tmp/err"
"$ltepi" status ../etc/passwd >/dev/null 2>"$tmp/err"; rc=$?
check "a name with a slash: exit 2, nothing opened" sh -c 'test "$1" = 2 && grep -q "is not a link name" "$2"' _ "$rc" "$tmp/err"
printf 'version 1\nlink bad\npid 12\nstate sideways\n' >"$LTEPI_RUN_DIR/bad.state"
"$ltepi" status bad >/dev/null 2>"$tmp/err"; rc=$?
check "a malformed state file: exit 4, said so" sh -c 'test "$1" = 4 && grep -q "not a valid state file" "$2"' _ "$rc" "$tmp/err"
"$ltepi" status --frobnicate >/dev/null 2>&1; rc=$?
check "an unknown option: exit 2" test "$rc" = 2
"$ltepi" restart >/dev/null 2>&1; rc=$?
check "an unknown command: exit 2" test "$rc" = 2
LTEPI_RUN_DIR=$tmp/none "$ltepi" status >"$tmp/out" 2>&1; rc=$?
check "no state at all: exit 3, and it says so" sh -c 'test "$1" = 3 && grep -q "^no link" "$2"' _ "$rc" "$tmp/out"
LTEPI_RUN_DIR=$tmp/none "$ltepi" status --json >"$tmp/out"
check "  --json: an empty list" sh -c 'python3 -c "import json,sys; assert json.load(open(sys.argv[1]))[\"links\"]==[]" "$1"' _ "$tmp/out"

echo "1..$n"
[ "$failed" = 0 ]
