/*
 * url.c — normalization is what makes "the same entry fetched twice" and "the same article
 * in two feeds" comparable, so it is conservative: only changes that cannot change which
 * document a server returns (case of scheme/host, default port, fragment, tracking tags).
 */
#include "util/url.h"
#include "util/buf.h"
#include "util/util.h"

#include <stdlib.h>

#include <curl/curl.h>
#include <string.h>

static bool tracking_param(const char *kv)
{
	static const char *const exact[] = { "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
		"yclid", "igshid", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "ncid", "sr_share" };
	size_t klen = strcspn(kv, "=");
	if (klen > 4 && str_ncasecmp(kv, "utm_", 4) == 0)
		return true;
	for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
		if (strlen(exact[i]) == klen && str_ncasecmp(kv, exact[i], klen) == 0)
			return true;
	return false;
}

static char *clean_query(const char *q)
{
	struct buf b = BUF_INIT(0);
	const char *p = q;
	while (*p) {
		size_t n = strcspn(p, "&");
		char *kv = xstrndup(p, n);
		if (n && !tracking_param(kv)) {
			if (b.len)
				buf_putc(&b, '&');
			buf_append(&b, p, n);
		}
		free(kv);
		p += n;
		if (*p == '&')
			p++;
	}
	return b.len ? buf_detach(&b, NULL) : (buf_release(&b), NULL);
}

static void lower(char *s)
{
	for (; s && *s; s++)
		*s = (char)ascii_tolower((unsigned char)*s);
}

char *url_normalize(const char *url)
{
	CURLU *h = curl_url();
	char *out = NULL, *query = NULL, *host = NULL, *cleaned = NULL;
	if (!h || curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		lower(host);
		curl_url_set(h, CURLUPART_HOST, host, 0);
	}
	if (curl_url_get(h, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
		cleaned = clean_query(query);
		curl_url_set(h, CURLUPART_QUERY, cleaned, 0);
	}
	{
		char *tmp = NULL;
		if (curl_url_get(h, CURLUPART_URL, &tmp, CURLU_NO_DEFAULT_PORT) == CURLUE_OK) {
			out = xstrdup(tmp);
			curl_free(tmp);
		}
	}
out:
	curl_free(host);
	curl_free(query);
	free(cleaned);
	curl_url_cleanup(h);
	return out;
}

char *url_resolve(const char *base, const char *ref)
{
	CURLU *h = curl_url();
	char *out = NULL, *tmp = NULL;
	if (!h || !ref)
		goto out;
	if (base && *base && curl_url_set(h, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (curl_url_set(h, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (curl_url_get(h, CURLUPART_URL, &tmp, 0) == CURLUE_OK)
		out = xstrdup(tmp);
out:
	curl_free(tmp);
	curl_url_cleanup(h);
	return out;
}

bool url_scheme_ok(const char *url)
{
	return str_istartswith(url, "http://") || str_istartswith(url, "https://") ||
	       str_istartswith(url, "file://");
}

char *url_host(const char *url)
{
	CURLU *h = curl_url();
	char *host = NULL, *out = NULL;
	if (h && curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		out = xstrdup(host);
		lower(out);
	}
	curl_free(host);
	curl_url_cleanup(h);
	return out;
}
