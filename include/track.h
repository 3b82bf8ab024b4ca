/* track.h - entity store, change_state() funnel, timelines, inferred timers.
 *
 * The protocol-independent spine of the correlation engine (DESIGN.md
 * "Trackers"): an L2TPv3 control connection, an L2TPv3 session, a BGP
 * session or one of its TCP connections is an *entity*.  Trackers
 * (track_l2tp.c, track_bgp.c) create entities, hang their own data off
 * entity->data, and change a side's state only through
 * track_change_state(), which records the transition in the entity's
 * timeline and tells the registered sinks (the -T events view, the TUI)
 * at once.  Views read entities, timelines and findings; they never write.
 *
 * Memory is bounded by state, not by input: at most max_entities live
 * entities (creating one more evicts an old one, pick_victim in track.c,
 * counted in track_stats for the "capture limits" part of the report), at
 * most timeline_max transitions each (repeats folded), at most
 * TRACK_MAX_TIMERS timers each.  Nothing here allocates per packet:
 * memory is taken when an entity is created and when its timeline grows
 * (doubling, up to its cap).
 *
 * Text stored here (display names, causes) is kept raw; every sink
 * escapes it (tb_esc) when it writes.
 */
#ifndef TS_TRACK_H
#define TS_TRACK_H

#include <stddef.h>
#include <stdint.h>

struct textbuf;
struct tok;
struct report_rows;
struct entity;
struct finding;
struct track;

/* Evidence: one captured frame, as "label:frame" in every view. */
/* 16 bytes, not 24 with the hole after a 32-bit vantage: records keep
 * dozens of these.  48 bits of frame number outlast any capture (a year
 * at 0.7 Mpps is 2^44); vantages are at most SOURCE_MAX_VANTAGES. */
struct evref {
	uint64_t	frame : 48;
	uint64_t	vantage : 16;
	int64_t		ts_ns;
};

/* Vantage label lookup (the source module's labels; NULL: unknown). */
typedef const char *(*evref_label_fn)(void *arg, uint32_t vantage);

/* "wan:12"; the vantage number when no label is known ("2:12"). */
void	evref_format(struct textbuf *, const struct evref *, evref_label_fn,
	    void *arg);
/*
 * Arrays grown as facts come, by doubling from one entry: most entities
 * never have the fact, those that do have one or two.  The capacity is
 * the count rounded up to a power of two, so no field holds it.
 * track_grow: room for element n of a (n elements of size bytes in use);
 * the array, moved or not, or NULL when out of memory (a is then intact).
 */
void	*track_grow(void *a, unsigned n, size_t size);
/* Keep evidence frame r as the (*n)th of such an array, up to max (< 256).
 * Past max, or when out of memory, r is not kept and *n stays: entries
 * [0, *n) are always there. */
void	evref_keep(struct evref **a, uint8_t *n, unsigned max,
	    const struct evref *r);
/* "wan:12 wan:15 lan:3 (+5 more)"; "-" when there is none. */
void	evref_list_format(struct textbuf *, const struct evref *, size_t n,
	    uint64_t more, evref_label_fn, void *arg);

/* Kinds of entity.  Extend here (and in kind_names in track.c). */
enum entity_kind {
	EK_L2TP_CTL = 0,	/* L2TPv3 control connection */
	EK_L2TP_SESSION,	/* L2TPv3 session (parent: control connection) */
	EK_BGP_SESSION,		/* BGP peering (carried_by: an L2TPv3 session) */
	EK_BGP_CONN,		/* one TCP connection of a BGP session (child) */
	EK_COUNT
};

/* "l2tp-ctl", "l2tp-session", "bgp-session", "bgp-conn"; "?" if unknown. */
const char *track_kind_name(unsigned kind);

/*
 * What a tracker registers per kind.  State 0 is the initial state of
 * both sides (RFC 3931 idle, RFC 4271 Idle).
 */
struct track_kind {
	const struct tok *states;	/* state names; "unknown (N)" else */
	const char	*sides[2];	/* "initiator", "responder" / "A", "B" */
	/* Entity about to be evicted or freed: release what entity->data
	 * holds (and data itself when data_size is 0) and forget any
	 * pointer to it (may be NULL). */
	void		(*release)(void *arg, struct entity *);
	void		*arg;
	/* --report: this kind's CSV row (report.h); NULL: header only. */
	const struct report_rows *report;
	/* Bytes of the tracker's record: allocated zeroed with the entity
	 * itself (entity->data; one allocation, and the data path reaches
	 * the record without waiting for the entity's cache line).  0:
	 * entity->data is the tracker's to set. */
	size_t		data_size;
};

#define TRACK_KEY_MAX		64	/* bytes of an opaque lookup key */
#define TRACK_MAX_KEYS		3	/* lookup keys per entity */
#define TRACK_UID_MAX		80
#define TRACK_NAME_MAX		128
#define TRACK_CAUSE_MAX		64
/* Evidence refs per transition: every tracker gives the one frame that
 * shows the change (three unused slots were a third of a timeline). */
#define TRACK_EV_MAX		1
#define TRACK_MAX_RELATED	4
#define TRACK_MAX_TIMERS	4	/* timer slots per entity */
#define TRACK_MAX_SINKS		4
#define TRACK_SIDES		2

/* Transition flags */
#define TR_INFERRED	0x01	/* from an inferred timer, not a message */

/* One timeline entry: a state change, or several identical ones folded
 * (same side, from, to and cause in a row: "SCCRQ x9 over 150 s"). */
struct transition {
	uint64_t	seq;		/* store-wide order of the first one */
	int64_t		first_ts, last_ts;
	uint32_t	count;		/* >= 1 */
	uint8_t		side, from, to;
	/* two fields in one byte: 88 bytes a transition, not 96 */
	uint8_t		flags : 4;	/* TR_* */
	uint8_t		nev : 4;	/* <= TRACK_EV_MAX */
	struct evref	ev[TRACK_EV_MAX];	/* of the first occurrence */
	struct evref	last_ev;	/* first ref of the latest repeat;
					   frame 0 when it had none */
	/* raw, escape at sinks; at most TRACK_CAUSE_MAX - 1 bytes, held
	 * once by the store for every transition with the same text, as
	 * long as the entity that has the transition */
	const char	*cause;
};

/* Arguments of one state change (use a compound literal). */
struct change {
	int64_t		 ts;		/* when it happened */
	const char	*cause;		/* short: "SCCRQ sent", "hold timer" */
	const struct evref *ev;		/* frames that show it (may be NULL) */
	unsigned	 nev;		/* at most TRACK_EV_MAX are kept */
	unsigned	 flags;		/* TR_* */
};

/* Memos (track_lookup_memo) are checked against a generation per group
 * of key hashes. */
#define TRACK_MEMO_GROUPS	16384

/* A remembered lookup of one key, kept by the caller (zeroed: empty). */
struct track_memo {
	struct entity	*e;
	uint64_t	 gen;		/* 64 bits: never wraps back to a match */
	uint32_t	 hash;
	uint8_t		 valid;
	uint8_t		 aux;		/* the caller's, about e: cleared
					   whenever the answer is looked up
					   again */
};

/* Lookup-key node; the store's business. */
struct track_keynode {
	struct track_keynode *hnext;
	struct track_keynode **hpprev;	/* what points at it: O(1) unlink */
	struct entity	*e;
	uint32_t	 hash;
	uint8_t		 len;
	uint8_t		 kind;		/* the entity's: no trip to it */
	uint8_t		 bytes[];	/* len of them */
};

/*
 * An entity.  Trackers and views read the public part; the links at the
 * end belong to the store.  parent and related[] are cleared when the
 * entity they point to is evicted.
 */
struct entity {
	/* first cache line: what every packet of the entity reads or writes
	 * (the data path takes a miss per line it touches) */
	uint8_t		 kind;		/* enum entity_kind */
	uint8_t		 state[TRACK_SIDES];
	uint8_t		 nrelated;
	uint8_t		 proven;	/* seen in a second frame (eviction) */
	uint8_t		 dirty;
	uint8_t		 nkeys;
	uint8_t		 ref;		/* seen since its last second chance */
	void		*data;		/* the tracker's */
	struct entity	*parent;	/* session -> ctl conn, BGP -> carrier */
	struct finding	*findings;	/* this entity's, owned by finding.c */
	struct evref	 last;		/* last seen */
	/* the rest */
	struct evref	 first;		/* first seen */
	uint64_t	 serial;	/* creation order, store-wide */
	/* exactly as long as they are (at most TRACK_UID_MAX - 1 and
	 * TRACK_NAME_MAX - 1 bytes): name is uid until track_set_name */
	const char	*uid;		/* L2C-wan-12-56446 */
	const char	*name;		/* display, raw */
	struct entity	*related[TRACK_MAX_RELATED];
	/* timeline, oldest first; when full, the oldest entry after the
	 * first quarter is dropped (the start of a story is kept) */
	struct transition *tl;
	uint16_t	 ntl, tlcap;
	uint32_t	 tl_dropped;
	/* store links; keys exactly as long as they are */
	struct track_keynode *keys[TRACK_MAX_KEYS];
	struct entity	*lru_prev, *lru_next;	/* oldest first (pick_victim) */
	struct entity	*kind_prev, *kind_next;	/* creation order per kind */
	struct entity	*dirty_prev, *dirty_next;
	struct entity	*child, *sibling;	/* children of parent */
	struct entity	*sibling_prev;	/* O(1) unlink (floods) */
	uint32_t	 timer_pos[TRACK_MAX_TIMERS];	/* heap index + 1 */
};

/* A kind registered with data_size has its record right after each
 * entity: e->data == track_data(e) while e->data is not NULL.  An
 * address computed from e, not loaded from it, lets the record's cache
 * misses overlap the entity's on the data path. */
#define TRACK_DATA_OFF	((sizeof(struct entity) + 15) & ~(size_t)15)

static inline void *
track_data(const struct entity *e)
{
	return (void *)((uintptr_t)e + TRACK_DATA_OFF);
}

/* Sinks are called synchronously, in registration order. */
struct track_sink {
	void	(*transition)(void *arg, const struct entity *,
		    const struct transition *);
	void	(*finding)(void *arg, const struct finding *);	/* may be NULL */
	void	*arg;
};

/* Counters for the "capture limits" part of the report. */
struct track_stats {
	uint64_t	created[EK_COUNT];
	uint64_t	evicted[EK_COUNT];
	uint64_t	evicted_total;
	uint32_t	live;
	uint32_t	max_entities;
	struct evref	first_eviction;	/* where the cap was first hit */
	uint64_t	timeline_dropped;	/* transitions not kept */
	uint64_t	keys_refused;	/* track_add_key past TRACK_MAX_KEYS */
};

/* max_entities >= 1; timeline_max in [4, 65535].  NULL if out of memory. */
struct track *track_store_new(uint32_t max_entities, uint32_t timeline_max);
void	track_store_free(struct track *);
void	track_register_kind(struct track *, unsigned kind,
	    const struct track_kind *);
const struct track_kind *track_kind_def(const struct track *, unsigned);
/* Called for every evicted entity after its tracker's release (engine). */
void	track_set_gone_hook(struct track *, void (*)(void *, struct entity *),
	    void *);
void	track_set_labels(struct track *, evref_label_fn, void *);
evref_label_fn track_labels(const struct track *, void **arg);
int	track_add_sink(struct track *, const struct track_sink *);
size_t	track_nsinks(const struct track *);
const struct track_sink *track_sink_at(const struct track *, size_t);

/* Deterministic uid: "<prefix>-<label>-<frame>[-<disc>]"; label characters
 * other than [A-Za-z0-9._] become '_'. */
void	track_uid(char *buf, size_t size, const char *prefix,
	    const char *label, uint64_t frame, const char *disc);

/*
 * Create an entity first seen at *first, findable by (kind, key).  Its uid
 * is track_uid(<kind prefix>, label of first, first->frame, disc).  When
 * the store is full an entity seen long ago is evicted first; the
 * parent (may be NULL) is marked seen before, so it is never the victim.
 * Touch any other entity you still hold before calling.  NULL only when
 * out of memory or keylen > TRACK_KEY_MAX.
 */
struct entity *track_create(struct track *, unsigned kind, const void *key,
	    size_t keylen, const struct evref *first, const char *disc,
	    struct entity *parent);
/* Another lookup key; the newest entity wins a shared key.  -1 when the
 * entity has TRACK_MAX_KEYS already or keylen is too long. */
int	track_add_key(struct track *, struct entity *, const void *key,
	    size_t keylen);
/* O(1); NULL when unknown. */
struct entity *track_lookup(const struct track *, unsigned kind,
	    const void *key, size_t keylen);
/* track_lookup through a memo the caller keeps for this one key: while no
 * key hashing to the same group was added or removed since it was filled,
 * the answer is the memo's and the table is not walked (the key is still
 * hashed).  A memo must only ever be used with the same key. */
struct entity *track_lookup_memo(const struct track *, unsigned kind,
	    const void *key, size_t keylen, struct track_memo *);
/* The memo's answer while it stands (1), without building or hashing the
 * key again: the memo's own key is the one it was filled with. */
int	track_memo_check(const struct track *, const struct track_memo *,
	    struct entity **);
/* A frame concerned this entity: last seen, and least-recently-seen order. */
void	track_seen(struct track *, struct entity *, const struct evref *);
/*
 * Texts held once for all who keep them, counted (transition causes,
 * the trackers' host names and messages): track_str_get gives the held
 * copy ("" for an empty text, and when out of memory), to be given back
 * with one track_str_put (NULL and "" are ignored).  track_str_set
 * replaces *slot (NULL or "" or held) with the held copy of text.
 */
const char *track_str_get(struct track *, const char *text);
void	track_str_put(struct track *, const char *held);
void	track_str_set(struct track *, const char **slot, const char *text);
/* track_str_set of a formatted text cut at max - 1 bytes (max at most
 * TRACK_STR_MAX); "%.*s" holds n raw packet bytes (cut at a NUL). */
#define TRACK_STR_MAX	256
void	track_str_setf(struct track *, const char **slot, size_t max,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
size_t	track_str_count(const struct track *);	/* distinct texts held */
void	track_set_name(struct entity *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Symmetric link (two control connections between the same pair). */
void	track_relate(struct entity *, struct entity *);

/*
 * The one funnel for every state change of a side (0 or 1).  Records the
 * transition (folding a repeat of the side's latest entry), marks the
 * entity dirty for the rules and calls every sink.  from == to is
 * allowed: a recorded event in a state ("SCCRQ retransmitted").
 */
void	track_change_state(struct track *, struct entity *, unsigned side,
	    unsigned to, const struct change *);
/* State name through the kind's table; "unknown (N)" in buf otherwise. */
const char *track_state_name(const struct track *, unsigned kind,
	    unsigned state, char *buf, size_t size);
const char *track_side_name(const struct track *, unsigned kind,
	    unsigned side);

/* Views: creation (first seen) order per kind. */
struct entity *track_first(const struct track *, unsigned kind);
struct entity *track_next(const struct entity *);
const struct transition *track_timeline(const struct entity *, size_t *n);
const struct track_stats *track_stats(const struct track *);

/* Rules: entities changed since the last track_dirty_clear(). */
void	track_mark_dirty(struct track *, struct entity *);
void	track_mark_all_dirty(struct track *);
struct entity *track_dirty_first(const struct track *);
struct entity *track_dirty_next(const struct entity *);
void	track_dirty_clear(struct track *);

/*
 * Inferred timers: one deadline per (entity, slot).  Setting an armed
 * slot moves it.  track_tick() fires, in (deadline, setting) order, every
 * timer due at or before now that was set before the tick began (one set
 * by a callback waits for the next tick).  track_timers_finish() fires
 * the rest, in order, with at_end = 1 (the capture ended first); timers
 * set during it are dropped; at_end is 0 for a timer already due at the
 * last tick (possible only for one set by a callback).  Evicting an
 * entity cancels its timers.
 */
typedef void (*track_timer_fn)(void *arg, struct entity *, unsigned slot,
	    int64_t deadline, int at_end);
void	track_timer_set(struct track *, struct entity *, unsigned slot,
	    int64_t deadline, track_timer_fn, void *arg);
void	track_timer_cancel(struct track *, struct entity *, unsigned slot);
/* The deadline of an armed slot in *deadline: 1, or 0 when not armed. */
int	track_timer_get(const struct track *, const struct entity *,
	    unsigned slot, int64_t *deadline);
void	track_tick(struct track *, int64_t now);
void	track_timers_finish(struct track *);
/* Latest time given to track_tick(). */
int64_t	track_now(const struct track *);

#endif /* TS_TRACK_H */
