/*
 * addr.c — address classes for the SSRF policy. Tables of (prefix, length, name) keep the
 * policy readable and the unit test can walk every row's edges.
 */
#include "fetch/addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

struct v4_net {
	uint32_t net;
	int bits;
	const char *what;
};

static const struct v4_net v4_refused[] = {
	{ 0x00000000u, 8, "an unspecified (0.0.0.0/8) address" },
	{ 0x0a000000u, 8, "a private (10/8) address" },
	{ 0x64400000u, 10, "a carrier-grade NAT (100.64/10) address" },
	{ 0x7f000000u, 8, "a loopback address" },
	{ 0xa9fe0000u, 16, "a link-local or cloud-metadata (169.254/16) address" },
	{ 0xac100000u, 12, "a private (172.16/12) address" },
	{ 0xc0000000u, 24, "an IETF-reserved (192.0.0/24) address" },
	{ 0xc0a80000u, 16, "a private (192.168/16) address" },
	{ 0xc6120000u, 15, "a benchmarking (198.18/15) address" },
	{ 0xe0000000u, 4, "a multicast address" },
	{ 0xf0000000u, 4, "a reserved (240/4) or broadcast address" },
};

const char *fetch_addr_v4_class(uint32_t a)
{
	for (size_t i = 0; i < sizeof v4_refused / sizeof *v4_refused; i++) {
		uint32_t mask = 0xffffffffu << (32 - v4_refused[i].bits);
		if ((a & mask) == v4_refused[i].net)
			return v4_refused[i].what;
	}
	return NULL;
}

static uint32_t v4_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* IPv6 forms that carry an IPv4 address: judge them by it, so ::ffff:127.0.0.1 is loopback. */
static const char *v6_embedded(const unsigned char a[16], int *found)
{
	static const unsigned char nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
	*found = 1;
	if (all_zero(a, 10) && a[10] == 0xff && a[11] == 0xff)
		return fetch_addr_v4_class(v4_at(a + 12));
	if (all_zero(a, 12))      /* ::a.b.c.d (IPv4-compatible); :: and ::1 are handled first */
		return fetch_addr_v4_class(v4_at(a + 12));
	if (memcmp(a, nat64, 12) == 0)
		return fetch_addr_v4_class(v4_at(a + 12));
	if (a[0] == 0x20 && a[1] == 0x02)
		return fetch_addr_v4_class(v4_at(a + 2));
	*found = 0;
	return NULL;
}

const char *fetch_addr_v6_class(const unsigned char a[16])
{
	int embedded;
	const char *r;
	if (all_zero(a, 15) && a[15] == 0)
		return "an unspecified (::) address";
	if (all_zero(a, 15) && a[15] == 1)
		return "a loopback address";
	r = v6_embedded(a, &embedded);
	if (embedded)
		return r;
	if ((a[0] & 0xfe) == 0xfc)
		return "a unique-local (fc00::/7) address";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "a link-local (fe80::/10) address";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "a site-local (fec0::/10) address";
	if (a[0] == 0xff)
		return "a multicast address";
	return NULL;
}

const char *fetch_addr_class(const struct sockaddr *sa, socklen_t len)
{
	if (!sa)
		return "an unknown address";
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return fetch_addr_v4_class(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		return fetch_addr_v6_class(in6->sin6_addr.s6_addr);
	}
	return "a non-IP address";
}

const char *fetch_addr_text_class(const char *ip)
{
	struct in_addr v4;
	struct in6_addr v6;
	if (ip && inet_pton(AF_INET, ip, &v4) == 1)
		return fetch_addr_v4_class(ntohl(v4.s_addr));
	if (ip && inet_pton(AF_INET6, ip, &v6) == 1)
		return fetch_addr_v6_class(v6.s6_addr);
	return "an unparsable address";
}
