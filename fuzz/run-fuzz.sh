#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the libFuzzer targets with clang (libFuzzer + ASan + UBSan) and
# runs each for a bounded time on a copy of its seed corpus:
#
#   fuzz/run-fuzz.sh [SECONDS [TARGET...]]   (default 30 s each, all targets)
#
#   at       the AT line parser and the response parsers (chat/at.c, resp.c)
#   profile  the firewall profile parser (plugin/profile.c)
#   options  the plugin's option value parsers (plugin/options.c,
#            options-linkcheck.c, options-reach.c)
#   conf     ltepi-modem's configuration file (chat/conf.c)
#   apn      the provider database reader (chat/apn.c, expat)
#   health   the link-health file (lib/health.c)
#   nftwatch the nftables event filter (plugin/nft-watch.c)
#   replay   taking dumped nftables objects for a replay
#            (plugin/nft-replay.c)
#   stun     the STUN Binding response parser (plugin/stun.c)
#   linkstate the link state and modem report files, and the metrics
#            written from them (lib/linkstate.c, modemreport.c, metrics.c)
#   sms      the SMS PDU decoder, reassembly, command parser and counter
#            file (chat/sms-pdu.c, sms-concat.c, sms-auth.c, sms-state.c)
#   removed  the guard's reading of rule and route deletions
#            (plugin/srcroute-removed.c)
#   prefix   the IPv4/IPv6 prefix parser and arithmetic (lib/prefix.c)
#
# Environment: top_srcdir (default: this script's parent), FUZZ_DIR (work
# directory, default ./fuzz-work), CLANG (default clang). Prints each
# target's executions. Exit status: 0 no crash, 1 a crash (the reproducer
# is in FUZZ_DIR/TARGET), 77 when clang or its libFuzzer runtime is missing
# (Debian: clang, libclang-rt-14-dev).
set -eu

seconds=${1:-30}
[ $# -eq 0 ] || shift
[ $# -gt 0 ] || set -- at profile options conf apn health nftwatch replay \
	linkstate stun sms removed prefix
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
work=${FUZZ_DIR:-./fuzz-work}
cc=${CLANG:-clang}
top=$top_srcdir

# The lib/ modules the targets below share (lib/local.mk builds them as one
# library; linking one that a target does not use costs nothing).
lib="-I$top/lib $top/lib/statefile.c $top/lib/names.c $top/lib/number.c"
lib="$lib $top/lib/prefix.c $top/lib/trusted.c $top/lib/textbuf.c"

sources() { # TARGET: its sources and flags
	case $1 in
	at) echo "$top/chat/at.c $top/chat/resp.c $lib" ;;
	profile) echo "-I$top/plugin $top/plugin/profile.c $top/plugin/options.c" \
		"$top/plugin/options-linkcheck.c $top/plugin/log-stderr.c $lib" ;;
	options) echo "-I$top/plugin $top/plugin/options.c" \
		"$top/plugin/options-linkcheck.c $top/plugin/options-reach.c" \
		"$top/plugin/stun.c $lib" ;;
	conf) echo "$top/chat/conf.c $lib" ;;
	apn) echo "$top/chat/apn.c -lexpat" ;;
	health) echo "$top/lib/health.c $lib" ;;
	linkstate) echo "$top/lib/linkstate.c $top/lib/modemreport.c" \
		"$top/lib/metrics.c $lib" ;;
	nftwatch) echo "-I$top/plugin $top/plugin/nft-watch.c $top/plugin/nft-msg.c $top/plugin/nlmon.c" ;;
	replay) echo "-I$top/plugin $top/plugin/nft-replay.c $top/plugin/nft-msg.c" ;;
	stun) echo "-I$top/plugin $top/plugin/stun.c" ;;
	sms) echo "$top/chat/sms-pdu.c $top/chat/sms-alphabet.c" \
		"$top/chat/sms-concat.c $top/chat/sms-auth.c" \
		"$top/chat/sms-state.c -lnettle" ;;
	removed) echo "-I$top/plugin $top/plugin/srcroute-removed.c" \
		"$top/plugin/srcroute-spec.c $top/plugin/srcroute-nl.c $lib" ;;
	prefix) echo "$lib" ;;
	*) echo "run-fuzz.sh: no target '$1'" >&2; exit 2 ;;
	esac
}

rc=0
for target in "$@"; do
	dir=$work/$target
	mkdir -p "$dir/corpus"
	# shellcheck disable=SC2046 # word splitting of the source list
	if ! "$cc" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -I"$top" \
		-DSYSCONFDIR='"/etc"' -DLTEPI_VERSION='"fuzz"' \
		"$top/fuzz/fuzz-$target.c" $(sources "$target") \
		-o "$dir/fuzz-$target" 2>"$dir/build.log"; then
		echo "cannot build fuzz-$target with $cc (see $dir/build.log);" \
			"install clang and libclang-rt-14-dev"
		exit 77
	fi
	cp "$top/fuzz/corpus/$target"/* "$dir/corpus/"
	if ! (cd "$dir" && ./"fuzz-$target" -max_total_time="$seconds" \
		-max_len=8192 -print_final_stats=1 corpus >fuzz.log 2>&1); then
		echo "fuzz-$target: CRASH (reproducer in $dir)"
		tail -40 "$dir/fuzz.log"
		rc=1
		continue
	fi
	echo "fuzz-$target: $(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$dir/fuzz.log") executions in $seconds s, no crash" \
		"(peak RSS $(sed -n 's/^stat::peak_rss_mb: *//p' "$dir/fuzz.log") MB)"
done
exit $rc
