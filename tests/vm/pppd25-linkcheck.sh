#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# linkcheck.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run linkcheck.sh
