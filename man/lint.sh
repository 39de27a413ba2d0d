#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages render without warnings (mandoc -T lint, groff -ww).
set -u
cd "${top_srcdir:-.}/man" || exit 99
command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed (apt-get install mandoc)"; exit 77; }
command -v groff >/dev/null || { echo "SKIP: groff not installed (apt-get install groff)"; exit 77; }
rc=0 n=0
for page in *.[1-8]; do
	n=$((n + 1))
	out=$(mandoc -T lint -W warning "$page" 2>&1; groff -ww -man -z "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: $page"
		echo "$out"
		rc=1
	else
		echo "ok: $page"
	fi
done
[ "$n" -gt 0 ] || { echo "no man pages found"; exit 99; }
exit $rc
