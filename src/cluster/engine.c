/*
 * engine.c — the online clusterer. Per article: tokenize once; fold against the LSH index;
 * otherwise build the article's term vector (sublinear tf x idf, entities boosted), gather
 * candidate stories from the posting lists of its top terms, score them by cosine with the
 * story centroid times a time decay, and join the best one above the threshold or start a
 * story (looking for a thread among weaker live matches and archived stories). A headline-
 * only article short of every centroid may still join through a close earlier headline of a
 * story (its members: the last MEMBERS headlines' top terms, allocated per story on demand).
 *
 * Bounded work: tokens used for clustering are capped (title + CLUSTER_TOKENS), distinct
 * terms per article capped (ART_CAP), posting lists capped (POST_CAP newest), candidates
 * capped (CAND_CAP). Stories idle for longer than the window are swept every SWEEP articles
 * into the archive (ARCH_TERMS terms each), their postings dropped.
 */
#include "cluster/engine.h"
#include "cluster/vocab.h"
#include "fold/fold.h"
#include "text/lang.h"
#include "text/text.h"
#include "util/date.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLUSTER_TOKENS 1200
#define ART_CAP 512
#ifndef STORY_TERMS
#define STORY_TERMS 40
#endif
#ifndef QUERY_TERMS
#define QUERY_TERMS 12
#endif
#define MERGE_TERMS 64   /* an article's heaviest terms offered to its story's centroid */
#define POST_CAP 256
#ifndef CAND_CAP
#define CAND_CAP 24
#endif
#ifndef ARCH_TERMS
#define ARCH_TERMS 8   /* 12, 16, 24 linked fewer threads on tests/data/threads.jsonl */
#endif
#ifndef THREAD_YOUNG
#define THREAD_YOUNG 3  /* a story still without a thread looks for one on its first articles */
#endif
#define ARCH_POST_CAP 64
#define SWEEP 2048
/* Headline-only items: the last MEMBERS headlines of a story keep their MEMBER_TERMS heaviest
 * terms, and a headline that falls short of the centroid still joins when it matches one of
 * them well (cosine >= MEMBER_LINK after time decay, >= 2 terms shared). A story's headlines
 * paraphrase each other in pairs more than they resemble its centroid, which a varied story
 * dilutes. Bodies have enough words for the centroid alone. */
#ifndef MEMBERS
#define MEMBERS 32
#endif
#ifndef MEMBER_TERMS
#define MEMBER_TERMS 10
#endif
#ifndef MEMBER_LINK
#define MEMBER_LINK 0.3
#endif
#ifndef MEMBER_SHARED
#define MEMBER_SHARED 2
#endif
/* Time decay follows the story's own pace: the half-life is PACE_K times its mean gap between
 * articles (from PACE_N articles on), at least PACE_MIN hours and at most the configured
 * half-life. A story whose coverage came within minutes is over after an hour of silence; a
 * slow story keeps the configured half-life. */
#define PACE_N 3
#define PACE_K 50.0
#define PACE_MIN 0.5
/* A story of at most FRAG_N articles merges into another when a headline-only article scores
 * FRAG_MERGE with it (see merge_due). */
#define FRAG_N 3
#define FRAG_MERGE 0.1
#define SWEEP_SECS (6 * 3600)   /* ... or every 6 h of stream time, so a slow stream archives too */
#ifndef ENT_BOOST
#define ENT_BOOST 1.5f
#endif
#ifndef TITLE_W
#define TITLE_W 2.0f
#endif
#ifndef URL_W
#define URL_W 0.5f
#endif
#define URL_MAX 300
#ifndef CENTROID_TF
#define CENTROID_TF(w) (w)
#endif

struct sterm {
	uint32_t term;
	float w;        /* sum over articles of sublinear tf */
	uint32_t ent;   /* articles that had it as an entity */
};

struct member {
	int64_t key;
	uint32_t t[MEMBER_TERMS];
	uint16_t ent;    /* bit i: t[i] was an entity in that headline */
	uint8_t n;
};

struct story {
	int64_t id, thread, first, last;
	uint32_t narticles, gen;
	float norm;          /* of the tf-idf centroid, as of the last absorb */
	uint16_t nterms;
	uint8_t live;
	uint8_t nm, mcap, mnext;   /* members kept (a ring once MEMBERS), capacity, next slot */
	struct member *m;    /* grown on demand: only headline-only articles add one */
	struct sterm t[STORY_TERMS];
};

/* What gather reads for every posting, kept apart from the large struct story so the walk
 * over up to QUERY_TERMS x POST_CAP postings stays in a small dense array. */
struct sgather {
	uint32_t gen;        /* the story's gen while it is live, 0 when not (never posted) */
	uint32_t mark;       /* article number that touched it last */
	float partial;
};

struct aterm_w {
	uint32_t term;
	float w;   /* the story's term weight (sum of sublinear tf) */
};

struct arch {
	int64_t id, thread, last;
	struct aterm_w t[ARCH_TERMS];
	uint32_t ent;   /* bit i: t[i] was an entity for the story */
	uint32_t mark;  /* article number that scored it last (find_thread visits it once) */
	uint8_t nterms;
};

struct post {
	uint32_t slot, gen;
};

struct plist {
	uint32_t term, n, cap;
	void *p;   /* struct post[] (live index) or uint32_t[] (archive) */
};

struct ptable {
	struct plist *l;
	size_t n, cap;   /* power of two */
};

struct kv {
	int64_t k, a, b;
};
struct imap {
	struct kv *e;
	size_t n, cap;
};

struct aterm {
	uint32_t term;
	float tf, w;
	float idf;       /* as of this article: df counts change only after it is decided */
	uint8_t ent;
	uint32_t tok;    /* first token, for the why strings */
};

struct cluster_engine {
	struct cluster_opts o;
	struct text_tokens tt;
	uint64_t *th;            /* text_hash_tokens of tt, per token */
	uint32_t *tterm;         /* vocab term per token (build_vector) */
	size_t cth, ctterm;
	struct vocab *voc;
	struct fold_index *fold;
	struct story *stories;
	size_t nstories, cstories;
	struct sgather *sg;      /* per slot, beside stories (same capacity) */
	size_t csg;
	uint32_t *free_slots;
	size_t nfree, cfree;
	struct arch *arch;
	size_t narch, carch;
	struct ptable live, archive;
	struct imap keys;        /* canonical key -> story, thread */
	struct imap story_slot;  /* story id -> slot (live), rebuilt at sweep */
	struct imap merged;      /* story id -> the story it was merged into */
	int64_t now, wall, swept;   /* stream clock, wall clock, clock at the last sweep */
	size_t articles, since_sweep;
	uint32_t lang_seen[TEXT_LANG_COUNT];   /* articles per known language (see term_lang) */
	struct src_lang *src_lang;             /* the same per source, SRC_LANG slots */
	/* per-article scratch */
	struct aterm at[ART_CAP];
	size_t nat;
	uint32_t at_hterm[2 * ART_CAP];  /* open addressing on term (0: empty), probed alone */
	uint16_t at_hidx[2 * ART_CAP];   /* the at[] index of at_hterm[i] */
	uint32_t order[ART_CAP];          /* at[] indices by weight, heaviest first: the first
					   * ORDER_TOP only (order_top) */
	float anorm;
	size_t nbody;                    /* tokens before the URL words */
	int has_body;                    /* the article has text beyond its title */
	double join;                     /* the join threshold that applies to it */
};

void cluster_opts_default(struct cluster_opts *o)
{
	o->join = 0.10;
	o->join_short = 0.05;
	o->thread = 0.30;
	o->window = 3 * 86400;
	o->half_life = 24;
	o->half_life_short = 2;
	o->merge = 0.2;
}

/* ---- int64 map (linear probing; deletion by backward shift) ---- */

static size_t imap_home(const struct imap *m, int64_t k)
{
	return (size_t)((uint64_t)k * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1);
}

static struct kv *imap_slot(struct imap *m, int64_t k)
{
	size_t i = imap_home(m, k);
	while (m->e[i].k != INT64_MIN && m->e[i].k != k)
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static void imap_init(struct imap *m)
{
	size_t i;
	m->cap = 1024;
	m->n = 0;
	m->e = xmalloc(m->cap * sizeof *m->e);
	for (i = 0; i < m->cap; i++)
		m->e[i].k = INT64_MIN;
}

static void imap_put(struct imap *m, int64_t k, int64_t a, int64_t b)
{
	struct kv *s;
	if ((m->n + 1) * 2 > m->cap) {
		struct kv *old = m->e;
		size_t i, oc = m->cap;
		m->cap *= 2;
		m->e = xmalloc(m->cap * sizeof *m->e);
		for (i = 0; i < m->cap; i++)
			m->e[i].k = INT64_MIN;
		for (i = 0; i < oc; i++)
			if (old[i].k != INT64_MIN)
				*imap_slot(m, old[i].k) = old[i];
		free(old);
	}
	s = imap_slot(m, k);
	if (s->k == INT64_MIN)
		m->n++;
	s->k = k;
	s->a = a;
	s->b = b;
}

static const struct kv *imap_get(struct imap *m, int64_t k)
{
	const struct kv *s = imap_slot(m, k);
	return s->k == k ? s : NULL;
}

/* Remove k: later entries of its probe run move back into the hole when their home slot
 * does not lie cyclically in (hole, their slot], so every lookup still finds them. */
static void imap_del(struct imap *m, int64_t k)
{
	size_t mask = m->cap - 1, i = (size_t)(imap_slot(m, k) - m->e), j = i;
	if (m->e[i].k != k)
		return;
	for (;;) {
		size_t h;
		j = (j + 1) & mask;
		if (m->e[j].k == INT64_MIN)
			break;
		h = imap_home(m, m->e[j].k);
		if (((j - h) & mask) >= ((j - i) & mask)) {
			m->e[i] = m->e[j];
			i = j;
		}
	}
	m->e[i].k = INT64_MIN;
	m->n--;
}

/* ---- posting tables ---- */

static void ptable_init(struct ptable *t)
{
	t->cap = 1024;
	t->n = 0;
	t->l = xcalloc(t->cap, sizeof *t->l);
}

static void ptable_release(struct ptable *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++)
		free(t->l[i].p);
	free(t->l);
}

static struct plist *ptable_find(const struct ptable *t, uint32_t term)
{
	size_t i = (term * 2654435761u) & (t->cap - 1);
	while (t->l[i].term && t->l[i].term != term)
		i = (i + 1) & (t->cap - 1);
	return &t->l[i];
}

static struct plist *ptable_get(struct ptable *t, uint32_t term)
{
	struct plist *l = ptable_find(t, term);
	if (l->term)
		return l;
	if ((t->n + 1) * 2 > t->cap) {
		struct plist *old = t->l;
		size_t i, oc = t->cap;
		t->cap *= 2;
		t->l = xcalloc(t->cap, sizeof *t->l);
		for (i = 0; i < oc; i++)
			if (old[i].term)
				*ptable_find(t, old[i].term) = old[i];
		free(old);
		l = ptable_find(t, term);
	}
	l->term = term;
	t->n++;
	return l;
}

/* Append one element of size sz; when the list is full, the older half is dropped. */
static void plist_push(struct plist *l, const void *el, size_t sz, uint32_t max)
{
	if (l->n >= max) {
		uint32_t keep = max / 2;
		memmove(l->p, (char *)l->p + (size_t)(l->n - keep) * sz, (size_t)keep * sz);
		l->n = keep;
	}
	if (l->n == l->cap) {
		size_t c = l->cap;
		xgrow(&l->p, &c, (size_t)l->n + 1, sz);
		l->cap = (uint32_t)c;
	}
	memcpy((char *)l->p + (size_t)l->n * sz, el, sz);
	l->n++;
}

static size_t ptable_bytes(const struct ptable *t, size_t sz)
{
	size_t i, b = t->cap * sizeof *t->l;
	for (i = 0; i < t->cap; i++)
		b += (size_t)t->l[i].cap * sz;
	return b;
}

/* ---- engine ---- */

/* A canonical left the fold index: nothing can fold into it any more, so its key entry
 * (only try_fold reads it) goes too, and the map stays as bounded as the index. */
static void keys_evicted(void *ctx, int64_t key)
{
	struct cluster_engine *e = ctx;
	imap_del(&e->keys, key);
}

struct cluster_engine *cluster_engine_new(const struct cluster_opts *o)
{
	struct cluster_engine *e = xcalloc(1, sizeof *e);
	if (o)
		e->o = *o;
	else
		cluster_opts_default(&e->o);
	text_tokens_init(&e->tt, 0);
	e->voc = vocab_new();
	e->fold = fold_index_new();
	fold_index_on_evict(e->fold, keys_evicted, e);
	ptable_init(&e->live);
	ptable_init(&e->archive);
	imap_init(&e->keys);
	imap_init(&e->story_slot);
	imap_init(&e->merged);
	e->wall = (int64_t)time(NULL);
	return e;
}

void cluster_engine_free(struct cluster_engine *e)
{
	size_t i;
	if (!e)
		return;
	text_tokens_release(&e->tt);
	free(e->th);
	free(e->tterm);
	vocab_free(e->voc);
	fold_index_free(e->fold);
	for (i = 0; i < e->nstories; i++)
		free(e->stories[i].m);
	free(e->stories);
	free(e->sg);
	free(e->free_slots);
	free(e->arch);
	ptable_release(&e->live);
	ptable_release(&e->archive);
	free(e->keys.e);
	free(e->story_slot.e);
	free(e->merged.e);
	free(e->src_lang);
	free(e);
}

/* The article's time on the stream clock: missing or far-future dates take the clock. */
static int64_t article_time(struct cluster_engine *e, int64_t published)
{
	int64_t t = published;
	if (t == DATE_NONE || t > e->wall + 86400 || t < 0)
		t = e->now;
	if (t > e->now)
		e->now = t;
	return t;
}

/* The URL path (a slug like /world/russia-rules-out-talks-123) often names the story when
 * the headline is cryptic. Its words are clustering terms only, never shingles: each outlet
 * has its own URLs for the same copy. */
static void url_words(struct cluster_engine *e, const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t n;
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		return;
	n = strcspn(p, "?#");
	text_tokenize(&e->tt, p, n < URL_MAX ? n : URL_MAX);
}

static void tokenize(struct cluster_engine *e, const struct cluster_article *a, size_t *ntitle,
		     int *lang)
{
	text_tokens_reset(&e->tt);
	if (a->title)
		text_tokenize(&e->tt, a->title, strlen(a->title));
	*ntitle = e->tt.n;
	if (a->text)
		text_tokenize(&e->tt, a->text, strlen(a->text));
	e->nbody = e->tt.n;
	e->has_body = e->nbody > *ntitle;
	e->join = e->has_body ? e->o.join : e->o.join_short;
	url_words(e, a->url);
	*lang = a->lang ? text_lang_from_code(a->lang) : TEXT_LANG_NONE;
	if (*lang == TEXT_LANG_NONE)
		*lang = text_lang_detect(&e->tt);
}

/* The language an article's terms are stemmed in. A headline rarely holds the two stop words
 * detection needs, and an unknown language is not stemmed, so its words miss the stems of the
 * same words in its story ("Mobile Phones Affecting Parenting Skills: Study" shared no term
 * with the twenty English headlines before it: parenting/parent, phones/phone, study/studi),
 * so an article of unknown language takes its
 * source's most frequent language so far, else the stream's. Sources share SRC_LANG slots by
 * hash (a collision resets the slot), so the table stays small however many feeds. */
#define SRC_LANG 1024
struct src_lang {
	uint64_t h;
	uint32_t n[TEXT_LANG_COUNT];
};

static uint64_t src_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	size_t i;
	for (i = 0; s[i] && i < 256; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h | 1;
}

static int lang_argmax(const uint32_t *n)
{
	int i, best = TEXT_LANG_NONE;
	for (i = 1; i < TEXT_LANG_COUNT; i++)
		if (n[i] > (best ? n[best] : 0))
			best = i;
	return best;
}

static int term_lang(struct cluster_engine *e, const char *source, int lang)
{
	struct src_lang *sl = NULL;
	if (source && *source) {
		uint64_t h = src_hash(source);
		if (!e->src_lang)
			e->src_lang = xcalloc(SRC_LANG, sizeof *e->src_lang);
		sl = &e->src_lang[h & (SRC_LANG - 1)];
		if (sl->h != h) {
			memset(sl, 0, sizeof *sl);
			sl->h = h;
		}
	}
	if (lang != TEXT_LANG_NONE) {
		e->lang_seen[lang]++;
		if (sl)
			sl->n[lang]++;
		return lang;
	}
	if (sl && (lang = lang_argmax(sl->n)) != TEXT_LANG_NONE)
		return lang;
	return lang_argmax(e->lang_seen);
}

/* Hash every token once: the fold shingles and the cluster terms both start from it. */
static void hash_tokens(struct cluster_engine *e)
{
	xgrow((void **)&e->th, &e->cth, e->tt.n + 1, sizeof *e->th);
	text_hash_tokens(&e->tt, 0, e->tt.n, e->th);
}

/* The fold signature of title + text (not the URL words). */
static void body_signature(struct cluster_engine *e, int lang, struct fold_sig *sig)
{
	size_t all = e->tt.n;
	hash_tokens(e);
	e->tt.n = e->nbody;
	fold_signature_hashed(&e->tt, e->th, lang, sig);
	e->tt.n = all;
}

/* The probe slot of term: where it is, or the empty slot where it would go. Terms are
 * never 0. */
static size_t at_slot(const struct cluster_engine *e, uint32_t term)
{
	size_t i = (term * 2654435761u) & (2 * ART_CAP - 1);
	while (e->at_hterm[i] && e->at_hterm[i] != term)
		i = (i + 1) & (2 * ART_CAP - 1);
	return i;
}

static struct aterm *at_get(struct cluster_engine *e, uint32_t term, uint32_t tok)
{
	size_t i = at_slot(e, term);
	if (e->at_hterm[i])
		return &e->at[e->at_hidx[i]];
	if (e->nat >= ART_CAP)
		return NULL;
	e->at[e->nat] = (struct aterm){ term, 0, 0, 0, 0, tok };
	e->at_hterm[i] = term;
	e->at_hidx[i] = (uint16_t)e->nat;
	return &e->at[e->nat++];
}

static const struct aterm *at_lookup(const struct cluster_engine *e, uint32_t term)
{
	size_t i = at_slot(e, term);
	return e->at_hterm[i] ? &e->at[e->at_hidx[i]] : NULL;
}

/* Title Case headlines capitalize every word: their capitals say nothing about entities. */
static int title_cased(const struct text_tokens *t, size_t ntitle, int lang)
{
	size_t i, words = 0, caps = 0;
	for (i = 0; i < ntitle; i++) {
		if (t->tok[i].flags & (TEXT_F_NUM | TEXT_F_GRAM))
			continue;
		if (text_is_stop(lang, text_tok_str(t, i), t->tok[i].len))
			continue;
		words++;
		caps += (t->tok[i].flags & TEXT_F_CAP) != 0;
	}
	return words >= 3 && caps * 10 >= words * 7;
}

/* A term's rank as one integer: heavier first, then lower term (the order of cmp_aterm_w).
 * Weights are positive floats, whose bit patterns order as the values do, so one unsigned
 * comparison replaces a comparison function. */
static uint64_t rank_key(float w, uint32_t term)
{
	uint32_t bits;
	memcpy(&bits, &w, sizeof bits);
	return (uint64_t)bits << 32 | (uint32_t)~term;
}

struct ord {
	uint64_t key;   /* rank_key: larger ranks first */
	uint32_t i;
};

/* Keep the k largest keys of h[0..n) in h[0..min(k, n)), largest first, and return how
 * many. Keys are distinct (a strict total order), so the result is exactly the prefix a full
 * sort would give; a bounded min-heap finds them at a fraction of the cost of sorting all. */
static void heap_sift(struct ord *h, size_t n, size_t i)
{
	for (;;) {   /* h[0] is the worst kept: the smallest key */
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct ord x;
		if (l < n && h[l].key < h[m].key) m = l;
		if (r < n && h[r].key < h[m].key) m = r;
		if (m == i)
			return;
		x = h[i], h[i] = h[m], h[m] = x;
		i = m;
	}
}

static size_t select_top(struct ord *h, size_t n, size_t k)
{
	size_t i, j;
	if (n > k) {
		for (i = k / 2; i-- > 0;)
			heap_sift(h, k, i);
		for (i = k; i < n; i++)
			if (h[i].key > h[0].key) {
				h[0] = h[i];
				heap_sift(h, k, 0);
			}
		n = k;
	}
	for (i = 1; i < n; i++) {   /* insertion sort, largest first */
		struct ord x = h[i];
		for (j = i; j > 0 && h[j - 1].key < x.key; j--)
			h[j] = h[j - 1];
		h[j] = x;
	}
	return n;
}

/* e->order[0..ORDER_TOP): the heaviest terms, heaviest first (all that top_terms and
 * story_merge read). */
#define ORDER_TOP (QUERY_TERMS > MERGE_TERMS ? QUERY_TERMS : MERGE_TERMS)
static void order_top(struct cluster_engine *e)
{
	struct ord h[ART_CAP];
	size_t i, n;
	for (i = 0; i < e->nat; i++)
		h[i] = (struct ord){ rank_key(e->at[i].w, e->at[i].term), (uint32_t)i };
	n = select_top(h, e->nat, ORDER_TOP);
	for (i = 0; i < n; i++)
		e->order[i] = h[i].i;
}

static void build_vector(struct cluster_engine *e, size_t ntitle, int lang)
{
	const struct text_tokens *t = &e->tt;
	size_t i, n = t->n < ntitle + CLUSTER_TOKENS ? t->n : ntitle + CLUSTER_TOKENS;
	int tcase = title_cased(t, ntitle, lang);
	double norm = 0;
	uint32_t terms[ART_CAP];
	float idf[ART_CAP];
	memset(e->at_hterm, 0, sizeof e->at_hterm);
	e->nat = 0;
	xgrow((void **)&e->tterm, &e->ctterm, n + 1, sizeof *e->tterm);
	vocab_terms(e->voc, lang, t, e->th, n, e->tterm);
	for (i = 0; i < n; i++) {
		int fl = t->tok[i].flags;
		uint32_t term = e->tterm[i];
		struct aterm *x;
		if (!term || !(x = at_get(e, term, (uint32_t)i)))
			continue;
		x->tf += i >= e->nbody ? URL_W : (i < ntitle && e->nbody > ntitle) ? TITLE_W : 1.0f;
		if ((fl & TEXT_F_UPPER) ||
		    ((fl & TEXT_F_CAP) && !(fl & TEXT_F_SENT) && !(i < ntitle && tcase)))
			x->ent = 1;
	}
	for (i = 0; i < e->nat; i++)
		terms[i] = e->at[i].term;
	vocab_idfs(e->voc, terms, e->nat, idf);
	for (i = 0; i < e->nat; i++) {
		struct aterm *x = &e->at[i];
		x->idf = idf[i];
		x->w = (1.0f + logf(x->tf)) * x->idf * (x->ent ? ENT_BOOST : 1.0f);
		norm += (double)x->w * x->w;
	}
	e->anorm = (float)sqrt(norm);
	order_top(e);
}

/* A story term's centroid weight given its idf. */
static float story_term_w_idf(const struct sterm *s, uint32_t narticles, float idf)
{
	int ent = s->ent * 2 > narticles || s->ent >= 3;
	return CENTROID_TF(s->w) * idf * (ent ? ENT_BOOST : 1.0f);
}

static float story_term_w(const struct cluster_engine *e, const struct sterm *s, uint32_t narticles)
{
	return story_term_w_idf(s, narticles, vocab_idf(e->voc, s->term));
}

static double cosine(const struct cluster_engine *e, const struct story *s)
{
	double dot = 0;
	size_t i;
	if (s->norm <= 0 || e->anorm <= 0)
		return 0;
	for (i = 0; i < s->nterms; i++) {
		const struct aterm *x = at_lookup(e, s->t[i].term);
		if (x)
			dot += (double)story_term_w_idf(&s->t[i], s->narticles, x->idf) * x->w;   /* the
				* article's idf is the one story_term_w would compute: same counts */
	}
	return dot / ((double)s->norm * e->anorm);
}

/* Cosine of the article with a member's kept terms (idf as of now, entities boosted). */
static double member_cosine(const struct cluster_engine *e, const struct member *m, int *shared)
{
	double dot = 0, norm = 0;
	size_t i;
	*shared = 0;
	for (i = 0; i < m->n; i++) {
		float w = vocab_idf(e->voc, m->t[i]) * ((m->ent >> i & 1) ? ENT_BOOST : 1.0f);
		const struct aterm *x = at_lookup(e, m->t[i]);
		norm += (double)w * w;
		if (x) {
			dot += (double)w * x->w;
			(*shared)++;
		}
	}
	return norm > 0 && e->anorm > 0 ? dot / (sqrt(norm) * e->anorm) : 0;
}

/* The story's best member link (sharing at least MEMBER_SHARED terms); *via: its index. */
static double member_score(const struct cluster_engine *e, const struct story *s, int *via)
{
	double best = 0;
	size_t i;
	*via = -1;
	for (i = 0; i < s->nm; i++) {
		int sh;
		double c = member_cosine(e, &s->m[i], &sh);
		if (sh >= MEMBER_SHARED && c > best) {
			best = c;
			*via = (int)i;
		}
	}
	return best;
}

/* Request the lines cosine reads (the header and the terms) of a story. */
static void story_prefetch(const struct story *s)
{
	const char *p = (const char *)s, *end = (const char *)(s->t + STORY_TERMS);
	for (; p < end; p += 64)
		__builtin_prefetch(p);
}

static double decay(const struct cluster_engine *e, const struct story *s, int64_t t)
{
	int64_t dt = t > s->last ? t - s->last : (t < s->first ? s->first - t : 0);
	double hl = e->has_body ? e->o.half_life : e->o.half_life_short;
	if (s->narticles >= PACE_N) {
		/* a story that came in a burst is over once quiet for many of its own gaps */
		double pace = (double)(s->last - s->first) / (s->narticles - 1) / 3600.0 * PACE_K;
		if (pace < PACE_MIN)
			pace = PACE_MIN;
		if (pace < hl)
			hl = pace;
	}
	return pow(0.5, (double)dt / 3600.0 / (hl > 0 ? hl : 1e-9));
}

static int cmp_aterm_w(const void *a, const void *b)
{
	const struct aterm *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* Indices of the article's top terms by weight (deterministic order). */
static size_t top_terms(const struct cluster_engine *e, uint32_t *idx, size_t max)
{
	size_t n = e->nat < max ? e->nat : max;
	memcpy(idx, e->order, n * sizeof *idx);
	return n;
}

struct cand {
	uint32_t slot;
	float partial;
};

/* Selection key of a candidate: higher partial score first, then lower slot. Scores are
 * non-negative floats, whose bit patterns order as the values do. */
static uint64_t cand_key(float partial, uint32_t slot)
{
	uint32_t bits;
	memcpy(&bits, &partial, sizeof bits);
	return (uint64_t)bits << 32 | (uint32_t)~slot;
}

#define GATHER_AHEAD 8   /* postings whose slot is requested ahead: the slots are random */

static size_t gather(struct cluster_engine *e, struct cand *c, size_t max)
{
	uint32_t idx[QUERY_TERMS], all[256], mark = (uint32_t)e->articles;
	struct ord h[256];
	size_t nq = top_terms(e, idx, QUERY_TERMS), n = 0, i, j;
	for (i = 0; i < nq; i++) {
		const struct plist *l = ptable_find(&e->live, e->at[idx[i]].term);
		const struct post *p = l->p;
		float w = e->at[idx[i]].w;
		if (!l->term)
			continue;
		for (j = l->n; j-- > 0;) {
			struct sgather *g = &e->sg[p[j].slot];
			if (j >= GATHER_AHEAD)
				__builtin_prefetch(&e->sg[p[j - GATHER_AHEAD].slot]);
			if (g->gen != p[j].gen)
				continue;
			if (g->mark != mark) {
				if (n == 256)
					continue;
				g->mark = mark;
				g->partial = 0;
				all[n++] = p[j].slot;
			}
			g->partial += w;
		}
	}
	/* keep the best max by partial score; ties by slot for determinism */
	for (i = 0; i < n; i++)
		h[i] = (struct ord){ cand_key(e->sg[all[i]].partial, all[i]), all[i] };
	n = select_top(h, n, max);
	for (i = 0; i < n; i++)
		c[i] = (struct cand){ h[i].i, e->sg[h[i].i].partial };
	return n;
}

static uint32_t story_alloc(struct cluster_engine *e)
{
	if (e->nfree)
		return e->free_slots[--e->nfree];
	xgrow((void **)&e->stories, &e->cstories, e->nstories + 1, sizeof *e->stories);
	xgrow((void **)&e->sg, &e->csg, e->nstories + 1, sizeof *e->sg);
	memset(&e->stories[e->nstories], 0, sizeof *e->stories);
	memset(&e->sg[e->nstories], 0, sizeof *e->sg);
	return (uint32_t)e->nstories++;
}

static int cmp_sterm(const void *a, const void *b)
{
	const struct sterm *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;   /* w here holds the ranking weight */
	return x->term < y->term ? -1 : x->term > y->term;
}

/* Add terms src[0..n) (w: sublinear tf sums, ent: entity counts) into the story, keep the
 * STORY_TERMS best by tf-idf, and post the story under the terms it did not have. */
static void story_absorb(struct cluster_engine *e, uint32_t slot, const struct sterm *src,
			 size_t nsrc, uint32_t narticles)
{
	struct story *s = &e->stories[slot];
	struct sterm tmp[STORY_TERMS + ART_CAP];
	struct ord order[STORY_TERMS + ART_CAP];
	float w[STORY_TERMS + ART_CAP];
	uint8_t had[STORY_TERMS + ART_CAP];
	size_t n = s->nterms, i, j, keep;
	memcpy(tmp, s->t, n * sizeof *tmp);
	memset(had, 1, n);
	for (i = 0; i < nsrc; i++) {
		for (j = 0; j < s->nterms && tmp[j].term != src[i].term; j++)
			;
		if (j == s->nterms) {
			j = n++;
			tmp[j] = (struct sterm){ src[i].term, 0, 0 };
			had[j] = 0;
		}
		tmp[j].w += src[i].w;
		tmp[j].ent += src[i].ent;
	}
	s->narticles += narticles;
	for (i = 0; i < n; i++) {
		w[i] = story_term_w(e, &tmp[i], s->narticles);
		order[i] = (struct ord){ rank_key(w[i], tmp[i].term), (uint32_t)i };
	}
	/* the STORY_TERMS heaviest, heaviest first; all of them in their order when they fit */
	keep = n > STORY_TERMS ? select_top(order, n, STORY_TERMS) : n;
	s->norm = 0;
	for (i = 0; i < keep; i++) {
		s->norm += w[order[i].i] * w[order[i].i];
		s->t[i] = tmp[order[i].i];
		if (!had[order[i].i]) {
			struct post p = { slot, s->gen };
			plist_push(ptable_get(&e->live, s->t[i].term), &p, sizeof p, POST_CAP);
		}
	}
	s->nterms = (uint16_t)keep;
	s->norm = sqrtf(s->norm);
}

static void member_push(struct story *s, const struct member *m)
{
	if (s->nm < MEMBERS) {
		size_t cap = s->mcap;
		xgrow((void **)&s->m, &cap, (size_t)s->nm + 1, sizeof *s->m);
		s->mcap = (uint8_t)cap;
		s->nm++;
	}
	s->m[s->mnext] = *m;
	s->mnext = (uint8_t)((s->mnext + 1) % MEMBERS);
}

/* A headline-only article becomes a member of its story: its heaviest terms. */
static void member_add(struct cluster_engine *e, struct story *s, int64_t key)
{
	struct member m;
	size_t i, n = e->nat < MEMBER_TERMS ? e->nat : MEMBER_TERMS;
	if (e->has_body)
		return;
	memset(&m, 0, sizeof m);
	m.key = key;
	for (i = 0; i < n; i++) {
		const struct aterm *x = &e->at[e->order[i]];
		m.t[i] = x->term;
		m.ent |= (uint16_t)(x->ent ? 1u << i : 0);
	}
	m.n = (uint8_t)n;
	member_push(s, &m);
}

/* Merge the current article (key) into the story: its terms, and its headline as a member. */
static void story_merge(struct cluster_engine *e, uint32_t slot, int64_t key)
{
	struct sterm src[MERGE_TERMS];
	size_t i, n = e->nat < MERGE_TERMS ? e->nat : MERGE_TERMS;
	for (i = 0; i < n; i++) {
		const struct aterm *x = &e->at[e->order[i]];
		src[i] = (struct sterm){ x->term, 1.0f + logf(x->tf), x->ent };
	}
	story_absorb(e, slot, src, n, 1);
	member_add(e, &e->stories[slot], key);
}

static void story_free_slot(struct cluster_engine *e, uint32_t slot)
{
	struct story *s = &e->stories[slot];
	s->live = 0;
	s->gen++;
	e->sg[slot].gen = 0;
	free(s->m);
	s->m = NULL;
	s->nm = s->mcap = s->mnext = 0;
	xgrow((void **)&e->free_slots, &e->cfree, e->nfree + 1, sizeof *e->free_slots);
	e->free_slots[e->nfree++] = slot;
}

/* The story a (possibly merged-away) story id now lives in. */
static int64_t story_resolve(struct cluster_engine *e, int64_t id)
{
	const struct kv *m;
	int hops = 0;
	while (hops++ < 64 && (m = imap_get(&e->merged, id)) != NULL)
		id = m->a;
	return id;
}

/* Two live stories both match an article well: fold the younger into the older. */
static void story_union(struct cluster_engine *e, uint32_t into, uint32_t from)
{
	struct story *a = &e->stories[into], *b = &e->stories[from];
	size_t i;
	story_absorb(e, into, b->t, b->nterms, b->narticles);
	for (i = 0; i < b->nm; i++)   /* oldest first, so the ring keeps the newest */
		member_push(a, &b->m[((b->nm < MEMBERS ? 0 : b->mnext) + i) % b->nm]);
	if (b->first < a->first)
		a->first = b->first;
	if (b->last > a->last)
		a->last = b->last;
	imap_put(&e->merged, b->id, a->id, 0);
	imap_put(&e->story_slot, b->id, into, 0);
	story_free_slot(e, from);
}

static uint32_t story_start(struct cluster_engine *e, int64_t id, int64_t thread, int64_t t,
			    int64_t key)
{
	uint32_t slot = story_alloc(e), gen = e->stories[slot].gen + 1;
	struct story *s = &e->stories[slot];
	memset(s, 0, sizeof *s);
	s->id = id;
	s->thread = thread;
	s->first = s->last = t;
	s->gen = gen;
	s->live = 1;
	e->sg[slot].gen = gen;
	imap_put(&e->story_slot, id, slot, 0);
	story_merge(e, slot, key);
	return slot;
}

static void story_touch(struct story *s, int64_t t)
{
	if (t > s->last)
		s->last = t;
	if (t < s->first)
		s->first = t;
}

/* ---- archive (threads) ---- */

static void archive_story(struct cluster_engine *e, struct story *s)
{
	struct sterm order[STORY_TERMS];
	struct arch *a;
	size_t i;
	for (i = 0; i < s->nterms; i++)
		order[i] = (struct sterm){ s->t[i].term, story_term_w(e, &s->t[i], s->narticles), (uint32_t)i };
	qsort(order, s->nterms, sizeof *order, cmp_sterm);
	xgrow((void **)&e->arch, &e->carch, e->narch + 1, sizeof *e->arch);
	a = &e->arch[e->narch];
	memset(a, 0, sizeof *a);
	a->id = s->id;
	a->thread = s->thread;
	a->last = s->last;
	for (i = 0; i < s->nterms && i < ARCH_TERMS; i++) {
		uint32_t idx = (uint32_t)e->narch;
		const struct sterm *st = &s->t[order[i].ent];
		a->t[i] = (struct aterm_w){ st->term, st->w };
		/* keep the entity flag as decided for the whole story */
		if (st->ent * 2 > s->narticles || st->ent >= 3)
			a->ent |= 1u << i;
		plist_push(ptable_get(&e->archive, a->t[i].term), &idx, sizeof idx, ARCH_POST_CAP);
	}
	a->nterms = (uint8_t)i;
	e->narch++;
}

/* Reinsert the entries of t whose term is set into a table sized for them: emptied lists
 * leave the table, so it holds the terms of live stories, not every term ever posted. */
static void ptable_rehash(struct ptable *t, size_t kept)
{
	struct plist *old = t->l;
	size_t i, oc = t->cap;
	t->cap = 1024;
	while ((kept + 1) * 2 > t->cap)   /* the load ptable_get grows at */
		t->cap *= 2;
	t->l = xcalloc(t->cap, sizeof *t->l);
	t->n = kept;
	for (i = 0; i < oc; i++)
		if (old[i].term)
			*ptable_find(t, old[i].term) = old[i];
	free(old);
}

/* Drop the postings of stories no longer live; a list left empty is freed with its entry,
 * a list using under half its room shrinks (postings are the live index's largest part). */
static void compact_live(struct cluster_engine *e)
{
	size_t i, j, k, kept = 0;
	for (i = 0; i < e->live.cap; i++) {
		struct plist *l = &e->live.l[i];
		struct post *p = l->p;
		if (!l->term)
			continue;
		for (j = k = 0; j < l->n; j++) {
			const struct story *s = &e->stories[p[j].slot];
			if (s->live && s->gen == p[j].gen)
				p[k++] = p[j];
		}
		l->n = (uint32_t)k;
		if (k == 0) {
			free(l->p);
			memset(l, 0, sizeof *l);
			continue;
		}
		if (l->cap > 2 * k) {
			l->p = xrealloc(l->p, k * sizeof *p);
			l->cap = (uint32_t)k;
		}
		kept++;
	}
	ptable_rehash(&e->live, kept);
}

static void rebuild_slot_map(struct cluster_engine *e)
{
	size_t i;
	free(e->story_slot.e);
	imap_init(&e->story_slot);
	for (i = 0; i < e->nstories; i++)
		if (e->stories[i].live)
			imap_put(&e->story_slot, e->stories[i].id, (int64_t)i, 0);
}

static void sweep(struct cluster_engine *e)
{
	size_t i, evicted = 0;
	e->since_sweep = 0;
	e->swept = e->now;
	for (i = 0; i < e->nstories; i++) {
		struct story *s = &e->stories[i];
		if (!s->live || s->last >= e->now - e->o.window)
			continue;
		archive_story(e, s);
		story_free_slot(e, (uint32_t)i);
		evicted++;
	}
	if (evicted) {
		compact_live(e);
		rebuild_slot_map(e);
	}
}

/* Sweep every SWEEP articles, or when the stream clock moved SWEEP_SECS since the last one:
 * a personal reader's few articles a day must still archive idle stories for threads. */
static void sweep_due(struct cluster_engine *e)
{
	if (e->articles == 1)
		e->swept = e->now;
	if (++e->since_sweep >= SWEEP || e->now - e->swept >= SWEEP_SECS)
		sweep(e);
}

/* Cosine of the article with an archived story's summary terms; 0 when they share fewer
 * than 2 terms (find_thread's floor: the score would not be used, so it is not computed). */
static double arch_score(const struct cluster_engine *e, const struct arch *a, int *shared)
{
	const struct aterm *x[ARCH_TERMS];
	double dot = 0, norm = 0;
	size_t i;
	*shared = 0;
	for (i = 0; i < a->nterms; i++) {
		x[i] = at_lookup(e, a->t[i].term);
		*shared += x[i] != NULL;
	}
	if (*shared < 2)
		return 0;
	for (i = 0; i < a->nterms; i++) {
		float w = a->t[i].w * vocab_idf(e->voc, a->t[i].term) * ((a->ent >> i & 1) ? ENT_BOOST : 1.0f);
		norm += (double)w * w;
		if (x[i])
			dot += (double)w * x[i]->w;
	}
	return norm > 0 && e->anorm > 0 ? dot / (sqrt(norm) * e->anorm) : 0;
}

/* Evidence for one thread from its stories: 1 - prod(1 - score) over the stories that match
 * (score >= THREAD_EVIDENCE, 2 terms shared), so a subject met again in several earlier
 * stories counts more than one of them: the Ebola case in Dallas matches both the outbreak in
 * Guinea and the WHO emergency at 0.2 each. */
#ifndef THREAD_EVIDENCE
#define THREAD_EVIDENCE 0.15
#endif
#define THREAD_ACC 32
struct thread_acc {
	int64_t thread, from;   /* from: its best matching story */
	double miss, best;
};

static void thread_evidence(struct thread_acc *acc, size_t *n, int64_t thread, int64_t id, double sc)
{
	size_t i;
	for (i = 0; i < *n && acc[i].thread != thread; i++)
		;
	if (i == *n) {
		if (*n == THREAD_ACC)
			return;
		acc[(*n)++] = (struct thread_acc){ thread, id, 1.0, 0 };
	}
	acc[i].miss *= 1.0 - sc;
	if (sc > acc[i].best || (sc == acc[i].best && id < acc[i].from)) {
		acc[i].best = sc;
		acc[i].from = id;
	}
}

/* The thread a new story joins: the thread with the most evidence (see thread_evidence) from
 * the archived stories sharing a top term and the best live non-joined match, when it reaches
 * the thread threshold; else its own (self). *from: the story that linked it, or -1. */
static int64_t find_thread(struct cluster_engine *e, int64_t self, double live_score,
			   int64_t live_thread, int64_t live_id, int64_t *from)
{
	uint32_t idx[QUERY_TERMS], mark = (uint32_t)e->articles;
	struct thread_acc acc[THREAD_ACC];
	size_t nq = top_terms(e, idx, QUERY_TERMS), i, j, nacc = 0;
	double best = 0;
	int64_t thread = self;
	*from = -1;
	if (live_id >= 0 && live_score >= THREAD_EVIDENCE)
		thread_evidence(acc, &nacc, live_thread, live_id, live_score);
	for (i = 0; i < nq; i++) {
		const struct plist *l = ptable_find(&e->archive, e->at[idx[i]].term);
		const uint32_t *p = l->p;
		if (!l->term)
			continue;
		for (j = l->n; j-- > 0;) {
			struct arch *a = &e->arch[p[j]];
			int shared;
			double sc;
			if (a->mark == mark)
				continue;
			a->mark = mark;
			sc = arch_score(e, a, &shared);
			if (shared >= 2 && sc >= THREAD_EVIDENCE)
				thread_evidence(acc, &nacc, a->thread, a->id, sc);
		}
	}
	for (i = 0; i < nacc; i++) {
		double sc = 1.0 - acc[i].miss;
		if (sc >= e->o.thread && sc > best) {
			best = sc;
			thread = acc[i].thread;
			*from = acc[i].from;
		}
	}
	return thread;
}

/* The article's words among terms[0..nt) (a story's, or the member it joined through), as
 * entities and terms, heaviest first. */
static void why_shared(const struct cluster_engine *e, const uint32_t *terms, size_t nt,
		       struct cluster_result *r)
{
	uint32_t sh[STORY_TERMS > MEMBER_TERMS ? STORY_TERMS : MEMBER_TERMS];
	size_t n = 0, i, j;
	for (i = 0; i < nt && n < sizeof sh / sizeof *sh; i++) {
		const struct aterm *x = at_lookup(e, terms[i]);
		if (!x)
			continue;
		/* insertion by article weight, heaviest first */
		for (j = n++; j > 0 && cmp_aterm_w(x, &e->at[sh[j - 1]]) < 0; j--)
			sh[j] = sh[j - 1];
		sh[j] = (uint32_t)(x - e->at);
	}
	for (i = 0; i < n; i++) {
		const struct aterm *x = &e->at[sh[i]];
		if (x->ent && r->nentities < CLUSTER_WHY_TERMS)
			r->entities[r->nentities++] = text_tok_str(&e->tt, x->tok);
		else if (!x->ent && r->nterms < CLUSTER_WHY_TERMS)
			r->terms[r->nterms++] = text_tok_str(&e->tt, x->tok);
	}
}

static void why_terms(const struct cluster_engine *e, const struct story *s, struct cluster_result *r)
{
	uint32_t terms[STORY_TERMS];
	size_t i;
	for (i = 0; i < s->nterms; i++)
		terms[i] = s->t[i].term;
	why_shared(e, terms, s->nterms, r);
}

static void doc_counts(struct cluster_engine *e)
{
	uint32_t terms[ART_CAP];
	size_t i;
	for (i = 0; i < e->nat; i++)
		terms[i] = e->at[i].term;
	vocab_add_doc(e->voc, terms, e->nat);
}

static int try_fold(struct cluster_engine *e, const struct cluster_article *a, int64_t t,
		    const struct fold_sig *sig, struct cluster_result *r)
{
	struct fold_match m;
	const struct kv *k;
	const struct kv *sl;
	const struct story *s = NULL;
	int64_t story;
	fold_find(e->fold, sig, &m);
	if (m.key < 0 || !(k = imap_get(&e->keys, m.key)))
		return 0;
	story = story_resolve(e, k->a);
	sl = imap_get(&e->story_slot, story);
	if (sl && e->stories[sl->a].live && e->stories[sl->a].id == story)
		s = &e->stories[sl->a];
	r->kind = CLUSTER_FOLD;
	r->duplicate_of = m.key;
	r->story = story;
	/* a copy is not new coverage: it does not keep the story joinable (no story_touch) */
	r->thread = s ? s->thread : k->b;
	r->score = m.jaccard;
	r->containment = m.containment;
	(void)a;
	return 1;
}

/* The article's score with a story: cosine with its centroid x decay; a headline-only item
 * below the join threshold may still reach it through a member (*via: its index, else -1).
 * Such a link scores just above the threshold (ordered by how close the member is): a
 * centroid match, evidence from the whole story, still wins over it (a member link scored
 * at its own cosine lost 0.009 B-cubed F1 on uci-news-dev), and it never triggers a merge. */
static double story_score(const struct cluster_engine *e, const struct story *s, int64_t t, int *via)
{
	double dc = decay(e, s, t), sc = cosine(e, s) * dc, m;
	*via = -1;
	if (sc >= e->join || e->has_body || !s->nm)
		return sc;
	m = member_score(e, s, via) * dc;
	if (m >= MEMBER_LINK)
		return e->join * (1 + 0.1 * (m - MEMBER_LINK));
	*via = -1;
	return sc;
}

/* Which of two stories keeps its id when they merge: more articles, then older, then lower id. */
static int story_outranks(const struct story *a, const struct story *b)
{
	if (a->narticles != b->narticles)
		return a->narticles > b->narticles;
	if (a->first != b->first)
		return a->first < b->first;
	return a->id < b->id;
}

/* Does an article that joins a and also scores second with b merge them? Two established
 * stories need the merge threshold. For a headline, a story of at most FRAG_N articles is most
 * often a piece split off the other by a different wording of its first headline, so any score
 * of FRAG_MERGE (and above the join threshold) merges it. Articles with a body have words
 * enough not to split that way, and on the shipped sample the looser rule merged a bus-fare
 * story into the dock strike one. */
static int merge_due(const struct cluster_engine *e, const struct story *a, const struct story *b,
		     double second)
{
	uint32_t small = a->narticles < b->narticles ? a->narticles : b->narticles;
	if (second >= e->o.merge)
		return 1;
	return !e->has_body && small <= FRAG_N && second >= FRAG_MERGE;
}

static void decide(struct cluster_engine *e, const struct cluster_article *a, int64_t t,
		   struct cluster_result *r)
{
	struct cand c[CAND_CAP];
	size_t nc = gather(e, c, CAND_CAP), i;
	double sc[CAND_CAP], best = -1, second = -1, best_other = 0;
	int bi = -1, si = -1, oi = -1, via[CAND_CAP];
	for (i = 0; i < nc; i++)   /* every candidate's first lines, requested at once */
		story_prefetch(&e->stories[c[i].slot]);
	for (i = 0; i < nc; i++) {
		const struct story *s = &e->stories[c[i].slot];
		sc[i] = story_score(e, s, t, &via[i]);
		if (sc[i] >= e->join && sc[i] > best) {
			second = best;
			si = bi;
			best = sc[i];
			bi = (int)i;
		} else if (sc[i] >= e->join && sc[i] > second) {
			second = sc[i];
			si = (int)i;
		} else if (sc[i] < e->join && sc[i] > best_other) {
			best_other = sc[i];
			oi = (int)i;
		}
	}
	if (bi >= 0) {
		uint32_t slot = c[bi].slot;
		struct story *s = &e->stories[slot];
		struct member via_m;
		r->kind = CLUSTER_JOIN;
		r->score = best;
		if (via[bi] >= 0) {
			/* joined through a member: say which, how close, and what they share */
			int shared;
			via_m = s->m[via[bi]];
			r->via = via_m.key;
			r->score = member_cosine(e, &via_m, &shared) * decay(e, s, t);
		}
		if (si >= 0 && merge_due(e, s, &e->stories[c[si].slot], second)) {
			/* the article bridges two stories: the larger one absorbs the other (ties: the
			 * older), so the later articles land with most of the story's earlier ones */
			uint32_t other = c[si].slot;
			if (story_outranks(&e->stories[other], s)) {
				uint32_t tmp = slot;
				slot = other;
				other = tmp;
			}
			r->merged = e->stories[other].id;
			story_union(e, slot, other);
			s = &e->stories[slot];
		}
		if (s->thread == s->id && s->narticles < THREAD_YOUNG) {
			/* its first headline may have been too thin to find the subject: retry */
			int64_t from, th = find_thread(e, s->id, 0, s->id, -1, &from);
			if (from >= 0) {
				s->thread = th;
				r->thread_from = from;
			}
		}
		r->story = s->id;
		r->thread = s->thread;
		if (r->via >= 0)
			why_shared(e, via_m.t, via_m.n, r);
		else
			why_terms(e, s, r);
		story_merge(e, slot, a->key);
		story_touch(s, t);
		return;
	}
	r->kind = CLUSTER_NEW;
	r->story = a->key;
	r->score = best_other;
	r->thread = find_thread(e, a->key, oi >= 0 ? best_other : 0,
				oi >= 0 ? e->stories[c[oi].slot].thread : a->key,
				oi >= 0 ? e->stories[c[oi].slot].id : -1, &r->thread_from);
	story_start(e, a->key, r->thread, t, a->key);
}

static void result_init(struct cluster_result *r)
{
	memset(r, 0, sizeof *r);
	r->duplicate_of = -1;
	r->via = -1;
	r->thread_from = -1;
	r->merged = -1;
}

int cluster_engine_add(struct cluster_engine *e, const struct cluster_article *a,
		       struct cluster_result *r)
{
	struct fold_sig sig;
	size_t ntitle;
	int lang;
	int64_t t = article_time(e, a->published);
	result_init(r);
	e->articles++;
	sweep_due(e);
	tokenize(e, a, &ntitle, &lang);
	body_signature(e, lang, &sig);
	if (try_fold(e, a, t, &sig, r))
		return 0;
	build_vector(e, ntitle, term_lang(e, a->source, lang));
	decide(e, a, t, r);
	fold_index_add(e->fold, a->key, t, &sig);
	if (!sig.empty)   /* never indexed, so never folded into: no key entry */
		imap_put(&e->keys, a->key, r->story, r->thread);
	doc_counts(e);
	return 0;
}

void cluster_engine_replay(struct cluster_engine *e, const struct cluster_article *a,
			   int64_t story, int64_t thread, int64_t duplicate_of)
{
	struct fold_sig sig;
	const struct kv *sl;
	size_t ntitle;
	int lang;
	int64_t t = article_time(e, a->published);
	e->articles++;
	sweep_due(e);
	sl = imap_get(&e->story_slot, story);
	if (sl && !(e->stories[sl->a].live && e->stories[sl->a].id == story))
		sl = NULL;
	if (duplicate_of >= 0)
		return;   /* as in try_fold: copies do not touch the story */
	tokenize(e, a, &ntitle, &lang);
	body_signature(e, lang, &sig);
	build_vector(e, ntitle, term_lang(e, a->source, lang));
	if (sl) {
		story_merge(e, (uint32_t)sl->a, a->key);
		story_touch(&e->stories[sl->a], t);
	} else {
		story_start(e, story, thread, t, a->key);
	}
	fold_index_add(e->fold, a->key, t, &sig);
	if (!sig.empty)
		imap_put(&e->keys, a->key, story, thread);
	doc_counts(e);
}

size_t cluster_engine_tokenize(struct cluster_engine *e, const struct cluster_article *a)
{
	size_t ntitle;
	int lang;
	e->articles++;
	tokenize(e, a, &ntitle, &lang);
	return e->tt.n;
}

int cluster_engine_fold_only(struct cluster_engine *e, const struct cluster_article *a,
			     struct cluster_result *r)
{
	struct fold_sig sig;
	struct fold_match m;
	size_t ntitle;
	int lang;
	int64_t t = article_time(e, a->published);
	result_init(r);
	e->articles++;
	tokenize(e, a, &ntitle, &lang);
	body_signature(e, lang, &sig);
	fold_find(e->fold, &sig, &m);
	if (m.key >= 0) {
		r->kind = CLUSTER_FOLD;
		r->duplicate_of = m.key;
		r->score = m.jaccard;
		return 0;
	}
	fold_index_add(e->fold, a->key, t, &sig);
	r->story = a->key;
	return 0;
}

void cluster_engine_stats(const struct cluster_engine *e, struct cluster_stats *s)
{
	size_t i;
	memset(s, 0, sizeof *s);
	s->articles = e->articles;
	s->canonicals = fold_index_count(e->fold);
	for (i = 0; i < e->nstories; i++)
		s->stories_live += e->stories[i].live;
	s->stories_archived = e->narch;
	s->fold_bytes = fold_index_bytes(e->fold);
	s->cluster_bytes = e->cstories * sizeof *e->stories + e->csg * sizeof *e->sg +
			   e->carch * sizeof *e->arch +
			   ptable_bytes(&e->live, sizeof(struct post)) +
			   ptable_bytes(&e->archive, sizeof(uint32_t)) +
			   (e->keys.cap + e->story_slot.cap) * sizeof(struct kv) + vocab_bytes(e->voc) +
			   e->cfree * sizeof(uint32_t);
	for (i = 0; i < e->nstories; i++)
		s->cluster_bytes += (size_t)e->stories[i].mcap * sizeof *e->stories[i].m;
	if (e->src_lang)
		s->cluster_bytes += SRC_LANG * sizeof *e->src_lang;
}
