#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-env.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# The LTEPI_* variables pppd's scripts see: 2.5's ppp_script_setenv().

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-env.sh
