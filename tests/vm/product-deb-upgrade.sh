#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The package under a running link (LTEPI_DEB, see lib-product.sh): with
# "pon ltepi2" up, an upgrade (the same package with a higher version)
# installs and the link keeps serving, because pppd keeps the ltepi.so it
# loaded; removing the package is refused with a message naming pppd;
# after "poff ltepi2" nothing of ltepi's is left in the kernel, removal
# goes ahead and purge leaves no /etc file of the package.

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-product.sh"
[ -n "${LTEPI_DEB:-}" ] ||
	skip "no package to install: set LTEPI_DEB=path/to/ltepi_VERSION_ARCH.deb (tools/deb)"
product_enter "$0" "$@"

topo_up
product_install ppp/peers/ltepi2 ltepi2
sed -i 's/^firewall-profile deny-all$/firewall-profile web/' /etc/ppp/peers/ltepi2
modem_start

mkdir -p "$PRODUCT_RUN/www"
echo "hello from ltepi2" >"$PRODUCT_RUN/www/index.html"
busybox httpd -p 80 -h "$PRODUCT_RUN/www"

page() { inet_run curl -sS --max-time 3 "http://$PI_PPP_ADDR/"; }
pon ltepi2 logfile "$RESULTS/pi-pppd.log"
deadline=$(($(date +%s) + 60))
until inet_run curl -s -o /dev/null --max-time 1 "http://$PI_PPP_ADDR/"; do
	[ "$(date +%s)" -lt "$deadline" ] ||
		fail "no HTTP answer from $PI_PPP_ADDR within 60 s of pon ltepi2"
	sleep 0.1
done
pid=$(pon_pid ltepi2)
pass "pon ltepi2 is up (pppd $pid) from the installed package"

# The next version: the same files under a higher version number.
version=$(dpkg-query -W -f='${Version}' ltepi)
rm -rf "$PRODUCT_RUN/up"
dpkg-deb -R "$LTEPI_DEB" "$PRODUCT_RUN/up"
sed -i "s/^Version: .*/Version: $version+upgradetest1/" "$PRODUCT_RUN/up/DEBIAN/control"
dpkg-deb -b --root-owner-group "$PRODUCT_RUN/up" "$PRODUCT_RUN/ltepi-up.deb" >/dev/null
assert_ok "dpkg upgrades ltepi under the running link" \
	dpkg --log="$RESULTS/dpkg.log" --no-triggers -i "$PRODUCT_RUN/ltepi-up.deb"
assert_eq "$version+upgradetest1" "$(dpkg-query -W -f='${Version}' ltepi)" \
	"the new version is installed"
assert_eq "$pid" "$(pon_pid ltepi2)" "the same pppd still runs the link"
assert_eq "hello from ltepi2" "$(eventually page)" \
	"the internet still reaches the web server after the upgrade"
assert_eq 1 "$(ltepi_rule_count)" "still one ltepi rule"
assert_eq 1 "$(ltepi_nft_count)" "still one ltepi table"

status=0
dpkg --log="$RESULTS/dpkg.log" --no-triggers -r ltepi >"$RESULTS/remove.out" 2>&1 ||
	status=$?
assert_fails "dpkg -r ltepi is refused while the link is up" test "$status" = 0
assert_file_contains "$RESULTS/remove.out" \
	"ltepi: pppd (pid $pid) runs with ltepi.so: stop its link first" \
	"the refusal names pppd and says what to do"
# dpkg records the wish (selection "deinstall"), the package stays.
assert_eq installed "$(dpkg-query -W -f='${db:Status-Status}' ltepi)" \
	"ltepi stays installed"
assert_eq "hello from ltepi2" "$(eventually page)" "the link still serves"

poff ltepi2
pon_wait_gone ltepi2
assert_nothing_left 200 "after poff ltepi2"
assert_ok "dpkg purges ltepi once the link is down" \
	dpkg --log="$RESULTS/dpkg.log" --no-triggers --purge ltepi
assert_fails "purge leaves no /etc/ppp/ltepi" test -e /etc/ppp/ltepi
assert_fails "purge leaves no /etc/ppp/peers/ltepi2" test -e /etc/ppp/peers/ltepi2
