/* cksum.c - Internet checksum helpers shared by UDP, TCP, ICMP, ICMPv6
 * (RFC 1071; pseudo-headers of RFC 768, RFC 9293 s. 3.1, RFC 8200 s. 8.1). */
#include <stddef.h>
#include <stdint.h>

#include "cksum.h"
#include "dissect.h"
#include "textbuf.h"

const struct layer *
cksum_enclosing_ip(const struct dctx *ctx)
{
	unsigned i = ctx->cur_layer;

	while (i-- > 0) {
		const struct layer *l = &ctx->pkt->layers[i];

		if (l->proto == PROTO_IPV4 || l->proto == PROTO_IPV6)
			return l;
	}
	return NULL;
}

int
cksum_ip_partial(const struct layer *ip)
{
	if (ip == NULL)
		return 0;
	if (ip->proto == PROTO_IPV4)
		return ip->u.ipv4.fragment && !ip->u.ipv4.reassembled &&
		    (ip->u.ipv4.mf || ip->u.ipv4.frag_off != 0);
	/* an atomic fragment (offset 0, M 0) is the whole datagram */
	return ip->u.ipv6.fragment && !ip->u.ipv6.reassembled &&
	    (ip->u.ipv6.mf || ip->u.ipv6.frag_off != 0);
}

uint64_t
cksum_add(const uint8_t *p, size_t n, uint64_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

uint16_t
cksum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

int
cksum_pseudo(const struct layer *ip, unsigned proto, uint32_t len,
    uint64_t *sum)
{
	const struct ipv4_info *v4;
	const struct ipv6_info *v6;
	unsigned i;

	if (ip == NULL)
		return 0;
	if (ip->proto == PROTO_IPV4) {
		v4 = &ip->u.ipv4;
		if (v4->has_options)	/* source route: final dst unknown */
			return 0;
		*sum += (v4->src >> 16) + (v4->src & 0xffff) +
		    (v4->dst >> 16) + (v4->dst & 0xffff) + proto +
		    (len >> 16) + (len & 0xffff);
		return 1;
	}
	v6 = &ip->u.ipv6;
	for (i = 0; i < v6->next_ext && i < IPV6_MAX_EXT; i++)
		if (v6->ext[i] == 43)	/* Routing header: final dst unknown */
			return 0;
	*sum = cksum_add(v6->src, 16, *sum);
	*sum = cksum_add(v6->dst, 16, *sum);
	*sum += (len >> 16) + (len & 0xffff) + proto;
	return 1;
}

void
cksum_status_text(struct textbuf *tb, unsigned status, uint16_t calc)
{
	switch (status) {
	case L4CK_GOOD:
		tb_puts(tb, " [correct]");
		break;
	case L4CK_BAD:
		tb_printf(tb, " [incorrect, should be 0x%04x]", calc);
		break;
	case L4CK_NONE:
		tb_puts(tb, " [none]");
		break;
	default:
		tb_puts(tb, " [unverified]");
		break;
	}
}
