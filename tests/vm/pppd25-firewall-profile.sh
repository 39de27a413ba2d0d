#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall-profile.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): the profile decides what the internet reaches over ppp0, PMTU errors pass.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run firewall-profile.sh
