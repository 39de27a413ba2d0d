#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem(8) must be clean under mandoc's linter and groff's warnings.
: "${top_srcdir:?run me through make check}"

page=$top_srcdir/man/ltepi-modem.8
tools=0
status=0
if command -v mandoc >/dev/null; then
	tools=$((tools + 1))
	out=$(mandoc -T lint "$page" 2>&1) || status=1
	[ -z "$out" ] || { echo "$out"; status=1; }
fi
if command -v groff >/dev/null; then
	tools=$((tools + 1))
	out=$(groff -ww -man -z "$page" 2>&1) || status=1
	[ -z "$out" ] || { echo "$out"; status=1; }
fi
if [ "$tools" -eq 0 ]; then
	echo "neither mandoc nor groff installed: cannot lint $page"
	exit 77
fi
exit $status
