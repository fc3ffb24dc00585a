/* test_htmlent.c — htmlent_lookup against libxml2's htmlEntityLookup, which it replaces
 * in the feed pre-pass: every name it knows, each with its case changed, cut short and
 * extended by a letter, and names that are close to real ones. */
#include "t.h"
#include "parse/htmlent.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>

static unsigned libxml_cp(const char *name)
{
	const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
	return d ? d->value : 0;
}

/* The HTML 4.01 names (what libxml2's table is) and "apos". */
static const char *const names[] = {
	"AElig", "Aacute", "Acirc", "Agrave", "Alpha", "Aring", "Atilde", "Auml", "Beta", "Ccedil",
	"Chi", "Dagger", "Delta", "ETH", "Eacute", "Ecirc", "Egrave", "Epsilon", "Eta", "Euml",
	"Gamma", "Iacute", "Icirc", "Igrave", "Iota", "Iuml", "Kappa", "Lambda", "Mu", "Ntilde",
	"Nu", "OElig", "Oacute", "Ocirc", "Ograve", "Omega", "Omicron", "Oslash", "Otilde",
	"Ouml", "Phi", "Pi", "Prime", "Psi", "Rho", "Scaron", "Sigma", "THORN", "Tau", "Theta",
	"Uacute", "Ucirc", "Ugrave", "Upsilon", "Uuml", "Xi", "Yacute", "Yuml", "Zeta", "aacute",
	"acirc", "acute", "aelig", "agrave", "alefsym", "alpha", "amp", "and", "ang", "apos",
	"aring", "asymp", "atilde", "auml", "bdquo", "beta", "brvbar", "bull", "cap", "ccedil",
	"cedil", "cent", "chi", "circ", "clubs", "cong", "copy", "crarr", "cup", "curren", "dArr",
	"dagger", "darr", "deg", "delta", "diams", "divide", "eacute", "ecirc", "egrave", "empty",
	"emsp", "ensp", "epsilon", "equiv", "eta", "eth", "euml", "euro", "exist", "fnof",
	"forall", "frac12", "frac14", "frac34", "frasl", "gamma", "ge", "gt", "hArr", "harr",
	"hearts", "hellip", "iacute", "icirc", "iexcl", "igrave", "image", "infin", "int", "iota",
	"iquest", "isin", "iuml", "kappa", "lArr", "lambda", "lang", "laquo", "larr", "lceil",
	"ldquo", "le", "lfloor", "lowast", "loz", "lrm", "lsaquo", "lsquo", "lt", "macr", "mdash",
	"micro", "middot", "minus", "mu", "nabla", "nbsp", "ndash", "ne", "ni", "not", "notin",
	"nsub", "ntilde", "nu", "oacute", "ocirc", "oelig", "ograve", "oline", "omega", "omicron",
	"oplus", "or", "ordf", "ordm", "oslash", "otilde", "otimes", "ouml", "para", "part",
	"permil", "perp", "phi", "pi", "piv", "plusmn", "pound", "prime", "prod", "prop", "psi",
	"quot", "rArr", "radic", "rang", "raquo", "rarr", "rceil", "rdquo", "real", "reg",
	"rfloor", "rho", "rlm", "rsaquo", "rsquo", "sbquo", "scaron", "sdot", "sect", "shy",
	"sigma", "sigmaf", "sim", "spades", "sub", "sube", "sum", "sup", "sup1", "sup2", "sup3",
	"supe", "szlig", "tau", "there4", "theta", "thetasym", "thinsp", "thorn", "tilde", "times",
	"trade", "uArr", "uacute", "uarr", "ucirc", "ugrave", "uml", "upsih", "upsilon", "uuml",
	"weierp", "xi", "yacute", "yen", "yuml", "zeta", "zwj", "zwnj",
};

static int same(const char *name, int *shown)
{
	unsigned want = libxml_cp(name), got = htmlent_lookup(name);
	if (want == got)
		return 1;
	if ((*shown)++ < 5)
		printf("  \"%s\": htmlEntityLookup %u, htmlent_lookup %u\n", name, want, got);
	return 0;
}

static void every_name_and_its_neighbours(void)
{
	int shown = 0, bad = 0, known = 0;
	char v[32];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *n = names[i];
		size_t len = strlen(n);
		known += htmlent_lookup(n) != 0;
		bad += !same(n, &shown);
		for (size_t k = 0; k < len; k++) {   /* one letter's case flipped */
			memcpy(v, n, len + 1);
			v[k] = (char)(isupper((unsigned char)v[k]) ? tolower((unsigned char)v[k])
								   : toupper((unsigned char)v[k]));
			bad += !same(v, &shown);
		}
		memcpy(v, n, len - 1);   /* cut short */
		v[len - 1] = '\0';
		bad += !same(v, &shown);
		memcpy(v, n, len);   /* one letter more */
		v[len] = 'x', v[len + 1] = '\0';
		bad += !same(v, &shown);
	}
	T_CHECK(known == (int)(sizeof names / sizeof *names));
	T_CHECK(bad == 0);
	T_CHECK(htmlent_lookup("") == 0 && same("", &shown));
	T_CHECK(htmlent_lookup("nbsp") == 0xa0 && htmlent_lookup("euro") == 0x20ac);
}

/* Every name of up to 3 lower-case letters or digits (most short entities live there). */
static void every_short_name(void)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	int shown = 0, bad = 0;
	size_t k = sizeof al - 1;
	char v[4];
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b <= k; b++)
			for (size_t c = 0; c <= k; c++) {
				v[0] = al[a], v[1] = b < k ? al[b] : '\0', v[2] = c < k ? al[c] : '\0';
				v[3] = '\0';
				if (!v[1] && v[2])
					continue;
				bad += !same(v, &shown);
			}
	T_CHECK(bad == 0);
}

int main(void)
{
	xmlInitParser();
	T_RUN(every_name_and_its_neighbours);
	T_RUN(every_short_name);
	xmlCleanupParser();
	return t_done();
}
