# SPDX-License-Identifier: GPL-2.0-or-later
# Test infrastructure shared by every area; area fragments are included below.
EXTRA_DIST += tests/tap.h tests/tap.sh

include tests/unit/local.mk
include tests/ns/local.mk
include tests/vm/local.mk
include tests/modem/local.mk
