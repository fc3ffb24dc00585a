/* fuzz_feed.c — libFuzzer target for the feed parser: any bytes, with and without an HTTP
 * charset, must parse or fail cleanly, and whatever parses must serialize to JSON; the
 * streaming printer (feed_parse_print) must print exactly what feed_print_json prints, and
 * the text writer exactly what jansson dumps of feed_to_json; and whenever the fast XML
 * path (xmltok.c) parses a document, the libxml2 path must give the same JSON. */
#include "parse/feed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct feed_parse_opts o = { .url = "http://fuzz.example/feed/", .max_entries = 1000 };
	struct feed *f = NULL;
	char *err = NULL;
	if (!inited) {
		feed_global_init();
		inited = 1;
	}
	/* The first byte picks the HTTP charset label so the decoder paths get exercised. */
	if (size > 0) {
		static const char *const ct[] = { NULL, "application/rss+xml", "text/xml",
						  "text/xml; charset=iso-8859-1",
						  "application/atom+xml; charset=utf-16",
						  "text/plain; charset=shift_jis",
						  "application/xml; charset=windows-1252",
						  "application/xml; charset=utf-16le",
						  "application/xml; charset=utf-32be" };
		o.content_type = ct[data[0] % (sizeof ct / sizeof *ct)];
	}
	if (feed_parse((const char *)data, size, &o, &f, &err) == 0) {
		static const char *const ek[] = { "id", "link", "title", "authors", "published",
						   "updated", "summary", "content", "categories",
						   "enclosures" };
		json_t *j = feed_to_json(f), *e;
		char *s = json_dumps(j, JSON_COMPACT), *w = feed_json_dumps(f);
		char *printed = NULL, *streamed = NULL, *err2 = NULL;
		size_t i, np = 0, ns = 0;
		FILE *fp;
		if (!s || !w || strcmp(s, w))
			abort();   /* the writer must write what jansson dumps */
		free(w);
		if ((fp = open_memstream(&printed, &np))) {
			feed_print_json(f, fp);
			fclose(fp);
		}
		if ((fp = open_memstream(&streamed, &ns))) {
			if (feed_parse_print((const char *)data, size, &o, fp, &err2) < 0)
				abort();   /* parsed once, must parse again */
			fclose(fp);
		}
		if (!printed || !streamed || strcmp(printed, streamed))
			abort();
		free(printed);
		free(streamed);
		/* The shape is a contract: every required key, whatever the input. */
		if (!s || !json_object_get(j, "format") || !json_object_get(j, "bozo") ||
		    !json_object_get(j, "feed") || !json_object_get(json_object_get(j, "feed"), "title"))
			abort();
		json_array_foreach(json_object_get(j, "entries"), i, e)
			for (size_t k = 0; k < sizeof ek / sizeof *ek; k++)
				if (!json_object_get(e, ek[k]))
					abort();
		free(s);
		json_decref(j);
		feed_free(f);
	} else {
		free(err);
	}
	{
		struct feed_parse_opts fo = o, lo = o;
		struct feed *ff = NULL, *lf = NULL;
		char *fe = NULL, *le = NULL;
		fo.xml_path = FEED_XML_FAST;
		lo.xml_path = FEED_XML_LIBXML2;
		if (feed_parse((const char *)data, size, &fo, &ff, &fe) == 0) {
			char *a, *b;
			if (feed_parse((const char *)data, size, &lo, &lf, &le) < 0)
				abort();   /* the fast path took what libxml2 refuses */
			a = feed_json_dumps(ff);
			b = feed_json_dumps(lf);
			if (strcmp(a, b))
				abort();   /* two paths, two answers */
			free(a);
			free(b);
			feed_free(lf);
			feed_free(ff);
		}
		free(fe);
		free(le);
	}
	(void)feed_sniff((const char *)data, size);
	return 0;
}
