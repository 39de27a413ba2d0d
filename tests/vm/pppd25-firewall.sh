#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall-lifecycle.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# The table while up, gone after SIGTERM, kept across persist redials
# (2.5's exit and phase notifiers), replaced after SIGKILL.

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run firewall-lifecycle.sh
