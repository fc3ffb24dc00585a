/*
 * content.c — where the article is, and what inside it is not article.
 *
 * One walk over the page gathers, per element, the text it holds (non-space bytes), the
 * part of it inside links, commas, and whether it has block children; class/id words give
 * a hint (comment, share, related, sidebar... against article, content, entry, story...).
 * Every leaf block with some text (a paragraph, a text-only div, a cell) scores
 * 1 + commas + min(length/100, 3) and hands the score to its ancestors, less with each
 * level (the Readability idea): the element whose descendants hold the most prose wins once
 * its score is scaled by (1 - link density) and its tag and class hints. When several of the
 * best candidates share an ancestor, the ancestor wins (articles split in several divs).
 * Siblings of the winner that are prose-like join it.
 *
 * Inside the chosen container(s) a second walk hides what is not article: nav/aside/
 * footer/header elements, junk-class elements, link-dense blocks, short blocks the line
 * classifier calls boilerplate (share lines, credits, "Related stories" — after which the
 * rest is dropped), and a heading that repeats the title.
 */
#include "extract/content.h"
#include "extract/lines.h"
#include "extract/meta.h"
#include "extract/render.h"
#include "util/util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	NI_BLOCKDESC = 1,   /* has a block-level descendant */
	NI_JUNK = 2,        /* class/id says boilerplate */
	NI_HIDE = 4,        /* hidden in the output */
	NI_BLOCK = 8,       /* itself block-level */
	NI_STRONG = 16,     /* class/id or itemprop says article body */
	NI_LOOSE = 32,      /* scored for loose text beside its blocks */
	NI_INJUNK = 64,     /* itself or an ancestor is junk */
	NI_CARD = 128,      /* a link around a whole card (is_card_link) */
	NI_POSTS = 256,     /* junk only for its comment/reply words */
	NI_INPOSTS = 512,   /* itself or an ancestor is NI_POSTS */
	NI_CONSENT = 1024,  /* a cookie/consent dialog: junk however much text it holds */
	NI_INSECT = 2048,   /* itself or an ancestor is a <section> */
	NI_LOCAL = 4096,    /* a <header> of a section, not of the page */
	NI_WEAK = 8192,     /* junk on one class word only (see clean_enter) */
	NI_TEASERS = 16384, /* its items are excerpts cut short with "..." (teaser_group) */
	NI_REVIEWS = 32768, /* junk on review words: kept out however much prose it holds */
	NI_INCHROME = 65536, /* itself or an ancestor is the page's <footer> (pick_top) */
	NI_SRONLY = 131072, /* text for screen readers only (sr_first) */
};

/* The tags the decisions below name, found once per element (see tag_of). */
enum tag_id {
	T_OTHER, T_A, T_BODY, T_HTML, T_TD, T_TH, T_DIV, T_ARTICLE, T_SECTION, T_MAIN, T_PRE,
	T_BLOCKQUOTE, T_OL, T_UL, T_DL, T_LI, T_FORM, T_ADDRESS, T_HEADING, T_P, T_NAV, T_ASIDE,
	T_FOOTER, T_HEADER, T_MENU, T_BR,
};

/* tag_of's answer: the id in the low byte, the render classes above it */
enum { TAG_DROP = 0x100, TAG_SOFT = 0x200, TAG_BLOCK = 0x400 };

struct ninfo {
	xmlNode *node;
	uint32_t text, link, commas;
	uint32_t inl, inl_commas;   /* text not inside a block descendant */
	uint32_t junk;          /* text in junk or nav/aside/header/footer subtrees */
	uint32_t glink;         /* link text outside them */
	float score;            /* readability-style candidate score */
	float prose;            /* sum of leaf paragraph scores in the subtree */
	float leaf;             /* own score as a leaf paragraph */
	uint64_t th, tp;        /* hash of the text's non-space bytes, and HASH_K^their count */
	uint32_t flags;
	int8_t pos, neg;
	int8_t cneg;            /* the part of neg from comment/reply words */
	uint8_t tag;            /* enum tag_id */
};

#define NI(c, n) ((n) && (n)->type == XML_ELEMENT_NODE && (n)->_private \
			  ? &(c)->ni[(uintptr_t)(n)->_private - 1] : NULL)

#ifdef EXTRACT_KNOBS
/* tuning only: K_NAME=value in the environment overrides a constant */
static float knob(const char *name, float def)
{
	char k[32] = "K_";
	strncat(k, name, 20);
	const char *v = getenv(k);
	return v ? strtof(v, NULL) : def;
}
#else
#define knob(name, def) (def)
#endif

static void debug_node(const struct content *c, const char *what, xmlNode *n);

/* ---- class/id hints ---------------------------------------------------------------------- */

/* Words that by themselves say "not article" count twice; weak ones once. */
static const char *const strong_neg[] = {
	"ad", "ads", "advert", "breadcrumb", "byline", "caption", "comment", "consent", "cookie",
	"credit", "footer", "menu", "modal", "nav", "navbar", "navigation", "newsletter",
	"outbrain", "paywall", "popup", "promo", "recommend", "related", "share", "sharing",
	"social", "sponsor", "subscri", "taboola", "tags", "onetrust", "didomi", "cybotcookiebot",
	"usercentrics",
};
static const char *const neg_words[] = {
	"ad", "ads", "alert", "aside", "author", "banner", "bio", "breadcrumb", "breadcrumbs",
	"byline", "caption", "comment", "comments", "copyright", "date", "disclaimer",
	"disqus", "donate", "footer", "gdpr", "hidden", "hide", "jump", "legal", "login",
	"meta", "metadata", "modal", "more", "nav", "navbar", "navigation", "next", "outbrain",
	"pager", "pagination", "popular", "prev", "previous", "print", "rail", "recirc",
	"replies", "reply", "respond", "reviews", "signin", "signup", "skip", "sponsored", "taboola", "tag",
	"tags", "teaser", "toolbar", "trending", "widget",
};
static const char *const neg_prefixes[] = {
	"advert", "comment", "share", "social", "related", "recommend", "newsletter", "subscri",
	"promo", "cookie", "consent", "sidebar", "masthead", "menu", "popup", "paywall",
	"sponsor", "follow", "credit", "overlay", "footer", "breadcrumb", "sharing",
	/* consent managers' dialogs, named after the vendor */
	"onetrust", "didomi", "cybotcookiebot", "usercentrics",
};
static const char *const pos_words[] = {
	"article", "articlebody", "blog", "body", "content", "entry", "hentry", "main",
	"markdown", "post", "prose", "richtext", "story", "text",
};

static int cmp_str(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

static bool in_sorted(const char *w, const char *const *list, size_t n)
{
	return bsearch(w, list, n, sizeof *list, cmp_str) != NULL;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int neg_weight(const char *w)
{
	for (size_t i = 0; i < N(strong_neg); i++)
		if (str_startswith(w, strong_neg[i]))
			return 2;
	return 1;
}

/* Words that mark user posts: a comment section under an article, or the thread itself. */
static bool is_post_word(const char *w)
{
	return str_startswith(w, "comment") || str_startswith(w, "repl") ||
	       str_startswith(w, "respon") || str_startswith(w, "disqus");
}

static bool is_consent_word(const char *w)
{
	static const char *const v[] = {"cookie", "consent", "gdpr", "onetrust", "didomi",
					"cybotcookiebot", "usercentrics"};
	for (size_t i = 0; i < N(v); i++)
		if (str_startswith(w, v[i]))
			return true;
	return false;
}

/* A forum post's furniture, named alike by the forum packages: the poster's signature
 * (phpBB's and vBulletin's "signature", XenForo's "message-signature", Stack Exchange's
 * "post-signature" around the asker's card) and the user card beside each post (phpBB's
 * "postprofile", XenForo's "message-userTitle", "-userExtras", "-userDetails", "userinfo"):
 * "Posts: 1,204", "Joined", a rank, a link list under every post. Counted twice against,
 * so a "post" word beside it does not outweigh it. */
static const char *const post_furniture[] = {"signature", "postprofile", "userdetails",
					     "userextras", "userinfo", "usertitle"};

static bool is_post_furniture(const char *w)
{
	for (size_t i = 0; i < N(post_furniture); i++)
		if (str_startswith(w, post_furniture[i]))
			return true;
	return false;
}

/* Which two-letter beginnings any hint word or prefix has: most class words (utility
 * classes, hashes) start otherwise and are rejected without a search. */
static uint8_t hint_starts[36][36];
static pthread_once_t hint_once = PTHREAD_ONCE_INIT;
static pthread_key_t hint_key;  /* frees each thread's hint_memo (below) when it ends */
static bool hint_key_ok;

static int alnum_index(unsigned char ch)
{
	return ch >= 'a' && ch <= 'z' ? ch - 'a' : ch >= '0' && ch <= '9' ? 26 + ch - '0' : -1;
}

static void hint_mark(const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int a = alnum_index((unsigned char)list[i][0]);
		int b = alnum_index((unsigned char)list[i][1]);
		if (a >= 0 && b >= 0)
			hint_starts[a][b] = 1;
	}
}

static void hint_init(void)
{
	hint_mark(pos_words, N(pos_words));
	hint_mark(neg_words, N(neg_words));
	hint_mark(neg_prefixes, N(neg_prefixes));
	hint_mark(post_furniture, N(post_furniture));
	hint_key_ok = pthread_key_create(&hint_key, free) == 0;
}

static bool hint_may_match(const char *w)
{
	int a = alnum_index((unsigned char)w[0]), b = alnum_index((unsigned char)w[1]);
	return a >= 0 && b >= 0 && hint_starts[a][b];
}

/* The strict verdict on one word: pos 1, or the word's neg weight (cneg the same when it is
 * a post word, consent when it names a consent dialog), or nothing. */
struct hint_v {
	int8_t pos, neg, cneg;
	bool consent;
};

static struct hint_v hint_verdict(const char *w)
{
	struct hint_v v = {0, 0, 0, false};
	if (in_sorted(w, pos_words, N(pos_words))) {
		v.pos = 1;
		return v;
	}
	bool neg = in_sorted(w, neg_words, N(neg_words));
	for (size_t i = 0; i < N(neg_prefixes) && !neg; i++)
		neg = str_startswith(w, neg_prefixes[i]);
	if (!neg && is_post_furniture(w)) {
		v.neg = 2;
		return v;
	}
	if (neg) {
		v.neg = (int8_t)neg_weight(w);
		v.cneg = is_post_word(w) ? v.neg : 0;
		v.consent = is_consent_word(w);
	}
	return v;
}

/* Class words come back element after element and page after page, so each word's
 * verdict is kept in a small per-thread table (words are under 32 bytes, see hint_attr).
 * Allocated on the thread's first extraction: 18 KB of TLS would be zeroed (5 page
 * faults) at every start of every command. */
#define HINT_MEMO 512   /* a power of two */
struct hint_ent {
	char w[32];
	struct hint_v v;
};
static _Thread_local struct hint_ent *hint_memo;

static struct hint_ent *hint_table(void)
{
	if (!hint_memo && hint_key_ok) {
		hint_memo = xcalloc(HINT_MEMO, sizeof *hint_memo);
		if (pthread_setspecific(hint_key, hint_memo) != 0) {
			free(hint_memo);
			hint_memo = NULL;
		}
	}
	return hint_memo;   /* NULL: no memo, each verdict computed */
}

static void hint_apply(struct ninfo *ni, struct hint_v v)
{
	ni->pos = (int8_t)(ni->pos + v.pos);
	ni->neg = (int8_t)(ni->neg + v.neg);
	ni->cneg = (int8_t)(ni->cneg + v.cneg);
	if (v.consent)
		ni->flags |= NI_CONSENT;
}

/* A shop's promotion strip ("promo-bar", "promo-offerbanner": free shipping in twenty
 * currencies, this week's codes) rotates prose enough to win once the hints are off. The
 * word alone: "promoted" blocks are a site's own featured content. */
static bool promo_strip_word(const char *w)
{
	return !strcmp(w, "promo");
}

/* The page's own furniture, named alike on every site: junk in the lenient retry too,
 * which otherwise takes a footer's blurb for the content of a page whose content it lost. */
static bool is_furniture_word(const char *w)
{
	static const char *const v[] = {"footer", "newsletter", "subscri", "breadcrumb", "navbar",
					"navigation"};
	if (promo_strip_word(w))
		return true;
	for (size_t i = 0; i < N(v); i++)
		if (str_startswith(w, v[i]))
			return true;
	return false;
}

static void hint_word(struct ninfo *ni, const char *w, bool lenient)
{
	if (!lenient && !hint_may_match(w))
		return;
	if (lenient) {
		if (str_startswith(w, "comment")) {
			ni->neg = (int8_t)(ni->neg + 2);
			ni->cneg = (int8_t)(ni->cneg + 2);
		} else if (is_consent_word(w)) {
			ni->neg = (int8_t)(ni->neg + 2);
			ni->flags |= NI_CONSENT;
		} else if (is_furniture_word(w)) {
			ni->neg = (int8_t)(ni->neg + 2);
		}
		return;
	}
	unsigned h = 2166136261u;
	size_t len = 0;
	for (; w[len]; len++)
		h = (h ^ (unsigned char)w[len]) * 16777619u;
	size_t slot = h & (HINT_MEMO - 1);
	struct hint_ent *memo = hint_table();
	if (!memo || len >= sizeof memo[0].w || strcmp(memo[slot].w, w) != 0) {
		struct hint_v v = hint_verdict(w);
		hint_apply(ni, v);
		if (memo && len < sizeof memo[0].w) {
			memcpy(memo[slot].w, w, len + 1);
			memo[slot].v = v;
		}
		return;
	}
	hint_apply(ni, memo[slot].v);
}

/* Text for screen readers only is clipped to nothing on screen: "Sale price" beside a price,
 * "(opens in a new window)" inside a link, a skip link, a heading repeating the visible one.
 * The class tokens the common CSS frameworks and WordPress give it begin with two of these
 * words ("sr-only", "screen-reader-text", "visually-hidden", "hidden-visually") or are one
 * word ("visuallyhidden", "screenreader"). sr_first() names a token's first word (0: none
 * of them), sr_token() judges the token by its first two words. */
enum { SR_NONE, SR_SR, SR_SCREEN, SR_VISUALLY, SR_HIDDEN, SR_WHOLE };

static int sr_first(const char *w)
{
	if (w[0] != 's' && w[0] != 'v' && w[0] != 'h')
		return SR_NONE;
	if (!strcmp(w, "visuallyhidden") || !strcmp(w, "screenreader") || !strcmp(w, "hiddenvisually"))
		return SR_WHOLE;
	return !strcmp(w, "sr") ? SR_SR : !strcmp(w, "screen") ? SR_SCREEN :
	       !strcmp(w, "visually") ? SR_VISUALLY : !strcmp(w, "hidden") ? SR_HIDDEN : SR_NONE;
}

static bool sr_token(int first, const char *w)
{
	switch (first) {
	case SR_SR: return !strcmp(w, "only") || !strcmp(w, "clipped");
	case SR_SCREEN: return !strcmp(w, "reader");
	case SR_VISUALLY: return !strcmp(w, "hidden");
	case SR_HIDDEN: return !strcmp(w, "visually");
	default: return false;
	}
}

/* A class token names a block and then its parts, BEM-style: "entry__author-box",
 * "post-meta", "article-date". The block's positive word ("entry", "post") says where the
 * part sits, not what it is; a negative word after it in the same token names the part, and
 * the token's positive words before it do not count. Order matters: "widget-text-editor"
 * (a page builder's text block) keeps its positive word. */
static void hint_subpart(struct ninfo *ni, int8_t tok_pos, int8_t neg_before)
{
	if (ni->neg > neg_before && ni->pos > tok_pos)
		ni->pos = tok_pos;
}

/* Feeds each word of a class or id to hint_word; returns whether a class token marks text
 * for screen readers only (see sr_first). */
static bool hint_attr(struct ninfo *ni, const char *v, bool lenient)
{
	if (!v)
		return false;
	char w[32];
	size_t k = 0;
	int nth = 0, first = SR_NONE;   /* words so far in this class token; the first's kind */
	bool sr = false;
	int8_t tok_pos = ni->pos;       /* pos when this class token began (hint_subpart) */
	for (const char *p = v;; p++) {
		if (*p && ascii_isalnum((unsigned char)*p)) {
			if (k + 1 < sizeof w)
				w[k++] = (char)ascii_tolower((unsigned char)*p);
			continue;
		}
		if (k) {
			w[k] = 0;
			if (nth == 0) {
				first = sr_first(w);
				sr = sr || first == SR_WHOLE;
				tok_pos = ni->pos;
			} else if (nth == 1 && first) {
				sr = sr || sr_token(first, w);
			}
			nth++;
			int8_t neg_before = ni->neg;
			hint_word(ni, w, lenient);
			hint_subpart(ni, tok_pos, neg_before);
			k = 0;
		}
		if (!*p)
			break;
		if (ascii_isspace((unsigned char)*p))
			nth = 0;
	}
	return sr;
}

static bool tag_is(xmlNode *n, const char *name)
{
	return n->name && !strcmp((const char *)n->name, name);
}

static unsigned tag_lookup(const char *t)
{
	static const struct {
		const char *name;
		uint8_t id;
	} ids[] = {
		{"a", T_A}, {"address", T_ADDRESS}, {"article", T_ARTICLE}, {"aside", T_ASIDE},
		{"blockquote", T_BLOCKQUOTE}, {"body", T_BODY}, {"br", T_BR}, {"div", T_DIV}, {"dl", T_DL},
		{"footer", T_FOOTER}, {"form", T_FORM}, {"header", T_HEADER}, {"html", T_HTML},
		{"li", T_LI}, {"main", T_MAIN}, {"menu", T_MENU}, {"nav", T_NAV}, {"ol", T_OL},
		{"p", T_P}, {"pre", T_PRE}, {"section", T_SECTION}, {"td", T_TD}, {"th", T_TH},
		{"ul", T_UL},
	};
	unsigned r = T_OTHER;
	if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2])
		r = T_HEADING;
	for (size_t i = 0; i < N(ids) && r == T_OTHER; i++)
		if (!strcmp(t, ids[i].name))
			r = ids[i].id;
	if (render_is_dropped(t))
		r |= TAG_DROP;
	if (render_is_soft_dropped(t))
		r |= TAG_SOFT;
	if (render_is_block(t) || r == T_TD || r == T_TH)
		r |= TAG_BLOCK;
	return r;
}

/* Every element of every walk needs its tag: a small cache keyed by a hash of the name
 * (libxml2's HTML parser does not intern names) costs one hash and one compare. */
static unsigned tag_of(struct content *c, const xmlChar *name)
{
	unsigned h = 2166136261u;
	for (const xmlChar *p = name; *p; p++)
		h = (h ^ *p) * 16777619u;
	h &= CONTENT_TAG_CACHE - 1;
	if (!c->tc_name[h] || strcmp((const char *)c->tc_name[h], (const char *)name) != 0) {
		c->tc_name[h] = name;
		c->tc_info[h] = (uint16_t)tag_lookup((const char *)name);
	}
	return c->tc_info[h];
}

/* The attributes the decisions read, found in one pass over the element's list. */
struct attrs {
	const char *cls, *id, *itemprop, *itemtype, *role, *style, *aria_hidden;
	bool hidden;
};

static const char *attr_text(const xmlAttr *a)
{
	const xmlNode *t = a->children;
	return t && t->type == XML_TEXT_NODE && !t->next && t->content ? (const char *)t->content
								       : "";
}

static void scan_attrs(const xmlNode *n, struct attrs *at)
{
	memset(at, 0, sizeof *at);
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *k = (const char *)a->name;
		switch (k[0]) {
		case 'c': if (!strcmp(k, "class")) at->cls = attr_text(a); break;
		case 'i':
			if (k[1] == 'd' && !k[2])
				at->id = attr_text(a);
			else if (!strcmp(k, "itemprop"))
				at->itemprop = attr_text(a);
			else if (!strcmp(k, "itemtype"))
				at->itemtype = attr_text(a);
			break;
		case 'r': if (!strcmp(k, "role")) at->role = attr_text(a); break;
		case 's': if (!strcmp(k, "style")) at->style = attr_text(a); break;
		case 'a': if (!strcmp(k, "aria-hidden")) at->aria_hidden = attr_text(a); break;
		case 'h': if (!strcmp(k, "hidden")) at->hidden = true; break;
		default: break;
		}
	}
}

static bool is_hidden(const struct attrs *at)
{
	if (at->hidden || (at->aria_hidden && !strcmp(at->aria_hidden, "true")))
		return true;
	const char *s = at->style;
	return s && (render_icontains(s, "display:none") || render_icontains(s, "display: none") ||
		     render_icontains(s, "visibility:hidden"));
}

/* An accordion's panel or its toggle button: a FAQ's answers, a product's details or a
 * plan's terms, closed until the reader opens them. Its "hidden"/"collapsed" class, its
 * display:none or aria-hidden, and the <button> that holds the question do not make it
 * junk (one weak class word still does not outweigh it; a consent dialog stays junk). */
static bool is_disclosure(const struct attrs *at)
{
	static const char *const v[] = {"accordion", "accordian", "collaps"};
	for (size_t i = 0; i < N(v); i++)
		if ((at->cls && render_icontains(at->cls, v[i])) ||
		    (at->id && render_icontains(at->id, v[i])))
			return true;
	return false;
}

/* Class words that mean boilerplate however much prose is under them. */
static bool boiler_anyway(const char *v)
{
	return v && (render_icontains(v, "follow") || render_icontains(v, "review") ||
		     render_icontains(v, "upsell") || render_icontains(v, "widget"));
}

/* An author's box (a bio under the article: "Jane is a garden writer and ...") and legal
 * fine print (a fund's disclaimer, an affiliate disclosure) are several sentences of prose
 * by nature, so their prose does not keep them the way it keeps a block junk on one stray
 * class word. */
static bool prose_box(const char *v)
{
	return v && (render_icontains(v, "author") || render_icontains(v, "disclaimer") ||
		     render_icontains(v, "disclosure"));
}

/* A shop's customer reviews ("product-reviews__reviews-list") can hold most of a product
 * page's prose, and the rescues of a junk element holding half the prose (libxml2's
 * misnested wrappers) would bring them back in; an element junk with a review word in its
 * class or id stays junk. A review article's body is not junk to begin with: "review" alone
 * is no hint, so this only keeps out what the hints already called boilerplate. */
static bool review_junk(const struct attrs *at)
{
	return (at->cls && render_icontains(at->cls, "review")) ||
	       (at->id && render_icontains(at->id, "review"));
}

/* A dialog (role=dialog or alertdialog) is a layer the page opens on demand over itself: an
 * ad's "Why you're seeing this", a size chart, a sign-in box. Junk by its role, and not of
 * the weak kind whose prose can keep it (clean_enter): a dialog of several paragraphs is
 * still not the page. */
static bool is_dialog(const char *role)
{
	return role && (!strcmp(role, "dialog") || !strcmp(role, "alertdialog"));
}

static void hints(struct ninfo *ni, const struct attrs *at, bool lenient)
{
	if (hint_attr(ni, at->cls, lenient))
		ni->flags |= NI_SRONLY;
	hint_attr(ni, at->id, lenient);
	if (lenient) {
		/* the retry: only comment sections, prose-like enough to win, stay out */
		if (ni->neg && ni->tag != T_BODY && ni->tag != T_HTML)
			ni->flags |= NI_JUNK;
		return;
	}
	const char *ip = at->itemprop;
	if (ip && (render_icontains(ip, "articlebody") || !strcmp(ip, "text")))
		ni->flags |= NI_STRONG;
	const char *role = at->role;
	if (role && (!strcmp(role, "navigation") || !strcmp(role, "banner") ||
		     !strcmp(role, "contentinfo") || !strcmp(role, "complementary") || is_dialog(role)))
		ni->neg++;
	if (ni->pos >= 2)
		ni->flags |= NI_STRONG;
	/* the page's outer elements carry site-wide classes ("has-sidebar"): no verdicts */
	if (ni->tag == T_BODY || ni->tag == T_HTML || ni->tag == T_ARTICLE || ni->tag == T_MAIN)
		ni->neg = 0;
	if (ni->pos > 20 || ni->neg > 20)
		ni->pos = ni->neg = 0;   /* a class soup says nothing */
	if (ni->neg > ni->pos && !((ni->flags & NI_STRONG) && ni->neg < 2 * ni->pos)) {
		ni->flags |= NI_JUNK;
		if (ni->neg - ni->pos <= 2 && ni->cneg == 0 && !boiler_anyway(at->cls) &&
		    !boiler_anyway(at->id) && !is_dialog(role) && !prose_box(at->cls) && !prose_box(at->id))
			ni->flags |= NI_WEAK;
		if (review_junk(at))
			ni->flags |= NI_REVIEWS;
	}
}

/* Page chrome by its tag: what clean() hides whatever its class says. */
static bool is_chrome(const struct ninfo *ni)
{
	if (ni->flags & NI_LOCAL)
		return false;
	return ni->tag == T_NAV || ni->tag == T_ASIDE || ni->tag == T_FOOTER ||
	       ni->tag == T_HEADER || ni->tag == T_MENU;
}

static bool in_chrome(struct content *c, xmlNode *n)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		struct ninfo *ni = NI(c, n);
		if (ni && is_chrome(ni))
			return true;
	}
	return false;
}

/* ---- pass 1: numbers ----------------------------------------------------------------------- */

static struct ninfo *ni_new(struct content *c, xmlNode *n)
{
	xgrow((void **)&c->ni, &c->cap, c->n + 1, sizeof *c->ni);
	struct ninfo *ni = &c->ni[c->n++];
	memset(ni, 0, sizeof *ni);
	ni->node = n;
	ni->tp = 1;
	n->_private = (void *)(uintptr_t)c->n;
	return ni;
}

/* A polynomial hash of an element's text (non-space bytes, in order) is built as the walk
 * goes: appending a text of hash h and weight K^n to one of hash H gives H*K^n + h, so an
 * element's hash is its children's folded in order, with no second pass over the text. */
#define HASH_K 0x100000001b3ull

static void count_text(struct content *c, xmlNode *n)
{
	struct ninfo *p = NI(c, n->parent);
	if (!p || !n->content)
		return;
	uint32_t chars = 0, commas = 0;
	uint64_t h = 0, pw = 1;
	for (const unsigned char *s = n->content; *s; s++) {
		if (!ascii_isspace(*s)) {
			chars++;
			h = h * HASH_K + *s;
			pw *= HASH_K;
		}
		if (*s == ',' || (s[0] == 0xef && s[1] == 0xbc && s[2] == 0x8c) ||
		    (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x81))
			commas++;
	}
	p->text += chars;
	p->th = p->th * pw + h;
	p->tp *= pw;
	p->commas += commas;
	p->inl += chars;
	p->inl_commas += commas;
	if (c->link_depth) {
		p->link += chars;
		p->glink += chars;
	} else if (c->card_depth) {
		p->glink += chars;   /* a card is content, but widen() still sees a list of links */
	}
}

/* A link wrapped around a whole card (a heading, a paragraph, or several blocks) is how
 * listings and grids make every item clickable: its text is the item, not a menu entry, so
 * it does not count as link text. Looks at most CARD_SCAN nodes below the link. */
#define CARD_SCAN 64
static bool is_card_link(struct content *c, xmlNode *a)
{
	int seen = 0, blocks = 0;
	xmlNode *n = a->children;
	while (n && seen < CARD_SCAN) {
		seen++;
		if (n->type == XML_ELEMENT_NODE) {
			unsigned tag = tag_of(c, n->name);
			unsigned id = tag & 0xff;
			if (id == T_P || id == T_HEADING)
				return true;
			if ((tag & TAG_BLOCK) && ++blocks >= 2)
				return true;
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && !n->next && n != a)
			n = n->parent;
		if (!n || n == a)
			break;
		n = n->next;
	}
	return false;
}

static bool is_ancestor(xmlNode *a, xmlNode *n);

/* The page's own word on where its content is: <main>, or role=main on another element;
 * one nested in the first counts as the same landmark. */
static void note_landmark(struct content *c, xmlNode *n)
{
	if (c->landmark && is_ancestor(c->landmark, n))
		return;
	if (!c->landmark)
		c->landmark = n;
	c->nlandmarks++;
}

/* The last character of n's text (0: none), found by walking down its last children
 * that hold text; at most FAQ_DEPTH levels. */
#define FAQ_DEPTH 16
static unsigned char last_char(struct content *c, xmlNode *n)
{
	for (int d = 0; n && d < FAQ_DEPTH; d++) {
		xmlNode *k = n->last;
		for (; k; k = k->prev) {
			if (k->type == XML_TEXT_NODE && k->content) {
				const unsigned char *t = k->content;
				size_t len = strlen((const char *)t);
				while (len && ascii_isspace(t[len - 1]))
					len--;
				if (len)
					return t[len - 1];
			} else if (k->type == XML_ELEMENT_NODE) {
				struct ninfo *ki = NI(c, k);
				if (ki && ki->text)
					break;
			}
		}
		n = k;
	}
	return 0;
}

/* A FAQ whose answers open under their questions: the answer is hidden (display:none,
 * visibility:hidden, aria-hidden) right after a short block that asks a question, the
 * toggle. Many such FAQs have no class word for "accordion" (CSS-in-JS class hashes), and
 * the reader opens the answer with a click: it is content, as a disclosure panel is. */
#define FAQ_QUESTION 300   /* non-space bytes */
static bool faq_answer(struct content *c, xmlNode *n)
{
	xmlNode *q = n->prev;
	while (q && q->type != XML_ELEMENT_NODE)
		q = q->prev;
	struct ninfo *qi = NI(c, q);
	return qi && qi->text > 0 && qi->text <= FAQ_QUESTION && last_char(c, q) == '?';
}

static bool score_enter(void *st, xmlNode *n)
{
	struct content *c = st;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		count_text(c, n);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE)
		return false;
	struct ninfo *ni = ni_new(c, n);
	unsigned tag = tag_of(c, n->name);
	ni->tag = (uint8_t)(tag & 0xff);
	struct ninfo *pi = NI(c, n->parent);
	/* a <header> inside a <section> heads that section (a service page's blocks), it is not
	 * the page's banner; inside an <article> it holds the byline and stays chrome */
	if (ni->tag == T_SECTION || (pi && (pi->flags & NI_INSECT)))
		ni->flags |= NI_INSECT;
	if (ni->tag == T_HEADER && pi && (pi->flags & NI_INSECT))
		ni->flags |= NI_LOCAL;
	if ((pi && (pi->flags & NI_INCHROME)) || ni->tag == T_FOOTER)
		ni->flags |= NI_INCHROME;
	if (tag & TAG_DROP) {
		ni->flags |= NI_HIDE;
		return false;
	}
	if (tag & TAG_SOFT)
		ni->flags |= NI_JUNK;   /* rescued only when it holds most of the page's prose */
	if (tag & TAG_BLOCK)
		ni->flags |= NI_BLOCK;
	if (ni->tag == T_A) {
		if (is_card_link(c, n)) {
			ni->flags |= NI_CARD;
			c->card_depth++;
		} else
			c->link_depth++;
	}
	if (ni->tag == T_MAIN)
		note_landmark(c, n);
	if (!n->properties)
		return true;
	struct attrs at;
	scan_attrs(n, &at);
	if (ni->tag != T_MAIN && at.role && !strcmp(at.role, "main"))
		note_landmark(c, n);
	hints(ni, &at, c->lenient);
	/* schema.org's author or Person: a post's user card (name, "Joined", "Posts: 1,204"),
	 * an article's byline or author box; the reader sees the byline in the metadata */
	if ((at.itemprop && !strcmp(at.itemprop, "author")) ||
	    (at.itemtype && render_icontains(at.itemtype, "schema.org/Person")))
		ni->flags |= NI_JUNK;
	/* an accordion's panel or toggle is content however its class or style hides it */
	bool disclosure = is_disclosure(&at);
	if (disclosure && !(ni->flags & NI_CONSENT) && ni->neg <= ni->pos + 1)
		ni->flags &= (uint32_t)~(NI_JUNK | NI_WEAK);
	/* hidden by style: junk, but libxml2's HTML4 tree can put a whole page under a
	 * display:none wrapper a browser would have closed, so it stays rescuable; a hidden
	 * tab panel, or a role=region accordion panel (the WAI-ARIA pattern, whatever its
	 * class), is content the reader opens with a click (product specs, plan details, a
	 * guide's steps) */
	if (ni->tag != T_BODY && ni->tag != T_HTML && is_hidden(&at) && !disclosure &&
	    !faq_answer(c, n) &&
	    !(at.role && (!strcmp(at.role, "tabpanel") || !strcmp(at.role, "region"))))
		ni->flags |= NI_JUNK;
	return true;
}

static float tag_base(const struct ninfo *ni)
{
	switch (ni->tag) {
	case T_DIV: case T_ARTICLE: case T_SECTION: case T_MAIN:
		return 5;
	case T_PRE: case T_TD: case T_BLOCKQUOTE:
		return 3;
	case T_OL: case T_UL: case T_DL: case T_LI: case T_FORM: case T_ADDRESS:
		return -3;
	case T_HEADING: case T_TH:
		return -5;
	default:
		return 0;
	}
}

/* A leaf block's own score: 1 + commas + min(length/100, 3); kept for the distribution
 * pass. A block holding loose text next to blocks scores that text as if it were wrapped
 * in a paragraph of its own (so the block itself is the first to receive it). */
static void score_leaf(struct ninfo *ni, uint32_t text, uint32_t commas, bool loose)
{
	if (text < 25 || ni->link * 2 > ni->text)
		return;
	float s = 1.0f + (float)commas + (text / 100 > 3 ? 3.0f : (float)(text / 100));
	ni->leaf = s;
	ni->prose += s;
	if (loose)
		ni->flags |= NI_LOOSE;
}

/* Each scored leaf not under junk gives its score to five generations of ancestors. */
static void distribute(struct content *c, struct ninfo *ni)
{
	float s = ni->leaf;
	xmlNode *a = (ni->flags & NI_LOOSE) ? ni->node : ni->node->parent;
	for (int level = 0; a && a->type == XML_ELEMENT_NODE && level < 5; level++, a = a->parent) {
		struct ninfo *an = NI(c, a);
		if (!an)
			break;
		if (an->score == 0)
			an->score = tag_base(an) + (an->flags & NI_STRONG ? 50.0f : 0.0f) +
				    (an->pos ? 25.0f : 0.0f) - (an->neg ? 25.0f : 0.0f) + 0.001f;
		an->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
	}
}

#define POSTS_SHARE knob("PS", 0.8f)   /* see posts_rescue() */

/* A forum thread or a Q&A page is made of elements called "comment", "reply" or "post":
 * when the outermost such elements hold POSTS_SHARE of the page's prose, they are the
 * content, not a comment section under an article, and their comment words do not make
 * them junk. */
static void posts_rescue(struct content *c)
{
	float total = c->n ? c->ni[0].prose : 0, posts = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ninfo *ni = &c->ni[i];
		struct ninfo *p = NI(c, ni->node->parent);
		if (p && (p->flags & NI_INPOSTS)) {
			ni->flags |= NI_INPOSTS;
			continue;
		}
		if ((ni->flags & NI_JUNK) && ni->cneg > 0 && ni->neg - ni->cneg <= ni->pos) {
			ni->flags |= NI_POSTS | NI_INPOSTS;
			posts += ni->prose;
		}
	}
	if (total <= 0 || posts < POSTS_SHARE * total)
		return;
	for (size_t i = 0; i < c->n; i++) {
		struct ninfo *ni = &c->ni[i];
		if ((ni->flags & NI_JUNK) && ni->cneg > 0 && ni->neg - ni->cneg <= ni->pos)
			ni->flags &= (uint32_t)~NI_JUNK;
	}
}

/* The array is in document order, so a parent's "under junk" is known before its
 * children's. A junk-classed element holding half the page's prose is not junk: libxml2's
 * HTML4 tree sometimes nests the article inside an unclosed byline or hidden wrapper. */
static void score_all(struct content *c)
{
	float total = c->n ? c->ni[0].prose : 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ninfo *ni = &c->ni[i];
		if ((ni->flags & NI_JUNK) && !(ni->flags & (NI_CONSENT | NI_REVIEWS)) && ni->prose > 0 &&
		    ni->prose >= 0.5f * total)
			ni->flags &= (uint32_t)~NI_JUNK;
		struct ninfo *p = NI(c, ni->node->parent);
		if ((ni->flags & NI_JUNK) || (p && (p->flags & NI_INJUNK)))
			ni->flags |= NI_INJUNK;
		if (ni->leaf > 0 && !(ni->flags & NI_INJUNK) && !(ni->flags & NI_HIDE))
			distribute(c, ni);
	}
}

/* Whether n's text ends in an ellipsis ("..." or "…"): an excerpt cut short. Walks back
 * from its last node, at most 64 nodes. */
static bool ends_in_ellipsis(struct content *c, xmlNode *n)
{
	xmlNode *x = n->last;
	for (int steps = 0; x && x != n && steps < 64; steps++) {
		if (x->type == XML_TEXT_NODE && x->content) {
			size_t len = strlen((const char *)x->content);
			const unsigned char *t = x->content;
			while (len && ascii_isspace(t[len - 1]))
				len--;
			if (len)
				return (len >= 3 && !memcmp(t + len - 3, "...", 3)) ||
				       (len >= 3 && !memcmp(t + len - 3, "\xe2\x80\xa6", 3));
		} else if (x->type == XML_ELEMENT_NODE && x->last) {
			struct ninfo *xi = NI(c, x);
			if (!xi || !(xi->flags & NI_HIDE)) {
				x = x->last;
				continue;
			}
		}
		while (x != n && !x->prev)
			x = x->parent;
		if (x == n)
			break;
		x = x->prev;
	}
	return false;
}

/* A run of teasers: three or more items, three in four of n's element children (headings
 * aside), each holding a link and ending in an ellipsis — excerpts of other stories (a
 * "Breaking News" ticker, related posts). Paragraphs ending in "..." are prose. */
static bool teaser_group(struct content *c, xmlNode *n)
{
	unsigned kids = 0, teasers = 0;
	for (xmlNode *ch = n->children; ch; ch = ch->next) {
		struct ninfo *ci = NI(c, ch);
		if (!ci || ci->tag == T_HEADING || (ci->flags & NI_HIDE) || !ci->text)
			continue;
		kids++;
		if (ci->tag != T_P && ci->link > 0 && ends_in_ellipsis(c, ch))
			teasers++;
	}
	return teasers >= 3 && teasers * 4 >= kids * 3;
}

static void score_leave(void *st, xmlNode *n)
{
	struct content *c = st;
	struct ninfo *ni = NI(c, n);
	if (!ni)
		return;
	if (ni->flags & NI_HIDE)
		return;
	if (ni->tag == T_A)
		*(ni->flags & NI_CARD ? &c->card_depth : &c->link_depth) -= 1;
	if ((ni->flags & NI_BLOCKDESC) && ni->link && teaser_group(c, n))
		ni->flags |= NI_TEASERS;
	if ((ni->flags & NI_BLOCK) && !(ni->flags & NI_BLOCKDESC))
		score_leaf(ni, ni->text, ni->commas, false);
	else if ((ni->flags & NI_BLOCK) && ni->inl >= 25)
		score_leaf(ni, ni->inl, ni->inl_commas, true);
	struct ninfo *p = NI(c, n->parent);
	if (!p)
		return;
	p->text += ni->text;
	p->th = p->th * ni->tp + ni->th;
	p->tp *= ni->tp;
	p->link += ni->link;
	p->commas += ni->commas;
	p->prose += ni->prose;
	if ((ni->flags & (NI_JUNK | NI_TEASERS)) || is_chrome(ni)) {
		p->junk += ni->text;
	} else {
		p->junk += ni->junk;
		p->glink += ni->glink;
	}
	if (!(ni->flags & NI_BLOCK)) {
		p->inl += ni->inl;
		p->inl_commas += ni->inl_commas;
	}
	if (ni->flags & (NI_BLOCK | NI_BLOCKDESC))
		p->flags |= NI_BLOCKDESC;
}

/* ---- choosing ------------------------------------------------------------------------------ */

static float link_density(const struct ninfo *ni)
{
	return ni->text ? (float)ni->link / (float)ni->text : 0.0f;
}

static float final_score(const struct ninfo *ni)
{
	return ni->score * (1.0f - link_density(ni));
}

static bool is_ancestor(xmlNode *a, xmlNode *n)
{
	for (n = n ? n->parent : NULL; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}


#define TOP 5
#define WIDEN_SHARE knob("WS", 0.6f)       /* see widen() */
#define ITEMS_MIN knob("IM", 6)            /* see repeated_items() */
#define ITEMS_OVER knob("IO", 3)
#define ITEMS_MAX_LINKS 0.85f  /* in the lenient retry, where menus are not junk */
#define WIDEN_MAX_LINKS knob("WL", 0.4f)
#ifndef UP_RATIO
#define UP_RATIO 0.2f
#endif

static xmlNode *pick_top(struct content *c)
{
	struct ninfo *top[TOP] = {0};
	/* the page's <footer> holds legal footnotes, an "about us" blurb, a newsletter pitch,
	 * prose enough to outscore a shop's or a service page's short blocks: candidates there
	 * only when nothing outside it scored (not <header>: libxml2 can leave an unclosed
	 * one around a whole article) */
	bool outside = false;
	for (size_t i = 0; i < c->n && !outside; i++)
		outside = c->ni[i].score > 0 && c->ni[i].tag != T_HTML &&
			  !(c->ni[i].flags & NI_INCHROME);
	for (size_t i = 0; i < c->n; i++) {
		struct ninfo *ni = &c->ni[i];
		if (ni->score <= 0 || ni->tag == T_HTML || (outside && (ni->flags & NI_INCHROME)))
			continue;
		float f = final_score(ni);
		for (int k = 0; k < TOP; k++)
			if (!top[k] || f > final_score(top[k])) {
				memmove(&top[k + 1], &top[k], (size_t)(TOP - 1 - k) * sizeof top[0]);
				top[k] = ni;
				break;
			}
	}
	if (!top[0])
		return NULL;
	for (int k = 0; k < TOP && top[k]; k++)
		debug_node(c, "top", top[k]->node);
	xmlNode *best = top[0]->node;
	float fb = final_score(top[0]);
	/* a small block whose class bonus outscores the container it sits in ("content-header"
	 * inside <main>) is a corner of the content, not the content */
	struct ninfo *up = NULL;
	for (int k = 1; k < TOP; k++)
		if (top[k] && final_score(top[k]) >= fb * 0.5f && is_ancestor(top[k]->node, best) && top[k]->tag != T_BODY &&
		    (float)top[0]->text < UP_RATIO * (float)top[k]->text &&
		    (!up || top[k]->text < up->text))
			up = top[k];
	if (up) {
		best = up->node;
		fb = final_score(up);
	}
	/* several strong candidates under one ancestor: the article is split, take them all */
	for (xmlNode *a = best->parent; a && a->type == XML_ELEMENT_NODE && !tag_is(a, "body");
	     a = a->parent) {
		int inside = 0;
		for (int k = 1; k < TOP; k++)
			if (top[k] && final_score(top[k]) >= fb * 0.75f && is_ancestor(a, top[k]->node))
				inside++;
		if (inside >= 2) {
			best = a;
			break;
		}
	}
	return best;
}

/* A div without block children, its class naming it text ("article__summary",
 * "body__paragraph") and nothing against: written as a paragraph. */
static bool prose_div(const struct ninfo *ni)
{
	return ni->tag == T_DIV && !(ni->flags & NI_BLOCKDESC) && ni->pos > 0 && ni->neg == 0;
}

static bool sibling_joins(struct content *c, xmlNode *s, float threshold)
{
	struct ninfo *ni = NI(c, s);
	if (!ni || (ni->flags & (NI_HIDE | NI_JUNK)))
		return false;
	if (ni->score > 0 && final_score(ni) >= threshold)
		return true;
	float ld = link_density(ni);
	if (prose_div(ni))
		return ni->text > 80 && ld < 0.25f;
	if (ni->tag != T_P)
		return false;
	if (ni->text > 80 && ld < 0.25f)
		return true;
	return ni->text > 0 && ld == 0 && ni->commas > 0;
}

static void gather(struct content *c, xmlNode *best)
{
	struct ninfo *bi = NI(c, best);
	float fb = bi ? final_score(bi) : 0;
	float thr = fb * 0.2f > 10 ? fb * 0.2f : 10;
	xmlNode *parent = best->parent;
	if (!parent || tag_is(best, "body") || !parent->_private) {
		c->parts[c->nparts++] = best;
		return;
	}
	for (xmlNode *s = parent->children; s && c->nparts < CONTENT_MAX_PARTS; s = s->next) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		if (s == best || sibling_joins(c, s, thr))
			c->parts[c->nparts++] = s;
	}
}

static float good_text(const struct ninfo *ni)
{
	float g = (float)ni->text - (float)ni->junk - (float)ni->glink;
	return g > 0 ? g : 0;
}

/* Pages that are not one article (a service page's sections, a listing's cards, a thread's
 * posts) spread their content over siblings none of which wins alone: while the chosen
 * part(s) hold less than WIDEN_SHARE of an ancestor's text outside chrome, junk and links,
 * and that ancestor is not itself mostly links, the ancestor becomes the content (clean()
 * still hides its chrome and junk). An article holds nearly all of its container's text
 * and stays as it is. */
static void widen(struct content *c)
{
	float have = 0;
	for (size_t i = 0; i < c->nparts; i++)
		have += good_text(NI(c, c->parts[i]));
	xmlNode *first = c->parts[0], *to = NULL;
	for (xmlNode *a = first->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
		struct ninfo *ai = NI(c, a);
		if (!ai || ai->tag == T_HTML || (ai->flags & (NI_JUNK | NI_HIDE)) || is_chrome(ai))
			break;
		float g = good_text(ai), rest = (float)ai->text - (float)ai->junk;
		if (rest > 0 && (float)ai->glink / rest > WIDEN_MAX_LINKS)
			break;
		if (have < WIDEN_SHARE * g)
			to = a;
		if (ai->tag == T_BODY || ai->tag == T_MAIN)
			break;   /* <main> is the page's own word on where the content ends */
	}
	if (!to)
		return;
	debug_node(c, "widen", to);
	c->parts[0] = to;
	c->nparts = 1;
}

/* ---- repeated items ------------------------------------------------------------------ */

/* An element's look: its tag and class string. */
static uint64_t item_sig(const xmlNode *n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = n->name; p && *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h ^= '/';
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, "class")) {
			for (const unsigned char *p = (const unsigned char *)attr_text(a); *p; p++)
				h = (h ^ *p) * 0x100000001b3ull;
			break;
		}
	return h;
}

/* The number of element children of n that look like the most common one (majority vote,
 * then a count), how many element children there are, and the first of the look-alikes. */
static size_t item_run(const xmlNode *n, size_t *kids, const xmlNode **first)
{
	uint64_t cand = 0;
	size_t votes = 0, k = 0, same = 0;
	for (const xmlNode *ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		uint64_t h = item_sig(ch);
		k++;
		if (!votes)
			cand = h, votes = 1;
		else
			votes += h == cand ? 1 : (size_t)-1;
	}
	*first = NULL;
	for (const xmlNode *ch = n->children; ch && k; ch = ch->next)
		if (ch->type == XML_ELEMENT_NODE && item_sig(ch) == cand && !same++)
			*first = ch;
	*kids = k;
	return same;
}

/* Whether a chosen part inside it holds a quarter of its text: then it is the page's
 * frame around an article, not a list the chosen part is one card of. */
static bool holds_part(struct content *c, const struct ninfo *region)
{
	for (size_t i = 0; i < c->nparts; i++) {
		const struct ninfo *pi = NI(c, c->parts[i]);
		if (pi->tag != T_BODY && is_ancestor(region->node, c->parts[i]) &&
		    4 * pi->text >= region->text)
			return true;
	}
	return false;
}

/* Listings, category grids and product lists are made of repeated cards whose text is
 * mostly links, which the article rules throw away. When what was chosen holds little of
 * the page, the largest block of at least ITEMS_MIN children that look alike (same tag and
 * class, three in four of them), with cards of some substance (not a menu), outside chrome
 * and junk, not all links, and holding ITEMS_OVER times the chosen text, becomes the
 * content; the link rules do not apply inside it. */
static void repeated_items(struct content *c)
{
	float have = 0;
	for (size_t i = 0; i < c->nparts; i++)
		have += good_text(NI(c, c->parts[i]));
	struct ninfo *best = NULL;
	for (size_t i = 0; i < c->n; i++) {
		struct ninfo *ni = &c->ni[i];
		if ((float)ni->text < ITEMS_OVER * have || ni->text < 200 || (best && ni->text <= best->text) ||
		    (ni->flags & (NI_INJUNK | NI_HIDE)) || is_chrome(ni) || in_chrome(c, ni->node))
			continue;
		const xmlNode *one;
		size_t kids, same = item_run(ni->node, &kids, &one);
		const struct ninfo *oi = NI(c, one);
		if (oi && (oi->tag == T_P || oi->tag == T_BR))
			continue;   /* paragraphs: an article (or a quote), not a list of items */
		if (same < ITEMS_MIN || same * 4 < kids * 3 || ni->text / same < 30 || ni->neg ||
		    (c->lenient && link_density(ni) > ITEMS_MAX_LINKS) || holds_part(c, ni))
			continue;
		best = ni;
	}
	if (!best)
		return;
	debug_node(c, "items", best->node);
	c->parts[0] = best->node;
	c->nparts = 1;
	c->items = best->node;
}

static xmlNode *find_body(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && tag_is(n, "body"))
			return n;
	return root;
}

#define LANDMARK_SHARE knob("LS", 0.4f)

static float shown_text(const struct ninfo *ni)
{
	return ni->text > ni->junk ? (float)(ni->text - ni->junk) : 0;
}

/* When the page has one landmark (<main>, role=main) and what was chosen lies beside it
 * (not around it) holding under LANDMARK_SHARE of the landmark's text outside junk and
 * chrome, the landmark is the content (clean() still hides its chrome and junk); in the
 * retries (the strict pass found little on a page with text), also when the pick lies
 * inside it. A listing of link-dense cards or a list page of links has no block that wins
 * alone, and the pick is a block outside the landmark (a footer's blurb, a cookie notice, a
 * topics menu) or, in the retries, a corner of it (a "most read" box, a hatnote); the
 * page's own word on where its content is wins, however much of the page a mega-menu
 * outside it holds. (In the strict pass a pick inside the landmark is often the article
 * the landmark frames with rails and teasers.) */
static void landmark_region(struct content *c)
{
	const struct ninfo *li = c->landmark ? NI(c, c->landmark) : NULL;
	if (!li || c->nlandmarks != 1 || (li->flags & (NI_INJUNK | NI_HIDE)))
		return;
	float have = 0;
	for (size_t i = 0; i < c->nparts; i++) {
		if (c->parts[i] == c->landmark || is_ancestor(c->parts[i], c->landmark) ||
		    (!c->lenient && is_ancestor(c->landmark, c->parts[i])))
			return;
		have += shown_text(NI(c, c->parts[i]));
	}
	if (have >= LANDMARK_SHARE * shown_text(li))
		return;
	debug_node(c, "landmark", c->landmark);
	c->parts[0] = c->landmark;
	c->nparts = 1;
}

/* EXTRACT_DEBUG=1 in the environment prints the decisions to stderr (for tuning). */
static void debug_node(const struct content *c, const char *what, xmlNode *n)
{
	static int on = -1;
	if (on < 0)
		on = getenv("EXTRACT_DEBUG") != NULL;
	if (!on || !n)
		return;
	const struct ninfo *ni = n->_private ? &c->ni[(uintptr_t)n->_private - 1] : NULL;
	xmlChar *cl = xmlGetProp(n, (const xmlChar *)"class"), *id = xmlGetProp(n, (const xmlChar *)"id");
	fprintf(stderr, "%s: <%s class=\"%.60s\" id=\"%.30s\"> text=%u link=%u score=%.1f final=%.1f flags=%x\n",
		what, (const char *)n->name, cl ? (const char *)cl : "", id ? (const char *)id : "",
		ni ? ni->text : 0, ni ? ni->link : 0, ni ? ni->score : 0, ni ? final_score(ni) : 0,
		ni ? ni->flags : 0);
	xmlFree(cl);
	xmlFree(id);
}

/* ---- pass 2: cleaning inside the content -------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
	return a && b && !str_casecmp(a, b);
}

#define SECT_SHARE knob("SS", 0.5f)

/* A heading such as "You may also like" or "Related articles" opens a block of teasers: the
 * largest element the heading begins (no text before it at any level) that holds under
 * SECT_SHARE of the part's text is that block, and it is hidden alone; the rest of the page
 * stays (a shop puts its recommendations before the description as often as after). */
static bool text_before(struct content *c, xmlNode *n)
{
	for (xmlNode *s = n->prev; s; s = s->prev) {
		if (s->type == XML_TEXT_NODE && s->content)
			for (const xmlChar *t = s->content; *t; t++)
				if (!ascii_isspace(*t))
					return true;
		struct ninfo *si = NI(c, s);
		if (si && si->text && !(si->flags & NI_HIDE))
			return true;
	}
	return false;
}

static void hide_section(struct content *c, struct ninfo *h)
{
	struct ninfo *sect = NULL;
	for (xmlNode *n = h->node; n && n != c->part && !text_before(c, n); n = n->parent) {
		struct ninfo *pi = NI(c, n->parent);
		if (!pi || n->parent == c->part || (float)pi->text >= SECT_SHARE * (float)c->part_text)
			break;
		sect = pi;
	}
	if (sect)
		sect->flags |= NI_HIDE;
}

#define REPEAT_MIN knob("RM", 100)   /* non-space bytes: about 20 words */

/* A block of blocks (or a quote) whose text, REPEAT_MIN bytes or more, is the text of one
 * already kept is a copy: a product description written out twice for two screen sizes, a
 * post quoted whole in a reply, a section repeated by a carousel. It is not kept twice.
 * Single paragraphs are not judged (a recipe or a meal plan repeats its lines on purpose). */
static bool repeats_kept(struct content *c, const struct ninfo *ni)
{
	if (!(ni->flags & NI_BLOCK) || (float)ni->text < REPEAT_MIN ||
	    !((ni->flags & NI_BLOCKDESC) || ni->tag == T_BLOCKQUOTE))
		return false;
	if (!c->seen)
		c->seen = xcalloc(CONTENT_SEEN, sizeof *c->seen);
	uint64_t h = (ni->th ^ ((uint64_t)ni->text << 40)) | 1;   /* 0 marks a free slot */
	size_t i = (size_t)(h ^ (h >> 29)) & (CONTENT_SEEN - 1);
	for (size_t probe = 0; probe < CONTENT_SEEN; probe++, i = (i + 1) & (CONTENT_SEEN - 1)) {
		if (!c->seen[i].hash) {
			if (c->nseen * 2 < CONTENT_SEEN) {   /* full: remember no more */
				c->seen[i].hash = h;
				c->seen[i].node = ni->node;
				c->nseen++;
			}
			return false;
		}
		/* a wrapper and its only child have the same text: nesting, not a copy */
		if (c->seen[i].hash == h)
			return !is_ancestor(c->seen[i].node, ni->node);
	}
	return false;
}

#define MID_PROSE knob("MP", 0.5f)

/* The prose after n inside the part: its following siblings' and each ancestor's, up to the
 * part. */
static float prose_after(struct content *c, xmlNode *n)
{
	float after = 0;
	for (; n && n != c->part; n = n->parent)
		for (xmlNode *s = n->next; s; s = s->next) {
			struct ninfo *si = NI(c, s);
			if (si && !(si->flags & (NI_HIDE | NI_JUNK)))
				after += si->prose;
		}
	return after;
}

/* "Related" or "Recommended" over a one-line promo in the middle of an article, with the
 * article's own paragraphs going on after it (half the part's prose), is an
 * aside, not the article's end: the marker line goes and the text goes on. Markers that
 * open a comment thread or an author box do end it (a thread is prose too). */
static bool marker_mid_article(struct content *c, xmlNode *n, const char *t)
{
	if (render_icontains(t, "comment") || render_icontains(t, "author") ||
	    render_icontains(t, "avatar") || render_icontains(t, "sign up"))
		return false;
	return c->part_prose > 0 && prose_after(c, n) >= MID_PROSE * c->part_prose;
}

/* A <time> element is a machine-readable date stamp: a post's "Published <time>", an
 * "Updated" line, a card's or a comment's date. The reader finds the date in the metadata
 * (meta.c reads these elements), so a short line holding one is furniture. Inside a longer
 * line it stays: cutting it out of a sentence ("the summit on <time>June 4</time> ended")
 * would change what the sentence says. */
static bool is_time(xmlNode *n)
{
	return n->name[0] == 't' && tag_is(n, "time");
}

/* Whether a short line holds a <time> (to depth 4): "Posted on <time>...</time> by Ann". */
static bool holds_time(xmlNode *n, int depth)
{
	for (xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE &&
		    (is_time(k) || (depth < 4 && holds_time(k, depth + 1))))
			return true;
	return false;
}

/* What the line classifier says about a short leaf block. */
static void clean_leaf(struct content *c, struct ninfo *ni)
{
	if (ni->text > 400) {
		c->words_seen += ni->text / 6;
		return;
	}
	char *t = meta_node_text(ni->node, 2048);
	struct line_stats st;
	enum line_kind k = lines_classify_stats(t, &st);
	bool reco = ni->tag == T_HEADING && st.words <= 10 && lines_is_reco(t);
	if (ni->tag == T_HEADING && ((k == LINE_END && c->words_seen < 50) || reco)) {
		/* before the body, or over other products: the block it heads goes, not the rest */
		hide_section(c, ni);
		ni->flags |= NI_HIDE;
	} else if (k == LINE_END && c->words_seen >= 50) {
		if (!marker_mid_article(c, ni->node, t))
			c->cut = true;
		ni->flags |= NI_HIDE;
	} else if (k == LINE_BOILER || k == LINE_CREDIT || k == LINE_PLACEHOLDER) {
		ni->flags |= NI_HIDE;
	} else if (same_text(t, c->title) && c->words_seen < 50) {
		ni->flags |= NI_HIDE;
	} else if (str_istartswith(t, "by ") && st.words <= 8 && c->words_seen < 50) {
		ni->flags |= NI_HIDE;
	} else if (st.words <= 8 && holds_time(ni->node, 0)) {
		ni->flags |= NI_HIDE;   /* a date line: "Updated on <time>" */
	} else {
		c->words_seen += st.words;
	}
	free(t);
}

/* A list whose items are linked headlines each followed by a sentence of their own ("10
 * things in tech": the headline links to the story, the rest of the item tells it) is the
 * article, not a menu of links: three in four of at least three items hold ANNOT_MIN bytes
 * of text outside links. */
#define ANNOT_MIN knob("AM", 30)
static bool annotated_list(struct content *c, const struct ninfo *ni)
{
	unsigned items = 0, told = 0;
	for (xmlNode *ch = ni->node->children; ch; ch = ch->next) {
		const struct ninfo *li = NI(c, ch);
		if (!li || li->tag != T_LI)
			continue;
		items++;
		told += li->text - li->link >= ANNOT_MIN;
	}
	return items >= 3 && told * 4 >= items * 3;
}

/* A run of teasers that widening or a sibling brought into the content is other stories;
 * inside the best candidate it may be what the page is (a category page's intro and the
 * excerpts of its items), and so in a chosen list of items. */
static bool teasers_hidden(struct content *c, const struct ninfo *ni)
{
	if (!(ni->flags & NI_TEASERS) || c->items || ni->node == c->best ||
	    is_ancestor(c->best, ni->node))
		return false;
	debug_node(c, "hide-teasers", ni->node);
	return true;
}

/* Whether another <article> sits beside n under the same parent (within 16 nodes either
 * way: cards come in a row, and a long row must not make this quadratic). */
static bool is_article(struct content *c, xmlNode *n)
{
	const struct ninfo *ni = NI(c, n);
	return ni && ni->tag == T_ARTICLE;
}

static bool article_sibling(struct content *c, xmlNode *n)
{
	int k = 0;
	for (xmlNode *s = n->prev; s && k < 16; s = s->prev, k++)
		if (is_article(c, s))
			return true;
	k = 0;
	for (xmlNode *s = n->next; s && k < 16; s = s->next, k++)
		if (is_article(c, s))
			return true;
	return false;
}

/* An <article> inside another one, within the part being cleaned, beside other <article>s
 * and holding under half of the part's text, is a story of its own: a related post's card
 * (HTML's nested article). A lone nested <article> is the body of its post (a forum's
 * message > message-body) and stays. Not inside a chosen list of items. */
static bool nested_article(struct content *c, const struct ninfo *ni)
{
	if (ni->tag != T_ARTICLE || ni->node == c->part || c->items ||
	    2 * ni->text >= c->part_text || !article_sibling(c, ni->node))
		return false;
	for (xmlNode *a = ni->node->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
		const struct ninfo *ai = NI(c, a);
		if (ai && ai->tag == T_ARTICLE) {
			debug_node(c, "hide-nested", ni->node);
			return true;
		}
		if (a == c->part)
			break;
	}
	return false;
}

/* A wrapper whose one visible child is a <blockquote>: an embedded post (a tweet, an
 * Instagram caption) the article quotes, though its class says "social" or "embed"; a
 * share bar or a widget holds buttons and links, not a quotation. */
static bool quoted_post(struct content *c, xmlNode *n)
{
	int kids = 0, quotes = 0;
	for (xmlNode *ch = n->children; ch && kids < 4; ch = ch->next) {
		const struct ninfo *ci = NI(c, ch);
		if (ch->type == XML_TEXT_NODE && ch->content) {
			for (const xmlChar *t = ch->content; *t; t++)
				if (!ascii_isspace(*t)) {
					kids++;
					break;
				}
			continue;
		}
		if (!ci || (ci->flags & NI_HIDE) || (!ci->text && ci->tag != T_BLOCKQUOTE))
			continue;
		kids++;
		quotes += ci->tag == T_BLOCKQUOTE && ci->text > 0;
	}
	return kids == 1 && quotes == 1;
}

/* A table row of three or more cells is data (a ranking, a list of laureates with a name
 * linked to its page in each row, a link aggregator's table of stories): neither it nor
 * its cells are a menu for being linked. A table of links as a whole is still judged (a
 * small one is a menu laid out as a table). */
static bool data_row(struct content *c, xmlNode *tr)
{
	if (!tr || tr->type != XML_ELEMENT_NODE || !tag_is(tr, "tr"))
		return false;
	int cells = 0;
	for (xmlNode *ch = tr->children; ch && cells < 3; ch = ch->next) {
		const struct ninfo *ci = NI(c, ch);
		cells += ci && (ci->tag == T_TD || ci->tag == T_TH);
	}
	return cells >= 3;
}

#define WEAK_PROSE knob("WP", 13)   /* about four paragraphs' leaf scores */
static bool clean_enter(void *st, xmlNode *n)
{
	struct content *c = st;
	struct ninfo *ni = NI(c, n);
	if (!ni)
		return false;
	if (c->cut)
		ni->flags |= NI_HIDE;
	if ((ni->flags & NI_JUNK) && !(ni->flags & (NI_HIDE | NI_CONSENT | NI_REVIEWS)) &&
	    ni->prose > 0 && ni->prose >= 0.5f * c->part_prose) {
		debug_node(c, "junk-kept", n);
		ni->flags &= (uint32_t)~NI_JUNK;
	}
	/* one class word ("hidden" on a collapsed accordion panel, "more" or "date" in an id,
	 * "disclaimer", "promo" on a service page's block) against several paragraphs of
	 * prose: the prose wins */
	if ((ni->flags & NI_WEAK) && !(ni->flags & (NI_HIDE | NI_CONSENT)) &&
	    ni->prose >= WEAK_PROSE && link_density(ni) < 0.3f) {
		debug_node(c, "weak-kept", n);
		ni->flags &= (uint32_t)~NI_JUNK;
	}
	if ((ni->flags & NI_JUNK) && !(ni->flags & (NI_HIDE | NI_CONSENT)) && ni->cneg == 0 &&
	    quoted_post(c, n)) {
		debug_node(c, "quote-kept", n);
		ni->flags &= (uint32_t)~NI_JUNK;
	}
	if (ni->flags & (NI_HIDE | NI_JUNK)) {
		if (ni->text > 100)
			debug_node(c, "hide-junk", n);
		ni->flags |= NI_HIDE;
		return false;
	}
	if ((ni->flags & NI_SRONLY) || is_chrome(ni) || teasers_hidden(c, ni) || nested_article(c, ni)) {
		ni->flags |= NI_HIDE;
		return false;
	}
	float ld = c->keep_links || (c->items && (n == c->items || is_ancestor(c->items, n)))
			   ? 0 : link_density(ni);
	bool list = ni->tag == T_UL || ni->tag == T_OL || ni->tag == T_DL;
	if ((ni->flags & NI_BLOCKDESC) && !(ni->flags & NI_STRONG) &&
	    ((ld > 0.5f && ni->text < 3000) || (list && ld > 0.35f && !annotated_list(c, ni))) &&
	    !data_row(c, n)) {
		debug_node(c, "hide-links", n);
		ni->flags |= NI_HIDE;
		return false;
	}
	if (repeats_kept(c, ni)) {
		debug_node(c, "hide-repeat", n);
		ni->flags |= NI_HIDE;
		return false;
	}
	if ((ni->flags & NI_BLOCK) && !(ni->flags & NI_BLOCKDESC)) {
		if (ld > 0.65f && ni->tag != T_HEADING &&
		    !((ni->tag == T_TD || ni->tag == T_TH) && data_row(c, n->parent))) {
			ni->flags |= NI_HIDE;
			return false;
		}
		if (ni->tag == T_TD || ni->tag == T_TH)
			return true;   /* table cells are data, not lines of prose */
		clean_leaf(c, ni);
		return !(ni->flags & NI_HIDE);
	}
	return true;
}

static void clean_leave(void *st, xmlNode *n)
{
	(void)st;
	(void)n;
}

static void clean(struct content *c)
{
	static const struct render_walk_ops ops = {clean_enter, clean_leave};
	for (size_t i = 0; i < c->nparts; i++) {
		xmlNode *p = c->parts[i];
		struct ninfo *ni = NI(c, p);
		c->part_prose = ni->prose;
		c->part = p;
		c->part_text = ni->text;
		if (c->cut)
			ni->flags |= NI_HIDE;
		if ((ni->flags & NI_BLOCK) && !(ni->flags & NI_BLOCKDESC))
			clean_leaf(c, ni);
		else
			render_walk(p, &ops, c);
	}
}

/* ---- public -------------------------------------------------------------------------------- */

void content_find(struct content *c, xmlDoc *doc, const char *title, unsigned mode)
{
	static const struct render_walk_ops ops = {score_enter, score_leave};
	pthread_once(&hint_once, hint_init);
	memset(c, 0, sizeof *c);
	c->doc = doc;
	c->title = title;
	c->lenient = (mode & CONTENT_LENIENT) != 0;
	c->keep_links = (mode & CONTENT_KEEP_LINKS) != 0;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return;
	ni_new(c, root);
	render_walk(root, &ops, c);
	posts_rescue(c);
	score_all(c);
	xmlNode *best = pick_top(c);
	if (!best)
		best = find_body(doc);
	if (!best)
		return;
	debug_node(c, "best", best);
	c->best = best;
	gather(c, best);
	widen(c);
	repeated_items(c);
	landmark_region(c);
	for (size_t i = 0; i < c->nparts; i++)
		debug_node(c, "part", c->parts[i]);
	clean(c);
}

size_t content_page_text(const struct content *c)
{
	return c->n ? c->ni[0].text : 0;
}

bool content_keep(void *ctx, xmlNode *n)
{
	struct content *c = ctx;
	struct ninfo *ni = NI(c, n);
	return !ni || !(ni->flags & NI_HIDE);
}

void content_release(struct content *c)
{
	for (size_t i = 0; i < c->n; i++)
		c->ni[i].node->_private = NULL;
	free(c->ni);
	c->ni = NULL;
	free(c->seen);
	c->seen = NULL;
	c->nseen = 0;
	c->n = c->cap = 0;
}
