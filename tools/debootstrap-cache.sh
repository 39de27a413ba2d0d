# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by the tools that build a cached Debian root with debootstrap
# (tools/deb-root.sh, tools/trixie-rootfs.sh): a stamp in the root records
# what was asked for and a root whose stamp matches is reused; the build
# happens in DEST.new and is renamed, so one that did not finish never
# leaves a stamp; the .debs stay in DEST.debs and the log in DEST.log.
# Needs tools/apt-private.sh sourced first (the mirror).

# Whether DEST/STAMP holds exactly WANT: the cached root can be used.
debootstrap_cache_fresh() { # DEST STAMP WANT
	[ -f "$1/$2" ] && [ "$(cat "$1/$2")" = "$3" ]
}

# debootstrap --variant=minbase of SUITE into DEST.new from this machine's
# mirror, with the extra debootstrap options given; exits with the log's
# tail when it cannot (NAME prefixes the messages).
debootstrap_cache_build() { # NAME SUITE DEST [DEBOOTSTRAP-OPTION...]
	dc_name=$1 dc_suite=$2 dc_dest=$3
	shift 3
	if [ "$(id -u)" != 0 ]; then
		echo "$dc_name: debootstrap needs root" >&2
		exit 1
	fi
	command -v debootstrap >/dev/null || {
		echo "$dc_name: debootstrap missing (apt-get install debootstrap)" >&2
		exit 1
	}
	dc_mirror=$(apt_private_mirror) || exit 1
	rm -rf "$dc_dest.new"
	mkdir -p "$dc_dest.new" "$dc_dest.debs"
	if ! debootstrap --variant=minbase "$@" --cache-dir="$dc_dest.debs" \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$dc_suite" "$dc_dest.new" "$dc_mirror" >"$dc_dest.log" 2>&1; then
		tail -n 30 "$dc_dest.log" >&2
		echo "$dc_name: debootstrap failed (log: $dc_dest.log)" >&2
		exit 1
	fi
}

# Stamps DEST.new with WANT, puts it in DEST's place and prints DEST.
debootstrap_cache_finish() { # DEST STAMP WANT
	echo "$3" >"$1.new/$2"
	rm -rf "$1"
	mv "$1.new" "$1"
	echo "$1"
}
