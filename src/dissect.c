/* dissect.c - the dispatch loop: link type -> ... -> payload, per frame. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dissect.h"
#include "event.h"

extern const struct dissector dissector_data;

static void
handoff(struct dctx *ctx, enum dtable t, uint32_t k, uint32_t k2,
    const struct cursor *c, int encap)
{
	ctx->next_set = 1;
	ctx->next_table = (uint8_t)t;
	ctx->next_key = k;
	ctx->next_key2 = k2;
	ctx->next_encap = (uint8_t)encap;
	ctx->next_cur = *c;
}

void
dctx_next(struct dctx *ctx, enum dtable t, uint32_t key, const struct cursor *c)
{
	handoff(ctx, t, key, key, c, 0);
}

void
dctx_next2(struct dctx *ctx, enum dtable t, uint32_t key, uint32_t key2,
    const struct cursor *c)
{
	handoff(ctx, t, key, key2, c, 0);
}

void
dctx_next_encap(struct dctx *ctx, enum dtable t, uint32_t key,
    const struct cursor *c)
{
	handoff(ctx, t, key, key, c, 1);
}

void
dctx_anomaly(struct dctx *ctx, const char *name, enum anom_kind kind,
    const char *fmt, ...)
{
	struct packet *pkt = ctx->pkt;
	struct anomaly *a;
	va_list ap;

	if (kind == AK_TRUNCATED)
		pkt->truncated = 1;
	else if (kind == AK_MALFORMED)
		pkt->malformed = 1;
	if (pkt->nanom >= PKT_MAX_ANOM) {
		pkt->anom_dropped++;
		return;
	}
	a = &pkt->anom[pkt->nanom++];
	a->name = name;
	a->kind = (uint8_t)kind;
	a->layer = (uint8_t)ctx->cur_layer;
	a->detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(a->detail, sizeof(a->detail), fmt, ap);
		va_end(ap);
	}
}

enum dstatus
dctx_cur_status_(struct dctx *ctx, const struct cursor *c, const char *tname,
    const char *mname)
{
	switch (cur_err(c)) {
	case CUR_OK:
		return DS_OK;
	case CUR_TRUNCATED:
		dctx_anomaly(ctx, tname, AK_TRUNCATED, "cut by the capture at "
		    "offset %zu", c->pos);
		return DS_TRUNCATED;
	default:
		dctx_anomaly(ctx, mname, AK_MALFORMED, "field runs past the "
		    "length the header gives (offset %zu)", c->pos);
		return DS_MALFORMED;
	}
}

void
dctx_emit(struct dctx *ctx, const struct event *ev)
{
	if (ctx->emit != NULL)
		ctx->emit(ctx->emit_arg, ev);
}

/*
 * Bytes of the layer union each protocol's dissector fills (and may
 * expect zeroed).  A layer clears the first LAYER_SMALL_INFO bytes when
 * they hold its protocol's info, else the whole union (three times an
 * Ethernet header's info): no code reads the member of another protocol.
 * 0: not listed, clear it all.
 */
#define LAYER_SMALL_INFO	64	/* Ethernet ... TCP; not IPv6, L2TP, BGP */
_Static_assert(LAYER_SMALL_INFO <= sizeof(((struct layer *)0)->u),
    "the small clear fits the union");

static const uint8_t info_size[PROTO_COUNT] = {
	[PROTO_ETH]	= sizeof(struct eth_info),
	[PROTO_VLAN]	= sizeof(struct vlan_info),
	[PROTO_SLL]	= sizeof(struct sll_info),
	[PROTO_SLL2]	= sizeof(struct sll_info),
	[PROTO_NULL]	= sizeof(struct null_info),
	[PROTO_ARP]	= sizeof(struct arp_info),
	[PROTO_IPV4]	= sizeof(struct ipv4_info),
	[PROTO_IPV6]	= sizeof(struct ipv6_info),
	[PROTO_ICMP]	= sizeof(struct icmp_info),
	[PROTO_ICMPV6]	= sizeof(struct icmp_info),
	[PROTO_UDP]	= sizeof(struct udp_info),
	[PROTO_TCP]	= sizeof(struct tcp_info),
	[PROTO_L2TP]	= sizeof(struct l2tp_info),
	[PROTO_BGP]	= sizeof(struct bgp_info),
	[PROTO_DATA]	= sizeof(struct data_info),
};

static struct layer *
new_layer(struct dctx *ctx, const struct dissector *d, const struct cursor *c)
{
	struct packet *pkt = ctx->pkt;
	struct layer *l;
	size_t n = d->proto < PROTO_COUNT ? info_size[d->proto] : 0;

	if (pkt->nlayers >= PKT_MAX_LAYERS)
		return NULL;
	l = &pkt->layers[pkt->nlayers];
	l->proto = d->proto;
	l->depth = ctx->depth;
	l->status = DS_OK;
	l->d = d;
	l->base = c->base;
	l->off = (uint32_t)c->pos;
	l->len = (uint32_t)cur_left(c);
	l->cap = (uint32_t)cur_avail(c);
	/* two constant sizes: each becomes a few vector stores, where a
	 * variable one is a string instruction with a slow start */
	if (n != 0 && n <= LAYER_SMALL_INFO)
		memset(&l->u, 0, LAYER_SMALL_INFO);
	else
		memset(&l->u, 0, sizeof(l->u));
	ctx->cur_layer = pkt->nlayers++;
	return l;
}

static void
run(struct dctx *ctx, enum dtable t, uint32_t key, uint32_t key2,
    struct cursor c)
{
	const struct dissector *d;
	struct layer *l;
	enum dstatus st;

	for (;;) {
		d = registry_find(ctx->prefs, t, key);
		if (d == NULL && key2 != key)
			d = registry_find(ctx->prefs, t, key2);
		if (d == NULL)
			d = &dissector_data;
		if (d == &dissector_data && cur_left(&c) == 0)
			return;
		if ((l = new_layer(ctx, d, &c)) == NULL) {
			dctx_anomaly(ctx, "dissect.too_many_layers", AK_NOTE,
			    "more than %d layers", PKT_MAX_LAYERS);
			return;
		}
		ctx->next_set = 0;
		{
			struct cursor mine = c;

			st = d->dissect(ctx, &mine, l);
		}
		l->status = (uint8_t)st;
		if (st == DS_NOT_MINE) {
			/* not this protocol after all: keep it as data */
			ctx->pkt->nlayers--;
			if (d == &dissector_data)
				return;
			d = &dissector_data;
			if ((l = new_layer(ctx, d, &c)) == NULL)
				return;
			l->status = (uint8_t)dissector_data.dissect(ctx, &c, l);
			return;
		}
		if (!ctx->next_set || st != DS_OK)
			return;
		t = (enum dtable)ctx->next_table;
		key = ctx->next_key;
		key2 = ctx->next_key2;
		c = ctx->next_cur;
		if (ctx->next_encap) {
			if (ctx->depth >= DISSECT_MAX_DEPTH) {
				dctx_anomaly(ctx, "dissect.depth_limit",
				    AK_NOTE, "encapsulation deeper than %d "
				    "not decoded", DISSECT_MAX_DEPTH);
				return;
			}
			ctx->depth++;
		}
	}
}

static void
begin(struct dctx *ctx, const struct frame *f, struct packet *pkt)
{
	ctx->frame = f;
	ctx->pkt = pkt;
	ctx->depth = 0;
	ctx->cur_layer = 0;
	ctx->next_set = 0;
	pkt->f = f;
	pkt->nlayers = 0;
	pkt->nanom = 0;
	pkt->anom_dropped = 0;
	pkt->truncated = 0;
	pkt->malformed = 0;
}

void
dissect_frame(struct dctx *ctx, const struct frame *f, struct packet *pkt)
{
	dissect_bytes(ctx, f, pkt, DT_LINKTYPE, (uint32_t)f->linktype);
}

void
dissect_bytes(struct dctx *ctx, const struct frame *f, struct packet *pkt,
    enum dtable t, uint32_t key)
{
	struct event ev;
	uint32_t len = f->len;

	begin(ctx, f, pkt);
	/* A record claiming fewer bytes on the wire than it captured is the
	 * capture file's fault, not the sender's: trust the captured bytes. */
	if (len < f->caplen)
		len = f->caplen;
	run(ctx, t, key, key, cur_make(f->data, f->caplen, len));
	if (len != f->len) {
		ctx->cur_layer = 0;
		dctx_anomaly(ctx, "frame.len_below_caplen", AK_NOTE, "record "
		    "says %u bytes on the wire but holds %u captured", f->len,
		    f->caplen);
	}
	if (ctx->emit != NULL) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = EV_FRAME;
		ev.vantage = f->vantage;
		ev.frame = f->number;
		ev.ts_ns = f->ts_ns;
		ev.pkt = pkt;
		dctx_emit(ctx, &ev);
	}
}
