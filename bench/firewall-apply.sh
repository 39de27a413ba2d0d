#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# How long it takes to put a profile in place on ppp0, three ways, in one
# throwaway network + mount namespace (the host's ruleset and /etc/ufw are
# never touched):
#
#   in-process  firewall_apply() in a loop ("ltepi-firewall bench"), as the
#               plugin runs it in one pppd: the table owned by the process,
#               the first apply compiled by libnftables, every later one (a
#               redial) replaying what the first compiled (nft_load_owned),
#               one transaction each; "first" is that first apply
#   compiled    the same loop with every apply compiled by libnftables
#               ("ltepi-firewall -c bench"): a profile seen for the first time
#   nft -f      the same rendered script, one nft(8) process per apply
#   ufw         the ufw commands a user would type for the same policy
#               (allows on ppp0, then "deny|reject in on ppp0"), from an
#               enabled ufw with no user rules; skipped if ufw is absent
#
# Profiles: the shipped deny-all, ssh, web, and port200 (200 "allow tcp N"
# lines; ufw gets the same 200 ports as 14 multiport commands, the fewest
# ufw accepts). Prints per-profile medians (ms) over RUNS runs (default 20)
# and the ratios to in-process.
#
# usage: bench/firewall-apply.sh [BUILDDIR]     (root; default BUILDDIR:
#        $top_builddir, else the current directory)

set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-${top_builddir:-$PWD}}
cli=$builddir/plugin/ltepi-firewall
runs=${RUNS:-20}

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -x "$cli" ] || { echo "ERROR: $cli not built (give BUILDDIR)"; exit 99; }
command -v nft >/dev/null || { echo "SKIP: nft is not installed"; exit 77; }

if [ "${LTEPI_BENCH_INNER:-}" != 1 ]; then
	LTEPI_BENCH_INNER=1 exec unshare -mn bash "$0" "$builddir"
fi

mount --make-rprivate /
ip link set lo up
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median: of the numbers on stdin, printed with 3 decimals.
median() {
	sort -n | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.3f\n", m }'
}

now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$t"
}

make_profiles() {
	local p i
	for p in deny-all ssh web; do
		cp "$srcdir/examples/firewall/$p" "$tmp/$p"
	done
	for ((i = 0; i < 200; i++)); do
		echo "allow tcp $((10000 + 3 * i))"
	done >"$tmp/port200"
	chmod 644 "$tmp"/*
}

# ufw_commands PROFILE: one ufw argument list per line.
ufw_commands() {
	local i ports
	case $1 in
	deny-all) echo "deny in on ppp0" ;;
	ssh)
		echo "allow in on ppp0 to any port 22 proto tcp"
		echo "deny in on ppp0"
		;;
	web)
		echo "allow in on ppp0 to any port 80,443 proto tcp"
		echo "allow in on ppp0 to any port 443 proto udp"
		echo "allow in on ppp0 from 192.0.2.0/24 to any port 22 proto tcp"
		echo "reject in on ppp0"
		;;
	port200)
		for ((i = 0; i < 200; i++)); do
			ports=${ports:+$ports,}$((10000 + 3 * i))
			if (((i + 1) % 15 == 0 || i == 199)); then
				echo "allow in on ppp0 to any port $ports proto tcp"
				ports=
			fi
		done
		echo "deny in on ppp0"
		;;
	esac
}

# Prints "MEDIAN FIRST": the first apply of a fresh context fills
# libnftables' cache, as the plugin's first link-up does. The table goes
# with the process that owns it.
bench_inprocess() {
	"$cli" bench "$tmp/$1" ppp0 "$runs" >"$tmp/runs"
	echo "$(awk '{ print $1 / 1000 }' "$tmp/runs" | median)" \
		"$(awk 'NR == 1 { printf "%.3f", $1 / 1000 }' "$tmp/runs")"
}

# The median of applies compiled every time, the first left out.
bench_compiled() {
	"$cli" -c bench "$tmp/$1" ppp0 "$runs" >"$tmp/runs"
	awk 'NR > 1 { print $1 / 1000 }' "$tmp/runs" | median
}

bench_nft_f() {
	local i t0 t1
	"$cli" render "$tmp/$1" ppp0 >"$tmp/$1.nft"
	for ((i = 0; i < runs; i++)); do
		t0=$(now_us)
		nft -f "$tmp/$1.nft"
		t1=$(now_us)
		echo "$((t1 - t0))"
	done | awk '{ print $1 / 1000 }' | median
	"$cli" remove ppp0
}

ufw_setup() {
	mkdir -p "$tmp/ufw"
	cp -a /etc/ufw "$tmp/ufw/etc"
	cp /etc/default/ufw "$tmp/ufw/default"
	# Leave sysctls alone, even the namespace's.
	sed -i 's/^IPT_SYSCTL=.*/IPT_SYSCTL=/' "$tmp/ufw/default"
	mount --bind "$tmp/ufw/etc" /etc/ufw
	mount --bind "$tmp/ufw/default" /etc/default/ufw
	ufw --force enable >/dev/null
	cp /etc/ufw/user.rules "$tmp/ufw/user.rules"
	cp /etc/ufw/user6.rules "$tmp/ufw/user6.rules"
}

bench_ufw() {
	local i t0 t1 cmd
	for ((i = 0; i < runs; i++)); do
		cp "$tmp/ufw/user.rules" "$tmp/ufw/user6.rules" /etc/ufw/
		ufw reload >/dev/null
		t0=$(now_us)
		while read -r cmd; do
			# shellcheck disable=SC2086
			ufw $cmd >/dev/null
		done < <(ufw_commands "$1")
		t1=$(now_us)
		echo "$((t1 - t0))"
	done | awk '{ print $1 / 1000 }' | median
}

make_profiles
declare -A inproc first compiled nftf ufwt
for p in deny-all ssh web port200; do
	read -r inproc[$p] first[$p] < <(bench_inprocess $p)
	compiled[$p]=$(bench_compiled $p)
	nftf[$p]=$(bench_nft_f $p)
done
have_ufw=0
if command -v ufw >/dev/null; then
	have_ufw=1
	ufw_setup
	for p in deny-all ssh web port200; do
		ufwt[$p]=$(bench_ufw $p)
	done
else
	echo "# ufw is not installed: its column is empty"
fi

echo "# medians over $runs runs, ms; ratios to in-process; $(uname -r)"
printf '%-9s %11s %9s %9s %10s %10s %9s %9s\n' profile in-process \
	compiled first "nft -f" ufw "nft-f/in" "ufw/in"
for p in deny-all ssh web port200; do
	u=${ufwt[$p]:-}
	printf '%-9s %11s %9s %9s %10s %10s %9s %9s\n' $p "${inproc[$p]}" \
		"${compiled[$p]}" "${first[$p]}" \
		"${nftf[$p]}" "${u:--}" \
		"$(awk -v a="${nftf[$p]}" -v b="${inproc[$p]}" \
			'BEGIN { printf "%.1f", a / b }')" \
		"$([ $have_ufw = 1 ] && awk -v a="$u" -v b="${inproc[$p]}" \
			'BEGIN { printf "%.0f", a / b }' || echo -)"
done
