#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# How ltepi-modem chooses the APN: explicit, preset (built-in or from the
# configuration file), or from the SIM's IMSI through Debian's
# mobile-broadband-provider-info; a SIM with no match is a clear error,
# never an empty APN; the command line wins over the file.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

db=/usr/share/mobile-broadband-provider-info/serviceproviders.xml

# The APN the helper logged must be the one the modem received.
apn_consistent() {
	logged=$(sed -n 's/^ltepi-modem: APN \([^ ]*\) (.*/\1/p' "$T/err")
	[ -n "$logged" ] && sim_has "< AT+CGDCONT=1,\"IP\",\"$logged\""
}

# Built-in preset, then a file preset of the same name shadowing it.
start_sim --once
run_connect --apn-preset iijmio.jp
is_rc 0 "built-in preset"
check "preset APN set" sim_has '< AT+CGDCONT=1,"IP","iijmio.jp"'
check "preset source logged" err_has '(preset iijmio.jp)'

cat >"$T/modem.conf" <<EOT
apn-preset = iijmio.jp
[preset iijmio.jp]
apn = my.iij.example
pdp-type = IPV4V6
EOT
start_sim --once
CONF=$T/modem.conf run_connect
is_rc 0 "file preset shadows the built-in one"
check "file preset APN and type" sim_has '< AT+CGDCONT=1,"IPV4V6","my.iij.example"'
check "file preset source" err_has 'preset iijmio.jp from the configuration file'

start_sim --once
CONF=$T/modem.conf run_connect --apn cli.example --pdp-type IP
is_rc 0 "command line wins over the file"
check "explicit APN used" sim_has '< AT+CGDCONT=1,"IP","cli.example"'

# The command line wins however each side names the APN: --apn-preset
# over the file's apn (and the credentials that went with it), --apn over
# the file's apn-preset.
secret file-pw 'filepass'
cat >"$T/apn.conf" <<EOT
apn = file.example
user = fileuser
password-file = $T/file-pw
EOT
start_sim --once
CONF=$T/apn.conf run_connect --apn-preset iijmio.jp
is_rc 0 "--apn-preset over the file's apn"
check "--apn-preset over the file's apn: the preset's APN" \
	sim_has '< AT+CGDCONT=1,"IP","iijmio.jp"'
check "--apn-preset over the file's apn: the preset's credentials" \
	sim_has '< AT+CGAUTH=1,1,"mio@iij","iij"'
check "--apn-preset: logged as the source" err_has 'APN iijmio.jp (preset iijmio.jp)'

printf 'apn-preset = soracom.io\n' >"$T/apn.conf"
start_sim --once
CONF=$T/apn.conf run_connect --apn cli.example
is_rc 0 "--apn over the file's apn-preset"
check "--apn over the file's apn-preset: the explicit APN" \
	sim_has '< AT+CGDCONT=1,"IP","cli.example"'
check "--apn over the file's apn-preset: no preset credentials" \
	sim_has '< AT+CGAUTH=1,0'

# A file preset's password file is checked before the modem is touched.
printf 'pw\n' >"$T/preset-pw"
chmod 644 "$T/preset-pw"
cat >"$T/apn.conf" <<EOT
apn-preset = office
[preset office]
apn = corp.example
user = me
password-file = $T/preset-pw
EOT
start_sim --once
CONF=$T/apn.conf run_connect
is_rc $EXIT_USAGE "world-readable password file of a file preset"
check "preset password file: exact message" \
	err_has "password file $T/preset-pw is accessible by group or others (mode 0644)"
check "preset password file: refused before any AT command" \
	sh -c "! grep -q '^[0-9.]* < ' '$T/sim.log'"

start_sim --once
run_connect --apn-preset nosuch
is_rc $EXIT_USAGE "unknown preset"
check "unknown preset: explained" err_has "unknown APN preset 'nosuch'"

if [ ! -r "$db" ]; then
	echo "# $db missing (package mobile-broadband-provider-info):" \
		"IMSI lookups not tested"
	failed=1
	finish
fi

for case in 262011234567890:262/01 440101234567890:440/10 \
	310410123456789:310/410 208011234567890:208/01; do
	imsi=${case%%:*}
	plmn=${case#*:}
	start_sim --once -s imsi=$imsi
	run_connect
	is_rc 0 "APN from IMSI $imsi"
	check "IMSI $imsi: entry $plmn named in the log" \
		err_has "mobile-broadband-provider-info: provider"
	check "IMSI $imsi: MCC/MNC $plmn" err_has "($plmn,"
	check "IMSI $imsi: logged APN is the one set" apn_consistent
done

# 234/15: several providers share the network, none marked primary (and
# trixie's database lists an MVNO first): the SIM's SPN (EF_SPN) decides.
start_sim --once -s imsi=234151234567890 -s "spn=vodafone UK"
run_connect
is_rc 0 "234/15 with SPN 'vodafone UK'"
check "  the SPN picks Vodafone among the providers of 234/15" \
	err_has "provider \"Vodafone\" (234/15, the SIM's SPN of"
check "  EF_SPN read once" test "$(sim_count '< AT+CRSM=176,28486,0,0,17')" -eq 1
start_sim --once -s imsi=234151234567890
run_connect
is_rc 0 "234/15, the SIM has no SPN: the database's order decides"
check "  and says it guessed among several" err_has "(234/15, first of"

start_sim --once -s imsi=001011234567890
run_connect
is_rc $EXIT_APN "test-network IMSI has no APN"
check "no match: exact message" \
	err_has "no APN configured and $db has none for this SIM (MCC 001, MNC 01 or 011); set 'apn' or 'apn-preset'"
check "no match: no context set" sh -c "! grep -q '< AT+CGDCONT' '$T/sim.log'"

# A provider database whose values an AT command cannot carry: refused
# with the source named, nothing sent; the injected command never runs.
hostile_db() { # APN USER
	cat >"$T/hostile.xml" <<EOT
<?xml version="1.0"?>
<serviceproviders format="2.0">
 <country code="xx">
  <provider>
   <name>Hostile</name>
   <gsm>
    <network-id mcc="001" mnc="01"/>
    <apn value='$1'>
     <usage type="internet"/>
     <username>$2</username>
    </apn>
   </gsm>
  </provider>
 </country>
</serviceproviders>
EOT
}
hostile_db 'inet","x&#13;AT+CFUN=0' user
start_sim --once -s imsi=001011234567890
run_connect --apn-database "$T/hostile.xml"
is_rc $EXIT_APN "database APN with a quote and CR: refused"
check "  the message names the value, the fault and the source" \
	err_has "the APN (mobile-broadband-provider-info: provider \"Hostile\""
check "  and says what is wrong" err_has "contains a double quote (at byte 5), which an AT command cannot carry"
check "  no context set, no injected command" \
	sh -c "! grep -q '< AT+CGDCONT\|CFUN=0' '$T/sim.log'"

hostile_db internet "$(printf 'u%.0s' $(seq 1 70))"
start_sim --once -s imsi=001011234567890
run_connect --apn-database "$T/hostile.xml"
is_rc $EXIT_APN "database user name over 64 bytes: refused, not cut"
check "  explained" err_has "hold a value longer than an AT command takes"

hostile_db "$(printf 'a%.0s' $(seq 1 101))" user
start_sim --once -s imsi=001011234567890
run_connect --apn-database "$T/hostile.xml"
is_rc $EXIT_APN "database APN over 100 bytes: refused, not cut"

start_sim --once
run_connect --apn 'bad\apn'
is_rc $EXIT_APN "command-line APN with a backslash: refused"
check "  explained" err_has "the APN (set explicitly) contains a backslash (at byte 4)"

start_sim --once
run_connect --apn-database "$T/absent.xml"
is_rc $EXIT_APN "database missing"
check "database missing: explained" \
	err_has "the provider database $T/absent.xml cannot be read (No such file or directory); install mobile-broadband-provider-info or set 'apn'"

finish
