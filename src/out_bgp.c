/* out_bgp.c - -T status for BGP: `show status bgp neighbor` rebuilt from packets, per session and side (RFC 4271).
 *
 * Each BGP session is shown twice, as each router would show it: its
 * neighbor (the other side), both ASes, link type, the neighbor's router
 * ID, the side's inferred state and uptime, when it last heard the
 * neighbor, hold time and keepalive interval (negotiated, and the
 * interval its own KEEPALIVEs were seen at), messages and notifications
 * received and sent, connections established and dropped, the last reset
 * and the current connection's hosts and ports.  "Now" is the time of the
 * capture's last frame.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "csv_out.h"
#include "diagnose.h"
#include "report.h"
#include "textbuf.h"
#include "timefmt.h"
#include "track.h"
#include "track_bgp.h"
#include "track_l2tp.h"

#define NS	1000000000LL

static const char *const mtypes[6] = {
	"other", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"
};

static void
put_addr(struct textbuf *tb, int af, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(af == 6 ? AF_INET6 : AF_INET, a, s, sizeof(s)) == NULL)
		snprintf(s, sizeof(s), "?");
	tb_puts(tb, s);
}

/* "3m01s", "2h05m", "1d02h" */
static void
put_dur(struct textbuf *tb, int64_t ns)
{
	int64_t s = ns / NS;

	if (s < 0)
		s = 0;
	if (s < 3600)
		tb_printf(tb, "%lldm%02llds", (long long)(s / 60),
		    (long long)(s % 60));
	else if (s < 86400)
		tb_printf(tb, "%lldh%02lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else
		tb_printf(tb, "%lldd%02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
}

static int
flush(FILE *fp, struct textbuf *tb)
{
	fputs(tb->buf, fp);
	fputc('\n', fp);
	tb_reset(tb);
	return ferror(fp) ? -1 : 0;
}

static void
put_notif(struct textbuf *tb, const struct bgp_side_facts *s)
{
	const char *cn = bgp_notif_code_name(s->last_code);
	const char *sn = bgp_notif_subcode_name(s->last_code, s->last_sub);

	tb_printf(tb, "%u/%u %s", s->last_code, s->last_sub,
	    cn != NULL ? cn : "unknown");
	if (sn != NULL)
		tb_printf(tb, "/%s", sn);
	if (s->last_text[0] != '\0') {
		tb_puts(tb, " \"");
		tb_esc(tb, (const uint8_t *)s->last_text,
		    strlen(s->last_text));
		tb_putc(tb, '"');
	}
	if (s->last_has_as)
		tb_printf(tb, " (data: AS %u)", s->last_data_as);
}

/* "IPv4 unicast, IPv6 unicast"; "none" */
static void
put_fams(struct textbuf *tb, uint16_t bits)
{
	unsigned i, n = 0;

	for (i = 0; i < 16; i++)
		if (bits & (1u << i))
			tb_printf(tb, "%s%s", n++ ? ", " : "", bgp_fam_name(i));
	if (n == 0)
		tb_puts(tb, "none");
}

/* Prefixes a side sent per family: "ipv4/unicast +10 -2; ipv6/unicast
 * +17 -3"; empty string when none (the caller says "none"). */
static void
put_pfam(struct textbuf *tb, const struct bgp_side_facts *m)
{
	unsigned i;

	for (i = 0; i < m->npfam && i < BGP_SIDE_FAMS; i++) {
		if (i > 0)
			tb_puts(tb, "; ");
		bgp_fam_text(tb, m->pfam[i].afi, m->pfam[i].safi);
		tb_printf(tb, " +%llu -%llu",
		    (unsigned long long)m->pfam[i].ann,
		    (unsigned long long)m->pfam[i].wd);
	}
	if (m->pfam_more)
		tb_puts(tb, i > 0 ? "; more families not counted" :
		    "families not counted");
}

/* Session facts of families, ADD-PATH, graceful restart,
 * End-of-RIB and prefixes, as side `me` sees them. */
static void
side_caps(FILE *fp, struct textbuf *tb, const struct bgp_sess_facts *f,
    unsigned me)
{
	const struct bgp_side_facts *m = &f->s[me], *p = &f->s[!me];

	if (m->open_seen && p->open_seen) {
		tb_puts(tb, "  Address families: ");
		put_fams(tb, bgp_sess_families(f));
		tb_puts(tb, "; ADD-PATH send: ");
		put_fams(tb, bgp_sess_addpath(f, me));
		tb_puts(tb, ", receive: ");
		put_fams(tb, bgp_sess_addpath(f, !me));
		flush(fp, tb);
		tb_printf(tb, "  Graceful restart: local %s, remote %s; "
		    "4-octet AS: %s", m->caps ? (m->gr ? "yes" : "no") : "?",
		    p->caps ? (p->gr ? "yes" : "no") : "?", m->caps &&
		    p->caps ? (m->as4 && p->as4 ? "yes" : "no") : "?");
		flush(fp, tb);
	}
	tb_puts(tb, "  End-of-RIB received for ");
	put_fams(tb, p->eor);
	tb_puts(tb, "; sent for ");
	put_fams(tb, m->eor);
	flush(fp, tb);
	tb_printf(tb, "  Prefixes: received %llu announced, %llu withdrawn; "
	    "sent %llu announced, %llu withdrawn",
	    (unsigned long long)p->pfx_ann, (unsigned long long)p->pfx_wd,
	    (unsigned long long)m->pfx_ann, (unsigned long long)m->pfx_wd);
	flush(fp, tb);
	tb_puts(tb, "    Received by family: ");
	if (p->npfam == 0 && !p->pfam_more)
		tb_puts(tb, "none");
	put_pfam(tb, p);
	flush(fp, tb);
	tb_puts(tb, "    Sent by family: ");
	if (m->npfam == 0 && !m->pfam_more)
		tb_puts(tb, "none");
	put_pfam(tb, m);
	flush(fp, tb);
}

static void
side_status(FILE *fp, struct textbuf *tb, const struct entity *e,
    const struct bgp_sess_facts *f, unsigned me, int64_t now)
{
	const struct bgp_side_facts *m = &f->s[me], *p = &f->s[!me];
	uint64_t tot_s = 0, tot_r = 0;
	unsigned t, st = e->state[me];

	tb_puts(tb, " as seen by ");
	put_addr(tb, f->af, m->addr);
	tb_putc(tb, ':');
	flush(fp, tb);
	tb_puts(tb, "  BGP neighbor is ");
	put_addr(tb, f->af, p->addr);
	if (p->open_seen)
		tb_printf(tb, ", remote AS %u", p->asn);
	else
		tb_puts(tb, ", remote AS unknown (no OPEN captured)");
	if (m->open_seen)
		tb_printf(tb, ", local AS %u", m->asn);
	if (p->open_seen && m->open_seen)
		tb_printf(tb, ", %s link", p->asn == m->asn ? "internal" :
		    "external");
	flush(fp, tb);
	tb_puts(tb, "  BGP version 4, remote router ID ");
	if (p->open_seen) {
		uint32_t id = htonl(p->id);

		put_addr(tb, 4, (const uint8_t *)&id);
	} else
		tb_puts(tb, "unknown");
	flush(fp, tb);
	tb_printf(tb, "  BGP state = %s", bgp_fsm_state_name(st));
	if (st == BGS_ESTABLISHED && m->up_since != 0) {
		tb_puts(tb, ", up for ");
		put_dur(tb, now - m->up_since);
	}
	tb_puts(tb, " (inferred from the packets)");
	flush(fp, tb);
	tb_puts(tb, "  Last read ");
	if (p->last_msg_ts != 0) {
		put_dur(tb, now - p->last_msg_ts);
		tb_puts(tb, " before the end of the capture");
	} else
		tb_puts(tb, "never");
	tb_puts(tb, ", hold time is ");
	if (f->hold_neg != 0 || (m->open_seen && p->open_seen))
		tb_printf(tb, "%u", f->hold_neg);
	else
		tb_puts(tb, "unknown");
	tb_puts(tb, ", keepalive interval is ");
	if (m->ka_gaps != 0 && m->ka_gap_sum / m->ka_gaps < NS)
		tb_printf(tb, "%.3f seconds (observed: mean of %u interval%s, "
		    "last %.3f s)", (double)(m->ka_gap_sum / m->ka_gaps) / 1e9,
		    m->ka_gaps, m->ka_gaps == 1 ? "" : "s",
		    (double)m->ka_gap_last / 1e9);
	else if (m->ka_gaps != 0)
		tb_printf(tb, "%lld seconds (observed: mean of %u interval%s, "
		    "last %lld s)", (long long)((m->ka_gap_sum / m->ka_gaps +
		    NS / 2) / NS), m->ka_gaps, m->ka_gaps == 1 ? "" : "s",
		    (long long)((m->ka_gap_last + NS / 2) / NS));
	else if (f->hold_neg != 0)
		tb_printf(tb, "%u seconds (hold time / 3, not observed)",
		    f->hold_neg / 3);
	else
		tb_puts(tb, "unknown");
	flush(fp, tb);
	tb_puts(tb, "  Message statistics:");
	flush(fp, tb);
	tb_puts(tb, "    Sent:");
	for (t = 1; t <= 5; t++) {
		tb_printf(tb, " %s %llu%s", mtypes[t],
		    (unsigned long long)m->sent[t], t < 5 ? "," : "");
		tot_s += m->sent[t];
	}
	tb_printf(tb, "; total %llu", (unsigned long long)(tot_s + m->sent[0]));
	flush(fp, tb);
	tb_puts(tb, "    Rcvd:");
	for (t = 1; t <= 5; t++) {
		tb_printf(tb, " %s %llu%s", mtypes[t],
		    (unsigned long long)p->sent[t], t < 5 ? "," : "");
		tot_r += p->sent[t];
	}
	tb_printf(tb, "; total %llu", (unsigned long long)(tot_r + p->sent[0]));
	flush(fp, tb);
	tb_printf(tb, "  Notifications: sent %llu",
	    (unsigned long long)m->notif_sent);
	if (m->notif_sent) {
		tb_puts(tb, " (last ");
		put_notif(tb, m);
		tb_putc(tb, ')');
	}
	tb_printf(tb, ", received %llu", (unsigned long long)p->notif_sent);
	if (p->notif_sent) {
		tb_puts(tb, " (last ");
		put_notif(tb, p);
		tb_putc(tb, ')');
	}
	flush(fp, tb);
	side_caps(fp, tb, f, me);
	/* as this side saw them: the peer's inferred hold expiry is not a
	 * reset here */
	tb_printf(tb, "  Connection established %u; dropped %u",
	    m->conn_est, m->conn_drop);
	flush(fp, tb);
	tb_puts(tb, "  Last reset ");
	if (m->last_reset_ts != 0) {
		put_dur(tb, now - m->last_reset_ts);
		tb_puts(tb, " before the end of the capture, due to ");
		tb_esc(tb, (const uint8_t *)m->last_reset,
		    strlen(m->last_reset));
	} else
		tb_puts(tb, "never");
	flush(fp, tb);
	if (m->port != 0 || p->port != 0) {
		tb_puts(tb, "  Local host: ");
		put_addr(tb, f->af, m->addr);
		tb_printf(tb, ", Local port: %u", m->port);
		flush(fp, tb);
		tb_puts(tb, "  Foreign host: ");
		put_addr(tb, f->af, p->addr);
		tb_printf(tb, ", Foreign port: %u", p->port);
		flush(fp, tb);
	}
}

int
out_bgp_status(FILE *fp, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	char line[2048];
	struct textbuf tb;
	int64_t now = track_now(eng->track);
	int first = 1;

	(void)vl;
	tb_init(&tb, line, sizeof(line));
	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		const struct bgp_sess_facts *f = bgp_sess_facts(e);

		if (f == NULL)
			continue;
		/* after the L2TP part, or between sessions */
		if (!first || track_first(eng->track, EK_L2TP_CTL) != NULL)
			fputc('\n', fp);
		first = 0;
		tb_puts(&tb, "BGP session ");
		tb_esc(&tb, (const uint8_t *)e->name, strlen(e->name));
		tb_printf(&tb, " (%u TCP connection%s)", f->conns,
		    f->conns == 1 ? "" : "s");
		flush(fp, &tb);
		if (f->in_pw) {
			const struct entity *l2 = bgp_sess_carrier(eng, e);

			tb_puts(&tb, " carried by ");
			if (l2 != NULL) {
				tb_puts(&tb, "L2TPv3 session ");
				tb_esc(&tb, (const uint8_t *)l2->name,
				    strlen(l2->name));
				if (l2->parent != NULL) {
					tb_puts(&tb, " of control connection ");
					tb_esc(&tb, (const uint8_t *)
					    l2->parent->name,
					    strlen(l2->parent->name));
				}
			} else
				tb_puts(&tb, "an L2TPv3 pseudowire (no longer "
				    "tracked)");
			flush(fp, &tb);
		}
		side_status(fp, &tb, e, f, 0, now);
		side_status(fp, &tb, e, f, 1, now);
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- default summary ---- */

#define SUMMARY_SESSIONS	50	/* sessions shown in full */

static void
put_tod(struct textbuf *tb, int64_t ns)
{
	int64_t s = ns / NS;

	tb_printf(tb, "%02d:%02d:%02d.%06lld", (int)(s / 3600 % 24),
	    (int)(s / 60 % 60), (int)(s % 60), (long long)(ns % NS / 1000));
}

static void
put_esc(struct textbuf *tb, const char *s)
{
	tb_esc(tb, (const uint8_t *)s, strlen(s));
}

static void
sum_side(FILE *fp, struct textbuf *tb, const struct entity *e,
    const struct bgp_sess_facts *f, unsigned i)
{
	const struct bgp_side_facts *m = &f->s[i];
	unsigned t;

	tb_printf(tb, "    side %s ", i == 0 ? "A" : "B");
	put_addr(tb, f->af, m->addr);
	if (m->port != 0)
		tb_printf(tb, ":%u", m->port);
	if (m->open_seen) {
		uint32_t id = htonl(m->id);

		tb_printf(tb, "  AS %u  id ", m->asn);
		put_addr(tb, 4, (const uint8_t *)&id);
		tb_printf(tb, "  hold %u", m->hold);
	}
	tb_printf(tb, "  state %s", bgp_fsm_state_name(e->state[i]));
	tb_printf(tb, "; connections established %u, dropped %u",
	    m->conn_est, m->conn_drop);
	flush(fp, tb);
	tb_puts(tb, "      sent");
	for (t = 1; t <= 5; t++)
		tb_printf(tb, " %s %llu%s", mtypes[t],
		    (unsigned long long)m->sent[t], t < 5 ? "," : "");
	tb_printf(tb, "; prefixes +%llu -%llu",
	    (unsigned long long)m->pfx_ann, (unsigned long long)m->pfx_wd);
	if (m->npfam > 0 || m->pfam_more) {
		tb_puts(tb, " (");
		put_pfam(tb, m);
		tb_putc(tb, ')');
	}
	tb_printf(tb, "; SYN %u, RST %u, FIN %u", m->syns, m->rsts, m->fins);
	if (m->refused)
		tb_printf(tb, " (%u SYN%s refused)", m->refused,
		    m->refused == 1 ? "" : "s");
	if (m->notif_sent) {
		tb_puts(tb, "; NOTIFICATION ");
		put_notif(tb, m);
	}
	if (m->ka_gaps != 0) {
		double mean = (double)(m->ka_gap_sum / m->ka_gaps) / 1e9;

		tb_printf(tb, mean >= 1 ? "; KEEPALIVE every %.0f s" :
		    "; KEEPALIVE every %.3f s", mean);
	}
	if (m->last_msg_ts != 0) {
		tb_puts(tb, "; last message ");
		put_tod(tb, m->last_msg_ts);
	}
	if (m->hold_expired) {
		tb_puts(tb, "; its hold timer ran out ");
		put_tod(tb, m->hold_expired_ts);
	}
	if (m->caps) {
		tb_puts(tb, "; OPEN: families ");
		put_fams(tb, m->fam != 0 ? m->fam : 1u << BGP_FAM_IPV4_UNI);
		if (m->ap_send | m->ap_recv) {
			tb_puts(tb, ", ADD-PATH send ");
			put_fams(tb, m->ap_send);
			tb_puts(tb, " receive ");
			put_fams(tb, m->ap_recv);
		}
		if (m->gr)
			tb_puts(tb, ", graceful restart");
		if (m->as4)
			tb_puts(tb, ", 4-octet AS");
	}
	if (m->eor) {
		tb_puts(tb, "; End-of-RIB sent for ");
		put_fams(tb, m->eor);
	}
	flush(fp, tb);
}

static void
sum_session(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct entity *e, const struct bgp_sess_facts *f,
    const struct view_labels *vl)
{
	const struct entity *l2 = bgp_sess_carrier(eng, e);
	const struct finding *fi;
	int64_t now = track_now(eng->track);

	tb_puts(tb, "  ");
	put_esc(tb, e->name);
	tb_printf(tb, "  [%s]", e->uid);
	flush(fp, tb);
	tb_puts(tb, "    state ");
	tb_printf(tb, "%s/%s", bgp_fsm_state_name(e->state[0]),
	    bgp_fsm_state_name(e->state[1]));
	if (f->up_since != 0 && e->state[0] == BGS_ESTABLISHED &&
	    e->state[1] == BGS_ESTABLISHED) {
		tb_puts(tb, ", up since ");
		put_tod(tb, f->up_since);
		tb_puts(tb, " (");
		put_dur(tb, now - f->up_since);
		tb_putc(tb, ')');
	}
	if (f->hold_neg != 0)
		tb_printf(tb, "; hold time %u s (the smaller OPEN's)",
		    f->hold_neg);
	if (f->s[0].open_seen && f->s[1].open_seen)
		tb_printf(tb, "; %s", f->s[0].asn == f->s[1].asn ?
		    "internal (iBGP)" : "external (eBGP)");
	tb_puts(tb, "; seen ");
	put_tod(tb, e->first.ts_ns);
	tb_puts(tb, " .. ");
	put_tod(tb, e->last.ts_ns);
	tb_puts(tb, " UTC (");
	evref_format(tb, &e->first, vl != NULL ? vl->label : NULL,
	    vl != NULL ? vl->arg : NULL);
	tb_puts(tb, " .. ");
	evref_format(tb, &e->last, vl != NULL ? vl->label : NULL,
	    vl != NULL ? vl->arg : NULL);
	tb_putc(tb, ')');
	flush(fp, tb);
	if (f->in_pw) {
		tb_puts(tb, "    carried by ");
		if (l2 != NULL) {
			tb_puts(tb, "L2TPv3 session ");
			put_esc(tb, l2->name);
			if (l2->parent != NULL) {
				tb_puts(tb, " of control connection ");
				put_esc(tb, l2->parent->name);
			}
		} else
			tb_puts(tb, "an L2TPv3 pseudowire (no longer tracked)");
		if (f->carriers > 1)
			tb_printf(tb, "; %u pseudowires over its life",
			    f->carriers);
		flush(fp, tb);
	}
	sum_side(fp, tb, e, f, 0);
	sum_side(fp, tb, e, f, 1);
	tb_printf(tb, "    TCP connections %u: established %u, dropped %u, "
	    "failed %u", f->conns, f->established, f->dropped,
	    f->connect_failed);
	if (f->last_reset_ts != 0) {
		tb_puts(tb, "; last reset ");
		put_tod(tb, f->last_reset_ts);
		tb_puts(tb, ": ");
		put_esc(tb, f->last_reset);
	}
	flush(fp, tb);
	for (fi = e->findings; fi != NULL; fi = fi->enext) {
		tb_printf(tb, "    finding %s %s", finding_severity_name(
		    fi->severity), fi->rule);
		if (fi->explained_by != 0) {
			const struct finding *c = finding_by_id(eng->findings,
			    fi->explained_by);

			if (c != NULL)
				tb_printf(tb, " (explained by %s)", c->rule);
		}
		tb_puts(tb, ": ");
		put_esc(tb, fi->title);
		flush(fp, tb);
	}
}

/* Without tunnels out_l2tp_summary prints no timeline: the sessions'
 * own, in store order (seq), when there is no L2TP control connection.
 * Each transition goes with its entity: nothing searches back from a
 * transition (an entity without a timeline has none to search). */
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

#define TIMELINE_MAX	200

static void
sum_timeline(FILE *fp, struct textbuf *tb, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	struct tl_item *v;
	size_t n = 0, cap = 0, i, k;

	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e))
		cap += e->ntl;
	if (cap == 0 || (v = calloc(cap, sizeof(*v))) == NULL)
		return;
	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		const struct transition *t = track_timeline(e, &k);

		for (i = 0; i < k && n < cap; i++) {
			v[n].e = e;
			v[n++].t = &t[i];
		}
	}
	qsort(v, n, sizeof(*v), tl_cmp);
	fprintf(fp, "Timeline   %zu entries (repeats folded)\n", n);
	for (i = 0; i < n && i < TIMELINE_MAX; i++) {
		const struct transition *t = v[i].t;

		e = v[i].e;
		tb_puts(tb, "  ");
		put_tod(tb, t->first_ts);
		tb_putc(tb, ' ');
		if (t->nev > 0)
			evref_format(tb, &t->ev[0], vl != NULL ? vl->label :
			    NULL, vl != NULL ? vl->arg : NULL);
		else
			tb_putc(tb, '-');
		tb_putc(tb, ' ');
		put_esc(tb, e->name);
		tb_printf(tb, " %s: %s -> %s (", t->side == 0 ? "A" : "B",
		    bgp_fsm_state_name(t->from), bgp_fsm_state_name(t->to));
		put_esc(tb, t->cause);
		if (t->flags & TR_INFERRED)
			tb_puts(tb, ", inferred");
		tb_putc(tb, ')');
		if (t->count > 1)
			tb_printf(tb, " x%u over %.0f s", t->count,
			    (double)(t->last_ts - t->first_ts) / 1e9);
		flush(fp, tb);
	}
	if (n > TIMELINE_MAX)
		fprintf(fp, "  ... and %zu more (every one: -T events or "
		    "--report)\n", n - TIMELINE_MAX);
	free(v);
}

int
out_bgp_summary(FILE *fp, const struct engine *eng,
    const struct view_labels *vl)
{
	const struct entity *e;
	char line[4096];
	struct textbuf tb;
	size_t ns = 0, nc = 0, shown = 0;

	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e))
		ns++;
	for (e = track_first(eng->track, EK_BGP_CONN); e != NULL;
	    e = track_next(e))
		nc++;
	if (ns == 0)
		return 0;
	tb_init(&tb, line, sizeof(line));
	fprintf(fp, "BGP        %zu session%s, %zu TCP connection%s\n", ns,
	    ns == 1 ? "" : "s", nc, nc == 1 ? "" : "s");
	for (e = track_first(eng->track, EK_BGP_SESSION); e != NULL;
	    e = track_next(e)) {
		const struct bgp_sess_facts *f = bgp_sess_facts(e);

		if (f != NULL && shown++ < SUMMARY_SESSIONS)
			sum_session(fp, &tb, eng, e, f, vl);
	}
	if (shown > SUMMARY_SESSIONS)
		fprintf(fp, "  ... and %zu more BGP sessions (every one: "
		    "-T status or --report)\n", shown - SUMMARY_SESSIONS);
	/* with tunnels, out_l2tp_summary's timeline has them all */
	if (track_first(eng->track, EK_L2TP_CTL) == NULL)
		sum_timeline(fp, &tb, eng, vl);
	return ferror(fp) ? -1 : 0;
}

/* ---- --report: bgp_sessions.csv (required columns: report.c) ---- */

static const char *const sess_extra[] = {
	"a_state", "b_state", "connections", "connections_failed",
	"families", "add_path_a_to_b", "add_path_b_to_a", "a_graceful_restart",
	"b_graceful_restart", "a_end_of_rib", "b_end_of_rib",
	"a_prefixes_announced", "a_prefixes_withdrawn",
	"b_prefixes_announced", "b_prefixes_withdrawn", "last_reset",
	"pseudowires", "a_prefixes", "b_prefixes",
	"a_connections_established", "a_connections_dropped",
	"b_connections_established", "b_connections_dropped",
};

static void
csv_fams(struct csv_out *o, uint16_t bits)
{
	char b[256];
	struct textbuf tb;

	tb_init(&tb, b, sizeof(b));
	put_fams(&tb, bits);
	csv_out_text(o, b);
}

static void
csv_ip(struct csv_out *o, int af, const uint8_t *a)
{
	char b[INET6_ADDRSTRLEN];
	struct textbuf tb;

	tb_init(&tb, b, sizeof(b));
	put_addr(&tb, af, a);
	csv_out_text(o, b);
}

static int
sess_row(void *arg, const struct report_ctx *ctx, struct csv_out *o,
    const struct entity *e)
{
	const struct bgp_sess_facts *f = bgp_sess_facts(e);
	const struct engine *eng = bgp_track_engine(arg);
	const struct entity *l2;
	unsigned i, ns;
	char b[160];

	if (f == NULL)
		return -1;
	csv_out_text(o, e->uid);
	for (i = 0; i < 2; i++) {
		const struct bgp_side_facts *s = &f->s[i];

		csv_ip(o, f->af, s->addr);
		if (s->port != 0)
			csv_out_u64(o, s->port);
		else
			csv_out_empty(o);
		if (s->open_seen) {
			uint32_t id = htonl(s->id);

			csv_out_u64(o, s->asn);
			csv_ip(o, 4, (const uint8_t *)&id);
		} else {
			csv_out_empty(o);
			csv_out_empty(o);
		}
	}
	if (f->hold_neg != 0)
		csv_out_u64(o, f->hold_neg);
	else
		csv_out_empty(o);
	csv_out_text(o, e->state[0] == BGS_ESTABLISHED &&
	    e->state[1] == BGS_ESTABLISHED ? "Established" :
	    bgp_fsm_state_name(e->state[0] > e->state[1] ? e->state[0] :
	    e->state[1]));
	report_put_ts(o, ctx, f->up_since, f->up_since != 0);
	report_put_ts(o, ctx, f->last_reset_ts, f->last_reset_ts != 0);
	/* the latest NOTIFICATION, either way */
	ns = f->s[1].last_notif_ts > f->s[0].last_notif_ts ? 1 : 0;
	if (f->s[ns].notif_sent) {
		struct textbuf tb;

		tb_init(&tb, b, sizeof(b));
		put_notif(&tb, &f->s[ns]);
		csv_out_text(o, b);
		csv_ip(o, f->af, f->s[ns].addr);
	} else {
		csv_out_empty(o);
		csv_out_empty(o);
	}
	l2 = eng != NULL ? bgp_sess_carrier(eng, e) : NULL;
	csv_out_text(o, l2 != NULL ? l2->uid : NULL);
	csv_out_u64(o, f->established);
	csv_out_u64(o, f->dropped);
	/* extras */
	csv_out_text(o, bgp_fsm_state_name(e->state[0]));
	csv_out_text(o, bgp_fsm_state_name(e->state[1]));
	csv_out_u64(o, f->conns);
	csv_out_u64(o, f->connect_failed);
	csv_fams(o, bgp_sess_families(f));
	csv_fams(o, bgp_sess_addpath(f, 0));
	csv_fams(o, bgp_sess_addpath(f, 1));
	for (i = 0; i < 2; i++)
		if (f->s[i].caps)
			csv_out_u64(o, f->s[i].gr);
		else
			csv_out_empty(o);
	csv_fams(o, f->s[0].eor);
	csv_fams(o, f->s[1].eor);
	for (i = 0; i < 2; i++) {
		csv_out_u64(o, f->s[i].pfx_ann);
		csv_out_u64(o, f->s[i].pfx_wd);
	}
	csv_out_text(o, f->last_reset);
	csv_out_u64(o, f->carriers);
	for (i = 0; i < 2; i++) {	/* "ipv4/unicast +10 -2; ..." */
		struct textbuf tb;
		char pb[BGP_SIDE_FAMS * 80];

		tb_init(&tb, pb, sizeof(pb));
		put_pfam(&tb, &f->s[i]);
		csv_out_text(o, pb);
	}
	for (i = 0; i < 2; i++) {
		csv_out_u64(o, f->s[i].conn_est);
		csv_out_u64(o, f->s[i].conn_drop);
	}
	return 0;
}

const struct report_rows bgp_sess_rows = {
	sess_extra, sizeof(sess_extra) / sizeof(sess_extra[0]), sess_row,
};
