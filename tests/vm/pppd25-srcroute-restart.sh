#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-restart.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): kill -9, then the next pppd sweeps rules and the connmark table before dialling.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-restart.sh
