# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Sourced by the SMS scenarios that number their messages themselves
# (product-sms-two-ports.sh, product-sms-systemd.sh), after lib-product.sh.
# The caller sets HELPER (ltepi-modem), PDU_TOOL (tests/modem/sms-pdu-tool)
# and OWNER (the allowed sender); the key is $PRODUCT_RUN/operator.key.

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
