#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A short libFuzzer run of every fuzz target (fuzz/run-fuzz.sh, 2 s each)
# so every "make check" builds them and fuzzes a little; "make fuzz" runs
# each for 30 s.
: "${top_builddir:?run me through make check}"
: "${top_srcdir:?run me through make check}"

FUZZ_DIR=$top_builddir/fuzz/smoke
export FUZZ_DIR top_srcdir
exec sh "$top_srcdir/fuzz/run-fuzz.sh" "${FUZZ_SMOKE_SECONDS:-2}"
