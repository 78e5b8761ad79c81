/*
 * The attestation rewards body read in one pass over the text, for speed:
 * it is the one large response (about 110 bytes per validator, per
 * epoch), so no cJSON tree and no allocation per value.  The scanner
 * takes only what it is sure of: strict JSON with no escape anywhere,
 * each key it reads once, each value in range.  Anything else, a refusal
 * included, is handed to the reference decoder (json_decode.c), whose
 * answer is final: the scanner never says why, and never decides other
 * than cJSON would (tests/fuzz/fuzz_rewards.c checks).  Nodes send no
 * escapes and no duplicates, so they never leave the fast path.
 */
#include <stdlib.h>
#include <string.h>

#include "rewards_scan.h"
#include "util.h"

const struct rewards_field rewards_fields[RW_N] = {
	{ "validator_index", 0, MAX_INDEX, "0..2^32-1", false },
	{ "effective_balance", 0, (int64_t)MAX_BALANCE_GWEI, "0..2^41 gwei", false },
	{ "head", INT32_MIN, INT32_MAX, "int32", true },
	{ "target", INT32_MIN, INT32_MAX, "int32", true },
	{ "source", INT32_MIN, INT32_MAX, "int32", true },
	{ "inactivity", -(int64_t)MAX_BALANCE_GWEI, (int64_t)MAX_BALANCE_GWEI,
	    "-2^41..2^41 gwei", true },
};

void
rewards_set_in_order(struct jd_att_rewards *r)
{
	size_t i;

	r->total_in_order = true;
	for (i = 1; i < r->ntotal; i++)
		if (r->total[i - 1].index > r->total[i].index)
			r->total_in_order = false;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

struct scan {
	const char	*p, *end;	/* *end is NUL */
};

static inline void
ws(struct scan *s)
{
	while (is_ws(*s->p))
		s->p++;
}

static inline bool
eat(struct scan *s, char c)
{
	ws(s);
	if (s->p >= s->end || *s->p != c)
		return false;
	s->p++;
	return true;
}

static inline bool
peek(struct scan *s, char c)
{
	ws(s);
	return s->p < s->end && *s->p == c;
}

/* Characters that stand for themselves in a string: the NUL is not one. */
static inline bool
plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/*
 * A string with no escape: str and len give its content.  A backslash,
 * a control character or the end is not the scanner's to judge.
 */
static inline bool
sc_string(struct scan *s, const char **str, size_t *len)
{
	if (!eat(s, '"'))
		return false;
	*str = s->p;
	while (plain((unsigned char)*s->p))
		s->p++;
	if (*s->p != '"')
		return false;
	*len = (size_t)(s->p - *str);
	s->p++;
	return true;
}

/*
 * A number by JSON's grammar, of at most 63 characters: cJSON reads no
 * more of one, and refuses the body if there is more.
 */
static bool
sc_number(struct scan *s)
{
	const char *q = s->p;

	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (rewards_digit(*q))
		while (rewards_digit(*q))
			q++;
	else
		return false;
	if (*q == '.') {
		if (!rewards_digit(*++q))
			return false;
		while (rewards_digit(*q))
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		if (*++q == '+' || *q == '-')
			q++;
		if (!rewards_digit(*q))
			return false;
		while (rewards_digit(*q))
			q++;
	}
	if (q - s->p > 63)
		return false;
	s->p = q;
	return true;
}

/* Check and pass over any value. */
static bool
sc_skip(struct scan *s, int depth)
{
	const char *str;
	size_t len;

	if (depth > 64)
		return false;
	ws(s);
	switch (*s->p) {
	case '"':
		return sc_string(s, &str, &len);
	case '{':
		s->p++;
		if (peek(s, '}'))
			return eat(s, '}');
		do {
			if (!sc_string(s, &str, &len) || !eat(s, ':') ||
			    !sc_skip(s, depth + 1))
				return false;
		} while (eat(s, ','));
		return eat(s, '}');
	case '[':
		s->p++;
		if (peek(s, ']'))
			return eat(s, ']');
		do {
			if (!sc_skip(s, depth + 1))
				return false;
		} while (eat(s, ','));
		return eat(s, ']');
	case 't':
	case 'f':
	case 'n': {
		const char *w = *s->p == 't' ? "true" : *s->p == 'f' ? "false" : "null";
		size_t n = strlen(w);

		if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
			return false;
		s->p += n;
		return true;
	}
	default:
		return sc_number(s);
	}
}

/* The keys nodes send, matched in place with their quotes; else RW_N. */
static inline int
known_key(struct scan *s)
{
	const char *p = s->p;

	if (s->end - p < 20)
		return RW_N;
	switch (p[1]) {
	case 'h':
		if (memcmp(p, "\"head\"", 6) == 0) { s->p += 6; return RW_HEAD; }
		break;
	case 't':
		if (memcmp(p, "\"target\"", 8) == 0) { s->p += 8; return RW_TARGET; }
		break;
	case 's':
		if (memcmp(p, "\"source\"", 8) == 0) { s->p += 8; return RW_SOURCE; }
		break;
	case 'i':
		if (memcmp(p, "\"inactivity\"", 12) == 0) { s->p += 12; return RW_INACT; }
		break;
	case 'v':
		if (memcmp(p, "\"validator_index\"", 17) == 0) { s->p += 17; return RW_INDEX; }
		break;
	case 'e':
		if (memcmp(p, "\"effective_balance\"", 19) == 0) { s->p += 19; return RW_EB; }
		break;
	}
	return RW_N;
}

/* Which field a key names, by its length first: RW_N for none. */
static inline int
field_of(const char *key, size_t len)
{
	switch (len) {
	case 4:
		return memcmp(key, "head", 4) == 0 ? RW_HEAD : RW_N;
	case 6:
		return memcmp(key, "target", 6) == 0 ? RW_TARGET :
		    memcmp(key, "source", 6) == 0 ? RW_SOURCE : RW_N;
	case 10:
		return memcmp(key, "inactivity", 10) == 0 ? RW_INACT : RW_N;
	case 15:
		return memcmp(key, "validator_index", 15) == 0 ? RW_INDEX : RW_N;
	case 17:
		return memcmp(key, "effective_balance", 17) == 0 ? RW_EB : RW_N;
	}
	return RW_N;
}

/*
 * Field f's value where it stands, as ref_value reads it.  s->p is just
 * past the opening quote.
 */
static inline bool
sc_value(struct scan *s, int f, int64_t *out, bool *decimal)
{
	const char *q = s->p;
	bool neg = false;
	uint64_t v = 0;
	int64_t x;

	if (*q == '-' && rewards_fields[f].lodestar) {
		neg = true;
		q++;
	}
	if (!rewards_digit(*q))
		return false;
	for (; rewards_digit(*q); q++) {
		if (v > RW_MAG_CAP)
			return false;
		v = v * 10 + (uint64_t)(*q - '0');
	}
	if (*q == '.' && rewards_fields[f].lodestar) {
		const char *frac = ++q;

		while (rewards_digit(*q))
			q++;
		if (q == frac)
			return false;
		v += *frac >= '5';
		*decimal = true;
	}
	if (*q != '"')
		return false;
	x = neg ? -(int64_t)v : (int64_t)v;
	if (x < rewards_fields[f].lo || x > rewards_fields[f].hi)
		return false;
	s->p = q + 1;
	*out = x;
	return true;
}

/*
 * Where a total_rewards entry's validator_index value stands, so that
 * the next entries can be compared with it byte for byte (see
 * sc_same_entry).  pre_len is 0 unless the entry can serve.
 */
struct entry_shape {
	const char	*start;		/* the entry's '{' */
	size_t		 pre_len;	/* '{' up to the index value's digits */
	const char	*post;		/* the closing quote of the index value */
	size_t		 post_len;	/* from there through the entry's '}' */
	struct jd_reward tmpl;		/* what it says, but for the index */
};

/* One object of ideal_rewards (ideal) or total_rewards: the fields read. */
static bool
sc_entry(struct scan *s, bool ideal, int64_t v[RW_N], bool *decimal,
    struct entry_shape *shape)
{
	unsigned seen = 0, reads = ideal ? RW_READ_IDEAL : RW_READ_TOTAL;
	const char *idx_digits = NULL, *idx_quote = NULL;
	int f;

	v[RW_INACT] = 0;
	shape->pre_len = 0;
	ws(s);
	shape->start = s->p;
	if (!eat(s, '{'))
		return false;
	if (!peek(s, '}'))
		do {
			ws(s);
			if ((f = known_key(s)) == RW_N) {
				const char *key;
				size_t klen;

				if (!sc_string(s, &key, &klen))
					return false;
				f = field_of(key, klen);
			}
			if (!eat(s, ':'))
				return false;
			if (f == RW_N || !(reads & 1u << f)) {
				if (!sc_skip(s, 1))
					return false;
				continue;
			}
			if ((seen & 1u << f) || !eat(s, '"'))
				return false;
			if (f == RW_INDEX)
				idx_digits = s->p;
			if (!sc_value(s, f, &v[f], decimal))
				return false;
			if (f == RW_INDEX)
				idx_quote = s->p - 1;
			seen |= 1u << f;
		} while (eat(s, ','));
	if (!eat(s, '}') || (seen | RW_OPTIONAL) != (reads | RW_OPTIONAL))
		return false;
	if (!ideal) {
		shape->pre_len = (size_t)(idx_digits - shape->start);
		shape->post = idx_quote;
		shape->post_len = (size_t)(s->p - idx_quote);
		shape->tmpl = (struct jd_reward){ 0, v[RW_HEAD], v[RW_TARGET],
		    v[RW_SOURCE], v[RW_INACT] };
	}
	return true;
}

/*
 * Whether the entry at s->p is byte for byte an entry already read, but
 * for the digits of its validator_index: then it means the same but for
 * the index, and is taken without being read field by field.  Most
 * validators earn the same rewards in an epoch, and a node writes their
 * entries alike, so this is how most entries are read.
 */
static inline bool
sc_same_entry(struct scan *s, const struct entry_shape *shape, struct jd_reward *t)
{
	const char *q = s->p + shape->pre_len;
	uint64_t index = 0;
	int ndigits;

	if (shape->pre_len == 0 || (size_t)(s->end - s->p) < shape->pre_len ||
	    memcmp(s->p, shape->start, shape->pre_len) != 0)
		return false;
	/*
	 * At most 9 digits, always within MAX_INDEX: a longer index (none
	 * yet has 10) is left to sc_entry and its range check.
	 */
	for (ndigits = 0; rewards_digit(*q) && ndigits < 9; q++, ndigits++)
		index = index * 10 + (uint64_t)(*q - '0');
	if (ndigits == 0 || (size_t)(s->end - q) < shape->post_len ||
	    memcmp(q, shape->post, shape->post_len) != 0)
		return false;
	/* Straight from the shape: a copy through a local would stall. */
	*t = shape->tmpl;
	t->index = index;
	s->p = q + shape->post_len;
	return true;
}

/*
 * ideal_rewards, into r->ideal, which must be empty (the room is counted
 * from none): a few dozen entries, each read in full.
 */
static bool
sc_ideal(struct scan *s, struct jd_att_rewards *r)
{
	struct entry_shape unused;
	size_t cap = 0;

	if (r->nideal != 0 || !eat(s, '['))
		return false;
	if (!peek(s, ']'))
		do {
			int64_t v[RW_N];

			if (!sc_entry(s, true, v, &r->decimal_strings, &unused))
				return false;
			if (r->nideal == cap)
				r->ideal = xrealloc(r->ideal, (cap = cap ? 2 * cap : 64) *
				    sizeof(*r->ideal));
			r->ideal[r->nideal++] = (struct jd_ideal){ (uint64_t)v[RW_EB],
			    v[RW_HEAD], v[RW_TARGET], v[RW_SOURCE] };
		} while (eat(s, ','));
	return eat(s, ']');
}

/*
 * total_rewards, into r->total, which must be empty: an entry per
 * validator, most taken by comparison.  Out of line: inlined into
 * sc_rewards, this loop's values lose their registers, and decoding is
 * about 5 % slower (bench/decode).
 */
static __attribute__((noinline)) bool
sc_total(struct scan *s, struct jd_att_rewards *r)
{
	/* The last two shapes read: a miss among hits comes back to either. */
	struct entry_shape shape[2] = { { NULL, 0, NULL, 0, { 0 } },
	    { NULL, 0, NULL, 0, { 0 } } };
	size_t cap = 0;
	int last = 0;
	bool in_order = true;

	if (r->ntotal != 0 || !eat(s, '['))
		return false;
	if (!peek(s, ']'))
		do {
			int64_t v[RW_N];

			ws(s);
			if (r->ntotal == cap)
				r->total = xrealloc(r->total, (cap = cap ? 2 * cap :
				    1024) * sizeof(*r->total));
			if (!sc_same_entry(s, &shape[last], &r->total[r->ntotal]) &&
			    !sc_same_entry(s, &shape[last ^= 1], &r->total[r->ntotal])) {
				/* Read in full; its shape replaces the older one. */
				if (!sc_entry(s, false, v, &r->decimal_strings,
				    &shape[last]))
					return false;
				r->total[r->ntotal] = (struct jd_reward){
				    (uint64_t)v[RW_INDEX], v[RW_HEAD], v[RW_TARGET],
				    v[RW_SOURCE], v[RW_INACT] };
			}
			in_order &= r->ntotal == 0 ||
			    r->total[r->ntotal - 1].index <= r->total[r->ntotal].index;
			r->ntotal++;
		} while (eat(s, ','));
	r->total_in_order = in_order;
	return eat(s, ']');
}

static bool
key_is(const char *key, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(key, want, len) == 0;
}

/* The whole body, or false if the reference is to read it. */
static bool
sc_rewards(struct scan *s, struct jd_att_rewards *r)
{
	bool got_data = false, got_ideal = false, got_total = false;
	const char *key;
	size_t klen;

	if (!eat(s, '{') || peek(s, '}'))
		return false;
	do {
		if (!sc_string(s, &key, &klen) || !eat(s, ':'))
			return false;
		if (!key_is(key, klen, "data")) {
			if (!sc_skip(s, 1))
				return false;
			continue;
		}
		if (got_data || !eat(s, '{') || peek(s, '}'))
			return false;
		got_data = true;
		do {
			bool *got = NULL;

			if (!sc_string(s, &key, &klen) || !eat(s, ':'))
				return false;
			if (key_is(key, klen, "ideal_rewards"))
				got = &got_ideal;
			else if (key_is(key, klen, "total_rewards"))
				got = &got_total;
			if (got == NULL) {
				if (!sc_skip(s, 2))
					return false;
				continue;
			}
			/* Read once: a second array is the reference's to refuse. */
			if (*got || !(got == &got_ideal ? sc_ideal(s, r) :
			    sc_total(s, r)))
				return false;
			*got = true;
		} while (eat(s, ','));
		if (!eat(s, '}'))
			return false;
	} while (eat(s, ','));
	if (!eat(s, '}'))
		return false;
	ws(s);
	return s->p == s->end && got_ideal && got_total;
}

bool
rewards_scan(const char *buf, size_t len, struct jd_att_rewards *r)
{
	struct scan s = { buf, buf + len };

	return sc_rewards(&s, r);
}
