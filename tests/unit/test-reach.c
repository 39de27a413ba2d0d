/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reach-check: the option's values and errors (plugin/options-reach.c) and
 * the verdict's notices (plugin/reach.h), word for word as pppd logs them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "../tap.h"
#include "options.h"
#include "reach.h"

#define EXPECT_ERR(arg, msg)                                                   \
	do {                                                                   \
		struct ltepi_conf before_ = conf;                              \
		char err_[LTEPI_ERRLEN] = "";                                  \
		int r_ =                                                       \
		    options_set_reach_check(&conf, arg, err_, sizeof(err_));   \
		ok(r_ == -EINVAL, "reach-check %s fails", arg);                \
		is_str(err_, msg, "  message");                                \
		ok(memcmp(&before_, &conf, sizeof(conf)) == 0,                 \
		   "  configuration unchanged");                               \
	} while (0)

/* Sets arg on a fresh configuration and checks how it prints back. */
static void expect_ok(const char *arg, const char *shown)
{
	struct ltepi_conf conf;
	char err[LTEPI_ERRLEN] = "", text[64] = "";
	int r;

	options_init(&conf);
	r = options_set_reach_check(&conf, arg, err, sizeof(err));
	ok(r == 0, "reach-check %s is accepted%s%s", arg, err[0] ? ": " : "",
	   err);
	options_format_reach_check(&conf.reach_stun, text, sizeof(text));
	is_str(text, shown, "  as");
}

static void test_option(void)
{
	struct ltepi_conf conf;
	char err[LTEPI_ERRLEN];

	options_init(&conf);
	is_int(conf.reach_stun.family, 0, "reach-check is off by default");
	expect_ok("stun:198.51.100.1", "stun:198.51.100.1:3478");
	expect_ok("stun:198.51.100.1:19302", "stun:198.51.100.1:19302");
	expect_ok("stun:[2001:db8::1]", "stun:[2001:db8::1]:3478");
	expect_ok("stun:[2001:db8::1]:5349", "stun:[2001:db8::1]:5349");

	EXPECT_ERR("", "reach-check: empty value");
	EXPECT_ERR("198.51.100.1",
		   "reach-check: '198.51.100.1' does not start with stun:; the "
		   "check asks a STUN server, stun:ADDRESS[:PORT]");
	EXPECT_ERR("stun:stun.example.net",
		   "reach-check: 'stun.example.net' is not an IPv4 or IPv6 "
		   "address; give the STUN server's address, not a name: pppd "
		   "would have to resolve it at ip-up, blocking, while DNS may "
		   "not work yet");
	EXPECT_ERR("stun:2001:db8::1",
		   "reach-check: 'stun:2001:db8::1': an IPv6 address goes in "
		   "brackets, stun:[2001:db8::1] or stun:[2001:db8::1]:PORT");
	EXPECT_ERR("stun:[198.51.100.1]",
		   "reach-check: '198.51.100.1' is not an IPv4 or IPv6 "
		   "address; give the STUN server's address, not a name: pppd "
		   "would have to resolve it at ip-up, blocking, while DNS may "
		   "not work yet");
	EXPECT_ERR("stun:198.51.100.1:0",
		   "reach-check: port '0' is not a number from 1 to 65535");
	EXPECT_ERR("stun:198.51.100.1:65536",
		   "reach-check: port '65536' is not a number from 1 to 65535");
	EXPECT_ERR("stun:198.51.100.1:",
		   "reach-check: port '' is not a number from 1 to 65535");
	EXPECT_ERR("stun:[2001:db8::1]:x",
		   "reach-check: port 'x' is not a number from 1 to 65535");
	EXPECT_ERR(
	    "stun:[2001:db8::1",
	    "reach-check: 'stun:[2001:db8::1' is not stun:ADDRESS[:PORT] "
	    "(IPv6: stun:[ADDRESS][:PORT])");
	EXPECT_ERR("stun:[2001:db8::1]3478",
		   "reach-check: 'stun:[2001:db8::1]3478' is not "
		   "stun:ADDRESS[:PORT] (IPv6: stun:[ADDRESS][:PORT])");
	EXPECT_ERR("stun:", "reach-check: 'stun:' is not stun:ADDRESS[:PORT] "
			    "(IPv6: stun:[ADDRESS][:PORT])");
	EXPECT_ERR("stun:0.0.0.0",
		   "reach-check: 0.0.0.0 is the unspecified address; give the "
		   "STUN server's address");
	EXPECT_ERR("stun:[::]:3478",
		   "reach-check: :: is the unspecified address; give the STUN "
		   "server's address");

	ok(options_set_reach_check(&conf, "stun:198.51.100.1", err,
				   sizeof(err)) == 0,
	   "a server");
	ok(options_set_reach_check(&conf, "stun:198.51.100.1:3478", err,
				   sizeof(err)) == 0,
	   "  the same one again, spelt out: fine");
	EXPECT_ERR("stun:198.51.100.2",
		   "reach-check given twice (stun:198.51.100.1:3478, then "
		   "stun:198.51.100.2:3478); give it once");
	ok(options_finish(&conf, err, sizeof(err)) == 0,
	   "reach-check alone passes options_finish()");
}

static struct stun_address v4(const char *addr, uint16_t port)
{
	struct stun_address a = { .family = AF_INET, .port = port };

	inet_pton(AF_INET, addr, &a.addr.v4);
	return a;
}

static void test_verdict(void)
{
	struct reach_verdict v = { .state = REACH_PENDING };
	struct stun_address mapped;
	char buf[768];

	is_str(reach_state_name(REACH_NONE), "none", "state names: none");
	is_str(reach_state_name(REACH_PENDING), "pending", "  pending");
	is_str(reach_state_name(REACH_PUBLIC), "public", "  public");
	is_str(reach_state_name(REACH_NAT), "nat", "  nat");
	is_str(reach_state_name(REACH_NO_ANSWER), "no-answer", "  no-answer");
	is_str(reach_notice(&v, buf, sizeof(buf)), "", "pending: no notice");

	v.server = v4("198.51.100.1", 3478);
	v.local = v4("81.2.69.160", 40000);
	mapped = v4("81.2.69.160", 40000);
	reach_decide(&v, &mapped);
	is_int(v.state, REACH_PUBLIC, "mapped == the link's address: public");
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: the internet sees this link as 81.2.69.160:40000, "
	       "the link's own address: no NAT between the link and the "
	       "internet",
	       "  its notice");
	mapped.port = 1024;
	reach_decide(&v, &mapped);
	is_int(v.state, REACH_PUBLIC,
	       "  also when only the port differs (a port-rewriting firewall)");

	v.local = v4("100.64.0.2", 40000);
	mapped = v4("203.0.113.7", 61000);
	reach_decide(&v, &mapped);
	is_int(v.state, REACH_NAT, "another address: NAT");
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: the internet sees this link as 203.0.113.7:61000, "
	       "not the link's address 100.64.0.2: there is NAT between the "
	       "link and the internet, so connections from the internet cannot "
	       "reach this box; ask the provider for a public (fixed) address, "
	       "or reach it through a VPN (see examples/), or over IPv6 if the "
	       "link has a global IPv6 address",
	       "  its notice names the mapped address and what to do");

	v = (struct reach_verdict){ .state = REACH_NO_ANSWER,
				    .server = v4("198.51.100.1", 3478),
				    .tries = STUN_TRIES,
				    .last_error = -ECONNREFUSED };
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: no answer from the STUN server 198.51.100.1:3478 "
	       "after 5 tries in 15.5 s; its host refused (ICMP port "
	       "unreachable): no STUN server listens there; whether the "
	       "internet can reach this link is unknown (the link stays up)",
	       "no answer, port unreachable: says so");
	v.last_error = 0;
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: no answer from the STUN server 198.51.100.1:3478 "
	       "after 5 tries in 15.5 s; whether the internet can reach this "
	       "link is unknown (the link stays up)",
	       "no answer, silence");
	snprintf(v.problem, sizeof(v.problem), "error 400 Bad Request");
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: no answer from the STUN server 198.51.100.1:3478 "
	       "after 5 tries in 15.5 s; its last answer was unusable: error "
	       "400 Bad Request; whether the internet can reach this link is "
	       "unknown (the link stays up)",
	       "an unusable answer is named");
	v.rejected = true;
	v.tries = 1;
	is_str(reach_notice(&v, buf, sizeof(buf)),
	       "reach-check: the STUN server 198.51.100.1:3478 answered with "
	       "error 400 Bad Request; whether the internet can reach this "
	       "link is unknown (the link stays up)",
	       "an error response: the server's answer, without tries");
}

int main(void)
{
	test_option();
	test_verdict();
	return tap_done();
}
