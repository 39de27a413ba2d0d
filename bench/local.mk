# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmarks (tools/bench runs them; see bench/RESULTS.md). The harness
# links the plugin's core like the namespace tests do; it is not installed.

noinst_PROGRAMS += bench/srcroute-cost
bench_srcroute_cost_SOURCES = bench/srcroute-cost.c
bench_srcroute_cost_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugin
bench_srcroute_cost_LDADD = plugin/libltepi-core.la plugin/liblog-stderr.la

EXTRA_DIST += bench/RESULTS.md bench/seed/ip-up.d-srcroute \
	bench/seed/ip-down.d-srcroute bench/modem-connect.sh bench/modem-dialects.sh \
	bench/vm-pppd.sh bench/report.sh bench/readme-block.sh \
	bench/guard-restore.sh bench/linkcheck-recovery.sh bench/vm-host.sh

# Kept from rotting between benchmark runs: the harness at two small sizes
# (root, about 2 s), and the README block rewrite on made-up CSVs.
bench_tests = bench/srcroute-cost-smoke.sh bench/readme-block-test.sh
TESTS += $(bench_tests)
EXTRA_DIST += $(bench_tests)
