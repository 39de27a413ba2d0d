# SPDX-License-Identifier: GPL-2.0-or-later
#
# The link check (ltepi(8), LINK CHECK) on a real PPP link in the VM.

vm_tests += tests/vm/linkcheck.sh
vm_tests += tests/vm/linkcheck-demand.sh
