/* out_decode.c - -T decode: one line per frame, like tshark's Info column.
 *
 *   <frame> <time> [<vantage>] <src> > <dst> <PROTO> <info> [| inner ...]
 *
 * Each encapsulation depth (the outer frame, then each pseudowire payload)
 * is one segment; segments are joined with " | ".  A segment shows the
 * network addresses (link addresses when there is no network layer), the
 * ports when an application protocol sits on the transport, and the top
 * protocol of that depth with its info.  A frame that completes several
 * application messages (three BGP messages in one segment) prints one line
 * per message.  Truncated and malformed anomalies follow in brackets;
 * -v adds every layer's fields and every anomaly, notes included.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dissect.h"
#include "out.h"
#include "textbuf.h"

#define LINE_MAX_TEXT	4096
#define DETAIL_MAX_TEXT	65536

struct seg {
	int	first, last;		/* layer index range of this depth */
	int	link, net, trans, top;	/* layer indices or -1 */
	int	napp;			/* application layers on the transport */
};

static void
find_seg(const struct packet *pkt, int start, struct seg *s)
{
	int i, depth = pkt->layers[start].depth;

	s->first = start;
	s->link = s->net = s->trans = s->top = -1;
	s->napp = 0;
	for (i = start; i < (int)pkt->nlayers &&
	    pkt->layers[i].depth == depth; i++) {
		const struct dissector *d = pkt->layers[i].d;

		if (d->role & DR_LINK)
			s->link = i;
		if (d->role & DR_NET)
			s->net = i;
		if (d->role & DR_TRANSPORT)
			s->trans = i;
		if (s->trans >= 0 && i > s->trans && (d->role & DR_APP))
			s->napp++;
		s->top = i;
	}
	s->last = i - 1;
}

static void
put_endpoint(struct textbuf *tb, const char *addr, const char *port, int v6)
{
	if (port[0] == '\0') {
		tb_puts(tb, addr);
		return;
	}
	if (v6)
		tb_putc(tb, '[');
	tb_puts(tb, addr);
	tb_puts(tb, v6 ? "]:" : ":");
	tb_puts(tb, port);
}

/* Addresses of a segment; ports only when something sits above them. */
static void
seg_addresses(struct textbuf *tb, const struct packet *pkt,
    const struct seg *s, int with_ports)
{
	char sa[128], da[128], sp[16], dp[16];
	struct textbuf tsa, tda, tsp, tdp;
	const struct layer *al;
	int v6 = 0;

	tb_init(&tsa, sa, sizeof(sa));
	tb_init(&tda, da, sizeof(da));
	tb_init(&tsp, sp, sizeof(sp));
	tb_init(&tdp, dp, sizeof(dp));
	al = s->net >= 0 ? &pkt->layers[s->net] :
	    s->link >= 0 ? &pkt->layers[s->link] : NULL;
	if (al == NULL || al->d->endpoints == NULL)
		return;
	al->d->endpoints(al, &tsa, &tda);
	v6 = al->proto == PROTO_IPV6;
	if (with_ports && s->trans >= 0 &&
	    pkt->layers[s->trans].d->endpoints != NULL)
		pkt->layers[s->trans].d->endpoints(&pkt->layers[s->trans],
		    &tsp, &tdp);
	put_endpoint(tb, sa, sp, v6);
	tb_puts(tb, " > ");
	put_endpoint(tb, da, dp, v6);
	tb_putc(tb, ' ');
}

static void
layer_info(struct textbuf *tb, const struct layer *l)
{
	tb_puts(tb, l->d->display_of != NULL ? l->d->display_of(l) :
	    l->d->display);
	if (l->d->info != NULL) {
		size_t before = tb->len;

		tb_putc(tb, ' ');
		l->d->info(l, tb);
		if (tb->len == before + 1) {	/* info wrote nothing */
			tb->len = before;
			tb->buf[tb->len] = '\0';
		}
	}
}

/* The layer whose info describes the segment: skip trailing raw data. */
static int
seg_top(const struct packet *pkt, const struct seg *s)
{
	int top = s->top;

	if (pkt->layers[top].proto == PROTO_DATA && top > s->first)
		top--;
	return top;
}

/* VLAN tags of the segment, outermost first: "vlan=100,200 ". */
static void
seg_vlans(struct textbuf *tb, const struct packet *pkt, const struct seg *s)
{
	int i, n = 0;

	for (i = s->first; i <= s->last; i++) {
		if (pkt->layers[i].proto != PROTO_VLAN)
			continue;
		tb_printf(tb, "%s%u", n++ ? "," : "vlan=",
		    pkt->layers[i].u.vlan.vid);
	}
	if (n)
		tb_putc(tb, ' ');
}

static void
seg_text(struct textbuf *tb, const struct packet *pkt, const struct seg *s)
{
	int top = seg_top(pkt, s);

	seg_vlans(tb, pkt, s);
	seg_addresses(tb, pkt, s, s->trans >= 0 && top > s->trans);
	layer_info(tb, &pkt->layers[top]);
}

static void
anomalies_brief(struct textbuf *tb, const struct packet *pkt)
{
	unsigned i;

	/* notes (legal but odd, e.g. checksum offload) only with -v */
	for (i = 0; i < pkt->nanom; i++)
		if (pkt->anom[i].kind != AK_NOTE)
			tb_printf(tb, " [%s]", pkt->anom[i].name);
	if (pkt->anom_dropped)
		tb_printf(tb, " [+%u more]", pkt->anom_dropped);
}

static void
prefix(struct textbuf *tb, struct decode_opts *o, const struct packet *pkt)
{
	const struct frame *f = pkt->f;
	int digits = o->digits != NULL ? o->digits(o->arg, f->vantage) : 6;

	if (!o->have_first) {
		o->first_ts = f->ts_ns;
		o->have_first = 1;
	}
	tb_uint(tb, f->number);
	tb_putc(tb, ' ');
	tb_ts(tb, f->ts_ns, o->tsfmt, o->first_ts, digits);
	tb_putc(tb, ' ');
	if (o->show_label && o->label != NULL)
		tb_printf(tb, "%s ", o->label(o->arg, f->vantage));
}

static void
detail_text(struct textbuf *tb, const struct packet *pkt)
{
	unsigned i;

	for (i = 0; i < pkt->nlayers; i++) {
		const struct layer *l = &pkt->layers[i];

		if (l->d->detail != NULL)
			l->d->detail(l, tb);
	}
	for (i = 0; i < pkt->nanom; i++) {
		const struct anomaly *a = &pkt->anom[i];

		tb_printf(tb, "  ! %s (%s): %s\n", a->name,
		    a->kind == AK_TRUNCATED ? "truncated" :
		    a->kind == AK_MALFORMED ? "malformed" : "note", a->detail);
	}
}

int
out_decode_packet(FILE *fp, struct decode_opts *o, const struct packet *pkt)
{
	static char line[LINE_MAX_TEXT];	/* front end, not a dissector */
	static char detail[DETAIL_MAX_TEXT];
	struct textbuf tb, dt;
	struct seg segs[DISSECT_MAX_DEPTH + 2];
	int nseg = 0, i, k;
	size_t plen;

	tb_init(&tb, line, sizeof(line));
	prefix(&tb, o, pkt);
	for (i = 0; i < (int)pkt->nlayers && nseg < (int)(sizeof(segs) /
	    sizeof(segs[0])); i = segs[nseg - 1].last + 1)
		find_seg(pkt, i, &segs[nseg++]);
	if (nseg == 0) {
		tb_printf(&tb, "(link type %d not decoded) %u bytes",
		    pkt->f->linktype, pkt->f->len);
	}
	for (k = 0; k < nseg - 1; k++) {
		seg_text(&tb, pkt, &segs[k]);
		tb_puts(&tb, " | ");
	}
	if (nseg > 0 && segs[nseg - 1].napp > 1) {
		/* several application messages: one line each */
		const struct seg *s = &segs[nseg - 1];

		seg_vlans(&tb, pkt, s);
		seg_addresses(&tb, pkt, s, 1);
		plen = tb.len;
		for (i = s->trans + 1; i <= s->last; i++) {
			if (!(pkt->layers[i].d->role & DR_APP))
				continue;
			tb.len = plen;
			tb.buf[plen] = '\0';
			layer_info(&tb, &pkt->layers[i]);
			if (i == s->last)
				anomalies_brief(&tb, pkt);
			if (fputs(tb.buf, fp) < 0 || putc('\n', fp) == EOF)
				return -1;
		}
	} else {
		if (nseg > 0)
			seg_text(&tb, pkt, &segs[nseg - 1]);
		anomalies_brief(&tb, pkt);
		if (fputs(tb.buf, fp) < 0 || putc('\n', fp) == EOF)
			return -1;
	}
	if (o->verbose > 0) {
		tb_init(&dt, detail, sizeof(detail));
		detail_text(&dt, pkt);
		if (dt.overflow)
			tb_puts(&dt, "  ... (detail cut)\n");
		if (fputs(dt.buf, fp) < 0)
			return -1;
	}
	return 0;
}
