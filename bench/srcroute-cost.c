/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srcroute-cost: what putting source routing in place costs at ip-up (and
 * taking it away at ip-down), ltepi against the script users run today, as
 * the main routing table and the rule list grow.
 *
 *	srcroute-cost [-n RUNS] [-r RULES,...] SEED_DIR ROUTES...
 *
 * ROUTES in increasing order (each size adds to the previous one), RULES
 * (default 10) foreign rules measured at every size, RUNS (default 21)
 * up+down pairs per method and size.
 *
 * Three ways, timed from this process in the same netns, taking turns
 * within every run, so that each comparison is made under the same
 * conditions:
 *
 *	ltepi	srcroute_ipv4_up()/_down() in-process: what the plugin's ip-up
 *		and ip-down notifiers do inside pppd
 *	ip	the seed script (SEED_DIR/ip-up.d-srcroute) run by /bin/sh:
 *		one shell and two ip(8) processes
 *	ip-up	Debian's /etc/ppp/ip-up with ip-up.d holding only the seed
 *		script, forked as pppd forks it: shell, run-parts, shell, ip, ip
 *	floor	the same route and rule as ltepi's, as two netlink messages
 *		built in advance and sent in one sendmsg() on a socket opened
 *		in advance, then one non-blocking recv() for an error: what
 *		the kernel's work alone costs under the same conditions, the
 *		lower bound any implementation pays
 *
 * Everything happens in a private network and mount namespace: a tun device
 * named ppp0 (kept open, so it has carrier as a PPP unit has) stands in for
 * the link, a veth lan0 carries the ROUTES host routes loaded with
 * "ip -batch", RULES foreign rules sit around ours, and /etc/ppp/ip-up.d and
 * ip-down.d are bind-mounted over with directories holding just the seed
 * scripts. The host is never touched.
 *
 * Every run is checked: after an up exactly one rule and one route are in
 * table 200, after a down none, so a failing command cannot pass for a fast
 * one. Output, one CSV line per size, method and phase:
 *
 *	routes,rules,method,phase,median_us,min_us,max_us,runs
 *
 * Exit status: 0; 77 when it cannot run here (reason on stdout); 99 when
 * setup or a method failed (message on stderr); 2 on a usage error.
 */
#define _GNU_SOURCE /* unshare() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/fib_rules.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "options.h"
#include "srcroute.h"

#define TABLE	  200
#define PRIORITY  1000
#define IFNAME	  "ppp0"
#define LOCAL	  "100.64.0.2"
#define REMOTE	  "100.64.0.1"
#define MAX_RUNS  1001
#define MAX_SIZES 16

/* Exit statuses, as the test protocol reads them. */
#define EXIT_SKIP 77
#define EXIT_HARD 99

enum phase { PHASE_UP, PHASE_DOWN, PHASES };

static const char *const phase_names[PHASES] = { "up", "down" };

/* One way of installing and removing the routing; returns 0 or -errno. */
struct method {
	const char *name;
	int (*run)(enum phase phase);
};

static struct srcroute *sr;
static struct in_addr local_addr;
static int floor_fd = -1;
static unsigned int floor_ifindex, floor_seq;
static char seed_dir[4096];
static char tmp_dir[] = "/tmp/ltepi-bench-XXXXXX";

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt,
								...)
{
	va_list ap;

	fprintf(stderr, "srcroute-cost: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_HARD);
}

/* Setup commands; any failure makes the measurement meaningless. */
__attribute__((format(printf, 1, 2))) static void sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		die("setup command failed: %s", cmd);
}

/* Lines a command prints (the check after each run). */
static long count_lines(const char *cmd)
{
	char line[512];
	long n = 0;
	FILE *p = popen(cmd, "r");

	if (!p)
		die("popen %s: %s", cmd, strerror(errno));
	while (fgets(line, sizeof(line), p))
		n++;
	pclose(p);
	return n;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* fork + execv + wait, as pppd's run_program does; -EIO if it failed. */
static int run_program(const char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* execv() takes char *const[] for history's sake only. */
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

static int method_ltepi(enum phase phase)
{
	return phase == PHASE_UP ? srcroute_ipv4_up(sr, IFNAME, local_addr)
				 : srcroute_ipv4_down(sr);
}

/* One rtnetlink message with room for the attributes the floor uses. */
struct floor_msg {
	struct nlmsghdr nh;
	union {
		struct rtmsg rt;
		struct fib_rule_hdr rule;
	};
	char attrs[64];
};

static void floor_attr_u32(struct floor_msg *m, unsigned short type, uint32_t v)
{
	struct rtattr *a =
	    (struct rtattr *)((char *)m + NLMSG_ALIGN(m->nh.nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(sizeof(v));
	memcpy(RTA_DATA(a), &v, sizeof(v));
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* "default dev ppp0 table 200" (RTM_NEWROUTE or RTM_DELROUTE). */
static void floor_route(struct floor_msg *m, unsigned short type,
			unsigned short flags)
{
	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(sizeof(m->rt));
	m->nh.nlmsg_type = type;
	m->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->nh.nlmsg_seq = ++floor_seq;
	m->rt.rtm_family = AF_INET;
	m->rt.rtm_table = RT_TABLE_UNSPEC;
	m->rt.rtm_protocol = RTPROT_BOOT;
	m->rt.rtm_scope = RT_SCOPE_LINK;
	m->rt.rtm_type = RTN_UNICAST;
	floor_attr_u32(m, RTA_TABLE, TABLE);
	floor_attr_u32(m, RTA_OIF, floor_ifindex);
}

/* "from LOCAL lookup 200 priority 1000" (RTM_NEWRULE or RTM_DELRULE). */
static void floor_rule(struct floor_msg *m, unsigned short type,
		       unsigned short flags)
{
	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(sizeof(m->rule));
	m->nh.nlmsg_type = type;
	m->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->nh.nlmsg_seq = ++floor_seq;
	m->rule.family = AF_INET;
	m->rule.src_len = 32;
	m->rule.action = FR_ACT_TO_TBL;
	floor_attr_u32(m, FRA_SRC, local_addr.s_addr);
	floor_attr_u32(m, FRA_PRIORITY, PRIORITY);
	floor_attr_u32(m, FRA_TABLE, TABLE);
}

static void floor_open(void)
{
	floor_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (floor_fd < 0)
		die("netlink socket: %s", strerror(errno));
	floor_ifindex = if_nametoindex(IFNAME);
	if (!floor_ifindex)
		die("%s: %s", IFNAME, strerror(errno));
}

/*
 * The messages are built before the clock starts in a real notifier too
 * could be; here they are built inside the timed call, which costs tens of
 * nanoseconds. No ACK is asked for: the kernel answers only an error.
 */
static int method_floor(enum phase phase)
{
	struct floor_msg m[2];
	struct iovec iov[2];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr mh = { .msg_name = &kernel,
			     .msg_namelen = sizeof(kernel),
			     .msg_iov = iov,
			     .msg_iovlen = 2 };
	char answer[1024];
	ssize_t n;

	if (phase == PHASE_UP) {
		floor_route(&m[0], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
		floor_rule(&m[1], RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL);
	} else {
		floor_rule(&m[0], RTM_DELRULE, 0);
		floor_route(&m[1], RTM_DELROUTE, 0);
	}
	for (int i = 0; i < 2; i++)
		iov[i] = (struct iovec){ .iov_base = &m[i],
					 .iov_len = m[i].nh.nlmsg_len };
	if (sendmsg(floor_fd, &mh, 0) < 0)
		return -errno;
	n = recv(floor_fd, answer, sizeof(answer), MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)answer;
		const struct nlmsgerr *e = NLMSG_DATA(h);

		if (h->nlmsg_type == NLMSG_ERROR && e->error)
			return e->error;
	}
	return 0;
}

static int method_ip(enum phase phase)
{
	char script[sizeof(seed_dir) + 32];
	const char *const argv[] = { "/bin/sh", script, NULL };

	snprintf(script, sizeof(script), "%s/ip-%s.d-srcroute", seed_dir,
		 phase_names[phase]);
	return run_program(argv);
}

static int method_ipup(enum phase phase)
{
	/* pppd's arguments: interface tty speed local remote ipparam */
	const char *const up[] = { "/etc/ppp/ip-up", IFNAME, "/dev/ttyUSB2",
				   "115200",	     LOCAL,  REMOTE,
				   "bench",	     NULL };
	const char *const down[] = { "/etc/ppp/ip-down",
				     IFNAME,
				     "/dev/ttyUSB2",
				     "115200",
				     LOCAL,
				     REMOTE,
				     "bench",
				     NULL };

	return run_program(phase == PHASE_UP ? up : down);
}

static const struct method methods[] = {
	{ "ltepi", method_ltepi },
	{ "ip", method_ip },
	{ "ip-up", method_ipup },
	{ "floor", method_floor },
};

/* The kernel state after a phase, read back with ip(8). */
static void check_state(const struct method *m, enum phase phase)
{
	long want = phase == PHASE_UP ? 1 : 0;
	long rules = count_lines("ip -4 rule show table 200");
	long routes = count_lines("ip -4 route show table 200");

	if (rules != want || routes != want)
		die("%s %s left %ld rule(s) and %ld route(s) in table %d, "
		    "want %ld",
		    m->name, phase_names[phase], rules, routes, TABLE, want);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

#define N_METHODS (sizeof(methods) / sizeof(methods[0]))

/* One up and one down of method m, timed and checked; ns into t[]. */
static void time_cycle(const struct method *m, long long t[PHASES])
{
	enum phase p;
	int r;

	for (p = PHASE_UP; p < PHASES; p++) {
		long long t0 = now_ns();

		r = m->run(p);
		t[p] = now_ns() - t0;
		if (r < 0)
			die("%s %s failed: %s", m->name, phase_names[p],
			    m->run == method_ltepi ? srcroute_errmsg(sr)
						   : strerror(-r));
		check_state(m, p);
	}
}

static void print_stats(const struct method *m, enum phase p, long routes,
			long rules, long long *t, int runs)
{
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_ll);
	printf("%ld,%ld,%s,%s,%.1f,%.1f,%.1f,%d\n", routes, rules, m->name,
	       phase_names[p], t[runs / 2] / 1e3, t[0] / 1e3, t[runs - 1] / 1e3,
	       runs);
}

/*
 * The methods take turns within every run (ltepi, ip, ip-up, ltepi, ...),
 * so that a burst of load from elsewhere hits them alike instead of
 * skewing whichever method's block it fell into.
 */
static void measure_all(long routes, long rules, int runs)
{
	static long long t[N_METHODS][PHASES][MAX_RUNS];
	long long cycle[PHASES];
	size_t m;
	enum phase p;
	int i;

	fprintf(stderr, "# %ld routes, %ld foreign rules\n", routes, rules);
	for (i = 0; i < runs; i++)
		for (m = 0; m < N_METHODS; m++) {
			time_cycle(&methods[m], cycle);
			for (p = PHASE_UP; p < PHASES; p++)
				t[m][p][i] = cycle[p];
		}
	for (m = 0; m < N_METHODS; m++)
		for (p = PHASE_UP; p < PHASES; p++)
			print_stats(&methods[m], p, routes, rules, t[m][p],
				    runs);
	fflush(stdout);
}

/* Batch-loads "ip -batch" lines made by line(i, buf) for i in [from, to). */
static void ip_batch(long from, long to,
		     void (*line)(long i, char *buf, size_t len))
{
	char path[sizeof(tmp_dir) + 16], buf[128];
	FILE *f;
	long i;

	if (from >= to)
		return;
	snprintf(path, sizeof(path), "%s/batch", tmp_dir);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	for (i = from; i < to; i++) {
		line(i, buf, sizeof(buf));
		fputs(buf, f);
	}
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	sh("ip -batch %s", path);
}

/* Host routes 10.x.y.z dev lan0: the shape of a full-ish routing table. */
static void route_line(long i, char *buf, size_t len)
{
	snprintf(buf, len, "route add 10.%ld.%ld.%ld dev lan0\n",
		 (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
}

/* Someone else's rules (VPN, containers), around ours in priority. */
static void rule_line(long i, char *buf, size_t len)
{
	snprintf(buf, len, "rule add from 172.16.%ld.%ld table 300 prio %ld\n",
		 (i >> 8) & 0xff, i & 0xff, 500 + i);
}

static void rule_del_line(long i, char *buf, size_t len)
{
	snprintf(buf, len, "rule del from 172.16.%ld.%ld table 300 prio %ld\n",
		 (i >> 8) & 0xff, i & 0xff, 500 + i);
}

/* A tun device with carrier standing in for the PPP unit; fd kept open. */
static void ppp_link_up(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die("open /dev/net/tun: %s", strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", IFNAME);
	if (ioctl(fd, TUNSETIFF, &ifr) != 0)
		die("TUNSETIFF: %s", strerror(errno));
	sh("ip link set lo up && ip link set " IFNAME " up && "
	   "ip addr add " LOCAL " peer " REMOTE " dev " IFNAME " && "
	   "ip link add lan0 type veth peer name lan1 && ip link set lan1 up "
	   "&& "
	   "ip link set lan0 up && "
	   "ip addr add 192.168.50.2/24 dev lan0 && "
	   "ip route add default via 192.168.50.1");
}

/*
 * /etc/ppp/ip-{up,down}.d replaced, in this mount namespace only, by
 * directories holding just the seed script (run-parts skips names with a
 * dot, hence the plain name).
 */
static void seed_hooks(void)
{
	const char *phase;
	int i;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		die("make / private: %s", strerror(errno));
	for (i = 0; i < PHASES; i++) {
		phase = phase_names[i];
		sh("mkdir %s/ip-%s.d && cp %s/ip-%s.d-srcroute "
		   "%s/ip-%s.d/srcroute && mount --bind %s/ip-%s.d "
		   "/etc/ppp/ip-%s.d",
		   tmp_dir, phase, seed_dir, phase, tmp_dir, phase, tmp_dir,
		   phase, phase);
	}
}

static struct srcroute *srcroute_for_table(void)
{
	struct ltepi_conf conf;
	char err[LTEPI_ERRLEN];
	struct srcroute *s;

	options_init(&conf);
	conf.srcroute = true;
	conf.srcroute_table = TABLE;
	conf.srcroute_priority = PRIORITY;
	if (options_finish(&conf, err, sizeof(err)) != 0)
		die("options: %s", err);
	s = srcroute_new(&conf);
	if (!s)
		die("srcroute_new: %s", strerror(errno));
	if (srcroute_sweep(s) != 0)
		die("sweep: %s", srcroute_errmsg(s));
	return s;
}

static void skip_unless_possible(void)
{
	if (geteuid() != 0) {
		printf("SKIP: needs root for network namespaces\n");
		exit(EXIT_SKIP);
	}
	if (access("/dev/net/tun", R_OK | W_OK) != 0) {
		printf("SKIP: no /dev/net/tun\n");
		exit(EXIT_SKIP);
	}
	if (access("/etc/ppp/ip-up", X_OK) != 0 ||
	    access("/etc/ppp/ip-up.d", F_OK) != 0) {
		printf("SKIP: no Debian /etc/ppp/ip-up (package ppp)\n");
		exit(EXIT_SKIP);
	}
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) {
		printf("SKIP: cannot create a network namespace: %s\n",
		       strerror(errno));
		exit(EXIT_SKIP);
	}
}

static long parse_count(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || (*end && *end != ',') || v < 0 || v > max)
		die("bad count '%s' (0..%ld)", s, max);
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: srcroute-cost [-n RUNS] [-r RULES,...] "
			"SEED_DIR ROUTES...\n");
	exit(2);
}

static void cleanup(void)
{
	char cmd[sizeof(tmp_dir) + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "srcroute-cost: could not remove %s\n",
			tmp_dir);
}

/* "10,1000": comma-separated counts into v[], at most MAX_SIZES. */
static size_t parse_counts(const char *list, long max, long v[MAX_SIZES])
{
	const char *s = list;
	size_t n = 0;

	do {
		if (n == MAX_SIZES)
			die("more than %d counts in '%s'", MAX_SIZES, list);
		v[n++] = parse_count(s, max);
		s = strchr(s, ',');
	} while (s && *s++ == ',');
	return n;
}

/* Rules from `from` to `to` foreign rules, added or deleted in one batch. */
static void set_foreign_rules(long from, long to)
{
	ip_batch(from, to, rule_line);
	ip_batch(to, from, rule_del_line);
}

int main(int argc, char **argv)
{
	long rules[MAX_SIZES] = { 10 }, loaded = 0, foreign = 0, routes;
	size_t n_rules = 1, k;
	int runs = 21, opt, i;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		switch (opt) {
		case 'n':
			runs = (int)parse_count(optarg, MAX_RUNS);
			break;
		case 'r':
			n_rules = parse_counts(optarg, 60000, rules);
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2 || runs < 1)
		usage();
	if (!realpath(argv[optind], seed_dir))
		die("%s: %s", argv[optind], strerror(errno));
	skip_unless_possible();
	if (!mkdtemp(tmp_dir))
		die("mkdtemp: %s", strerror(errno));
	atexit(cleanup);
	seed_hooks();
	ppp_link_up();
	if (inet_pton(AF_INET, LOCAL, &local_addr) != 1)
		die("bad address " LOCAL);
	sr = srcroute_for_table();
	/* as the plugin does when pppd enters the network phase */
	if (srcroute_prepare(sr, IFNAME) != 0)
		die("srcroute_prepare %s failed", IFNAME);
	floor_open();
	/* What Debian's ip-up exports to the ip-up.d scripts it runs. */
	if (setenv("PPP_IFACE", IFNAME, 1) || setenv("PPP_LOCAL", LOCAL, 1))
		die("setenv: %s", strerror(errno));

	printf("routes,rules,method,phase,median_us,min_us,max_us,runs\n");
	for (i = optind + 1; i < argc; i++) {
		routes = parse_count(argv[i], 1 << 24);
		if (routes < loaded)
			die("route counts must grow: %ld after %ld", routes,
			    loaded);
		ip_batch(loaded, routes, route_line);
		loaded = routes;
		for (k = 0; k < n_rules; k++) {
			set_foreign_rules(foreign, rules[k]);
			foreign = rules[k];
			measure_all(routes, foreign, runs);
		}
	}
	srcroute_free(sr);
	return 0;
}
