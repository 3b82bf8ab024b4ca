/* out_l2tp.c - L2TPv3 views: summary findings and blocks, collapsed timeline, `-T status`, report rows (RFC 3931).
 *
 * Read-only over the engine.  Every packet-derived string (host and
 * vendor names, causes, finding text) is escaped with tb_esc at the sink.
 * The status view rebuilds, per control connection and per LCCE, the
 * fields of a router's `show status l2tp` (STORY.md): what that LCCE
 * would report if asked at the end of the capture.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_out.h"
#include "diagnose.h"
#include "l2tp.h"
#include "report.h"
#include "source.h"
#include "textbuf.h"
#include "timefmt.h"
#include "track_l2tp_priv.h"

#define NS_PER_S	1000000000LL
#define WRAP		76
#define GROUP_FULL	5	/* findings of one rule shown in full */
#define MAX_GROUPS	64
#define SUMMARY_CONNS	50	/* control connections shown in full */
#define TIMELINE_MAX	200

static void
put_esc(struct textbuf *tb, const char *s)
{
	tb_esc(tb, (const uint8_t *)s, strlen(s));
}

static int
view_digits(const struct view_labels *vl, uint32_t v)
{
	return vl != NULL && vl->digits != NULL ? vl->digits(vl->arg, v) : 6;
}

/* "09:00:05.000000" (UTC time of day). */
static void
put_tod(struct textbuf *tb, int64_t ns, int digits)
{
	int64_t s = ns / NS_PER_S, frac = ns % NS_PER_S;

	if (ns < 0) {
		tb_printf(tb, "-");
		return;
	}
	tb_printf(tb, "%02d:%02d:%02d", (int)(s / 3600 % 24),
	    (int)(s / 60 % 60), (int)(s % 60));
	if (digits == 9)
		tb_printf(tb, ".%09lld", (long long)frac);
	else
		tb_printf(tb, ".%06lld", (long long)(frac / 1000));
}

static void
put_ref(struct textbuf *tb, const struct view_labels *vl,
    const struct evref *r)
{
	evref_format(tb, r, vl != NULL ? vl->label : NULL,
	    vl != NULL ? vl->arg : NULL);
}

static int
flush_line(FILE *fp, struct textbuf *tb)
{
	fputs(tb->buf, fp);
	fputc('\n', fp);
	tb_reset(tb);
	return ferror(fp) ? -1 : 0;
}

/* Escaped text wrapped at WRAP columns after an indent. */
static void
put_wrapped(FILE *fp, const char *indent, const char *s)
{
	char esc[4 * FINDING_TEXT_MAX + 8];
	struct textbuf tb;
	size_t len, col, i, ind = strlen(indent);
	const char *p;

	tb_init(&tb, esc, sizeof(esc));
	put_esc(&tb, s);
	p = esc;
	len = strlen(p);
	while (len > 0) {
		size_t room = WRAP > ind ? WRAP - ind : 20, cut;

		if (len <= room) {
			fprintf(fp, "%s%s\n", indent, p);
			break;
		}
		cut = room;
		for (i = room; i > room / 2; i--)
			if (p[i] == ' ') {
				cut = i;
				break;
			}
		fprintf(fp, "%s%.*s\n", indent, (int)cut, p);
		col = cut;
		while (col < len && p[col] == ' ')
			col++;
		p += col;
		len -= col;
	}
}

/* ---- findings ---- */

int
out_findings_summary(FILE *fp, const struct engine *eng,
    const struct view_labels *vl)
{
	size_t n = finding_count(eng->findings), k, i, nerr = 0, nwarn = 0,
	    ninfo = 0;
	const struct finding **v;
	char line[4096];
	struct textbuf tb;
	struct {
		const char	*rule;
		unsigned	 sev;
		size_t		 n;
	} groups[MAX_GROUPS];
	size_t ngroups = 0;

	if (n == 0)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return -1;
	k = finding_sorted(eng->findings, v, FINDING_ROOTS);
	for (i = 0; i < n; i++) {
		const struct finding *f = finding_by_id(eng->findings,
		    (uint32_t)i + 1);

		if (f == NULL)
			continue;
		if (f->severity == SEV_ERROR)
			nerr++;
		else if (f->severity == SEV_WARNING)
			nwarn++;
		else
			ninfo++;
	}
	memset(groups, 0, sizeof(groups));
	fprintf(fp, "Findings   %zu error%s, %zu warning%s, %zu info "
	    "(%zu root cause%s shown)\n", nerr, nerr == 1 ? "" : "s", nwarn,
	    nwarn == 1 ? "" : "s", ninfo, k, k == 1 ? "" : "s");
	tb_init(&tb, line, sizeof(line));
	for (i = 0; i < k; i++) {
		const struct finding *f = v[i];
		unsigned j;
		size_t g;

		/* many of one kind (a concentrator's tunnels): the first
		 * ones in full, the rest counted at the end */
		for (g = 0; g < ngroups; g++)
			if (groups[g].rule == f->rule &&
			    groups[g].sev == f->severity)
				break;
		if (g == ngroups && ngroups < MAX_GROUPS) {
			groups[g].rule = f->rule;
			groups[g].sev = f->severity;
			groups[g].n = 0;
			ngroups++;
		}
		if (g < ngroups && groups[g].n++ >= GROUP_FULL)
			continue;

		tb_printf(&tb, "  %-7s %s  ", finding_severity_name(
		    f->severity), f->rule);
		if (f->entity_name[0] != '\0')
			put_esc(&tb, f->entity_name);
		else
			tb_puts(&tb, "capture");
		flush_line(fp, &tb);
		put_wrapped(fp, "    ", f->title);
		put_wrapped(fp, "      ", f->explanation);
		if (f->remediation[0] != '\0') {
			char fix[FINDING_REMEDY_MAX + 8];

			snprintf(fix, sizeof(fix), "fix: %s", f->remediation);
			put_wrapped(fp, "      ", fix);
		}
		tb_puts(&tb, "      evidence: ");
		evref_list_format(&tb, f->ev, f->nev, f->ev_more,
		    vl != NULL ? vl->label : NULL, vl != NULL ? vl->arg : NULL);
		flush_line(fp, &tb);
		for (j = 0; j < f->nsymptoms; j++) {
			const struct finding *s = finding_by_id(eng->findings,
			    f->symptoms[j]);

			if (s == NULL)
				continue;
			tb_printf(&tb, "      explains %s %s  ",
			    finding_severity_name(s->severity), s->rule);
			put_esc(&tb, s->entity_name);
			flush_line(fp, &tb);
			put_wrapped(fp, "        ", s->title);
			put_wrapped(fp, "          ", s->explanation);
			tb_puts(&tb, "          evidence: ");
			evref_list_format(&tb, s->ev, s->nev, s->ev_more,
			    vl != NULL ? vl->label : NULL,
			    vl != NULL ? vl->arg : NULL);
			flush_line(fp, &tb);
		}
	}
	for (i = 0; i < ngroups; i++)
		if (groups[i].n > GROUP_FULL)
			fprintf(fp, "  ... and %zu more %s %s findings like those "
			    "(every one: -T events or --report)\n",
			    groups[i].n - GROUP_FULL,
			    finding_severity_name(groups[i].sev),
			    groups[i].rule);
	free(v);
	return ferror(fp) ? -1 : 0;
}

/* ---- control connection blocks ---- */

static const char *
pw_name(unsigned t)
{
	switch (t) {
	case 1: return "Frame Relay DLCI";
	case 2: return "ATM AAL5 SDU VCC";
	case 3: return "ATM cell transparent port";
	case 4: return "Ethernet VLAN";
	case 5: return "Ethernet";
	case 6: return "HDLC";
	case 7: return "PPP";
	default: return NULL;
	}
}

static void
put_side(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct l2t_ctl *c, unsigned i, const struct view_labels *vl)
{
	const struct l2t_side *s = &c->s[i];
	char b[32];

	tb_printf(tb, "    %s ", i == 0 ? (c->initiator_known ? "initiator" :
	    "side A   ") : (c->initiator_known ? "responder" : "side B   "));
	l2t_put_addr(tb, &c->addr[i]);
	if (c->transport == 17)
		tb_printf(tb, ":%u", s->port);
	if (s->host[0] != '\0') {
		tb_puts(tb, "  host ");
		put_esc(tb, s->host);
	}
	if (s->vendor[0] != '\0') {
		tb_puts(tb, "  vendor \"");
		put_esc(tb, s->vendor);
		tb_puts(tb, "\"");
	}
	if (s->router_id != 0) {
		tb_puts(tb, "  router-id ");
		tb_ip4(tb, s->router_id);
	}
	if (s->ccid != 0)
		tb_printf(tb, "  ccid %u", s->ccid);
	tb_printf(tb, "  state %s", track_state_name(eng->track, EK_L2TP_CTL,
	    c->e->state[i], b, sizeof(b)));
	flush_line(fp, tb);
	tb_printf(tb, "      sent %llu message%s (%llu retransmitted, %llu "
	    "duplicate), %llu ZLB, %llu ACK; Hello %llu (%llu acked",
	    (unsigned long long)s->msgs, s->msgs == 1 ? "" : "s",
	    (unsigned long long)s->retrans, (unsigned long long)s->dups,
	    (unsigned long long)s->zlbs, (unsigned long long)s->acks,
	    (unsigned long long)s->hellos, (unsigned long long)s->hellos_acked);
	if (s->hello_gaps > 0)
		tb_printf(tb, ", every %.0f s", (double)s->hello_gap_min / 1e9);
	tb_puts(tb, ")");
	if (s->rws != 0)
		tb_printf(tb, "; RWS %u", s->rws);
	if (s->npwcaps > 0) {
		unsigned k;

		tb_puts(tb, "; PW");
		for (k = 0; k < s->npwcaps; k++) {
			const char *n = pw_name(s->pwcaps[k]);

			if (n != NULL)
				tb_printf(tb, "%s %s", k ? "," : "", n);
			else
				tb_printf(tb, "%s %u", k ? "," : "",
				    s->pwcaps[k]);
		}
	}
	if (s->have_tie)
		tb_printf(tb, "; tie breaker %02x%02x%02x%02x%02x%02x%02x%02x",
		    s->tie[0], s->tie[1], s->tie[2], s->tie[3], s->tie[4],
		    s->tie[5], s->tie[6], s->tie[7]);
	if (s->port_changed)
		tb_printf(tb, "; port changed from %u", s->first_port);
	if (s->nrtt > 0)
		tb_printf(tb, "; RTT %.3f-%.3f s", (double)s->rtt_min / 1e9,
		    (double)s->rtt_max / 1e9);
	if (s->ntransit > 0)
		tb_printf(tb, "; between vantages %.6f-%.6f s",
		    (double)s->transit_min / 1e9, (double)s->transit_max / 1e9);
	if (s->lost_between > 0) {
		tb_printf(tb, "; %u seen at one vantage only (first ",
		    s->lost_between);
		put_ref(tb, vl, &s->lost_ev);
		tb_puts(tb, ")");
	}
	flush_line(fp, tb);
}

static void
put_sess(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct l2t_ctl *c, const struct l2t_sess *s)
{
	char b0[32], b1[32];
	unsigned ss, k;

	tb_puts(tb, "    session ");
	put_esc(tb, s->e->name);
	tb_printf(tb, "  state %s/%s", track_state_name(eng->track,
	    EK_L2TP_SESSION, s->e->state[0], b0, sizeof(b0)),
	    track_state_name(eng->track, EK_L2TP_SESSION, s->e->state[1], b1,
	    sizeof(b1)));
	if (s->pw_type != L2TP_NONE16) {
		const char *n = pw_name(s->pw_type);

		if (n != NULL)
			tb_printf(tb, "  PW %s", n);
		else
			tb_printf(tb, "  PW type %u", s->pw_type);
	}
	if (s->remote_end[0] != '\0') {
		tb_puts(tb, "  remote end \"");
		put_esc(tb, s->remote_end);
		tb_puts(tb, "\"");
	}
	if (s->static_sess)
		tb_puts(tb, c->static_tunnel ? "  (static)" : "  (joined late)");
	flush_line(fp, tb);
	for (ss = 0; ss < 2; ss++) {
		const struct l2t_sside *d = &s->s[ss];
		unsigned cs = ss == 0 ? s->cside0 : !s->cside0;

		tb_puts(tb, "      to ");
		l2t_put_addr(tb, &c->addr[cs]);
		if (d->sid != UINT32_MAX)
			tb_printf(tb, " (session %u)", d->sid);
		tb_printf(tb, ": %llu packets, %llu octets",
		    (unsigned long long)d->rx_pkts,
		    (unsigned long long)d->rx_octets);
		if (d->have_avps) {
			tb_puts(tb, "; cookie ");
			if (d->cookie_len > 0)
				tb_hex(tb, d->cookie, d->cookie_len);
			else
				tb_puts(tb, "none");
			tb_printf(tb, ", L2SS %s", d->l2ss == 0 ? "none" :
			    d->l2ss == 1 ? "default" : "other");
		}
		if (d->circuit != 0xffff)
			tb_printf(tb, "; circuit %s", d->circuit & 1 ? "up" :
			    "down");
		if (d->cookie_bad)
			tb_printf(tb, "; %llu with a wrong cookie",
			    (unsigned long long)d->cookie_bad);
		if (d->l2ss_bad)
			tb_printf(tb, "; %llu with a wrong L2SS",
			    (unsigned long long)d->l2ss_bad);
		if (l2t_rare(d)->nwen) {
			const uint32_t *w = l2t_rare(d)->wen;

			tb_printf(tb, "; WEN crc %u framing %u hw-overrun %u "
			    "buf-overrun %u timeout %u alignment %u",
			    w[0], w[1], w[2], w[3], w[4], w[5]);
		}
		flush_line(fp, tb);
	}
	if (s->ninner > 0 || s->ninner6 > 0 || s->nmacs > 0) {
		int atleast;
		unsigned more = l2t_more_count(s, &atleast);

		tb_puts(tb, "      inside:");
		for (k = 0; k < s->ninner; k++) {
			tb_putc(tb, ' ');
			tb_ip4(tb, s->inner[k].addr);
		}
		for (k = 0; k < s->ninner6; k++) {
			tb_putc(tb, ' ');
			tb_ip6(tb, s->inner6[k]);
		}
		if (more)
			tb_printf(tb, " (+%u%s more)", more, atleast ?
			    " or" : "");
		if (s->nmacs > 0)
			tb_puts(tb, s->ninner > 0 || s->ninner6 > 0 || more ?
			    "; MACs" : " MACs");
		for (k = 0; k < s->nmacs; k++) {
			tb_putc(tb, ' ');
			tb_mac(tb, s->macs[k]);
		}
		if (s->arp_min != UINT32_MAX && s->arp_min != s->arp_max) {
			uint32_t d = s->arp_min ^ s->arp_max;
			unsigned plen = 32;

			while (d != 0) {
				d >>= 1;
				plen--;
			}
			tb_puts(tb, "; ARP on one link within ");
			tb_ip4(tb, plen ? s->arp_min & (~0u << (32 - plen)) :
			    0);
			tb_printf(tb, "/%u", plen);
		}
		flush_line(fp, tb);
	}
}

static void
put_ctl(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct l2t_ctl *c, const struct view_labels *vl)
{
	const struct entity *e = c->e, *ch;
	int d = view_digits(vl, e->first.vantage);

	tb_puts(tb, "  ");
	put_esc(tb, e->name);
	tb_printf(tb, "  [%s]", e->uid);
	flush_line(fp, tb);
	tb_printf(tb, "    L2TPv3 over %s", c->transport == 17 ? "UDP" :
	    "IP (protocol 115)");
	if (c->joined_late)
		tb_puts(tb, ", joined late (set-up not captured)");
	if (c->static_tunnel)
		tb_puts(tb, ", no control plane (static tunnel)");
	tb_puts(tb, "; seen ");
	put_tod(tb, e->first.ts_ns, d);
	tb_puts(tb, " .. ");
	put_tod(tb, e->last.ts_ns, d);
	tb_puts(tb, " UTC (");
	put_ref(tb, vl, &e->first);
	tb_puts(tb, " .. ");
	put_ref(tb, vl, &e->last);
	tb_puts(tb, ")");
	if (c->close_reason[0] != '\0') {
		tb_puts(tb, "; ");
		put_esc(tb, c->close_reason);
	}
	if (e->nrelated > 0)
		tb_printf(tb, "; %u related", e->nrelated);
	flush_line(fp, tb);
	if (!c->static_tunnel) {
		put_side(fp, tb, eng, c, 0, vl);
		put_side(fp, tb, eng, c, 1, vl);
	}
	if (c->unknown_data)
		tb_printf(tb, "    %llu data packets for unknown sessions\n",
		    (unsigned long long)c->unknown_data);
	if (tb->len > 0) {
		fputs(tb->buf, fp);
		tb_reset(tb);
	}
	for (ch = e->child; ch != NULL; ch = ch->sibling) {
		const struct l2t_sess *s = l2t_sess_of(ch);

		if (s != NULL)
			put_sess(fp, tb, eng, c, s);
	}
}

struct tl_item {
	const struct entity	*e;
	const struct transition	*t;
};

static int
tl_cmp(const void *a, const void *b)
{
	const struct tl_item *x = a, *y = b;

	return x->t->seq < y->t->seq ? -1 : x->t->seq > y->t->seq;
}

/* Keep the TIMELINE_MAX earliest entries in v, a max-heap on seq of at
 * most TIMELINE_MAX: the summary shows those, however long the capture. */
static void
tl_keep(struct tl_item *v, size_t *nv, const struct entity *e,
    const struct transition *t)
{
	size_t i = *nv, c;

	if (i < TIMELINE_MAX) {			/* sift up */
		(*nv)++;
		while (i > 0 && v[(i - 1) / 2].t->seq < t->seq) {
			v[i] = v[(i - 1) / 2];
			i = (i - 1) / 2;
		}
	} else if (t->seq < v[0].t->seq) {	/* replace the latest */
		i = 0;
		for (;;) {
			c = 2 * i + 1;
			if (c >= *nv)
				break;
			if (c + 1 < *nv && v[c + 1].t->seq > v[c].t->seq)
				c++;
			if (v[c].t->seq < t->seq)
				break;
			v[i] = v[c];
			i = c;
		}
	} else
		return;
	v[i].e = e;
	v[i].t = t;
}

static void
put_timeline(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	struct tl_item *v;
	size_t n = 0, nv = 0, i, k;
	unsigned kind;

	if ((v = calloc(TIMELINE_MAX, sizeof(*v))) == NULL)
		return;
	/* BGP sessions interleaved with the tunnels */
	for (kind = EK_L2TP_CTL; kind <= EK_BGP_SESSION; kind++)
		for (e = track_first(eng->track, kind); e != NULL;
		    e = track_next(e)) {
			const struct transition *t = track_timeline(e, &k);

			for (i = 0; i < k; i++)
				tl_keep(v, &nv, e, &t[i]);
			n += k;
		}
	if (n == 0) {
		free(v);
		return;
	}
	qsort(v, nv, sizeof(*v), tl_cmp);
	fprintf(fp, "Timeline   %zu entries (repeats folded)\n", n);
	for (i = 0; i < nv; i++) {
		const struct transition *t = v[i].t;
		char b0[32], b1[32];
		int d = view_digits(vl, t->nev ? t->ev[0].vantage : 0);

		tb_puts(tb, "  ");
		put_tod(tb, t->first_ts, d);
		tb_putc(tb, ' ');
		if (t->nev > 0)
			put_ref(tb, vl, &t->ev[0]);
		else
			tb_putc(tb, '-');
		tb_putc(tb, ' ');
		put_esc(tb, v[i].e->name);
		tb_printf(tb, " %s: %s -> %s (",
		    track_side_name(eng->track, v[i].e->kind, t->side),
		    track_state_name(eng->track, v[i].e->kind, t->from, b0,
		    sizeof(b0)), track_state_name(eng->track, v[i].e->kind,
		    t->to, b1, sizeof(b1)));
		put_esc(tb, t->cause);
		if (t->flags & TR_INFERRED)
			tb_puts(tb, ", inferred");
		tb_putc(tb, ')');
		if (t->count > 1)
			tb_printf(tb, " x%u over %.0f s", t->count,
			    (double)(t->last_ts - t->first_ts) / 1e9);
		flush_line(fp, tb);
	}
	if (n > TIMELINE_MAX)
		fprintf(fp, "  ... and %zu more (every one: -T events or "
		    "--report)\n", n - TIMELINE_MAX);
	free(v);
}

int
out_l2tp_summary(FILE *fp, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	char line[4096];
	struct textbuf tb;
	size_t nc = 0, ns = 0, shown = 0;

	for (e = track_first(eng->track, EK_L2TP_CTL); e != NULL;
	    e = track_next(e))
		nc++;
	for (e = track_first(eng->track, EK_L2TP_SESSION); e != NULL;
	    e = track_next(e))
		ns++;
	if (nc == 0)
		return 0;
	tb_init(&tb, line, sizeof(line));
	fprintf(fp, "L2TPv3     %zu control connection%s, %zu session%s\n",
	    nc, nc == 1 ? "" : "s", ns, ns == 1 ? "" : "s");
	for (e = track_first(eng->track, EK_L2TP_CTL); e != NULL;
	    e = track_next(e)) {
		const struct l2t_ctl *c = l2t_ctl_of(e);

		if (c != NULL && shown++ < SUMMARY_CONNS)
			put_ctl(fp, &tb, eng, c, vl);
	}
	if (shown > SUMMARY_CONNS)
		fprintf(fp, "  ... and %zu more control connections (every "
		    "one: -T status or --report)\n", shown - SUMMARY_CONNS);
	put_timeline(fp, &tb, eng, vl);
	return ferror(fp) ? -1 : 0;
}

/* ---- -T status ---- */

static const char *
router_state(unsigned s)
{
	switch (s) {
	case L2C_IDLE:			return "idle";
	case L2C_WAIT_CTL_REPLY:	return "wait_ctl_reply";
	case L2C_WAIT_CTL_CONN:		return "wait_ctl_conn";
	case L2C_ESTABLISHED:		return "established";
	case L2C_CLOSED:		return "closed";
	default:			return "unknown";
	}
}

static const char *
router_sess_state(unsigned s)
{
	switch (s) {
	case L2S_IDLE:			return "idle";
	case L2S_WAIT_CTL_CONN:		return "wait_ctl_conn";
	case L2S_WAIT_REPLY:		return "wait_reply";
	case L2S_WAIT_CONNECT:		return "wait_connect";
	case L2S_WAIT_CS_ANSWER:	return "wait_cs_answer";
	case L2S_ESTABLISHED:		return "established";
	case L2S_CLOSED:		return "closed";
	default:			return "unknown";
	}
}

static void
put_uptime(struct textbuf *tb, int64_t ns)
{
	int64_t s = ns / NS_PER_S;

	if (s < 0)
		s = 0;
	if (s >= 86400)
		tb_printf(tb, "%lldd ", (long long)(s / 86400));
	tb_printf(tb, "%02d:%02d:%02d", (int)(s / 3600 % 24),
	    (int)(s / 60 % 60), (int)(s % 60));
}

static void
status_lcce(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct l2t_ctl *c, unsigned me)
{
	const struct l2t_side *l = &c->s[me], *r = &c->s[!me];
	const struct entity *ch;
	unsigned nsess = 0, k = 0;

	for (ch = c->e->child; ch != NULL; ch = ch->sibling)
		if (l2t_sess_of(ch) != NULL)
			nsess++;
	tb_puts(tb, "[");
	if (l->host[0] != '\0') {
		put_esc(tb, l->host);
		tb_putc(tb, ' ');
	}
	l2t_put_addr(tb, &c->addr[me]);
	tb_puts(tb, "] show status l2tp (rebuilt from packets)");
	flush_line(fp, tb);
	if (l->frames == 0 && !c->static_tunnel) {
		tb_printf(tb, "  %s, nothing sent: no state of its own on the "
		    "wire (inferred: %s)",
		    c->initiator_known ? (me == 0 ? "initiator" :
		    "responder") : "LCCE", router_state(c->e->state[me]));
		flush_line(fp, tb);
		return;
	}
	tb_printf(tb, "  Tunnel state:                 %s%s",
	    c->static_tunnel ? "established (static, no control plane)" :
	    router_state(c->e->state[me]), c->joined_late ?
	    " (inferred: set-up not captured)" : "");
	flush_line(fp, tb);
	tb_puts(tb, "  Version:                      L2TPv3");
	flush_line(fp, tb);
	tb_printf(tb, "  Local tunnel ID:              ");
	if (l->ccid != 0 || c->static_tunnel)
		tb_printf(tb, "%u", l->ccid);
	else
		tb_puts(tb, "-");
	flush_line(fp, tb);
	tb_printf(tb, "  Remote tunnel ID:             %u", r->ccid);
	flush_line(fp, tb);
	tb_puts(tb, "  Local IP:                     ");
	l2t_put_addr(tb, &c->addr[me]);
	flush_line(fp, tb);
	tb_puts(tb, "  Remote IP:                    ");
	l2t_put_addr(tb, &c->addr[!me]);
	flush_line(fp, tb);
	if (c->transport == 17) {
		tb_printf(tb, "  Source port:                  %u", l->port);
		flush_line(fp, tb);
		tb_printf(tb, "  Destination port:             %u", r->port);
		flush_line(fp, tb);
	} else {
		tb_puts(tb, "  Transport:                    IP (protocol 115)");
		flush_line(fp, tb);
	}
	tb_puts(tb, "  Vendor name:                  ");
	put_esc(tb, r->vendor);
	flush_line(fp, tb);
	tb_puts(tb, "  Host name:                    ");
	put_esc(tb, r->host);
	flush_line(fp, tb);
	tb_printf(tb, "  Next Transmit sequence (Ns):  %u", l->have_ns ?
	    l->next_ns : 0);
	flush_line(fp, tb);
	tb_printf(tb, "  Next Receive sequence (Nr):   %u", r->have_ns ?
	    r->next_ns : 0);
	flush_line(fp, tb);
	tb_printf(tb, "  Number of sessions:           %u", nsess);
	flush_line(fp, tb);
	for (ch = c->e->child; ch != NULL; ch = ch->sibling) {
		const struct l2t_sess *s = l2t_sess_of(ch);
		unsigned ls, rs;
		int64_t up;

		if (s == NULL)
			continue;
		ls = me == s->cside0 ? 0 : 1;
		rs = !ls;
		tb_printf(tb, "  Session %u:", ++k);
		flush_line(fp, tb);
		tb_printf(tb, "    Session state:              %s",
		    router_sess_state(s->e->state[ls]));
		flush_line(fp, tb);
		tb_puts(tb, "    Local session ID:           ");
		if (s->s[ls].sid != UINT32_MAX)
			tb_printf(tb, "%u", s->s[ls].sid);
		else
			tb_puts(tb, "-");
		flush_line(fp, tb);
		tb_puts(tb, "    Remote session ID:          ");
		if (s->s[rs].sid != UINT32_MAX)
			tb_printf(tb, "%u", s->s[rs].sid);
		else
			tb_puts(tb, "-");
		flush_line(fp, tb);
		tb_printf(tb, "    Circuit Status (local/remote): %s/%s",
		    s->s[ls].circuit == 0xffff ? "-" :
		    s->s[ls].circuit & 1 ? "UP" : "DOWN",
		    s->s[rs].circuit == 0xffff ? "-" :
		    s->s[rs].circuit & 1 ? "UP" : "DOWN");
		flush_line(fp, tb);
		tb_puts(tb, "    Uptime:                     ");
		if (s->established_ts != 0) {
			up = (s->closed_ts ? s->closed_ts : eng->now) -
			    s->established_ts;
			put_uptime(tb, up);
		} else
			tb_puts(tb, "-");
		flush_line(fp, tb);
		tb_printf(tb, "    Received:                   %llu packets "
		    "[%llu octets]", (unsigned long long)s->s[ls].rx_pkts,
		    (unsigned long long)s->s[ls].rx_octets);
		flush_line(fp, tb);
		tb_printf(tb, "    Transmitted:                %llu packets "
		    "[%llu octets]", (unsigned long long)s->s[rs].rx_pkts,
		    (unsigned long long)s->s[rs].rx_octets);
		flush_line(fp, tb);
	}
}

int
out_l2tp_status(FILE *fp, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	char line[2048];
	struct textbuf tb;
	int first = 1;

	(void)vl;
	tb_init(&tb, line, sizeof(line));
	for (e = track_first(eng->track, EK_L2TP_CTL); e != NULL;
	    e = track_next(e)) {
		const struct l2t_ctl *c = l2t_ctl_of(e);

		if (c == NULL)
			continue;
		if (!first)
			fputc('\n', fp);
		first = 0;
		tb_puts(&tb, "control connection ");
		put_esc(&tb, e->name);
		flush_line(fp, &tb);
		status_lcce(fp, &tb, eng, c, 0);
		status_lcce(fp, &tb, eng, c, 1);
	}
	/* BGP sessions follow (out_bgp_status) */
	if (first && track_first(eng->track, EK_BGP_SESSION) == NULL)
		fputs("no L2TPv3 control connection or tunnel in this "
		    "capture\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- --report rows ---- */

static void
csv_addr(struct csv_out *c, const struct ts_addr *a)
{
	char b[64];
	struct textbuf tb;

	tb_init(&tb, b, sizeof(b));
	l2t_put_addr(&tb, a);
	csv_out_text(c, b);
}

static const char *
overall(const struct entity *e)
{
	if (e->state[0] == L2C_CLOSED || e->state[1] == L2C_CLOSED)
		return "closed";
	if (e->state[0] == L2C_ESTABLISHED && e->state[1] == L2C_ESTABLISHED)
		return "established";
	return l2tp_ctl_state_name(e->state[0]);
}

static const char *const ctl_extra[] = {
	"initiator_vendor", "responder_vendor", "joined_late", "static",
};

static int
ctl_row(void *arg, const struct report_ctx *ctx, struct csv_out *o,
    const struct entity *e)
{
	const struct l2t_ctl *c = l2t_ctl_of(e);
	unsigned i;

	(void)arg;
	if (c == NULL)
		return -1;
	csv_out_text(o, e->uid);
	csv_out_text(o, c->transport == 17 ? "udp" : "ip");
	for (i = 0; i < 2; i++) {
		csv_addr(o, &c->addr[i]);
		if (c->transport == 17)
			csv_out_u64(o, c->s[i].port);
		else
			csv_out_empty(o);
		csv_out_u64(o, c->s[i].ccid);
		csv_out_text(o, c->s[i].host);
	}
	csv_out_text(o, overall(e));
	csv_out_text(o, l2tp_ctl_state_name(e->state[0]));
	csv_out_text(o, l2tp_ctl_state_name(e->state[1]));
	report_put_ts(o, ctx, c->established_ts, c->established_ts != 0);
	report_put_ts(o, ctx, c->closed_ts, c->closed_ts != 0);
	csv_out_text(o, c->close_reason);
	csv_out_u64(o, c->nsccrq);
	csv_out_u64(o, c->s[0].retrans + c->s[1].retrans);
	csv_out_u64(o, c->s[0].hellos + c->s[1].hellos);
	csv_out_u64(o, c->nsessions);
	csv_out_text(o, c->s[0].vendor);
	csv_out_text(o, c->s[1].vendor);
	csv_out_u64(o, c->joined_late);
	csv_out_u64(o, c->static_tunnel);
	return 0;
}

static void
csv_cookie(struct csv_out *o, const struct l2t_sside *d)
{
	char b[24];
	struct textbuf tb;

	if (!d->have_avps || d->cookie_len == 0) {
		csv_out_empty(o);
		return;
	}
	tb_init(&tb, b, sizeof(b));
	tb_hex(&tb, d->cookie, d->cookie_len);
	csv_out_text(o, b);
}

static int
sess_row(void *arg, const struct report_ctx *ctx, struct csv_out *o,
    const struct entity *e)
{
	const struct l2t_sess *s = l2t_sess_of(e);
	char b[L2T_INNER * 16 + L2T_INNER6 * 40 + 8];	/* "a.b.c.d " and IPv6 */
	struct textbuf tb;
	unsigned k;

	(void)arg;
	if (s == NULL)
		return -1;
	csv_out_text(o, e->uid);
	csv_out_text(o, e->parent != NULL ? e->parent->uid : NULL);
	for (k = 0; k < 2; k++)
		if (s->s[k].sid != UINT32_MAX)
			csv_out_u64(o, s->s[k].sid);
		else
			csv_out_empty(o);
	if (s->pw_type != L2TP_NONE16)
		csv_out_u64(o, s->pw_type);
	else
		csv_out_empty(o);
	csv_out_text(o, s->remote_end);
	csv_cookie(o, &s->s[0]);
	csv_cookie(o, &s->s[1]);
	csv_out_text(o, s->s[0].l2ss || s->s[1].l2ss ? "default" : "none");
	csv_out_text(o, e->state[0] == L2S_ESTABLISHED && e->state[1] ==
	    L2S_ESTABLISHED ? "established" : e->state[0] == L2S_CLOSED ||
	    e->state[1] == L2S_CLOSED ? "closed" :
	    l2tp_sess_state_name(e->state[0]));
	report_put_ts(o, ctx, s->established_ts, s->established_ts != 0);
	report_put_ts(o, ctx, s->closed_ts, s->closed_ts != 0);
	csv_out_text(o, s->close_reason);
	csv_out_u64(o, s->s[1].rx_pkts);	/* to the responder */
	csv_out_u64(o, s->s[0].rx_pkts);
	tb_init(&tb, b, sizeof(b));
	for (k = 0; k < s->ninner; k++) {
		if (k)
			tb_putc(&tb, ' ');
		tb_ip4(&tb, s->inner[k].addr);
	}
	for (k = 0; k < s->ninner6; k++) {
		if (k || s->ninner)
			tb_putc(&tb, ' ');
		tb_ip6(&tb, s->inner6[k]);
	}
	csv_out_text(o, b);
	return 0;
}

const struct report_rows l2t_ctl_rows = {
	ctl_extra, sizeof(ctl_extra) / sizeof(ctl_extra[0]), ctl_row,
};

const struct report_rows l2t_sess_rows = {
	NULL, 0, sess_row,
};

/* ---- labels of a source set, for views run after the input ---- */

static const char *
src_label(void *arg, uint32_t v)
{
	const struct source_set *src = arg;

	return v < source_nvantages(src) ? source_vantage(src, v)->label :
	    NULL;
}

static int
src_digits(void *arg, uint32_t v)
{
	const struct source_set *src = arg;
	const struct vantage *van;

	if (v >= source_nvantages(src))
		return 6;
	van = source_vantage(src, v);
	return source_input(src, van->input)->nsec ? 9 : 6;
}

void
out_view_labels(struct view_labels *vl, const struct source_set *src)
{
	vl->label = src_label;
	vl->digits = src_digits;
	vl->arg = (void *)(uintptr_t)src;
}
