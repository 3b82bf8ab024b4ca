/* scen_l2tp_fsm.c - small L2TPv3 (RFC 3931) scenarios, one per failure
 * rule of issue #5: StopCCN codes, Hello timeout, tie breaker, cookie and
 * L2SS mismatches, CDN, circuit down, one-way data, unknown sessions,
 * missing SCCCN/ICRP, retransmissions, address mismatch, MTU, ICMP
 * unreachable, and 10,000 tunnels with mixed fates.  Frame lists and the
 * expected findings: captures/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "l2tp_build.h"
#include "scenarios.h"

#define A_IP	GEN_IP4(192, 0, 2, 1)
#define B_IP	GEN_IP4(198, 51, 100, 2)
#define B2_IP	GEN_IP4(198, 51, 100, 99)
#define R_IP	GEN_IP4(192, 0, 2, 254)
#define H10	GEN_IP4(10, 20, 0, 10)
#define H20	GEN_IP4(10, 20, 0, 20)
#define CCA	1001u
#define CCB	2001u
#define SIDA	3001u
#define SIDB	4001u

static const struct gen_mac mac_a = { { 2, 0, 0, 0, 0, 0x01 } };
static const struct gen_mac mac_r = { { 2, 0, 0, 0, 0, 0xfe } };
static const struct gen_mac mac_10 = { { 2, 0, 0, 0, 0x10, 0x10 } };
static const struct gen_mac mac_20 = { { 2, 0, 0, 0, 0x20, 0x20 } };
static const struct gen_mac mac_bc = { { 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff } };
static const uint16_t pw_eth[] = { 5 };

/* A on its uplink, B behind the router R. */
static struct l2b_path ab = {
	.a = { .mac = { { 2, 0, 0, 0, 0, 0x01 } }, .addr = A_IP,
	    .port = L2B_PORT, .ttl = 64 },
	.b = { .mac = { { 2, 0, 0, 0, 0, 0xfe } }, .addr = B_IP,
	    .port = L2B_PORT, .ttl = 60 },
};

#define FA	L2B_AB		/* from A */
#define FB	L2B_BA		/* from B */
#define US(s, us)	GEN_T((s), (us))

static struct gbuf fr, in, org;
static struct l2b_avps al;

static void
ctl(struct gen_pcap *w, int64_t t, int dir, uint32_t ccid, uint16_t ns,
    uint16_t nr)
{
	l2b_ctl(&fr, &ab, dir, ccid, ns, nr, L2B_V3CTL, &al);
	gen_pcap_frame(w, t, &fr);
	l2b_avps_reset(&al);
}

static void
msg(struct gen_pcap *w, int64_t t, int dir, uint16_t type, uint32_t ccid,
    uint16_t ns, uint16_t nr)
{
	l2b_type_avps(&al, type);
	ctl(w, t, dir, ccid, ns, nr);
}

static const uint8_t *tie_next;	/* Tie Breaker for the next SCCRQ */

static void
sccrq(struct gen_pcap *w, int64_t t, int dir, uint32_t my_ccid)
{
	struct l2b_ident id = { .vendor = "tunnelscope-gen", .pw = pw_eth,
	    .npw = 1, .rws = 4 };

	id.host = dir == FA ? "lcce-a" : "lcce-b";
	id.router_id = dir == FA ? ab.a.addr : ab.b.addr;
	id.tie = tie_next;
	l2b_sccrq_avps(&al, &id, my_ccid);
	ctl(w, t, dir, 0, 0, 0);
}

static void
sccrp(struct gen_pcap *w, int64_t t, int dir, uint32_t peer_ccid,
    uint32_t my_ccid)
{
	struct l2b_ident id = { .vendor = "tunnelscope-gen", .pw = pw_eth,
	    .npw = 1, .rws = 4 };

	id.host = dir == FA ? "lcce-a" : "lcce-b";
	id.router_id = dir == FA ? ab.a.addr : ab.b.addr;
	l2b_sccrp_avps(&al, &id, my_ccid);
	ctl(w, t, dir, peer_ccid, 0, 1);
}

/* The 4-frame setup, A initiating, at t0 + 0/30/60/90 ms. */
static void
setup(struct gen_pcap *w, int64_t t0, uint32_t cca, uint32_t ccb)
{
	sccrq(w, t0, FA, cca);
	sccrp(w, t0 + 30000000, FB, cca, ccb);
	msg(w, t0 + 60000000, FA, L2B_SCCCN, ccb, 1, 1);
	ctl(w, t0 + 90000000, FB, cca, 1, 2);
}

/* ICRQ (A) / ICRP (B) / ICCN (A) / ZLB (B) at t0 + 0/30/60/90 ms with
 * A's Ns/Nr before the ICRQ (nsa, nra) and B's (nsb). */
static void
session(struct gen_pcap *w, int64_t t0, uint32_t sa, uint32_t sb,
    uint16_t nsa, uint16_t nra, uint16_t nsb, const struct l2b_sess *qa,
    const struct l2b_sess *pb)
{
	struct l2b_sess q = { .lsid = sa, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .l2ss = -1 };
	struct l2b_sess p = { .lsid = sb, .rsid = sa, .serial = -1,
	    .circuit = 1, .l2ss = -1 };

	if (qa)
		q = *qa;
	if (pb)
		p = *pb;
	l2b_icrq_avps(&al, &q);
	ctl(w, t0, FA, CCB, nsa, nra);
	l2b_icrp_avps(&al, &p);
	ctl(w, t0 + 30000000, FB, CCA, nsb, (uint16_t)(nsa + 1));
	l2b_iccn_avps(&al, sa, sb);
	ctl(w, t0 + 60000000, FA, CCB, (uint16_t)(nsa + 1),
	    (uint16_t)(nsb + 1));
	ctl(w, t0 + 90000000, FB, CCA, (uint16_t)(nsb + 1),
	    (uint16_t)(nsa + 2));
}

static void
data(struct gen_pcap *w, int64_t t, int dir, uint32_t sid,
    const uint8_t *ck, size_t cklen, long seq)
{
	l2b_data(&fr, &ab, dir, sid, ck, cklen, seq, &in);
	gen_pcap_frame(w, t, &fr);
}

/* Inner echo request .10 -> .20 (dir FA) or reply (FB). */
static void
in_echo(int dir, uint16_t seq)
{
	if (dir == FA)
		l2b_in_icmp(&in, mac_20, mac_10, H10, H20, 8, 0x0a14, seq);
	else
		l2b_in_icmp(&in, mac_10, mac_20, H20, H10, 0, 0x0a14, seq);
}

static struct gen_pcap *
open_pcap(const char *outdir, const char *name)
{
	ab.b.addr = B_IP;
	tie_next = NULL;
	return gen_pcap_open(outdir, name, GEN_LT_ETHERNET, 65535, 0);
}

void
scen_l2tp_healthy(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-healthy.pcap");
	static const struct gen_mac zero = { { 0 } };
	int i;

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, NULL, NULL);
	l2b_in_arp(&in, 1, mac_10, H10, zero, H20, mac_bc);
	data(w, US(1, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	l2b_in_arp(&in, 2, mac_20, H20, mac_10, H10, mac_10);
	data(w, US(1, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	in_echo(FA, 1);
	data(w, US(1, 2000), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 1);
	data(w, US(1, 3000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	for (i = 0; i < 2; i++) {
		uint16_t k = (uint16_t)i;

		msg(w, US(60 + 60 * i, 590000), FA, L2B_HELLO, CCB, 4 + k,
		    2 + k);
		ctl(w, US(60 + 60 * i, 620000), FB, CCA, 2 + k, 5 + k);
		msg(w, US(61 + 60 * i, 0), FB, L2B_HELLO, CCA, 2 + k, 5 + k);
		ctl(w, US(61 + 60 * i, 30000), FA, CCB, 5 + k, 3 + k);
	}
	in_echo(FA, 2);
	data(w, US(121, 500000), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 2);
	data(w, US(121, 501000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	gen_pcap_close(w);
}

void
scen_l2tp_stopccn_codes(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-stopccn-codes.pcap");
	uint32_t n;

	for (n = 1; n <= 5; n++) {
		uint32_t ca = 1100 + n, cb = 2100 + n;
		int64_t t0 = US(10 * (n - 1), 0);

		if (n == 3) {
			sccrq(w, t0, FA, ca);
			l2b_stopccn_avps(&al, cb, 4, -1, NULL);
			ctl(w, t0 + 30000000, FB, ca, 0, 1);
			ctl(w, t0 + 60000000, FA, cb, 1, 1);
			continue;
		}
		setup(w, t0, ca, cb);
		if (n == 1 || n == 4) {		/* from A */
			l2b_stopccn_avps(&al, ca, n == 1 ? 1 : 6, -1, NULL);
			ctl(w, t0 + 5000000000LL, FA, cb, 2, 1);
			ctl(w, t0 + 5030000000LL, FB, ca, 1, 3);
		} else {			/* from B */
			if (n == 2)
				l2b_stopccn_avps(&al, cb, 2, 8,
				    "unknown AVP 99");
			else
				l2b_stopccn_avps(&al, cb, 7, -1, NULL);
			ctl(w, t0 + 5000000000LL, FB, ca, 1, 2);
			ctl(w, t0 + 5030000000LL, FA, cb, 2, 2);
		}
	}
	gen_pcap_close(w);
}

void
scen_l2tp_hello_timeout(const char *outdir)
{
	static const long retry_ms[6] = { 120120, 121120, 123120, 127120,
	    135120, 143120 };
	struct gen_pcap *w = open_pcap(outdir, "l2tp-hello-timeout.pcap");
	int i;

	setup(w, US(0, 0), CCA, CCB);
	msg(w, US(60, 90000), FA, L2B_HELLO, CCB, 2, 1);
	ctl(w, US(60, 120000), FB, CCA, 1, 3);
	for (i = 0; i < 6; i++)
		msg(w, US(0, retry_ms[i] * 1000), FA, L2B_HELLO, CCB, 3, 1);
	l2b_stopccn_avps(&al, CCA, 7, 0, "keepalive timeout");
	ctl(w, US(151, 120000), FA, CCB, 4, 1);
	gen_pcap_close(w);
}

void
scen_l2tp_tie_breaker(const char *outdir)
{
	static const uint8_t tie_a[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33,
	    0x22, 0x11 };
	static const uint8_t tie_b[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
	    0x77, 0x88 };
	struct gen_pcap *w = open_pcap(outdir, "l2tp-tie-breaker.pcap");

	tie_next = tie_a;
	sccrq(w, US(0, 0), FA, 1001);
	tie_next = tie_b;
	sccrq(w, US(0, 10000), FB, 2001);
	tie_next = NULL;
	sccrp(w, US(0, 40000), FA, 2001, 1002);	/* A lost: answers B */
	l2b_stopccn_avps(&al, 2002, 3, -1, NULL);	/* B won: clears 1001 */
	ctl(w, US(0, 45000), FB, 1001, 0, 1);
	msg(w, US(0, 70000), FB, L2B_SCCCN, 1002, 1, 1);
	ctl(w, US(0, 75000), FA, 2002, 1, 1);	/* ACK of the StopCCN */
	ctl(w, US(0, 100000), FA, 2001, 1, 2);	/* ACK of the SCCCN */
	gen_pcap_close(w);
}

void
scen_l2tp_cookie_mismatch(const char *outdir)
{
	static const uint8_t ck_a[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };
	static const uint8_t ck_bad[4] = { 0xa1, 0xb2, 0xc3, 0xff };
	static const uint8_t ck_b[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
	    0x77, 0x88 };
	struct gen_pcap *w = open_pcap(outdir, "l2tp-cookie-mismatch.pcap");
	struct l2b_sess q = { .lsid = SIDA, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .cookie = ck_a, .cookie_len = 4,
	    .l2ss = -1 };
	struct l2b_sess p = { .lsid = SIDB, .rsid = SIDA, .serial = -1,
	    .circuit = 1, .cookie = ck_b, .cookie_len = 8, .l2ss = -1 };
	int i;

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, &q, &p);
	for (i = 1; i <= 3; i++) {
		in_echo(FA, (uint16_t)i);
		data(w, US(i, 0), FA, SIDB, ck_b, 8, L2B_NO_L2SS);
		in_echo(FB, (uint16_t)i);
		data(w, US(i, 1000), FB, SIDA, ck_bad, 4, L2B_NO_L2SS);
	}
	gen_pcap_close(w);
}

void
scen_l2tp_l2ss_mismatch(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-l2ss-mismatch.pcap");
	struct l2b_sess q = { .lsid = SIDA, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .l2ss = 0 };
	struct l2b_sess p = { .lsid = SIDB, .rsid = SIDA, .serial = -1,
	    .circuit = 1, .l2ss = 0 };

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, &q, &p);
	q.lsid = SIDA + 1;
	q.serial = 2;
	q.l2ss = 1;
	p.lsid = SIDB + 1;
	p.rsid = SIDA + 1;
	p.l2ss = 1;
	session(w, US(1, 0), SIDA + 1, SIDB + 1, 4, 2, 2, &q, &p);
	in_echo(FA, 1);
	data(w, US(2, 0), FA, SIDB, NULL, 0, 0);	/* L2SS, none agreed */
	in_echo(FB, 1);
	data(w, US(2, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	in_echo(FA, 2);
	data(w, US(2, 2000), FA, SIDB, NULL, 0, 1);
	in_echo(FA, 3);
	data(w, US(3, 0), FA, SIDB + 1, NULL, 0, 0);
	in_echo(FB, 3);
	data(w, US(3, 1000), FB, SIDA + 1, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 4);
	data(w, US(3, 2000), FB, SIDA + 1, NULL, 0, L2B_NO_L2SS);
	gen_pcap_close(w);
}

void
scen_l2tp_cdn(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-cdn.pcap");
	struct l2b_sess q = { .lsid = SIDA + 1, .serial = 2, .pw_type = 4,
	    .end_id = "TEST", .circuit = 3, .l2ss = -1 };

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, NULL, NULL);
	in_echo(FA, 1);
	data(w, US(1, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 1);
	data(w, US(1, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	l2b_icrq_avps(&al, &q);
	ctl(w, US(2, 0), FA, CCB, 4, 2);
	l2b_cdn_avps(&al, 14, 0, "PW type 4 not supported", SIDB + 1,
	    SIDA + 1);
	ctl(w, US(2, 30000), FB, CCA, 2, 5);
	ctl(w, US(2, 60000), FA, CCB, 5, 3);
	l2b_cdn_avps(&al, 2, 6, "attachment circuit lan1 removed", SIDB,
	    SIDA);
	ctl(w, US(5, 0), FB, CCA, 3, 5);
	ctl(w, US(5, 30000), FA, CCB, 5, 4);
	gen_pcap_close(w);
}

void
scen_l2tp_circuit_down(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-circuit-down.pcap");
	int i;

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, NULL, NULL);
	in_echo(FA, 1);
	data(w, US(1, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 1);
	data(w, US(1, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	l2b_sli_avps(&al, SIDB, SIDA, 0);
	ctl(w, US(10, 0), FB, CCA, 2, 4);
	ctl(w, US(10, 30000), FA, CCB, 4, 3);
	for (i = 0; i < 3; i++) {
		in_echo(FA, (uint16_t)(2 + i));
		data(w, US(11 + i, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	}
	gen_pcap_close(w);
}

void
scen_l2tp_one_way_data(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-one-way-data.pcap");
	int i;

	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, NULL, NULL);
	for (i = 1; i <= 8; i++) {
		in_echo(FA, (uint16_t)i);
		data(w, US(i, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	}
	msg(w, US(60, 590000), FA, L2B_HELLO, CCB, 4, 2);
	ctl(w, US(60, 620000), FB, CCA, 2, 5);
	gen_pcap_close(w);
}

void
scen_l2tp_unknown_session(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-unknown-session.pcap");
	static const struct gen_mac zero = { { 0 } };
	struct l2b_sess q = { .lsid = SIDA, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .l2ss = -1 };
	struct l2b_sess p = { .lsid = SIDB, .rsid = SIDA, .serial = -1,
	    .circuit = 1, .l2ss = -1 };

	setup(w, US(0, 0), CCA, CCB);
	l2b_in_arp(&in, 1, mac_10, H10, zero, H20, mac_bc);
	data(w, US(0, 500000), FA, 9999, NULL, 0, L2B_NO_L2SS);
	data(w, US(0, 600000), FA, 9999, NULL, 0, L2B_NO_L2SS);
	l2b_icrq_avps(&al, &q);
	ctl(w, US(1, 0), FA, CCB, 2, 1);
	l2b_icrp_avps(&al, &p);
	ctl(w, US(1, 30000), FB, CCA, 1, 3);
	in_echo(FB, 1);
	data(w, US(1, 40000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	l2b_iccn_avps(&al, SIDA, SIDB);
	ctl(w, US(1, 60000), FA, CCB, 3, 2);
	ctl(w, US(1, 90000), FB, CCA, 2, 4);
	in_echo(FA, 2);
	data(w, US(2, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	in_echo(FB, 2);
	data(w, US(2, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	gen_pcap_close(w);
}

void
scen_l2tp_ctl_conn_missing(const char *outdir)
{
	static const long at_ms[6] = { 30, 1030, 3030, 7030, 15030, 23030 };
	struct gen_pcap *w = open_pcap(outdir, "l2tp-ctl-conn-missing.pcap");
	int i;

	sccrq(w, US(0, 0), FA, CCA);
	for (i = 0; i < 6; i++)
		sccrp(w, US(0, at_ms[i] * 1000), FB, CCA, CCB);
	gen_pcap_close(w);
}

void
scen_l2tp_session_reply_missing(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir,
	    "l2tp-session-reply-missing.pcap");
	struct l2b_sess q = { .lsid = SIDA, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .l2ss = -1 };

	setup(w, US(0, 0), CCA, CCB);
	l2b_icrq_avps(&al, &q);
	ctl(w, US(1, 0), FA, CCB, 2, 1);
	ctl(w, US(1, 30000), FB, CCA, 1, 3);
	msg(w, US(61, 0), FA, L2B_HELLO, CCB, 3, 1);
	ctl(w, US(61, 30000), FB, CCA, 1, 4);
	gen_pcap_close(w);
}

void
scen_l2tp_retransmissions(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-retransmissions.pcap");
	struct l2b_sess q = { .lsid = SIDA, .serial = 1, .pw_type = 5,
	    .end_id = "TEST", .circuit = 3, .l2ss = -1 };
	struct l2b_sess p = { .lsid = SIDB, .rsid = SIDA, .serial = -1,
	    .circuit = 1, .l2ss = -1 };

	sccrq(w, US(0, 0), FA, CCA);
	sccrq(w, US(1, 0), FA, CCA);
	sccrp(w, US(1, 30000), FB, CCA, CCB);
	msg(w, US(1, 60000), FA, L2B_SCCCN, CCB, 1, 1);
	msg(w, US(2, 60000), FA, L2B_SCCCN, CCB, 1, 1);
	ctl(w, US(2, 90000), FB, CCA, 1, 2);
	l2b_icrq_avps(&al, &q);
	ctl(w, US(3, 0), FA, CCB, 2, 1);
	l2b_icrp_avps(&al, &p);
	ctl(w, US(3, 30000), FB, CCA, 1, 3);
	l2b_iccn_avps(&al, SIDA, SIDB);
	ctl(w, US(3, 60000), FA, CCB, 3, 2);
	ctl(w, US(3, 90000), FB, CCA, 2, 4);
	msg(w, US(63, 90000), FA, L2B_HELLO, CCB, 4, 2);
	msg(w, US(64, 90000), FA, L2B_HELLO, CCB, 4, 2);
	msg(w, US(66, 90000), FA, L2B_HELLO, CCB, 4, 2);
	ctl(w, US(66, 120000), FB, CCA, 2, 5);
	msg(w, US(126, 120000), FA, L2B_HELLO, CCB, 5, 2);
	ctl(w, US(126, 150000), FB, CCA, 2, 6);
	msg(w, US(186, 150000), FA, L2B_HELLO, CCB, 6, 2);
	msg(w, US(187, 150000), FA, L2B_HELLO, CCB, 6, 2);
	ctl(w, US(187, 180000), FB, CCA, 2, 7);
	gen_pcap_close(w);
}

void
scen_l2tp_address_mismatch(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-address-mismatch.pcap");
	static const long at_s[4] = { 0, 1, 3, 7 };
	int i;

	for (i = 0; i < 4; i++) {
		ab.b.addr = B_IP;
		sccrq(w, US(at_s[i], 0), FA, CCA);
		ab.b.addr = B2_IP;	/* B answers from its other address */
		sccrp(w, US(at_s[i], 30000), FB, CCA, CCB);
	}
	ab.b.addr = B_IP;
	gen_pcap_close(w);
}

void
scen_l2tp_mtu(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-mtu.pcap");
	static uint8_t big[1500];
	struct gen_ip4 ip = { .src = H10, .dst = H20, .proto = GEN_IP_ICMP };
	struct gen_ip4 oip = { .src = A_IP, .dst = B_IP, .proto = GEN_IP_UDP,
	    .ttl = 64, .id = 0x2001 };
	struct gen_tcp syn = { .sport = 40001, .dport = 179, .seq = 5000,
	    .flags = GEN_TH_SYN, .win = 64240, .mss = 1460 };
	struct gen_tcp synack = { .sport = 179, .dport = 40001, .seq = 9000,
	    .ack = 5001, .flags = GEN_TH_SYN | GEN_TH_ACK, .win = 64240,
	    .mss = 1460 };
	size_t ipoff, len, i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)('a' + i % 26);
	setup(w, US(0, 0), CCA, CCB);
	session(w, US(0, 500000), SIDA, SIDB, 2, 1, 1, NULL, NULL);

	/* One 1550-byte L2TP datagram, fragmented at 1500 by A. */
	gb_reset(&in);
	gb_eth(&in, mac_20, mac_10, GEN_ET_IPV4);
	gb_ipv4(&in, &ip);
	gb_icmp(&in, 8, 0, 0x0a14u << 16 | 1);
	gb_bytes(&in, big, 1472);
	gb_finish(&in);
	gb_reset(&org);			/* the whole datagram, unfragmented */
	gb_eth(&org, mac_r, mac_a, GEN_ET_IPV4);
	ipoff = gb_ipv4(&org, &oip);
	gb_udp(&org, L2B_PORT, L2B_PORT);
	gb_u32(&org, 0x00030000);
	gb_u32(&org, SIDB);
	gb_append(&org, &in, in.len);
	gb_finish(&org);
	len = org.len - ipoff - 20;	/* IP payload: 1530 */
	for (i = 0; i < 2; i++) {
		size_t off = i ? 1480 : 0, n = i ? len - 1480 : 1480;

		oip.frag = (uint16_t)((i ? 0 : GEN_IP4_MF) | (off / 8));
		gb_reset(&fr);
		gb_eth(&fr, mac_r, mac_a, GEN_ET_IPV4);
		gb_ipv4(&fr, &oip);
		gb_bytes(&fr, org.b + ipoff + 20 + off, n);
		gb_finish(&fr);
		gb_pad(&fr, 60);
		gen_pcap_frame(w, US(1, 10 * (long)i), &fr);
	}

	/* 1450 bytes with DF; R answers fragmentation needed, MTU 1400. */
	gb_reset(&in);
	gb_eth(&in, mac_20, mac_10, GEN_ET_IPV4);
	gb_ipv4(&in, &ip);
	gb_icmp(&in, 8, 0, 0x0a14u << 16 | 2);
	gb_bytes(&in, big, 1400 - 28);
	gb_finish(&in);
	oip.frag = GEN_IP4_DF;
	oip.id = 0x2002;
	gb_reset(&org);
	gb_eth(&org, mac_r, mac_a, GEN_ET_IPV4);
	ipoff = gb_ipv4(&org, &oip);
	gb_udp(&org, L2B_PORT, L2B_PORT);
	gb_u32(&org, 0x00030000);
	gb_u32(&org, SIDB);
	gb_append(&org, &in, in.len);
	gb_finish(&org);
	gen_pcap_frame(w, US(2, 0), &org);
	{
		struct gen_ip4 icmp = { .src = R_IP, .dst = A_IP,
		    .proto = GEN_IP_ICMP, .ttl = 255 };

		gb_reset(&fr);
		gb_eth(&fr, mac_a, mac_r, GEN_ET_IPV4);
		gb_ipv4(&fr, &icmp);
		gb_icmp(&fr, 3, 4, 1400);
		gb_bytes(&fr, org.b + ipoff, 64);
		gb_finish(&fr);
		gen_pcap_frame(w, US(2, 300), &fr);
	}

	/* Inner SYN and SYN/ACK with MSS 1460: 50 bytes too big here. */
	l2b_in_tcp(&in, mac_20, mac_10, H10, H20, &syn, NULL, 0);
	data(w, US(3, 0), FA, SIDB, NULL, 0, L2B_NO_L2SS);
	l2b_in_tcp(&in, mac_10, mac_20, H20, H10, &synack, NULL, 0);
	data(w, US(3, 1000), FB, SIDA, NULL, 0, L2B_NO_L2SS);
	gen_pcap_close(w);
}

void
scen_l2tp_icmp_unreachable(const char *outdir)
{
	struct gen_pcap *w = open_pcap(outdir, "l2tp-icmp-unreachable.pcap");
	static const long at_s[5] = { 0, 1, 3, 7, 15 };
	struct gen_ip4 icmp = { .src = B_IP, .dst = A_IP,
	    .proto = GEN_IP_ICMP, .ttl = 60 };
	int i;

	for (i = 0; i < 5; i++) {
		sccrq(w, US(at_s[i], 0), FA, CCA);
		org = fr;
		gb_reset(&fr);
		gb_eth(&fr, mac_a, mac_r, GEN_ET_IPV4);
		gb_ipv4(&fr, &icmp);
		gb_icmp(&fr, 3, 3, 0);
		gb_bytes(&fr, org.b + 14, org.len - 14);
		gb_finish(&fr);
		gen_pcap_frame(w, US(at_s[i], 300), &fr);
	}
	gen_pcap_close(w);
}

/* ---- 10,000 tunnels ---- */

#define NTUN	10000u

struct ev10k {
	int64_t		us;	/* after the epoch */
	uint32_t	i;	/* tunnel (NTUN: the closing pair) */
	uint8_t		step;
};

enum { F_OK, F_WAIT, F_STOP, F_HELLO, F_CDN };

static int
fate(uint32_t i)
{
	unsigned r = i % 20;

	return r < 14 ? F_OK : r < 16 ? F_WAIT : r < 18 ? F_STOP :
	    r == 18 ? F_HELLO : F_CDN;
}

static const long off_ok[] = { 0, 2000, 4000, 6000 };
static const long off_wait[] = { 0, 1000000, 3000000 };
static const long off_stop[] = { 0, 2000, 4000, 6000, 5000000, 5002000 };
static const long off_hello[] = { 0, 2000, 4000, 6000, 20006000, 21006000,
    23006000, 27006000 };
static const long off_cdn[] = { 0, 2000, 4000, 6000, 1000000, 1002000,
    1004000, 1006000, 10000000, 10002000 };

static int
ev_cmp(const void *x, const void *y)
{
	const struct ev10k *a = x, *b = y;

	if (a->us != b->us)
		return a->us < b->us ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return (int)a->step - (int)b->step;
}

static void
emit10k(struct gen_pcap *w, const struct ev10k *e)
{
	static const uint16_t pw[] = { 5 };
	uint32_t i = e->i == NTUN ? 0 : e->i;
	uint32_t cp = i + 1, cc = 100001 + i;	/* peer's, C's CCID */
	uint32_t sp = i + 1, sc = 300001 + i;	/* session IDs */
	struct l2b_path p = {
		.a = { .mac = { { 2, 0, 0, 0, 0, 0xfe } },
		    .addr = GEN_IP4(10, 16, 0, 0) + i + 1, .port = L2B_PORT,
		    .ttl = 62 },
		.b = { .mac = { { 2, 0, 0, 0, 0, 0xc1 } },
		    .addr = GEN_IP4(203, 0, 113, 1), .port = L2B_PORT,
		    .ttl = 64 },
	};
	char host[16];
	struct l2b_ident id = { .pw = pw, .npw = 1 };
	struct l2b_sess s = { .serial = -1, .pw_type = 5, .end_id = "TEST",
	    .circuit = -1, .l2ss = -1 };
	int f = fate(i), dir = L2B_AB;
	uint32_t ccid = 0;
	uint16_t ns = 0, nr = 0;

	l2b_avps_reset(&al);
	if (e->i == NTUN) {		/* closing HELLO to peer 0 + ZLB */
		if (e->step == 0) {
			l2b_type_avps(&al, L2B_HELLO);
			dir = L2B_BA, ccid = cp, ns = 1, nr = 2;
		} else
			ccid = cc, ns = 2, nr = 2;
	} else if (f == F_WAIT || e->step == 0) {
		snprintf(host, sizeof(host), "cpe-%u", (unsigned)i);
		id.host = host;
		id.router_id = p.a.addr;
		l2b_sccrq_avps(&al, &id, cp);
	} else if (e->step == 1) {
		id.host = "lns-1";
		id.router_id = p.b.addr;
		l2b_sccrp_avps(&al, &id, cc);
		dir = L2B_BA, ccid = cp, ns = 0, nr = 1;
	} else if (e->step == 2) {
		l2b_type_avps(&al, L2B_SCCCN);
		ccid = cc, ns = 1, nr = 1;
	} else if (e->step == 3) {
		dir = L2B_BA, ccid = cp, ns = 1, nr = 2;
	} else if (f == F_STOP) {
		if (e->step == 4) {
			l2b_stopccn_avps(&al, cc, 2, 4, NULL);
			dir = L2B_BA, ccid = cp, ns = 1, nr = 2;
		} else
			ccid = cc, ns = 2, nr = 2;
	} else if (f == F_HELLO) {
		l2b_type_avps(&al, L2B_HELLO);
		dir = L2B_BA, ccid = cp, ns = 1, nr = 2;
	} else {			/* F_CDN */
		switch (e->step) {
		case 4:
			s.lsid = sp;
			s.rsid = 0;
			s.serial = 1;
			s.circuit = 3;
			l2b_icrq_avps(&al, &s);
			ccid = cc, ns = 2, nr = 1;
			break;
		case 5:
			s.lsid = sc;
			s.rsid = sp;
			s.pw_type = 0;
			s.end_id = NULL;
			s.circuit = 1;
			l2b_icrp_avps(&al, &s);
			dir = L2B_BA, ccid = cp, ns = 1, nr = 3;
			break;
		case 6:
			l2b_iccn_avps(&al, sp, sc);
			ccid = cc, ns = 3, nr = 2;
			break;
		case 7:
			dir = L2B_BA, ccid = cp, ns = 2, nr = 4;
			break;
		case 8:
			l2b_cdn_avps(&al, 3, 0, NULL, sc, sp);
			dir = L2B_BA, ccid = cp, ns = 2, nr = 4;
			break;
		default:
			ccid = cc, ns = 4, nr = 3;
			break;
		}
	}
	l2b_ctl(&fr, &p, dir, ccid, ns, nr, L2B_V3CTL, &al);
	l2b_avps_reset(&al);
	gen_pcap_frame(w, GEN_T(0, e->us), &fr);
}

void
scen_l2tp_10k_tunnels(const char *outdir)
{
	struct gen_pcap *w;
	struct ev10k *ev;
	size_t n = 0, cap = 50000, k;
	uint32_t i;

	ev = calloc(cap, sizeof(*ev));
	if (ev == NULL)
		gen_die("out of memory");
	for (i = 0; i < NTUN; i++) {
		const long *off;
		size_t m;

		switch (fate(i)) {
		case F_OK:
			off = off_ok, m = 4;
			break;
		case F_WAIT:
			off = off_wait, m = 3;
			break;
		case F_STOP:
			off = off_stop, m = 6;
			break;
		case F_HELLO:
			off = off_hello, m = 8;
			break;
		default:
			off = off_cdn, m = 10;
			break;
		}
		for (k = 0; k < m; k++) {
			ev[n].us = (int64_t)i * 10000 + off[k];
			ev[n].i = i;
			ev[n].step = (uint8_t)k;
			n++;
		}
	}
	for (k = 0; k < 2; k++) {
		ev[n].us = 200000000 + 2000 * (int64_t)k;
		ev[n].i = NTUN;
		ev[n].step = (uint8_t)k;
		n++;
	}
	qsort(ev, n, sizeof(*ev), ev_cmp);
	w = gen_pcap_open(outdir, "l2tp-10k-tunnels.pcap", GEN_LT_ETHERNET,
	    65535, 0);
	for (k = 0; k < n; k++)
		emit10k(w, &ev[k]);
	gen_pcap_close(w);
	free(ev);
}
