# SPDX-License-Identifier: GPL-2.0-or-later
dist_man_MANS += man/ltepi.8

# Every page must render without warnings, with both formatters users have.
TESTS += man/lint.sh
EXTRA_DIST += man/lint.sh
