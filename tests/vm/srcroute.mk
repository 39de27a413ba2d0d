# SPDX-License-Identifier: GPL-2.0-or-later
#
# Source routing with real pppd on a real kernel PPP link (tests/vm/README.md).
# lib-srcroute.sh holds the helpers these scenarios share; srcroute-udp-echo
# is the IP_PKTINFO-aware UDP service of srcroute-udp.sh.  The reconnect soak
# runs LTEPI_SOAK_CYCLES cycles (default 20).

check_PROGRAMS += tests/vm/srcroute-udp-echo
tests_vm_srcroute_udp_echo_SOURCES = tests/vm/srcroute-udp-echo.c

EXTRA_DIST += tests/vm/lib-srcroute.sh

vm_tests += tests/vm/srcroute-soak.sh
vm_tests += tests/vm/srcroute-inbound.sh
vm_tests += tests/vm/srcroute-udp.sh
vm_tests += tests/vm/srcroute-dnat.sh
vm_tests += tests/vm/srcroute-restart.sh
vm_tests += tests/vm/srcroute-two-links.sh
vm_tests += tests/vm/srcroute-env.sh
vm_tests += tests/vm/srcroute-link-route.sh
vm_tests += tests/vm/srcroute-ipv6.sh
vm_tests += tests/vm/srcroute-failure.sh
EXTRA_DIST += bench/ipup-srcroute.sh
vm_tests += tests/vm/guard-srcroute.sh
