# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by the SMS scenarios (product-sms.sh, product-sms-two-ports.sh,
# product-sms-systemd.sh), after lib-product.sh.  The caller sets HELPER
# (ltepi-modem), PDU_TOOL (tests/modem/sms-pdu-tool) and OWNER (the
# allowed sender); sms_setup writes the key, which the operator's side
# reads from $PRODUCT_RUN/operator.key.

# The box's SMS key (a secret file, as installed) and the operator's copy,
# and modem.conf's lines that let OWNER command the box with it.
sms_setup() { # KEY_TEXT
	key=$(modem_secret sms.key "$1")
	cp "$key" "$PRODUCT_RUN/operator.key"
	chmod 600 "$PRODUCT_RUN/operator.key"
	modem_conf_add "sms-allow = $OWNER"
	modem_conf_add "sms-key-file = $key"
	modem_conf_add "sms-state-dir = $PRODUCT_RUN/sms-state"
}

# The text the operator sends for COMMAND with the given counter.
sign() { # COUNTER COMMAND...
	counter=$1
	shift
	"$HELPER" sms sign --config /dev/null --counter "$counter" \
		--key-file "$PRODUCT_RUN/operator.key" "$@"
}

# One line of modem-sim's sms_file: that text as a new SMS-DELIVER from OWNER.
deliver() { # COUNTER COMMAND...
	echo "new $("$PDU_TOOL" deliver "$OWNER" "$(sign "$@")")"
}

# Waits until FILE has COUNT lines with TEXT; fails naming WHAT.
wait_count() { # FILE TEXT COUNT SECONDS WHAT
	tries=$(($4 * 10))
	until [ "$(grep -c -F -e "$2" "$1" 2>/dev/null || :)" -ge "$3" ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || fail "$5 within $4 s: $(tail -5 "$1" 2>&1)"
		sleep 0.1
	done
}
