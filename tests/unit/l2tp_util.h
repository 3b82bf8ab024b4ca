/* l2tp_util.h - helpers for the L2TP unit tests: IPv4/UDP wrapping, running
 * the dissector with a conversation db wired as the pipeline does. */
#ifndef TS_L2TP_UTIL_H
#define TS_L2TP_UTIL_H

#include <stdio.h>
#include <string.h>

#include "dissect.h"
#include "event.h"
#include "l2tp_conv.h"
#include "prefs.h"
#include "textbuf.h"

struct l2t_env {
	struct prefs		 prefs;
	struct l2tp_conv_db	*db;
	struct dctx		 ctx;
	struct packet		 pkt;
	struct frame		 f;
	uint8_t			 buf[4096];
	char			 text[4096];
	unsigned		 nevents;
};

static inline void
l2t_emit(void *arg, const struct event *ev)
{
	struct l2t_env *e = arg;

	if (ev->kind == EV_L2TP_CONTROL || ev->kind == EV_L2TP_DATA)
		e->nevents++;
	l2tp_conv_event(e->db, ev);
}

static inline void
l2t_init(struct l2t_env *e, int with_db)
{
	memset(e, 0, sizeof(*e));
	prefs_default(&e->prefs);
	e->ctx.prefs = &e->prefs;
	if (with_db) {
		e->db = l2tp_conv_new(&e->prefs);
		e->ctx.l2tp = e->db;
		e->ctx.emit = l2t_emit;
		e->ctx.emit_arg = e;
	}
}

static inline void
l2t_done(struct l2t_env *e)
{
	l2tp_conv_free(e->db);
	e->db = NULL;
}

/* IPv4 header (+ UDP header when udp) around pl into e->buf; length. */
static inline size_t
l2t_wrap(struct l2t_env *e, uint32_t src, uint32_t dst, int udp, uint16_t sp,
    uint16_t dp, const uint8_t *pl, size_t n)
{
	uint8_t *b = e->buf;
	size_t tot = 20 + (udp ? 8 : 0) + n, i;
	uint32_t sum = 0;

	memset(b, 0, 28);
	b[0] = 0x45;
	b[2] = (uint8_t)(tot >> 8);
	b[3] = (uint8_t)tot;
	b[8] = 64;
	b[9] = udp ? 17 : 115;
	for (i = 0; i < 4; i++) {
		b[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		b[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	b[10] = (uint8_t)(~sum >> 8);
	b[11] = (uint8_t)~sum;
	if (udp) {
		b[20] = (uint8_t)(sp >> 8);
		b[21] = (uint8_t)sp;
		b[22] = (uint8_t)(dp >> 8);
		b[23] = (uint8_t)dp;
		b[24] = (uint8_t)((n + 8) >> 8);
		b[25] = (uint8_t)(n + 8);
	}
	memcpy(b + 20 + (udp ? 8 : 0), pl, n);
	return tot;
}

/* Dissect e->buf[0..len) as IPv4, of which caplen captured. */
static inline void
l2t_run(struct l2t_env *e, size_t len, size_t caplen)
{
	e->f.number++;
	e->f.caplen = (uint32_t)caplen;
	e->f.len = (uint32_t)len;
	e->f.data = e->buf;
	e->f.linktype = TS_LINKTYPE_IPV4;
	dissect_bytes(&e->ctx, &e->f, &e->pkt, DT_ETHERTYPE, 0x0800);
}

/* Shortcut: UDP 1701 <-> 1701 between a and b. */
static inline void
l2t_udp(struct l2t_env *e, uint32_t a, uint32_t b, const uint8_t *pl,
    size_t n)
{
	l2t_run(e, l2t_wrap(e, a, b, 1, 1701, 1701, pl, n),
	    l2t_wrap(e, a, b, 1, 1701, 1701, pl, n));
}

static inline const struct layer *
l2t_layer(const struct l2t_env *e, unsigned proto, unsigned nth)
{
	unsigned i;

	for (i = 0; i < e->pkt.nlayers; i++)
		if (e->pkt.layers[i].proto == proto && nth-- == 0)
			return &e->pkt.layers[i];
	return NULL;
}

static inline const char *
l2t_info(struct l2t_env *e)
{
	const struct layer *l = l2t_layer(e, PROTO_L2TP, 0);
	struct textbuf tb;

	tb_init(&tb, e->text, sizeof(e->text));
	if (l != NULL && l->d->info != NULL)
		l->d->info(l, &tb);
	return e->text;
}

static inline const char *
l2t_detail(struct l2t_env *e)
{
	const struct layer *l = l2t_layer(e, PROTO_L2TP, 0);
	struct textbuf tb;

	tb_init(&tb, e->text, sizeof(e->text));
	if (l != NULL && l->d->detail != NULL)
		l->d->detail(l, &tb);
	return e->text;
}

static inline int
l2t_anom(const struct l2t_env *e, const char *name)
{
	unsigned i;

	for (i = 0; i < e->pkt.nanom; i++)
		if (strcmp(e->pkt.anom[i].name, name) == 0)
			return 1;
	return 0;
}

/* Anomalies other than the L4 checksum note (tests build no checksums). */
static inline unsigned
l2t_nanom(const struct l2t_env *e)
{
	unsigned i, n = 0;

	for (i = 0; i < e->pkt.nanom; i++)
		if (strncmp(e->pkt.anom[i].name, "udp.", 4) != 0)
			n++;
	return n + e->pkt.anom_dropped;
}

#define RT01	0xc0a80101u	/* 192.168.1.1 */
#define RT03	0xc0a8c803u	/* 192.168.200.3 */

#endif /* TS_L2TP_UTIL_H */
