/*
 * lang.c — stop-word lists (short, the most frequent function words of each language: enough
 * to detect the language and to keep them out of TF-IDF), a hash set from word to the bit
 * mask of languages that list it, and a lazily created libstemmer handle per language.
 */
#include "text/lang.h"
#include "util/util.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const lang_codes[TEXT_LANG_COUNT] = {
	"", "en", "fr", "de", "es", "it", "pt", "nl", "sv", "ru"
};
static const char *const lang_stemmers[TEXT_LANG_COUNT] = {
	NULL, "english", "french", "german", "spanish", "italian", "portuguese", "dutch",
	"swedish", "russian"
};
static const char *const lang_stops[TEXT_LANG_COUNT] = {
	"",
	/* en */
	"a about above after again against all am an and any are as at be because been before "
	"being below between both but by can could did do does doing down during each few for "
	"from further had has have having he her here hers herself him himself his how i if in "
	"into is it its itself just me more most my myself no nor not now of off on once only or "
	"other our ours ourselves out over own same she should so some such than that the their "
	"theirs them themselves then there these they this those through to too under until up "
	"very was we were what when where which while who whom why will with would you your "
	"yours yourself also may might must shall us new over via amid its it's don't won't",
	/* fr */
	"au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me "
	"même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te "
	"tes toi ton tu un une vos votre vous est sont été être avoir ont fait cette cet plus "
	"comme après selon",
	/* de */
	"aber alle als also am an auch auf aus bei bin bis bist da damit dann der den des dem die "
	"das dass du er es ein eine einem einen einer eines für hat hatte ich ihr im in ist ja "
	"kann kein mit nach nicht noch nun nur ob oder sich sie sind so über um und uns unter vom "
	"von vor war waren was weil wenn wie wir wird wurde zu zum zur gegen",
	/* es */
	"al algo como con contra cual cuando de del desde donde el ella ellos en entre era es esa "
	"ese eso esta este esto estos fue ha han hay la las le les lo los más me mi muy no nos o "
	"para pero por que se sin sobre su sus también te tu un una uno y ya son está según",
	/* it */
	"a ad al alla alle agli ai anche che chi ci come con da dal dalla dei del della delle di "
	"e ed era è gli ha hanno il in io la le lei lo loro lui ma mi nei nel nella non per più "
	"quale quando questa questo se si sono su sua sue suo tra un una uno sul sulla dopo",
	/* pt */
	"a ao aos as com como da das de do dos e é ela ele eles em entre era essa esse esta este "
	"eu foi há isso já lhe mais mas me muito na nas não no nos o os ou para pela pelo por que "
	"se sem seu sua são também um uma você após segundo",
	/* nl */
	"aan al als bij dan dat de der die dit door een en er had heb heeft het hij hoe ik in is "
	"je kan maar me met mij na naar niet nog nu of om ons ook op over te tot u uit van veel "
	"voor was wat we wel werd wij worden zal ze zich zij zijn",
	/* sv */
	"alla att av blev bli de dem den denna deras dess det detta dig din dina du efter ej en "
	"er ett för från ha hade han hans har henne hennes hon honom hur i icke inte jag kan man "
	"med mig min mot mycket ni nu när och om oss på samma sedan sig sin sina sitt skulle som "
	"till under upp ut var vad vi vid vilken är än över",
	/* ru */
	"и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только "
	"ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть "
	"был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть "
	"надо ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под будет ж "
	"тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы",
};

#define STOP_SLOTS 2048        /* power of two, > 2x the number of distinct stop words */
#define STOP_FILTER_BITS 16384  /* 2 KB: most words that are not stop words end here */
#define STOP_MAXLEN 32          /* longer words are never stop words (the longest: 12 bytes) */
#define STOP_WORDS_MAX STOP_SLOTS

/* A slot is keyed by the word's length and its first 8 bytes (zero-padded), which decide
 * most words without a hash function or a string comparison; longer words compare the
 * rest. Lookups are exact. The table (32 KB) and the bit filter in front of it stay in the
 * first-level cache: this runs for every token of language detection and folding. */
struct stop_slot {
	uint64_t head;
	uint16_t mask;
	uint16_t word;   /* index into stop_words, for the bytes past the first 8 */
	uint8_t len;
};
static struct stop_slot stop_table[STOP_SLOTS];
static uint64_t stop_filter[STOP_FILTER_BITS / 64];
static const char *stop_words[STOP_WORDS_MAX];
static size_t stop_nwords;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

/* The first min(n, 8) bytes as an integer, built in registers (a variable-length memcpy
 * into a stack word stalls the load that follows it). */
static inline uint64_t word_head(const char *w, size_t n)
{
	uint64_t h = 0;
	size_t i;
	if (n >= 8) {
		memcpy(&h, w, 8);
		return h;
	}
	for (i = 0; i < n; i++)
		h |= (uint64_t)(unsigned char)w[i] << (8 * i);
	return h;
}

static inline uint64_t stop_hash(uint64_t head, size_t n)
{
	return (head ^ ((uint64_t)n << 59)) * 0x9e3779b97f4a7c15ULL;
}

static inline int slot_is(const struct stop_slot *s, uint64_t head, const char *w, size_t n)
{
	return s->len == n && s->head == head &&
	       (n <= 8 || memcmp(stop_words[s->word] + 8, w + 8, n - 8) == 0);
}

static void stop_insert(const char *w, size_t n, int lang)
{
	uint64_t head = w ? word_head(w, n) : 0, x = stop_hash(head, n);
	size_t i = (size_t)(x >> 53) & (STOP_SLOTS - 1), f = (size_t)(x >> 32) & (STOP_FILTER_BITS - 1);
	while (stop_table[i].len && !slot_is(&stop_table[i], head, w, n))
		i = (i + 1) & (STOP_SLOTS - 1);
	if (!stop_table[i].len) {
		if (stop_nwords >= STOP_WORDS_MAX / 2)
			return;   /* the lists are static: cannot happen, keeps the table half empty */
		stop_words[stop_nwords] = w;
		stop_table[i].word = (uint16_t)stop_nwords++;
	}
	stop_table[i].head = head;
	stop_table[i].len = (uint8_t)n;
	stop_table[i].mask |= (uint16_t)(1u << lang);
	stop_filter[f / 64] |= 1ULL << (f % 64);
}

static void stop_build(void)
{
	int l;
	for (l = 1; l < TEXT_LANG_COUNT; l++) {
		const char *p = lang_stops[l];
		while (*p) {
			const char *e = strchr(p, ' ');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n && n <= STOP_MAXLEN)
				stop_insert(p, n, l);
			p += n;
			while (*p == ' ')
				p++;
		}
	}
}

static unsigned stop_mask(const char *w, size_t n)
{
	uint64_t head, x;
	size_t i, f;
	if (n == 0 || n > STOP_MAXLEN)
		return 0;
	pthread_once(&stop_once, stop_build);
	head = word_head(w, n);
	x = stop_hash(head, n);
	f = (size_t)(x >> 32) & (STOP_FILTER_BITS - 1);
	if (!((stop_filter[f / 64] >> (f % 64)) & 1))
		return 0;
	i = (size_t)(x >> 53) & (STOP_SLOTS - 1);
	while (stop_table[i].len) {
		if (slot_is(&stop_table[i], head, w, n))
			return stop_table[i].mask;
		i = (i + 1) & (STOP_SLOTS - 1);
	}
	return 0;
}

int text_is_stop(int lang, const char *w, size_t n)
{
	if (lang <= TEXT_LANG_NONE || lang >= TEXT_LANG_COUNT)
		return text_is_stop_any(w, n);
	return (stop_mask(w, n) >> lang) & 1;
}

int text_is_stop_any(const char *w, size_t n)
{
	return stop_mask(w, n) != 0;
}

int text_lang_from_code(const char *code)
{
	int l;
	if (!code)
		return TEXT_LANG_NONE;
	for (l = 1; l < TEXT_LANG_COUNT; l++)
		if (str_ncasecmp(code, lang_codes[l], 2) == 0 &&
		    (code[2] == 0 || code[2] == '-' || code[2] == '_'))
			return l;
	return TEXT_LANG_NONE;
}

const char *text_lang_code(int lang)
{
	if (lang < 0 || lang >= TEXT_LANG_COUNT)
		return "";
	return lang_codes[lang];
}

int text_lang_detect(const struct text_tokens *t)
{
	unsigned hits[TEXT_LANG_COUNT] = { 0 };
	size_t i, n = t->n < 400 ? t->n : 400;
	int l, best = TEXT_LANG_NONE;
	for (i = 0; i < n; i++) {
		unsigned m = stop_mask(text_tok_str(t, i), t->tok[i].len);
		for (l = 1; m && l < TEXT_LANG_COUNT; l++)
			if ((m >> l) & 1)
				hits[l]++;
	}
	for (l = 1; l < TEXT_LANG_COUNT; l++)
		if (hits[l] > hits[best])
			best = l;
	if (best == TEXT_LANG_NONE || hits[best] < 2 || hits[best] * 20 < n)
		return TEXT_LANG_NONE;
	return best;
}

struct text_stemmer {
	struct sb_stemmer *sb[TEXT_LANG_COUNT];
	int failed[TEXT_LANG_COUNT];
};

struct text_stemmer *text_stemmer_new(void)
{
	return xcalloc(1, sizeof(struct text_stemmer));
}

void text_stemmer_free(struct text_stemmer *s)
{
	int l;
	if (!s)
		return;
	for (l = 0; l < TEXT_LANG_COUNT; l++)
		if (s->sb[l])
			sb_stemmer_delete(s->sb[l]);
	free(s);
}

const char *text_stem(struct text_stemmer *s, int lang, const char *w, size_t n, size_t *outlen)
{
	const sb_symbol *r;
	*outlen = n;
	if (lang <= TEXT_LANG_NONE || lang >= TEXT_LANG_COUNT || n < 3 || ascii_isdigit((unsigned char)w[0]))
		return w;
	if (!s->sb[lang] && !s->failed[lang]) {
		s->sb[lang] = sb_stemmer_new(lang_stemmers[lang], "UTF_8");
		s->failed[lang] = s->sb[lang] == NULL;
	}
	if (!s->sb[lang])
		return w;
	r = sb_stemmer_stem(s->sb[lang], (const sb_symbol *)w, (int)n);
	if (!r)
		return w;
	*outlen = (size_t)sb_stemmer_length(s->sb[lang]);
	return (const char *)r;
}
