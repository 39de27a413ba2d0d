#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# plugin-load.sh, unchanged, against Debian trixie's pppd 2.5.2 on both
# ends (pppd25-lib.sh).
# pppd 2.5 checks the plugin's pppd_version before loading it; the
# link comes up with it, and a bad option value is an option error (2).

. "$(dirname "$0")/pppd25-lib.sh"
pppd25_run plugin-load.sh
