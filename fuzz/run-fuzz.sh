#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds fuzz/fuzz-at with clang (libFuzzer + ASan + UBSan) and runs it for
# a bounded time on a copy of the seed corpus.
#
#   fuzz/run-fuzz.sh [SECONDS]        (default 60)
#
# Environment: top_srcdir (default: this script's parent), FUZZ_DIR (work
# directory, default ./fuzz-work), CLANG (default clang). Exit status:
# 0 no crash, 1 a crash (the reproducer is in FUZZ_DIR), 77 when clang or
# its libFuzzer runtime is missing (Debian: clang, libclang-rt-14-dev).
set -eu

seconds=${1:-60}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
work=${FUZZ_DIR:-./fuzz-work}
cc=${CLANG:-clang}

mkdir -p "$work/corpus"
bin=$work/fuzz-at
if ! "$cc" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I"$top_srcdir" \
	"$top_srcdir/fuzz/fuzz-at.c" "$top_srcdir/chat/at.c" \
	"$top_srcdir/chat/resp.c" -o "$bin" 2>"$work/build.log"; then
	echo "cannot build the fuzzer with $cc (see $work/build.log);" \
		"install clang and libclang-rt-14-dev"
	exit 77
fi
cp "$top_srcdir"/fuzz/corpus/at/* "$work/corpus/"
cd "$work"
./fuzz-at -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
	corpus >fuzz.log 2>&1 || { tail -40 fuzz.log; exit 1; }
grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss' fuzz.log
grep -E '^#[0-9]+ *DONE' fuzz.log || true
