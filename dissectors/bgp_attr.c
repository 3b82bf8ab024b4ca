/* bgp_attr.c - BGP UPDATE: path attributes and NLRI (RFC 4271 §4.3, 4760, 6793, 7911, 8277, 4364, 4659, 7432, 1997, 4360, 8092, 7311, 9234, 7606).
 *
 * The AS number width and ADD-PATH come from the connection's two OPENs
 * when both were captured; otherwise bgp_update_dissect() guesses them from
 * the message (the layer says so).  Every list is walked through a child
 * cursor bounded by its own length, and every loop by the bytes it eats.
 */
#include <string.h>

#include "bgp_walk.h"

#define MAX_LABELS	16

static const struct tok attr_names[] = {
	{ 1, "ORIGIN" }, { 2, "AS_PATH" }, { 3, "NEXT_HOP" },
	{ 4, "MULTI_EXIT_DISC" }, { 5, "LOCAL_PREF" },
	{ 6, "ATOMIC_AGGREGATE" }, { 7, "AGGREGATOR" }, { 8, "COMMUNITIES" },
	{ 9, "ORIGINATOR_ID" }, { 10, "CLUSTER_LIST" },
	{ 11, "DPA (deprecated)" }, { 12, "ADVERTISER (deprecated)" },
	{ 13, "RCID_PATH (deprecated)" }, { 14, "MP_REACH_NLRI" },
	{ 15, "MP_UNREACH_NLRI" }, { 16, "EXTENDED_COMMUNITIES" },
	{ 17, "AS4_PATH" }, { 18, "AS4_AGGREGATOR" },
	{ 19, "SAFI Specific Attribute (deprecated)" },
	{ 20, "Connector (deprecated)" }, { 21, "AS_PATHLIMIT (deprecated)" },
	{ 22, "PMSI_TUNNEL" }, { 23, "Tunnel Encapsulation" },
	{ 24, "Traffic Engineering" },
	{ 25, "IPv6 Address Specific Extended Community" }, { 26, "AIGP" },
	{ 27, "PE Distinguisher Labels" },
	{ 28, "Entropy Label Capability (deprecated)" }, { 29, "BGP-LS" },
	{ 32, "LARGE_COMMUNITY" }, { 33, "BGPsec_Path" },
	{ 35, "OTC" }, { 36, "D_PATH" }, { 40, "BGP Prefix-SID" },
	{ 128, "ATTR_SET" }, { 0, NULL }
};

static const struct tok origins[] = {
	{ 0, "IGP" }, { 1, "EGP" }, { 2, "INCOMPLETE" }, { 0, NULL }
};

static const struct tok well_known_comm[] = {
	{ 0xFFFF0000u, "GRACEFUL_SHUTDOWN" }, { 0xFFFF0001u, "ACCEPT_OWN" },
	{ 0xFFFF029Au, "BLACKHOLE" }, { 0xFFFFFF01u, "NO_EXPORT" },
	{ 0xFFFFFF02u, "NO_ADVERTISE" }, { 0xFFFFFF03u, "NO_EXPORT_SUBCONFED" },
	{ 0xFFFFFF04u, "NOPEER" }, { 0, NULL }
};

static const struct tok evpn_types[] = {
	{ 1, "Ethernet Auto-Discovery" }, { 2, "MAC/IP Advertisement" },
	{ 3, "Inclusive Multicast Ethernet Tag" }, { 4, "Ethernet Segment" },
	{ 5, "IP Prefix" }, { 6, "Selective Multicast Ethernet Tag" },
	{ 7, "Multicast Join Synch" }, { 8, "Multicast Leave Synch" },
	{ 0, NULL }
};

/* RFC 4271 §5 / the attributes' RFCs: 1 optional, 0 well-known. */
static int
attr_expect(unsigned type, int *opt, int *trans)
{
	switch (type) {
	case 1: case 2: case 3: case 5: case 6:
		*opt = 0; *trans = 1; return 1;
	case 4: case 9: case 10: case 14: case 15: case 26:
		*opt = 1; *trans = 0; return 1;
	case 7: case 8: case 16: case 17: case 18: case 22: case 32: case 35:
		*opt = 1; *trans = 1; return 1;
	}
	return 0;
}

/* ---- NLRI entries ---- */

struct pfx {
	uint32_t	 pathid;
	uint8_t		 has_pathid;
	uint8_t		 bits;		/* prefix bits after labels and RD */
	uint8_t		 addr[16];
	uint8_t		 nlabels;
	uint32_t	 labels[MAX_LABELS];
	uint8_t		 has_rd;
	uint8_t		 rd[8];
	uint8_t		 evtype;	/* EVPN route */
	struct cursor	 ev;
	uint8_t		 raw;		/* family not decoded per prefix */
	const char	*err;		/* why the entry is invalid */
};

static int
fam_plain(uint16_t afi, uint8_t safi)
{
	return (afi == 1 || afi == 2) && (safi == 1 || safi == 2 || safi == 3);
}

static int
fam_labeled(uint16_t afi, uint8_t safi)
{
	return (afi == 1 || afi == 2) && safi == 4;
}

static int
fam_vpn(uint16_t afi, uint8_t safi)
{
	return (afi == 1 || afi == 2) && (safi == 128 || safi == 129);
}

static int
fam_evpn(uint16_t afi, uint8_t safi)
{
	return afi == 25 && safi == 70;
}

static int
fam_known(uint16_t afi, uint8_t safi)
{
	return fam_plain(afi, safi) || fam_labeled(afi, safi) ||
	    fam_vpn(afi, safi) || fam_evpn(afi, safi);
}

/* One NLRI entry; 0, or -1 with p->err (cursor error or bad length). */
static int
nlri_entry(struct cursor *c, uint16_t afi, uint8_t safi, int ap, int wd,
    struct pfx *p)
{
	unsigned bits, maxbits = afi == 2 ? 128 : 32, nb;

	/* Only what is read unconditionally: labels, rd and ev are read only
	 * below nlabels / has_rd / evtype.  A memset of the whole struct was
	 * three quarters of this function when profiled. */
	p->pathid = 0;
	p->has_pathid = 0;
	p->bits = 0;
	memset(p->addr, 0, sizeof(p->addr));
	p->nlabels = 0;
	p->has_rd = 0;
	p->evtype = 0;
	p->raw = 0;
	p->err = NULL;
	if (ap) {
		p->pathid = cur_u32(c);
		p->has_pathid = 1;
	}
	if (fam_evpn(afi, safi)) {
		uint8_t l;

		p->evtype = cur_u8(c);
		l = cur_u8(c);
		p->ev = cur_sub(c, l);
		if (!cur_ok(c)) {
			p->err = "EVPN route runs past the NLRI";
			return -1;
		}
		return 0;
	}
	bits = cur_u8(c);
	if (!cur_ok(c)) {
		p->err = "NLRI entry cut";
		return -1;
	}
	if (fam_labeled(afi, safi) || fam_vpn(afi, safi)) {
		for (;;) {
			uint32_t v;

			if (bits < 24) {
				p->err = "prefix length shorter than its labels";
				return -1;
			}
			v = cur_u24(c);
			bits -= 24;
			if (!cur_ok(c)) {
				p->err = "label cut";
				return -1;
			}
			if (p->nlabels < MAX_LABELS)
				p->labels[p->nlabels++] = v >> 4;
			else {
				p->err = "more labels than " "16";
				return -1;
			}
			/* bottom of stack; withdrawals may carry 0x800000 */
			if ((v & 1) || (wd && (v == 0x800000 || v == 0)))
				break;
		}
		if (fam_vpn(afi, safi)) {
			if (bits < 64) {
				p->err = "prefix length shorter than its RD";
				return -1;
			}
			cur_copy(c, p->rd, 8);
			p->has_rd = 1;
			bits -= 64;
		}
	}
	if (bits > maxbits) {
		p->err = "prefix length longer than the address";
		return -1;
	}
	p->bits = (uint8_t)bits;
	nb = (bits + 7) / 8;
	cur_copy(c, p->addr, nb);
	if (bits % 8)		/* bits past the length are not part of it */
		p->addr[nb - 1] &= (uint8_t)(0xff00u >> (bits % 8));
	if (!cur_ok(c)) {
		p->err = "prefix runs past the NLRI";
		return -1;
	}
	return 0;
}

/* Does the whole list parse with (ap) or without path identifiers? */
static int
nlri_fits(struct cursor c, uint16_t afi, uint8_t safi, int ap, int wd)
{
	struct pfx p;
	unsigned n = 0;

	while (cur_left(&c) > 0 && n++ < 65536)
		if (nlri_entry(&c, afi, safi, ap, wd, &p) < 0)
			return 0;
	return cur_ok(&c);
}

static void
rd_text(struct textbuf *tb, const uint8_t *r)
{
	unsigned t = (unsigned)r[0] << 8 | r[1];

	if (t == 0)
		tb_printf(tb, "%u:%u", (unsigned)r[2] << 8 | r[3],
		    (unsigned)r[4] << 24 | (unsigned)r[5] << 16 |
		    (unsigned)r[6] << 8 | r[7]);
	else if (t == 1)
		tb_printf(tb, "%u.%u.%u.%u:%u", r[2], r[3], r[4], r[5],
		    (unsigned)r[6] << 8 | r[7]);
	else if (t == 2)
		tb_printf(tb, "%u:%u", (unsigned)r[2] << 24 |
		    (unsigned)r[3] << 16 | (unsigned)r[4] << 8 | r[5],
		    (unsigned)r[6] << 8 | r[7]);
	else {
		tb_printf(tb, "type%u:", t);
		tb_hex(tb, r + 2, 6);
	}
}

static void
addr_text(struct textbuf *tb, uint16_t afi, const uint8_t *a)
{
	if (afi == 2)
		tb_ip6(tb, a);
	else
		tb_ip4(tb, (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		    (uint32_t)a[2] << 8 | a[3]);
}

static void
evpn_text(struct textbuf *tb, const struct pfx *p)
{
	struct cursor e = p->ev;
	uint8_t rd[8], esi[10], mac[6], ip[16];
	uint8_t ml, il;

	tb_printf(tb, "evpn%u(", p->evtype);
	if (!cur_copy(&e, rd, 8)) {
		tb_puts(tb, "short)");
		return;
	}
	tb_puts(tb, "rd=");
	rd_text(tb, rd);
	switch (p->evtype) {
	case 1: case 4:
		if (cur_copy(&e, esi, 10)) {
			tb_puts(tb, ",esi=");
			tb_hex(tb, esi, 10);
		}
		break;
	case 2:
		cur_copy(&e, esi, 10);
		cur_u32(&e);
		ml = cur_u8(&e);
		if (ml == 48 && cur_copy(&e, mac, 6)) {
			tb_puts(tb, ",mac=");
			tb_mac(tb, mac);
		}
		il = cur_u8(&e);
		memset(ip, 0, sizeof(ip));
		if ((il == 32 || il == 128) && cur_copy(&e, ip, il / 8)) {
			tb_puts(tb, ",ip=");
			addr_text(tb, il == 128 ? 2 : 1, ip);
		}
		break;
	case 3:
		cur_u32(&e);
		il = cur_u8(&e);
		memset(ip, 0, sizeof(ip));
		if ((il == 32 || il == 128) && cur_copy(&e, ip, il / 8)) {
			tb_puts(tb, ",originator=");
			addr_text(tb, il == 128 ? 2 : 1, ip);
		}
		break;
	case 5: {
		size_t left;

		cur_copy(&e, esi, 10);
		cur_u32(&e);
		il = cur_u8(&e);
		left = cur_left(&e);
		memset(ip, 0, sizeof(ip));
		/* 34 bytes left: IPv4 (4+4+3); 58: IPv6 (16+16+3) */
		if (left == 11 && cur_copy(&e, ip, 4)) {
			tb_puts(tb, ",prefix=");
			addr_text(tb, 1, ip);
			tb_printf(tb, "/%u", il);
		} else if (left == 35 && cur_copy(&e, ip, 16)) {
			tb_puts(tb, ",prefix=");
			addr_text(tb, 2, ip);
			tb_printf(tb, "/%u", il);
		}
		break;
	}
	}
	tb_putc(tb, ')');
}

static void
pfx_text(struct textbuf *tb, uint16_t afi, const struct pfx *p)
{
	int open = 0;
	unsigned i;

	if (p->evtype != 0) {
		evpn_text(tb, p);
	} else {
		addr_text(tb, afi, p->addr);
		tb_printf(tb, "/%u", p->bits);
	}
	if (p->has_rd) {
		tb_puts(tb, "(rd=");
		rd_text(tb, p->rd);
		open = 1;
	}
	for (i = 0; i < p->nlabels; i++) {
		tb_puts(tb, open ? "," : "(");
		tb_printf(tb, "label=%u", p->labels[i]);
		open = 1;
	}
	if (p->has_pathid) {
		tb_puts(tb, open ? "," : "(");
		tb_printf(tb, "path=%u", p->pathid);
		open = 1;
	}
	if (open)
		tb_putc(tb, ')');
}

/*
 * Counting only (no text wanted), plain unicast/multicast without path
 * identifiers: step over whole entries inside the captured bytes without
 * decoding them.  Table dumps are millions of these.  Stops before the
 * first entry that is bad or not wholly captured, so nlri_entry() reports
 * it exactly as it would have.
 */
static unsigned
nlri_count_plain(struct cursor *c, uint16_t afi, unsigned max)
{
	const uint8_t *p = c->base;
	size_t pos = c->pos, end = c->cap < c->lim ? c->cap : c->lim;
	unsigned maxbits = afi == 2 ? 128 : 32, n = 0;

	if (c->err)
		return 0;
	while (pos < end && n < max) {
		unsigned bits = p[pos];
		size_t nb = (bits + 7) / 8;

		if (bits > maxbits || nb >= end - pos)
			break;
		pos += 1 + nb;
		n++;
	}
	c->pos = pos;
	return n;
}

/* A list of NLRI of one family: sign '+' announced, '-' withdrawn. */
static void
nlri_walk(struct bw *w, struct cursor c, uint16_t afi, uint8_t safi,
    char sign, int ind)
{
	const struct bgp_info *b = w->rbi;
	int fi = bgp_fam_index(afi, safi);
	int ap = fi >= 0 && (b->addpath & (1u << fi));
	unsigned n = 0;
	struct pfx p;

	if (!fam_known(afi, safi)) {
		if (cur_left(&c) == 0)
			return;
		if (BW_INFO(w)) {
			tb_printf(w->tb, " %c", sign);
			bgp_fam_text(w->tb, afi, safi);
			tb_printf(w->tb, "[%zu bytes]", cur_left(&c));
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, ind);
			tb_printf(w->tb, "%s ", sign == '+' ? "NLRI" :
			    "Withdrawn");
			bgp_fam_text(w->tb, afi, safi);
			tb_printf(w->tb, " (not decoded per prefix, %zu "
			    "bytes): ", cur_left(&c));
			bw_hex(w->tb, c.base + c.pos, cur_avail(&c), 64);
			bw_eol(w);
		}
		return;
	}
	while (cur_left(&c) > 0 && n < 65536) {
		/* entries nobody will read as text are stepped over: the
		 * dissection's, and an info line's once it has listed
		 * BGP_INFO_MAX_PFX */
		if (!ap && fam_plain(afi, safi) && !BW_DETAIL(w) &&
		    !(BW_INFO(w) && w->nshown < BGP_INFO_MAX_PFX)) {
			unsigned k = nlri_count_plain(&c, afi, 65536 - n);

			if (k > 0) {
				n += k;
				if (w->bi != NULL) {
					if (sign == '+')
						w->bi->nnlri += k;
					else
						w->bi->nwd += k;
					bgp_fam_count_addn(w->bi, afi, safi,
					    sign == '-', k);
				}
				if (BW_INFO(w))
					w->nhidden += k;
				continue;
			}
			/* the next entry is bad or cut: decoded for its error */
		}
		if (nlri_entry(&c, afi, safi, ap, sign == '-', &p) < 0) {
			if (cur_err(&c) == CUR_TRUNCATED)
				bw_anom(w, "bgp.truncated", AK_TRUNCATED,
				    "NLRI cut by the capture");
			else
				bw_anom(w, "bgp.bad_prefix", AK_MALFORMED,
				    "%s (RFC 7606 s.5.3)", p.err);
			bw_line(w, ind, "[%s]", p.err);
			return;
		}
		n++;
		if (w->bi != NULL) {
			if (sign == '+')
				w->bi->nnlri++;
			else
				w->bi->nwd++;
			bgp_fam_count_add(w->bi, afi, safi, sign == '-');
		}
		if (BW_INFO(w)) {
			if (w->nshown < BGP_INFO_MAX_PFX) {
				tb_printf(w->tb, " %c", sign);
				pfx_text(w->tb, afi, &p);
				w->nshown++;
			} else
				w->nhidden++;
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, ind);
			tb_printf(w->tb, "%s ", sign == '+' ? "NLRI" :
			    "Withdrawn");
			pfx_text(w->tb, afi, &p);
			if (p.evtype != 0) {
				tb_puts(w->tb, " ");
				tb_tok(w->tb, evpn_types, p.evtype);
			}
			bw_eol(w);
		}
	}
}

/* ---- AS paths ---- */

static int
aspath_fits(struct cursor v, unsigned width)
{
	unsigned n = 0;

	while (cur_left(&v) > 0 && n++ < 4096) {
		uint8_t t = cur_u8(&v), cnt = cur_u8(&v);

		if (t < 1 || t > 4 || cnt == 0)
			return 0;
		if (!cur_skip(&v, (size_t)cnt * width))
			return 0;
	}
	return cur_ok(&v);
}

/* The path as text into tb (NULL: none), anomalies into w. */
static void
aspath_walk(struct bw *w, struct textbuf *tb, struct cursor v,
    unsigned width)
{
	unsigned n = 0, first = 1;

	while (cur_left(&v) > 0 && n++ < 4096) {
		uint8_t t = cur_u8(&v), cnt = cur_u8(&v), i;
		const char *open = t == 1 ? "{" : t == 3 ? "(" : t == 4 ? "[" :
		    "", *close = t == 1 ? "}" : t == 3 ? ")" : t == 4 ? "]" : "";
		const char *sep = (t == 1 || t == 4) ? "," : " ";

		if (!cur_ok(&v))
			break;
		if (t < 1 || t > 4 || cnt == 0)
			bw_anom(w, "bgp.as_path_segment", AK_MALFORMED,
			    "segment type %u with %u ASes (RFC 7606 s.7.2)", t,
			    cnt);
		if (tb != NULL) {
			if (!first)
				tb_putc(tb, ' ');
			tb_puts(tb, open);
		}
		first = 0;
		for (i = 0; i < cnt; i++) {
			uint32_t as = width == 4 ? cur_u32(&v) : cur_u16(&v);

			if (!cur_ok(&v))
				break;
			if (tb != NULL)
				tb_printf(tb, "%s%u", i ? sep : "", as);
		}
		if (tb != NULL)
			tb_puts(tb, close);
	}
	if (!cur_ok(&v)) {
		bw_anom(w, cur_err(&v) == CUR_TRUNCATED ? "bgp.truncated" :
		    "bgp.as_path_malformed", cur_err(&v) == CUR_TRUNCATED ?
		    AK_TRUNCATED : AK_MALFORMED, "AS path with %u-octet ASes "
		    "runs past its length", width);
		if (tb != NULL)
			tb_puts(tb, "[malformed]");
	}
}

/* ---- communities ---- */

static void
ext_comm_text(struct textbuf *tb, const uint8_t *e)
{
	uint8_t t = e[0], st = e[1];
	uint32_t g4 = (uint32_t)e[2] << 24 | (uint32_t)e[3] << 16 |
	    (uint32_t)e[4] << 8 | e[5];
	uint32_t l4 = (uint32_t)e[4] << 24 | (uint32_t)e[5] << 16 |
	    (uint32_t)e[6] << 8 | e[7];
	uint16_t g2 = (uint16_t)(e[2] << 8 | e[3]), l2 = (uint16_t)(e[6] << 8 |
	    e[7]);
	const char *name = st == 0x02 ? "rt" : st == 0x03 ? "soo" :
	    st == 0x05 ? "ospf-domain" : st == 0x08 ? "bgp-data-coll" :
	    st == 0x09 ? "source-as" : st == 0x0a ? "l2vpn-id" :
	    st == 0x0b ? "vrf-import" : NULL;

	switch (t & 0xbf) {	/* the T bit (0x40) only says non-transitive */
	case 0x00:
		if (t == 0x40 && st == 0x04) {
			tb_printf(tb, "link-bw %u:", g2);
			tb_hex(tb, e + 4, 4);
			return;
		}
		if (name != NULL) {
			tb_printf(tb, "%s %u:%u", name, g2, l4);
			return;
		}
		break;
	case 0x01:
		if (name != NULL) {
			tb_printf(tb, "%s %u.%u.%u.%u:%u", name, e[2], e[3],
			    e[4], e[5], l2);
			return;
		}
		break;
	case 0x02:
		if (name != NULL) {
			tb_printf(tb, "%s %u:%u", name, g4, l2);
			return;
		}
		break;
	case 0x03:
		if (st == 0x0c) {
			tb_printf(tb, "encap %u", l2);
			return;
		}
		if (st == 0x0d) {
			tb_puts(tb, "default-gw");
			return;
		}
		break;
	case 0x06:
		if (st == 0x00) {
			tb_printf(tb, "mac-mobility seq %u%s", l4,
			    (e[2] & 1) ? " sticky" : "");
			return;
		}
		if (st == 0x01) {
			tb_printf(tb, "esi-label %u", (unsigned)(e[5] << 16 |
			    e[6] << 8 | e[7]) >> 4);
			return;
		}
		if (st == 0x02) {
			tb_puts(tb, "es-import ");
			tb_mac(tb, e + 2);
			return;
		}
		if (st == 0x03) {
			tb_puts(tb, "router-mac ");
			tb_mac(tb, e + 2);
			return;
		}
		break;
	case 0x80:
		if (st == 0x06) {
			tb_puts(tb, "flowspec traffic-rate");
			return;
		}
		if (st == 0x07) {
			tb_puts(tb, "flowspec traffic-action");
			return;
		}
		if (st == 0x08) {
			tb_printf(tb, "flowspec redirect %u:%u", g2, l4);
			return;
		}
		if (st == 0x09) {
			tb_printf(tb, "flowspec dscp %u", e[7] & 0x3f);
			return;
		}
		break;
	}
	tb_printf(tb, "type 0x%02x/0x%02x ", t, st);
	tb_hex(tb, e + 2, 6);
}

/* ---- the UPDATE layout ---- */

struct upd {
	struct cursor	 wd, attrs, nlri;
	uint16_t	 wlen, alen;
	int		 has_aspath, agg_len, nattrs;
	struct cursor	 aspath;
	int		 has_reach, has_unreach, unreach_only_famlen;
	uint16_t	 r_afi, u_afi;
	uint8_t		 r_safi, u_safi;
	struct cursor	 r_nlri, u_wd;
};

/* Split an MP_REACH_NLRI value into family, next hop and NLRI. */
static int
mp_reach_split(struct cursor v, uint16_t *afi, uint8_t *safi,
    struct cursor *nh, struct cursor *nlri, unsigned *nsnpa)
{
	uint8_t nhl, n, i;

	*afi = cur_u16(&v);
	*safi = cur_u8(&v);
	nhl = cur_u8(&v);
	*nh = cur_sub(&v, nhl);
	n = cur_u8(&v);		/* RFC 4760: reserved; RFC 2858: SNPAs */
	for (i = 0; i < n && cur_ok(&v); i++)
		cur_skip(&v, (cur_u8(&v) + 1u) / 2u);
	*nsnpa = n;
	*nlri = cur_rest(&v);
	return cur_ok(&v) ? 0 : -1;
}

static int
upd_split(struct cursor c, struct upd *u)
{
	unsigned n = 0;

	memset(u, 0, sizeof(*u));
	u->wlen = cur_u16(&c);
	u->wd = cur_sub(&c, u->wlen);
	u->alen = cur_u16(&c);
	u->attrs = cur_sub(&c, u->alen);
	u->nlri = cur_rest(&c);
	if (!cur_ok(&c))
		return -1;
	{
		struct cursor a = u->attrs;

		while (cur_left(&a) > 0 && n++ < 4096) {
			uint8_t fl = cur_u8(&a), t = cur_u8(&a);
			uint16_t l = (fl & 0x10) ? cur_u16(&a) : cur_u8(&a);
			struct cursor v = cur_sub(&a, l), nh;
			unsigned ns;

			if (!cur_ok(&a))
				break;
			u->nattrs++;
			if (t == 2) {
				u->has_aspath = 1;
				u->aspath = v;
			} else if (t == 7)
				u->agg_len = l;
			else if (t == 14) {
				if (mp_reach_split(v, &u->r_afi, &u->r_safi, &nh,
				    &u->r_nlri, &ns) == 0)
					u->has_reach = 1;
			} else if (t == 15) {
				u->u_afi = cur_u16(&v);
				u->u_safi = cur_u8(&v);
				u->u_wd = cur_rest(&v);
				if (cur_ok(&v)) {
					u->has_unreach = 1;
					u->unreach_only_famlen = l == 3;
				}
			}
		}
	}
	return 0;
}

static void
ap_guess(struct bw *w, struct cursor c, uint16_t afi, uint8_t safi, int wd)
{
	int fi = bgp_fam_index(afi, safi);

	if (fi < 0 || cur_left(&c) == 0)
		return;
	if (!nlri_fits(c, afi, safi, 0, wd) && nlri_fits(c, afi, safi, 1, wd))
		w->bi->addpath |= (uint16_t)(1u << fi);
	w->bi->flags |= BGPF_AP_GUESS;
}

static void
update_params(struct bw *w, const struct upd *up, const struct bgp_neg *neg,
    int dir)
{
	struct bgp_info *b = w->bi;
	struct upd u = *up;
	int f2, f4;

	if (neg != NULL && bgp_neg_both(neg)) {
		const struct bgp_open_facts *me = &neg->side[dir],
		    *peer = &neg->side[!dir];

		b->flags |= BGPF_NEG;
		if (me->as4 && peer->as4)
			b->flags |= BGPF_AS4;
		/* RFC 7911 §4: I send path ids when I said send and the
		 * peer said receive for that family */
		b->addpath = me->ap_send & peer->ap_recv;
		return;
	}
	/* one OPEN without AS4 settles the width for both directions */
	if (neg != NULL && ((neg->side[0].seen && !neg->side[0].as4) ||
	    (neg->side[1].seen && !neg->side[1].as4))) {
		/* 2-octet, known */
	} else if ((u.has_aspath && cur_left(&u.aspath) > 0) || u.agg_len) {
		f4 = u.has_aspath ? aspath_fits(u.aspath, 4) : u.agg_len == 8;
		f2 = u.has_aspath ? aspath_fits(u.aspath, 2) : u.agg_len == 6;
		if (f4 || !f2)
			b->flags |= BGPF_AS4;
		if (u.has_aspath && f4 && f2 && u.agg_len == 6)
			b->flags &= (uint16_t)~BGPF_AS4;
		b->flags |= BGPF_AS4_GUESS;
	}
	ap_guess(w, u.wd, 1, 1, 1);
	ap_guess(w, u.nlri, 1, 1, 0);
	if (u.has_reach)
		ap_guess(w, u.r_nlri, u.r_afi, u.r_safi, 0);
	if (u.has_unreach)
		ap_guess(w, u.u_wd, u.u_afi, u.u_safi, 1);
	if (!(b->flags & BGPF_AP_GUESS))
		return;
	if (b->addpath == 0)
		b->flags &= (uint16_t)~BGPF_AP_GUESS;	/* nothing to say */
}

/* ---- attributes ---- */

static void
nh_text(struct textbuf *tb, struct cursor nh)
{
	size_t l = cur_left(&nh);
	uint8_t a[16], rd[8];

	memset(a, 0, sizeof(a));
	if (l == 4 && cur_copy(&nh, a, 4))
		addr_text(tb, 1, a);
	else if ((l == 16 || l == 32) && cur_copy(&nh, a, 16)) {
		tb_ip6(tb, a);
		if (l == 32 && cur_copy(&nh, a, 16)) {
			tb_putc(tb, ',');
			tb_ip6(tb, a);
		}
	} else if (l == 12 && cur_copy(&nh, rd, 8) && cur_copy(&nh, a, 4)) {
		addr_text(tb, 1, a);
		if (memcmp(rd, "\0\0\0\0\0\0\0\0", 8) != 0) {
			tb_puts(tb, "(rd=");
			rd_text(tb, rd);
			tb_putc(tb, ')');
		}
	} else if ((l == 24 || l == 48) && cur_copy(&nh, rd, 8) &&
	    cur_copy(&nh, a, 16)) {
		tb_ip6(tb, a);
		if (l == 48 && cur_skip(&nh, 8) && cur_copy(&nh, a, 16)) {
			tb_putc(tb, ',');
			tb_ip6(tb, a);
		}
	} else if (l == 0)
		tb_puts(tb, "none");
	else
		bw_hex(tb, nh.base + nh.pos, cur_avail(&nh), 48);
}

static void attrs_walk(struct bw *, struct cursor, int, int);

static void
attr_value(struct bw *w, uint8_t t, struct cursor v, int ind, int level)
{
	const struct bgp_info *b = w->rbi;
	size_t l = cur_left(&v);
	int det = BW_DETAIL(w), inf = BW_INFO(w);
	struct textbuf *tb = w->tb;
	unsigned width = (b->flags & BGPF_AS4) ? 4 : 2;
	int bad_len = 0;

	switch (t) {
	case 1: {
		uint8_t o = cur_u8(&v);

		bad_len = l != 1;
		if (!bad_len && o > 2)
			bw_anom(w, "bgp.bad_origin", AK_MALFORMED, "ORIGIN %u",
			    o);
		if (det && !bad_len)
			tb_tok(tb, origins, o);
		break;
	}
	case 2: case 17:
		if (t == 17)
			width = 4;
		if (det)
			aspath_walk(w, tb, v, width);
		else if (inf && t == 2) {
			tb_puts(w->path, " path=");
			if (l == 0)
				tb_puts(w->path, "empty");
			aspath_walk(w, w->path, v, width);
		} else if (w->ctx != NULL) {
			aspath_walk(w, NULL, v, width);
			if ((b->flags & BGPF_NEG) && !aspath_fits(v, width))
				bw_anom(w, "bgp.as_path_width", AK_MALFORMED,
				    "AS_PATH does not parse with the %u-octet "
				    "ASes the OPENs negotiated", width);
		}
		break;
	case 3: case 9: {
		uint32_t a = cur_u32(&v);

		bad_len = l != 4;
		if (bad_len)
			break;
		if (det)
			tb_ip4(tb, a);
		if (inf && t == 3) {
			tb_puts(w->nh, " nh=");
			tb_ip4(w->nh, a);
		}
		break;
	}
	case 4: case 5: case 35: {
		uint32_t x = cur_u32(&v);

		bad_len = l != 4;
		if (det && !bad_len)
			tb_printf(tb, "%u", x);
		break;
	}
	case 6:
		bad_len = l != 0;
		break;
	case 7: case 18: {
		unsigned aw = t == 18 ? 4 : l == 8 ? 4 : 2;
		uint32_t as = aw == 4 ? cur_u32(&v) : cur_u16(&v);
		uint32_t a = cur_u32(&v);

		bad_len = t == 18 ? l != 8 : (l != 6 && l != 8);
		if (t == 7 && !bad_len && (b->flags & BGPF_NEG) &&
		    l != (width == 4 ? 8u : 6u))
			bw_anom(w, "bgp.aggregator_width", AK_MALFORMED,
			    "AGGREGATOR of %zu bytes with %u-octet ASes "
			    "negotiated", l, width);
		if (det && !bad_len) {
			tb_printf(tb, "AS %u, ", as);
			tb_ip4(tb, a);
		}
		break;
	}
	case 8: {
		bad_len = l % 4 != 0;
		while (!bad_len && cur_left(&v) >= 4) {
			uint32_t x = cur_u32(&v);
			const char *n = tok_name(well_known_comm, x, NULL);

			if (!det)
				continue;
			if (n != NULL)
				tb_printf(tb, "%s ", n);
			else
				tb_printf(tb, "%u:%u ", x >> 16, x & 0xffff);
		}
		break;
	}
	case 10:
		bad_len = l % 4 != 0;
		while (!bad_len && cur_left(&v) >= 4) {
			uint32_t x = cur_u32(&v);

			if (det) {
				tb_ip4(tb, x);
				tb_putc(tb, ' ');
			}
		}
		break;
	case 16:
		bad_len = l % 8 != 0;
		while (!bad_len && cur_left(&v) >= 8) {
			const uint8_t *e = cur_bytes(&v, 8);

			if (det && e != NULL) {
				ext_comm_text(tb, e);
				tb_puts(tb, "; ");
			}
		}
		break;
	case 25:
		bad_len = l % 20 != 0;
		while (!bad_len && cur_left(&v) >= 20) {
			const uint8_t *e = cur_bytes(&v, 20);

			if (det && e != NULL) {
				tb_printf(tb, "type 0x%02x/0x%02x ", e[0], e[1]);
				tb_ip6(tb, e + 2);
				tb_printf(tb, ":%u; ", (unsigned)e[18] << 8 |
				    e[19]);
			}
		}
		break;
	case 32:
		bad_len = l % 12 != 0;
		while (!bad_len && cur_left(&v) >= 12) {
			uint32_t g = cur_u32(&v), d1 = cur_u32(&v),
			    d2 = cur_u32(&v);

			if (det)
				tb_printf(tb, "%u:%u:%u ", g, d1, d2);
		}
		break;
	case 26: {
		unsigned n = 0;

		while (cur_left(&v) > 0 && n++ < 64) {
			uint8_t at = cur_u8(&v);
			uint16_t al = cur_u16(&v);

			if (!cur_ok(&v) || al < 3) {
				bad_len = 1;
				break;
			}
			if (at == 1 && al == 11) {
				uint64_t m = cur_u64(&v);

				if (det && cur_ok(&v))
					tb_printf(tb, "AIGP metric %llu ",
					    (unsigned long long)m);
			} else if (!cur_skip(&v, al - 3u)) {
				bad_len = 1;
				break;
			} else if (det)
				tb_printf(tb, "TLV type %u ", at);
		}
		if (!cur_ok(&v))
			bad_len = 1;
		break;
	}
	case 22: {
		uint8_t fl = cur_u8(&v), tt = cur_u8(&v);
		uint32_t lab = cur_u24(&v);

		bad_len = l < 5;
		if (det && !bad_len) {
			tb_printf(tb, "flags 0x%02x, tunnel type %u, label %u, "
			    "tunnel id ", fl, tt, lab >> 4);
			bw_hex(tb, v.base + v.pos, cur_avail(&v), 40);
		}
		break;
	}
	case 14: {
		uint16_t afi;
		uint8_t safi;
		struct cursor nh, nlri;
		unsigned ns;

		if (mp_reach_split(v, &afi, &safi, &nh, &nlri, &ns) < 0) {
			bad_len = 1;
			break;
		}
		if (det) {
			bgp_fam_text(tb, afi, safi);
			tb_printf(tb, " (AFI %u SAFI %u), next hop ", afi, safi);
			nh_text(tb, nh);
			if (ns > 0)
				tb_printf(tb, ", %u SNPAs", ns);
			bw_eol(w);
			nlri_walk(w, nlri, afi, safi, '+', ind + 1);
			return;
		}
		if (inf) {
			tb_puts(w->nh, " nh=");
			nh_text(w->nh, nh);
		}
		nlri_walk(w, nlri, afi, safi, '+', ind + 1);
		break;
	}
	case 15: {
		uint16_t afi = cur_u16(&v);
		uint8_t safi = cur_u8(&v);
		struct cursor wd = cur_rest(&v);

		if (!cur_ok(&v)) {
			bad_len = 1;
			break;
		}
		if (det) {
			bgp_fam_text(tb, afi, safi);
			tb_printf(tb, " (AFI %u SAFI %u)%s", afi, safi,
			    cur_left(&wd) == 0 ? ", nothing withdrawn" : "");
			bw_eol(w);
			nlri_walk(w, wd, afi, safi, '-', ind + 1);
			return;
		}
		nlri_walk(w, wd, afi, safi, '-', ind + 1);
		break;
	}
	case 128: {
		uint32_t oas = cur_u32(&v);

		if (!cur_ok(&v)) {
			bad_len = 1;
			break;
		}
		if (det) {
			tb_printf(tb, "origin AS %u", oas);
			bw_eol(w);
		}
		if (level < 1)
			attrs_walk(w, cur_rest(&v), ind + 1, level + 1);
		else
			bw_anom(w, "bgp.attr_set_nested", AK_MALFORMED,
			    "ATTR_SET inside ATTR_SET");
		if (det)
			return;
		break;
	}
	default:
		if (det && l > 0)
			bw_hex(tb, v.base + v.pos, cur_avail(&v), 64);
		break;
	}
	if (bad_len) {
		bw_anom(w, "bgp.attr_length", AK_MALFORMED, "%s with length "
		    "%zu (RFC 7606)", tok_name(attr_names, t, "attribute"), l);
		if (det)
			tb_printf(tb, "[bad length %zu]", l);
	} else if (w->ctx != NULL && cur_err(&v) == CUR_TRUNCATED)
		bw_anom(w, "bgp.truncated", AK_TRUNCATED, "%s cut by the "
		    "capture", tok_name(attr_names, t, "attribute"));
	if (det)
		bw_eol(w);
}

static void
attrs_walk(struct bw *w, struct cursor a, int ind, int level)
{
	uint8_t seen[32];
	unsigned n = 0;

	memset(seen, 0, sizeof(seen));
	while (cur_left(&a) > 0 && n++ < 4096) {
		uint8_t fl = cur_u8(&a), t = cur_u8(&a);
		uint16_t l = (fl & 0x10) ? cur_u16(&a) : cur_u8(&a);
		struct cursor v = cur_sub(&a, l);
		int opt, trans;

		if (!cur_ok(&a)) {
			bw_anom(w, cur_err(&a) == CUR_TRUNCATED ?
			    "bgp.truncated" : "bgp.attr_length",
			    cur_err(&a) == CUR_TRUNCATED ? AK_TRUNCATED :
			    AK_MALFORMED, "path attribute %u runs past the "
			    "attribute list", t);
			bw_line(w, ind, "[attribute %u: length %u past the "
			    "list]", t, l);
			return;
		}
		if (w->ctx != NULL) {
			if (seen[t / 8] & (1u << (t % 8)))
				bw_anom(w, "bgp.attr_duplicate", AK_MALFORMED,
				    "%s twice (RFC 7606 s.3 g)",
				    tok_name(attr_names, t, "attribute"));
			seen[t / 8] |= (uint8_t)(1u << (t % 8));
			if (attr_expect(t, &opt, &trans) &&
			    (!!(fl & 0x80) != opt || (!opt && !(fl & 0x40)) ||
			    (!opt && (fl & 0x20)) || (opt && trans &&
			    !(fl & 0x40))))
				bw_anom(w, "bgp.attr_flags", AK_MALFORMED,
				    "%s with flags 0x%02x",
				    tok_name(attr_names, t, "attribute"), fl);
			if (fl & 0x0f)
				bw_anom(w, "bgp.attr_flags_reserved", AK_NOTE,
				    "attribute %u: low flag bits 0x%x set", t,
				    fl & 0x0f);
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, ind);
			tb_puts(w->tb, "Attribute ");
			tb_tok(w->tb, attr_names, t);
			tb_printf(w->tb, " flags 0x%02x [%s%s%s%s] len %u: ", fl,
			    (fl & 0x80) ? "O" : "", (fl & 0x40) ? "T" : "",
			    (fl & 0x20) ? "P" : "", (fl & 0x10) ? "E" : "", l);
		}
		attr_value(w, t, v, ind, level);
	}
}

/* ---- the message ---- */

/* The walk of an UPDATE body at c, split into u (NULL: it does not
 * split, its lengths are reported). */
static void
update_walk(struct bw *w, struct cursor *c, const struct upd *up)
{
	struct bgp_info *bi = w->bi;
	struct upd u;

	if (up == NULL) {
		uint16_t wl = cur_u16(c);

		if (cur_ok(c) && !cur_skip(c, wl))
			bw_anom(w, "bgp.update_withdrawn_length", AK_MALFORMED,
			    "Withdrawn Routes Length %u past the message", wl);
		else if (cur_ok(c)) {
			uint16_t al = cur_u16(c);

			if (cur_ok(c) && !cur_skip(c, al))
				bw_anom(w, "bgp.update_attr_length",
				    AK_MALFORMED, "Total Path Attribute Length "
				    "%u past the message", al);
		}
		bw_cur(w, c, "UPDATE");
		if (BW_DETAIL(w))
			tb_puts(w->tb, "  [malformed lengths]\n");
		else if (BW_INFO(w))
			tb_puts(w->tb, " [malformed]");
		return;
	}
	u = *up;
	cur_skip(c, cur_left(c));
	/* End-of-RIB (RFC 4724 §2) */
	if (u.wlen == 0 && u.alen == 0 && cur_left(&u.nlri) == 0) {
		if (bi != NULL) {
			bi->flags |= BGPF_EOR;
			bi->m.rr.afi = 1;
			bi->m.rr.safi = 1;
		}
		if (BW_INFO(w))
			tb_puts(w->tb, " End-of-RIB ipv4/unicast");
		bw_line(w, 0, "End-of-RIB ipv4/unicast");
		return;
	}
	if (u.wlen == 0 && cur_left(&u.nlri) == 0 && u.nattrs == 1 &&
	    u.has_unreach && u.unreach_only_famlen) {
		if (bi != NULL) {
			bi->flags |= BGPF_EOR;
			bi->m.rr.afi = u.u_afi;
			bi->m.rr.safi = u.u_safi;
		}
		if (BW_INFO(w)) {
			tb_puts(w->tb, " End-of-RIB ");
			bgp_fam_text(w->tb, u.u_afi, u.u_safi);
		}
		if (BW_DETAIL(w)) {
			bw_bol(w, 0);
			tb_puts(w->tb, "End-of-RIB ");
			bgp_fam_text(w->tb, u.u_afi, u.u_safi);
			bw_eol(w);
		}
		return;
	}
	bw_line(w, 0, "Withdrawn Routes Length: %u", u.wlen);
	nlri_walk(w, u.wd, 1, 1, '-', 1);
	bw_line(w, 0, "Total Path Attribute Length: %u", u.alen);
	attrs_walk(w, u.attrs, 1, 0);
	if (BW_DETAIL(w) && cur_left(&u.nlri) > 0)
		bw_line(w, 0, "NLRI:");
	nlri_walk(w, u.nlri, 1, 1, '+', 1);
	if (BW_INFO(w) && w->nhidden > 0)
		tb_printf(w->tb, " (+%u more)", w->nhidden);
	if (BW_INFO(w)) {
		if ((w->rbi->flags & BGPF_AS4_GUESS) && u.has_aspath)
			tb_puts(w->path, " (AS size guessed)");
		if (w->rbi->flags & BGPF_AP_GUESS)
			tb_puts(w->path, " (ADD-PATH guessed)");
	}
}

void
bgp_update_walk(struct bw *w, struct cursor *c)
{
	struct upd u;

	update_walk(w, c, upd_split(*c, &u) < 0 ? NULL : &u);
}

/* Dissection splits the body once for both: the AS width and ADD-PATH
 * guesses and the walk read the same parts. */
void
bgp_update_dissect(struct bw *w, struct cursor *c, const struct bgp_neg *neg,
    int dir)
{
	struct upd u;
	int ok = upd_split(*c, &u) == 0;

	if (ok)
		update_params(w, &u, neg, dir);
	update_walk(w, c, ok ? &u : NULL);
}
