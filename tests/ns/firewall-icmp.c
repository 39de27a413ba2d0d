/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * firewall-icmp: sends the ICMP packets tests/ns/firewall-traffic.sh needs
 * and no ordinary tool sends on demand. Root (raw sockets).
 *
 *	firewall-icmp ra IFNAME PREFIX
 *		a Router Advertisement to ff02::1 from IFNAME's link-local
 *		address, hop limit 255, router lifetime 600 s, with PREFIX
 *		(ADDRESS, length 64) on-link and for SLAAC
 *	firewall-icmp frag-needed DST INNER_SRC INNER_DST MTU
 *		an ICMP "fragmentation needed" to DST about a UDP packet
 *		INNER_SRC:40000 -> INNER_DST:443 that was never sent
 *	firewall-icmp too-big DST INNER_SRC INNER_DST MTU
 *		the same as an ICMPv6 "packet too big"
 *
 * The errors are the spoofed kind: they describe no connection, so
 * conntrack must call them invalid. Exit status: 0 sent, 1 failed (the
 * reason on stderr), 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* RFC 1071, over an even number of bytes. */
static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int parse_addr(int family, const char *s, void *addr)
{
	if (inet_pton(family, s, addr) == 1)
		return 0;
	fprintf(stderr, "firewall-icmp: bad IPv%c address '%s'\n",
		family == AF_INET ? '4' : '6', s);
	return -EINVAL;
}

static int send_to(int fd, const void *buf, size_t len,
		   const struct sockaddr *to, socklen_t tolen)
{
	int r = 0;

	if (sendto(fd, buf, len, 0, to, tolen) != (ssize_t)len) {
		r = -errno;
		perror("firewall-icmp: sendto");
	}
	return r;
}

/* DST, INNER_SRC, INNER_DST of an error's command line. */
static int parse_error_addrs(int family, char **argv, void *dst,
			     void *inner_src, void *inner_dst)
{
	int r = parse_addr(family, argv[0], dst);

	if (!r)
		r = parse_addr(family, argv[1], inner_src);
	if (!r)
		r = parse_addr(family, argv[2], inner_dst);
	return r;
}

/* One packet on a fresh raw socket of PROTO. */
static int send_raw(int family, int proto, const void *buf, size_t len,
		    const struct sockaddr *to, socklen_t tolen)
{
	int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, proto), r;

	if (fd < 0) {
		r = -errno;
		perror("firewall-icmp: socket");
		return r;
	}
	r = send_to(fd, buf, len, to, tolen);
	close(fd);
	return r;
}

/* The inner packet's UDP header: ports only, as in an ICMP error. */
static void put_udp(struct udphdr *udp, uint16_t len)
{
	udp->source = htons(40000);
	udp->dest = htons(443);
	udp->len = htons(len);
	udp->check = 0;
}

static int frag_needed(char **argv)
{
	struct {
		struct icmphdr icmp;
		struct iphdr ip;
		struct udphdr udp;
	} pkt;
	struct sockaddr_in to = { .sin_family = AF_INET };

	memset(&pkt, 0, sizeof(pkt));
	if (parse_error_addrs(AF_INET, argv, &to.sin_addr, &pkt.ip.saddr,
			      &pkt.ip.daddr) < 0)
		return -EINVAL;
	pkt.icmp.type = ICMP_DEST_UNREACH;
	pkt.icmp.code = ICMP_FRAG_NEEDED;
	pkt.icmp.un.frag.mtu = htons((uint16_t)atoi(argv[3]));
	pkt.ip.version = 4;
	pkt.ip.ihl = 5;
	pkt.ip.tot_len = htons(1400);
	pkt.ip.frag_off = htons(IP_DF);
	pkt.ip.ttl = 64;
	pkt.ip.protocol = IPPROTO_UDP;
	pkt.ip.check = checksum(&pkt.ip, sizeof(pkt.ip));
	put_udp(&pkt.udp, 1380);
	pkt.icmp.checksum = checksum(&pkt, sizeof(pkt));

	return send_raw(AF_INET, IPPROTO_ICMP, &pkt, sizeof(pkt),
			(struct sockaddr *)&to, sizeof(to));
}

static int too_big(char **argv)
{
	struct {
		struct icmp6_hdr icmp;
		struct ip6_hdr ip;
		struct udphdr udp;
	} pkt;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };

	memset(&pkt, 0, sizeof(pkt));
	if (parse_error_addrs(AF_INET6, argv, &to.sin6_addr, &pkt.ip.ip6_src,
			      &pkt.ip.ip6_dst) < 0)
		return -EINVAL;
	pkt.icmp.icmp6_type = ICMP6_PACKET_TOO_BIG;
	pkt.icmp.icmp6_mtu = htonl((uint32_t)atoi(argv[3]));
	pkt.ip.ip6_flow = htonl(6u << 28);
	pkt.ip.ip6_plen = htons(1360);
	pkt.ip.ip6_nxt = IPPROTO_UDP;
	pkt.ip.ip6_hlim = 64;
	put_udp(&pkt.udp, 1360);

	/* The kernel computes the ICMPv6 checksum (RFC 3542 3.1). */
	return send_raw(AF_INET6, IPPROTO_ICMPV6, &pkt, sizeof(pkt),
			(struct sockaddr *)&to, sizeof(to));
}

/* IFNAME's link-local address: routers advertise from it (RFC 4861 4.2). */
static int link_local(const char *ifname, struct sockaddr_in6 *sa)
{
	struct ifaddrs *ifa, *i;
	int r = -EADDRNOTAVAIL;

	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i; i = i->ifa_next) {
		const struct sockaddr_in6 *a = (void *)i->ifa_addr;

		if (a && a->sin6_family == AF_INET6 &&
		    strcmp(i->ifa_name, ifname) == 0 &&
		    IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr)) {
			*sa = *a;
			r = 0;
			break;
		}
	}
	freeifaddrs(ifa);
	if (r < 0)
		fprintf(stderr, "firewall-icmp: %s has no link-local address\n",
			ifname);
	return r;
}

static int router_advert(char **argv)
{
	struct {
		struct nd_router_advert ra;
		struct nd_opt_prefix_info pio;
	} pkt;
	struct sockaddr_in6 from, to = { .sin6_family = AF_INET6 };
	unsigned int ifindex = if_nametoindex(argv[0]);
	int hops = 255, fd, r;

	if (!ifindex) {
		r = -errno;
		fprintf(stderr, "firewall-icmp: %s: %s\n", argv[0],
			strerror(-r));
		return r;
	}
	memset(&pkt, 0, sizeof(pkt));
	r = link_local(argv[0], &from);
	if (!r)
		r = parse_addr(AF_INET6, argv[1], &pkt.pio.nd_opt_pi_prefix);
	if (!r)
		r = parse_addr(AF_INET6, "ff02::1", &to.sin6_addr);
	if (r < 0)
		return r;
	to.sin6_scope_id = ifindex;
	pkt.ra.nd_ra_type = ND_ROUTER_ADVERT;
	pkt.ra.nd_ra_curhoplimit = 64;
	pkt.ra.nd_ra_router_lifetime = htons(600);
	pkt.pio.nd_opt_pi_type = ND_OPT_PREFIX_INFORMATION;
	pkt.pio.nd_opt_pi_len = sizeof(pkt.pio) / 8;
	pkt.pio.nd_opt_pi_prefix_len = 64;
	pkt.pio.nd_opt_pi_flags_reserved =
	    ND_OPT_PI_FLAG_ONLINK | ND_OPT_PI_FLAG_AUTO;
	pkt.pio.nd_opt_pi_valid_time = htonl(86400);
	pkt.pio.nd_opt_pi_preferred_time = htonl(14400);

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (fd < 0) {
		r = -errno;
		perror("firewall-icmp: socket");
		return r;
	}
	/* bind() fails while the address is tentative: no silent :: source. */
	if (bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex,
		       sizeof(ifindex)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
		       sizeof(hops)) < 0) {
		r = -errno;
		perror("firewall-icmp: bind/setsockopt");
	} else {
		r = send_to(fd, &pkt, sizeof(pkt), (struct sockaddr *)&to,
			    sizeof(to));
	}
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	int r;

	if (argc == 4 && strcmp(argv[1], "ra") == 0)
		r = router_advert(argv + 2);
	else if (argc == 6 && strcmp(argv[1], "frag-needed") == 0)
		r = frag_needed(argv + 2);
	else if (argc == 6 && strcmp(argv[1], "too-big") == 0)
		r = too_big(argv + 2);
	else {
		fputs("usage: firewall-icmp ra IFNAME PREFIX\n"
		      "       firewall-icmp frag-needed|too-big DST INNER_SRC "
		      "INNER_DST MTU\n",
		      stderr);
		return 2;
	}
	return r < 0 ? 1 : 0;
}
