# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Helpers for the product scenarios (tests/vm/product-*.sh), sourced after
# lib.sh: the files a user installs, used as installed.
#
# On the host, before the VM boots, product_stage runs "make install" into
# a staging root in the build tree (the guest sees the host's files), so the
# tests use what make install produces, not the source tree.  In the guest,
# product_install puts the staged /usr/local (prefix and sysconfdir of the
# build) in place over the real one, writable, and copies a peer file into
# /etc/ppp/peers/, where pppd's "call" looks, changing only the lines that
# name this machine's hardware and where the plugin was installed (two in
# peers/ltepi2):
#
#   /dev/ttyACM0     -> the modem simulator's pty ($MODEM_LINK)
#   plugin ltepi.so  -> plugin <staged plugindir>/ltepi.so
#
# (pppd looks for a bare plugin name in its own directory under /usr/lib,
# which a build with --prefix=/usr installs into.)
#
# With LTEPI_DEB naming a built package (tools/deb), the scenarios run from
# the package instead: in the guest, dpkg installs it (maintainer scripts
# and all) into private copies of the directories it writes, the peer file
# keeps "plugin ltepi.so" (the package put the plugin where pppd looks) and
# only its device line changes.  The modem is the
# simulator (tests/modem/modem-sim), which answers the AT dialogue and
# after CONNECT runs the ISP's real pppd on the pty.

PRODUCT_RUN=/run/ltepi-product
MODEM_LINK=$PRODUCT_RUN/modem
SIM=${top_builddir:?}/tests/modem/modem-sim
SIM_PID=

# The value of a make variable in the build tree, fully expanded.
product_make_var() { # NAME
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" -f Makefile -f - print-var
}

# Host side: install into a staging root of this test's own (tests run in
# parallel) and pass its paths to the guest (run.sh exports LTEPI_*).
product_stage() { # TEST_SCRIPT
	[ -z "${LTEPI_VM_GUEST:-}" ] || return 0
	if [ -n "${LTEPI_DEB:-}" ]; then
		product_stage_deb
		return 0
	fi
	LTEPI_STAGE=$(cd "$top_builddir" && pwd)/tests/vm/product-stage/$(basename "$1" .sh)
	rm -rf "$LTEPI_STAGE"
	mkdir -p "$(dirname "$LTEPI_STAGE")"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s --no-print-directory -C "$top_builddir" install \
		DESTDIR="$LTEPI_STAGE" >"$LTEPI_STAGE.log" 2>&1 || {
		echo "ERROR: make install DESTDIR=$LTEPI_STAGE failed:"
		cat "$LTEPI_STAGE.log"
		exit 99
	}
	LTEPI_PREFIX=$(product_make_var prefix)
	LTEPI_SYSCONFDIR=$(product_make_var sysconfdir)
	LTEPI_PLUGINDIR=$(product_make_var plugindir)
	case $LTEPI_SYSCONFDIR in
	"$LTEPI_PREFIX"/*) ;;
	*) skip "sysconfdir $LTEPI_SYSCONFDIR is outside prefix $LTEPI_PREFIX; configure with the default paths" ;;
	esac
	export LTEPI_STAGE LTEPI_PREFIX LTEPI_SYSCONFDIR LTEPI_PLUGINDIR
}

# Host side, LTEPI_DEB: the package's paths, read from the package.
product_stage_deb() {
	case $LTEPI_DEB in
	/*) ;;
	*) LTEPI_DEB=$(pwd)/$LTEPI_DEB ;;
	esac
	[ -f "$LTEPI_DEB" ] || {
		echo "ERROR: LTEPI_DEB=$LTEPI_DEB is not a file"
		exit 99
	}
	LTEPI_PLUGINDIR=$(dpkg-deb -c "$LTEPI_DEB" |
		sed -n 's|.* \./\(usr/lib/pppd/[^/]*\)/ltepi\.so$|/\1|p')
	[ -n "$LTEPI_PLUGINDIR" ] || {
		echo "ERROR: $LTEPI_DEB holds no pppd plugin ltepi.so"
		exit 99
	}
	product_deb_abi_check "$LTEPI_DEB" "${LTEPI_DEB_ROOT:-/}"
	LTEPI_PREFIX=/usr LTEPI_SYSCONFDIR=/etc
	export LTEPI_DEB LTEPI_PREFIX LTEPI_SYSCONFDIR LTEPI_PLUGINDIR
}

# The relations on ppp in DEPENDS (a package's Depends field) that VERSION
# of ppp does not satisfy, one per line; nothing when all hold.  dh_ppp
# writes the pppd plugin ABI as two of them: "ppp (>= 2.5.2-1+~), ppp (<<
# 2.5.2-2~)".  Alternatives ("a | b") are not ABI relations and are skipped.
deb_ppp_unmet() { # DEPENDS VERSION
	printf '%s\n' "$1" | tr ',' '\n' | sed -n \
		'/|/d; s/^[[:space:]]*ppp[[:space:]]*(\([<>=]*\)[[:space:]]*\([^)[:space:]]*\)[[:space:]]*)[[:space:]]*$/\1 \2/p' |
		while read -r op want; do
			case $op in
			'>=') rel=ge ;; '<<') rel=lt ;; '<=') rel=le ;;
			'>>') rel=gt ;; '=') rel=eq ;; *) rel= ;;
			esac
			if [ -z "$rel" ] || [ -z "$2" ] ||
				! dpkg --compare-versions "$2" "$rel" "$want"; then
				echo "ppp ($op $want)"
			fi
		done
}

# Host side: refuse DEB before the VM boots when the ppp installed in ROOT
# ("/" for this machine, else a Debian root such as the trixie one) is not
# the pppd its plugin was built for.  dpkg -i in the guest would refuse it
# too, but only after unpacking it, leaving it half-installed, and the
# reason would be a line in a log of the guest.
product_deb_abi_check() { # DEB ROOT
	depends=$(dpkg-deb -f "$1" Depends) || {
		echo "ERROR: $1 is not a Debian package dpkg-deb can read"
		exit 99
	}
	have=$(dpkg-query --admindir="${2%/}/var/lib/dpkg" -W -f='${Version}' ppp \
		2>/dev/null) || have=
	unmet=$(deb_ppp_unmet "$depends" "$have")
	[ -n "$unmet" ] || return 0
	where="this machine"
	[ "$2" = / ] || where="the root $2"
	found="no ppp"
	[ -z "$have" ] || found="ppp $have"
	echo "ERROR: $(basename "$1") is for another pppd: it needs" \
		"$(echo "$unmet" | paste -sd, - | sed 's/,/, /g') but $where has" \
		"$found; build the package for that release (tools/deb -r RELEASE)" \
		"and pass that one"
	exit 99
}

# Guest side, LTEPI_DEB: dpkg -i the package (once).  The host's root is
# read-only here, so the directories dpkg writes to become private copies
# first (/etc/ppp already is one); documentation and man pages go to empty
# scratch directories (a copy of all of /usr/share would be too big), and
# other packages' triggers (man-db) are left pending, as nothing here reads
# their output.
product_install_deb() {
	[ ! -e "$PRODUCT_RUN/deb-installed" ] || return 0
	mountpoint -q /etc/iproute2 || overlay_dir /etc/iproute2
	for dir in /var/lib/dpkg /var/lib/systemd /usr/sbin "$LTEPI_PLUGINDIR" \
		"$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null ||
			echo /lib/systemd/system)"; do
		[ -d "$dir" ] || fail "$dir is missing on the host: cannot install $LTEPI_DEB"
		overlay_dir "$dir"
	done
	mount -t tmpfs -o mode=0755 tmpfs /usr/share/doc
	mount -t tmpfs -o mode=0755 tmpfs /usr/share/man
	dpkg --log="$RESULTS/dpkg.log" --no-triggers -i "$LTEPI_DEB" \
		>"$RESULTS/dpkg-install.out" 2>&1 ||
		fail "dpkg -i $LTEPI_DEB failed: $(cat "$RESULTS/dpkg-install.out")"
	pass "dpkg installs $(basename "$LTEPI_DEB")"
	assert_eq "install ok installed" "$(dpkg-query -W -f='${Status}' ltepi)" \
		"dpkg records ltepi as installed"
	# The package's autopkgtest that needs a kernel with PPP, which a
	# container build machine lacks: here it runs.
	status=0
	sh "${top_srcdir:?}/debian/tests/plugin-dryrun" >"$RESULTS/plugin-dryrun.out" 2>&1 ||
		status=$?
	[ "$status" = 0 ] || sed 's/^/# plugin-dryrun: /' "$RESULTS/plugin-dryrun.out"
	assert_eq 0 "$status" \
		"debian/tests/plugin-dryrun passes: $(grep -c '^ok' "$RESULTS/plugin-dryrun.out") points"
	mkdir -p "$PRODUCT_RUN"
	: >"$PRODUCT_RUN/deb-installed"
}

# Guest side: the staged prefix in place, writable (once); the peer file
# PEER_SRC (relative to the staged sysconfdir, or a path) as
# /etc/ppp/peers/NAME with the two lines above adapted.
product_install() { # PEER_SRC NAME
	mkdir -p "$PRODUCT_RUN"
	if [ -n "${LTEPI_DEB:-}" ]; then
		product_install_deb
	elif ! [ -d "$PRODUCT_RUN/prefix" ]; then
		mkdir -p "$PRODUCT_RUN/prefix"
		cp -a "$LTEPI_STAGE$LTEPI_PREFIX/." "$PRODUCT_RUN/prefix/"
		mount --bind "$PRODUCT_RUN/prefix" "$LTEPI_PREFIX"
	fi
	case $1 in
	/*) src=$1 ;;
	*) src=$LTEPI_SYSCONFDIR/$1 ;;
	esac
	# A copy first: with the package, SRC may be /etc/ppp/peers/NAME itself.
	shown=$(basename "$src")
	cp "$src" "$PRODUCT_RUN/peer.orig"
	src=$PRODUCT_RUN/peer.orig
	install -m 0644 "$src" "/etc/ppp/peers/$2"
	if [ -n "${LTEPI_DEB:-}" ]; then
		sed -i -e "s|^/dev/[A-Za-z0-9/._-]*$|$MODEM_LINK|" "/etc/ppp/peers/$2"
		want=$(grep -c -e '^/dev/' "$src" || :)
	else
		sed -i -e "s|^/dev/[A-Za-z0-9/._-]*$|$MODEM_LINK|" \
			-e "s|^plugin ltepi\.so$|plugin $LTEPI_PLUGINDIR/ltepi.so|" \
			"/etc/ppp/peers/$2"
		want=$(grep -c -e '^/dev/' -e '^plugin ltepi\.so$' "$src" || :)
	fi
	changed=$(diff "$src" "/etc/ppp/peers/$2" | grep -c '^>' || :)
	grep -qx 'plugin ltepi\.so' "$src" || fail "$shown has no 'plugin ltepi.so' line"
	assert_eq "$want" "$changed" \
		"/etc/ppp/peers/$2 differs from $shown in its device and plugin lines only"
	# iproute2 names protocol 76 from the installed rt_protos.d file (the
	# package put it there itself).
	[ -z "${LTEPI_DEB:-}" ] || return 0
	mountpoint -q /etc/iproute2 || overlay_dir /etc/iproute2
	mkdir -p /etc/iproute2/rt_protos.d
	cp "$LTEPI_SYSCONFDIR/iproute2/rt_protos.d/ltepi.conf" /etc/iproute2/rt_protos.d/
}

# A line for the installed modem.conf (what an administrator adds).
modem_conf_add() { # LINE
	echo "$1" >>"$LTEPI_SYSCONFDIR/ppp/ltepi/modem.conf"
}

# A secret file for modem.conf (pin-file), mode 0600 as ltepi-modem wants.
modem_secret() { # NAME VALUE
	printf '%s\n' "$2" >"$PRODUCT_RUN/$1"
	chmod 0600 "$PRODUCT_RUN/$1"
	echo "$PRODUCT_RUN/$1"
}

# The modem: the simulator on a pty linked at $MODEM_LINK; after CONNECT it
# runs the ISP's pppd (in the isp namespace) on the line, handing out
# $PI_PPP_ADDR.  The SIM's counters persist in $PRODUCT_RUN/sim.state.
modem_start() { # [-s KEY=VALUE]...
	rm -f "$MODEM_LINK"
	SIM_STARTED=$(now)
	# shellcheck disable=SC2046 # the ISP command is split into words
	"$SIM" --link "$MODEM_LINK" --log "$RESULTS/modem-sim.log" \
		--state "$PRODUCT_RUN/sim.state" "$@" \
		-- $(isp_pppd_command "$PI_PPP_ADDR") nodetach \
		>>"$RESULTS/modem-sim.out" 2>&1 &
	SIM_PID=$!
	tries=100
	until [ -e "$MODEM_LINK" ]; do
		kill -0 "$SIM_PID" 2>/dev/null ||
			fail "modem-sim exited: $(cat "$RESULTS/modem-sim.out")"
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "modem-sim did not create $MODEM_LINK"
		sleep 0.05
	done
}

modem_stop() {
	[ -n "$SIM_PID" ] || return 0
	kill "$SIM_PID" 2>/dev/null || :
	wait "$SIM_PID" 2>/dev/null || :
	SIM_PID=
}

# Seconds from START (a now value) to the first modem-sim log line with TEXT
# (the log's clock starts at modem_start).
sim_seconds_since() { # START TEXT
	awk -v start="$1" -v sim="$SIM_STARTED" -v text="$2" \
		'index($0, text) { printf "%.2f", sim + $1 - start; exit }' \
		"$RESULTS/modem-sim.log"
}

sim_count() { # FIXED_STRING
	grep -c -F -e "$1" "$RESULTS/modem-sim.log" 2>/dev/null || :
}

# A positive probe tried up to three times: lib.sh's probes time out after
# 2 s, which a VM on a busy machine (TCG) can miss once.  Never for checks
# that expect a failure.
eventually() { # COMMAND...
	tries=3
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.5
	done
}

# pppd started by "pon NAME" detaches, so it is found the way poff finds it,
# by its command line; of those processes (pppd's children share it until
# they exec a script) the one whose parent is not among them.
pon_pid() { # NAME
	ps -o pid=,ppid=,args= -C pppd | awk -v peer="$1" '
		$4 == "call" && $5 == peer { pid[$1] = $2 }
		END { for (p in pid) if (!(pid[p] in pid)) print p }'
}

# Wait (bounded) until no "pppd call NAME" runs.
pon_wait_gone() { # NAME [SECONDS]
	tries=$((${2:-15} * 10))
	while [ -n "$(pon_pid "$1")" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "pppd call $1 still runs after ${2:-15} s"
		sleep 0.1
	done
}

# What ltepi may leave in the kernel: its rules, the routes of its table,
# its nftables tables.
ltepi_rule_count() {
	ip rule show | grep -c -e 'proto ltepi' -e 'proto 76' || :
}
ltepi_route_count() { # TABLE
	ip route show table "$1" proto 76 | grep -c . || :
}
ltepi_nft_count() {
	nft list tables | grep -c ' ltepi-' || :
}

# Everything of ours is gone: no rule, no route in TABLE, no table.
assert_nothing_left() { # TABLE WHAT
	assert_eq 0 "$(ltepi_rule_count)" "$2: no ltepi rule"
	assert_eq 0 "$(ltepi_route_count "$1")" "$2: no ltepi route in table $1"
	assert_eq 0 "$(ltepi_nft_count)" "$2: no ltepi nftables table"
}

product_down() {
	for peer in $(ps -o args= -C pppd | awk '$2 == "call" { print $3 }'); do
		poff "$peer" >/dev/null 2>&1 || :
	done
	modem_stop
}

# The EXIT trap: stop our processes, then lib.sh's teardown and report.
product_exit() {
	status=$?
	set +e
	product_down
	[ ! -s "$RESULTS/modem-sim.out" ] || {
		[ "$status" = 0 ] || [ "$status" = 77 ] ||
			sed 's/^/# modem-sim: /' "$RESULTS/modem-sim.out"
	}
	(exit "$status")
	vm_exit
}

product_enter() { # TEST_SCRIPT ARG...
	product_stage "$1"
	vm_enter "$@"
	trap product_exit EXIT
	command -v pon >/dev/null || skip "pon missing (apt-get install ppp)"
	[ -x "$SIM" ] || fail "$SIM is not built"
}
