#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ltepi-modem sms listen on the simulator (issue 17): messages stored on
# the modem and arriving with +CMTI, decoded, authenticated and acted on
# once; every refusal runs nothing and says why; every message is deleted.
# The PDUs are made by tests/modem/sms-pdu-tool (cross-checked with gammu
# in sms-gammu.sh), the texts by "ltepi-modem sms sign".
. "${top_srcdir:?run me through make check}/tests/modem/lib.sh"

tool=$top_builddir/tests/modem/sms-pdu-tool
OWNER=+491701234567
KEY=$T/sms.key
ACT=$T/actions
secret sms.key "box-one-0123456789abcdef"
: >"$ACT"

sign() { "$helper" sms sign --config /dev/null --key-file "$KEY" "$@"; }
deliver() { "$tool" deliver "$@"; }
actions() { wc -l <"$ACT" | tr -d ' '; }

# run_listen [options]: --once on the simulator's tty; rc, stderr in $T/err.
run_listen() {
	"$helper" sms listen --config /dev/null --device "$T/tty" \
		--sms-allow "$OWNER, +44 20 7946 0000" --sms-key-file "$KEY" \
		--sms-state-dir "$T/state" \
		--sms-up-command "echo up \$LTEPI_SMS_DURATION >>$ACT" \
		--sms-down-command "echo down >>$ACT" "$@" 2>"$T/err"
	rc=$?
}
# listen_once FILE-LINES...: the lines as the modem's storage, then --once.
listen_once() {
	printf '%s\n' "$@" >"$T/sms"
	start_sim --once -s sms_file="$T/sms"
	run_listen --once
}

# sms sign: the counter file beside the key advances; bad input refused
up1=$(sign up)
check "sms sign: the first text carries counter 1" \
	sh -c "printf '%s' '$up1' | grep -Eq '^LTEPI UP 1 [A-Z2-7]{16}\$'"
check "  and KEYFILE.counter says 1" grep -qx 'counter 1' "$KEY.counter"
"$helper" sms sign --config /dev/null --key-file "$KEY" reboot 2>"$T/err"
rc=$?
is_rc "$EXIT_USAGE" "sms sign reboot"
check "  says why" err_has "sms sign: the command must be up, down or status"
"$helper" sms sign --config /dev/null --key-file "$KEY" down 1h 2>"$T/err"
rc=$?
is_rc "$EXIT_USAGE" "sms sign down 1h"
"$helper" sms sign --config /dev/null --key-file "$KEY" --counter 0 up 2>"$T/err"
rc=$?
is_rc "$EXIT_USAGE" "sms sign --counter 0"
check "  the counter file did not move" grep -qx 'counter 1' "$KEY.counter"

listen_once "$(deliver "$OWNER" "$up1")"
is_rc 0 "a stored, signed 'up' from an allowed number"
check "  sms-up-command ran once" test "$(actions)" = 1
check "  PDU mode, storage, indications set up" \
	sh -c "grep -q '< AT+CMGF=0' $T/sim.log && grep -q '< AT+CPMS=' $T/sim.log && grep -q '< AT+CNMI=2,1,0,0,0' $T/sim.log"
check "  read with AT+CMGL and deleted" sh -c "grep -q '< AT+CMGL=4' $T/sim.log && grep -q '# sms deleted 0, 0 left' $T/sim.log"
check "  logged as accepted" err_has "SMS from $OWNER accepted: up (counter 1)"
check "  counter recorded" grep -qx 'counter 1' "$T/state/sms.state"

listen_once "$(deliver "$OWNER" "$up1")"
is_rc 0 "the same message again (a replay)"
check "  nothing ran" test "$(actions)" = 1
check "  refused with the reason" err_has "refused: counter 1 is not above the last accepted 1 (a replay, or an older message); nothing run"
check "  deleted all the same" sim_has '# sms deleted 0, 0 left'

listen_once "$(deliver +4930999999 "$(sign up)")"
is_rc 0 "a signed message from a number not on sms-allow"
check "  nothing ran" test "$(actions)" = 1
check "  refused: sender" err_has "SMS from +4930999999 refused: the sender is not on sms-allow; nothing run"

tampered=$(sign down | sed 's/.$/A/;s/AA$/AB/')
listen_once "$(deliver "$OWNER" "$tampered")"
is_rc 0 "a tampered tag"
check "  nothing ran" test "$(actions)" = 1
check "  refused: tag" err_has "refused: the tag does not verify"

other=$T/other.key
secret other.key "box-two-0123456789abcdef"
listen_once "$(deliver "$OWNER" "$("$helper" sms sign --config /dev/null --key-file "$other" --counter 50 up)")"
is_rc 0 "a message signed for another box"
check "  nothing ran" test "$(actions)" = 1
check "  refused: tag" err_has "refused: the tag does not verify"

listen_once "$(deliver "$OWNER" "$(sign --counter 10 down)")" \
	"$(deliver "$OWNER" "$(sign --counter 5 up)")"
is_rc 0 "counter 10, then a stale counter 5"
check "  down ran, up did not" test "$(tail -1 "$ACT")" = down -a "$(actions)" = 2
check "  refused: stale" err_has "counter 5 is not above the last accepted 10"

listen_once "$(deliver "$OWNER" "$(sign --counter 11 up 2h)" ucs2)"
is_rc 0 "the signed text in UCS-2, with a duration"
check "  accepted once, LTEPI_SMS_DURATION=7200" test "$(tail -1 "$ACT")" = "up 7200" -a "$(actions)" = 3

t=$(sign --counter 12 down)
a=$(printf '%s' "$t" | cut -c1-15)
b=$(printf '%s' "$t" | cut -c16-)
t2=$(sign --counter 13 up)
c=$(printf '%s' "$t2" | cut -c1-9)
d=$(printf '%s' "$t2" | cut -c10-)
listen_once "$(deliver "$OWNER" "$b" 77 2 2)" "$(deliver "$OWNER" "$a" 77 2 1)" \
	"$(deliver "$OWNER" "$c" 78 2 1)" "$(deliver "$OWNER" "$d" 78 2 2)"
is_rc 0 "two concatenated messages, parts in reverse and in order"
check "  each accepted once, in order" test "$(tail -2 "$ACT" | tr '\n' ' ')" = "down up " -a "$(actions)" = 5
check "  all four parts deleted" sim_has '# sms deleted 3, 0 left'

good=$(deliver "$OWNER" "$(sign --counter 14 down)")
listen_once "ZZ" "ABC" "0791947101670000000C9194711032" "${good%??????}" "$good"
is_rc 0 "malformed PDUs before a good one"
check "  the good one ran" test "$(tail -1 "$ACT")" = down -a "$(actions)" = 6
check "  refused: not hex" err_has "SMS 0 refused: its PDU is not hex; deleted, nothing run"
check "  refused: odd length" err_has "SMS 1 refused: the PDU is empty, odd-length or too long"
check "  refused: cut off" err_has "the sender address is too long or cut off"
check "  every message deleted" sim_has '# sms deleted 4, 0 left'

listen_once "$(deliver "$OWNER" "$(sign --counter 15 up)")" \
	"$(deliver "$OWNER" "$(sign --counter 16 down)")" \
	"$(deliver "$OWNER" "$(sign --counter 17 up)")" \
	"$(deliver "$OWNER" "$(sign --counter 18 down)")"
is_rc 0 "four commands in one minute"
check "  three acted on" test "$(actions)" = 9
check "  the fourth refused" err_has "refused: more than 3 commands in a minute; nothing run"

# the link state as ltepi.so writes it (lib/linkstate.h); the pid must
# live, or the state is stale
cat >"$T/link.state" <<EOF2
version 1
link ltepi2
pid $$
ifname ppp0
state up
up-since $(($(date +%s) - 3725))
local 100.64.1.2
peer 10.64.64.64
class shared (RFC 6598, carrier-grade NAT)
EOF2
printf '%s\n' "$(deliver "$OWNER" "$(sign --counter 30 status)")" >"$T/sms"
start_sim --once -s sms_file="$T/sms" -s csq=20,99
LTEPI_LINK_STATE=$T/link.state run_listen --once
is_rc 0 "status"
check "  replied with AT+CMGS after the prompt" sh -c "grep -q '< AT+CMGS=' $T/sim.log && grep -q '> > (prompt)' $T/sim.log && grep -q '> +CMGS: 1' $T/sim.log"
check "  to the sender" sh -c "grep '# sms submit' $T/sim.log | grep -q 0C91947110325476"
check "  nothing ran" test "$(actions)" = 9
check "  logged" err_has "status sent to $OWNER: ltepi: link up 1h02m on ppp0, 100.64.1.2 (shared (RFC 6598, carrier-grade NAT)), signal -73 dBm"
if /usr/bin/python3 -c 'import gammu' 2>/dev/null; then
	reply=$(sed -n 's/.*# sms submit //p' "$T/sim.log" |
		/usr/bin/python3 -c 'import gammu,sys; d=gammu.DecodePDU(bytes.fromhex(sys.stdin.read().strip()),True); print(d["Number"]+" "+d["Text"])')
	check "  gammu reads the reply" test "$reply" = "$OWNER ltepi: link up 1h02m on ppp0, 100.64.1.2 (shared (RFC 6598, carrier-grade NAT)), signal -73 dBm"
fi

sed 's/^pid .*/pid 999999999/' "$T/link.state" >"$T/stale.state"
listen_once_env() { # STATE-FILE SIM-OPTION PDU
	printf '%s\n' "$3" >"$T/sms"
	start_sim --once -s sms_file="$T/sms" -s "$2"
	LTEPI_LINK_STATE=$1 run_listen --once
}
listen_once_env "$T/stale.state" csq=99,99 "$(deliver "$OWNER" "$(sign --counter 31 status)")"
is_rc 0 "status of a killed pppd, without signal"
check "  says down" err_has "status sent to $OWNER: ltepi: link down, signal unknown"
listen_once_env "$T/none" cmgs_error=1 "$(deliver "$OWNER" "$(sign --counter 32 status)")"
is_rc 0 "status without a state file, the network refusing the reply"
check "  says so" err_has "the modem did not send the status reply to $OWNER (+CMS ERROR: 500)"
check "  after composing it" sim_has "# sms submit "

printf '%s\n' "$(deliver "$OWNER" "$(sign --counter 33 up)")" \
	"$(deliver "$OWNER" "$(sign --counter 34 down)")" \
	"new $(deliver "$OWNER" "$(sign --counter 35 up)")" >"$T/sms"
start_sim -s sms_file="$T/sms" -s sms_storage=2 -s cnmi=short
run_listen &
lpid=$!
i=0
while [ "$(actions)" -lt 12 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill "$lpid" 2>/dev/null
wait "$lpid" 2>/dev/null
check "listening: a full storage read at start, then a +CMTI" test "$(actions)" = 12
check "  AT+CNMI fell back to the short form" sh -c "grep -q '< AT+CNMI=2,1\$' $T/sim.log"
check "  the new one read with AT+CMGR" sim_has '< AT+CMGR=0'
check "  the storage is empty" sim_has '# sms deleted 0, 0 left'

pdu=$(deliver "$OWNER" "$(sign --counter 40 up)")
chmod 640 "$KEY"
listen_once "$pdu"
is_rc "$EXIT_USAGE" "a key file readable by its group"
check "  refused before the modem is opened" sh -c "! grep -q '# open' $T/sim.log"
check "  says so" err_has "SMS key file $KEY is accessible by group or others (mode 0640)"
check "  nothing ran" test "$(actions)" = 12
chmod 600 "$KEY"

start_sim --once
"$helper" sms listen --config /dev/null --device "$T/tty" \
	--sms-key-file "$KEY" --sms-state-dir "$T/state" --once 2>"$T/err"
rc=$?
is_rc "$EXIT_USAGE" "no sms-allow"
check "  says so" err_has "sms listen needs sms-allow"

start_sim --once -s unsupported=+CMGF
run_listen --once
is_rc 17 "a modem without PDU mode"
check "  says so" err_has "the modem refuses SMS PDU mode"

finish
