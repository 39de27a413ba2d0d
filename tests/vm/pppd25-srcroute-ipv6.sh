#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-ipv6.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh): IPv6 rules follow the link's global addresses, renumbering, an admin's identical rule kept.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-ipv6.sh
