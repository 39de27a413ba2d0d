// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-test of modem-sim: starts the simulator for each scenario, talks
 * to it over its pty the way a helper would (raw mode, CR-terminated
 * commands, read until a final result code), and checks the answers, the
 * dialogue log and the persisted SIM state. The other tests trust the
 * simulator, so this one pins down what it promises in modem-sim.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"

#define MAX_SIM_ARGS 24

static char sim_path[4096], dir[4096], link_path[4200], log_path[4200],
    state_path[4200], link2_path[4200], sms_path[4200];

struct sim_proc {
	pid_t pid;
	int fd;
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static bool wait_for_link(void)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (access(link_path, F_OK) == 0)
			return true;
		sleep_ms(10);
	}
	return false;
}

static int open_raw(const char *path)
{
	struct termios tio;
	int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	tcgetattr(fd, &tio);
	cfmakeraw(&tio);
	tcsetattr(fd, TCSANOW, &tio);
	return fd;
}

/* Start modem-sim with the common options plus extra (NULL-terminated). */
static bool sim_start(struct sim_proc *p, const char *const extra[])
{
	const char *argv[MAX_SIM_ARGS] = { sim_path,  "--link", link_path,
					   "--log",   log_path, "--state",
					   state_path };
	int n = 7, devnull;

	while (extra && *extra && n < MAX_SIM_ARGS - 1)
		argv[n++] = *extra++;
	argv[n] = NULL;
	p->fd = -1;
	p->pid = fork();
	if (p->pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, STDOUT_FILENO);
		execv(sim_path, (char *const *)argv);
		_exit(127);
	}
	if (p->pid < 0 || !wait_for_link())
		return false;
	p->fd = open_raw(link_path);
	return p->fd >= 0;
}

/* Returns the simulator's exit status, or -1 if it did not exit. */
static int sim_stop(struct sim_proc *p)
{
	int status, i;

	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	kill(p->pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		sleep_ms(10);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
	return -1;
}

/* Does buf end with a complete final result code line? */
static bool has_final(const char *buf)
{
	static const char *const finals[] = { "OK\r\n",		"ERROR\r\n",
					      "+CME ERROR: ",	"CONNECT",
					      "NO CARRIER\r\n", "BUSY\r\n" };
	size_t i, len = strlen(buf);
	const char *last;

	if (len < 2 || strcmp(buf + len - 2, "\r\n"))
		return false;
	for (last = buf + len - 2; last > buf && last[-1] != '\n'; last--)
		;
	for (i = 0; i < sizeof(finals) / sizeof(finals[0]); i++) {
		if (strncmp(last, finals[i], strlen(finals[i])) == 0)
			return true;
	}
	return false;
}

/* Read into buf until a final result code or timeout_ms of silence. */
static size_t read_reply(int fd, char *buf, size_t size, int timeout_ms)
{
	size_t len = 0;

	buf[0] = '\0';
	while (len + 1 < size && !has_final(buf)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			break;
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	return len;
}

static char reply[16384];

/* Send cmd, return what came back before a final result or wait_ms. */
static const char *at_wait(struct sim_proc *p, const char *cmd, int wait_ms)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s\r", cmd);
	if (write(p->fd, line, strlen(line)) < 0)
		return "(write failed)";
	read_reply(p->fd, reply, sizeof(reply), wait_ms);
	return reply;
}

static const char *at(struct sim_proc *p, const char *cmd)
{
	return at_wait(p, cmd, 1000);
}

static int count_in_file(const char *path, const char *needle)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

static void reset_files(void)
{
	unlink(log_path);
	unlink(state_path);
}

static void test_basics(void)
{
	const char *const extra[] = { "-s", "identity=amtelecom", NULL };
	struct sim_proc p;
	char big[601];

	reset_files();
	if (!ok(sim_start(&p, extra), "simulator starts and opens"))
		return;
	is_str(at(&p, "AT"), "AT\r\r\nOK\r\n", "AT echoed and OK");
	ok(strstr(at(&p, "ATI"), "Manufacturer: AM Telecom\r\n") != NULL,
	   "ATI names AM Telecom");
	is_str(at(&p, "ATE0"), "ATE0\r\r\nOK\r\n", "ATE0 still echoed");
	is_str(at(&p, "AT+CGMM"), "\r\nAMP520\r\n\r\nOK\r\n",
	       "no echo after ATE0");
	is_str(at(&p, "AT+NOSUCH"), "\r\nERROR\r\n", "unknown -> ERROR");
	is_str(at(&p, "AT&FE1V1&C1S0=0"), "\r\nOK\r\n",
	       "chained basic commands (echo off while it is read)");
	is_str(at(&p, "ATE0S7?"), "ATE0S7?\r\r\n000\r\n\r\nOK\r\n",
	       "S-register read");
	is_str(at(&p, "ATE0Y"), "\r\nERROR\r\n", "unknown basic command");
	is_str(at(&p, "AT+CMEE=1;+CMEE?;+CGMI"),
	       "\r\n+CMEE: 1\r\n\r\nAM Telecom\r\n\r\nOK\r\n",
	       "';' chains extended commands, one final result");
	is_str(at(&p, "AT+CMEE=7;+CGMI"), "\r\nERROR\r\n",
	       "the first failure ends the line");
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "AT", 2);
	is_str(at(&p, big), "\r\nERROR\r\n", "600-byte line: ERROR");
	is_str(at_wait(&p, "hello", 200), "", "a line without AT is ignored");
	is_str(at(&p, "AT$QCPDPP=1,3,\"pw\",\"user\""), "\r\nOK\r\n",
	       "$QCPDPP accepted in the AM Telecom dialect");
	is_str(at(&p, "AT$QCPDPP?"), "\r\n$QCPDPP: 1,3,\"user\"\r\n\r\nOK\r\n",
	       "$QCPDPP read back without the password");
	at(&p, "AT+CGDCONT=1,\"IPV4V6\",\"soracom.io\"");
	is_str(at(&p, "AT+CGDCONT?"),
	       "\r\n+CGDCONT: 1,\"IPV4V6\",\"soracom.io\",\"0.0.0.0\",0,0\r\n"
	       "\r\nOK\r\n",
	       "CGDCONT stored");
	is_int(sim_stop(&p), 0, "SIGTERM: exit status 0");
	ok(access(link_path, F_OK) != 0, "link removed on exit");
	is_int(
	    count_in_file(log_path, "< AT+CGDCONT=1,\"IPV4V6\",\"soracom.io\""),
	    1, "log has the CGDCONT command once");
	is_int(count_in_file(log_path, "> $QCPDPP: 1,3,\"user\""), 1,
	       "log has the sent line");
}

static void test_cmee(void)
{
	static const char *const want[] = {
		"\r\nERROR\r\n", "\r\n+CME ERROR: 10\r\n",
		"\r\n+CME ERROR: SIM not inserted\r\n"
	};
	const char *const extra[] = { "-s", "sim=absent", "-s", "echo=0",
				      NULL };
	char cmd[32], msg[64];
	struct sim_proc p;
	int mode;

	if (!ok(sim_start(&p, extra), "absent-SIM simulator starts"))
		return;
	for (mode = 0; mode <= 2; mode++) {
		snprintf(cmd, sizeof(cmd), "AT+CMEE=%d", mode);
		at(&p, cmd);
		snprintf(msg, sizeof(msg), "CMEE=%d: absent SIM error", mode);
		is_str(at(&p, "AT+CPIN?"), want[mode], msg);
	}
	sim_stop(&p);
}

static void test_pin_lock(void)
{
	const char *const extra[] = { "-s", "sim=pin", "-s", "echo=0",
				      "-s", "cmee=1",  NULL };
	struct sim_proc p;
	int i;

	reset_files();
	if (!ok(sim_start(&p, extra), "PIN simulator starts"))
		return;
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n",
	       "PIN required");
	is_str(at(&p, "AT+CPIN=\"0000\""), "\r\n+CME ERROR: 16\r\n",
	       "wrong PIN -> 16");
	sim_stop(&p);
	if (!ok(sim_start(&p, extra), "restart with the same state file"))
		return;
	is_str(at(&p, "AT+CPINR=\"SIM PIN\""),
	       "\r\n+CPINR: SIM PIN,2,3\r\n\r\nOK\r\n",
	       "one try used, persisted across runs");
	for (i = 0; i < 2; i++)
		at(&p, "AT+CPIN=\"0000\"");
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n",
	       "third wrong PIN locks to PUK");
	is_str(at(&p, "AT+CPIN=\"1234\""), "\r\n+CME ERROR: 12\r\n",
	       "even the right PIN is refused when PUK-locked");
	is_str(at(&p, "AT+CPIN=\"12345678\",\"4321\""), "\r\nOK\r\n",
	       "PUK and new PIN unlock");
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n",
	       "ready after PUK");
	sim_stop(&p);
	is_int(count_in_file(state_path, "pin=4321"), 1, "new PIN persisted");
	is_int(count_in_file(log_path, "< AT+CPIN=\"0000\""), 3,
	       "three wrong PINs logged");
}

static void test_pin_counters(void)
{
	const char *const none[] = { "-s", "pincnt=none", "-s", "echo=0",
				     NULL };
	const char *const quectel[] = { "-s", "identity=quectel",
					"-s", "pincnt=qpinc",
					"-s", "echo=0",
					NULL };
	struct sim_proc p;

	reset_files();
	if (sim_start(&p, none)) {
		is_str(at(&p, "AT+CPINR"), "\r\nERROR\r\n",
		       "pincnt=none: CPINR unsupported");
		sim_stop(&p);
	}
	if (sim_start(&p, quectel)) {
		is_str(at(&p, "AT+QPINC?"),
		       "\r\n+QPINC: \"SC\",3,10\r\n\r\n+QPINC: \"P2\",3,10\r\n"
		       "\r\nOK\r\n",
		       "Quectel QPINC");
		is_str(at(&p, "AT+CPINR"), "\r\nERROR\r\n",
		       "CPINR not in the list");
		sim_stop(&p);
	}
}

static void test_busy_and_urcs(void)
{
	const char *const extra[] = { "-s", "sim_busy=2",
				      "-s", "cmee=1",
				      "-s", "urcs=RDY|^SYSSTART",
				      "-s", "urc_commands=1",
				      NULL };
	struct sim_proc p;

	if (!ok(sim_start(&p, extra), "busy/URC simulator starts"))
		return;
	is_str(at(&p, "ATI"),
	       "ATI\r\r\nRDY\r\n\r\nManufacturer: Generic\r\n\r\n^SYSSTART\r\n"
	       "\r\nModel: Modem\r\n\r\nRDY\r\n\r\nRevision: 1.0\r\n"
	       "\r\n^SYSSTART\r\n\r\nIMEI: 356938035643809\r\n\r\nRDY\r\n"
	       "\r\n+GCAP: +CGSM\r\n\r\n^SYSSTART\r\n\r\nOK\r\n",
	       "URCs between echo and responses and between responses");
	ok(strstr(at(&p, "AT+CPIN?"), "+CME ERROR: 14") != NULL,
	   "first SIM query busy");
	ok(strstr(at(&p, "AT+CPIN?"), "+CME ERROR: 14") != NULL,
	   "second SIM query busy");
	ok(strstr(at(&p, "AT+CPIN?"), "+CPIN: READY") != NULL,
	   "third SIM query ready");
	sim_stop(&p);
}

static void test_sim_start_and_auth(void)
{
	const char *const extra[] = {
		"-s", "sim_busy=1",	 "-s", "sim_busy_at=cimi",
		"-s", "sim_not_ready=2", "-s", "cmee=1",
		"-s", "cgauth=0",	 "-s", "query_urc=1",
		"-s", "echo=0",		 NULL
	};
	struct sim_proc p;

	if (!ok(sim_start(&p, extra), "start/auth simulator starts"))
		return;
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n",
	       "sim_not_ready: NOT READY first");
	is_str(at(&p, "AT+CPINR=\"SIM PIN\""),
	       "\r\n+CPINR: SIM PIN,3,3\r\n\r\nOK\r\n",
	       "sim_busy_at=cimi: CPINR not busy");
	is_str(at(&p, "AT+CIMI"), "\r\n+CME ERROR: 14\r\n",
	       "sim_busy_at=cimi: CIMI busy");
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n",
	       "sim_not_ready=2: NOT READY again");
	is_str(at(&p, "AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n",
	       "then READY");
	is_str(at(&p, "AT+CIMI"), "\r\n440101234567890\r\n\r\nOK\r\n",
	       "CIMI answers once the busy count is used");
	is_str(at(&p, "AT+CGAUTH=1,1,\"u\",\"p\""), "\r\nERROR\r\n",
	       "cgauth=0: AT+CGAUTH refused");
	is_str(at(&p, "AT+CEREG?"),
	       "\r\n+CEREG: 1\r\n\r\n+CEREG: 0,1\r\n\r\nOK\r\n",
	       "query_urc=1: a report before the answer");
	sim_stop(&p);
}

static void test_registration(void)
{
	const char *const extra[] = { "-s", "reg=2:300,5", "-s", "echo=0",
				      NULL };
	struct sim_proc p;
	char urc[256];

	if (!ok(sim_start(&p, extra), "registration simulator starts"))
		return;
	at(&p, "AT+CEREG=1");
	is_str(at(&p, "AT+CEREG?"), "\r\n+CEREG: 1,2\r\n\r\nOK\r\n",
	       "searching at first");
	is_str(at(&p, "AT+COPS?"), "\r\n+COPS: 0\r\n\r\nOK\r\n",
	       "no operator while searching");
	read_reply(p.fd, urc, sizeof(urc), 600);
	is_str(urc, "\r\n+CEREG: 5\r\n", "URC on the change to roaming");
	is_str(at(&p, "AT+CREG?"), "\r\n+CREG: 0,5\r\n\r\nOK\r\n",
	       "CREG follows the same steps");
	is_str(at(&p, "AT+COPS?"),
	       "\r\n+COPS: 0,0,\"NTT DOCOMO\",7\r\n\r\nOK\r\n",
	       "operator once registered");
	sim_stop(&p);
}

static void test_dial(void)
{
	const char *const busy[] = { "-s", "dial=busy", "-s", "echo=0", NULL };
	const char *const echo[] = { "-s", "data=echo", "-s", "echo=0", NULL };
	const char *const hup[] = { "-s", "dial=hangup", "-s", "echo=0", NULL };
	const char *const ex[] = {
		"-s", "echo=0", "--", "printf", "PPP~", NULL
	};
	struct sim_proc p;
	char buf[64];

	if (sim_start(&p, busy)) {
		is_str(at(&p, "ATD*99#"), "\r\nBUSY\r\n", "dial=busy");
		sim_stop(&p);
	}
	if (sim_start(&p, echo)) {
		is_str(at(&p, "ATD*99***1#"), "\r\nCONNECT 150000000\r\n",
		       "CONNECT");
		ok(write(p.fd, "~\x7d\x23", 3) == 3, "data written");
		read_reply(p.fd, buf, sizeof(buf), 300);
		is_str(buf, "~\x7d\x23", "data echoed back");
		sim_stop(&p);
	}
	if (sim_start(&p, hup)) {
		at(&p, "ATD*99#");
		ok(read(p.fd, buf, sizeof(buf)) <= 0,
		   "pty closed mid-dial: read gets EOF or EIO");
		sleep_ms(100);
		ok(access(link_path, F_OK) != 0, "device vanished");
		sim_stop(&p);
	}
	if (sim_start(&p, ex)) {
		char all[256];
		size_t len;

		snprintf(all, sizeof(all), "%s", at(&p, "ATD*99#"));
		len = strlen(all);
		if (!strstr(all, "NO CARRIER"))
			read_reply(p.fd, all + len, sizeof(all) - len, 1000);
		is_str(all, "\r\nCONNECT 150000000\r\nPPP~\r\nNO CARRIER\r\n",
		       "CONNECT, the exec'd command's output, NO CARRIER");
		sim_stop(&p);
	}
}

/*
 * --link2: one modem, two AT ports (Quectel EC25: if 02 and if 03). The
 * SIM, the registration and the SMS storage are shared; echo, CNMI and
 * data mode are each port's own.
 */
static void test_two_ports(void)
{
	const char *const extra[] = {
		"--link2", link2_path, "-s",	    "echo=0", "-s",
		"sim=pin", "-s",       "data=echo", "-s",     "sms_new_ms=100",
		"-s",	   sms_path,   NULL
	};
	char buf[256];
	struct sim_proc p;
	FILE *f;
	int fd2;

	reset_files();
	f = fopen(sms_path + strlen("sms_file="), "w");
	if (!ok(f != NULL, "SMS file written"))
		return;
	fputs("new 0011AA\n", f);
	fclose(f);
	if (!ok(sim_start(&p, extra), "two-port simulator starts"))
		return;
	fd2 = open_raw(link2_path);
	if (!ok(fd2 >= 0, "the second port opens")) {
		sim_stop(&p);
		return;
	}
	{
		struct sim_proc p2 = { .pid = p.pid, .fd = fd2 };

		is_str(at(&p2, "AT+CPIN?"), "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n",
		       "second port: the SIM wants its PIN");
		is_str(at(&p, "AT+CPIN=\"1234\""), "\r\nOK\r\n",
		       "PIN entered on the first port");
		is_str(at(&p2, "AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n",
		       "second port: the same SIM is ready");
		is_str(at(&p2, "ATE1"), "\r\nOK\r\n", "echo on, second port");
		is_str(at(&p, "AT"), "\r\nOK\r\n",
		       "the first port's echo stays off");
		is_str(at(&p2, "AT+CNMI=2,1"), "AT+CNMI=2,1\r\r\nOK\r\n",
		       "CNMI on the second port");
		read_reply(fd2, buf, sizeof(buf), 1000);
		is_str(buf, "\r\n+CMTI: \"ME\",0\r\n",
		       "+CMTI on the port that enabled CNMI");
		read_reply(p.fd, buf, sizeof(buf), 300);
		is_str(buf, "", "nothing on the first port");
		is_str(at(&p, "AT+CMGR=0"),
		       "\r\n+CMGR: 0,,2\r\n\r\n0011AA\r\n\r\nOK\r\n",
		       "the first port reads the same storage");
		is_str(at(&p, "ATD*99#"), "\r\nCONNECT 150000000\r\n",
		       "the first port dials");
		is_str(
		    at(&p2, "AT+CSQ"), "AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n",
		    "the second port answers while the first is in data mode");
		is_str(at(&p2, "ATD*99#"), "ATD*99#\r\r\nNO CARRIER\r\n",
		       "one data session per modem: the second dial fails");
		ok(write(p.fd, "~\x7d", 2) == 2, "data written");
		read_reply(p.fd, buf, sizeof(buf), 300);
		is_str(buf, "~\x7d", "the first port's data echoed back");
		close(fd2);
	}
	sim_stop(&p);
	is_int(count_in_file(log_path, "< [2] AT+CNMI=2,1"), 1,
	       "the log names the second port's lines");
	is_int(count_in_file(log_path, "< AT+CNMI"), 0,
	       "and keeps the first port's apart");
	ok(access(link2_path, F_OK) != 0, "the second link is removed");
	unlink(sms_path + strlen("sms_file="));
}

static void test_noise_and_silence(void)
{
	const char *const longline[] = { "-s", "noise=longline", "-s", "echo=0",
					 NULL };
	const char *const silent[] = { "-s", "silent=1", NULL };
	struct sim_proc p;
	size_t n;

	if (sim_start(&p, longline)) {
		at(&p, "AT");
		n = strspn(reply, "X");
		is_int((long long)n, 4096, "4096 X without a line end");
		is_str(reply + n, "\r\nOK\r\n", "then the normal answer");
		sim_stop(&p);
	}
	reset_files();
	if (sim_start(&p, silent)) {
		is_str(at(&p, "AT"), "", "silent modem never answers");
		sim_stop(&p);
		is_int(count_in_file(log_path, "< AT"), 1,
		       "but logs the command");
	}
}

static void test_delay_and_garbage(void)
{
	const char *const delay[] = { "-s", "delay=100", "-s", "echo=0", NULL };
	const char *const line_delay[] = { "-s", "line_delay=100", "-s",
					   "echo=0", NULL };
	const char *const garbage[] = { "-s", "noise=garbage",
					"-s", "noise_len=300",
					"-s", "noise_at=2",
					"-s", "echo=0",
					NULL };
	struct timespec t0, t1;
	struct sim_proc p;
	long ms;
	size_t i, high = 0;

	if (sim_start(&p, delay)) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		at(&p, "AT+CGMI");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		     (t1.tv_nsec - t0.tv_nsec) / 1000000;
		ok(ms >= 100 && ms < 190,
		   "delay=100 once before an answer of 2 lines (%ld ms)", ms);
		sim_stop(&p);
	}
	if (sim_start(&p, line_delay)) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		at(&p, "AT+CGMI");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		     (t1.tv_nsec - t0.tv_nsec) / 1000000;
		ok(ms >= 200 && ms < 1000,
		   "line_delay=100 before each of 2 lines (%ld ms)", ms);
		sim_stop(&p);
	}
	if (sim_start(&p, garbage)) {
		is_str(at(&p, "AT"), "\r\nOK\r\n", "no noise on command 1");
		at(&p, "AT");
		for (i = 0; i < 300; i++)
			high += (reply[i] & 0x80) != 0;
		is_int((long long)high, 300, "300 garbage bytes on command 2");
		is_str(reply + 300, "\r\nOK\r\n", "then the answer");
		sim_stop(&p);
	}
}

static void test_scenario_file(void)
{
	char path[4300], cmd[16384], out[256] = "";
	const char *const extra[] = { "--scenario", path, "-s", "cmee=2",
				      NULL };
	struct sim_proc p;
	FILE *f;
	int status;

	snprintf(path, sizeof(path), "%s/scenario", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs("# a comment\n\nidentity=quectel\n  echo=0\ncmee=1\n", f);
	fclose(f);
	if (sim_start(&p, extra)) {
		is_str(at(&p, "AT+CGMI"), "\r\nQuectel\r\n\r\nOK\r\n",
		       "scenario file applied");
		is_str(at(&p, "AT+CMEE?"), "\r\n+CMEE: 2\r\n\r\nOK\r\n",
		       "-s after --scenario overrides it");
		is_str(at(&p, "AT+CGAUTH=1,1,\"u\",\"p\""), "\r\nOK\r\n",
		       "CGAUTH accepted");
		is_str(at(&p, "AT+CGAUTH?"),
		       "\r\n+CGAUTH: 1,1,\"u\"\r\n\r\nOK\r\n",
		       "CGAUTH read back");
		is_str(at(&p, "AT$QCPDPP=1,3,\"p\",\"u\""), "\r\nERROR\r\n",
		       "no $QCPDPP outside the AM Telecom dialect");
		sim_stop(&p);
	}
	f = fopen(path, "w");
	if (!f)
		return;
	fputs("echo=0\nreg=12\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s --link %s --scenario %s 2>&1", sim_path,
		 link_path, path);
	f = popen(cmd, "r");
	if (!f)
		return;
	if (!fgets(out, sizeof(out), f))
		out[0] = '\0';
	status = pclose(f);
	out[strcspn(out, "\n")] = '\0';
	ok(strstr(out, "/scenario:2: bad value for 'reg': '12'") != NULL,
	   "bad scenario line named: %s", out);
	is_int(WEXITSTATUS(status), 2, "exit status 2");
	unlink(path);
}

static void test_bad_usage(void)
{
	char cmd[8400];
	FILE *f;
	char out[256] = "";
	int status;

	snprintf(cmd, sizeof(cmd), "%s --link %s -s nosuch=1 2>&1", sim_path,
		 link_path);
	f = popen(cmd, "r");
	if (!f)
		return;
	if (!fgets(out, sizeof(out), f))
		out[0] = '\0';
	status = pclose(f);
	is_str(out, "modem-sim: unknown scenario key 'nosuch'\n",
	       "unknown key named");
	is_int(WEXITSTATUS(status), 2, "usage error exits 2");
	ok(access(link_path, F_OK) != 0, "no link left behind");
}

int main(void)
{
	const char *top = getenv("top_builddir");

	snprintf(sim_path, sizeof(sim_path), "%s/tests/modem/modem-sim",
		 top ? top : ".");
	if (access(sim_path, X_OK))
		skip_all("%s not built", sim_path);
	snprintf(dir, sizeof(dir), "/tmp/modem-sim-test.XXXXXX");
	if (!mkdtemp(dir))
		skip_all("mkdtemp: %s", strerror(errno));
	snprintf(link_path, sizeof(link_path), "%s/tty", dir);
	snprintf(log_path, sizeof(log_path), "%s/log", dir);
	snprintf(state_path, sizeof(state_path), "%s/state", dir);
	snprintf(link2_path, sizeof(link2_path), "%s/tty2", dir);
	snprintf(sms_path, sizeof(sms_path), "sms_file=%s/sms", dir);
	signal(SIGPIPE, SIG_IGN);

	test_basics();
	test_cmee();
	test_pin_lock();
	test_pin_counters();
	test_busy_and_urcs();
	test_sim_start_and_auth();
	test_registration();
	test_dial();
	test_two_ports();
	test_noise_and_silence();
	test_delay_and_garbage();
	test_scenario_file();
	test_bad_usage();

	reset_files();
	rmdir(dir);
	return tap_done();
}
