#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srcroute-link-route.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# Rule and routes while the link is up, none after the ISP hangs up or
# after SIGTERM: 2.5's ip-up/ip-down notifiers (ppp_add_notify).

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run srcroute-link-route.sh
