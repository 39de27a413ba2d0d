/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the command/response layer (chat/atcmd.c) against a scripted
 * fake modem in a child process on a socketpair: URCs interleaved with
 * responses, echo, timeouts (per command and overall), end of file, noise
 * inside a response, and that nothing after CONNECT is read.
 */
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "../tap.h"
#include "chat/atcmd.h"
#include "chat/serial.h"

struct step {
	const char *expect;    /* command line the fake modem must receive */
	const char *reply;     /* bytes it answers; NULL: hang up */
	size_t reply_len;      /* 0: strlen(reply) */
	unsigned int delay_ms; /* before answering */
};

#define STEP(e, r)                                                             \
	{                                                                      \
		.expect = (e), .reply = (r)                                    \
	}

/* The fake modem: returns 0 if every command arrived as expected. */
static int fake_modem(int fd, const struct step *steps, int n)
{
	char line[1024];
	size_t len;
	int i;

	for (i = 0; i < n; i++) {
		for (len = 0; len + 1 < sizeof(line); len++) {
			if (read(fd, &line[len], 1) != 1)
				return 10 + i;
			if (line[len] == '\r')
				break;
		}
		line[len] = '\0';
		if (strcmp(line, steps[i].expect) != 0)
			return 40 + i;
		if (!steps[i].reply)
			return 0;
		usleep(steps[i].delay_ms * 1000);
		len = steps[i].reply_len ? steps[i].reply_len
					 : strlen(steps[i].reply);
		if (write(fd, steps[i].reply, len) != (ssize_t)len)
			return 70 + i;
	}
	/* Keep the line open until the parent is done reading. */
	(void)read(fd, line, 1);
	return 0;
}

struct fixture {
	int fd;
	pid_t pid;
	struct at_chan *ch;
	char urcs[1024];
};

static void on_urc(const char *line, void *arg)
{
	struct fixture *fx = arg;

	strcat(fx->urcs, line);
	strcat(fx->urcs, "|");
}

static void start(struct fixture *fx, const struct step *steps, int n)
{
	int sv[2];

	memset(fx, 0, sizeof(*fx));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		skip_all("socketpair: %s", strerror(errno));
	fx->pid = fork();
	if (fx->pid == 0) {
		close(sv[0]);
		_exit(fake_modem(sv[1], steps, n));
	}
	close(sv[1]);
	fx->fd = sv[0];
	fx->ch = at_chan_new(fx->fd, fx->fd);
	at_chan_set_urc_handler(fx->ch, on_urc, fx);
}

/* Ends the fake modem; returns its verdict (0: all commands as expected). */
static int finish(struct fixture *fx)
{
	int status;

	at_chan_free(fx->ch);
	close(fx->fd);
	waitpid(fx->pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

static int run(struct fixture *fx, const char *text, const char *prefix,
	       int timeout_ms, struct at_response *resp)
{
	const struct at_cmd cmd = { .text = text,
				    .prefix = prefix,
				    .timeout_ms = timeout_ms };

	return at_chan_run(fx->ch, &cmd, resp);
}

static void test_echo_and_urcs(void)
{
	static const struct step steps[] = {
		STEP("AT+CREG?", "AT+CREG?\r\r\n+CEREG: 5\r\n+CREG: 0,1\r\n"
				 "RDY\r\n\r\nOK\r\n"),
		STEP("AT+CIMI",
		     "\r\n+CPIN: READY\r\n440101234567890\r\nOK\r\n"),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 2);
	is_int(run(&fx, "AT+CREG?", "+CREG:", 2000, &resp), 0, "AT+CREG? ran");
	is_int(resp.final, AT_FINAL_OK, "final OK");
	is_int(resp.n_lines, 1, "one information line");
	is_str(resp.lines[0], "+CREG: 0,1", "the +CREG line is the answer");
	is_int(run(&fx, "AT+CIMI", AT_PREFIX_BARE, 2000, &resp), 0,
	       "AT+CIMI ran");
	is_str(at_response_line(&resp, "44"), "440101234567890", "IMSI line");
	is_str(fx.urcs, "+CEREG: 5|RDY|+CPIN: READY|", "URCs routed");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_errors(void)
{
	static const struct step steps[] = {
		STEP("AT+CPIN?", "\r\n+CME ERROR: SIM not inserted\r\n"),
		STEP("ATD*99***1#", "\r\nNO CARRIER\r\n"),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 2);
	run(&fx, "AT+CPIN?", "+CPIN:", 2000, &resp);
	ok(resp.final == AT_FINAL_CME_ERROR && resp.cme == 10,
	   "+CME ERROR: SIM not inserted is CME 10");
	run(&fx, "ATD*99***1#", AT_PREFIX_NONE, 2000, &resp);
	is_int(resp.final, AT_FINAL_NO_CARRIER, "NO CARRIER");
	is_str(resp.final_line, "NO CARRIER", "final line kept");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_noise(void)
{
	static char reply[2048];
	static const char tail[] = "\r\n+CSQ: 20,99\r\n\0\x01\x02\r\nOK\r\n";
	struct step steps[1] = { STEP("AT+CSQ", reply) };
	struct at_response resp;
	struct fixture fx;

	memset(reply, 'X', 1000);
	memcpy(reply + 1000, tail, sizeof(tail) - 1);
	steps[0].reply_len = 1000 + sizeof(tail) - 1;
	start(&fx, steps, 1);
	is_int(run(&fx, "AT+CSQ", "+CSQ:", 2000, &resp), 0,
	       "command survives an overlong and a binary line");
	ok(resp.final == AT_FINAL_OK && resp.n_lines == 1 &&
	       strcmp(resp.lines[0], "+CSQ: 20,99") == 0,
	   "the real answer is kept");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_many_lines(void)
{
	static const struct step steps[] = {
		STEP("AT+CGDCONT?", "+CGDCONT: 1\r\n+CGDCONT: 2\r\n+CGDCONT: "
				    "3\r\n+CGDCONT: 4\r\n"
				    "+CGDCONT: 5\r\n+CGDCONT: 6\r\n+CGDCONT: "
				    "7\r\n+CGDCONT: 8\r\n"
				    "+CGDCONT: 9\r\n+CGDCONT: 10\r\nOK\r\n"),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 1);
	run(&fx, "AT+CGDCONT?", "+CGDCONT:", 2000, &resp);
	ok(resp.final == AT_FINAL_OK && resp.n_lines == AT_RESP_MAX_LINES,
	   "lines beyond AT_RESP_MAX_LINES dropped, final still seen");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_connect_leaves_ppp_bytes(void)
{
	static const struct step steps[] = {
		STEP("ATD*99***1#",
		     "ATD*99***1#\r\r\nCONNECT 150000000\r\n~\xff}#"),
	};
	struct at_response resp;
	struct fixture fx;
	char rest[8] = { 0 };

	start(&fx, steps, 1);
	is_int(run(&fx, "ATD*99***1#", AT_PREFIX_NONE, 2000, &resp), 0,
	       "dial ran");
	is_int(resp.final, AT_FINAL_CONNECT, "CONNECT");
	is_int(read(fx.fd, rest, 5), 5, "5 bytes left on the line");
	ok(memcmp(rest, "\n~\xff}#", 5) == 0,
	   "the LF and the PPP bytes after CONNECT were not read");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_timeouts(void)
{
	static const struct step steps[] = {
		STEP("AT", ""),
		STEP("AT", ""),
	};
	struct at_response resp;
	struct fixture fx;
	int64_t t0;

	start(&fx, steps, 2);
	t0 = clock_now_ms();
	is_int(run(&fx, "AT", AT_PREFIX_NONE, 300, &resp), -ETIMEDOUT,
	       "silent modem: command timeout");
	ok(clock_now_ms() - t0 >= 300 && clock_now_ms() - t0 < 1500,
	   "timed out after about 300 ms (%lld)",
	   (long long)(clock_now_ms() - t0));
	at_chan_set_deadline(fx.ch, clock_now_ms() + 200);
	t0 = clock_now_ms();
	is_int(run(&fx, "AT", AT_PREFIX_NONE, 5000, &resp), -ETIME,
	       "overall deadline wins over a longer command timeout");
	ok(clock_now_ms() - t0 < 1500, "gave up at the overall deadline");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

/* A modem that answers slower than the wake timeout: skip late answers. */
static void test_drain_late_answers(void)
{
	static const struct step steps[] = {
		{ .expect = "ATV1", .reply = "\r\nOK\r\n", .delay_ms = 500 },
		{ .expect = "ATV1",
		  .reply = "\r\nRDY\r\n\r\nOK\r\n",
		  .delay_ms = 500 },
		STEP("ATE0", "\r\n+X: mine\r\nOK\r\n"),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 3);
	is_int(run(&fx, "ATV1", AT_PREFIX_NONE, 300, &resp), -ETIMEDOUT,
	       "first try times out");
	is_int(run(&fx, "ATV1", AT_PREFIX_NONE, 1000, &resp), 0,
	       "second try gets the late answer of the first");
	is_int(at_chan_drain(fx.ch, 1, 1000), 0, "drain one late answer");
	is_int(at_chan_drain(fx.ch, 1, 100), 0,
	       "nothing more to drain: quiet, still 0");
	run(&fx, "ATE0", "+X:", 1000, &resp);
	ok(resp.final == AT_FINAL_OK && resp.n_lines == 1 &&
	       strcmp(resp.lines[0], "+X: mine") == 0,
	   "the next command gets its own answer");
	is_str(fx.urcs, "RDY|", "a URC inside the late answer still routed");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

/*
 * Sierra SL808x and Wavecom answer AT+CPIN? with the +CPIN line alone:
 * with info_ends_ms the line ends the answer; the next command still
 * gets its own answer.
 */
static void test_info_ends_answer(void)
{
	static const struct step steps[] = {
		STEP("AT+CPIN?", "\r\n+CPIN: READY\r\n"),
		STEP("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n"),
		STEP("AT+CGMI", "\r\nSierra\r\n\r\nOK\r\n"),
	};
	const struct at_cmd cpin = { .text = "AT+CPIN?",
				     .prefix = "+CPIN:",
				     .timeout_ms = 5000,
				     .info_ends_ms = 200 };
	struct at_response resp;
	struct fixture fx;
	int64_t t0;

	start(&fx, steps, 3);
	t0 = clock_now_ms();
	is_int(at_chan_run(fx.ch, &cpin, &resp), 0,
	       "+CPIN: READY without OK: answered");
	ok(resp.final == AT_FINAL_OK && resp.n_lines == 1 &&
	       strcmp(resp.lines[0], "+CPIN: READY") == 0,
	   "the information line is the answer");
	ok(clock_now_ms() - t0 < 1500,
	   "ended after the grace, not the command timeout (%lld ms)",
	   (long long)(clock_now_ms() - t0));
	is_int(at_chan_run(fx.ch, &cpin, &resp), 0, "with OK: answered");
	ok(resp.final == AT_FINAL_OK && strcmp(resp.final_line, "OK") == 0,
	   "with OK the final code is OK itself");
	run(&fx, "AT+CGMI", AT_PREFIX_BARE, 1000, &resp);
	ok(resp.n_lines == 1 && strcmp(resp.lines[0], "Sierra") == 0,
	   "the next command gets its own answer");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

/*
 * One optional command unanswered: the plain AT probe tells a slow or
 * unknown command (probe answered) from a modem gone (probe silent).
 */
static void test_probe(void)
{
	static const struct step steps[] = {
		{ .expect = "AT+CESQ", .reply = "", .reply_len = 0 },
		STEP("AT", "\r\nOK\r\n"),
		{ .expect = "AT+CSQ", .reply = "", .reply_len = 0 },
		{ .expect = "AT", .reply = "", .reply_len = 0 },
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 4);
	is_int(run(&fx, "AT+CESQ", "+CESQ:", 200, &resp), -ETIMEDOUT,
	       "unanswered command times out");
	is_int(at_chan_probe(fx.ch, 500, 100), 0,
	       "but the modem answers a plain AT");
	is_int(run(&fx, "AT+CSQ", "+CSQ:", 200, &resp), -ETIMEDOUT,
	       "second unanswered command");
	is_int(at_chan_probe(fx.ch, 300, 100), -ETIMEDOUT,
	       "and AT gets no answer either: the modem is gone");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

/* Huawei's words for ERROR end the command instead of timing out. */
static void test_vendor_finals(void)
{
	static const struct step steps[] = {
		STEP("AT+CEREG?", "\r\nCOMMAND NOT SUPPORT\r\n"),
		STEP("AT+CGREG?", "\r\nTOO MANY PARAMETERS\r\n"),
		STEP("ATD*99***1#", "\nNO CARRIER\n"),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 3);
	is_int(run(&fx, "AT+CEREG?", "+CEREG:", 1000, &resp), 0,
	       "COMMAND NOT SUPPORT ends the command");
	is_int(resp.final, AT_FINAL_NOT_SUPPORTED, "  as not supported");
	run(&fx, "AT+CGREG?", "+CGREG:", 1000, &resp);
	is_int(resp.final, AT_FINAL_NOT_SUPPORTED,
	       "TOO MANY PARAMETERS as not supported");
	run(&fx, "ATD*99***1#", AT_PREFIX_NONE, 1000, &resp);
	is_int(resp.final, AT_FINAL_NO_CARRIER,
	       "NO CARRIER framed by lone LFs");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

static void test_hangup(void)
{
	static const struct step steps[] = {
		STEP("ATD*99***1#", NULL),
	};
	struct at_response resp;
	struct fixture fx;

	start(&fx, steps, 1);
	is_int(run(&fx, "ATD*99***1#", AT_PREFIX_NONE, 2000, &resp), -ENODEV,
	       "modem gone mid-command is -ENODEV");
	is_int(finish(&fx), 0, "fake modem saw the expected commands");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_echo_and_urcs();
	test_errors();
	test_noise();
	test_many_lines();
	test_connect_leaves_ppp_bytes();
	test_timeouts();
	test_drain_late_answers();
	test_info_ends_answer();
	test_probe();
	test_vendor_finals();
	test_hangup();
	return tap_done();
}
