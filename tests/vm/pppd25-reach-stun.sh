#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# reach-stun.sh, unchanged, against Debian trixie's pppd 2.5.2 and its
# coturn on both ends (pppd25-lib.sh).

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run reach-stun.sh
