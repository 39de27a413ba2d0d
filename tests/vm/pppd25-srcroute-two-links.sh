#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-two-links.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): two links, two tables, address and connmark mode, independent.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-two-links.sh
