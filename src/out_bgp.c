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
#include <string.h>

#include "bgp.h"
#include "diagnose.h"
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
	if (st == BGS_ESTABLISHED && f->up_since != 0) {
		tb_puts(tb, ", up for ");
		put_dur(tb, now - f->up_since);
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
	if (m->ka_gaps != 0)
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
	tb_printf(tb, "  Connection established %u; dropped %u",
	    f->established, f->dropped);
	flush(fp, tb);
	tb_puts(tb, "  Last reset ");
	if (f->last_reset_ts != 0) {
		put_dur(tb, now - f->last_reset_ts);
		tb_puts(tb, " before the end of the capture, due to ");
		tb_esc(tb, (const uint8_t *)f->last_reset,
		    strlen(f->last_reset));
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
		if (!first)
			fputc('\n', fp);
		first = 0;
		tb_puts(&tb, "BGP session ");
		tb_esc(&tb, (const uint8_t *)e->name, strlen(e->name));
		tb_printf(&tb, " (%u TCP connection%s)", f->conns,
		    f->conns == 1 ? "" : "s");
		flush(fp, &tb);
		side_status(fp, &tb, e, f, 0, now);
		side_status(fp, &tb, e, f, 1, now);
	}
	return ferror(fp) ? -1 : 0;
}
