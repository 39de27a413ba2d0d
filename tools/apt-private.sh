# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by the tools that fetch another release's or architecture's Debian
# packages without touching the system's apt and dpkg state (tools/cross.sh,
# tools/trixie-rootfs.sh, tools/fetch-pppd.sh): the mirror this machine
# already uses, and an apt command line with private lists, cache and dpkg
# status.
# A mirror's host name is never written into the tree; it is always read
# from the machine's apt sources.

# The Debian mirror of this machine's apt sources (deb822 or one-line).
apt_private_mirror() {
	mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | head -n 1)
	if [ -z "$mirror" ]; then
		echo "${0##*/}: cannot find a Debian mirror in this machine's apt sources" >&2
		return 1
	fi
	echo "$mirror"
}

# Prepare STATE for one suite's main component of ARCH and print the apt-get
# options that use it (an empty dpkg status: every dependency is fetched).
apt_private_setup() { # STATE SUITE ARCH
	mirror=$(apt_private_mirror) || return 1
	mkdir -p "$1/lists/partial" "$1/cache/archives/partial"
	[ -f "$1/status" ] || : >"$1/status"
	echo "deb [arch=$3 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $2 main" \
		>"$1/sources.list"
	echo "-q -o APT::Architecture=$3 -o APT::Architectures=$3" \
		"-o Dir::Etc::SourceList=$1/sources.list -o Dir::Etc::SourceParts=/dev/null" \
		"-o Dir::State::Lists=$1/lists -o Dir::State::status=$1/status" \
		"-o Dir::Cache=$1/cache -o Dir::Etc::Preferences=/dev/null" \
		"-o Dir::Etc::PreferencesParts=/dev/null -o APT::Get::List-Cleanup=0" \
		"-o Debug::NoLocking=1"
}
