#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem connect against the simulator: the happy path (checking the
# APN and auth the simulator stored), echo left on, a URC storm during
# init, the AM Telecom dialect, a modem without AT+CGAUTH, garbage and an
# overlong line.
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

# Happy path, generic 27.007 modem, credentials through +CGAUTH.
start_sim --once -s echo=0
secret pw 's3cret'
run_connect --apn soracom.io --user sora --password-file "$T/pw" --auth chap
is_rc 0 "happy path reaches CONNECT"
check "PDP context set" sim_has '< AT+CGDCONT=1,"IP","soracom.io"'
check "auth set with +CGAUTH" sim_has '< AT+CGAUTH=1,2,"sora","s3cret"'
check "dialled cid 1" sim_has '< ATD*99***1#'
check "nothing sent after CONNECT" \
	test "$(grep '^[0-9.]* <' "$T/sim.log" | tail -1 | cut -d' ' -f3-)" \
	= 'ATD*99***1#'
check "APN source logged" err_has 'APN soracom.io (set explicitly), IP, auth chap'
check "network logged with signal and RSRP" \
	err_has "registered, home network on 'NTT DOCOMO' (LTE), signal -73 dBm (4/5), RSRP -91 dBm"
check "password not in the log" sh -c "! grep -q s3cret '$T/err'"
check "stdout stays clean: no diagnostics reached the modem" \
	sh -c "! grep -q '< ltepi' '$T/sim.log'"
echo "# happy path took ${elapsed}s"

# Echo on (the modem ignores nothing, ATE0 turns it off later).
start_sim --once -s echo=1 -s pincnt=cpinr
run_connect --apn internet --pdp-type IPV4V6
is_rc 0 "echo on: CONNECT"
check "IPV4V6 context" sim_has '< AT+CGDCONT=1,"IPV4V6","internet"'

# URC storm: a URC after every echo and response line of the first 30
# commands, including +CREG: which is also a response prefix, and the bare
# words SIMCom and Quectel send (no restart announcement: see below).
start_sim --once -s echo=1 \
	-s 'urcs=+CPIN: READY|+QIND: SMS DONE|SMS DONE|PB DONE|+CREG: 2|RING|+CEREG: 2|+QUSIM: 1|+CFUN: 1|^RSSI: 18|^MODE: 5,4|^SRVST: 2|^SIMST: 1|^BOOT: 1234,0,0,0,72|^DSFLOWRPT: 0,0,0,0,0,0,0' \
	-s urc_commands=30
run_connect --verbose
is_rc 0 "URC storm: CONNECT"
check "URCs were sent" sim_has '> ^DSFLOWRPT: 0,0,0,0,0,0,0'
check "URC storm: the IMSI read despite SMS DONE and PB DONE, APN found" \
	err_has 'mobile-broadband-provider-info: provider'

# A restart announcement (Quectel RDY) once the modem has answered means it
# rebooted: what was set up is gone, and the supply is the usual suspect.
start_sim --once -s 'urcs=RDY' -s urc_commands=30
run_connect --apn internet
is_rc $EXIT_IO "RDY mid-session: the modem restarted"
check "restart explained" err_has 'the modem restarted during the setup'

# AM Telecom (the LTEPi's module): AT$QCPDPP, password first.
start_sim --once -s identity=amtelecom
secret pw 'pass'
run_connect --apn-preset soracom.io --password-file "$T/pw"
is_rc 0 "AM Telecom: CONNECT"
check "credentials with AT\$QCPDPP, password first" \
	sim_has '< AT$QCPDPP=1,3,"pass","sora"'
check "dialect logged" err_has 'set with AT$QCPDPP'

# dialect = none: nothing about credentials reaches the modem.
start_sim --once
run_connect --apn internet --user u --dialect none
is_rc 0 "dialect none: CONNECT"
check "no +CGAUTH sent" sh -c "! grep -q 'CGAUTH' '$T/sim.log'"
check "user told to use pppd's PAP/CHAP" err_has 'give them to pppd (user, password)'

# A modem without AT+CGAUTH (27.007 makes it optional): the credentials
# are left to pppd's PAP/CHAP, the log says so, and the dial goes on.
start_sim --once -s cgauth=0
secret pw 's3cret'
run_connect --apn soracom.io --user sora --password-file "$T/pw"
is_rc 0 "AT+CGAUTH refused: CONNECT all the same"
check "AT+CGAUTH was tried" sim_has '< AT+CGAUTH=1,1,"sora","s3cret"'
check "refusal: the credentials must go through pppd" \
	err_has "the modem refused AT+CGAUTH ('ERROR'), so the APN credentials stay with pppd: they must be in pppd's configuration ('user sora' in the peer file, the password in /etc/ppp/pap-secrets and chap-secrets)"
check "refusal: dialled" sim_has '< ATD*99***1#'
check "refusal: password not in the log" sh -c "! grep -q s3cret '$T/err'"

# A password AT cannot quote is refused before anything is half set.
secret pw 'pa"ss'
start_sim --once
run_connect --apn internet --user u --password-file "$T/pw"
is_rc $EXIT_USAGE "password with a double quote"
check "double quote: explained" err_has 'the APN password (set explicitly) contains a double quote (at byte 3), which an AT command cannot carry; give the credentials to pppd and set '\''dialect = none'\'''
check "double quote: nothing set in the modem" \
	sh -c "! grep -q 'CGAUTH\\|CGDCONT' '$T/sim.log'"

# Noise: binary garbage, then a line with no end, before a response.
start_sim --once -s noise=garbage -s noise_at=4
run_connect --apn internet
is_rc 0 "binary garbage survived"
start_sim --once -s noise=longline -s noise_at=4 -s noise_len=4096
run_connect --apn internet
is_rc 0 "overlong line survived"

finish
