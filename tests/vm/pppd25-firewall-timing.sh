#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall-timing.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# The table is in place before any NCP packet: 2.5's NF_PHASE_CHANGE.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run firewall-timing.sh
