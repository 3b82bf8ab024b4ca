/* prefs.c - -o name:value protocol preferences and resource caps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefs.h"

void
prefs_default(struct prefs *p)
{
	memset(p, 0, sizeof(*p));
	p->l2tp_cookie_size = PREFS_AUTO;
	p->l2tp_l2ss = PREFS_AUTO;
	p->reasm_max_datagrams = 4096;
	p->reasm_max_bytes = 16u << 20;
	p->reasm_timeout_ms = 30000;	/* RFC 8200 §4.5: 60 s max; Linux 30 s */
	p->track_max_entities = 131072;
	p->track_max_findings = 16384;
	p->track_timeline = 64;
}

enum ptype { PT_PORTS, PT_COOKIE, PT_L2SS, PT_STRING, PT_U32 };

struct pdef {
	const char	*name;
	enum ptype	 type;
	const char	*help;
};

static const struct pdef pdefs[] = {
	{ "l2tp.udp_port", PT_PORTS,
	  "decode UDP port N as L2TP too (besides 1701); repeatable" },
	{ "l2tp.cookie_size", PT_COOKIE,
	  "L2TPv3 data cookie length: auto (learned or inferred), 0, 4, 8" },
	{ "l2tp.l2ss", PT_L2SS,
	  "L2TPv3 L2-Specific Sublayer: auto, none, default" },
	{ "l2tp.secret", PT_STRING,
	  "L2TPv3 shared secret: un-hide AVPs, verify Message Digests" },
	{ "bgp.port", PT_PORTS,
	  "decode TCP port N as BGP too (besides 179); repeatable" },
	{ "reasm.max_datagrams", PT_U32,
	  "IP datagrams held for fragment reassembly at once (4096)" },
	{ "reasm.max_bytes", PT_U32,
	  "bytes held for fragment reassembly in all (16777216)" },
	{ "reasm.timeout_ms", PT_U32,
	  "give up an incomplete datagram after this long (30000)" },
	{ "track.max_entities", PT_U32,
	  "tunnels, sessions and BGP sessions tracked at once (131072)" },
	{ "track.max_findings", PT_U32,
	  "findings kept; the last quarter only for errors (16384)" },
	{ "track.timeline", PT_U32,
	  "state transitions kept per entity, repeats folded (64)" },
};

static int
parse_u32(const char *v, uint32_t *out, uint32_t max)
{
	char *end;
	unsigned long n;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || n > max)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static int
add_port(uint16_t *ports, unsigned *n, const char *v)
{
	uint32_t port;

	if (parse_u32(v, &port, 65535) < 0 || port == 0 || *n >= PREFS_MAX_PORTS)
		return -1;
	ports[(*n)++] = (uint16_t)port;
	return 0;
}

int
prefs_set(struct prefs *p, const char *arg, char *errbuf, size_t errlen)
{
	const char *colon = strchr(arg, ':');
	const struct pdef *d = NULL;
	const char *v;
	uint32_t u;
	size_t i, nlen;
	int bad = 0;

	if (colon == NULL) {
		snprintf(errbuf, errlen, "-o %s: expected name:value", arg);
		return -1;
	}
	nlen = (size_t)(colon - arg);
	v = colon + 1;
	for (i = 0; i < sizeof(pdefs) / sizeof(pdefs[0]); i++)
		if (strlen(pdefs[i].name) == nlen &&
		    strncmp(pdefs[i].name, arg, nlen) == 0)
			d = &pdefs[i];
	if (d == NULL) {
		snprintf(errbuf, errlen,
		    "-o %.*s: unknown preference (tunnelscope -h lists them)",
		    (int)nlen, arg);
		return -1;
	}
	if (strcmp(d->name, "l2tp.udp_port") == 0)
		bad = add_port(p->l2tp_udp_ports, &p->n_l2tp_udp_ports, v);
	else if (strcmp(d->name, "bgp.port") == 0)
		bad = add_port(p->bgp_ports, &p->n_bgp_ports, v);
	else if (d->type == PT_COOKIE) {
		if (strcmp(v, "auto") == 0)
			p->l2tp_cookie_size = PREFS_AUTO;
		else if (strcmp(v, "0") == 0 || strcmp(v, "4") == 0 ||
		    strcmp(v, "8") == 0)
			p->l2tp_cookie_size = atoi(v);
		else
			bad = 1;
	} else if (d->type == PT_L2SS) {
		if (strcmp(v, "auto") == 0)
			p->l2tp_l2ss = PREFS_AUTO;
		else if (strcmp(v, "none") == 0)
			p->l2tp_l2ss = 0;
		else if (strcmp(v, "default") == 0)
			p->l2tp_l2ss = 1;
		else
			bad = 1;
	} else if (d->type == PT_STRING) {
		if (strlen(v) >= sizeof(p->l2tp_secret))
			bad = 1;
		else
			snprintf(p->l2tp_secret, sizeof(p->l2tp_secret), "%s", v);
	} else if (d->type == PT_U32) {
		if (parse_u32(v, &u, UINT32_MAX) < 0 || u == 0)
			bad = 1;
		else if (strcmp(d->name, "reasm.max_datagrams") == 0)
			p->reasm_max_datagrams = u;
		else if (strcmp(d->name, "reasm.max_bytes") == 0)
			p->reasm_max_bytes = u;
		else if (strcmp(d->name, "track.max_entities") == 0)
			p->track_max_entities = u;
		else if (strcmp(d->name, "track.max_findings") == 0)
			p->track_max_findings = u;
		else if (strcmp(d->name, "track.timeline") == 0)
			p->track_timeline = u;
		else
			p->reasm_timeout_ms = u;
	}
	if (bad) {
		snprintf(errbuf, errlen, "-o %s: bad value \"%s\" (%s)",
		    d->name, v, d->help);
		return -1;
	}
	return 0;
}

void
prefs_list(void (*out)(void *, const char *), void *arg)
{
	char line[160];
	size_t i;

	for (i = 0; i < sizeof(pdefs) / sizeof(pdefs[0]); i++) {
		snprintf(line, sizeof(line), "  %-20s %s", pdefs[i].name,
		    pdefs[i].help);
		out(arg, line);
	}
}
