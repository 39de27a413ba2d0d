#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall-bad-profile.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# Broken profiles stop pppd before it dials, with status 2:
# ppp_option_error() and the option parsing of 2.5.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run firewall-bad-profile.sh
