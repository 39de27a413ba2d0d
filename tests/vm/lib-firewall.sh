# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Helpers for the firewall scenarios (tests/vm/firewall-*.sh), sourced after
# lib.sh.  Profiles are written the way an administrator would install them:
# root-owned, mode 0644, in a root-owned 0755 directory, because the plugin
# refuses anything an unprivileged user could have changed.  The link's table
# is looked at with nft(8), the kernel's own view, never through the plugin.

FW_PROFILE_DIR=/run/ltepi-fw-e2e
FW_TABLE=ltepi-fw-$PI_PPP_IF

# Write a profile, one argument per line; prints its path.
fw_profile() { # NAME LINE...
	name=$1
	shift
	mkdir -p "$FW_PROFILE_DIR"
	chmod 0755 "$FW_PROFILE_DIR"
	printf '%s\n' "$@" >"$FW_PROFILE_DIR/$name"
	chmod 0644 "$FW_PROFILE_DIR/$name"
	echo "$FW_PROFILE_DIR/$name"
}

fw_table_exists() {
	nft list table inet "$FW_TABLE" >/dev/null 2>&1
}

# How many ltepi tables the kernel holds (any interface).
fw_table_count() {
	nft list tables | grep -c ' ltepi-fw-' || :
}

# The kernel's handle of the link's table: a new one each time it is
# re-created, so it tells a re-applied table from one left alone.
fw_table_handle() {
	nft -a list table inet "$FW_TABLE" |
		sed -n '1s/.*# handle \([0-9][0-9]*\).*/\1/p'
}

# Line number of the first line of pi's pppd log matching a basic regular
# expression, or nothing.
fw_log_line() { # REGEX
	grep -n -e "$1" "$RESULTS/pi-pppd.log" | sed -n '1s/:.*//p'
}

# pppd appends to its log: fw_log_since prints what came after the last
# fw_log_mark, fw_log_count counts the lines in it containing a string.
FW_LOG_MARK=0
fw_log_mark() {
	FW_LOG_MARK=0
	[ ! -e "$RESULTS/pi-pppd.log" ] ||
		FW_LOG_MARK=$(wc -l <"$RESULTS/pi-pppd.log")
}

fw_log_since() {
	tail -n "+$((FW_LOG_MARK + 1))" "$RESULTS/pi-pppd.log"
}

fw_log_count() { # FIXED_STRING
	fw_log_since | grep -c -F -e "$1" || :
}

# Waits (bounded) until the log since fw_log_mark has COUNT lines containing
# STRING.
fw_log_wait() { # FIXED_STRING COUNT SECONDS WHAT
	tries=$(($3 * 10))
	until [ "$(fw_log_count "$1")" -ge "$2" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "$4: fewer than $2 '$1' in pi's pppd log after $3 s"
		sleep 0.1
	done
}

# Asserts that log line A (a regex) comes before log line B.
assert_log_order() { # REGEX_A REGEX_B WHAT
	a=$(fw_log_line "$1")
	b=$(fw_log_line "$2")
	[ -n "$a" ] || fail "$3: '$1' is not in pi's pppd log"
	[ -n "$b" ] || fail "$3: '$2' is not in pi's pppd log"
	[ "$a" -lt "$b" ] ||
		fail "$3: '$1' (line $a) comes after '$2' (line $b)"
	pass "$3"
}

# The same, in what came after the last fw_log_mark, for fixed strings.
assert_log_order_since() { # STRING_A STRING_B WHAT
	a=$(fw_log_since | grep -n -F -e "$1" | sed -n '1s/:.*//p')
	b=$(fw_log_since | grep -n -F -e "$2" | sed -n '1s/:.*//p')
	[ -n "$a" ] || fail "$3: '$1' is not in pi's pppd log since the mark"
	[ -n "$b" ] || fail "$3: '$2' is not in pi's pppd log since the mark"
	[ "$a" -lt "$b" ] ||
		fail "$3: '$1' (line $a) comes after '$2' (line $b)"
	pass "$3"
}
