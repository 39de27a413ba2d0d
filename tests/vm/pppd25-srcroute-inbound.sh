#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-inbound.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): inbound TCP answered over the link only with
# srcroute-table, exactly one tagged rule and route, none after stop.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-inbound.sh
