#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall-fail-closed.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# A table the kernel refuses closes the link, pppd exits 1 despite
# persist: persist and die(), which 2.5 no longer declares.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run firewall-fail-closed.sh
