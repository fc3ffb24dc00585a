/*
 * engine — the online story clustering every path uses (`newsfold cluster`, cluster_update
 * after refresh/ingest): each article, on arrival, is folded into an earlier copy, joins a
 * recent story, or starts a story; a new story is linked into a thread of older stories on
 * the same subject. It uses only what came before it.
 *
 * Article → tokens (text/) → fold signature (fold/) → terms: stemmed, stop words dropped,
 * title words counted twice, URL path words (the slug) half, capitalized words inside a sentence and acronyms marked as
 * entities (weighted x ENT_BOOST). Weights are sublinear tf x idf, idf from document
 * frequencies updated incrementally over every canonical article seen.
 * Candidates come from an inverted index term → recent stories (capped posting lists,
 * stories idle longer than the window are evicted), queried with the article's top terms,
 * so the cost per article does not grow with the archive. Score = cosine(article, story
 * centroid) x time decay; join when score >= join threshold. A headline-only article may also
 * join through one of the story's last headlines it matches closely (member link). When an
 * article scores high with two stories they merge, the larger keeping its id. Evicted stories keep a small
 * summary in a thread index (term → archived stories, capped), searched when a story starts
 * and on its next articles while it is young and still has no thread of its own.
 *
 * Keys: the caller names each article with an int64 key (database id, or input line
 * number); a story's id is the key of the article that started it; a thread's id is the id
 * of its first story. Times are Unix seconds; DATE_NONE (or a date far in the future of the
 * stream) takes the stream's clock (the latest date seen so far).
 * Ownership: cluster_engine_new/free; results hold strings owned by the engine, valid until
 * the next call. Thread-safety: none; one engine per thread. Deterministic for the same
 * input sequence.
 */
#ifndef CLUSTER_ENGINE_H
#define CLUSTER_ENGINE_H
#include <stddef.h>
#include <stdint.h>

struct cluster_article {
	int64_t key;
	const char *title, *text;   /* UTF-8, may be NULL/empty */
	const char *source;         /* outlet (name or host), may be NULL */
	const char *url;            /* its path words are weak terms for clustering; may be NULL */
	const char *lang;           /* language tag, NULL: detect */
	int64_t published;          /* Unix seconds or DATE_NONE */
};

enum cluster_kind { CLUSTER_NEW = 0, CLUSTER_JOIN = 1, CLUSTER_FOLD = 2, CLUSTER_SPLIT = 3 };

#define CLUSTER_WHY_TERMS 8
struct cluster_result {
	int64_t story, thread;
	int64_t duplicate_of;           /* canonical key, -1 when not a copy */
	enum cluster_kind kind;
	double score;                   /* join: similarity; fold: estimated Jaccard; new: best seen */
	double containment;             /* fold only */
	int64_t thread_from;            /* the story (new, or joined while young) was linked to
					 * this older story's thread, or -1 */
	int64_t merged;                 /* join: this story was merged into r->story, or -1 */
	int64_t via;                    /* join through one earlier headline (its key), or -1;
					 * score, entities and terms are then about that one */
	int nentities, nterms;
	const char *entities[CLUSTER_WHY_TERMS];   /* shared with the story */
	const char *terms[CLUSTER_WHY_TERMS];
};

struct cluster_opts {
	double join;          /* join threshold for articles with a body (default 0.10) */
	double join_short;    /* for headline-only articles (default 0.05) */
	double thread;        /* thread-link threshold (default 0.30) */
	double merge;         /* a second story scoring this high is merged (default 0.2) */
	int64_t window;       /* seconds a story stays joinable after its last article (3 days) */
	double half_life;     /* hours; score decay with the gap to the story, body (24) */
	double half_life_short; /* hours, headline-only articles (2): a headline is weak evidence,
				 * so time proximity weighs more */
};
void cluster_opts_default(struct cluster_opts *o);

struct cluster_engine;
struct cluster_engine *cluster_engine_new(const struct cluster_opts *o);
void cluster_engine_free(struct cluster_engine *e);
/* Decide for one article. Returns 0. */
int cluster_engine_add(struct cluster_engine *e, const struct cluster_article *a,
		       struct cluster_result *r);
/* Replay a decision taken earlier (rebuilding the index from the database): the article is
 * indexed as if it had been assigned story/thread (duplicate_of >= 0: a copy). */
void cluster_engine_replay(struct cluster_engine *e, const struct cluster_article *a,
			   int64_t story, int64_t thread, int64_t duplicate_of);

struct cluster_stats {
	size_t articles, canonicals, stories_live, stories_archived;
	size_t fold_bytes, cluster_bytes;
};
void cluster_engine_stats(const struct cluster_engine *e, struct cluster_stats *s);
/* Only tokenize title + text as cluster_engine_add does (the benchmark's floor); returns the
 * number of tokens. */
size_t cluster_engine_tokenize(struct cluster_engine *e, const struct cluster_article *a);
/* Only fold (no clustering): for the benchmark of folding alone. */
int cluster_engine_fold_only(struct cluster_engine *e, const struct cluster_article *a,
			     struct cluster_result *r);
#endif
