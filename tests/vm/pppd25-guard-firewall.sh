#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guard-firewall.sh, unchanged, against Debian trixie's pppd 2.5.2 on both ends
# (pppd25-lib.sh).  The trixie root has no ufw and no systemd-networkd: the
# scenario skips those parts and says so.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run guard-firewall.sh
