#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-udp.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): UDP on 0.0.0.0 answered over the link in connmark mode only; IP_PKTINFO in both.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-udp.sh
